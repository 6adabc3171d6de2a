"""The import command: blog posts and conference schedules as notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notes_cli.errors import NotesError

from . import asking
from .app import Directory, app, notebook

if TYPE_CHECKING:
    from notes_cli.notebook import Notebook

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Posts, schedules, or folders of them (a blog's _posts/).", show_default=False
    ),
]

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
]

DryRunJson = Annotated[
    bool,
    typer.Option("--json", help="With --dry-run: the events as notes list --json prints them."),
]

Explain = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Say, block by block, why each part of a post was or was not taken as a talk; writes nothing.",
    ),
]

Update = Annotated[
    bool,
    typer.Option(
        "--update",
        help="Bring the event imported from the same programme up to date: times, rooms, speakers, abstracts, new and dropped talks; your notes, keys and stars stay.",
    ),
]

SkipExisting = Annotated[
    bool,
    typer.Option(
        "--skip-existing",
        help="Leave an event that is already in the collection (same date and title) alone.",
    ),
]

Track = Annotated[
    str | None,
    typer.Option(help="From a schedule, only the talks of this track.", show_default=False),
]

Match = Annotated[
    str | None,
    typer.Option(
        help="Only the talks that mention this (title, speakers, tags, abstract).",
        show_default=False,
    ),
]

PostDate = Annotated[
    dt.datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        help="The date of a post (or a spreadsheet's talks) that gives none.",
        show_default=False,
    ),
]


@app.command("import")
def import_(
    paths: Paths,
    dry_run: DryRun = False,
    json: DryRunJson = False,
    explain: Explain = False,
    update: Update = False,
    skip_existing: SkipExisting = False,
    track: Track = None,
    match: Match = None,
    date: PostDate = None,
    directory: Directory = None,
) -> None:
    """Import blog posts and schedules as notes, never over a note.

    Posts: Markdown, MDX, HTML or reStructuredText, with YAML, TOML or no front matter. Schedules: pretalx/frab schedule.json and schedule.xml, Sessionize JSON, iCalendar .ics, the re:Invent catalogue, CSV or TSV with a header row.

    Example: notes import ~/blog/_posts --dry-run    ·    notes import post.md --explain    ·    notes import schedule.json --update --dry-run
    """
    from notes_cli import render
    from notes_cli.notebook import ImportOptions

    book = notebook(directory)
    if explain:
        for path, found in book.explain(paths):
            render.decisions(path, found)
        return
    options = ImportOptions(
        track=track,
        match=match,
        date=date.date() if date else None,
        skip_existing=skip_existing,
        dry_run=dry_run,
    )
    if update:
        _update(book, paths, track=track, match=match, dry_run=dry_run)
        return
    plan = book.plan_import(paths, options, ask_date=asking.date_of)
    if not dry_run:
        plan = book.apply(plan)
    render.imported(plan, as_json=json and dry_run)
    if plan.failed:
        raise NotesError(
            f"{render.plural(len(plan.failed), 'file')} could not be imported (named above)"
        )


def _update(
    book: Notebook, paths: list[Path], *, track: str | None, match: str | None, dry_run: bool
) -> None:
    """`import --update`: each programme's changes to the event imported from it."""
    from notes_cli import render

    changes = book.plan_update(paths, track=track, match=match)
    if not dry_run:
        changes = book.apply_update(changes)
    render.updated(changes)
    if changes.failed:
        raise NotesError(
            f"{render.plural(len(changes.failed), 'file')} could not be imported (named above)"
        )
