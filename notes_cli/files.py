"""Files written so that a crash never leaves half of one, and locks: for notes and the index alike.

A file is replaced by writing a hidden temporary file beside it, flushing it to disk and
renaming it over the old one: a crash, a kill or a full disk leaves the old file or the new
one. The temporary file's name carries the writer's process id, so one left by a killed
writer is recognised and removed later (`remove_abandoned`).

A lock is an advisory `flock` on a file: a note's own file while it is rewritten, the cache's
`lock` file while the index is written. It goes with the process, however that ends.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import WriteFailed

TEMPORARY = ".tmp"
_TEMPORARY_NAME = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def atomic_write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` so that a crash leaves the old file or the new one, never half.

    With `exclusive`, an existing `path` is never replaced: FileExistsError. Any other failure
    is a WriteFailed naming the file, and the old file is left as it was.
    """
    try:
        replace_file(path, text.encode("utf-8"), exclusive=exclusive)
    except FileExistsError:
        raise
    except OSError as exc:
        raise WriteFailed(path, exc.strerror or str(exc)) from exc


def replace_file(path: Path, data: bytes, *, exclusive: bool = False, durable: bool = True) -> None:
    """Put `data` at `path` through a temporary file and a rename; OSError when that fails.

    `durable` flushes the file and its folder to disk before and after the rename: what a note
    needs. A cache that can be rebuilt may skip it.
    """
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(
        dir=folder, prefix=f".{path.name}.{os.getpid()}.", suffix=TEMPORARY
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # A temporary file is private (0600); the file gets the mode it had, or the one
            # the user's umask gives new files.
            try:
                mode = path.stat().st_mode & 0o7777
            except OSError:
                mode = _new_file_mode()
            os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if path exists: no check-then-write race
            tmp.unlink()
        else:
            os.replace(tmp, path)
        if durable:
            _fsync_folder(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_abandoned(paths: list[str]) -> None:
    """Remove temporary files left by writers that were killed (their process is gone)."""
    for path in paths:
        match = _TEMPORARY_NAME.match(os.path.basename(path))
        if not match:
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(path)
        except (PermissionError, OverflowError, ValueError):
            pass  # alive (someone else's) or not a process id: leave it


@contextlib.contextmanager
def locked(path: Path, *, timeout: float | None = None, create: bool = False) -> Iterator[bool]:
    """Hold an exclusive lock on the file at `path`, waiting for whoever holds it.

    Yields True once held, or False when another process kept it past `timeout` seconds
    (None: wait as long as it takes). With `create`, a missing file is created (a lock file);
    without, a missing file is FileNotFoundError (a note that disappeared). A file renamed over
    `path` while we waited (a note another writer replaced) is locked again, the new one.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks on this platform
        yield True
        return
    while True:
        with open(path, "a+b" if create else "rb") as handle:
            if not _flock(handle.fileno(), timeout):
                yield False
                return
            if os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino:
                try:
                    yield True
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
                return


def _flock(fd: int, timeout: float | None) -> bool:
    import fcntl

    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return True
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
