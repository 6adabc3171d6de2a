"""Everything the user sees: tables, rendered notes, JSON, messages. The only module that prints.

Data goes to stdout, messages (errors, notices, summaries) to stderr. Text that comes from
notes is never read as Rich markup, so a title with `[brackets]` prints as written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import NoteProblem
from .model import Event, Speaker, Talk


@cache
def _out() -> Console:
    return Console(highlight=False)


@cache
def _err() -> Console:
    return Console(stderr=True, highlight=False)


def error(message: str) -> None:
    _err().print(Text(f"error: {message}", style="red"), soft_wrap=True)


def notice(message: str) -> None:
    _err().print(Text(message, style="yellow"), soft_wrap=True)


def info(message: str) -> None:
    _err().print(Text(message), soft_wrap=True)


def line(text: str) -> None:
    """One line of data on stdout, exactly as given (paths, ids)."""
    _out().print(Text(text), soft_wrap=True)


def json_document(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def problems(found: Sequence[NoteProblem]) -> None:
    for problem in found:
        line(str(problem))


def unreadable(found: Iterable[NoteProblem]) -> None:
    """Files skipped because they hold no usable event: one notice each, on stderr."""
    for problem in found:
        notice(f"skipped {problem}")


def speakers_text(speakers: Iterable[Speaker], *, roles: bool = False) -> str:
    """`Carl Simpson (Zen Internet), Ann Lee`: with roles too when asked."""
    parts = []
    for speaker in speakers:
        if roles:
            parts.append(speaker.label())
        else:
            parts.append(f"{speaker.name} ({speaker.company})" if speaker.company else speaker.name)
    return ", ".join(parts)


def _date_text(event: Event) -> str:
    if event.end_date and event.end_date != event.date:
        if event.end_date.year == event.date.year:
            return f"{event.date.isoformat()} – {event.end_date.strftime('%m-%d')}"
        return f"{event.date.isoformat()} – {event.end_date.isoformat()}"
    return event.date.isoformat()


def events_table(events: Sequence[Event]) -> None:
    if not events:
        info("no events match")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("talks", justify="right")
    table.add_column("location", ratio=2)
    for event in events:
        table.add_row(
            _date_text(event),
            event.kind,
            Text(event.title, style="bold"),
            str(len(event.talks)),
            event.location,
        )
    _out().print(table)


def talks_table(rows: Sequence[tuple[Event, Talk]]) -> None:
    if not rows:
        info("no talks match")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("event", ratio=2)
    table.add_column("talk", ratio=3)
    table.add_column("speakers", ratio=2)
    table.add_column("tags", ratio=1)
    for event, talk in rows:
        table.add_row(
            event.date.isoformat(),
            event.title,
            Text(talk.title, style="bold"),
            speakers_text(talk.speakers),
            ", ".join(talk.tags),
        )
    _out().print(table)


def event_markdown(event: Event) -> str:
    """One writeup as Markdown: title, a line of facts, the event's text, then each talk."""
    facts = [_date_text(event), event.kind, event.location, event.url]
    parts = [f"# {event.title}", " · ".join(f for f in facts if f)]
    if event.tags:
        parts.append("tags: " + ", ".join(event.tags))
    if event.text.strip():
        parts.append(event.text.strip())
    for talk in event.talks:
        parts.append(f"## {talk.title}")
        about = [speakers_text(talk.speakers, roles=True)]
        if talk.format and talk.format != "talk":
            about.append(talk.format)
        if talk.track:
            about.append(f"track: {talk.track}")
        if talk.tags:
            about.append("tags: " + ", ".join(talk.tags))
        about = [a for a in about if a]
        if about:
            parts.append("*" + " · ".join(about) + "*")
        if talk.notes.strip():
            parts.append(talk.notes.strip())
    return "\n\n".join(parts) + "\n"


def event_view(event: Event) -> None:
    from rich.markdown import Markdown  # only `show` needs it, and it is slow to import

    _out().print(Markdown(event_markdown(event)))
