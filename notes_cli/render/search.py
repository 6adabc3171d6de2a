"""Related talks, counts as bar charts, and what the index holds (search hits: hitlist.py)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from notes_cli.results import IndexFacts, Related

from .console import info, speakers_text, stdout, visible
from .tables import TALK_COLUMNS, Column, stream_rows, tab_rows


def related_list(related: Related) -> None:
    talk, found = related.talk, related.hits
    if not found:
        info(f"no talks are like '{talk.title}' yet")
        return
    info(f"talks like '{talk.title}' ({talk.event_title}):")
    rows = (
        (hit.date.isoformat(), hit.event_title, hit.title, speakers_text(hit.speakers))
        for hit in found
    )
    stream_rows(TALK_COLUMNS, rows)


def counts(by: str, query: str | None, found: Sequence[tuple[str, int]], *, limit: int) -> None:
    """`notes stats`: a bar chart of the largest `limit` counts."""
    what = f"talks matching {query!r}" if query else "all talks"
    if found and not stdout().is_terminal:  # a pipe gets the numbers: value, tab, count
        tab_rows([Column(by), Column("talks")], [(value, str(n)) for value, n in found[:limit]])
    else:
        bar_chart(f"{what}, by {by}", found[:limit])
    if len(found) > limit:
        info(f"{limit} of {len(found)} rows (more with --limit)")


def bar_chart(title: str, counts: Sequence[tuple[str, int]], *, width: int = 40) -> None:
    if not counts:
        info("no talks to count")
        return
    top = max(count for _, count in counts)
    table = Table(
        title=Text(visible(title)), box=None, header_style="bold", pad_edge=False, show_header=False
    )
    table.add_column("value", ratio=2)
    table.add_column("bar", ratio=3, no_wrap=True)
    table.add_column("count", justify="right")
    for value, count in counts:
        bar = "█" * max(1, round(width * count / top))
        table.add_row(Text(visible(value)), Text(bar, style="cyan"), str(count))
    stdout().print(table)


def index_facts(facts: IndexFacts) -> None:
    where = (
        "memory (the cache folder cannot be written)" if facts.in_memory else str(facts.location)
    )
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("events", f"{facts.events:,}")
    table.add_row("talks", f"{facts.talks:,}")
    table.add_row("location", Text(visible(where)))
    table.add_row("synced", Text(visible(facts.synced or "now")))
    stdout().print(table)
