"""Everything the user sees: tables, rendered notes, JSON, messages. The only module that prints.

Data goes to stdout, messages (errors, notices, summaries) to stderr. Text that comes from
notes is never read as Rich markup, so a title with `[brackets]` prints as written.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import NoteProblem
from .model import Event, Speaker, Talk
from .results import (
    Change,
    Checked,
    Exported,
    Hit,
    ImportPlan,
    IndexFacts,
    InitResult,
    Related,
    Report,
    SearchResult,
    Snippet,
    SyncResult,
    SyncStatus,
    grouped,
)


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


def raw(text: str) -> None:
    """Text on stdout exactly as given (an exported post)."""
    sys.stdout.write(text)
    sys.stdout.flush()


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


def report(told: Report) -> None:
    """What a command's Notebook has to say (a rebuild, skipped notes), once, at its end."""
    for message in told.notices:
        notice(message)
    unreadable(told.unreadable)


def plural(count: int, word: str, many: str = "") -> str:
    """`1 note`, `2 notes` (`many` when the plural is not `word` + s)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def speakers_text(speakers: Iterable[Speaker], *, roles: bool = False) -> str:
    """`Carl Simpson (Zen Internet), Ann Lee`: with roles too when asked."""
    parts = []
    for speaker in speakers:
        if roles:
            parts.append(speaker.label())
        else:
            parts.append(f"{speaker.name} ({speaker.company})" if speaker.company else speaker.name)
    return ", ".join(parts)


@dataclass(frozen=True)
class Column:
    name: str
    width: int = 0  # fixed width; 0 shares what is left of the line by `ratio`
    ratio: int = 1
    right: bool = False
    style: str = ""


_CHUNK = 200


def _stream(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> int:
    """Print rows one line each, in fixed columns, a chunk at a time: the first screen of a long
    list appears at once, and `grep` sees one row per line. In a terminal, text too long for its
    column is cut with '…'; into a pipe, nothing is cut."""
    console = _out()
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
_TALK_COLUMNS = [
    Column("date", width=10),
    Column("event", ratio=2),
    Column("talk", ratio=3, style="bold"),
    Column("speakers", ratio=2),
]


def events_table(events: Iterable[Event]) -> None:
    rows = ((e.dates(short=True), e.kind, e.title, str(len(e.talks)), e.location) for e in events)
    if not _stream(_EVENT_COLUMNS, rows):
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
    if not _stream([*_TALK_COLUMNS, Column("tags", ratio=1)], cells):
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

    _out().print(Markdown(event_markdown(event)))


# --- search ----------------------------------------------------------------------------------


def _snippet_text(snippet: Snippet) -> Text:
    text = Text(snippet.text)
    for start, end in snippet.highlights:
        text.stylize("bold yellow", start, end)
    return text


def hits(result: SearchResult, groups: Sequence[tuple[Hit, Sequence[Hit]]]) -> None:
    """Search hits grouped under their event: date, title, place; then each talk."""
    console = _out()
    for first, members in groups:
        header = Text()
        header.append(first.date.isoformat(), style="cyan")
        header.append("  ")
        header.append(first.event_title, style="bold")
        if first.location:
            header.append(f" · {first.location}", style="dim")
        console.print(header, soft_wrap=True)
        for hit in members:
            title = Text("  ")
            if hit.is_event:
                title.append("(the event's own notes)", style="italic")
            else:
                title.append(hit.title, style="bold green")
                if hit.format and hit.format != "talk":
                    title.append(f"  [{hit.format}]", style="magenta")
            console.print(title, soft_wrap=True)
            about = " · ".join(
                p for p in (speakers_text(hit.speakers, roles=True), ", ".join(hit.tags)) if p
            )
            if about:
                console.print(Text("    " + about, style="dim"), soft_wrap=True)
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
    scale = 10 ** max(0, len(str(count)) - 2)
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
    _stream(_TALK_COLUMNS, rows)


def counts(by: str, query: str | None, found: Sequence[tuple[str, int]], *, limit: int) -> None:
    """`notes stats`: a bar chart of the largest `limit` counts."""
    what = f"talks matching {query!r}" if query else "all talks"
    bar_chart(f"{what}, by {by}", found[:limit])
    if len(found) > limit:
        info(f"{limit} of {len(found)} rows (more with --limit)")


def bar_chart(title: str, counts: Sequence[tuple[str, int]], *, width: int = 40) -> None:
    if not counts:
        info("no talks to count")
        return
    top = max(count for _, count in counts)
    table = Table(title=title, box=None, header_style="bold", pad_edge=False, show_header=False)
    table.add_column("value", ratio=2)
    table.add_column("bar", ratio=3, no_wrap=True)
    table.add_column("count", justify="right")
    for value, count in counts:
        bar = "█" * max(1, round(width * count / top))
        table.add_row(value, Text(bar, style="cyan"), str(count))
    _out().print(table)


def index_facts(facts: IndexFacts) -> None:
    where = (
        "memory (the cache folder cannot be written)" if facts.in_memory else str(facts.location)
    )
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("events", f"{facts.events:,}")
    table.add_row("talks", f"{facts.talks:,}")
    table.add_row("location", where)
    table.add_row("synced", facts.synced or "now")
    _out().print(table)


@contextlib.contextmanager
def progress_bar(label: str, at_least: int = 0) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr; the context value is a `(done, total)` callback.

    The bar appears on the first call whose total is `at_least` or more, so a sync that reads
    two changed files prints nothing while a first sync of a large collection shows its way.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=_err()
    )
    task = progress.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        if not progress.live.is_started:
            if total < at_least:
                return
            progress.start()
        progress.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if progress.live.is_started:
            progress.stop()


def planned_talks(event: Event) -> None:
    """The talks an import would write, one a line under its event (`--dry-run`)."""
    for talk in event.talks:
        who = speakers_text(talk.speakers, roles=True)
        kind = f" [{talk.format}]" if talk.format else ""
        _out().print(
            Text(f"    - {talk.title}{kind}" + (f" — {who}" if who else "")), soft_wrap=True
        )


def decisions(path: Any, found: Sequence[Any]) -> None:
    """`notes import --explain`: each block of a post weighed as a talk, and why."""
    _out().print(Text(str(path), style="bold"), soft_wrap=True)
    if not found:
        _out().print(
            Text("  a schedule, or a post with no block that could be a talk"), soft_wrap=True
        )
    for decision in found:
        mark = Text(
            "  talk  " if decision.taken else "  no    ", style="green" if decision.taken else "dim"
        )
        where = f"line {decision.line:<5}" if decision.line else " " * 10
        head = Text(f"{where} {decision.kind:<8} {decision.score:>5.2f}  ")

        what = Text(decision.text)
        if decision.taken or decision.speakers:
            who = f" — {decision.speakers}" if decision.speakers else ""
            what.append(f"\n{' ' * 33}→ {decision.title}{who}")
        what.append(f"\n{' ' * 33}{decision.why}", style="dim")
        _out().print(Text.assemble(mark, head, what), soft_wrap=True)


def checked(found: Checked) -> None:
    """`notes check`: one line per problem; the count of notes checked when there is none."""
    problems(found.problems)
    if not found.problems:
        info(f"{plural(found.files, 'note')} checked, no problems")


def imported(plan: ImportPlan, *, as_json: bool = False) -> None:
    """What an import wrote (or would write, in a dry run), note by note, then in one line."""
    from .records import import_document

    for failure in plan.failed:
        notice(f"not imported: {failure}")
    if as_json:
        json_document(import_document(plan))
    else:
        for note in plan.notes:
            verb = "" if plan.written else "would write "
            line(f"{verb}{note.path}  ({len(note.draft.talks)} talks)")
            if not plan.written:
                planned_talks(note.event)
    talks = sum(len(note.draft.talks) for note in plan.notes)
    verb = "wrote" if plan.written else "would write"
    left = f"; {plan.skipped} already there, left alone" if plan.skipped else ""
    info(f"{verb} {plural(len(plan.notes), 'event')} and {talks} talks to {plan.root}{left}")


def exported(found: Exported, out: object, written: int) -> None:
    """The one line an export into a folder ends with."""
    pages = len(found.pages)
    info(f"{plural(pages, 'post')} in {out} ({written} written, {pages - written} unchanged)")


# --- sharing through git ---------------------------------------------------------------------


def git_output(text: str) -> None:
    """What git (or one of its hooks) said, on stderr, above the error it led to."""
    for piece in text.splitlines():
        _err().print(Text(f"  {piece}", style="dim"), soft_wrap=True)


def init_result(result: InitResult, *, elsewhere: bool) -> None:
    if result.created:
        info(f"made a new collection in {result.root}")
    else:
        info(f"{result.root}: a collection of {plural(result.notes, 'note')}")
    if result.git == "created":
        info(
            f"made a git repository there, first commit {result.commit}; share it with "
            "git remote add origin URL, then git push -u origin HEAD, and notes sync from then on"
        )
    elif result.git == "existing":
        info(f"it is in the git work tree at {result.top}: used as it is (notes sync shares it)")
    if elsewhere:
        info(f"use it with --dir {result.root}, or export NOTES_DIR={result.root}")


def _changes(lead: str, found: Iterable[Change]) -> None:
    for change in found:
        line(f"{lead}{change.what:<9}{change.event}")


def sync_result(result: SyncResult) -> None:
    """What went out and came in on stdout, one line per event; the summary on stderr."""
    if result.resumed:
        info(f"finished the {result.resumed} the last sync stopped in")
    for path in result.merged:
        info(f"{path}: changed here and in {result.upstream}; both kept (merged by notes)")
    _changes("in   ", result.incoming)
    _changes("out  ", result.outgoing)
    parts = []
    if result.commit:
        parts.append(f"committed {plural(len(result.committed), 'event')}")
    if result.incoming:
        parts.append(f"{plural(len(result.incoming), 'event')} came in")
    if result.pushed:
        parts.append(
            f"{plural(len(result.outgoing), 'event')} went out "
            f"({plural(result.pushed, 'commit')} pushed)"
        )
    if parts:
        info(f"synced with {result.upstream}: {', '.join(parts)}")
    else:
        info(f"up to date with {result.upstream}: nothing to commit, nothing new")


def sync_status(status: SyncStatus) -> None:
    for path in status.conflicted:
        line(f"conflict   {path}")
    _changes("to commit  ", status.pending)
    if not status.pending and not status.conflicted:
        line("nothing to commit")
    if status.operation:
        line(
            f"a {status.operation} is in progress: fix the conflicts, then notes sync "
            f"(or git {status.operation} --abort)"
        )
    elif status.branch is None:
        line("no branch checked out (HEAD is detached)")
    elif status.upstream is None:
        line(f"{status.branch} has no upstream branch: git push -u origin {status.branch}")
    elif not (status.ahead or status.behind):
        line(f"{status.branch} is up to date with {status.upstream} (as of the last fetch)")
    else:
        line(
            f"{status.branch} is {plural(status.ahead, 'commit')} ahead of {status.upstream} and "
            f"{status.behind} behind (as of the last fetch; notes sync brings both up to date)"
        )
