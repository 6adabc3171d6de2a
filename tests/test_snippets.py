"""Snippets: plain text, the matched words as ranges of it, never the note's own emphasis."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_cli.index.snippets import snippet
from notes_cli.plaintext import plain_text

NOTE = """\
---
title: Platform Guild, March 2024
date: 2024-03-14
kind: meetup
talks:
  - title: Paved roads
    speakers: ["Ann Lee (Staff Engineer, Acme)"]
    tags: [platform]
---
## Paved roads

### What she said

Golden paths are **not** a cage: teams _may_ leave them. The *important* part is that
the [default](https://example.com/roads) is good. <!-- ask her for the slides -->
<!-- private -->
She admitted the first road was a mess.
<!-- /private -->
"""


def marked(found) -> list[str]:
    return [found.text[start:end] for start, end in found.highlights]


def test_markdown_marks_comments_and_private_marks_never_reach_a_snippet() -> None:
    text = plain_text(NOTE.split("## Paved roads\n", 1)[1])
    assert text.startswith("What she said Golden paths are not a cage: teams may leave them.")
    for mark in ("#", "**", "_may_", "*important*", "](", "<!--", "private", "slides"):
        assert mark not in text
    assert "the default is good." in text


def test_matched_words_are_ranges_of_the_text_and_stems_count() -> None:
    found = snippet("Roads are paved. A railroad, a road, paved again.", frozenset({"road"}))
    assert found.text == "Roads are paved. A railroad, a road, paved again."
    assert marked(found) == ["Roads", "road"]


def test_the_notes_own_emphasis_is_not_a_match() -> None:
    found = snippet("The **important** part is the *default* road.", frozenset({"road"}))
    assert found.text == "The important part is the default road."
    assert marked(found) == ["road"]


def test_a_long_note_shows_the_passage_with_the_matches_and_says_what_is_cut() -> None:
    filler = " ".join(f"word{n}" for n in range(200))
    found = snippet(f"{filler} the lambda cold start {filler}", frozenset({"lambda", "cold"}))
    assert found.text.startswith("… ") and found.text.endswith(" …")
    assert marked(found) == ["lambda", "cold"]
    assert len(found.text) < 300


def test_two_passages_when_the_words_are_far_apart() -> None:
    filler = " ".join(f"word{n}" for n in range(100))
    found = snippet(f"lambda {filler} kubernetes {filler}", frozenset({"lambda", "kubernet"}))
    assert marked(found) == ["lambda", "kubernetes"]
    assert " … " in found.text


def test_no_match_shows_the_start_of_the_notes() -> None:
    found = snippet("## Heading\n\nJust **some** notes.", frozenset({"absent"}))
    assert (found.text, found.highlights) == ("Heading Just some notes.", ())


def test_search_json_gives_plain_snippets_with_highlights(run, root: Path, write_note) -> None:
    write_note("2024/2024-03-14-platform-guild-march-2024.md", NOTE)
    document = json.loads(run("search", "--json", "golden").stdout)
    (hit,) = document["hits"]
    assert "**" not in hit["snippet"] and "###" not in hit["snippet"]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["Golden"]


def test_search_in_the_terminal_shows_the_plain_snippet(run, root: Path, write_note) -> None:
    write_note("2024/2024-03-14-platform-guild-march-2024.md", NOTE)
    out = run("search", "cage").stdout
    assert "Golden paths are not a cage" in out
    assert "**" not in out and "<!--" not in out


_PIECES = ["re", ":", "Invent", "reinvent", "-", "api", "gateway", "'", "’", ".", "the", "I"]
_PIECES += ["Café", "cafe", "containers", "Lambdas", "yes", "ies", "Ærø", "\u0301a", " ", "\n"]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    st.sets(st.sampled_from(["reinvent", "invent", "re", "api", "cafe", "contain", "lambda"])),
)
@settings(max_examples=300, deadline=None)
def test_the_marked_words_are_those_the_index_reads_in_the_passage(
    text: str, words: set[str]
) -> None:
    """Each word is looked at once, and only when its first letters can give a query word:
    the marks are still every place where the analysed passage holds one of the words."""
    from notes_cli.index.snippets import _analyzer, _matches

    wanted = frozenset(words)
    expected: dict[tuple[int, int], str] = {}
    for token in _analyzer()(text, chars=True, mode="index"):
        if token.text in wanted:
            expected.setdefault((token.startchar, token.endchar), token.text)
    found = _matches(text, wanted)
    assert {(start, end) for start, end, _ in found} <= set(expected)
    covered = [(start, end) for start, end, _ in found]
    assert all(any(s <= a and b <= e for s, e in covered) for a, b in expected)
