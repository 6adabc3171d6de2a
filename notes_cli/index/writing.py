"""The index's writer: Whoosh's SegmentWriter, with the words of a document worked out at
less cost, and each field's length column read once when a segment's postings are written.

Adding a document, Whoosh runs each field's analyzer, a Token and a generator step per filter
per word, and hands the postings to its pool one call and a few checks each. Here the text
fields that notes' own analyzers split (analysis.indexed_words) are worked out a distinct
token at a time; a field whose value is the one the document before had (every talk of an
event carries the event's title, place, days and path) reuses that document's words; the
pool takes a document's postings at once. The postings are the same, in the same order.

Writing a segment's postings, Whoosh asks for the length of the field of the document of every
posting (about 12 million of them on 10,000 events), each time reading it from the length
column's file, and, for a field that keeps no lengths, asking the file system whether the
column exists. `Lengths` reads each column once; the same bytes are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh import fields as whoosh_fields
from whoosh.analysis import RegexTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from .analysis import WORD, WeightedTokenizer, Words, indexed_words
from .pool import TermPool, write_terms

# What a length byte stands for, as Whoosh's doc_field_length gives it (None for a zero byte).
_LENGTHS: list[int | None] = [None, *(byte_to_length(b) for b in range(1, 256))]


class Lengths:
    """A new segment's per-document reader, whose doc_field_length reads each field's length
    column whole, once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        column = self._column_of(fieldname)
        if column is None:
            return default
        return _LENGTHS[column[docnum]] if docnum < len(column) else None

    def field_lengths(self, fieldname: str, docnums: Iterable[int]) -> list[int | None]:
        """doc_field_length of each document, in a field."""
        column = self._column_of(fieldname)
        if column is None:
            return [0 for _ in docnums]
        size = len(column)
        return [_LENGTHS[column[docnum]] if docnum < size else None for docnum in docnums]

    def _column_of(self, fieldname: str) -> bytes | None:
        try:
            return self._columns[fieldname]
        except KeyError:
            column = self._columns[fieldname] = self._column(fieldname)
            return column

    def _column(self, fieldname: str) -> bytes | None:
        column = self._reader._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return None
        if getattr(column, "_typecode", None) == "B":  # a byte a document: read them all at once
            return bytes(column._dbfile.get(column._basepos, column._count))
        return bytes(column[n] for n in range(len(column)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


# A field's postings of one value: (word as bytes, frequency, weight, encoded value)
Terms = list[tuple[bytes, int, float, bytes]]


def fast_terms(field: Any) -> Callable[[str], Terms] | None:
    """What `field.index` gives a value, worked out by analysis.indexed_words, for a text
    field analysed by analysis.analyzer (None for any other field)."""
    items: list[Any] = getattr(field.analyzer, "items", [])
    if type(field) is not whoosh_fields.TEXT or len(items) != 2 or type(items[1]) is not Words:
        return None
    tokenizer, fmt = items[0], field.format
    weighted = type(tokenizer) is WeightedTokenizer
    plain = type(tokenizer) is RegexTokenizer and tokenizer.expression.pattern == WORD
    if not (weighted or plain) or type(fmt) not in (Positions, Frequency):
        return None
    stem, boost = items[1].stem, fmt.field_boost
    encode = fmt.encode if type(fmt) is Positions else None

    def terms(value: str) -> Terms:
        positions, weights = indexed_words(value, stem=stem, weighted=weighted)
        return [
            (
                word.encode("utf-8"),
                len(where),
                weights[word] * boost,
                encode(where) if encode else pack_uint(len(where)),
            )
            for word, where in positions.items()
        ]

    return terms


class Writer(SegmentWriter):  # type: ignore[misc]
    """Whoosh's SegmentWriter, adding documents as the module's docstring says and writing
    postings with `Lengths`."""

    def __init__(self, ix: Any, limitmb: int = 128, inline: bool = False, **options: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **options)
        self.pool = TermPool(self._tempstorage, limitmb=limitmb)
        # With `inline`, a term whose postings fill less than a block is kept in the terms
        # file (pool._inlined): for the small segment of an update.
        self.inline_below = getattr(self.codec, "_blocklimit", 0) if inline else 0

    def per_document_reader(self) -> Any:
        return Lengths(super().per_document_reader())

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        write_terms(self.fieldwriter, self.schema, lengths, self.pool, self.inline_below)
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    def add_document(self, **values: Any) -> None:
        if not hasattr(self, "_known"):
            schema = self.schema
            self._plain = not any(
                field.vector or field.separate_spelling() for _, field in schema.items()
            )
            self._fast = {name: fast_terms(field) for name, field in schema.items()}
            self._known: dict[str, tuple[Any, Terms]] = {}
        if not self._plain or any(name.startswith("_") for name in values):
            super().add_document(**values)  # what this writer does not do: Whoosh's own way
            return
        self._add(values)

    def _terms(self, name: str, field: Any, value: Any) -> Terms:
        known = self._known.get(name)
        if known is not None and type(known[0]) is type(value) and known[0] == value:
            return known[1]
        fast = self._fast[name] if isinstance(value, str) else None
        terms = fast(value) if fast else list(field.index(value))
        self._known[name] = (value, terms)
        return terms

    def _add(self, values: dict[str, Any]) -> None:
        """SegmentWriter.add_document for a schema with no vectors or spelling fields and a
        document with no boosts."""
        self._check_state()
        schema, docnum, perdoc, pool = self.schema, self.docnum, self.perdocwriter, self.pool
        names = sorted(values)
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = values[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                terms = self._terms(name, field, value) if field.indexed else []
                if terms:
                    pool.add_terms(name, docnum, terms)
                    length = sum(freq for _, freq, _, _ in terms)
                stored = value if field.stored else None
                perdoc.add_field(name, field, stored, length if field.scorable else 0)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        if pool.full():
            pool.save()
        self._added = True
        self.docnum += 1
