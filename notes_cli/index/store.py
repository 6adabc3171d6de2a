"""Where the index of a collection lives (the manifest of what it holds is manifest.py's, the
scan that finds what changed scanning.py's), and the litter a killed build leaves."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage

from notes_cli.files import is_temporary
from notes_cli.folders import cache_base
from notes_cli.lazy import digest
from notes_cli.model import slugify


def cache_folder(root: Path) -> Path:
    """Where the index of the collection at `root` lives: never inside the collection."""
    parent = Path(cache_base())
    absolute = root.expanduser().absolute()
    named = digest("sha256")(str(absolute).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return parent / f"{slugify(absolute.name, fallback='notes')}-{named}"


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def clear_litter(folder: Path, generation: str) -> None:
    """Remove what killed or failed builds left in the cache folder: generations other than
    `generation` and temporary files. Only under the writer lock: nothing else is being
    written then."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = folder / name
        if name.startswith("index-") and name != generation:
            shutil.rmtree(path, ignore_errors=True)
        elif _is_stray_temporary(name):
            with contextlib.suppress(OSError):
                path.unlink()


def _is_stray_temporary(name: str) -> bool:
    """This tool's temporary files, and the manifest's of earlier versions (`manifest.json.<pid>.tmp`)."""
    if is_temporary(name):
        return True
    return name.endswith(".tmp") and name.startswith((".manifest.json.", "manifest.json."))


def has_litter(folder: Path, generation: str) -> bool:
    """Whether the cache folder holds anything clear_litter would remove (one listing)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(name not in ("manifest.json", "lock", generation) for name in names)


class MemoryStorage(RamStorage):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's RamStorage with a temporary folder of its own. Whoosh's writers ask for one
    named `MAIN.tmp`, which RamStorage puts in the system's temporary folder under that one
    name: two in-memory indexes (two searches during a long rebuild) removed each other's
    files, and another user's leftover folder made the writer fail."""

    _temp = ""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        # A writer asks twice (its own files, its columns) and expects one folder, which
        # it removes when done; the next writer gets a new one.
        if not os.path.isdir(self._temp):
            import tempfile

            self._temp = tempfile.mkdtemp(prefix="notes-index-")
        return FileStorage(self._temp).create()


class CacheStorage(FileStorage):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's FileStorage of one generation, whose writers' temporary folder is kept once
    made. Every Whoosh writer makes one (its columns are written there first) and removes
    it when done, and on a journalled disk the pair costs milliseconds (3 ms here): an edit's
    writer finds it made, and leaves it empty."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return _KeptFolder(os.path.join(self.folder, name or f"{os.getpid()}.tmp")).create()


class _KeptFolder(FileStorage):  # type: ignore[misc]
    def create(self) -> FileStorage:
        return self if os.path.isdir(self.folder) else super().create()

    def destroy(self, *args: Any) -> None:
        with contextlib.suppress(OSError):
            self.clean()  # the files; the folder stays for the next writer
