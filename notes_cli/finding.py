"""The Notebook's searches: a page of hits, every hit as it is read, the count alone, and the
talks of a digest.

A page (`search`) is read in full before anything prints. Every hit (`found`) comes from a
queries.Found, whose order and count are known at once and whose hits are read a chunk at a
time while they print: the caller closes it. The count (`count`) reads no stored field at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import NotesError
from .lazy import pattern
from .model import Event
from .notebody import split_note
from .notefile import _with_sections, parse_note, read_text

if TYPE_CHECKING:
    from .export import Digest
    from .index.queries import Found
    from .index.sync import NoteIndex
    from .results import SearchResult

T = TypeVar("T")


class Finding:
    """Mixed into Notebook, which gives `_read`: work on the synced, self-healing index."""

    def _read(self, work: Callable[[NoteIndex], T]) -> T:
        raise NotImplementedError

    def search(
        self, text: str, *, limit: int = 20, sort: str = "relevance", count: bool = True
    ) -> SearchResult:
        """The best `limit` hits, with their snippets, and how many match."""
        from .index import queries

        return self._read(
            lambda index: queries.search(index, text, limit=limit, sort=sort, count=count)
        )

    def found(
        self,
        text: str,
        *,
        limit: int | None = None,
        sort: str = "relevance",
        snippets: int | None = None,
        count: bool = True,
    ) -> Found:
        """Every hit of a query (or the best `limit`), read as they are used; the first
        `snippets` with their snippets (None: all). With `count` False, a query with a phrase
        may give a lower bound of the count (see queries.search). Close it when done."""
        from .index.queries import Found

        return self._read(
            lambda index: Found(index, text, limit=limit, sort=sort, count=count, snippets=snippets)
        )

    def count(self, text: str) -> int:
        """How many talks and events' own notes a query matches."""
        from .index import queries

        return self._read(lambda index: queries.count(index, text))

    def digest(self, query: str, title: str) -> Digest:
        """Every talk the query matches, grouped under its event, newest event first."""
        from .index import queries

        def work(index: NoteIndex) -> tuple[dict[Path, set[str]], dict[Path, Event]]:
            found = queries.Found(index, query, snippets=0, talks=True)
            try:
                wanted: dict[Path, set[str]] = {}
                events: dict[Path, tuple[str, int]] = {}
                for (docnum, _), hit in zip(found.docs, found.hits(), strict=True):
                    wanted.setdefault(hit.path, set()).add(hit.id)
                    events[hit.path] = (hit.event_id, docnum)
            finally:
                found.close()
            return wanted, queries.events_at(index, events)

        wanted, known = self._read(work)
        if not wanted:
            raise NotesError(f"no talks match {query!r}: nothing to export")
        return _gathered(wanted, known, query, title)


# A talk's links, which only the front matter's YAML can give (the index keeps no links): a
# key of LINK_KEYS anywhere but at the start of a line (where `url:` is the event's own).
_LINKS = pattern(  # (a digest's only: compiled when first used)
    r"(?:^[ \t]+|[{,-][ \t]*)[\"']?(?:slides|video|url|code_url|recording)[\"']?[ \t]*:", re.M
)


def _has_links(front: str) -> bool:
    """Whether a talk of the front matter may have links: looked for by `_LINKS` only when one
    of their names is there at all (the pattern costs three times the file's reading)."""
    names = ("slides", "video", "url", "recording")  # code_url has url in it
    return any(name in front for name in names) and _LINKS.search(front) is not None


def _read_event(path: Path, known: Event | None, ids: set[str]) -> tuple[Event, list[str]]:
    """A note's event as a digest shows it, and its talks' ids: the front matter's facts as
    the index keeps them (synced a moment ago), the notes of the talks `ids` names from the
    file, read as the note's reader reads them (notefile: sections paired with talks, private
    parts found). Parsing the YAML of 800 notes was most of a digest's time; a note whose
    talks have links is parsed whole."""
    text = read_text(path)
    split = split_note(text, path)
    if known is None or _has_links(split.front):
        event = parse_note(text, path).event
        return event, event.talk_ids()
    talk_ids = known.talk_ids()
    wanted = {number for number, talk_id in enumerate(talk_ids) if talk_id in ids}
    talks, published, own = _with_sections(list(known.talks), split, path, [], wanted)
    return replace(known, talks=tuple(talks), text=own, published=published), talk_ids


def _gathered(
    wanted: dict[Path, set[str]], known: dict[Path, Event], query: str, title: str
) -> Digest:
    """The talks wanted of each note, under their event. Of the other talks only what the
    digest shows is kept (their titles, for the anchors): a digest of thousands of talks holds
    their notes, not every note of every event they are in."""
    from .export import Digest

    groups = []
    for path, ids in wanted.items():
        event, talk_ids = _read_event(path, known.get(path), ids)
        talks = [
            talk
            if talk_id in ids or (not talk.notes and talk.published is None)
            else replace(talk, notes="", published=None)
            for talk, talk_id in zip(event.talks, talk_ids, strict=True)
        ]
        kept = [talk for talk, talk_id in zip(talks, talk_ids, strict=True) if talk_id in ids]
        groups.append((replace(event, talks=tuple(talks)), kept))
    groups.sort(key=lambda group: (group[0].date, group[0].title.casefold()), reverse=True)
    return Digest(title=title, query=query, groups=groups)
