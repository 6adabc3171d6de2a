"""The index's writer: Whoosh's SegmentWriter, with each field's length column read once when
a segment's postings are written.

Writing a segment's postings, Whoosh asks for the length of the field of the document of every
posting (about 12 million of them on 10,000 events), each time reading it from the length
column's file, and, for a field that keeps no lengths, asking the file system whether the
column exists. `Lengths` reads each column once; the same bytes are written.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

# What a length byte stands for, as Whoosh's doc_field_length gives it (None for a zero byte).
_LENGTHS: list[int | None] = [None, *(byte_to_length(b) for b in range(1, 256))]


class Lengths:
    """A new segment's per-document reader, whose doc_field_length reads each field's length
    column whole, once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        try:
            column = self._columns[fieldname]
        except KeyError:
            column = self._columns[fieldname] = self._column(fieldname)
        if column is None:
            return default
        return _LENGTHS[column[docnum]] if docnum < len(column) else None

    def _column(self, fieldname: str) -> bytes | None:
        column = self._reader._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return None
        if getattr(column, "_typecode", None) == "B":  # a byte a document: read them all at once
            return bytes(column._dbfile.get(column._basepos, column._count))
        return bytes(column[n] for n in range(len(column)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class Writer(SegmentWriter):  # type: ignore[misc]
    """Whoosh's SegmentWriter, writing postings with `Lengths`."""

    def per_document_reader(self) -> Any:
        return Lengths(super().per_document_reader())
