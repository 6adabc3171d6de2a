"""Events and talks one row per line, in columns that fit the terminal."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notes_cli.listing import ListedEvent
from notes_cli.model import Event, Talk

from .console import OUT, info, speakers_text, stdout, to_terminal, visible

if TYPE_CHECKING:
    from rich.text import Text


@dataclass(frozen=True)
class Column:
    name: str
    width: int = 0  # fixed width; 0 shares what is left of the line by `ratio`
    ratio: int = 1
    right: bool = False
    style: str = ""
    main: bool = False  # the column that gets the width in a narrow terminal (a title)
    narrow: int = 0  # a fixed column's width in a narrow terminal, its text cut at `cut_at`
    cut_at: str = ""
    drop: int = 0  # left out in a narrow terminal, lowest first (0: never)


_CHUNK = 200
_GAP = 2


def _widths(columns: Sequence[Column], total: int, narrow: bool, wanted: int = 0) -> list[int]:
    """Fixed columns at their width; the others share what is left by `ratio`, except that the
    main one takes up to `wanted` from them (each keeps 8)."""
    widths = [(c.narrow if narrow and c.narrow else c.width) for c in columns]
    spare = total - sum(widths) - _GAP * (len(columns) - 1)
    flexible = [n for n, c in enumerate(columns) if not c.width]
    ratios = sum(columns[n].ratio for n in flexible) or 1
    for n in flexible:
        widths[n] = max(8, spare * columns[n].ratio // ratios)
    main = next((n for n in flexible if columns[n].main), None)
    if main is not None and widths[main] < wanted:
        others = [n for n in flexible if n != main]
        widths[main] = max(widths[main], min(wanted, spare - 8 * len(others)))
        left, ratios = spare - widths[main], sum(columns[n].ratio for n in others) or 1
        for n in others:
            widths[n] = max(8, left * columns[n].ratio // ratios)
    return widths


def layout(
    columns: Sequence[Column], total: int, longest: int = 0
) -> tuple[list[int], list[int], bool]:
    """(the columns shown, their widths, whether narrow) in a terminal `total` wide: the main
    column (the title) gets what its `longest` text needs, up to three fifths of the line, and
    two fifths of it (24 at least) when `longest` is not known. When it would not, the fixed
    columns narrow first (a date range shows its first day), then columns are left out in
    their order: a title is cut only when nothing else can give it room."""
    shown = list(range(len(columns)))
    narrow = False
    wanted = min(longest, max(24, total * 3 // 5)) if longest else max(24, total * 2 // 5)
    while True:
        widths = _widths([columns[n] for n in shown], total, narrow, wanted)
        main = [w for n, w in zip(shown, widths, strict=True) if columns[n].main]
        if not main or main[0] >= wanted:
            return shown, widths, narrow
        if not narrow and any(columns[n].narrow for n in shown):
            narrow = True
            continue
        droppable = [n for n in shown if columns[n].drop]
        if not droppable:
            return shown, widths, narrow
        shown.remove(min(droppable, key=lambda n: columns[n].drop))


def tab_rows(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> int:
    """Into a pipe: a header, then one row per line, its cells separated by tabs, nothing
    padded or cut (`cut -f3`, `awk -F'\\t'`); a tab inside a cell is written `\\t`."""
    chunk = ["\t".join(c.name for c in columns) + "\n"]
    printed = 0
    for row in rows:
        chunk.append("\t".join(visible(cell) for cell in row) + "\n")
        printed += 1
        if printed % _CHUNK == 0:
            OUT.write("".join(chunk))
            chunk = []
    if printed % _CHUNK:  # the rows left over (nothing at all, not even the header, for none)
        OUT.write("".join(chunk))
    OUT.flush()
    return printed


def stream_rows(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> int:
    """Print rows one line each, a chunk at a time: the first screen of a long list appears at
    once, and `grep` sees one row per line. In a terminal, in columns that fit its width (see
    `layout`, given the longest title of the first chunk), text too long for its column cut
    with '…'; into a pipe, as `tab_rows`."""
    if not to_terminal():  # decided without loading Rich, which a pipe does not need
        return tab_rows(columns, rows)
    from rich.text import Text

    console = stdout()
    rows = iter(rows)
    first = list(itertools.islice(rows, _CHUNK))
    main = [n for n, c in enumerate(columns) if c.main]
    longest = max((len(row[main[0]]) for row in first), default=0) if main else 0
    shown, widths, narrow = layout(columns, console.width, longest)
    kept = [columns[n] for n in shown]
    last = len(kept) - 1

    def line(row: Sequence[str], chunk: Text, *, header: bool = False) -> None:
        text = Text()
        cells = [visible(row[n]) for n in shown]
        for number, (cell, column, width) in enumerate(zip(cells, kept, widths, strict=True)):
            if narrow and column.cut_at and len(cell) > width:
                cell = cell.split(column.cut_at)[0]
            if len(cell) > width:
                cell = cell[: width - 1] + "…"
            padded = (
                cell.rjust(width) if column.right else cell if number == last else cell.ljust(width)
            )
            text.append(padded, style="bold" if header else column.style)
            if number < last:
                text.append(" " * _GAP)
        text.rstrip()  # an empty last column leaves no spaces at the end of the line
        chunk.append_text(text)
        chunk.append("\n")

    printed = 0
    chunk = Text()
    line([c.name for c in columns], chunk, header=True)
    for row in itertools.chain(first, rows):
        line(row, chunk)
        printed += 1
        if printed % _CHUNK == 0:
            console.print(chunk, soft_wrap=True, end="")
            chunk = Text()
    if printed % _CHUNK:  # the rows left over (nothing at all, not even the header, for none)
        console.print(chunk, soft_wrap=True, end="")
    return printed


_EVENT_COLUMNS = [
    Column("date", width=18, narrow=10, cut_at=" – "),
    Column("kind", width=10, drop=1),
    Column("title", ratio=3, style="bold", main=True),
    Column("talks", width=5, right=True),
    Column("location", ratio=1, drop=2),
]
TALK_COLUMNS = [
    Column("date", width=10),
    Column("event", ratio=2, drop=2),
    Column("talk", ratio=3, style="bold", main=True),
    Column("speakers", ratio=2, drop=3),
]


def id_column(ids: Sequence[str]) -> Column:
    """Ids are never cut: they are there to be copied."""
    return Column("id", width=max((len(i) for i in ids), default=2), style="dim")


def events_table(events: Iterable[ListedEvent], *, ids: bool = False) -> None:
    if ids:  # the ids' column is as wide as the longest: all of them first
        events = list(events)
    columns = [id_column([e.id for e in events])] if ids else []
    rows = (
        ([e.id] if ids else []) + [e.dates, e.kind, e.title, str(e.talks), e.location]
        for e in events
    )
    if not stream_rows([*columns, *_EVENT_COLUMNS], rows):
        info("no events match")


def talks_table(rows: Iterable[tuple[Event, Talk, str]], *, ids: bool = False) -> None:
    if ids:  # the ids' column is as wide as the longest: all of them first
        rows = list(rows)
    columns = [id_column([talk_id for _, _, talk_id in rows])] if ids else []
    cells = (
        ([talk_id] if ids else [])
        + [
            event.date.isoformat(),
            event.title,
            talk.title,
            speakers_text(talk.speakers),
            ", ".join(talk.tags),
        ]
        for event, talk, talk_id in rows
    )
    if not stream_rows([*columns, *TALK_COLUMNS, Column("tags", ratio=1, drop=1)], cells):
        info("no talks match")
