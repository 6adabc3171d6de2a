"""The values the operations return: hits, search results, related talks; index facts, import
plans and what a sync through git did (outcomes.py) are named here too.

Plain frozen dataclasses, with no Whoosh in sight, so that the renderer and the records of
`--json` know their real types and a command holds finished values before it prints a line.
The Report (report.py), where what the user should hear about gathers while a command works,
and TalkRef (talkref.py) live beside the code that makes them, so that a command such as `jot`
creates none of the classes here; the values of the commands that check, import, update,
share and tidy are outcomes.py's, so that a search creates none of theirs. All are named here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .model import Speaker
from .report import Report as Report

if TYPE_CHECKING:  # the values of outcomes.py and TalkRef, named here, loaded when first asked for
    from .outcomes import Change as Change
    from .outcomes import Checked as Checked
    from .outcomes import ImportPlan as ImportPlan
    from .outcomes import IndexFacts as IndexFacts
    from .outcomes import InitResult as InitResult
    from .outcomes import KeyChange as KeyChange
    from .outcomes import Known as Known
    from .outcomes import Planned as Planned
    from .outcomes import Renamed as Renamed
    from .outcomes import SyncResult as SyncResult
    from .outcomes import SyncStatus as SyncStatus
    from .outcomes import TalkUpdate as TalkUpdate
    from .outcomes import Trashed as Trashed
    from .outcomes import Updated as Updated
    from .outcomes import UpdatePlan as UpdatePlan
    from .talkref import TalkRef as TalkRef


@dataclass(frozen=True)
class Snippet:
    """A passage of a hit's notes as plain text, and where in it the matched words are:
    (start, end) character ranges, in order."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


NO_SNIPPET = Snippet("")


@dataclass(frozen=True)
class Hit:
    """A talk (or an event's own text) found in the index."""

    id: str
    event_id: str
    event_title: str
    event_kind: str
    date: dt.date
    location: str
    title: str
    speakers: tuple[Speaker, ...]
    tags: tuple[str, ...]
    format: str
    track: str
    score: float
    path: Path
    is_event: bool = False
    # The best passage of the notes.
    snippet: Snippet = NO_SNIPPET


@dataclass(frozen=True)
class SearchResult:
    """The first page of a search's hits, how many there are, and a "did you mean"."""

    query: str
    hits: list[Hit]
    total: int  # every match, or (when not `exact`) a lower bound
    exact: bool = True
    suggestion: str | None = None


class HitSource(Protocol):
    """Every hit of a search, read as it is used (index.queries.Found): the count and the order
    are known at once, the hits come a chunk at a time, a snippet only where one is made."""

    text: str
    total: int
    exact: bool

    def hits(self) -> Iterator[Hit]: ...

    def snippets_of(self, hits: Sequence[Hit]) -> list[Hit]: ...

    def suggestion(self) -> str | None: ...


def grouped(hits: list[Hit]) -> list[tuple[Hit, list[Hit]]]:
    """Hits under their event, events in the order of their first hit."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.event_id + "\x00" + str(hit.path), []).append(hit)
    return [(members[0], members) for members in groups.values()]


@dataclass(frozen=True)
class Related:
    """A talk and the talks most like it."""

    talk: Hit
    hits: list[Hit]


# The values named here that live in another module, loaded when first asked for.
_ELSEWHERE = dict.fromkeys(
    (
        "Checked",
        "Planned",
        "Known",
        "ImportPlan",
        "KeyChange",
        "TalkUpdate",
        "Updated",
        "UpdatePlan",
        "Change",
        "InitResult",
        "SyncStatus",
        "SyncResult",
        "Renamed",
        "Trashed",
        "IndexFacts",
    ),
    "outcomes",
) | {"TalkRef": "talkref"}


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(f".{_ELSEWHERE[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
