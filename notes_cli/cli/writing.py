"""Commands that write notes: new, add-talk, edit, rm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from notes_cli.errors import NotesError
from notes_cli.model import Format, Kind

from .app import Directory, EventRef, app, interactive


def _edit_and_check(path: Path) -> None:
    """Open the editor, then read the note back and say what is wrong with it, if anything.

    The file is never touched here: whatever the user saved stays saved.
    """
    from notes_cli import editor, render
    from notes_cli.errors import NoteProblem
    from notes_cli.notefile import read_note

    editor.edit(path)
    try:
        found = read_note(path).problems
    except NoteProblem as problem:
        found = [problem]
    if found:
        render.problems(found)
        raise NotesError(
            f"{path} is saved as you wrote it, but has the problems above; fix them with notes edit {path.stem}"
        )


def _ask_event() -> tuple[str, dt.date, str, str, list[tuple[str, str]]]:
    """Ask for an event's fields in a terminal: title, date, kind, location, talks."""
    title = ""
    while not title.strip():
        title = typer.prompt("Title", err=True)
    while True:
        answer = typer.prompt("Date (YYYY-MM-DD)", default=dt.date.today().isoformat(), err=True)
        try:
            date = dt.date.fromisoformat(answer.strip())
            break
        except ValueError:
            typer.echo(f"'{answer}' is not a date; write it as YYYY-MM-DD", err=True)
    kinds = [k.value for k in Kind]
    kind = ""
    while kind not in kinds:
        kind = (
            typer.prompt(f"Kind ({', '.join(kinds)})", default=Kind.meetup.value, err=True)
            .strip()
            .lower()
        )
    location = typer.prompt("Location", default="", show_default=False, err=True)
    talks = []
    while True:
        talk = typer.prompt(
            "Talk title (empty to finish)", default="", show_default=False, err=True
        )
        if not talk.strip():
            break
        speakers = typer.prompt(
            "  Speakers, as Name (Role, Company); separate several with ';'",
            default="",
            show_default=False,
            err=True,
        )
        talks.append((talk, speakers))
    return title, date, kind, location, talks


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
    from notes_cli.collection import create_event, find_root
    from notes_cli.model import Draft, Speaker, Talk

    talks = [(t, "") for t in talk or []]
    if title is None:
        if not interactive():
            raise NotesError(
                'the event\'s title is missing: notes new "Title" --date YYYY-MM-DD (or run it in a terminal to be asked)'
            )
        title, day, kind_value, location, asked = _ask_event()
        talks += asked
    else:
        day = date.date() if date else dt.date.today()
        kind_value = kind.value
    draft = Draft(
        title=title,
        date=day,
        kind=kind_value,
        location=location.strip(),
        url=url.strip(),
        tags=tuple(t.strip() for t in tag or [] if t.strip()),
        talks=tuple(
            Talk(
                title=" ".join(name.split()),
                speakers=tuple(Speaker.parse(s) for s in speakers.split(";") if s.strip()),
            )
            for name, speakers in talks
            if name.strip()
        ),
    )
    path = create_event(find_root(directory), draft)
    render.line(str(path))
    if not no_edit:
        if interactive():
            _edit_and_check(path)
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
    from notes_cli import collection, render
    from notes_cli.model import Speaker, Talk

    found = collection.find_event(collection.find_root(directory), event)
    new_talk = Talk(
        title=" ".join(title.split()),
        speakers=tuple(Speaker.parse(s) for s in speaker or [] if s.strip()),
        tags=tuple(t.strip() for t in tag or [] if t.strip()),
        format=format.value if format else "",
        track=track.strip(),
    )
    collection.add_talk(found, new_talk)
    render.info(f"added '{new_talk.title}' to {found.path}")


@app.command()
def edit(event: EventRef, directory: Directory = None) -> None:
    """Open an event's note in $VISUAL or $EDITOR, then check it.

    Example: notes edit 2016-09-08
    """
    from notes_cli.collection import find_path, find_root

    _edit_and_check(find_path(find_root(directory), event))


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
    from notes_cli.collection import find_path, find_root, trash

    root = find_root(directory)
    path = find_path(root, event)
    if not yes:
        if not interactive():
            raise NotesError(
                f"not a terminal, so not asking: add --yes to move {path} to the trash"
            )
        if not typer.confirm(f"Move {path} to the trash?", err=True):
            raise typer.Abort()
    render.info(f"moved to {trash(root, path)}")
