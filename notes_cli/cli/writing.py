"""Commands that write notes: new, add-talk, edit, rm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notes_cli.errors import NotesError
from notes_cli.model import Format, Kind

from . import asking
from .app import Directory, EventOrTalk, EventRef, app, notebook

if TYPE_CHECKING:
    from notes_cli.model import Draft
    from notes_cli.notebook import Notebook


def _edit_and_check(book: Notebook, path: Path, line: int | None = None) -> None:
    """Open the editor (at `line`), then read the note back and say what is wrong with it, if
    anything. The file is never touched here: whatever the user saved stays saved.
    """
    from notes_cli import editor, render

    editor.edit(path, line=line, fallback=asking.interactive())
    found = book.problems_in(path)
    if found:
        render.problems(found)
        raise NotesError(
            f"{path} is saved as you wrote it, but has the problems above; fix them with notes edit {path.stem}"
        )


@dataclass(frozen=True)
class Asked:
    """What `notes new` asked for in a terminal."""

    title: str
    day: dt.date
    end_day: dt.date | None
    kind: str
    location: str
    url: str
    tags: list[str]
    talks: list[tuple[str, str]]


def _ask_kind() -> str:
    kinds = [k.value for k in Kind]
    while True:
        answer = asking.text(f"Kind ({', '.join(kinds)})", default=Kind.meetup.value)
        if answer.strip().lower() in kinds:
            return answer.strip().lower()
        from notes_cli import render

        render.info(f"'{answer}' is not a kind of event: give one of {', '.join(kinds)}")


def _ask_talks() -> list[tuple[str, str]]:
    talks: list[tuple[str, str]] = []
    while True:
        talk = asking.text("Talk title (empty to finish)", default="")
        if not talk.strip():
            return talks
        speakers = asking.text(
            "  Speakers, as Name (Role, Company); separate several with ';'", default=""
        )
        talks.append((talk, speakers))


def _ask_event() -> Asked:
    """Ask for an event's fields in a terminal: title, dates, kind, place, page, tags, talks."""
    title = ""
    while not title.strip():
        title = asking.text("Title")
    day = asking.day("Date (YYYY-MM-DD)")
    end_day = asking.day("Last day, for more than one (YYYY-MM-DD)", default=day, after=day)
    kind = _ask_kind()
    location = asking.text("Location", default="")
    url = asking.text("Web page (URL)", default="")
    tags = asking.text("Tags, separated by commas", default="").split(",")
    return Asked(
        title, day, end_day if end_day != day else None, kind, location, url, tags, _ask_talks()
    )


def _draft(asked: Asked) -> Draft:
    """A new event's draft from what was typed: spaces tidied, empty values left out."""
    from notes_cli.model import Draft, Speaker, Talk

    if asked.end_day and asked.end_day < asked.day:
        raise NotesError(
            f"the end date {asked.end_day} is before the date {asked.day}: give --end-date on or after it"
        )
    return Draft(
        title=asked.title,
        date=asked.day,
        end_date=asked.end_day if asked.end_day != asked.day else None,
        kind=asked.kind,
        location=asked.location.strip(),
        url=asked.url.strip(),
        tags=tuple(t.strip() for t in asked.tags if t.strip()),
        talks=tuple(
            Talk(
                title=" ".join(name.split()),
                speakers=tuple(Speaker.parse(s) for s in speakers.split(";") if s.strip()),
            )
            for name, speakers in asked.talks
            if name.strip()
        ),
    )


@app.command()
def new(
    title: Annotated[
        str | None, typer.Argument(help="The event's title.", show_default=False)
    ] = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The day it took place (first day). Default: today.",
            show_default=False,
        ),
    ] = None,
    end_date: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The last day, for an event of several days.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[Kind, typer.Option(help="What kind of event.")] = Kind.meetup,
    location: Annotated[str, typer.Option(help="Where it took place.")] = "",
    url: Annotated[str, typer.Option(help="The event's page.")] = "",
    tag: Annotated[
        list[str] | None, typer.Option(help="A topic tag of the event (repeatable).")
    ] = None,
    talk: Annotated[list[str] | None, typer.Option(help="A talk title (repeatable).")] = None,
    no_edit: Annotated[bool, typer.Option("--no-edit", help="Do not open the editor.")] = False,
    directory: Directory = None,
) -> None:
    """Draft a new event writeup and print its path.

    Without a title, asks for the fields when run in a terminal. Then opens $VISUAL or $EDITOR unless --no-edit.

    Example: notes new "AWS re:Invent 2016" --date 2016-11-28 --end-date 2016-12-02 --kind conference --location "Las Vegas" --tag aws --talk "Keynote: Andy Jassy" --no-edit
    """
    from notes_cli import render

    if title is None:
        if not asking.interactive():
            raise NotesError(
                'the event\'s title is missing: notes new "Title" --date YYYY-MM-DD (or run it in a terminal to be asked)'
            )
        asked = _ask_event()
        asked = replace(asked, talks=[(t, "") for t in talk or []] + asked.talks)
    else:
        day = date.date() if date else dt.date.today()
        last = end_date.date() if end_date else None
        talks = [(t, "") for t in talk or []]
        asked = Asked(title, day, last, kind.value, location, url, tag or [], talks)
    book = notebook(directory)
    path = book.create(_draft(asked))
    render.line(str(path))
    if no_edit:
        return
    if asking.interactive():
        _edit_and_check(book, path)
    else:
        render.info("not a terminal: the editor was not opened (open it with notes edit)")


@app.command("add-talk")
def add_talk(
    event: EventRef,
    title: Annotated[str, typer.Argument(help="The talk's title.", show_default=False)],
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            help='A speaker, as "Name (Role, Company)", "Name (Company)" or "Name" (repeatable).'
        ),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A topic tag (repeatable).")] = None,
    format: Annotated[
        Format | None, typer.Option(help="What kind of talk.", show_default=False)
    ] = None,
    track: Annotated[str, typer.Option(help="The conference track.")] = "",
    note: Annotated[
        list[str] | None,
        typer.Option(
            help="A first line of notes, as a list item (repeatable).", show_default=False
        ),
    ] = None,
    directory: Directory = None,
) -> None:
    """Add a talk to an event, with a section for its notes.

    Every other byte of the note stays as it was.

    Example: notes add-talk 2016-09-08-aws "Lambda, Good for the little things" --speaker "Carl Simpson (Technical Architect, Zen Internet)" --tag lambda --format lightning
    """
    from notes_cli import render
    from notes_cli.model import Speaker, Talk

    new_talk = Talk(
        title=" ".join(title.split()),
        speakers=tuple(Speaker.parse(s) for s in speaker or [] if s.strip()),
        tags=tuple(t.strip() for t in tag or [] if t.strip()),
        format=format.value if format else "",
        track=track.strip(),
    )
    from notes_cli.talkedit import bullets

    path = notebook(directory).add_talk(event, new_talk, bullets(note or []))
    render.info(f"added '{new_talk.title}' to {path}")


@app.command()
def edit(event: EventOrTalk, directory: Directory = None) -> None:
    """Open a note in your editor (at a talk's notes), then check it.

    The editor is $VISUAL, else $EDITOR, else vi.

    Outside a terminal, only $VISUAL or $EDITOR is run: with neither set, it says so.

    Example: notes edit 2016-09-08    ·    notes edit "little things"
    """
    book = notebook(directory)
    path, line = book.editing(event)
    _edit_and_check(book, path, line)


@app.command()
def rm(
    event: EventRef,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    directory: Directory = None,
) -> None:
    """Move an event's note to the .trash folder of the collection.

    Example: notes rm 2016-09-08-aws-user-group-north --yes
    """
    from notes_cli import render

    book = notebook(directory)
    path = book.resolve(event)
    if not yes:
        if not asking.interactive():
            raise NotesError(
                f"not a terminal, so not asking: add --yes to move {path} to the trash"
            )
        if not asking.confirm(f"Move {path} to the trash?"):
            raise typer.Abort()
    render.info(f"moved to {book.trash(path)}")
