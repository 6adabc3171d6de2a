"""Whoosh's storage of an index: a generation's folder in the cache (store.py says where),
or memory."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh.filedb.filestore import FileStorage, RamStorage


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
