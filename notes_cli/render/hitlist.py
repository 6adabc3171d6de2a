"""Search hits as people and programs read them: grouped under their events (into a file or a
pipe as plain text, in a terminal styled and, when longer than the screen, through the pager as
it is made), or one hit per line as tab-separated rows.

Into a pipe nothing is styled, so the grouped text is written as it is, without Rich: a page of
thousands of hits costs what its lines cost. In a terminal, each group's snippets are made when
the group is printed, so a pager that is quit early leaves the rest unmade.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from notes_cli.model import Speaker
from notes_cli.results import Hit, HitSource, Snippet, grouped

from .console import OUT, info, speakers_text, stdout, styled, to_terminal, visible

# The columns of `notes search --all` in a pipe (record keys; --fields picks others).
ROW_KEYS = ("id", "date", "event_title", "title", "speakers", "tags")
_FLUSH_EVERY = 200

Segment = tuple[str, str]  # visible text, and its style in a terminal


def _snippet_segments(snippet: Snippet) -> list[Segment]:
    """The snippet with its highlights, each piece made visible on its own, so that the
    highlights stay on the words they mark."""
    parts: list[Segment] = []
    at = 0
    for start, end in snippet.highlights:
        parts.append((visible(snippet.text[at:start]), ""))
        parts.append((visible(snippet.text[start:end]), "bold yellow"))
        at = end
    parts.append((visible(snippet.text[at:]), ""))
    return parts


def group_lines(first: Hit, members: Sequence[Hit]) -> Iterator[list[Segment]]:
    """The lines of one event's hits: date, title, place; then each talk, its speakers and
    tags, its snippet; then an empty line."""
    header = [(first.date.isoformat(), "cyan"), ("  ", ""), (visible(first.event_title), "bold")]
    if first.location:
        header.append((f" · {visible(first.location)}", "dim"))
    yield header
    for hit in members:
        if hit.is_event:
            yield [("  ", ""), ("(the event's own notes)", "italic")]
        else:
            title = [("  ", ""), (visible(hit.title), "bold green")]
            if hit.format and hit.format != "talk":
                title.append((f"  [{visible(hit.format)}]", "magenta"))
            yield title
        about = " · ".join(
            p for p in (speakers_text(hit.speakers, roles=True), ", ".join(hit.tags)) if p
        )
        if about:
            yield [("    " + visible(about), "dim")]
        if hit.snippet.text:
            yield [("    ", ""), *_snippet_segments(hit.snippet)]
    yield []


def plain_groups(groups: Iterable[tuple[Hit, Sequence[Hit]]]) -> None:
    """The grouped hits as plain text (what the terminal shows, without its styles)."""
    for number, (first, members) in enumerate(groups, start=1):
        OUT.write(
            "".join(
                "".join(text for text, _ in line) + "\n" for line in group_lines(first, members)
            )
        )
        if number % _FLUSH_EVERY == 0:
            OUT.flush()
    OUT.flush()


def _styled_group(first: Hit, members: Sequence[Hit]) -> str:
    from rich.text import Text

    console = stdout()
    text = Text()
    for number, line in enumerate(group_lines(first, members)):
        if number:
            text.append("\n")
        for part, style in line:
            text.append(part, style=style or None)
    with console.capture() as captured:
        console.print(text, soft_wrap=True)
    return captured.get()


def terminal_groups(found: HitSource, hits: list[Hit], *, pager: bool) -> None:
    """The grouped hits in a terminal, each group's snippets made as it is printed; through
    $PAGER (as it is made) once they fill more than the screen, unless `pager` is False."""
    from notes_cli.pager import open_pager

    height = stdout().height
    shown: list[str] = []
    lines = 0
    into: IO[bytes] | None = None
    process = None
    try:
        for first, members in grouped(hits):
            text = _styled_group(first, found.snippets_of(members))
            if into is not None:
                into.write(text.encode("utf-8", "replace"))
                continue
            if not pager:
                styled(text)
                continue
            shown.append(text)
            lines += text.count("\n")
            if lines > height:
                process = open_pager()
                pager = process is not None  # none to be found: print the rest
                if process is None:
                    styled("".join(shown))
                else:
                    into = process.stdin
                    assert into is not None
                    into.write("".join(shown).encode("utf-8", "replace"))
                shown.clear()
    except BrokenPipeError:
        if into is None:
            raise
    finally:
        if process is not None:
            _close_pager(process)
    if shown:
        styled("".join(shown))


def _close_pager(process: Any) -> None:
    with contextlib.suppress(BrokenPipeError):  # quit early (q in less): nothing more to show
        process.stdin.close()
    process.wait()


def summary(found: HitSource, hits: Sequence[Hit]) -> None:
    """How many hits there are, on stderr, and how to see more."""
    shown = len(hits)
    if shown < found.total or not found.exact:
        total = f"{found.total:,}" if found.exact else f"more than {_floor(found.total - 1):,}"
        info(f"{shown} of {total} matches for {found.text!r} (more with --limit, or --all)")
        return
    talks = sum(not hit.is_event for hit in hits)
    events = shown - talks
    counted = [f"{talks:,} talk{'s' if talks != 1 else ''}"] if talks else []
    counted += [f"{events:,} event{'s' if events != 1 else ''}'s notes"] if events else []
    info(f"{' and '.join(counted)} match {found.text!r}")


def _floor(count: int) -> int:
    """`count` rounded down to two significant figures (17,840 -> 17,000): a bound stays true."""
    scale: int = 10 ** max(0, len(str(count)) - 2)
    return count // scale * scale


def no_hits(found: HitSource) -> None:
    info("no talks match")
    suggestion = found.suggestion()
    if suggestion:
        info(f"did you mean: {suggestion}?")


def grouped_hits(found: HitSource, *, pager: bool = True) -> None:
    """A search's hits under their events, or what to try when there are none."""
    hits = list(found.hits())
    if not hits:
        no_hits(found)
        return
    if to_terminal():
        terminal_groups(found, hits, pager=pager)
    else:
        plain_groups(grouped(hits))
    summary(found, hits)


def _cell(value: Any) -> str:
    """A record's value as one cell: lists joined with commas, a speaker as `Name (Company)`,
    a highlight as `start-end`."""
    if isinstance(value, Mapping):
        return speakers_text([Speaker(value["name"], value["role"], value["company"])])
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int) for v in value):
            return f"{value[0]}-{value[1]}"
        return ", ".join(_cell(v) for v in value)
    return "" if value is None else str(value)


def record_rows(keys: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
    """Into a pipe as `list` writes its rows (tables.tab_rows): a header of the keys, then one
    tab-separated row per record, written as they come."""
    from .tables import Column, tab_rows  # (a search into a terminal or a file loads none)

    tab_rows([Column(key) for key in keys], ([_cell(r[key]) for key in keys] for r in records))
