"""The values the operations return: hits, search results, counts, index facts, import plans.

Plain frozen dataclasses, with no Whoosh in sight, so that the renderer and the records of
`--json` know their real types and a command holds finished values before it prints a line.
The one mutable value is the Report, where what the user should hear about gathers while a
command works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NoteProblem
from .model import Speaker


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
    # The best passage of the notes: (text, matched) pieces.
    snippet: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int  # every match, or (when not `exact`) a lower bound
    exact: bool = True
    suggestion: str | None = None


def grouped(hits: list[Hit]) -> list[tuple[Hit, list[Hit]]]:
    """Hits under their event, events in the order of their first hit."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.event_id + "\x00" + str(hit.path), []).append(hit)
    return [(members[0], members) for members in groups.values()]


@dataclass(frozen=True)
class IndexFacts:
    location: Path
    events: int
    talks: int
    synced: str
    in_memory: bool


@dataclass
class Report:
    """What the user should hear about while a command works (the command line prints it)."""

    notices: list[str] = field(default_factory=list)
    # Notes skipped because they hold no usable event.
    unreadable: list[NoteProblem] = field(default_factory=list)
