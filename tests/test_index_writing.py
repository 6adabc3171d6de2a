"""The index's own writer (index/writing.py) writes what Whoosh's SegmentWriter writes: the
same words, positions, weights, stored values, lengths and columns, so that a search answers
the same whichever wrote the index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from notes_cli.index.analysis import PART, schema
from notes_cli.index.documents import documents
from notes_cli.index.pool import TermPool
from notes_cli.index.writing import Writer, fast_terms
from notes_cli.model import Event, Speaker, Talk

# Words that take each branch of the analysis: joined (re:Invent, api-gateway, O'Brien,
# v1.2), stop words, one letter, accents, other scripts, digits, the weighted parts' separator.
PIECES = [
    "re:Invent",
    "api-gateway",
    "O'Brien",
    "Co-operatives",
    "v1.2.3",
    "it’s",
    "a-b",
    "x.y",
    "the",
    "and",
    "a",
    "I",
    "Café",
    "naïve",
    "ÉCOLE",
    "straße",
    "東京",
    "Lambda",
    "lambdas",
    "containers",
    "running",
    "42",
    "e2e",
    "-",
    ":",
    ".",
    "'",
    " ",
    "\n",
    "  ",
    PART,
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(value=texts)
def test_each_text_field_gets_the_words_its_analyzer_gives(value: str) -> None:
    fields = schema()
    checked = 0
    for name, field in fields.items():
        terms = fast_terms(field)
        if terms is not None:
            assert terms(value) == list(field.index(value)), name
            checked += 1
    assert checked >= 5  # title, event, text, words, abstract... are worked out this way


def _event(number: int) -> Event:
    talks = tuple(
        Talk(
            title=f"Talk {n}: re:Invent api-gateway café {number}",
            speakers=(Speaker(f"Ana O'Brien {n}", "CTO", "Acme-Corp"),),
            tags=("lambda", "serverless"),
            notes=f"The containers of talk {n}, running naïve e2e tests. " * (n + 1),
            track="Main",
        )
        for n in range(3)
    )
    return Event(
        id=f"event-{number}",
        path=Path(f"event-{number}.md"),
        title=f"Meetup {number}",
        date=dt.date(2020, 1, 1) + dt.timedelta(days=number),
        kind="meetup",
        location="Zen Internet, Rochdale",
        tags=("aws",),
        talks=talks,
        text=f"A day of talks, number {number}.",
    )


def _contents(folder: Path, writer: Any, limitmb: int) -> Any:
    storage = FileStorage(str(folder))
    storage.create()
    ix = storage.create_index(schema())
    with writer(ix, limitmb=limitmb) as adding:
        for number in range(6):
            for document in documents(_event(number), f"event-{number}.md"):
                adding.add_document(**document)
    with ix.reader() as reader:
        postings = []
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                postings.append((fieldname, text, matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
        lengths = [
            reader.doc_field_length(docnum, name)
            for docnum in range(reader.doc_count_all())
            for name in reader.schema.scorable_names()
        ]
        columns = [list(reader.column_reader(name)) for name in ("date", "order", "row")]
        return postings, list(reader.all_stored_fields()), lengths, columns


def test_an_index_holds_what_whooshs_own_writer_writes(tmp_path: Path) -> None:
    whoosh = _contents(tmp_path / "whoosh", SegmentWriter, limitmb=128)
    ours = _contents(tmp_path / "ours", Writer, limitmb=128)
    assert whoosh[0] and whoosh == ours
    # A run written to disk after every document, merged when the segment is written: still
    # the same postings.
    assert _contents(tmp_path / "runs", Writer, limitmb=0) == whoosh


def test_the_pool_gives_postings_in_order_however_they_came(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    storage.create()
    postings = [
        (field, word.encode(), docnum, float(docnum % 3 + 1), f"v{docnum}".encode())
        for docnum in (5, 1, 9, 3, 7)
        for field in ("title", "text")
        for word in ("lambda", "api", "zebra")
    ]
    pool = TermPool(storage, limitmb=0)
    for number, posting in enumerate(postings):
        pool.add(posting)
        if number % 4 == 0:
            pool.save()  # some in runs on disk, some in memory
    assert list(pool.iter_postings()) == sorted(postings)
    assert storage.list() == []  # the runs read are gone
