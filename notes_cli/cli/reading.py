"""Commands that read notes: list, show, check."""

from __future__ import annotations

from typing import Annotated

import typer

from notes_cli.errors import NotesError

from .app import Directory, EventOrTalk, app, notebook

Starred = Annotated[
    bool, typer.Option("--starred", help="Only the talks you starred (lists talks).")
]
Unwritten = Annotated[
    bool,
    typer.Option("--unwritten", help="Only talks whose section is still empty (lists talks)."),
]


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
    starred: Starred = False,
    unwritten: Unwritten = False,
    ids: Annotated[
        bool, typer.Option("--ids", help="Show each event's (or talk's) id, to name it by.")
    ] = False,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (keys in the README).")
    ] = False,
    directory: Directory = None,
) -> None:
    """List events, newest first, or their talks with --talks.

    Example: notes list --talks --company aws --year 2016    ·    notes list --talks --ids    ·    notes list --talks --starred --unwritten
    """
    from notes_cli import render
    from notes_cli.listing import TalkFilter

    book = notebook(directory)
    if book.empty:
        render.info(f'no notes in {book.root} yet: start one with notes new "Event title"')
    wanted = TalkFilter(year=year, kind=kind, tag=tag, speaker=speaker, company=company)
    if talks or starred or unwritten:
        rows = (
            book.flagged_talks(wanted, starred=starred, unwritten=unwritten)
            if starred or unwritten
            else book.talks(wanted)
        )
        if json:
            from notes_cli import records

            render.json_document(records.talks_document(rows))
        else:
            render.talks_table(rows, ids=ids)
    elif json:
        from notes_cli import records

        render.json_document(records.events_document(book.events(wanted)))
    else:
        render.events_table(book.listed(wanted), ids=ids)


@app.command()
def show(
    event: EventOrTalk,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print it all, even when longer than the screen.")
    ] = False,
    directory: Directory = None,
) -> None:
    """Show one event's writeup, or one talk, with speakers and notes.

    In a terminal, a writeup longer than the screen goes through $PAGER (less -R unless set); into a pipe it is the plain Markdown.

    Example: notes show reinvent    ·    notes show "little things"    ·    notes show 2016-09-08-aws-user-group-north-september-2016/aws-update
    """
    from notes_cli import render

    render.shown(notebook(directory).shown(event), pager=not no_pager)


@app.command()
def check(directory: Directory = None) -> None:
    """Check every note: one line per problem, path:line: what is wrong.

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
