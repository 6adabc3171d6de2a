"""Commands that write notes: new, add-talk, edit, rm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notes_cli.errors import NotesError
from notes_cli.model import Format, Kind

from . import asking
from .app import Directory, EventRef, app, notebook

if TYPE_CHECKING:
    from notes_cli.model import Draft
    from notes_cli.notebook import Notebook


def _edit_and_check(book: Notebook, path: Path) -> None:
    """Open the editor, then read the note back and say what is wrong with it, if anything.

    The file is never touched here: whatever the user saved stays saved.
    """
    from notes_cli import editor, render

    editor.edit(path)
    found = book.problems_in(path)
    if found:
        render.problems(found)
        raise NotesError(
            f"{path} is saved as you wrote it, but has the problems above; fix them with notes edit {path.stem}"
        )


def _ask_event() -> tuple[str, dt.date, str, str, list[tuple[str, str]]]:
    """Ask for an event's fields in a terminal: title, date, kind, location, talks."""
    title = ""
    while not title.strip():
        title = asking.text("Title")
    day = asking.day("Date (YYYY-MM-DD)")
    kinds = [k.value for k in Kind]
    kind = ""
    while kind not in kinds:
        kind = asking.text(f"Kind ({', '.join(kinds)})", default=Kind.meetup.value).strip().lower()
    location = asking.text("Location", default="")
    talks = []
    while True:
        talk = asking.text("Talk title (empty to finish)", default="")
        if not talk.strip():
            break
        speakers = asking.text(
            "  Speakers, as Name (Role, Company); separate several with ';'", default=""
        )
        talks.append((talk, speakers))
    return title, day, kind, location, talks


def _draft(
    title: str,
    day: dt.date,
    kind: str,
    location: str,
    *,
    url: str,
    tags: list[str] | None,
    talks: list[tuple[str, str]],
) -> Draft:
    """A new event's draft from what was typed: spaces tidied, empty values left out."""
    from notes_cli.model import Draft, Speaker, Talk

    return Draft(
        title=title,
        date=day,
        kind=kind,
        location=location.strip(),
        url=url.strip(),
        tags=tuple(t.strip() for t in tags or [] if t.strip()),
        talks=tuple(
            Talk(
                title=" ".join(name.split()),
                speakers=tuple(Speaker.parse(s) for s in speakers.split(";") if s.strip()),
            )
            for name, speakers in talks
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

    Example: notes new "AWS User Group North, September 2016" --date 2016-09-08 --kind meetup --location "Zen Internet, Rochdale" --tag aws --talk "Network Innovation at Scale" --no-edit
    """
    from notes_cli import render

    talks = [(t, "") for t in talk or []]
    if title is None:
        if not asking.interactive():
            raise NotesError(
                'the event\'s title is missing: notes new "Title" --date YYYY-MM-DD (or run it in a terminal to be asked)'
            )
        title, day, kind_value, location, asked = _ask_event()
        talks += asked
    else:
        day = date.date() if date else dt.date.today()
        kind_value = kind.value
    draft = _draft(title, day, kind_value, location, url=url, tags=tag, talks=talks)
    book = notebook(directory)
    path = book.create(draft)
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
    directory: Directory = None,
) -> None:
    """Add a talk to an event, with an empty section for its notes.

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
    path = notebook(directory).add_talk(event, new_talk)
    render.info(f"added '{new_talk.title}' to {path}")


@app.command()
def edit(event: EventRef, directory: Directory = None) -> None:
    """Open an event's note in $VISUAL or $EDITOR, then check it.

    Example: notes edit 2016-09-08
    """
    book = notebook(directory)
    _edit_and_check(book, book.resolve(event))


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
