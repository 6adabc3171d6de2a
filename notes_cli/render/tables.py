"""Events and talks one row per line, and one writeup rendered in the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from notes_cli.model import Event, Talk

from .console import info, speakers_text, stdout


@dataclass(frozen=True)
class Column:
    name: str
    width: int = 0  # fixed width; 0 shares what is left of the line by `ratio`
    ratio: int = 1
    right: bool = False
    style: str = ""


_CHUNK = 200


def stream_rows(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> int:
    """Print rows one line each, in fixed columns, a chunk at a time: the first screen of a long
    list appears at once, and `grep` sees one row per line. In a terminal, text too long for its
    column is cut with '…'; into a pipe, nothing is cut."""
    console = stdout()
    cut = console.is_terminal
    spare = console.width - sum(c.width for c in columns) - 2 * (len(columns) - 1)
    shares = sum(c.ratio for c in columns if not c.width) or 1
    widths = [c.width or max(8, spare * c.ratio // shares) for c in columns]
    last = len(columns) - 1

    def line(cells: Sequence[str], text: Text, *, header: bool = False) -> None:
        for number, (cell, column, width) in enumerate(zip(cells, columns, widths, strict=True)):
            if cut and len(cell) > width:
                cell = cell[: width - 1] + "…"
            padded = (
                cell.rjust(width) if column.right else cell if number == last else cell.ljust(width)
            )
            text.append(padded, style="bold" if header else column.style)
            if number < last:
                text.append("  ")
        text.append("\n")

    printed = 0
    chunk = Text()
    line([c.name for c in columns], chunk, header=True)
    for row in rows:
        line(row, chunk)
        printed += 1
        if printed % _CHUNK == 0:
            console.print(chunk, soft_wrap=True, end="")
            chunk = Text()
    if printed % _CHUNK:  # the rows left over (nothing at all, not even the header, for none)
        console.print(chunk, soft_wrap=True, end="")
    return printed


_EVENT_COLUMNS = [
    Column("date", width=18),
    Column("kind", width=10),
    Column("title", ratio=3, style="bold"),
    Column("talks", width=5, right=True),
    Column("location", ratio=2),
]


TALK_COLUMNS = [
    Column("date", width=10),
    Column("event", ratio=2),
    Column("talk", ratio=3, style="bold"),
    Column("speakers", ratio=2),
]


def events_table(events: Iterable[Event]) -> None:
    rows = ((e.dates(short=True), e.kind, e.title, str(len(e.talks)), e.location) for e in events)
    if not stream_rows(_EVENT_COLUMNS, rows):
        info("no events match")


def talks_table(rows: Iterable[tuple[Event, Talk]]) -> None:
    cells = (
        (
            event.date.isoformat(),
            event.title,
            talk.title,
            speakers_text(talk.speakers),
            ", ".join(talk.tags),
        )
        for event, talk in rows
    )
    if not stream_rows([*TALK_COLUMNS, Column("tags", ratio=1)], cells):
        info("no talks match")


def event_markdown(event: Event) -> str:
    """One writeup as Markdown: title, a line of facts, the event's text, then each talk."""
    facts = [event.dates(short=True), event.kind, event.location, event.url]
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

    stdout().print(Markdown(event_markdown(event)))
