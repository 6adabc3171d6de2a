"""Commands over the search index: search, related, stats, index."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notes_cli.errors import NotesError

if TYPE_CHECKING:  # whoosh is imported only by the commands that search
    from notes_cli.index.sync import NoteIndex

from .app import Directory, app


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


def open_synced(directory: Path | None) -> NoteIndex:
    """The synced index of the collection, with what the sync had to say printed on stderr."""
    from notes_cli import render
    from notes_cli.collection import find_root
    from notes_cli.index.sync import open_index

    with render.progress_bar("indexing notes", at_least=100) as update:
        index = open_index(find_root(directory), progress=update)
    _tell(index)
    return index


def _tell(index: NoteIndex) -> None:
    from notes_cli import render

    for message in index.report.notices:
        render.notice(message)
    render.unreadable(index.report.unreadable)
    index.report.notices.clear()
    index.report.unreadable.clear()


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
    from notes_cli import render
    from notes_cli.index.queries import search as run_search
    from notes_cli.results import grouped

    index = open_synced(directory)
    text = " ".join(query)
    result = run_search(index, text, limit=limit, sort=sort.value, count=json)
    _tell(index)
    if json:
        render.json_document(
            {
                "query": result.query,
                "total": result.total,
                "hits": [render.hit_record(h) for h in result.hits],
            }
        )
    elif result.hits:
        render.hits(result, grouped(result.hits))
    else:
        render.no_hits(result)


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
    from notes_cli import render
    from notes_cli.index.queries import find_talk
    from notes_cli.index.queries import related as find_related

    index = open_synced(directory)
    found = find_talk(index, talk)
    hits = find_related(index, found, limit=limit)
    _tell(index)
    if json:
        render.json_document(
            {"talk": render.hit_record(found), "hits": [render.hit_record(h) for h in hits]}
        )
    else:
        render.related_list(found, hits)


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
    from notes_cli import render
    from notes_cli.index.queries import stats as count

    index = open_synced(directory)
    counts = count(index, by.value, query)
    _tell(index)
    if json:
        render.json_document(
            {
                "by": by.value,
                "query": query,
                "counts": [{"value": v, "talks": n} for v, n in counts],
            }
        )
        return
    what = f"talks matching {query!r}" if query else "all talks"
    render.bar_chart(f"{what}, by {by.value}", counts[:limit])
    if len(counts) > limit:
        render.info(f"{limit} of {len(counts)} rows (more with --limit)")


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
    from notes_cli.collection import find_root
    from notes_cli.index.queries import facts
    from notes_cli.index.sync import open_index

    if rebuild:
        with render.progress_bar("indexing notes") as update:
            index = open_index(find_root(directory), progress=update, rebuild=True)
        _tell(index)
    else:
        index = open_synced(directory)
    if index.in_memory and rebuild:
        raise NotesError(f"the index could not be written in {index.folder}")
    render.index_facts(facts(index))
