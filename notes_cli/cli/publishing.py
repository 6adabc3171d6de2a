"""The export command: notes as posts a blog can publish."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from notes_cli.errors import NotesError

from .app import Directory, app, complete_event, notebook


class ExportFormat(str, Enum):
    jekyll = "jekyll"
    hugo = "hugo"
    markdown = "markdown"
    json = "json"


Events = Annotated[
    list[str] | None,
    typer.Argument(
        help="Events to export: ids, starts of ids, or pieces of titles.",
        autocompletion=complete_event,
        show_default=False,
    ),
]

All = Annotated[bool, typer.Option("--all", help="Export every event.")]

Query = Annotated[
    str | None,
    typer.Option(
        help="Write one digest post of every talk this search matches.", show_default=False
    ),
]

DigestTitle = Annotated[str | None, typer.Option(help="The digest's title.", show_default=False)]

Format = Annotated[ExportFormat, typer.Option(help="What the posts are for.")]

Out = Annotated[
    Path | None,
    typer.Option(
        help="Write the files into this folder (named as the target expects).",
        show_default=False,
    ),
]


@app.command()
def export(
    events: Events = None,
    all_: All = False,
    query: Query = None,
    title: DigestTitle = None,
    format: Format = ExportFormat.jekyll,
    out: Out = None,
    directory: Directory = None,
) -> None:
    """Export notes as blog posts: one on stdout, or files into --out.

    Private notes (a section whose heading ends with '(private)', text between <!-- private --> and <!-- /private -->) are left out. The notes themselves are never changed.

    Example: notes export --all --out ../blog/_posts    ·    notes export --query lambda --title "Every Lambda talk" --format hugo
    """
    from notes_cli import export as formats
    from notes_cli import render
    from notes_cli.export import Exported

    if sum(bool(x) for x in (events, all_, query)) != 1:
        raise NotesError('say what to export: EVENT..., --all, or --query "search" (one of them)')
    book = notebook(directory)
    if query is not None:
        gathered = book.digest(query, title or f"Talks matching {query}")
        if out is None:  # written as it is made
            render.raw_pieces(formats.digest_chunks(gathered, format.value))
            return
        found = Exported([formats.digest_page(gathered, format.value)], [])
    else:
        found = book.export(events or [], every=all_, format=format.value)
        if format is ExportFormat.json and out is None:
            render.raw(found.document)
            return  # the skipped notes are named, but this output has always exited 0
    if out is None:
        if len(found.pages) != 1:
            raise NotesError(
                f"{len(found.pages)} posts to export: give --out DIR to write them as files"
            )
        render.raw(found.pages[0].text)
    else:
        render.exported(found, out, book.write_pages(out, found.pages))
    if found.skipped:
        raise NotesError(
            f"{render.plural(len(found.skipped), 'note')} could not be read and {'were' if len(found.skipped) != 1 else 'was'} not exported (named above)"
        )
