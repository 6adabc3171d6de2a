"""The collection's trash: the notes `notes rm` moved to `.trash/`, and putting one back.

A trashed note keeps its sub-folder (`.trash/2016/<id>.md`); one trashed while an earlier
note of the same name was there got `-2`, `-3`... So a note goes back to its folder under its
own name, without that number when the number is the trash's (its title and date give the
name without it, and that name is free), and never over a note.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path

from .collection import TRASH
from .errors import EventNotFound, NoteProblem, NotesError
from .files import move_new
from .model import event_id
from .notefile import read_note
from .results import Trashed


def trashed(root: Path) -> list[Trashed]:
    """Every note in the trash, the last one trashed first."""
    trash = root / TRASH
    found = []
    for folder, dirs, files in os.walk(trash) if trash.is_dir() else []:
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.endswith(".md") or name.startswith("."):
                continue
            path = Path(folder, name)
            try:
                when = dt.datetime.fromtimestamp(path.lstat().st_ctime)  # when it was linked here
            except OSError:
                continue
            try:
                found.append(Trashed(path, path.relative_to(trash), when, read_note(path).event))
            except NoteProblem as problem:
                found.append(Trashed(path, path.relative_to(trash), when, None, problem.what))
    return sorted(found, key=lambda t: (t.trashed, t.id), reverse=True)


def find(found: Iterable[Trashed], ref: str) -> Trashed:
    """The trashed note `ref` names: its id, a unique start of it, or a unique piece of its
    title."""
    found = list(found)
    wanted = ref.strip().casefold()
    for matches in (
        [t for t in found if t.id.casefold() == wanted],
        [t for t in found if wanted and t.id.casefold().startswith(wanted)],
        [t for t in found if wanted and wanted in t.title.casefold()],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise EventNotFound(ref, [t.id for t in matches])
    raise NotesError(f"nothing in the trash matches '{ref}'; see `notes restore` for what is there")


def _names(note: Trashed) -> list[str]:
    """The names the note may go back under, best first."""
    names = [note.id]
    numbered = re.fullmatch(r"(.+)-\d+", note.id)
    natural = event_id(note.event.date, note.event.title) if note.event else None
    if numbered and numbered[1] == natural:
        names.insert(0, numbered[1])  # the number was the trash's
    return names


def restore(root: Path, note: Trashed, taken: set[str]) -> Path:
    """Put `note` back where it was (`taken`: the ids in the collection); returns its path."""
    names = [name for name in _names(note) if name not in taken]
    if not names:
        raise NotesError(
            f"a note named {note.id} is in the collection again: rename it (notes mv) first"
        )
    folder = root / note.relative.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            target = folder / f"{name}.md"
            try:
                move_new(note.path, target)  # never over a note, even one written meanwhile
            except FileExistsError:
                continue
            return target
    except OSError as exc:
        raise NotesError(f"{note.path}: could not put it back ({exc.strerror or exc})") from exc
    raise NotesError(f"{folder / names[-1]}.md exists: the note stays in the trash")
