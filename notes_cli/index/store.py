"""Where the index of a collection lives, the manifest of what it holds, the scan that finds
what changed.

The manifest stores (mtime, size) of every note file the index has read, and the problem of
each file that could not be read; the scan is a stat of every note file, nothing more, so that
a search on an unchanged collection of 10,000 notes pays about 35 ms for being up to date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notes_cli.collection import note_files
from notes_cli.files import remove_abandoned, replace_file
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


@dataclass
class Manifest:
    generation: str = ""
    synced: str = ""
    # relative path -> [mtime_ns, size, problem line or None, problem text or None, ctime_ns]
    files: dict[str, list[Any]] = field(default_factory=dict)
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
            data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA_VERSION:
                return None
            return cls(
                generation=str(data["generation"]),
                synced=str(data["synced"]),
                files=dict(data["files"]),
                stamp=stamp,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, folder: Path) -> None:
        self.synced = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        document = {
            "schema": SCHEMA_VERSION,
            "generation": self.generation,
            "synced": self.synced,
            "files": self.files,
        }
        # A cache: replaced whole, but not flushed to disk (a crash costs a rebuild at most).
        data = json.dumps(document, separators=(",", ":")).encode("utf-8")
        replace_file(folder / "manifest.json", data, durable=False)
        self.stamp = self.stamp_of(folder)


Stat = tuple[int, int, int]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scan(root: Path) -> dict[str, Stat]:
    """(mtime_ns, size, ctime_ns) of every note file, by path relative to the collection.

    Temporary files that killed writers left behind are removed on the way.
    """
    found = {}
    temporaries: list[str] = []
    for relative, entry in note_files(root, ordered=False, temporaries=temporaries):
        try:
            stat = entry.stat()
        except OSError:
            continue  # vanished, or a dangling symlink: not a note
        found[relative] = (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns)
    if temporaries:
        remove_abandoned(temporaries)
    return found


def stale(known: list[Any] | None, stat: Stat) -> bool:
    """Whether a file must be read again: new, or changed; an unreadable one also when only its
    status changed (a chmod that makes it readable changes neither mtime nor size)."""
    if known is None:
        return True
    if known[3] is not None:
        return (known[0], known[1], known[4]) != stat
    return (known[0], known[1]) != stat[:2]
