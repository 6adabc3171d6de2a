"""Which documents a query matches, in the order a search shows them, for as little as Whoosh
allows: the same hits, scores and order as Whoosh's own collectors give.

- Scores: as Whoosh's BM25F gives them, for less (weighting.py).
- Collecting: one tight loop per segment instead of Whoosh's collector (which also skips
  nothing here: a title word weighs three times a word of the notes, so nearly every block
  of a posting list may hold a better match). Every match is seen, so the count is exact.
  A query of one word (the usual search), or a phrase's words, is collected from the words'
  postings read a block at a time, without a matcher's calls per match.
- Phrases: a document matches `"cold starts"` when it has both words, next to each other.
  Checking the "next to" means reading the words' positions, which costs far more than
  scoring; and a phrase scores what its words score together. So a query that needs its
  phrases is first run as its words' AND query, and the phrases are checked on the best of
  those candidates, best first, only until the page is full.
- Sorting by date: the date column read once per segment, not once per match.
"""

from __future__ import annotations

import array
import bisect
import heapq
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query.spans import SpanNear2
from whoosh.util import make_binary_tree

from .weighting import (
    ColumnScorer,
    Scored,
    block_ids,
    postings_of,
    scorer_of,
    term_scored,
    unfiltered,
)

# How many more candidates than hits still wanted are checked for their phrases at a time.
_BATCH = 2


@dataclass(frozen=True)
class Ranked:
    """The documents to show, in order, as (global docnum, score); and how many match."""

    docs: list[tuple[int, float]]
    total: int
    exact: bool = True


def ranked(searcher: Any, query: Any, *, sort: str = "relevance", limit: int | None) -> Ranked:
    """The best `limit` documents (every one with None) for `query`, as Whoosh's TopCollector
    (or UnlimitedCollector, or a sort on the date field, newest first) would give them."""
    deferred = _relaxed(query)
    if deferred is None:
        candidates = _candidates(searcher, query, sort)
        total = len(candidates)
        best = _best(candidates, limit, sort)
        return Ranked(best, total)
    relaxed, phrases = deferred
    candidates = _candidates(searcher, relaxed, sort)
    docs = _checked(searcher, phrases, _ordered(candidates, sort), limit, sort)
    if limit is not None and len(docs) > limit:
        return Ranked(docs[:limit], len(docs), exact=False)
    return Ranked(docs, len(docs))


def count(searcher: Any, query: Any) -> int:
    """How many documents `query` matches."""
    return ranked(searcher, query, limit=None).total


# --- collecting ------------------------------------------------------------------------------


Candidate = tuple[float, int]  # (sort key, -docnum) for relevance; (key, docnum) for date


def _candidates(searcher: Any, query: Any, sort: str) -> list[Candidate]:
    context = searcher.context()
    found: list[Candidate] = []
    append = found.append
    for sub, offset in searcher.leaf_searchers():
        if sort == "date":
            dates = _column(sub.reader(), "date")
            for docnum in query.matcher(sub, context.set(weighting=None)).all_ids():
                append((dates[docnum], offset + docnum))
            continue
        scored = _scored(query, sub, context)
        if scored is not None:
            found += [(score, -offset - docnum) for docnum, score in scored]
            continue
        matcher = query.matcher(sub, context)
        if not matcher.is_active():
            continue
        matcher = matcher.replace(0)
        score, ident, advance, active = matcher.score, matcher.id, matcher.next, matcher.is_active
        while active():
            append((score(), -offset - ident()))
            advance()
    return found


def _best(candidates: list[Candidate], limit: int | None, sort: str) -> list[tuple[int, float]]:
    if limit is None:
        return [_hit(c, sort) for c in _ordered(candidates, sort)]
    # Ties: the lower docnum first by relevance, the higher first by date, as in Whoosh.
    return [_hit(c, sort) for c in heapq.nlargest(limit, candidates)]


def _ordered(candidates: list[Candidate], sort: str) -> list[Candidate]:
    return sorted(candidates, reverse=True)


def _hit(candidate: Candidate, sort: str) -> tuple[int, float]:
    key, docnum = candidate
    return (docnum, float(key)) if sort == "date" else (-docnum, key)


def _column(reader: Any, fieldname: str) -> Any:
    """A segment's sortable column as a sequence indexed by docnum (the sort keys)."""
    column = reader.column_reader(fieldname)
    typecode = getattr(column, "_typecode", None)
    if typecode in ("q", "Q", "i", "I") and hasattr(column, "_dbfile"):
        values = array.array(typecode)
        if values.itemsize == column._fixedlen:
            values.frombytes(column._dbfile.get(column._basepos, column._count * values.itemsize))
            if sys.byteorder == "little":
                values.byteswap()  # Whoosh stores them big-endian
            default = column._default
            return [*values, *([default] * (reader.doc_count_all() - len(values)))]
    return [column.sort_key(docnum) for docnum in range(reader.doc_count_all())]


# --- phrases ---------------------------------------------------------------------------------


class _Words(wq.Query):  # type: ignore[misc]
    """A phrase's words, all of them, anywhere in the document: scored as the phrase is."""

    def __init__(self, phrase: Any) -> None:
        self.phrase = phrase
        self.boost = phrase.boost

    def estimate_size(self, reader: Any) -> int:  # an AND orders its parts by it
        return int(self.phrase.estimate_size(reader))

    def estimate_min_size(self, reader: Any) -> int:
        return int(self.phrase.estimate_min_size(reader))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        ms = _word_matchers(self.phrase, searcher, context, scored=True)
        if ms is None:
            return matching.NullMatcher()
        found = make_binary_tree(matching.IntersectionMatcher, ms)
        # The phrase's matcher wraps the same intersection (its score times 1.0).
        found = matching.WrappingMatcher(found, boost=1.0)
        if self.phrase.boost != 1.0:
            found = matching.WrappingMatcher(found, boost=self.phrase.boost)
        return found


def _scored(query: Any, searcher: Any, context: Any) -> Scored | None:
    """The documents of one segment a query of one word, or a phrase's words, match, with
    their scores, read in bulk; None for any other query, or postings not read so."""
    if isinstance(query, _Words):
        return _words_scored(query, searcher, context)
    return term_scored(query, searcher, context) if type(query) is wq.Term else None


def _words_scored(words: _Words, searcher: Any, context: Any) -> Scored | None:
    """The documents of one segment that hold every word of a phrase, with the score its
    matcher gives each (the words' scores added up as its tree of intersections adds them),
    from the words' postings read a block at a time and intersected as sets: Whoosh's
    intersection leapfrogs from posting to posting, a few calls each (`chloe` and `ahmed`,
    3,100 talks each and 150 together, took 3,263 of its skips). None when the postings
    cannot be read so."""
    ms = _word_matchers(words.phrase, searcher, context, scored=True)
    if ms is None:
        return []  # a word the segment does not hold: nothing matches
    # In a segment whose notes were edited since, the deleted documents are left out here.
    deleted: set[int] = set()
    for n, m in enumerate(ms):
        ms[n], left_out = unfiltered(m)
        deleted.update(left_out)
    scorers = [scorer_of(m) for m in ms]
    if not all(isinstance(scorer, ColumnScorer) for scorer in scorers):
        return None
    postings = [postings_of(m) for m in ms]
    if None in postings:
        return None
    held = [p for p in postings if p is not None]
    common = set(held[0][0]).intersection(*(ids for ids, _ in held[1:])) - deleted
    weights = [dict(zip(ids, tfs, strict=True)) for ids, tfs in held]
    found = []
    for docnum in sorted(common):
        scores = [s.score_of(docnum, w[docnum]) for s, w in zip(scorers, weights, strict=True)]
        score = _tree_sum(scores) * 1.0  # the WrappingMatcher of _Words.matcher
        found.append((docnum, score * words.boost if words.boost != 1.0 else score))
    return found


def _tree_sum(scores: list[float]) -> float:
    """The scores added up as make_binary_tree pairs the matchers: (a + (b + c)) for three."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])


def _word_matchers(phrase: Any, searcher: Any, context: Any, *, scored: bool) -> list[Any] | None:
    """A matcher per word of the phrase in one segment, as the phrase's matcher makes them;
    None when a word is not in the segment at all."""
    fieldname = phrase.fieldname
    if fieldname not in searcher.schema:
        return None
    field = searcher.schema[fieldname]
    reader = searcher.reader()
    terms = []
    for word in phrase.words:
        try:
            text = field.to_bytes(word)
        except ValueError:
            return None
        if (fieldname, text) not in reader:
            return None
        terms.append(wq.Term(fieldname, text))
    if not scored:
        context = searcher.boolean_context() if context is None else context
    return [term.matcher(searcher, context) for term in terms]


def _relaxed(query: Any) -> tuple[Any, list[Any]] | None:
    """The query with each phrase it needs replaced by the phrase's words, and those phrases;
    None when it has no phrase, or a phrase it does not need (under an OR or a NOT: there,
    the words alone would score a document that the phrase would not)."""
    phrases: list[Any] = []

    def relax(part: Any) -> Any:
        if isinstance(part, wq.Phrase) and len(part.words) > 1:
            phrases.append(part)
            return _Words(part)
        if type(part) is wq.And:
            return wq.And([relax(child) for child in part.subqueries], boost=part.boost)
        if any(isinstance(p, wq.Phrase) for p in _parts(part)):
            raise _Needed
        return part

    try:
        relaxed = relax(query)
    except _Needed:
        return None
    return (relaxed, phrases) if phrases else None


class _Needed(Exception):
    """A phrase whose absence can still make a match."""


def _parts(query: Any) -> Iterator[Any]:
    yield query
    for child in query.children():
        yield from _parts(child)


def _checked(
    searcher: Any,
    phrases: list[Any],
    candidates: list[Candidate],
    limit: int | None,
    sort: str,
) -> list[tuple[int, float]]:
    """The candidates (best first) whose phrases all hold, in order, until one more than
    `limit` are found (every one with None)."""
    found: list[tuple[int, float]] = []
    start = 0
    while start < len(candidates) and (limit is None or len(found) <= limit):
        wanted = len(candidates) if limit is None else (limit + 1 - len(found)) * _BATCH + 8
        batch = [_hit(c, sort) for c in candidates[start : start + wanted]]
        start += wanted
        held = _holding(searcher, phrases, sorted(docnum for docnum, _ in batch))
        found += [hit for hit in batch if hit[0] in held]
    return found if limit is None else found[: limit + 1]


def _holding(searcher: Any, phrases: list[Any], docnums: list[int]) -> set[int]:
    """Which of `docnums` (ascending) hold every phrase, by Whoosh's own test of positions."""
    held = set(docnums)
    for phrase in phrases:
        held &= _holding_one(searcher, phrase, [d for d in docnums if d in held])
    return held


def _holding_one(searcher: Any, phrase: Any, docnums: list[int]) -> set[int]:
    held: set[int] = set()
    leaves = list(searcher.leaf_searchers())
    for number, (sub, offset) in enumerate(leaves):
        end = leaves[number + 1][1] if number + 1 < len(leaves) else sys.maxsize
        mine = [d - offset for d in docnums if offset <= d < end]
        if not mine:
            continue
        ms = _word_matchers(phrase, sub, None, scored=False)
        if ms is None:
            continue
        # (the candidates are documents not deleted: the filter around each word is not needed)
        ms = [unfiltered(m)[0] for m in ms]
        near = types.SimpleNamespace(ms=ms, slop=phrase.slop, ordered=True, mindist=1)
        for docnum in mine:
            if all(_moved_to(m, docnum) for m in ms) and _spans(near):
                held.add(docnum + offset)
    return held


def _moved_to(matcher: Any, docnum: int) -> bool:
    """Move a word's matcher forward to `docnum`; whether the word is in that document. A
    posting list of the segment's file skips whole blocks by their last id and finds the
    document in its block by bisection, where Whoosh's own skip_to steps to it a posting at
    a time, a few calls each (`chloe`, in 3,100 talks, for the 50 best of `chloe ahmed`)."""
    if not matcher.is_active():
        return False
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        if docnum > matcher._maxid:
            matcher._skip_to_block(lambda: docnum > matcher._maxid)
            if not matcher.is_active():
                return False
        ids = block_ids(matcher)  # (its last id is _maxid: docnum is in this block, or none)
        matcher._i = bisect.bisect_left(ids, docnum, matcher._i)
        return bool(ids[matcher._i] == docnum)
    if matcher.id() < docnum:
        matcher.skip_to(docnum)
    return bool(matcher.is_active() and matcher.id() == docnum)


def _spans(near: Any) -> Any:
    """The phrase's spans in the current document, exactly as Whoosh's phrase matcher finds
    them (its own method, on the same word matchers)."""
    return SpanNear2.SpanNear2Matcher._get_spans(near)
