"""The scan of a collection: a stat of every note file, nothing more, packed.

The paths come in the order the walk meets the files, the stats as an array of four 64-bit
integers a file, so that telling the manifest's from the scan's is two comparisons of packed
values (manifest.py). The walk lists only the folders it must: one the manifest remembers, its
times unchanged since, holds what it held, and only its notes are stat'ed.
"""

from __future__ import annotations

import functools
import os
import stat as stat_module
import time
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notes_cli.errors import NoteProblem
from notes_cli.files import remove_abandoned
from notes_cli.walk import Folder, FolderKey, Remembered, walk

if TYPE_CHECKING:
    from .documents import Read

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode (each folded to 64 bits)

# Between the names of one folder, joined as the manifest keeps them and the scan ahead tells
# them (no name holds it).
SEPARATOR = "/"
_MASK = (1 << 64) - 1  # a time before 1970 or after 2262 folded into the array's 64 bits


def packed(values: list[int]) -> array[int]:
    """Stat values as the manifest keeps them (unsigned 64-bit; equal stats stay equal)."""
    try:
        return array("Q", values)
    except OverflowError:
        return array("Q", [value & _MASK for value in values])


@dataclass
class Scan:
    """What a scan found: every note file's path relative to the collection and its stat
    (four values a file, packed), in the order met, and what it could not look at (an
    unreadable folder, a link that loops, a dangling link); and the folders whose listing
    the next scan may take (see scan)."""

    paths: list[str]
    stats: array[int]
    problems: list[NoteProblem]
    folders: dict[str, Remembered]
    # The paths, a folder at a time: (its prefix, the names of its notes met), in order.
    runs: list[tuple[str, list[str]]]
    # This tool's temporary files that killed writers left behind (removed, unless the scan
    # was told to leave them).
    abandoned: list[str]
    # The documents of the notes to read again that the scan ahead read too (readahead.py),
    # or what kept each one out: the index takes them as they are.
    read: dict[str, Read] = field(default_factory=dict)

    @functools.cached_property
    def files(self) -> dict[str, Stat]:
        values = self.stats
        return {
            rel: (values[4 * n], values[4 * n + 1], values[4 * n + 2], values[4 * n + 3])
            for n, rel in enumerate(self.paths)
        }

    def stat_at(self, n: int) -> Stat:
        values = self.stats
        return values[4 * n], values[4 * n + 1], values[4 * n + 2], values[4 * n + 3]

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Pickled as the scan ahead tells it (readahead.py): its paths a folder at a time,
        each folder's names joined by "/" (which no name holds), and a remembered folder's
        notes its run's, instead of every path and name pickled one by one (10,000 notes:
        1.4 MB, whose pickling and unpickling made an edit's search wait 6 ms). A scan not
        as `scan` makes them is pickled as it is."""
        runs = dict(self.runs)
        if len(runs) != len(self.runs) or len(self.paths) != sum(map(len, runs.values())):
            return super().__reduce_ex__(protocol)
        folders = {}
        for prefix, (key, notes, subfolders) in self.folders.items():
            if notes is not runs.get(prefix) and notes:
                return super().__reduce_ex__(protocol)
            folders[prefix] = (key, subfolders)
        state = (
            joined_runs(self.runs),
            self.stats,
            self.problems,
            folders,
            self.abandoned,
            self.read,
        )
        return (_unpacked, state)


def joined_runs(runs: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    """Paths a folder at a time, each folder's names joined by SEPARATOR."""
    return [(prefix, SEPARATOR.join(names)) for prefix, names in runs]


def _unpacked(
    joined: list[tuple[str, str]],
    stats: array[int],
    problems: list[NoteProblem],
    folders: dict[str, tuple[FolderKey, list[str]]],
    abandoned: list[str],
    read: dict[str, Read],
) -> Scan:
    """A scan as Scan.__reduce_ex__ packed it."""
    runs = [(prefix, names.split(SEPARATOR)) for prefix, names in joined]
    notes = dict(runs)
    return Scan(
        [prefix + name for prefix, names in runs for name in names],
        stats,
        problems,
        {prefix: (key, notes.get(prefix, []), more) for prefix, (key, more) in folders.items()},
        runs,
        abandoned,
        read,
    )


# A folder whose times are this close to the scan's (or later) may change again within the
# same tick of the file system's clock (a second on some) without its times changing: it is
# listed again on the next scan, not remembered (git's "racy" rule, with room for clocks a
# few seconds apart on a network disk).
RECENT_NS = 10 * 10**9


def scan(root: Path, known: Mapping[str, Remembered] | None = None, *, tidy: bool = True) -> Scan:
    """(size, mtime_ns, ctime_ns, inode) of every note file, and what could not be looked at.

    A folder `known` remembers, its times unchanged, is not listed again: its notes are
    stat'ed by name. The scan remembers (Scan.folders) the folders whose listing the next
    one may take: those its times say settled, and that hold no temporary file, symbolic
    link or entry that could not be looked at (so what is left behind or goes wrong is seen
    on every scan, as a listing sees it). This tool's temporary files that killed writers left
    behind are removed on the way, unless `tidy` is False.
    """
    paths: list[str] = []
    values: list[int] = []
    temporaries: list[str] = []
    problems: list[NoteProblem] = []
    remembered: dict[str, Remembered] = {}
    runs: list[tuple[str, list[str]]] = []
    settled = time.time_ns() - RECENT_NS
    for folder in walk(root, known=known, temporaries=temporaries, problems=problems):
        fd, prefix, plain = folder.fd, folder.prefix, folder.plain
        start = len(paths)
        for name in folder.notes:
            try:
                stat = os.stat(name, dir_fd=fd)
            except OSError as exc:
                plain = False
                problem = _unstatable(folder, name, exc)
                if problem is not None:
                    problems.append(problem)
                continue
            paths.append(prefix + name)
            values += (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        if len(paths) - start == len(folder.notes):
            met = folder.notes
        else:
            met = [rel[len(prefix) :] for rel in paths[start:]]
        if met:
            runs.append((prefix, met))
        if plain and max(folder.key[0], folder.key[1]) < settled:
            remembered[prefix] = (folder.key, folder.notes, folder.folders)
    if temporaries and tidy:
        remove_abandoned(temporaries)
    return Scan(paths, packed(values), problems, remembered, runs, temporaries)


def _unstatable(folder: Folder, name: str, exc: OSError) -> NoteProblem | None:
    """What to say of a note file listed whose stat failed (None: it is gone, not a note)."""
    path = folder.join(name)
    if not isinstance(exc, FileNotFoundError):
        return NoteProblem(path, None, f"cannot be read ({exc.strerror})")
    try:
        link = stat_module.S_ISLNK(os.lstat(name, dir_fd=folder.fd).st_mode)
    except OSError:
        link = False  # it vanished since it was listed
    return NoteProblem(path, None, "is a link to a file that is gone") if link else None
