"""What a search answers never changes by accident: the best 20 talks of a fixed set of queries
over a generated collection, with their scores and the count of every match, against a golden
file written by the implementation before the speed work (NOTES_UPDATE_GOLDEN=1 rewrites it;
review the diff). Making search faster must not make it answer differently."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from notes_cli.index.sync import NoteIndex
from notes_cli.notebook import Notebook

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "ranking.json"
UPDATE = bool(os.environ.get("NOTES_UPDATE_GOLDEN"))

QUERIES = [
    ("lambda", "relevance"),
    ("lambda", "date"),
    ('"cold starts"', "relevance"),
    ('"cold starts" lambda', "relevance"),
    ("lambda serverless", "relevance"),
    ("lambda OR kubernetes", "relevance"),
    ("containers", "relevance"),
    ('speaker:"yusuf garcia"', "relevance"),
    ("company:netflix", "relevance"),
    ("tag:security", "date"),
    ("title:kubernetes", "relevance"),
    ("kind:meetup AND observability", "relevance"),
    ("year:2017 terraform", "relevance"),
    ("date:[2015-01-01 TO 2015-12-31]", "date"),
    ("contain*", "relevance"),
    ("lamda~", "relevance"),
    ("kinesis OR athena", "relevance"),
    ('"api gateway"', "relevance"),
    ("lambda AND NOT kind:conference", "relevance"),
    ("format:lightning AND python", "relevance"),
    ("venue", "relevance"),  # the events' own notes
]


def _generated(root: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", REPO / "bench" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(root, 60, 7)


def _answers(book: Notebook) -> dict[str, Any]:
    found = {}
    for text, sort in QUERIES:
        result = book.search(text, limit=20, sort=sort, count=True)
        found[f"{text} ({sort})"] = {
            "total": result.total,
            "top": [[hit.id, round(hit.score, 6)] for hit in result.hits],
        }
    return found


def test_the_best_twenty_of_fixed_queries_do_not_change(root: Path) -> None:
    _generated(root)
    found = _answers(Notebook(root))
    if UPDATE:
        GOLDEN.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert all(answer["top"] for answer in expected.values())  # every query finds something
    for query, answer in expected.items():
        assert found[query] == answer, query


def test_after_an_edit_every_fixed_query_answers_as_a_fresh_index_does(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit leaves the build's segment with a deleted document, whose postings Whoosh
    reads through a filter: the fast path for a phrase's words took that for damage, and
    every speaker search after an edit rebuilt the whole index."""
    _generated(root)
    # a note the speaker query finds: its old document is one of those the filter leaves out
    edited = Notebook(root).search('speaker:"yusuf garcia"').hits[0].path  # (built)
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore on lambda.\n", encoding="utf-8")
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh)

    def no_heal(*_: Any, **__: Any) -> None:
        raise AssertionError("the index was taken for damaged and rebuilt")

    monkeypatch.setattr(NoteIndex, "heal", no_heal)
    updated, rebuilt = Notebook(root), Notebook(fresh)
    for text, sort in QUERIES:
        after = updated.search(text, limit=100_000, sort=sort, count=True)
        expected = rebuilt.search(text, limit=100_000, sort=sort, count=True)
        assert after.total == expected.total, text
        assert sorted(hit.id for hit in after.hits) == sorted(hit.id for hit in expected.hits), text


def test_every_match_gets_the_score_whoosh_gives_it_edited_notes_too(root: Path) -> None:
    """The collecting in bulk (a query of one word, a phrase's words) against Whoosh's own
    search with its own BM25F: the same documents, each with the very same score, in the
    same order, also in a segment that holds deleted documents (notes edited since)."""
    from whoosh import query as wq
    from whoosh import scoring

    from notes_cli import query as queries
    from notes_cli.index import ranking
    from notes_cli.index.weighting import Weighting, term_scored

    _generated(root)
    book = Notebook(root)
    for hit in book.search("lambda", limit=3).hits:  # built; then three of its notes edited
        hit.path.write_text(hit.path.read_text(encoding="utf-8") + "\nLambda again.\n")
    index = NoteIndex(root)
    with index.ix.reader() as reader:
        assert any(sub.has_deletions() for sub, _ in reader.leaf_readers())
    ours = index.ix.searcher(weighting=Weighting())
    whoosh = index.ix.searcher(weighting=scoring.BM25F())
    # the bulk path is the one taken, the segment with deleted documents included
    for sub, _ in ours.leaf_searchers():
        assert term_scored(wq.Term("text", "lambda"), sub, sub.context())
    texts = [text for text, sort in QUERIES if sort == "relevance"]
    parsed_queries = [queries.parse(text, index.ix.schema) for text in [*texts, "speaker:yusuf"]]
    # a boosted word (the query language has no boosts: built here), a word no note holds
    parsed_queries += [wq.Term("text", "lambda", boost=2.0), wq.Term("text", "notaword")]
    for parsed in parsed_queries:
        text = repr(parsed)
        found = ranking.ranked(ours, parsed, limit=None)
        expected = [(hit.docnum, hit.score) for hit in whoosh.search(parsed, limit=None)]
        assert found.docs == expected, text
        assert found.total == len(expected), text
    ours.close()
    whoosh.close()


def test_did_you_mean_picks_the_word_whoosh_suggests(root: Path) -> None:
    """snippets.closest_word, which measures edit distances with rapidfuzz, against Whoosh's
    own `suggest` over the same index, built (one segment: Whoosh's Levenshtein automaton) and
    then edited (a second segment, deleted documents: its Damerau-Levenshtein): for words one
    and two edits from the index's (a letter dropped, added, changed, two neighbours swapped)
    and words near none, in every field "did you mean" suggests from, the same word or, where
    Whoosh has none, none."""
    import random

    from notes_cli.index.snippets import closest_word

    _generated(root)
    book = Notebook(root)
    chance = random.Random(15)

    def misspelt(word: str) -> str:
        at = chance.randrange(len(word))
        letter = chance.choice("aeiourstnlk")
        edits = [
            word[:at] + word[at + 1 :],
            word[:at] + letter + word[at:],
            word[:at] + letter + word[at + 1 :],
            word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
        ]
        return chance.choice(edits)

    def compared(index: NoteIndex) -> tuple[int, int]:
        asked = found_some = 0
        with index.ix.searcher() as searcher:
            reader = searcher.reader()
            for fieldname in ("words", "speaker", "company", "location", "tag", "kind", "format"):
                held = sorted(term.decode("utf-8") for term in reader.lexicon(fieldname))
                held = [word for word in held if len(word) > 2]
                for word in [*chance.sample(held, min(5, len(held))), "zzzz", "qxjvw"]:
                    once = misspelt(word)
                    for typed in {once, misspelt(once), word + "xq"}:
                        for maxdist in (1, 2):
                            expected = searcher.suggest(fieldname, typed, limit=1, maxdist=maxdist)
                            found = closest_word(reader, fieldname, typed, maxdist)
                            assert found == (expected[0] if expected else None), (
                                fieldname,
                                typed,
                                maxdist,
                            )
                            asked += 1
                            found_some += found is not None
        return asked, found_some

    built = NoteIndex(root)
    with built.ix.reader() as reader:
        assert reader.is_atomic()  # one segment
    asked, found_some = compared(built)
    assert found_some > asked // 3  # most misspellings have a word to suggest
    for hit in book.search("kubernetes", limit=3).hits:  # a second segment, and deletions
        hit.path.write_text(hit.path.read_text(encoding="utf-8") + "\nKubernets again.\n")
    edited = NoteIndex(root)
    with edited.ix.reader() as reader:
        assert not reader.is_atomic()
        assert any(sub.has_deletions() for sub, _ in reader.leaf_readers())
    asked, found_some = compared(edited)
    assert found_some > asked // 3
