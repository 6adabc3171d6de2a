"""What `notes export` reads and writes: the events to export, a digest's talks, the files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .collection import find_event, load
from .errors import NoteProblem, NotesError
from .export import Digest, Page
from .files import atomic_write
from .model import Event, Talk
from .notefile import read_note

if TYPE_CHECKING:
    from .index.sync import NoteIndex


def events_to_export(
    root: Path, refs: Sequence[str], *, every: bool
) -> tuple[list[Event], list[NoteProblem]]:
    """The events named (or all, newest first), and the notes that could not be read."""
    if every:
        collection = load(root)
        return collection.events, collection.unreadable
    return [find_event(root, ref) for ref in refs], []


def digest(index: NoteIndex, query: str, title: str) -> Digest:
    """Every talk the query matches, grouped under its event, newest event first."""
    from .index.queries import matching_talks

    hits = matching_talks(index, query)
    if not hits:
        raise NotesError(f"no talks match {query!r}: nothing to export")
    wanted: dict[Path, set[str]] = {}
    for hit in hits:
        wanted.setdefault(hit.path, set()).add(hit.id)
    groups: list[tuple[Event, list[Talk]]] = []
    for path, ids in wanted.items():
        event = read_note(path).event
        talks = [
            talk
            for talk, talk_id in zip(event.talks, event.talk_ids(), strict=True)
            if talk_id in ids
        ]
        groups.append((event, talks))
    groups.sort(key=lambda group: (group[0].date, group[0].title.casefold()), reverse=True)
    return Digest(title=title, query=query, groups=groups)


def write_pages(root: Path, out: Path, pages: Sequence[Page]) -> int:
    """Write the pages into `out` (never into the collection); returns how many changed.

    A page whose file already holds the same text is left alone, so re-exporting unchanged
    notes touches nothing.
    """
    target = out.expanduser().resolve()
    collection = root.expanduser().resolve()
    if target == collection or collection in target.parents:
        raise NotesError(
            f"{out} is inside the collection ({root}): export somewhere else, e.g. your blog's _posts/"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotesError(f"{out}: cannot create the folder ({exc.strerror or exc})") from exc
    written = 0
    for page in pages:
        path = target / page.name
        try:
            if path.read_text(encoding="utf-8") == page.text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        atomic_write(path, page.text)
        written += 1
    return written
