"""Where an import's notes go: the paths the real run writes (a dry run shows the same), and the
posts that are in the collection already.

A post is already imported when a note of its date and title (its id, or that id with `-2`,
`-3`...) holds every talk the post brings: that note is named and the post left alone. A
second post about the same event, with talks of its own, is written beside it under the next
free name, as ever; `--skip-existing` leaves alone any event whose date and title are taken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from . import collection
from .errors import NoteProblem
from .model import Draft, event_id, heading_key
from .notefile import read_note
from .results import Known, Planned


def imported_as(draft: Draft, notes: dict[str, Path]) -> Path | None:
    """The note (of `notes`, by id) that already holds `draft`, or None."""
    wanted = event_id(draft.date, draft.title)
    same = re.compile(re.escape(wanted) + r"(?:-\d+)?")
    talks = {heading_key(talk.title) for talk in draft.talks}
    for note_id in sorted(i for i in notes if same.fullmatch(i)):
        try:
            event = read_note(notes[note_id]).event
        except NoteProblem:
            continue
        if talks <= {heading_key(talk.title) for talk in event.talks}:
            return notes[note_id]
    return None


def placed(
    root: Path,
    drafts: Sequence[tuple[Path, Draft]],
    *,
    skip_existing: bool,
    undated: dt.date,
) -> tuple[tuple[Planned, ...], int, tuple[Known, ...]]:
    """(the notes to write, at the paths the real run uses; how many --skip-existing left
    alone; the posts already imported) for (source, draft) pairs."""
    notes = {path.stem: path for path in collection.note_paths(root)} if root.is_dir() else {}
    taken = set(notes)
    planned: list[Planned] = []
    known: list[Known] = []
    skipped = 0
    for source, draft in drafts:
        wanted = event_id(draft.date, draft.title)
        if skip_existing and wanted in taken:
            skipped += 1
            continue
        before = None if draft.date == undated else imported_as(draft, notes)
        if before is not None:
            known.append(Known(source, draft.title, before))
        elif draft.date == undated:  # only in a dry run: the real run has a date
            slug = wanted.split("-", 3)[-1]
            planned.append(Planned(root / "undated" / f"{slug}.md", draft, dated=False))
        else:
            planned.append(Planned(collection.new_note_path(root, draft, taken), draft))
    return tuple(planned), skipped, tuple(known)
