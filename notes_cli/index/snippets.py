"""The passages shown under a search hit, with the matched words marked, and "did you mean".

A hit's notes are read from its note file (the index stores no notes): the talk's section, or
the event's own text, without parsing the front matter.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from notes_cli.errors import NoteProblem
from notes_cli.lazy import pattern
from notes_cli.model import heading_key
from notes_cli.notebody import body_sections
from notes_cli.notefile import read_text
from notes_cli.plaintext import plain_text
from notes_cli.results import Hit, Snippet

from .analysis import WORD, analyzer, initials


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


# A passage of about this many characters, around the most varied matches; a second, shorter
# one when it shows a matched word the first does not.
PASSAGE = 240
SECOND = 120
BEFORE = 70  # characters kept before the first match of a passage


@functools.cache
def _analyzer() -> Any:
    return analyzer(stem=True)


_WORD = re.compile(WORD)


@functools.lru_cache(maxsize=64)
def _first_letters(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word[:1] for word in words)


@functools.lru_cache(maxsize=20_000)
def _word_matches(word: str, words: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) inside one of the tokenizer's words, of what the query looks for.
    The filter treats each of the tokenizer's words on its own, so a word is analysed once
    however often the notes use it (`the`, `and`, `lambda`), and only when it can give one
    of the query's words: most cannot, by their first letters alone."""
    if not initials(word) & _first_letters(words):
        return ()
    return tuple(
        (token.startchar, token.endchar, token.text)
        for token in _analyzer()(word, chars=True, mode="index")
        if token.text in words
    )


def _matches(text: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word of `text` that the query looks for, in order."""
    found: dict[tuple[int, int], str] = {}
    for match in _WORD.finditer(text):
        inside = _word_matches(match[0], words)
        if inside:
            at = match.start()
            for start, end, word in inside:
                found.setdefault((at + start, at + end), word)
    spans = sorted((start, end, word) for (start, end), word in found.items())
    kept: list[tuple[int, int, str]] = []
    for span in spans:  # `re:Invent` and its parts: the widest, once
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], span[1], kept[-1][2])
            continue
        kept.append(span)
    return kept


def _edges(text: str, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved to the nearest word boundaries inside them."""
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, start + 20)
        start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", max(start, end - 20), end)
        end = space if space > start else end
    return start, end


def _best(spans: list[tuple[int, int, str]], size: int) -> tuple[int, int]:
    """The window of `size` characters, starting a little before a match, that holds the most
    different matched words (then the most matches)."""
    best, window = (-1, -1), (0, size)
    for first in spans:
        start = max(0, first[0] - BEFORE)
        inside = [s for s in spans if s[0] >= start and s[1] <= start + size]
        score = (len({s[2] for s in inside}), len(inside))
        if score > best:
            best, window = score, (start, start + size)
    return window


def snippet(text: str, words: frozenset[str]) -> Snippet:
    """The passage of a hit's notes to show: plain text (no Markdown marks, no comments), the
    matched words as character ranges of it. A pure function of the notes and the (stemmed)
    query words, so that it can be called for any hit, whenever it is shown."""
    plain = plain_text(text)
    if not plain:
        return Snippet("")
    spans = _matches(plain, words) if words else []
    if not spans:
        start, end = _edges(plain, 0, min(len(plain), 200))
        return Snippet(plain[start:end] + (" …" if end < len(plain) else ""))
    windows = [_edges(plain, *_best(spans, PASSAGE))]
    shown = {s[2] for s in spans if s[0] >= windows[0][0] and s[1] <= windows[0][1]}
    rest = [s for s in spans if s[2] not in shown]
    if rest:
        second = _edges(plain, *_best(rest, SECOND))
        if second[0] >= windows[0][1] or second[1] <= windows[0][0]:
            windows = sorted([*windows, second])
    return _assembled(plain, windows, spans)


def _assembled(
    plain: str, windows: list[tuple[int, int]], spans: list[tuple[int, int, str]]
) -> Snippet:
    text = ""
    highlights: list[tuple[int, int]] = []
    for start, end in windows:
        end = min(end, len(plain))
        text += "… " if start > 0 and not text else " … " if text else ""
        offset = len(text) - start
        highlights += [(s + offset, e + offset) for s, e, _ in spans if s >= start and e <= end]
        text += plain[start:end]
    if windows[-1][1] < len(plain):
        text += " …"
    return Snippet(text, tuple(highlights))


def query_words(searcher: Any, parsed: Any) -> frozenset[str]:
    """The (stemmed) words the query looks for in the notes, wildcards and fuzzy expanded; not
    the words it excludes (`-podman`, `NOT podman`)."""
    from whoosh import query as wq

    def terms(query: Any) -> set[str]:
        return {
            term.decode("utf-8") if isinstance(term, bytes) else term
            for fieldname, term in query.existing_terms(searcher.reader(), expand=True)
            if fieldname in ("text", "title")
        }

    excluded: set[str] = set()
    for part in _parts(parsed):
        if isinstance(part, wq.Not):
            excluded |= terms(part)
    return frozenset(terms(parsed) - excluded)


def _parts(query: Any) -> Any:
    yield query
    for child in query.children():
        yield from _parts(child)


_PLAIN_WORD = r"(?<![\w:*~\"])([^\W\d_]{3,})(?![\w:*~])"
_FIELD_VALUE = r'(?<![\w:])([A-Za-z_]\w*):("[^"]*"|[^\s()"\[{]+)'
_QUERY_PART = pattern(f"{_FIELD_VALUE}|{_PLAIN_WORD}")  # (did you mean's: compiled when asked)
# The fields whose values are suggested, and the field of the index to suggest them from:
# names word by word; tags, kinds and formats whole.
_SUGGESTED = {
    "speaker": "speaker",
    "speakers": "speaker",
    "company": "company",
    "location": "location",
    "place": "location",
    "track": "track",
    "title": "words",
    "event": "words",
    "topic": "tag",
    "tag": "tag",
    "tags": "tag",
    "kind": "kind",
    "format": "format",
}
_QUOTED = {"speaker", "company", "location", "track", "title", "event"}


def closest_word(reader: Any, fieldname: str, word: str, maxdist: int) -> str | None:
    """The word of `fieldname` at most `maxdist` edits from `word` that the index holds most
    often; of as frequent ones, the last in alphabetical order. None when no word is that close.

    That is the word Whoosh's `suggest(fieldname, word, limit=1, maxdist=...)` gives, which
    took 65 to 125 ms a word at 10,000 events, on every search that matched nothing: over an
    index of several segments it measures the distance to each of the field's words in Python
    (Damerau-Levenshtein: a swap of two neighbouring letters is one edit), over one segment it
    walks the words with a Levenshtein automaton (a swap is two). rapidfuzz measures the same
    distance in C, so that reading the field's words is most of it.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA, Levenshtein

    fieldobj = reader.schema[fieldname]
    spelled = fieldobj.spelling_fieldname(fieldname)
    held: set[bytes] = set()
    for leaf, _ in reader.leaf_readers():
        held.update(leaf.lexicon(spelled))
    words = [fieldobj.from_bytes(term) for term in held]
    distance = Levenshtein.distance if reader.is_atomic() else OSA.distance
    near = process.extract(word, words, scorer=distance, score_cutoff=maxdist, limit=None)
    if not near:
        return None
    # Whoosh's order: the more frequent first, then the later word (its heap keeps the larger).
    best: tuple[float, str] = max(
        (-(maxdist + 0.5 / (reader.frequency(fieldname, found) or 1)), found)
        for found, _, _ in near
    )
    return best[1]


def did_you_mean(searcher: Any, text: str) -> str | None:
    """The query with each word the index does not know replaced by the closest word it does
    know: a plain word by one of the titles, names and tags; a field's value
    (`speaker:garsia`) by one of that field's (`speaker:"garcia"`). None when there is
    nothing better to offer."""
    reader = searcher.reader()
    stem = searcher.schema["text"].analyzer

    def closest(fieldname: str, word: str) -> str | None:
        # Short words are a short edit away from many others: ask for closer ones.
        return closest_word(reader, fieldname, word, 2 if len(word) > 5 else 1)

    def folded(fieldname: str, value: str) -> list[str]:
        return [t.text for t in searcher.schema[fieldname].analyzer(value, mode="query")]

    def better_value(name: str, value: str) -> str:
        fieldname = _SUGGESTED[name.lower()]
        words = folded(fieldname, value.strip('"'))
        if not words or any(c in value for c in "*?~"):
            return value
        fixed = [w if (fieldname, w) in reader else closest(fieldname, w) or w for w in words]
        if fixed == words:
            return value
        joined = " ".join(fixed)
        return f'"{joined}"' if name.lower() in _QUOTED or " " in joined else joined

    def better(match: re.Match[str]) -> str:
        if match[1]:
            if match[1].lower() not in _SUGGESTED:
                return match[0]
            return f"{match[1]}:{better_value(match[1], match[2])}"
        word = match[3]
        if word in {"AND", "OR", "NOT", "TO"}:
            return word
        if any(("text", t.text) in reader for t in stem(word, mode="query")):
            return word
        # Nothing close: the word as typed (its folded form, `zzzz` for `Zzzz`, is no better).
        return closest("words", next(iter(folded("words", word)), word)) or word

    corrected = _QUERY_PART.sub(better, text)
    return corrected if corrected != text else None
