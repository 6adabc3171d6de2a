"""Scoring as Whoosh's BM25F scores, for less: each segment's field lengths read once, and the
postings of one word read a block at a time and scored in one pass.

Whoosh's BM25F reads a document's field length from the segment's file each time it scores one
(a seek and a read per match: 17,841 of them for `lambda` over 10,000 events); `Weighting`
scores with the same formula from the segment's length column read once, to the same floats.
A matcher scores one posting per call, a few calls each (`id`, `weight`, `score`, `next`, and a
filter's around them in a segment with deleted documents); `term_scored` reads the word's ids
and weights whole and scores them in a list.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from itertools import accumulate
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh import matching, scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.util.numeric import byte_to_length

Scored = list[tuple[int, float]]  # (docnum in its segment, score)


class ColumnScorer(scoring.BM25FScorer):  # type: ignore[misc]
    """BM25F with the document's length read from a segment's length column, loaded once."""

    def __init__(
        self, searcher: Any, fieldname: str, text: bytes, B: float, K1: float, lengths: bytes
    ) -> None:
        super().__init__(searcher, fieldname, text, B, K1)
        self._lengths = lengths
        # The part of bm25()'s denominator that depends on the length, for every length byte,
        # written as bm25() writes it so that every score is the same float.
        avgfl = self.avgfl
        self._norm = [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)]

    def score(self, matcher: Any) -> float:
        return self.score_of(matcher.id(), matcher.weight())

    def score_of(self, docnum: int, tf: float) -> float:
        """The score of a document of the segment that holds the word `tf` times."""
        return float(self.idf * ((tf * (self.K1 + 1)) / (tf + self._norm[self._lengths[docnum]])))

    def scores(self, docnums: list[int], tfs: list[float], left_out: AbstractSet[int]) -> Scored:
        """score_of each document not `left_out`, in one pass (the same floats)."""
        idf, k1, norm, lengths = float(self.idf), self.K1 + 1, self._norm, self._lengths
        return [
            (docnum, idf * ((tf * k1) / (tf + norm[lengths[docnum]])))
            for docnum, tf in zip(docnums, tfs, strict=True)
            if docnum not in left_out
        ]


class Weighting(scoring.BM25F):  # type: ignore[misc]
    """Whoosh's BM25F, scoring from each segment's length column read once."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: dict[tuple[int, str], tuple[Any, bytes | None]] = {}

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        lengths = self._lengths(searcher, fieldname) if qf == 1 else None
        if lengths is None:
            return scoring.BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)
        return ColumnScorer(searcher, fieldname, text, B, self.K1, lengths)

    def _lengths(self, searcher: Any, fieldname: str) -> bytes | None:
        """The length bytes of every document of a one-segment searcher, or None when this
        is not the kind of segment they can be read from (then Whoosh reads them)."""
        reader = searcher.reader()
        key = (id(reader), fieldname)
        if key not in self._columns:
            self._columns[key] = (reader, _length_bytes(reader, fieldname))
        return self._columns[key][1]


def _length_bytes(reader: Any, fieldname: str) -> bytes | None:
    perdoc = getattr(reader, "_perdoc", None)
    if not reader.is_atomic() or perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None or getattr(column, "_typecode", None) != "B":
        return None
    raw = bytes(column._dbfile.get(column._basepos, column._count))
    # Documents past the stored ones have no length (and never match in this field).
    return raw.ljust(reader.doc_count_all() + 1, b"\0")


def term_scored(term: Any, searcher: Any, context: Any) -> Scored | None:
    """The documents of one segment that hold a word, each with the score its matcher gives
    it; None when its postings cannot be read so (then the matcher is used)."""
    matcher = term.matcher(searcher, context)
    if not matcher.is_active():
        return []  # the segment does not hold the word (or only in deleted documents)
    matcher, deleted = unfiltered(matcher)
    if not isinstance(scorer_of(matcher), ColumnScorer):
        return None
    postings = postings_of(matcher)
    return None if postings is None else scorer_of(matcher).scores(*postings, deleted)


def scorer_of(matcher: Any) -> Any:
    """The scorer of a word's matcher in one segment (a ListMatcher keeps it private)."""
    if type(matcher) is matching.ListMatcher:
        return matcher._scorer
    return getattr(matcher, "scorer", None)


def unfiltered(matcher: Any) -> tuple[Any, set[int] | frozenset[int]]:
    """A word's matcher without the filter Whoosh puts around it in a segment whose notes were
    edited since (it leaves out the deleted documents), and those documents."""
    if type(matcher) is matching.FilterMatcher and matcher._exclude and matcher.boost == 1.0:
        return matcher.child, matcher._ids
    return matcher, frozenset()


def postings_of(matcher: Any) -> tuple[list[int], list[float]] | None:
    """A word's ids and weights in one segment, a block at a time (its leaf matcher used up);
    None for a matcher that is not one of the segment's posting lists."""
    if type(matcher) is matching.ListMatcher and matcher._terminfo is not None:
        # postings kept in the terms file (an update's small segment: pool._inlined)
        start, inlined = matcher._i, matcher._ids
        matcher._i = len(inlined)
        return list(inlined[start:]), list(matcher._weights[start:])
    if type(matcher) is not W3LeafMatcher or matcher._byteids:
        return None
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids += block_ids(matcher)
        if matcher._weights is None:
            matcher._read_weights()
        weights += matcher._weights
        matcher._next_block()
    return ids, weights


def block_ids(matcher: Any) -> tuple[int, ...]:
    """The ids of a posting list's current block (of a W3LeafMatcher that stores them as
    deltas), added up as Whoosh's `delta_decode` adds them a posting at a time in Python, by
    itertools.accumulate in C: 17,841 matches of `lambda` over 10,000 events."""
    if matcher._ids is None:
        if matcher._data is None:
            matcher._read_data()
        matcher._ids = tuple(accumulate(matcher._data[0]))
    ids: tuple[int, ...] = matcher._ids
    return ids
