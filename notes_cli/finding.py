"""The Notebook's searches: a page of hits, every hit as it is read, the count alone, and the
talks of a digest.

A page (`search`) is read in full before anything prints. Every hit (`found`) comes from a
queries.Found, whose order and count are known at once and whose hits are read a chunk at a
time while they print: the caller closes it. The count (`count`) reads no stored field at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import NotesError
from .notefile import read_note

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
        from .index.queries import Found

        def paths(index: NoteIndex) -> dict[Path, set[str]]:
            found = Found(index, query, snippets=0, talks=True)
            try:
                wanted: dict[Path, set[str]] = {}
                for hit in found.hits():
                    wanted.setdefault(hit.path, set()).add(hit.id)
                return wanted
            finally:
                found.close()

        wanted = self._read(paths)
        if not wanted:
            raise NotesError(f"no talks match {query!r}: nothing to export")
        return _gathered(wanted, query, title)


def _gathered(wanted: dict[Path, set[str]], query: str, title: str) -> Digest:
    """The talks wanted of each note, under their event. Of the other talks only what the
    digest shows is kept (their titles, for the anchors): a digest of thousands of talks holds
    their notes, not every note of every event they are in."""
    from .export import Digest

    groups = []
    for path, ids in wanted.items():
        event = read_note(path).event
        talk_ids = event.talk_ids()
        talks = [
            talk if talk_id in ids else replace(talk, notes="", published=None)
            for talk, talk_id in zip(event.talks, talk_ids, strict=True)
        ]
        kept = [talk for talk, talk_id in zip(talks, talk_ids, strict=True) if talk_id in ids]
        groups.append((replace(event, talks=tuple(talks)), kept))
    groups.sort(key=lambda group: (group[0].date, group[0].title.casefold()), reverse=True)
    return Digest(title=title, query=query, groups=groups)
