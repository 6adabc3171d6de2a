"""What the commands ask of the index: search, the talks a query matches, a talk by name,
related talks, counts, the events `notes list` shows, and what the index holds.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh import query as wq
from whoosh import sorting

from notes_cli import query as queries
from notes_cli.errors import TalkNotFound
from notes_cli.model import Event, Speaker
from notes_cli.results import Hit, SearchResult

from . import ranking
from .documents import event_of, hit_of, original_name, stored_name
from .snippets import did_you_mean, notes_of, query_words, snippet
from .store import collector_paused
from .sync import NoteIndex
from .weighting import Weighting

if TYPE_CHECKING:  # the index facts and programme slots: loaded by the commands that show them
    from notes_cli.results import IndexFacts
    from notes_cli.timetable import Slot

# The hits whose snippet is made with the query's words marked, unless more are asked for: the
# first page (the default --limit). Past it, a snippet costs reading the note and tokenising it,
# for hits few read.
PAGE = 20
# Hits whose stored fields are read at once: the first rows of thousands print without delay.
CHUNK = 200


def search(
    index: NoteIndex, text: str, *, limit: int = 20, sort: str = "relevance", count: bool = True
) -> SearchResult:
    """The best `limit` hits for a query, and how many match. Every match is scored, so the
    count is exact, except for a query that needs a phrase: its phrase is checked on the best
    candidates only, until the page is full, and with `count=False` a full page comes with a
    lower bound instead (checking every candidate's positions costs far more than the page)."""
    found = Found(index, text, limit=limit, sort=sort, count=count, snippets=limit)
    try:
        hits = found.chunk(0, limit)
        suggestion = None if hits else found.suggestion()
    finally:
        found.close()
    return SearchResult(
        query=text, hits=hits, total=found.total, exact=found.exact, suggestion=suggestion
    )


class Found:
    """Every hit of a query (or the best `limit`), in the order a search shows them, read a
    chunk at a time through one searcher: the order and the count come first (scoring every
    match is cheap), a hit's stored fields when its chunk is read. The first `snippets` hits
    get their snippet (None: every hit); the others none, unless `snippets_of` is asked. With
    `talks`, only talks (not the events' own notes)."""

    def __init__(
        self,
        index: NoteIndex,
        text: str,
        *,
        limit: int | None = None,
        sort: str = "relevance",
        count: bool = True,
        snippets: int | None = PAGE,
        talks: bool = False,
    ) -> None:
        self.root, self.text, self.snippets = index.root, text, snippets
        self._parsed = queries.parse(text, index.ix.schema)
        if talks:  # not the events' own notes
            self._parsed = wq.And([wq.Term("doctype", "talk"), self._parsed])
        self._abstracts: dict[str, str] = {}
        self._searcher = searcher_of(index)
        try:
            found = ranking.ranked(self._searcher, self._parsed, sort=sort, limit=limit)
            self.docs, self.total, self.exact = found.docs, found.total, found.exact
            if count and not self.exact:
                self.total, self.exact = ranking.count(self._searcher, self._parsed), True
        except BaseException:
            self.close()
            raise

    def chunk(self, start: int, count: int = CHUNK) -> list[Hit]:
        """Hits `start` to `start + count`, all read (those of the first page with snippets)."""
        with collector_paused():  # thousands of small objects: see StoredEvents.chunk
            stored = [
                (self._searcher.stored_fields(docnum), score)
                for docnum, score in self.docs[start : start + count]
            ]
            hits = [hit_of(self.root, fields, score) for fields, score in stored]
        # A talk with no notes yet shows the programme's abstract, where the words matched.
        self._abstracts.update(
            (original_name(fields["id"]), fields["abstract"])
            for fields, _ in stored
            if fields.get("abstract")
        )
        with_snippets = len(hits) if self.snippets is None else max(0, self.snippets - start)
        if with_snippets:
            hits[:with_snippets] = self.snippets_of(hits[:with_snippets])
        return hits

    def hits(self) -> Iterator[Hit]:
        """Every hit, a chunk read at a time."""
        for start in range(0, len(self.docs), CHUNK):
            yield from self.chunk(start)

    def snippets_of(self, hits: Sequence[Hit]) -> list[Hit]:
        """The hits (of chunks read) with their snippets, their notes read from the files."""
        notes = notes_of(list(hits))
        return [
            replace(
                hit,
                snippet=snippet(notes.get(hit.id) or self._abstracts.get(hit.id, ""), self._words),
            )
            for hit in hits
        ]

    @functools.cached_property
    def _words(self) -> frozenset[str]:
        """The query's words as the index holds them (wildcards expanded): for snippets only."""
        return query_words(self._searcher, self._parsed)

    def suggestion(self) -> str | None:
        """A query to try instead, when nothing matches."""
        return did_you_mean(self._searcher, self.text)

    def close(self) -> None:
        self._searcher.close()


def count(index: NoteIndex, text: str) -> int:
    """How many documents a query matches: every match found, no stored field read."""
    parsed = queries.parse(text, index.ix.schema)
    with searcher_of(index) as searcher:
        return ranking.count(searcher, parsed)


def searcher_of(index: NoteIndex) -> Any:
    """A searcher of the index that scores as Whoosh does, for less (weighting.Weighting)."""
    return index.ix.searcher(weighting=Weighting())


# --- related, stats, facts -------------------------------------------------------------------


def find_talk(index: NoteIndex, ref: str, *, within: str | None = None) -> Hit:
    """The talk `ref` names: its id, a unique start of one, or a unique piece of its title;
    `within` one event (its id) when given."""
    wanted = ref.strip().casefold()
    talks: Any = wq.Term("doctype", "talk")
    if within is not None:
        talks = wq.And([talks, wq.Term("event_id", within)])
    words = [t.text for t in index.ix.schema["title"].analyzer(wanted, mode="query")]
    prefix = f"{within}/{wanted}" if within is not None else wanted

    with index.ix.searcher() as searcher:
        by_title = wq.And([talks, *(wq.Term("title", w) for w in words)]) if words else wq.NullQuery
        for matcher in (
            lambda: [
                d for d in [searcher.document(id=stored_name(ref.strip()))] if d and within is None
            ],
            lambda: [
                dict(h)
                for h in searcher.search(wq.And([talks, wq.Prefix("id", prefix)]), limit=None)
            ],
            lambda: [
                dict(h)
                for h in searcher.search(by_title, limit=None)
                if wanted in h["title"].casefold()
            ],
        ):
            matches = matcher()
            if len(matches) == 1:
                return hit_of(index.root, matches[0], 0.0)
            if matches:
                raise TalkNotFound(ref, sorted(original_name(m["id"]) for m in matches))
    raise TalkNotFound(ref)


# --- the programme: plans, what is on, starred and unwritten talks ----------------------------


def slots(
    index: NoteIndex,
    *,
    events: Sequence[str] = (),
    starred: bool = False,
    between: tuple[dt.datetime, dt.datetime] | None = None,
) -> list[Slot]:
    """The talks (of `events`, when given; starred ones; starting roughly `between` two naive
    UTC times) as slots, from what the index stores: no note file is read."""
    parts: list[Any] = [wq.Term("doctype", "talk")]
    if starred:
        parts.append(wq.Term("starred", "yes"))
    if events:
        parts.append(wq.Or([wq.Term("event_id", event) for event in events]))
    if between is not None:
        parts.append(wq.DateRange("starts", *between))
    from notes_cli.timetable import slot_of, user_zone

    user = user_zone()
    with index.ix.searcher() as searcher:
        return [
            slot_of(
                stored["slot"],
                id=stored["id"],
                event_id=stored["event_id"],
                event_title=stored.get("event", ""),
                title=stored.get("title", ""),
                speakers=[Speaker(*speaker) for speaker in stored.get("speakers", [])],
                user=user,
            )
            for stored in (hit.fields() for hit in searcher.search(wq.And(parts), limit=None))
        ]


def flagged(index: NoteIndex, *, starred: bool, unwritten: bool) -> frozenset[str]:
    """The ids of the talks starred (when asked) whose notes are still empty (when asked)."""
    parts: list[Any] = [wq.Term("doctype", "talk")]
    if starred:
        parts.append(wq.Term("starred", "yes"))
    with index.ix.searcher() as searcher:
        return frozenset(
            stored["id"]
            for stored in (hit.fields() for hit in searcher.search(wq.And(parts), limit=None))
            if not (unwritten and stored["slot"]["written"])
        )


def events_at(index: NoteIndex, talks: dict[Path, tuple[str, int]]) -> dict[Path, Event]:
    """The events of notes (path: the event's id and the document number of one of its
    talks) as the index stores them, their talks without notes, by path; one the index does
    not hold is left out. A note's documents are written together, its event's after its
    talks, and stay in that order: the event is looked for first in the next event document
    after the talk, and by its id only when that one is another's (a query per id, or even
    the postings of each id, cost several times as much)."""
    found: dict[Path, Event] = {}
    with index.ix.searcher() as searcher:

        def event_in(docnums: Iterable[int], path: Path, event_id: str) -> Event | None:
            for docnum in docnums:
                stored = searcher.stored_fields(docnum)
                if (
                    "about" in stored
                    and index.root / original_name(stored["path"]) == path
                    and original_name(stored["event_id"]) == event_id
                ):
                    return event_of(index.root, stored)
            return None

        events = sorted(searcher.docs_for_query(wq.Term("doctype", "event")))
        reader = searcher.reader()
        for path, (event_id, talk) in sorted(talks.items(), key=lambda item: item[1][1]):
            after = bisect.bisect(events, talk)
            event = event_in(events[after : after + 1], path, event_id)
            term = stored_name(event_id)
            if event is None and ("id", term) in reader:
                event = event_in(reader.postings("id", term).all_ids(), path, event_id)
            if event is not None:
                found[path] = event
    return found


def event_spans(index: NoteIndex, ids: Sequence[str]) -> dict[str, tuple[dt.date, dt.date]]:
    """The first and last day of each event named."""
    spans = {}
    with index.ix.searcher() as searcher:
        for event_id in ids:
            stored = searcher.document(id=event_id, doctype="event")
            if stored:
                first = stored["date"].date()
                end = stored["about"]["end_date"]
                spans[event_id] = (first, dt.date.fromisoformat(end) if end else first)
    return spans


def related(index: NoteIndex, talk: Hit, *, limit: int = 10) -> list[Hit]:
    """The talks most like `talk`, by the words that characterise its title, tags and notes."""
    notes = notes_of([talk]).get(talk.id, "")
    text = "\n".join((talk.title, " ".join(talk.tags), notes))

    with index.ix.searcher() as searcher:
        docnum = searcher.document_number(id=stored_name(talk.id))
        if docnum is None:
            return []
        results = searcher.more_like(
            docnum, "text", text=text, top=limit, numterms=12, filter=wq.Term("doctype", "talk")
        )
        return [hit_of(index.root, dict(hit), hit.score or 0.0) for hit in results]


class StoredEvents:
    """What the index stores of every event, newest first, read a chunk at a time through one
    searcher (so a writer in another process changes nothing under it), for what looks at
    every event's talks (`notes list --talks`, a filter on tags, speakers, companies)."""

    def __init__(self, index: NoteIndex) -> None:
        self.index = index
        self.ix = index.ix  # a rebuild replaces it, and every document number with it
        self._searcher = index.ix.searcher()
        try:
            found = self._searcher.search(wq.Term("doctype", "event"), sortedby="order", limit=None)
            self.order = [found.docnum(n) for n in range(len(found))]
        except BaseException:
            self.close()
            raise

    def chunk(self, start: int, count: int) -> list[dict[str, Any]]:
        """The stored fields of events `start` to `start + count`, all read."""
        # Thousands of small objects made at once: the cycle collector would only walk them
        # again and again (unpickling them took 2.7 times as long with it on).
        with collector_paused():
            return [self._searcher.stored_fields(d) for d in self.order[start : start + count]]

    def close(self) -> None:
        self._searcher.close()


STATS_FIELDS = {
    "topic": ("tag", True),  # the talk's tags and its event's, as `topic:` finds them
    "speaker": ("f_speaker", True),
    "company": ("f_company", True),
    "year": ("year", False),
    "kind": ("kind", False),
    "event": ("f_event", False),
}


def stats(index: NoteIndex, by: str, text: str | None = None) -> list[tuple[str, int]]:
    """How many talks (of all, or of those `text` matches) have each value of `by`, largest first."""
    fieldname, overlap = STATS_FIELDS[by]
    talks = wq.Term("doctype", "talk")
    wanted = wq.And([talks, queries.parse(text, index.ix.schema)]) if text else talks

    with index.ix.searcher() as searcher:
        facet = sorting.FieldFacet(fieldname, allow_overlap=overlap)
        results = searcher.search(wanted, limit=None, groupedby={"value": facet})
        groups = results.groups("value")
    counts = [
        (key.decode("utf-8") if isinstance(key, bytes) else str(key), len(docs))
        for key, docs in groups.items()
        if key not in (None, "", b"")
    ]
    return sorted(counts, key=lambda item: (-item[1], item[0].casefold()))


def facts(index: NoteIndex) -> IndexFacts:
    from notes_cli.results import IndexFacts

    with index.ix.searcher() as searcher:
        count = {
            kind: len(searcher.search(wq.Term("doctype", kind), limit=1))
            for kind in ("event", "talk")
        }
    return IndexFacts(
        location=index.folder,
        events=count["event"],
        talks=count["talk"],
        synced=index.manifest.synced,
        in_memory=index.in_memory,
    )
