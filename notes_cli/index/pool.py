"""The postings of a segment being written, gathered term by term, and written a block at a
time.

Whoosh's PostingPool keeps a tuple per posting, sorts them all when the segment is written,
and past its memory limit pickles each one to a run file, reads it back and merges the runs
a posting at a time: on 10,000 events, twelve million postings, each pickled, unpickled and
merged (a third of a build's time). Here each term's postings are packed arrays, appended in
document order (a segment's documents are added in order, so they are sorted already); past
the limit the terms go to a run file whole, in term order, and the runs are merged a term at
a time. Writing, a term's postings fill the codec's blocks a slice at a time instead of a
call per posting. The blocks written are the ones Whoosh writes.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import marshal
import os
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_ushort

# What a term costs in memory beyond its postings (its arrays, its key), and a posting
# (document number, weight, where its value ends), to know when to write a run.
_TERM_BYTES = 400
_POSTING_BYTES = 16


class _Term:
    __slots__ = ("docnums", "ends", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("d")
        self.values = bytearray()
        self.ends = array("I")


# A term as written and merged: field, term, then its document numbers, weights (packed),
# values (joined) and where each value ends (packed).
Record = tuple[str, bytes, bytes, bytes, bytes, bytes]


class TermPool:
    """The postings of a segment being written (Whoosh's PostingPool, term by term)."""

    def __init__(self, tempstore: Any, limitmb: int = 128) -> None:
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fieldnames: set[str] = set()
        self._fields: dict[str, dict[bytes, _Term]] = {}
        self._runs: list[str] = []
        self._unordered = False
        self._last = 0  # the largest document number added

    def add_terms(
        self, fieldname: str, docnum: int, terms: Iterable[tuple[bytes, Any, float, bytes]]
    ) -> None:
        """A document's postings in one field: (term, frequency, weight, value) each."""
        if docnum < self._last:
            self._unordered = True  # merged in out of order: sorted when written
        self._last = max(self._last, docnum)
        found = self._fields.get(fieldname)
        if found is None:
            found = self._fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        size = 0
        for word, _, weight, value in terms:
            term = found.get(word)
            if term is None:
                term = found[word] = _Term()
                size += _TERM_BYTES + len(word)
            value = value or b""
            term.docnums.append(docnum)
            term.weights.append(weight)
            term.values += value
            term.ends.append(len(term.values))
            size += _POSTING_BYTES + len(value)
        self.size += size

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting, as Whoosh's writer gives it when it merges a segment in."""
        fieldname, word, docnum, weight, value = item
        self.add_terms(fieldname, docnum, ((word, 1, weight, value or b""),))

    def full(self) -> bool:
        return self.size > self.limit

    def save(self) -> None:
        """Write the terms gathered so far to a run file, in term order."""
        if not self._fields:
            return
        name = f"{os.getpid()}-{id(self):x}-{len(self._runs)}.terms"  # the build's workers share the folder
        with self.tempstore.create_file(name).raw_file() as handle:
            for record in self._records():
                marshal.dump(record, handle)
        self._runs.append(name)
        self._fields = {}
        self.size = 0

    def _records(self) -> Iterator[Record]:
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            for word in sorted(terms):
                term = terms[word]
                yield (
                    fieldname,
                    word,
                    term.docnums.tobytes(),
                    term.weights.tobytes(),
                    bytes(term.values),
                    term.ends.tobytes(),
                )

    def _read_run(self, name: str) -> Iterator[Record]:
        with self.tempstore.open_file(name).raw_file() as handle:
            while True:
                try:
                    yield marshal.load(handle)
                except EOFError:
                    break
        self.tempstore.delete_file(name)

    def terms(self) -> Iterator[tuple[str, bytes, array[int], array[float], list[bytes]]]:
        """Every term in order, with its postings in document order: (field, term, document
        numbers, weights, values)."""
        sources = [self._read_run(name) for name in self._runs]
        self._runs = []
        merged = heapq.merge(*sources, self._records(), key=lambda record: record[:2])
        for (fieldname, word), records in itertools.groupby(merged, key=lambda r: r[:2]):
            docnums, weights, values = array("I"), array("d"), []
            for _, _, docs, weighing, joined, ends in records:
                docnums.frombytes(docs)
                weights.frombytes(weighing)
                start = 0
                for end in array("I", ends):
                    values.append(joined[start:end])
                    start = end
            if self._unordered:
                docnums, weights, values = _in_order(docnums, weights, values)
            yield fieldname, word, docnums, weights, values
        self._fields = {}

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting in order, as Whoosh's PostingPool gives them."""
        for fieldname, word, docnums, weights, values in self.terms():
            for docnum, weight, value in zip(docnums, weights, values, strict=True):
                yield fieldname, word, docnum, weight, value

    def cleanup(self) -> None:
        for name in self._runs:
            with contextlib.suppress(OSError):
                self.tempstore.delete_file(name)
        self._runs = []


def _in_order(
    docnums: array[int], weights: array[float], values: list[bytes]
) -> tuple[array[int], array[float], list[bytes]]:
    ordered = sorted(zip(docnums, weights, values, strict=True))
    return (
        array("I", [d for d, _, _ in ordered]),
        array("d", [w for _, w, _ in ordered]),
        [v for _, _, v in ordered],
    )


def write_terms(
    fieldwriter: Any, schema: Any, lengths: Any, pool: TermPool, inline_below: int = 0
) -> None:
    """What Whoosh's FieldWriter.add_postings writes for the pool's postings, a term at a
    time and each of its blocks filled at once; a term with fewer than `inline_below`
    postings kept in the terms file instead (`_inlined`)."""
    current = None
    for fieldname, word, docnums, weights, values in pool.terms():
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            current = fieldname
        found = lengths.field_lengths(fieldname, docnums) if lengths else [0] * len(docnums)
        if len(docnums) < inline_below and _inlined(
            fieldwriter, word, docnums, weights, values, found
        ):
            continue
        fieldwriter.start_term(word)
        _fill(fieldwriter._postwriter, docnums, weights, values, found)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _inlined(
    fieldwriter: Any,
    word: bytes,
    docnums: array[int],
    weights: array[float],
    values: list[bytes],
    lengths: list[int | None],
) -> bool:
    """A term's postings kept in its entry of the terms file, as Whoosh's codec can read
    them (it gives them as a ListMatcher), instead of a block of their own in the postings
    file: the block, two pickles and a compression for a handful of postings, cost an
    edit's update most of its writing. The entry's statistics are the ones the block would
    have given it. False, nothing written, for postings with some values empty (the codec's
    blocks leave those out, which a ListMatcher's values cannot)."""
    present = [value for value in values if value]
    if present and len(present) != len(values):
        return False
    weighing = array("f", weights.tolist())  # the precision a block keeps
    known = [length for length in lengths if length]
    terminfo = W3TermInfo()
    terminfo._weight = sum(weighing)
    terminfo._df = len(docnums)
    terminfo._minlength = min(known) if known else None
    terminfo._maxlength = max(known) if known else 0
    terminfo._maxweight = max(0, max(weights))  # as _fill's block has it
    terminfo._minid, terminfo._maxid = docnums[0], docnums[-1]
    terminfo.set_inlined(docnums, weighing, present)
    key = pack_ushort(fieldwriter._fieldid) + word
    fieldwriter._tindex.add(key, terminfo.to_bytes())
    return True


def _fill(
    writer: Any,
    docnums: array[int],
    weights: array[float],
    values: list[bytes],
    lengths: list[int | None],
) -> None:
    """A term's postings into Whoosh's W3PostingsWriter, block by block: the state its
    add_posting leaves after each posting of a block, set once per block."""
    limit = writer._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            writer._write_block()  # full, and more follow: as add_posting writes it
        end = start + limit
        weighing = weights[start:end]
        heaviest = max(weighing)
        known = [length for length in lengths[start:end] if length]
        writer._ids = docnums[start:end]
        writer._weights = array("f", weighing.tolist())
        writer._values = [value for value in values[start:end] if value]
        writer._maxweight = heaviest if heaviest > 0 else 0
        writer._minlength = min(known) if known else None
        writer._maxlength = max(known) if known else 0
