"""Events and talks one row per line, in columns that fit the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from notes_cli.model import Event, Talk

from .console import info, speakers_text, stdout, visible


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


def _widths(columns: Sequence[Column], total: int, narrow: bool) -> list[int]:
    fixed = [(c.narrow if narrow and c.narrow else c.width) for c in columns]
    spare = total - sum(fixed) - _GAP * (len(columns) - 1)
    shares = sum(c.ratio for c in columns if not c.width) or 1
    return [
        width or max(8, spare * c.ratio // shares) for c, width in zip(columns, fixed, strict=True)
    ]


def layout(columns: Sequence[Column], total: int) -> tuple[list[int], list[int], bool]:
    """(the columns shown, their widths, whether narrow) in a terminal `total` wide: the main
    column (the title) gets two fifths of the line at least. When it would not, the fixed
    columns narrow first (a date range shows its first day), then columns are left out in
    their order."""
    shown = list(range(len(columns)))
    narrow = False
    wanted = max(24, total * 2 // 5)
    while True:
        widths = _widths([columns[n] for n in shown], total, narrow)
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


def stream_rows(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> int:
    """Print rows one line each, in fixed columns, a chunk at a time: the first screen of a long
    list appears at once, and `grep` sees one row per line. In a terminal, the columns fit its
    width (see `layout`) and text too long for its column is cut with '…'; into a pipe, nothing
    is cut."""
    console = stdout()
    cut = console.is_terminal
    shown, widths, narrow = (
        layout(columns, console.width)
        if cut
        else (list(range(len(columns))), _widths(columns, console.width, False), False)
    )
    kept = [columns[n] for n in shown]
    last = len(kept) - 1

    def line(row: Sequence[str], text: Text, *, header: bool = False) -> None:
        cells = [visible(row[n]) for n in shown]
        for number, (cell, column, width) in enumerate(zip(cells, kept, widths, strict=True)):
            if cut and narrow and column.cut_at and len(cell) > width:
                cell = cell.split(column.cut_at)[0]
            if cut and len(cell) > width:
                cell = cell[: width - 1] + "…"
            padded = (
                cell.rjust(width) if column.right else cell if number == last else cell.ljust(width)
            )
            text.append(padded, style="bold" if header else column.style)
            if number < last:
                text.append(" " * _GAP)
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


def events_table(events: Iterable[Event], *, ids: bool = False) -> None:
    if ids:  # the ids' column is as wide as the longest: all of them first
        events = list(events)
    columns = [id_column([e.id for e in events])] if ids else []
    rows = (
        ([e.id] if ids else [])
        + [e.dates(short=True), e.kind, e.title, str(len(e.talks)), e.location]
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
