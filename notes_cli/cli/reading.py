"""Commands that read notes: list, show, check."""

from __future__ import annotations

from typing import Annotated

import typer

from notes_cli.errors import NotesError

from .app import Directory, EventRef, app, notebook


@app.command("list")
def list_(
    talks: Annotated[bool, typer.Option("--talks", help="List talks instead of events.")] = False,
    year: Annotated[int | None, typer.Option(help="Only this year.", show_default=False)] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only this kind of event (meetup, conference...).", show_default=False),
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Only with this tag (event or talk).", show_default=False)
    ] = None,
    speaker: Annotated[
        str | None,
        typer.Option(help="Only talks by a speaker whose name contains this.", show_default=False),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option(
            help="Only talks by someone from a company whose name contains this.",
            show_default=False,
        ),
    ] = None,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (keys in the README).")
    ] = False,
    directory: Directory = None,
) -> None:
    """List events, newest first, or their talks with --talks.

    Example: notes list --talks --company aws --year 2016
    """
    from notes_cli import records, render
    from notes_cli.listing import TalkFilter

    book = notebook(directory)
    if book.empty:
        render.info(f'no notes in {book.root} yet: start one with notes new "Event title"')
    wanted = TalkFilter(year=year, kind=kind, tag=tag, speaker=speaker, company=company)
    if talks:
        rows = book.talks(wanted)
        if json:
            render.json_document(records.talks_document(rows))
        else:
            render.talks_table((event, talk) for event, talk, _ in rows)
    else:
        events = book.events(wanted)
        if json:
            render.json_document(records.events_document(events))
        else:
            render.events_table(events)


@app.command()
def show(event: EventRef, directory: Directory = None) -> None:
    """Show one event's writeup, with each talk's speakers and notes.

    Example: notes show reinvent
    """
    from notes_cli import render

    render.event_view(notebook(directory).event(event))


@app.command()
def check(directory: Directory = None) -> None:
    """Check every note and print one line per problem: path:line: what is wrong.

    Exits 1 when anything is wrong, 0 when every note is fine.

    Example: notes check
    """
    from notes_cli import render

    found = notebook(directory).check()
    render.checked(found)
    if found.problems:
        bad = len({p.path for p in found.problems})
        raise NotesError(
            f"{len(found.problems)} problem{'s' if len(found.problems) != 1 else ''} in {bad} of {found.files} notes"
        )
