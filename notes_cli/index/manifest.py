"""The manifest of what the index of a collection holds (the scan that finds what changed is
scanning.py's).

The manifest stores (size, mtime, ctime, inode) of every note file the index has read, and the
problem of each file that could not be read; the scan is a stat of every note file, nothing
more. An edit that keeps the size and puts the time back still changes the ctime; a file
renamed over a note changes its inode.

Both are packed: the paths a few strings, the stats an array of 64-bit integers, in the order
the scan met the files. When nothing changed (the usual case) the scan finds the same paths
in the same order with the same stats, and telling so is two comparisons of packed values,
with no work per file beyond its stat (10,000 notes: a 1 MB JSON manifest of lists read and
compared entry by entry cost 30 ms; this, under 3 ms). When the paths are the same and some
stats differ (notes edited), the edited files are found slice by slice and the update takes the
scan's stats whole, still packed. Only when the paths differ (a note added, removed, renamed)
are they unpacked into entries and compared file by file. Files part of a manifest that is not
what this module writes is taken for files never read: they are read again, and nothing fails.

The paths are written a folder at a time, its prefix and its notes' names joined by "/" (which
no name holds), and a folder the scan remembers points at its run instead of naming its notes
again: JSON writes such text as it is, where the paths joined by NUL, each one escaped, with
every remembered folder's names a second time, made an edit's manifest cost 10 ms to write and
7 to read on 10,000 notes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
from array import array
from pathlib import Path
from typing import Any

from notes_cli.errors import NoteProblem
from notes_cli.files import Refused, read_bytes, replace_file
from notes_cli.walk import Remembered

from .layout import SCHEMA_VERSION
from .scanning import SEPARATOR, Scan, Stat, joined_runs, packed, scan

MAX_MANIFEST_BYTES = 256 << 20  # about 100 bytes a note: far more than any collection needs

# A file's entry: [size, mtime_ns, ctime_ns, inode, problem line or None, problem text or None].
Entry = list[Any]

# The shape of the manifest's files part: a manifest of another shape is rebuilt, except one of
# the format before (its paths joined by NUL, its folders forgotten: nothing is read again).
FORMAT = 4
_EARLIER_FORMAT = 3
_EARLIER_SEPARATOR = "\x00"

# The paths a folder at a time: (its prefix, its notes' names), in order.
Runs = list[tuple[str, list[str]]]


class Manifest:
    """What the index has read: its generation, when it was synced, and every file's entry
    (`files`, unpacked when first asked for: an unchanged collection never asks).

    As read, its files and folders stay as the file has them, to be checked and unpacked
    when first needed: a command told by the scan ahead that every note is as the manifest
    says (readahead.py) needs only its generation and the files it could not read (10,000
    notes: 4 ms of every search)."""

    def __init__(
        self,
        generation: str = "",
        synced: str = "",
        files: dict[str, Entry | None] | None = None,
        stamp: tuple[int, int] | None = None,
        packing: tuple[list[str], bytes, dict[str, list[Any]]] | None = None,
        folders: dict[str, Remembered] | None = None,
        raw: dict[str, Any] | None = None,
    ) -> None:
        self.generation = generation
        self.synced = synced
        # Which manifest file this was read from: it is replaced, never rewritten, on every write.
        self.stamp = stamp
        self._files = files if files is not None or packing is not None else {}
        self._packing = packing  # (paths, stats, problems) as read
        # The folders whose listing the next scan may take, from the scan this manifest is of.
        self._folders = folders if folders is not None else {}
        self._raw = raw  # the files and folders parts as read, until unpacked (_unpack)

    def _unpack(self) -> None:
        """The files and folders parts as read, checked and unpacked (once)."""
        if self._raw is None:
            return
        data, self._raw = self._raw, None
        files, runs = _files_part(data)
        self._files, self._packing = files.get("files"), files.get("packing")
        self._folders = _folders_part(data, runs)

    @property
    def folders(self) -> dict[str, Remembered]:
        """The folders whose listing the next scan may take, from the scan this manifest is
        of."""
        self._unpack()
        return self._folders

    @folders.setter
    def folders(self, folders: dict[str, Remembered]) -> None:
        self._unpack()
        self._folders = folders

    def about_how_many(self) -> int:
        """How many files it holds, without unpacking them: as many as its packed stats are
        long for (a manifest whose files part is damaged holds none, once unpacked)."""
        stats = self._raw.get("stats") if self._raw is not None else None
        return len(stats) * 3 // 128 if isinstance(stats, str) else len(self)

    @property
    def files(self) -> dict[str, Entry | None]:
        """Relative path -> its entry."""
        self._unpack()
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
        self._unpack()
        return len(self._packing[0]) if self._files is None and self._packing else len(self.files)

    def same_as(self, current: Scan) -> bool:
        """Whether the scan found every file as read, in the same order (no unpacking)."""
        self._unpack()
        if self._files is not None or self._packing is None:
            return False
        paths, stats, _ = self._packing
        return current.paths == paths and current.stats.tobytes() == stats

    def edited_at(self, current: Scan) -> list[int] | None:
        """Where in the scan the files whose stat changed are, when it found the same paths in
        the same order, else None."""
        self._unpack()
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
        self._unpack()
        assert self._files is None and self._packing is not None
        problems = {rel: known for rel, known in self._packing[2].items() if rel not in read}
        problems.update({rel: known[4:] for rel, known in read.items() if known and known[5]})
        self._packing = (current.paths, current.stats.tobytes(), problems)

    def unreadable(self) -> list[tuple[str, int | None, str]]:
        """(path, line, problem) of every file that could not be read, by path."""
        if self._raw is not None and self._raw.get("problems") == {}:
            return []  # (the files part damaged: none either)
        self._unpack()
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
            if data.get("schema") != SCHEMA_VERSION:
                return None
            if data.get("format") == _EARLIER_FORMAT:
                data = _as_current(data)
            elif data.get("format") != FORMAT:
                return None
            generation = data["generation"]
            if not isinstance(generation, str):
                return None
            if not generation.startswith("index-") or "/" in generation:
                return None
            return cls(generation, str(data["synced"]), stamp=stamp, raw=data)
        except (OSError, Refused, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def write(self, folder: Path, current: Scan) -> None:
        """Replace the manifest, as of the scan `current`: its files in the scan's order as far
        as it names them (a manifest still packed is in that order already), and the folders
        it remembered."""
        self._unpack()
        order = current.paths
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
        runs = current.runs if paths is order or paths == order else _runs_of(paths)
        where = {prefix: n for n, (prefix, _) in enumerate(runs)}
        # A folder remembered with the notes of its run (always, but for paths the scan did
        # not give, in an order it did not: then it is listed again next time).
        self.folders = {
            prefix: known
            for prefix, known in current.folders.items()
            if known[1] == (runs[where[prefix]][1] if prefix in where else [])
        }
        document = {
            "schema": SCHEMA_VERSION,
            "format": FORMAT,
            "generation": self.generation,
            "synced": self.synced,
            "paths": joined_runs(runs),
            "stats": base64.b64encode(stats).decode("ascii"),
            "problems": problems,
            "folders": {
                prefix: [*key, where.get(prefix, -1), SEPARATOR.join(folders)]
                for prefix, (key, _, folders) in self.folders.items()
            },
        }
        # A cache: replaced whole, but not flushed to disk (a crash costs a rebuild at most).
        data = json.dumps(document, separators=(",", ":")).encode("utf-8", "surrogatepass")
        replace_file(folder / "manifest.json", data, durable=False)
        self.stamp = self.stamp_of(folder)


def _runs_of(paths: list[str]) -> Runs:
    """The paths a folder at a time, in order (a folder met twice makes two runs)."""
    runs: Runs = []
    current: str | None = None
    names: list[str] = []
    for head, _, name in [rel.rpartition("/") for rel in paths]:
        if head != current:
            if names:
                runs.append((f"{current}/" if current else "", names))
            current, names = head, []
        names.append(name)
    if names:
        runs.append((f"{current}/" if current else "", names))
    return runs


def _as_current(data: dict[str, Any]) -> dict[str, Any]:
    """A manifest of the format before as one of now: its paths (joined by NUL) as runs, its
    folders forgotten (each is listed once more), its files as they were."""
    if not isinstance(data["paths"], str):
        raise ValueError("not a manifest's paths")
    paths = data["paths"].split(_EARLIER_SEPARATOR) if data["paths"] else []
    runs = joined_runs(_runs_of(paths))
    return {**data, "paths": runs, "folders": {}}


def _files_part(data: dict[str, Any]) -> tuple[dict[str, Any], Runs]:
    """The files part of a manifest as read, and its paths a folder at a time; or, when it is
    not what `write` makes, no files (every file is then read again) and no runs."""
    try:
        runs: Runs = []
        for prefix, joined in data["paths"]:
            if not (isinstance(prefix, str) and isinstance(joined, str) and joined):
                raise ValueError("not a manifest's paths")
            if prefix and not prefix.endswith("/"):
                raise ValueError("not a manifest's paths")
            runs.append((prefix, joined.split(SEPARATOR)))
        paths = [prefix + name for prefix, names in runs for name in names]
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
        return {"packing": (paths, stats, problems)}, runs
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        return {"files": {}}, []


def _folders_part(data: dict[str, Any], runs: Runs) -> dict[str, Remembered]:
    """The folders a manifest remembers, each one's notes those of its run of the paths;
    none when that part is missing or is not what `write` makes (every folder is then
    listed)."""
    found: dict[str, Remembered] = {}
    holding = {prefix for prefix, _ in runs}
    try:
        for prefix, (mtime, ctime, inode, device, run, folders) in data["folders"].items():
            key = (mtime, ctime, inode, device)
            if not isinstance(prefix, str) or not all(type(value) is int for value in key):
                return {}
            if type(run) is not int or not -1 <= run < len(runs):
                return {}
            if runs[run][0] != prefix if run >= 0 else prefix in holding:
                return {}  # the notes of another folder, or none of a folder that holds some
            notes = runs[run][1] if run >= 0 else []
            if run >= 0 and not _plain_names(data["paths"][run][1]):
                return {}
            found[prefix] = (key, notes, _names(folders))
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}
    return found


def _plain_names(joined: str) -> bool:
    """Whether names as `write` joins them are each a name a walk could meet (not empty, not
    hidden); that none is there twice, the paths part has said."""
    return not (joined.startswith((".", SEPARATOR)) or f"{SEPARATOR}." in joined) and (
        f"{SEPARATOR}{SEPARATOR}" not in joined and not joined.endswith(SEPARATOR)
    )


def _names(joined: str) -> list[str]:
    """Folder names as `write` joins them: each one a name a walk could meet, and once."""
    if not isinstance(joined, str) or (joined and not _plain_names(joined)):
        raise ValueError("not a manifest's names")
    names = joined.split(SEPARATOR) if joined else []
    if len(set(names)) != len(names):
        raise ValueError("not a manifest's names")
    return names


def as_read_ahead(
    root: Path, folder: Path
) -> tuple[tuple[int, int] | None, Scan, list[str] | None]:
    """What readahead.py's process tells the command, changing nothing: the stamp of the
    manifest in the cache `folder` (None: none there), a scan of the collection at `root`
    against it (the temporary files it finds are left, not removed), and the note files the
    index must read again (every one, with no manifest), or None when the scan finds every
    note file as the manifest says, with nothing that could not be looked at and nothing left
    behind to tidy away."""
    manifest = Manifest.read(folder)
    current = scan(root, manifest.folders if manifest is not None else None, tidy=False)
    stamp = manifest.stamp if manifest is not None else None
    if manifest is None:
        return stamp, current, current.paths
    if not current.problems and not current.abandoned and manifest.same_as(current):
        return stamp, current, None
    return stamp, current, changes(manifest, current)[0]


def changes(manifest: Manifest, current: Scan) -> tuple[list[str], list[str]]:
    """The note files of the scan `current` that the index must read (new, or changed since
    the manifest), and those of the manifest the scan no longer finds."""
    at = manifest.edited_at(current)
    if at is not None:
        return [current.paths[n] for n in at], []
    files = current.files
    changed = [rel for rel, stat in files.items() if stale(manifest.files.get(rel), stat)]
    removed = [rel for rel in manifest.files if rel not in files]
    return changed, removed


def stale(known: Entry | None, stat: Stat) -> bool:
    """Whether a file must be read again: new, damaged in the manifest, or changed in size,
    time, status (a chmod that makes a file readable changes neither mtime nor size) or inode."""
    return known is None or tuple(known[:4]) != stat


def entry(stat: Stat, problem: NoteProblem | None = None) -> Entry:
    """The manifest entry of a file read (with the problem that kept it out of the index)."""
    if problem is None:
        return [*stat, None, None]
    return [*stat, problem.line, problem.what]
