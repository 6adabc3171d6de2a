"""How text becomes words in the index, and the schema of its documents.

Plain words search one `text` field whose parts are weighted (title, then tags, then the
rest); tags, kinds and exact names are kept whole, case and accents folded; everything else
is stemmed and accent-folded word by word, in one filter pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh import columns, fields
from whoosh.analysis import STOP_WORDS, Filter, RegexTokenizer, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from .layout import PART

_JOINER = re.compile(r"[-:'’.]")
_PART = re.compile(r"[^-:'’.]+")


@functools.lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(porter_stem(word))


def _dropped(word: str) -> bool:
    """A stop word or a one-letter word: left out of stemmed fields."""
    return len(word) < 2 or word in STOP_WORDS


def _fold(text: str) -> str:
    """Lower case, accents folded (`Café` -> `cafe`), with a fast path for ASCII words."""
    text = text.lower()
    return text if text.isascii() else text.translate(accent_map)


class Words(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """What each word becomes in the index, in one pass: index builds spend most of their time
    here, and every filter chained in Whoosh costs a generator step per word.

    - `re:Invent`, `api-gateway`, `Co-operatives`: the parts, and (when indexing) the parts
      joined, so that `reinvent` finds `re:Invent` and `"api gateway"` still finds the phrase;
    - lower case, accents folded;
    - with `stem`: stop words and one-letter words left out, the rest stemmed
      (`containers` -> `contain`).

    Kept words get consecutive positions, as phrase queries expect.
    """

    def __init__(self, *, stem: bool) -> None:
        self.stem = stem
        self.is_morph = stem

    def _skip(self, word: str) -> bool:
        return self.stem and _dropped(word)

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        stem = self.stem
        pos = -1
        for token in tokens:
            text = token.text
            if _JOINER.search(text) is None:
                word = _fold(text)
                if self._skip(word):
                    if not token.removestops:
                        token.text, token.stopped = word, True
                        yield token
                    continue
                pos += 1
                token.text, token.stopped = (_stem(word) if stem else word), False
                if token.positions:
                    token.pos = pos
                yield token
                continue
            parts = [(match.group(), match.start()) for match in _PART.finditer(text)]
            start = token.startchar if token.chars else 0
            if token.mode != "query":
                word = _fold("".join(part for part, _ in parts))
                token.text, token.stopped = (_stem(word) if stem else word), False
                if token.positions:
                    token.pos = pos + 1
                yield token
            for part, offset in parts:
                word = _fold(part)
                if self._skip(word):
                    continue
                pos += 1
                token.text, token.stopped = (_stem(word) if stem else word), False
                if token.positions:
                    token.pos = pos
                if token.chars:
                    token.startchar = start + offset
                    token.endchar = token.startchar + len(part)
                yield token


def initials(word: str) -> frozenset[str]:
    """The first letters of what Words makes of one word of the tokenizer's (its parts, and
    the parts joined; folded; stemmed or not): Porter's stemmer keeps a word's first letter,
    so a word none of whose initials begins a query word cannot match it."""
    parts = [match.group() for match in _PART.finditer(word)]
    folded = [_fold(part) for part in parts] + [_fold("".join(parts))]
    return frozenset(text[:1] for text in folded if text)


class Normalise(Filter):  # type: ignore[misc]
    """Lower case and accents folded, nothing else: for tags and names kept whole."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = _fold(token.text)
            yield token


WORD = r"\w+(?:[-:'’.]\w+)*"


class WeightedTokenizer(Tokenizer):  # type: ignore[misc]
    """Words, weighted by the part of the value they stand in: `title PART tags PART rest`.

    A word's weight counts as its frequency when a document is scored, so a talk whose title
    says "lambda" outranks one whose notes say it once, and a plain word needs one posting list
    (the `text` field) instead of one per field searched.
    """

    # title, tags, the rest (the user's notes among it), the programme's abstract
    WEIGHTS = (3.0, 2.0, 1.0, 0.4)

    def __init__(self) -> None:
        self.words = RegexTokenizer(WORD)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        start_pos: int = 0,
        start_char: int = 0,
        **kwargs: Any,
    ) -> Iterator[Any]:
        pos, char = start_pos, start_char
        for number, part in enumerate(value.split(PART)):
            weight = self.WEIGHTS[min(number, len(self.WEIGHTS) - 1)]
            for token in self.words(
                part, positions=positions, chars=chars, start_pos=pos, start_char=char, **kwargs
            ):
                token.boost = weight
                if positions:
                    pos = token.pos + 1
                yield token
            char += len(part) + len(PART)


def analyzer(*, stem: bool, weighted: bool = False) -> Any:
    return (WeightedTokenizer() if weighted else RegexTokenizer(WORD)) | Words(stem=stem)


_YES = frozenset(("yes", "y", "true", "1", "on", "starred"))
_NO = frozenset(("no", "n", "false", "0", "off"))


class Flag(Filter):  # type: ignore[misc]
    """`yes` for any way of saying yes (true, 1, on), `no` for any way of saying no."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            word = token.text.lower()
            token.text = "yes" if word in _YES else "no" if word in _NO else word
            yield token


def _lines_analyzer() -> Any:
    """One token per line: tags, kinds and exact names, case- and accent-insensitive."""
    return RegexTokenizer(r"[^\n]+") | Normalise()


def schema() -> fields.Schema:
    text = analyzer(stem=True)
    names = analyzer(stem=False)
    exact = RegexTokenizer(r"[^\n]+")
    return fields.Schema(
        doctype=fields.ID(stored=True),
        id=fields.ID(stored=True),
        event_id=fields.ID(stored=True),
        path=fields.ID(stored=True),
        date=fields.DATETIME(stored=True, sortable=True),  # the first day: for sorting
        days=fields.DATETIME(),  # every day of the event: for `date:` queries
        year=fields.KEYWORD(),
        kind=fields.TEXT(analyzer=_lines_analyzer(), stored=True, phrase=False),
        format=fields.TEXT(analyzer=_lines_analyzer(), stored=True, phrase=False),
        title=fields.TEXT(analyzer=text, stored=True),
        event=fields.TEXT(analyzer=text, stored=True),
        location=fields.TEXT(analyzer=names, stored=True),
        speaker=fields.TEXT(analyzer=names),
        company=fields.TEXT(analyzer=names),
        role=fields.TEXT(analyzer=text),
        tag=fields.TEXT(analyzer=_lines_analyzer()),
        track=fields.TEXT(analyzer=names, stored=True),
        # Everything about a talk, notes included, title and tag words weighted: plain words
        # search this field alone.
        text=fields.TEXT(analyzer=analyzer(stem=True, weighted=True)),
        # The unstemmed words of titles, names and tags, for "did you mean".
        words=fields.TEXT(analyzer=names, phrase=False),
        # The programme's facts: the abstract searched (`abstract:`), the room, the user's star.
        abstract=fields.TEXT(analyzer=text, stored=True),
        room=fields.TEXT(analyzer=names),
        starred=fields.TEXT(analyzer=RegexTokenizer(r"\S+") | Flag(), phrase=False),
        starts=fields.DATETIME(),  # a start near its instant, for what is on now
        slot=fields.STORED(),  # what a plan needs of the talk (talkfacts.facts_of)
        tags=fields.STORED(),
        about=fields.STORED(),  # an event document's event fields, stored but not searched
        order=fields.ID(sortable=True),  # events newest first, for `notes list`
        # An event's row of `notes list`, read without unpickling what else it stores.
        row=fields.COLUMN(columns.VarBytesColumn()),
        speakers=fields.STORED(),
        f_topic=fields.TEXT(analyzer=_lines_analyzer(), phrase=False),
        f_speaker=fields.TEXT(analyzer=exact, phrase=False),
        f_company=fields.TEXT(analyzer=exact, phrase=False),
        f_event=fields.TEXT(analyzer=exact, phrase=False),
    )


# What one token becomes in the index: the (word, position after the token before) pairs that
# Words gives it, and how far the position moves on.
_Entry = tuple[tuple[tuple[str, int], ...], int]
_WORDS = re.compile(WORD)
_ENTRIES: dict[bool, dict[str, _Entry]] = {True: {}, False: {}}


def _indexed(word: str, stem: bool) -> str:
    return _stem(word) if stem else word


def _entry(token: str, stem: bool) -> _Entry:
    """What Words does to one token when indexing (the same steps, a token at a time)."""
    if _JOINER.search(token) is None:
        word = _fold(token)
        return ((), 0) if stem and _dropped(word) else (((_indexed(word, stem), 1),), 1)
    parts = _PART.findall(token)
    joined = _indexed(_fold("".join(parts)), stem)
    kept = [word for word in map(_fold, parts) if not (stem and _dropped(word))]
    words = ((_indexed(word, stem), n) for n, word in enumerate(kept, start=1))
    return ((joined, 1), *words), len(kept)


def indexed_words(
    value: str, *, stem: bool, weighted: bool
) -> tuple[dict[str, list[int]], dict[str, float]]:
    """The words `analyzer(stem=stem, weighted=weighted)` gives `value` when indexing, each
    with its positions and the sum of its weights, in the order first met: what Whoosh's
    formats make of the analyzer's tokens, without a Token and a generator step per filter
    per word. A build's text is millions of words from a vocabulary of thousands: each
    distinct token is worked out once."""
    entries = _ENTRIES[stem]
    if len(entries) > 500_000:  # a cache, not a leak
        entries.clear()
    positions: dict[str, list[int]] = {}
    weights: dict[str, float] = {}
    pos = -1
    table = WeightedTokenizer.WEIGHTS
    for number, part in enumerate(value.split(PART) if weighted else (value,)):
        weight = table[min(number, len(table) - 1)] if weighted else 1.0
        for token in _WORDS.findall(part):
            entry = entries.get(token)
            if entry is None:
                entry = entries[token] = _entry(token, stem)
            for word, offset in entry[0]:
                where = positions.get(word)
                if where is None:
                    positions[word] = [pos + offset]
                    weights[word] = weight
                else:
                    where.append(pos + offset)
                    weights[word] += weight
            pos += entry[1]
    return positions, weights
