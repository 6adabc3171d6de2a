"""Commands over the search index: search, related, stats, index."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from .app import Directory, TalkArg, WordsCommand, app, notebook


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


@app.command(cls=WordsCommand)
def search(
    query: Annotated[
        list[str],
        typer.Argument(help="Words and field queries (the language is below).", show_default=False),
    ],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many talks.")] = 20,
    sort: Annotated[Sort, typer.Option(help="Best match first, or newest first.")] = Sort.relevance,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document (keys in the README).")
    ] = False,
    directory: Directory = None,
) -> None:
    """Find talks: ranked, under their event, with a snippet of notes.

    Plain words search talk titles, tags, speakers, companies, the event's name and place, and
    your notes (a title or tag match ranks first). All words must match unless you say OR.
    Words are stemmed (containers finds container); case and accents do not matter.

    \b
    The query language:
      speaker:"ann lee"  company:acme  role:architect   who gave the talk
      topic:lambda  tag:lambda                          tags (the event's too)
      format:lightning  track:ops  title:lambda         what it was
      event:reinvent  kind:meetup  location:vegas       where it was
      year:2016  date:2016-11-30  date:>2016-10-01      when (any day of it)
      date:[2016-01-01 TO 2016-06-30]                   a range of days
      lambda AND ecs   lambda OR ecs   (a OR b) AND c   logic
      kubernetes -podman   kubernetes NOT podman        leave out a word
      "cold starts"                                     a phrase
      contain*   lamda~                                 a prefix; one edit away

    Example: notes search lambda    ·    notes search 'company:netflix OR speaker:"carl simpson"' --sort date    ·    notes search 'kubernetes -podman year:2024'
    """
    from notes_cli import records, render

    result = notebook(directory).search(" ".join(query), limit=limit, sort=sort.value, count=json)
    if json:
        render.json_document(records.search_document(result))
    else:
        render.search_result(result)


@app.command()
def related(
    talk: TalkArg,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many talks.")] = 10,
    json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document: {talk, hits}.")
    ] = False,
    directory: Directory = None,
) -> None:
    """List the talks most like one talk, by its title, tags and notes.

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
    limit: Annotated[
        int, typer.Option(min=1, help="Show at most this many rows (--json too).")
    ] = 25,
    json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print one JSON document: {by, query, counts: [{value, talks}]}."
        ),
    ] = False,
    directory: Directory = None,
) -> None:
    """Count talks by topic, speaker, company, year, kind or event.

    Largest first, as a bar chart in a terminal.

    Example: notes stats --by year --query lambda
    """
    from notes_cli import records, render

    counts = notebook(directory).stats(by.value, query)
    if json:
        render.json_document(records.stats_document(by.value, query, counts[:limit]))
    else:
        render.counts(by.value, query, counts, limit=limit)


@app.command("index")
def index_(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild the index from the note files.")
    ] = False,
    directory: Directory = None,
) -> None:
    """Show what the search index holds, or rebuild it.

    It stays up to date by itself: no command needs this first.

    Example: notes index --rebuild
    """
    from notes_cli import render

    render.index_facts(notebook(directory).facts(rebuild=rebuild))
