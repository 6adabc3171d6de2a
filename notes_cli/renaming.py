"""Renaming an event: its title and date in the front matter, its file name (and so its id)
with them.

The front matter changes as text, only the values asked for (an end date moves with the date,
so a conference keeps its length); the result is parsed again and compared. The note is then
written under its new name, never over another note, and the old name removed: a crash in
between leaves both names, never neither, never half of one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .errors import NotesError
from .files import atomic_write, locked
from .model import Event, event_id
from .notebody import split_note
from .notefile import read_text
from .results import Renamed
from .saving import readable
from .yamlfront import compose, dump_yaml, mapping_nodes


def _scalar(key: str, value: Any) -> str:
    """`value` as YAML writes it after `key: ` (quoted when it must be)."""
    return dump_yaml({key: value}).split(": ", 1)[1].rstrip("\n")


def renamed_text(text: str, path: Path, values: dict[str, Any]) -> str:
    """`text` with the front matter's top-level `values` (title, date, end_date) replaced, as
    text, each where it is written; nothing else changes."""
    split = split_note(text, path)
    node, data = compose(split.front, path, split.front_line)
    nodes = mapping_nodes(node)
    front = split.front
    spans = []
    for key, value in values.items():
        if key not in nodes:
            raise NotesError(f"{path}: the front matter has no {key}: line to change")
        written = nodes[key][1]
        spans.append((written.start_mark.index, written.end_mark.index, _scalar(key, value)))
    for start, end, value in sorted(spans, reverse=True):
        front = front[:start] + value + front[end:]
    new_text = text[: split.front_start] + front + text[split.front_end :]
    _, new_data = compose(split_note(new_text, path).front, path, split.front_line)
    expected = {**data, **values}
    if new_data != expected or list(new_data) != list(expected):
        raise NotesError(
            f"{path}: could not change {', '.join(values)} without changing other text"
        )
    return new_text


def rename(
    root: Path, event: Event, taken: set[str], *, title: str | None, date: dt.date | None
) -> Renamed:
    """Give `event` a new title and/or date, and the file name (id) that goes with them.

    `taken` holds the ids of every note in the collection. The note moves to the sibling
    `YYYY/` folder when it sits in the folder of its old year."""
    title = " ".join(title.split()) if title is not None else None
    if title == "" or (title is None and date is None):
        raise NotesError("say what to change: --title 'New title' and/or --date YYYY-MM-DD")
    values: dict[str, Any] = {}
    if title is not None and title != event.title:
        values["title"] = title
    if date is not None and date != event.date:
        values["date"] = date
        if event.end_date:  # the event keeps its length
            values["end_date"] = event.end_date + (date - event.date)
    new_id = event_id(date or event.date, title or event.title)
    new_path = _new_path(event, date or event.date, new_id)
    if new_id != event.id and new_id in taken:
        raise NotesError(
            f"another note is already named {new_id}: rename or remove it first (notes mv, notes rm)"
        )
    if event.path.is_symlink():
        raise NotesError(f"{event.path} is a link: rename the note it points to instead")
    with locked(event.path):
        text = read_text(event.path)
        new_text = renamed_text(text, event.path, values) if values else text
        readable(new_text, new_path, text)
        if new_path == event.path:
            atomic_write(event.path, new_text)
        else:
            _move(event.path, new_path, new_text)
    from .notefile import read_note

    return Renamed(old_id=event.id, old_path=event.path, event=read_note(new_path).event)


def _new_path(event: Event, date: dt.date, new_id: str) -> Path:
    folder = event.path.parent
    if folder.name == f"{event.date.year:04d}":
        folder = folder.parent / f"{date.year:04d}"
    return folder / f"{new_id}.md"


def _move(old: Path, new: Path, text: str) -> None:
    try:
        new.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(new, text, exclusive=True)
    except FileExistsError:
        raise NotesError(f"{new} already exists: the note was left as it was") from None
    except OSError as exc:
        raise NotesError(f"{new.parent}: cannot create the folder ({exc.strerror or exc})") from exc
    try:
        old.unlink()
    except OSError as exc:
        raise NotesError(
            f"{new} is written, but {old} could not be removed ({exc.strerror or exc}): remove it"
        ) from exc
