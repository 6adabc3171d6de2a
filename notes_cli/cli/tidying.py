"""Commands that rename and bring back whole notes: mv, restore."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from .app import Directory, EventRef, app, notebook


@app.command()
def mv(
    event: EventRef,
    title: Annotated[
        str | None, typer.Option(help="The event's new title.", show_default=False)
    ] = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Its new (first) day; an end date moves with it.",
            show_default=False,
        ),
    ] = None,
    directory: Directory = None,
) -> None:
    """Rename an event: title and/or date, with its file name and id.

    Never over another note. Prints the new path; the old id is named, so that links to it can be fixed.

    Example: notes mv 2016-09-08-meetup --title "AWS User Group North, September 2016"
    """
    from notes_cli import render

    found = notebook(directory).rename(event, title=title, date=date.date() if date else None)
    render.renamed(found)


@app.command()
def restore(
    event: Annotated[
        str | None,
        typer.Argument(
            help="The trashed note: its id, a unique start of it, or a unique piece of its title. Without it: what the trash holds.",
            show_default=False,
        ),
    ] = None,
    directory: Directory = None,
) -> None:
    """List the notes in the trash, or put one back where it was.

    Never over a note.

    Example: notes restore    ·    notes restore 2016-09-08-aws-user-group-north-september-2016
    """
    from notes_cli import render

    book = notebook(directory)
    if event is None:
        render.trash_list(book.trashed())
    else:
        render.restored(*book.restore(event))
