"""The Notebook's searches: a page of hits, every hit as it is read, the count alone, and the
talks of a digest.

A page (`search`) is read in full before anything prints. Every hit (`found`) comes from a
queries.Found, whose order and count are known at once and whose hits are read a chunk at a
time while they print: the caller closes it. The count (`count`) reads no stored field at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
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
