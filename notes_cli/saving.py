"""Writing notes: every note the tool writes is read back by the reader before the rename.

A note the reader would refuse, or would read with a problem it did not have, is not written,
and the command says why: an importer, an edit of the text or a YAML writer that produces
something the reader does not take (too much data, a character YAML cannot hold, a section that
no longer matches its talk) never leaves a note that every command then skips. What the tool
writes is what it can read.

Writes go through files.atomic_write (a crash leaves the old note or the new one) under the
note's lock (one writer at a time).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from .errors import NoteProblem, NotesError
from .files import atomic_write, locked
from .notefile import parse_note, read_text


def readable(text: str, path: Path, before: str | None = None) -> None:
    """Raise NotesError unless the reader reads `text` (the new note at `path`) at least as
    well as it read `before` (the note as it was; None for a new note): no refusal, no new
    problem. A note that was unreadable before may be written unreadable still."""
    try:
        problems = parse_note(text, path).problems
    except NoteProblem as refused:
        if before is not None and _problems(before, path) is None:
            return  # it could not be read before either: the change made nothing worse
        raise NotesError(
            f"{path}: not written, as the note would not read back ({refused.what}); "
            "the file was left as it was"
        ) from None
    if not problems:
        return  # the usual case: one reading, of the new text
    known = _problems(before, path) if before is not None else set()
    if known is None:
        return  # unreadable before, readable now
    for problem in problems:
        if _kind(problem) not in known:
            raise NotesError(
                f"{path}: not written, as the note would read back with a problem "
                f"({problem.what}); the file was left as it was"
            )


def _problems(text: str, path: Path) -> set[str] | None:
    """The kinds of problem the reader finds in `text`, or None when it refuses it."""
    try:
        return {_kind(problem) for problem in parse_note(text, path).problems}
    except NoteProblem:
        return None


def _kind(problem: NoteProblem) -> str:
    """A problem without its line numbers, which a change above it moves."""
    return re.sub(r"\d+", "#", problem.what)


def write_new_note(path: Path, text: str) -> None:
    """Write a new note at `path`, never over an existing file (FileExistsError)."""
    readable(text, path)
    atomic_write(path, text, exclusive=True)


def rewrite_note(path: Path, text: str, before: str) -> None:
    """Replace the note at `path` (as it was: `before`) with `text`, under its lock already."""
    readable(text, path, before)
    atomic_write(path, text)


def update_note(path: Path, change: Callable[[str], str]) -> str:
    """Read, change and atomically rewrite a note, one writer at a time. Returns the new text."""
    # A symlinked note is changed where it lives; replacing the link would fork the note.
    path = Path(os.path.realpath(path))
    try:
        with locked(path):
            old_text = read_text(path)
            new_text = change(old_text)
            rewrite_note(path, new_text, old_text)
    except FileNotFoundError as exc:
        raise NotesError(f"{path}: the note disappeared while it was being changed") from exc
    return new_text
