"""The index kept in memory (when the cache folder cannot be written) shares nothing on disk
with another process's: two such searches at once both answer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from whoosh.query import Term

from notes_cli.index.analysis import schema
from notes_cli.index.storage import MemoryStorage


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _writer_with(index, title: str):  # type: ignore[no-untyped-def]
    writer = index.writer()
    writer.add_document(kind="talk", title=title)
    return writer


def test_two_indexes_in_memory_written_at_once_both_keep_their_talks(own_temp: Path) -> None:
    first, second = (MemoryStorage().create_index(schema()) for _ in range(2))
    one, two = _writer_with(first, "lambda at scale"), _writer_with(second, "lambda layers")
    one.commit()  # Whoosh's own RamStorage removed the folder the second writer still used
    two.commit()
    for index in (first, second):
        with index.searcher() as searcher:
            assert len(searcher.search(Term("title", "lambda"))) == 1
    assert list(own_temp.iterdir()) == []  # and each writer's folder is gone


def test_a_folder_left_in_the_temporary_folder_does_not_stop_an_index_in_memory(
    own_temp: Path,
) -> None:
    left = own_temp / "MAIN.tmp"  # the one name Whoosh's writers ask for
    left.mkdir()
    (left / "someone-else.ctmp").write_text("not ours")
    index = MemoryStorage().create_index(schema())
    _writer_with(index, "lambda at scale").commit()
    with index.searcher() as searcher:
        assert len(searcher.search(Term("title", "lambda"))) == 1
    assert (left / "someone-else.ctmp").read_text() == "not ours"
