"""Commands for the conference day: star, unstar, plan, now."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import Directory, app, complete_event, notebook

TalkRef = Annotated[
    str,
    typer.Argument(
        help="The talk: its id (EVENT_ID/talk-slug), a unique piece of its title, or EVENT/piece of the title.",
        show_default=False,
    ),
]
OptionalEvent = Annotated[
    str | None,
    typer.Argument(
        help="The event: its id, a unique start of the id, or a unique piece of its title.",
        autocompletion=complete_event,
        show_default=False,
    ),
]


@app.command()
def star(talk: TalkRef, directory: Directory = None) -> None:
    """Star a talk you mean to see (`starred: true` in its note).

    Example: notes star "camp 2019/opening"    ·    notes star 2016-11-28-aws-re-invent-2016/keynote
    """
    from notes_cli import render

    found, changed = notebook(directory).star(talk)
    render.starred(found, starred=True, changed=changed)


@app.command()
def unstar(talk: TalkRef, directory: Directory = None) -> None:
    """Take the star off a talk.

    Example: notes unstar "camp 2019/opening"
    """
    from notes_cli import render

    found, changed = notebook(directory).star(talk, starred=False)
    render.starred(found, starred=False, changed=changed)


def _minutes(text: str) -> int:
    from notes_cli.timetable import minutes_in

    minutes = minutes_in(text)
    if minutes is None:
        raise typer.BadParameter(f"'{text}' is not a length of time: write e.g. 20m, 1h or 90")
    return minutes


@app.command()
def plan(
    event: OptionalEvent = None,
    day: Annotated[
        str | None,
        typer.Option(
            help="Only this day: 2019-08-22, a weekday (thu), or the day's number (2).",
            show_default=False,
        ),
    ] = None,
    transfer: Annotated[
        str,
        typer.Option(
            help="The time it takes to get from one venue to another (20m, 1h).",
        ),
    ] = "15m",
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (keys in the README).")
    ] = False,
    ics: Annotated[
        Path | None,
        typer.Option(
            help="Write the plan as an iCalendar file for a phone's calendar.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    directory: Directory = None,
) -> None:
    """Plan the starred talks: per day in time order with rooms, overlaps and tight changes.

    Without EVENT: every event with starred talks that has not ended (else the last one).

    Example: notes plan "camp 2019" --day thu --transfer 20m    ·    notes plan re:invent --ics plan.ics
    """
    from notes_cli import records, render

    book = notebook(directory)
    found = book.plan(event, day=day, transfer=_minutes(transfer))
    if ics is not None:
        written, left_out = book.write_calendar(ics, found)
        render.calendar_written(ics, written, left_out)
    elif json:
        render.json_document(records.plan_document(found))
    else:
        render.plan_view(found)
    render.problems_found(found.problems)


@app.command()
def now(
    event: OptionalEvent = None,
    at: Annotated[
        str | None,
        typer.Option(
            help="Any moment instead of now: '2016-11-30 14:05' (on the programme's clock), 14:05, or with a zone.",
            show_default=False,
        ),
    ] = None,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (keys in the README).")
    ] = False,
    directory: Directory = None,
) -> None:
    """Show what is on now and what starts next: starred talks first, with rooms and minutes to go.

    Example: notes now    ·    notes now "camp 2019" --at "2019-08-22 14:05"
    """
    from notes_cli import records, render

    found = notebook(directory).now(event, at=at)
    if json:
        render.json_document(records.now_document(found))
    else:
        render.now_view(found)
    render.problems_found(found.problems)
