"""One writeup or one talk as Markdown, in a pipe, in the terminal or through the pager; what
the commands on talks and whole notes did."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from notes_cli.model import Event, Talk
from notes_cli.talkref import TalkRef

from .conference import programme_parts
from .console import info, line, plural, speakers_text, stdout, styled, visible

if TYPE_CHECKING:
    from notes_cli.results import Renamed, Trashed


def _event_head(event: Event) -> list[str]:
    facts = [event.dates(short=True), event.kind, event.location, event.url]
    parts = [f"# {event.title}", " · ".join(f for f in facts if f)]
    if event.tags:
        parts.append("tags: " + ", ".join(event.tags))
    return parts


def _talk_parts(event: Event, talk: Talk) -> list[str]:
    parts = [f"## {talk.title}"]
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
    parts += programme_parts(event, talk)
    if talk.notes.strip():
        parts.append(talk.notes.strip())
    return parts


def event_markdown(event: Event) -> str:
    """One writeup as Markdown: title, a line of facts, the event's text, then each talk."""
    parts = _event_head(event)
    if event.text.strip():
        parts.append(event.text.strip())
    for talk in event.talks:
        parts += _talk_parts(event, talk)
    return "\n\n".join(parts) + "\n"


def talk_markdown(found: TalkRef) -> str:
    """One talk as Markdown, under its event's title and facts, with its id."""
    parts = [*_event_head(found.event), *_talk_parts(found.event, found.talk), f"id: {found.id}"]
    return "\n\n".join(parts) + "\n"


def shown(found: Event | TalkRef, *, pager: bool = True) -> None:
    """`notes show`: into a pipe, the Markdown itself; in a terminal, rendered, and through
    $PAGER (less -R by default) when it is longer than the screen, unless `pager` is False."""
    text = event_markdown(found) if isinstance(found, Event) else talk_markdown(found)
    # Read by a person, whatever is between (`notes show x | cat`): control characters visible.
    text = visible(text, lines=True)
    console = stdout()
    if not console.is_terminal:
        styled(text)
        return
    from rich.markdown import Markdown  # only `show` needs it, and it is slow to import

    with console.capture() as captured:
        console.print(Markdown(text))
    rendered = captured.get()
    if pager and rendered.count("\n") > console.height:
        from notes_cli.pager import page

        if page(rendered):
            return
    styled(rendered)


def jotted(found: TalkRef, lines: Sequence[str]) -> None:
    info(f"jotted {plural(len(lines), 'line')} into '{found.talk.title}' ({found.event.title})")


def removed_talk(found: TalkRef) -> None:
    from notes_cli.talkedit import removed_heading

    where = "its notes are now in the event's own text, " if found.talk.notes.strip() else ""
    info(
        f"removed '{found.talk.title}' from {found.event.path}; {where}under '{removed_heading(found.talk.title)}'"
    )


def renamed(found: Renamed) -> None:
    line(str(found.path))
    if found.old_id != found.event.id:
        info(f"renamed {found.old_id} to {found.event.id}: links to the old id need the new one")
    else:
        info(f"changed {found.event.id} (its id stays the same)")


def trash_list(found: Sequence[Trashed]) -> None:
    from .tables import Column, id_column, stream_rows

    if not found:
        info("the trash is empty")
        return
    columns = [
        Column("trashed", width=16),
        id_column([t.id for t in found]),
        Column("title", ratio=1, main=True),
    ]
    rows = (
        (f"{t.trashed:%Y-%m-%d %H:%M}", t.id, t.title or f"(cannot be read: {t.problem})")
        for t in found
    )
    stream_rows(columns, rows)


def restored(note: Trashed, path: Any) -> None:
    line(str(path))
    info(f"put {note.id} back from the trash")
