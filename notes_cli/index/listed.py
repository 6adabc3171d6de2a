"""The rows of `notes list`, newest first, from two columns of the index.

Each event's document keeps its row (documents.listed_row) in a column of its own, beside the
`order` column it is sorted by: listing reads those two and nothing else. The stored fields
(unpickled whole, every talk of the event with them) and the Events and Talks made of them
are for the filters that look at talks. On 10,000 events that is the difference between
reading 10,000 small byte strings and unpickling 85,000 talks' worth of stored values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from notes_cli.listing import ListedEvent

from .documents import listed_of
from .sync import NoteIndex


class ListedRows:
    """Every event's row, newest first, read a chunk at a time through one searcher (so that
    a writer in another process changes nothing under it)."""

    def __init__(self, index: NoteIndex) -> None:
        self.ix = index.ix  # a rebuild replaces it, and every document number with it
        self._searcher = index.ix.searcher()
        try:
            self._order = self._ordered()
        except BaseException:
            self.close()
            raise

    def _ordered(self) -> list[tuple[Any, int]]:
        """(column reader, document number) of every event, as `order` sorts them; a tie in
        the order (same day, same title) goes by document number, as Whoosh's sort does."""
        keyed: list[tuple[bytes, int, Any, int]] = []
        for reader, base in self._searcher.reader().leaf_readers():
            if not reader.has_column("row") or ("doctype", "event") not in reader:
                continue
            orders = _values(reader.column_reader("order", translate=False))
            rows = _values(reader.column_reader("row", translate=False))
            for docnum in reader.postings("doctype", "event").all_ids():
                keyed.append((orders(docnum), base + docnum, rows, docnum))
        keyed.sort(key=lambda item: (item[0], item[1]))
        return [(rows, docnum) for _, _, rows, docnum in keyed]

    def __len__(self) -> int:
        return len(self._order)

    def chunk(self, start: int, count: int) -> list[ListedEvent]:
        """The rows of events `start` to `start + count`, all read."""
        return [listed_of(rows(docnum)) for rows, docnum in self._order[start : start + count]]

    def close(self) -> None:
        self._searcher.close()


def _values(column: Any) -> Callable[[int], bytes]:
    """A document's value in a column: from the column's data read whole, once, when it is
    Whoosh's VarBytesColumn (else, as Whoosh reads it, a seek and a read a document)."""
    try:
        offsets, lengths = column._offsets, column._lengths
        end = offsets[-1] + lengths[-1] if len(offsets) else 0
        data = bytes(column._dbfile.get(column._basepos, end))
    except (AttributeError, TypeError, IndexError):
        return column.__getitem__  # type: ignore[no-any-return]
    return lambda docnum: data[offsets[docnum] : offsets[docnum] + lengths[docnum]]
