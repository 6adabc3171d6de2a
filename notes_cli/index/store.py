"""Where the index of a collection lives, the manifest of what it holds, the scan that finds
what changed, and the litter a killed build leaves.

The manifest stores (size, mtime, ctime, inode) of every note file the index has read, and the
problem of each file that could not be read; the scan is a stat of every note file, nothing
more, so that a search on an unchanged collection of 10,000 notes pays about 35 ms for being up
to date. An edit that keeps the size and puts the time back still changes the ctime; a file
renamed over a note changes its inode. A manifest entry that is not what this module writes is
taken for a file never read: it is read again, and nothing fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notes_cli.collection import note_files
from notes_cli.errors import NoteProblem
from notes_cli.files import Refused, is_temporary, read_bytes, remove_abandoned, replace_file
from notes_cli.model import slugify

from .analysis import SCHEMA_VERSION


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


@dataclass
class Manifest:
    generation: str = ""
    synced: str = ""
    # relative path -> its entry, or None for an entry that was damaged (read the file again)
    files: dict[str, Entry | None] = field(default_factory=dict)
    # Which manifest file this was read from: it is replaced, never rewritten, on every write.
    stamp: tuple[int, int] | None = None

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
            files = data["files"]
            generation = data["generation"]
            if not isinstance(files, dict) or not isinstance(generation, str):
                return None
            if not generation.startswith("index-") or "/" in generation:
                return None
            return cls(
                generation=generation,
                synced=str(data["synced"]),
                files={str(rel): _entry(entry) for rel, entry in files.items()},
                stamp=stamp,
            )
        except (OSError, Refused, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, folder: Path) -> None:
        self.synced = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        document = {
            "schema": SCHEMA_VERSION,
            "format": FORMAT,
            "generation": self.generation,
            "synced": self.synced,
            "files": self.files,
        }
        # A cache: replaced whole, but not flushed to disk (a crash costs a rebuild at most).
        data = json.dumps(document, separators=(",", ":")).encode("utf-8")
        replace_file(folder / "manifest.json", data, durable=False)
        self.stamp = self.stamp_of(folder)


def _entry(entry: Any) -> Entry | None:
    """A manifest entry as written, or None (damaged: the file is read again)."""
    if not isinstance(entry, list) or len(entry) != 6:
        return None
    *stat, line, what = entry
    if not all(type(value) is int for value in stat):
        return None
    if not (line is None or type(line) is int) or not (what is None or isinstance(what, str)):
        return None
    return entry


# The shape of the manifest's entries: a manifest of another shape is rebuilt.
FORMAT = 2

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Scan:
    """What a scan found: the stat of every note file by path relative to the collection, and
    what it could not look at (an unreadable folder, a link that loops, a dangling link)."""

    files: dict[str, Stat]
    problems: list[NoteProblem]


def scan(root: Path) -> Scan:
    """(size, mtime_ns, ctime_ns, inode) of every note file, and what could not be looked at.

    This tool's temporary files that killed writers left behind are removed on the way.
    """
    found: dict[str, Stat] = {}
    temporaries: list[str] = []
    problems: list[NoteProblem] = []
    for relative, entry in note_files(
        root, ordered=False, temporaries=temporaries, problems=problems
    ):
        try:
            stat = entry.stat()
        except FileNotFoundError:
            if entry.is_symlink():  # a link to nothing: named, as `notes check` names it
                problems.append(NoteProblem(entry.path, None, "is a link to a file that is gone"))
            continue  # else it vanished since it was listed: not a note any more
        except OSError as exc:
            problems.append(NoteProblem(entry.path, None, f"cannot be read ({exc.strerror})"))
            continue
        found[relative] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    if temporaries:
        remove_abandoned(temporaries)
    return Scan(found, problems)


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
