"""The passages shown under a search hit, with the matched words marked, and "did you mean".

A hit's notes are read from its note file (the index stores no notes): the talk's section, or
the event's own text, without parsing the front matter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from whoosh import highlight

from notes_cli.errors import NoteProblem
from notes_cli.model import heading_key
from notes_cli.notefile import body_sections, read_text
from notes_cli.results import Hit


class _Marks(highlight.Formatter):
    """Marks matched words with control characters, split into pieces by `_pieces`."""

    between = "\x01"

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "\x02" + highlight.get_text(text, token, replace) + "\x03"


def _pieces(marked: str) -> tuple[tuple[str, bool], ...]:
    pieces: list[tuple[str, bool]] = []
    for part in re.split(r"(\x02[^\x03]*\x03)", " … ".join(marked.split("\x01"))):
        if part.startswith("\x02"):
            pieces.append((part[1:-1], True))
        elif part:
            pieces.append((part, False))
    return tuple((re.sub(r"\s+", " ", text), matched) for text, matched in pieces)


def notes_of(hits: list[Hit]) -> dict[str, str]:
    """The notes of each hit (its talk's section, or the event's own text), read from the files."""
    bodies: dict[Path, tuple[str, dict[str, str]]] = {}
    texts = {}
    for hit in hits:
        if hit.path not in bodies:
            try:
                bodies[hit.path] = body_sections(read_text(hit.path), hit.path)
            except NoteProblem:
                bodies[hit.path] = ("", {})
        preamble, by_key = bodies[hit.path]
        texts[hit.id] = preamble if hit.is_event else by_key.get(heading_key(hit.title), "")
    return texts


def snippet(text: str, words: frozenset[str], analyzer: Any) -> tuple[tuple[str, bool], ...]:
    if not text.strip():
        return ()
    if words:
        fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)
        marked = highlight.highlight(text, words, analyzer, fragmenter, _Marks(), top=2)
        if marked:
            pieces = _pieces(marked)
            flat = re.sub(r"\s+", " ", text).strip()
            shown = "".join(piece for piece, _ in pieces).strip()
            head = () if flat.startswith(shown[:20]) else (("… ", False),)
            tail = () if flat.endswith(shown[-20:]) else ((" …", False),)
            return (*head, *pieces, *tail)
    flat = " ".join(text.split())
    return ((flat[:200] + ("…" if len(flat) > 200 else ""), False),)


def query_words(searcher: Any, parsed: Any) -> frozenset[str]:
    """The (stemmed) words the query looks for in the notes, wildcards and fuzzy expanded."""
    words = set()
    for fieldname, term in parsed.existing_terms(searcher.reader(), expand=True):
        if fieldname in ("text", "title"):
            words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return frozenset(words)


_PLAIN_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_]{3,})(?![\w:*~])")


def did_you_mean(searcher: Any, text: str) -> str | None:
    """The query with each plain word the index does not know replaced by the closest word it
    does know (from titles, names and tags), or None when there is nothing better to offer."""
    reader = searcher.reader()
    stem = searcher.schema["text"].analyzer
    fold = searcher.schema["words"].analyzer

    def better(match: re.Match[str]) -> str:
        word = match[1]
        if word in {"AND", "OR", "NOT", "TO"}:
            return word
        if any(("text", t.text) in reader for t in stem(word, mode="query")):
            return word
        folded = next((t.text for t in fold(word, mode="query")), word)
        # Short words are a short edit away from many others: ask for closer ones.
        found = searcher.suggest("words", folded, limit=1, maxdist=2 if len(folded) > 5 else 1)
        return found[0] if found else word

    corrected = _PLAIN_WORD.sub(better, text)
    return corrected if corrected != text else None
