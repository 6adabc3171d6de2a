"""Files written so that a crash never leaves half of one, and locks: for notes and the index alike.

A file is replaced by writing a hidden temporary file beside it, flushing it to disk and
renaming it over the old one: a crash, a kill or a full disk leaves the old file or the new
one. The new file keeps the old one's owner, group and mode. The temporary file's name is one
only this tool makes (`.notes-write-<pid>-<random>.tmp`), so one left by a killed writer is
recognised and removed later (`remove_abandoned`), and no file of the user's ever is.

Files are read the same careful way (`read_bytes`): only regular files, never more than a
limit, so a named pipe, a device or a huge sparse file among the notes is named, not waited on
or loaded.

A lock is an advisory `flock` on a file: a note's own file while it is rewritten, the cache's
`lock` file while the index is written. It goes with the process, however that ends.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import WriteFailed
from .walk import TEMPORARY_PREFIX

TEMPORARY_SUFFIX = ".tmp"
# mkstemp's random part: 8 of [a-z0-9_].
_TEMPORARY_NAME = re.compile(r"^\.notes-write-(\d+)-[a-z0-9_]{8}\.tmp$")


def is_temporary(name: str) -> bool:
    """Whether a file name is one of this tool's temporary files."""
    return _TEMPORARY_NAME.match(name) is not None


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
    import tempfile  # only a command that writes pays for loading it

    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(
        dir=folder, prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-", suffix=TEMPORARY_SUFFIX
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # A temporary file is private (0600) and ours; the file gets the owner, group and
            # mode it had, or the mode the user's umask gives new files.
            try:
                old = path.stat()
            except OSError:
                os.fchmod(handle.fileno(), _new_file_mode())
            else:
                _keep_owner(handle.fileno(), old)
                os.fchmod(handle.fileno(), old.st_mode & 0o7777)
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


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group (before its mode: a chown clears the
    set-id bits). Root can; anyone else can keep a group they belong to, and nothing more."""
    if (old.st_uid, old.st_gid) == _owner(fd):
        return
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except (PermissionError, AttributeError):
            continue


def _owner(fd: int) -> tuple[int, int]:
    stat = os.fstat(fd)
    return stat.st_uid, stat.st_gid


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


def move_new(source: Path, target: Path) -> None:
    """Move `source` to `target`, never over a file there (FileExistsError): in one step where
    the system can rename without replacing (Linux's renameat2), so a kill leaves the file at
    one place or the other, never at both; elsewhere a hard link, then the old name removed."""
    rename = _renameat2()
    code = rename(os.fsencode(source), os.fsencode(target)) if rename else errno.ENOSYS
    if code == 0:
        return
    if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        raise OSError(code, os.strerror(code), os.fspath(target))  # FileExistsError for EEXIST
    os.link(source, target)  # a kernel or file system without it
    source.unlink()


@functools.cache
def _renameat2() -> Callable[[bytes, bytes], int] | None:
    """libc's renameat2 without replacing, answering 0 or the error's number; None where there
    is none (ctypes is loaded only by a move)."""
    try:
        import ctypes

        libc_rename = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError):
        return None

    def rename(old: bytes, new: bytes) -> int:
        at_cwd, no_replace = -100, 1  # AT_FDCWD, RENAME_NOREPLACE
        return 0 if libc_rename(at_cwd, old, at_cwd, new, no_replace) == 0 else ctypes.get_errno()

    return rename


def remove_abandoned(paths: list[str]) -> None:
    """Remove this tool's temporary files left by writers that were killed (their process is
    gone); any other name is left alone."""
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


class Refused(Exception):
    """A file that is not read: not a regular file, or larger than the limit. `what` says why,
    in words that follow the file's name."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def read_bytes(path: Path, *, limit: int) -> bytes:
    """The bytes of the regular file at `path` (a symlink to one is followed): Refused for a
    named pipe, a device or a socket (opened without waiting for a writer), or for a file of
    more than `limit` bytes; IsADirectoryError for a folder; OSError when it cannot be read."""
    import stat as kinds

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        status = os.fstat(fd)
        if kinds.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not kinds.S_ISREG(status.st_mode):
            raise Refused(f"is not a regular file ({_kind(status.st_mode)}): move it away")
        if status.st_size > limit:
            raise Refused(
                f"is {size_text(status.st_size)}, more than the {size_text(limit)} a file may be"
            )
        chunks = []
        left = limit + 1  # a file that grows while it is read is cut off, not followed
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise Refused(f"is more than the {size_text(limit)} a file may be")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    import stat as kinds

    for test, name in (
        (kinds.S_ISFIFO, "a named pipe"),
        (kinds.S_ISSOCK, "a socket"),
        (kinds.S_ISCHR, "a character device"),
        (kinds.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a file of text"


def size_text(size: int) -> str:
    """`4.0 GB`, `32 MB`, `512 bytes`: a size as a person reads it (powers of 1,024)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return (
                f"{value:.0f} {unit}"
                if value.is_integer() and unit != "GB"
                else f"{value:.1f} {unit}"
            )
    return f"{size} bytes"
