"""Where the index of a collection lives, the manifest of what it holds (the scan that finds
what changed is scanning.py's), and the litter a killed build leaves.

The manifest stores (size, mtime, ctime, inode) of every note file the index has read, and the
problem of each file that could not be read; the scan is a stat of every note file, nothing
more. An edit that keeps the size and puts the time back still changes the ctime; a file
renamed over a note changes its inode.

Both are packed: the paths one string, the stats an array of 64-bit integers, in the order
the scan met the files. When nothing changed (the usual case) the scan finds the same paths
in the same order with the same stats, and telling so is two comparisons of packed values,
with no work per file beyond its stat (10,000 notes: a 1 MB JSON manifest of lists read and
compared entry by entry cost 30 ms; this, under 3 ms). When the paths are the same and some
stats differ (notes edited), the edited files are found slice by slice and the update takes the
scan's stats whole, still packed. Only when the paths differ (a note added, removed, renamed)
are they unpacked into entries and compared file by file. Files part of a manifest that is not
what this module writes is taken for files never read: they are read again, and nothing fails.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import shutil
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage

from notes_cli.errors import NoteProblem
from notes_cli.files import Refused, is_temporary, read_bytes, replace_file
from notes_cli.model import slugify
from notes_cli.walk import Remembered

from .analysis import SCHEMA_VERSION
from .scanning import Scan, Stat, packed


def cache_folder(root: Path) -> Path:
    """Where the index of the collection at `root` lives: never inside the collection."""
    base = os.environ.get("NOTES_CACHE_DIR")
    if base:
        parent = Path(base).expanduser()
    else:
        import platformdirs

        parent = Path(platformdirs.user_cache_dir("notes", appauthor=False))
    absolute = root.expanduser().absolute()
    digest = hashlib.sha256(str(absolute).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return parent / f"{slugify(absolute.name, fallback='notes')}-{digest}"


MAX_MANIFEST_BYTES = 256 << 20  # about 100 bytes a note: far more than any collection needs

# A file's entry: [size, mtime_ns, ctime_ns, inode, problem line or None, problem text or None].
Entry = list[Any]

# The shape of the manifest's files part: a manifest of another shape is rebuilt.
FORMAT = 3
_SEPARATOR = "\x00"  # no file name holds it


class Manifest:
    """What the index has read: its generation, when it was synced, and every file's entry
    (`files`, unpacked when first asked for: an unchanged collection never asks)."""

    def __init__(
        self,
        generation: str = "",
        synced: str = "",
        files: dict[str, Entry | None] | None = None,
        stamp: tuple[int, int] | None = None,
        packing: tuple[list[str], bytes, dict[str, list[Any]]] | None = None,
        folders: dict[str, Remembered] | None = None,
    ) -> None:
        self.generation = generation
        self.synced = synced
        # Which manifest file this was read from: it is replaced, never rewritten, on every write.
        self.stamp = stamp
        self._files = files if files is not None or packing is not None else {}
        self._packing = packing  # (paths, stats, problems) as read
        # The folders whose listing the next scan may take, from the scan this manifest is of.
        self.folders = folders if folders is not None else {}

    @property
    def files(self) -> dict[str, Entry | None]:
        """Relative path -> its entry."""
        if self._files is None:
            paths, stats, problems = self._packing or ([], b"", {})
            values = array("Q", stats)
            self._files = {
                rel: [*values[4 * n : 4 * n + 4], *problems.get(rel, (None, None))]
                for n, rel in enumerate(paths)
            }
            self._packing = None
        return self._files

    def __len__(self) -> int:
        return len(self._packing[0]) if self._files is None and self._packing else len(self.files)

    def same_as(self, current: Scan) -> bool:
        """Whether the scan found every file as read, in the same order (no unpacking)."""
        if self._files is not None or self._packing is None:
            return False
        paths, stats, _ = self._packing
        return current.paths == paths and current.stats.tobytes() == stats

    def edited_at(self, current: Scan) -> list[int] | None:
        """Where in the scan the files whose stat changed are, when it found the same paths in
        the same order, else None."""
        if self._files is not None or self._packing is None or current.paths != self._packing[0]:
            return None
        known, found = self._packing[1], current.stats.tobytes()
        if known == found:
            return []
        # Compared in slices of 256 files, then file by file only in the slices that differ.
        step = 32 * 256
        return [
            n
            for start in range(0, len(found), step)
            if known[start : start + step] != found[start : start + step]
            for n in range(start // 32, min(start + step, len(found)) // 32)
            if known[32 * n : 32 * n + 32] != found[32 * n : 32 * n + 32]
        ]

    def now_as_scanned(self, current: Scan, read: dict[str, Entry | None]) -> None:
        """After an update that read again the files in `read` (each entry with the scan's
        stat), when the scan found the same paths in the same order (see `edited_at`): the
        scan's stats, and the problems of the files read in place of theirs, still packed."""
        assert self._files is None and self._packing is not None
        problems = {rel: known for rel, known in self._packing[2].items() if rel not in read}
        problems.update({rel: known[4:] for rel, known in read.items() if known and known[5]})
        self._packing = (current.paths, current.stats.tobytes(), problems)

    def unreadable(self) -> list[tuple[str, int | None, str]]:
        """(path, line, problem) of every file that could not be read, by path."""
        if self._files is None and self._packing is not None:
            found = [(rel, line, what) for rel, (line, what) in self._packing[2].items()]
        else:
            found = [(rel, e[4], e[5]) for rel, e in self.files.items() if e is not None and e[5]]
        return sorted(found)

    @staticmethod
    def stamp_of(folder: Path) -> tuple[int, int] | None:
        try:
            stat = os.stat(folder / "manifest.json")
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            stamp = cls.stamp_of(folder)
            data = json.loads(read_bytes(folder / "manifest.json", limit=MAX_MANIFEST_BYTES))
            if data.get("schema") != SCHEMA_VERSION or data.get("format") != FORMAT:
                return None
            generation = data["generation"]
            if not isinstance(generation, str):
                return None
            if not generation.startswith("index-") or "/" in generation:
                return None
            return cls(
                generation,
                str(data["synced"]),
                stamp=stamp,
                folders=_folders_part(data),
                **_files_part(data),
            )
        except (OSError, Refused, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def write(self, folder: Path, current: Scan) -> None:
        """Replace the manifest, as of the scan `current`: its files in the scan's order as far
        as it names them (a manifest still packed is in that order already), and the folders
        it remembered."""
        order = current.paths
        self.folders = current.folders
        self.synced = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        if self._files is None and self._packing is not None:  # never unpacked: as it is
            paths, stats, problems = self._packing
        else:
            files = {rel: known for rel, known in self.files.items() if known is not None}
            paths = [rel for rel in order if rel in files]
            if len(paths) != len(files):
                named = set(paths)
                paths += [rel for rel in files if rel not in named]
            stats = packed([value for rel in paths for value in files[rel][:4]]).tobytes()
            problems = {rel: files[rel][4:] for rel in paths if files[rel][5]}
        document = {
            "schema": SCHEMA_VERSION,
            "format": FORMAT,
            "generation": self.generation,
            "synced": self.synced,
            "paths": _SEPARATOR.join(paths),
            "stats": base64.b64encode(stats).decode("ascii"),
            "problems": problems,
            "folders": {
                prefix: [*key, _SEPARATOR.join(notes), _SEPARATOR.join(folders)]
                for prefix, (key, notes, folders) in self.folders.items()
            },
        }
        # A cache: replaced whole, but not flushed to disk (a crash costs a rebuild at most).
        data = json.dumps(document, separators=(",", ":")).encode("utf-8", "surrogatepass")
        replace_file(folder / "manifest.json", data, durable=False)
        self.stamp = self.stamp_of(folder)


def _files_part(data: dict[str, Any]) -> dict[str, Any]:
    """The files part of a manifest as read, or, when it is not what `write` makes, no files
    (every file is then read again)."""
    try:
        paths = data["paths"].split(_SEPARATOR) if data["paths"] else []
        stats = base64.b64decode(data["stats"], validate=True)
        problems = data["problems"]
        known = set(paths)
        if len(stats) != 32 * len(paths) or len(known) != len(paths):
            raise ValueError("not a manifest's files")
        for rel, (line, what) in problems.items():
            if rel not in known or not (line is None or type(line) is int) or not what:
                raise ValueError("not a manifest's problem")
            if not isinstance(what, str):
                raise ValueError("not a manifest's problem")
        return {"packing": (paths, stats, problems)}
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        return {"files": {}}


def _folders_part(data: dict[str, Any]) -> dict[str, Remembered]:
    """The folders a manifest remembers; none when that part is missing (a manifest of an
    earlier version) or is not what `write` makes (every folder is then listed)."""
    found: dict[str, Remembered] = {}
    try:
        for prefix, (mtime, ctime, inode, device, notes, folders) in data.get(
            "folders", {}
        ).items():
            key = (mtime, ctime, inode, device)
            if not isinstance(prefix, str) or not all(type(value) is int for value in key):
                return {}
            found[prefix] = (key, _names(notes), _names(folders))
    except (TypeError, ValueError, AttributeError):
        return {}
    return found


def _names(joined: str) -> list[str]:
    """Names as `write` joins them: each one a name in one folder, not hidden, and once."""
    if not isinstance(joined, str) or "/" in joined or joined.startswith((".", _SEPARATOR)):
        raise ValueError("not a manifest's names")
    names = joined.split(_SEPARATOR) if joined else []
    if f"{_SEPARATOR}." in joined or "" in names or len(set(names)) != len(names):
        raise ValueError("not a manifest's names")
    return names


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def stale(known: Entry | None, stat: Stat) -> bool:
    """Whether a file must be read again: new, damaged in the manifest, or changed in size,
    time, status (a chmod that makes a file readable changes neither mtime nor size) or inode."""
    return known is None or tuple(known[:4]) != stat


def entry(stat: Stat, problem: NoteProblem | None = None) -> Entry:
    """The manifest entry of a file read (with the problem that kept it out of the index)."""
    if problem is None:
        return [*stat, None, None]
    return [*stat, problem.line, problem.what]


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
