"""Commands that read notes: list, show, check."""

from __future__ import annotations

from typing import Annotated

import typer

from notes_cli.errors import NotesError

from .app import Directory, EventRef, app


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
    from notes_cli import render
    from notes_cli.index.queries import events as indexed_events
    from notes_cli.listing import TalkFilter, filter_events, filter_talks
    from notes_cli.model import event_record, talk_record

    from .searching import open_synced

    index = open_synced(directory)
    if index.empty:
        render.info(f'no notes in {index.root} yet: start one with notes new "Event title"')
    wanted = TalkFilter(year=year, kind=kind, tag=tag, speaker=speaker, company=company)
    events = indexed_events(index)
    if talks:
        rows = filter_talks(events, wanted)
        if json:
            render.json_document(
                {"talks": [talk_record(event, talk, talk_id) for event, talk, talk_id in rows]}
            )
        else:
            render.talks_table((event, talk) for event, talk, _ in rows)
    elif json:
        render.json_document(
            {"events": [event_record(event) for event in filter_events(events, wanted)]}
        )
    else:
        render.events_table(filter_events(events, wanted))


@app.command()
def show(event: EventRef, directory: Directory = None) -> None:
    """Show one event's writeup, with each talk's speakers and notes.

    Example: notes show reinvent
    """
    from notes_cli import render
    from notes_cli.collection import find_event, find_root

    render.event_view(find_event(find_root(directory), event))


@app.command()
def check(directory: Directory = None) -> None:
    """Check every note and print one line per problem: path:line: what is wrong.

    Exits 1 when anything is wrong, 0 when every note is fine.

    Example: notes check
    """
    from notes_cli import render
    from notes_cli.collection import find_root, load

    collection = load(find_root(directory))
    found = collection.problems()
    render.problems(found)
    files = len(collection.notes) + len(collection.unreadable)
    if found:
        bad = len({p.path for p in found})
        raise NotesError(
            f"{len(found)} problem{'s' if len(found) != 1 else ''} in {bad} of {files} notes"
        )
    render.info(f"{files} note{'s' if files != 1 else ''} checked, no problems")
