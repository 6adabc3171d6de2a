"""Commands over the search index: search, related, stats, index."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from .app import Directory, TalkArg, WordsCommand, app, notebook

if TYPE_CHECKING:
    from notes_cli.notebook import Notebook


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


Fields = Annotated[
    str | None,
    typer.Option(
        help="Only these keys of each hit, comma-separated (id,title,speakers...; the README "
        "lists them); in a pipe with --all, these columns.",
        show_default=False,
    ),
]


Words = Annotated[
    list[str],
    typer.Argument(help="Words and field queries (the language is below).", show_default=False),
]
Limit = Annotated[int, typer.Option(min=0, help="Show at most this many talks (0: every one).")]
Every = Annotated[bool, typer.Option("--all", help="Show every talk that matches.")]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document (keys in the README).")]
Jsonl = Annotated[
    bool, typer.Option("--jsonl", help="Print one JSON object per hit, one per line.")
]
Count = Annotated[
    bool, typer.Option("--count", help="Print only how many hits there are, exactly.")
]
NoPager = Annotated[
    bool, typer.Option("--no-pager", help="Print it all, even when longer than the screen.")
]


@app.command(cls=WordsCommand)
def search(
    query: Words,
    limit: Limit = 20,
    all_: Every = False,
    sort: Annotated[Sort, typer.Option(help="Best match first, or newest first.")] = Sort.relevance,
    json: Json = False,
    jsonl: Jsonl = False,
    fields: Fields = None,
    count: Count = False,
    no_pager: NoPager = False,
    directory: Directory = None,
) -> None:
    """Find talks: ranked, under their event, with a snippet of notes.

    Plain words search talk titles, tags, speakers, companies, the event's name and place, and
    your notes (a title or tag match ranks first). All words must match unless you say OR.
    Words are stemmed (containers finds container); case and accents do not matter. With --all
    (or --limit 0), every match: into a pipe one tab-separated row per talk, as they are found.

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

    Example: notes search lambda    ·    notes search lambda --all | cut -f1    ·    notes search 'company:netflix OR speaker:"carl simpson"' --sort date --jsonl --fields id,title
    """
    from notes_cli import render

    text = " ".join(query)
    book = notebook(directory)
    if count:
        render.line(str(book.count(text)))
        return
    every = all_ or limit == 0
    output = "json" if json else "jsonl" if jsonl else "rows" if every else "text"
    if output in ("rows", "text") and render.to_terminal():
        output = "terminal"
    keys = _keys(fields, output)
    limit_ = None if every else limit
    named = fields is not None
    _print_hits(
        book,
        text,
        keys,
        limit=limit_,
        sort=sort.value,
        output=output,
        named=named,
        pager=not no_pager,
    )


def _keys(fields: str | None, output: str) -> tuple[str, ...]:
    """The keys of each hit to print: those of --fields (checked), else the output's own (none
    for the grouped text, which shows what it shows: records.py is not loaded for it)."""
    from notes_cli import render

    if fields is None and output in ("text", "terminal"):
        return ()
    if fields is None and output == "rows":
        return render.ROW_KEYS
    from notes_cli import records

    if fields is None:
        return records.HIT_KEYS
    if output in ("text", "terminal"):
        raise typer.BadParameter(
            "goes with --json, --jsonl, or --all into a pipe", param_hint="--fields"
        )
    keys = tuple(dict.fromkeys(key.strip() for key in fields.split(",") if key.strip()))
    unknown = [key for key in keys if key not in records.HIT_KEYS]
    if unknown or not keys:
        raise typer.BadParameter(
            f"{', '.join(map(repr, unknown)) or 'no key given'}: the keys are {','.join(records.HIT_KEYS)}",
            param_hint="--fields",
        )
    return keys


def _print_hits(
    book: Notebook,
    text: str,
    keys: tuple[str, ...],
    *,
    limit: int | None,
    sort: str,
    output: str,
    named: bool,
    pager: bool,
) -> None:
    """Read the hits as they are printed: grouped under their events, as rows or as JSON.
    Snippets: in a terminal, made for each group as it is printed; elsewhere for the first
    page (PAGE hits) when the keys hold them, for every hit when --fields names them."""
    from notes_cli import render
    from notes_cli.index.queries import PAGE

    grouped = output in ("text", "terminal")  # which records.py is not loaded for
    snippets: int | None = 0 if output == "terminal" else PAGE
    if not grouped:
        from notes_cli import records

        if not records.SNIPPET_KEYS & set(keys):
            snippets = 0
        elif named:
            snippets = None
    found = book.found(text, limit=limit, sort=sort, snippets=snippets, count=output == "json")
    try:
        if grouped:
            render.grouped_hits(found, pager=pager)
            return
        hits = (records.hit_record(hit, keys) for hit in found.hits())
        if output == "json":
            render.json_stream(records.search_head(text, found.total), "hits", hits)
        elif output == "jsonl":
            render.json_lines(hits)
        elif found.total:
            render.record_rows(keys, hits)
        else:
            render.grouped_hits(found)  # says so, and what to try
    finally:
        found.close()


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
