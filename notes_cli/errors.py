"""Errors a user can see and act on.

Each carries the one line the user reads: what is wrong, where (file and line when known) and
what to do. Only the command line turns them into output and an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


class NotesError(Exception):
    """A user-facing failure: the message is shown as is, and the command exits 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NoteProblem(NotesError):
    """Something wrong in one note file, at a line when known (1-based)."""

    def __init__(self, path: Path | str, line: int | None, what: str) -> None:
        self.path = Path(path)
        self.line = line
        self.what = what
        # The note's other problems, found beside this one (that made it unreadable).
        self.more: list[NoteProblem] = []
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {what}")

    def __reduce__(self) -> tuple[type[NoteProblem], tuple[Path, int | None, str], dict[str, Any]]:
        # (as readahead.py's scan ahead hands its problems to the command, pickled)
        return NoteProblem, (self.path, self.line, self.what), {"more": self.more}

    def with_more(self, more: list[NoteProblem]) -> NoteProblem:
        self.more = more
        return self

    def every(self) -> list[NoteProblem]:
        """This problem and the note's others."""
        return [self, *self.more]


class EventNotFound(NotesError):
    """A reference that names no event (or talk), or more than one."""

    what = "event"
    listing = "notes list"

    def __init__(self, ref: str, candidates: Sequence[str] = (), *, nor_talk: bool = False) -> None:
        self.ref = ref
        self.candidates = list(candidates)
        if self.candidates:
            shown = ", ".join(self.candidates[:8])
            more = f" and {len(self.candidates) - 8} more" if len(self.candidates) > 8 else ""
            message = f"'{ref}' matches {len(self.candidates)} {self.what}s: {shown}{more}; be more precise"
        elif nor_talk:  # where an event or a talk is taken (show, edit)
            message = f"no {self.what} matches '{ref}', nor any talk; see `notes list --ids` and `notes list --talks --ids` for the ids"
        else:
            message = f"no {self.what} matches '{ref}'; see `{self.listing}` for the ids"
        super().__init__(message)


class TalkNotFound(EventNotFound):
    what = "talk"
    listing = "notes list --talks --ids"


class ImportFailed(NotesError):
    """A file that cannot be imported: `path: why`, and the rest of an import goes on."""

    def __init__(self, path: Path | str, what: str) -> None:
        self.path = Path(path)
        self.what = what
        super().__init__(f"{path}: {what}")


class MissingDate(ImportFailed):
    """A post that says nothing of its date: the import asks for one, or needs --date."""


class WriteFailed(NotesError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: could not write ({reason}); the file was left as it was")


class GitFailed(NotesError):
    """git refused (a hook, a setting, the remote): `output` is what it said, shown above."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class SyncConflict(NotesError):
    """Both sides changed the same lines of some files; `paths` as git names them."""

    def __init__(self, message: str, paths: Sequence[str]) -> None:
        super().__init__(message)
        self.paths = tuple(paths)


class OutputFailed(NotesError):
    """The output cannot be written: closed, full, or unable to encode the text."""
