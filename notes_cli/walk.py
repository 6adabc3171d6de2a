"""The walk over a collection's folders: every note file in them, each real folder once.

A note is a `.md` file in any folder of the collection that is not hidden; hidden folders hold
the tool's own things (`.trash/`). This runs before every search, so it is one loop over
directory entries with no Path objects, and a folder the index remembers, unchanged since, is
not listed again (index/scanning.py decides which it may remember).
"""

from __future__ import annotations

import errno
import os

# Only os and errno are loaded (not even typing, 3 ms): readahead.py's process walks with this.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from .errors import NoteProblem

# The start of the names of this tool's temporary files (of atomic writes: files.py).
TEMPORARY_PREFIX = ".notes-write-"
LOOP = "is a symbolic link that loops: point it at a note or remove it"

# A folder as the walk last found it, to know it again: (mtime_ns, ctime_ns, inode, device).
FolderKey = tuple[int, int, int, int]
# What a walk may take as a folder's listing while its key is unchanged: its key, the names
# of its note files and of its sub-folders, in the order listed.
Remembered = tuple[FolderKey, list[str], list[str]]


class Folder:
    """One folder of the collection as the walk met it: open (`fd`) until the walk goes on."""

    __slots__ = ("fd", "folders", "key", "notes", "path", "plain", "prefix")

    def __init__(
        self,
        path: str,  # the collection's path joined with `prefix`
        prefix: str,  # its path relative to the collection: "" or ending in "/"
        fd: int,
        key: FolderKey,
        notes: list[str],  # the names of its note files
        folders: list[str],  # the names of its sub-folders, hidden ones left out
        # Nothing in it but notes, folders and other files: no temporary file, no symbolic
        # link and no entry that could not be looked at, so its listing may be remembered.
        plain: bool,
    ) -> None:
        self.path, self.prefix, self.fd, self.key = path, prefix, fd, key
        self.notes, self.folders, self.plain = notes, folders, plain

    def join(self, name: str) -> str:
        return os.path.join(self.path, name)


def walk(
    root: Path | str,
    *,
    known: Mapping[str, Remembered] | None = None,
    temporaries: list[str] | None = None,
    problems: list[NoteProblem] | None = None,
) -> Iterator[Folder]:
    """Every folder of the collection that is not hidden, with the names of its note files.

    Symlinked folders are followed (a collection may gather folders kept elsewhere), each real
    folder once, so a link that loops back is harmless. A folder that `known` remembers with
    the key it still has is not listed again: adding, removing or renaming an entry changes a
    folder's times, so its listing is what it was (the caller decides which folders it may
    remember: see Folder.plain).

    This tool's temporary files (of atomic writes) are added to `temporaries` when it is given;
    a folder that cannot be read and a symbolic link that loops are added to `problems`, so
    that what is left out is named. Names that are not UTF-8 come as `surrogateescape` text.
    """
    seen: set[tuple[int, int]] = set()
    folders = [(os.fspath(root), "")]
    while folders:
        path, prefix = folders.pop()
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            if not _met_before(path, seen):  # (an unreadable folder named once, however reached)
                _cannot_list(path, exc, problems)
            continue
        try:
            try:
                stat = os.fstat(fd)
                if (stat.st_dev, stat.st_ino) in seen:
                    continue
                seen.add((stat.st_dev, stat.st_ino))
                key = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)
                held = known.get(prefix) if known else None
                if held is not None and held[0] == key:
                    folder = Folder(path, prefix, fd, key, held[1], held[2], True)
                else:
                    folder = _listed(
                        Folder(path, prefix, fd, key, [], [], True), temporaries, problems
                    )
            except OSError as exc:
                _cannot_list(path, exc, problems)
                continue
            yield folder
        finally:
            os.close(fd)
        folders += [(folder.join(name), f"{prefix}{name}/") for name in folder.folders]


def _met_before(path: str, seen: set[tuple[int, int]]) -> bool:
    """Whether the folder at `path` was met already; it is met now, if it can be looked at."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    met = (stat.st_dev, stat.st_ino) in seen
    seen.add((stat.st_dev, stat.st_ino))
    return met


def _listed(
    folder: Folder, temporaries: list[str] | None, problems: list[NoteProblem] | None
) -> Folder:
    notes, folders = folder.notes, folder.folders
    with os.scandir(folder.fd) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                if name.startswith(TEMPORARY_PREFIX):
                    folder.plain = False
                    if temporaries is not None:
                        temporaries.append(folder.join(name))
                continue
            try:
                if entry.is_symlink():
                    folder.plain = False
                if entry.is_dir():
                    folders.append(name)
                    continue
            except OSError as exc:
                folder.plain = False
                if problems is not None and exc.errno == errno.ELOOP:
                    from .errors import NoteProblem

                    problems.append(NoteProblem(folder.join(name), None, LOOP))
                continue
            if name.endswith(".md"):
                notes.append(name)
    return folder


def _cannot_list(path: str, exc: OSError, problems: list[NoteProblem] | None) -> None:
    if problems is not None and not isinstance(exc, FileNotFoundError):
        from .errors import NoteProblem

        problems.append(
            NoteProblem(
                path,
                None,
                f"the folder cannot be read ({exc.strerror or exc}): its notes are left out",
            )
        )


def note_files(
    root: Path,
    *,
    ordered: bool = True,
    problems: list[NoteProblem] | None = None,
) -> list[tuple[str, str]]:
    """(path relative to `root`, path) of every note file, skipping hidden files and folders
    (see walk); sorted by path unless `ordered` is False."""
    found = [
        (folder.prefix + name, folder.join(name))
        for folder in walk(root, problems=problems)
        for name in folder.notes
    ]
    if ordered:
        found.sort(key=lambda item: item[0].split("/"))
    return found
