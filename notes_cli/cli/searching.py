"""Commands over the search index: search, related, stats, index."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from .app import Directory, app, notebook


class Sort(str, Enum):
    relevance = "relevance"
    date = "date"


class StatsBy(str, Enum):
    topic = "topic"
    speaker = "speaker"
    company = "company"
    year = "year"
    kind = "kind"
    event = "event"


@app.command()
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Words and field queries; see the README for the language.", show_default=False
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many talks.")] = 20,
    sort: Annotated[Sort, typer.Option(help="Best match first, or newest first.")] = Sort.relevance,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (keys in the README).")
    ] = False,
    directory: Directory = None,
) -> None:
    """Find talks: ranked, grouped under their event, with a snippet of your notes.

    Example: notes search lambda    ·    notes search 'company:netflix OR speaker:"carl simpson"' --sort date
    """
    from notes_cli import records, render

    result = notebook(directory).search(" ".join(query), limit=limit, sort=sort.value, count=json)
    if json:
        render.json_document(records.search_document(result))
    else:
        render.search_result(result)


@app.command()
def related(
    talk: Annotated[
        str,
        typer.Argument(
            help="The talk: its id (EVENT_ID/talk-slug) or a unique piece of its title.",
            show_default=False,
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many talks.")] = 10,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document: {talk, hits}.")
    ] = False,
    directory: Directory = None,
) -> None:
    """List the talks most like one talk, by the words of its title, tags and notes.

    Example: notes related "good for the little things"
    """
    from notes_cli import records, render

    found = notebook(directory).related(talk, limit=limit)
    if json:
        render.json_document(records.related_document(found))
    else:
        render.related_list(found)


@app.command()
def stats(
    by: Annotated[StatsBy, typer.Option(help="What to count talks by.")] = StatsBy.topic,
    query: Annotated[
        str | None,
        typer.Option(help="Count only the talks this search matches.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many rows.")] = 25,
    json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print one JSON document: {by, query, counts: [{value, talks}]}."
        ),
    ] = False,
    directory: Directory = None,
) -> None:
    """Count talks by topic, speaker, company, year, kind or event, largest first.

    Example: notes stats --by year --query lambda
    """
    from notes_cli import records, render

    counts = notebook(directory).stats(by.value, query)
    if json:
        render.json_document(records.stats_document(by.value, query, counts))
    else:
        render.counts(by.value, query, counts, limit=limit)


@app.command("index")
def index_(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild the index from the note files.")
    ] = False,
    directory: Directory = None,
) -> None:
    """Show what the search index holds, or rebuild it. It stays up to date by itself.

    Example: notes index --rebuild
    """
    from notes_cli import render

    render.index_facts(notebook(directory).facts(rebuild=rebuild))
