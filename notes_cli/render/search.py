"""Search hits under their events with their snippets, related talks, counts as bar charts,
and what the index holds."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from notes_cli.results import (
    Hit,
    IndexFacts,
    Related,
    SearchResult,
    Snippet,
    grouped,
)

from .console import info, speakers_text, stdout, visible
from .tables import TALK_COLUMNS, Column, stream_rows, tab_rows


def _snippet_text(snippet: Snippet) -> Text:
    """The snippet with its highlights, each piece made visible on its own, so that the
    highlights stay on the words they mark."""
    text = Text()
    at = 0
    for start, end in snippet.highlights:
        text.append(visible(snippet.text[at:start]))
        text.append(visible(snippet.text[start:end]), style="bold yellow")
        at = end
    text.append(visible(snippet.text[at:]))
    return text


def hits(result: SearchResult, groups: Sequence[tuple[Hit, Sequence[Hit]]]) -> None:
    """Search hits grouped under their event: date, title, place; then each talk."""
    console = stdout()
    for first, members in groups:
        header = Text()
        header.append(first.date.isoformat(), style="cyan")
        header.append("  ")
        header.append(visible(first.event_title), style="bold")
        if first.location:
            header.append(f" · {visible(first.location)}", style="dim")
        console.print(header, soft_wrap=True)
        for hit in members:
            title = Text("  ")
            if hit.is_event:
                title.append("(the event's own notes)", style="italic")
            else:
                title.append(visible(hit.title), style="bold green")
                if hit.format and hit.format != "talk":
                    title.append(f"  [{visible(hit.format)}]", style="magenta")
            console.print(title, soft_wrap=True)
            about = " · ".join(
                p for p in (speakers_text(hit.speakers, roles=True), ", ".join(hit.tags)) if p
            )
            if about:
                console.print(Text("    " + visible(about), style="dim"), soft_wrap=True)
            if hit.snippet.text:
                console.print(Text("    ") + _snippet_text(hit.snippet), soft_wrap=True)
        console.print()
    shown = len(result.hits)
    if shown < result.total or not result.exact:
        total = f"{result.total:,}" if result.exact else f"more than {_floor(result.total - 1):,}"
        info(f"{shown} of {total} matches for {result.query!r} (more with --limit)")
        return
    talks = sum(not hit.is_event for hit in result.hits)
    events = shown - talks
    counted = [f"{talks} talk{'s' if talks != 1 else ''}"] if talks else []
    counted += [f"{events} event{'s' if events != 1 else ''}'s notes"] if events else []
    info(f"{' and '.join(counted)} match {result.query!r}")


def _floor(count: int) -> int:
    """`count` rounded down to two significant figures (17,840 -> 17,000): a bound stays true."""
    scale: int = 10 ** max(0, len(str(count)) - 2)
    return count // scale * scale


def no_hits(result: SearchResult) -> None:
    info("no talks match")
    if result.suggestion:
        info(f"did you mean: {result.suggestion}?")


def search_result(result: SearchResult) -> None:
    """A search's hits under their events, or what to try when there are none."""
    if result.hits:
        hits(result, grouped(result.hits))
    else:
        no_hits(result)


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
