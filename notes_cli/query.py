"""The query language: Whoosh syntax with friendly field names, checked before Whoosh sees it.

Whoosh's parser forgives almost anything (an unclosed bracket silently becomes a word), which
would answer a mistyped query with wrong results. `check_syntax` finds what a person would call
a mistake (unbalanced brackets and quotes, an unknown field, an operator with nothing to act on)
and says where it is; only then is the text parsed.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import NotesError

# What users type -> the field of the index.
FIELDS: dict[str, str] = {
    "speaker": "speaker",
    "speakers": "speaker",
    "company": "company",
    "role": "role",
    "topic": "tag",
    "tag": "tag",
    "tags": "tag",
    "event": "event",
    "kind": "kind",
    "format": "format",
    "track": "track",
    "title": "title",
    "year": "year",
    "date": "days",
    "location": "location",
    "place": "location",
    "abstract": "abstract",
    "room": "room",
    "starred": "starred",
}
# Plain words search one field: `text` holds everything about a talk (title, tags, speakers,
# companies, event, place, notes), its title and tag words weighted (see index.WeightedTokenizer),
# so a plain word costs one posting list, not one per field.
PLAIN_FIELD = "text"
MAX_LENGTH = 2000

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_BINARY = _OPERATORS - {"NOT"}
_FIELD = re.compile(r"(?<![\w:])([A-Za-z_]\w*):")


class QueryError(NotesError):
    def __init__(self, query: str, what: str) -> None:
        self.query = query
        super().__init__(f"bad query {query!r}: {what}")


def _field_names() -> str:
    return ", ".join(sorted({name for name in FIELDS if name not in ("speakers", "tags", "place")}))


def check_syntax(text: str) -> None:
    """Raise QueryError for the mistakes Whoosh would silently guess around."""
    if not text.strip():
        raise QueryError(text, "it is empty: give a word, e.g. notes search lambda")
    if len(text) > MAX_LENGTH:
        raise QueryError(
            text[:40] + "…", f"it is {len(text):,} characters long; at most {MAX_LENGTH:,}"
        )
    plain = _outside_quotes(text)
    _check_fields(text, plain)
    _check_operators(text, plain)


def _outside_quotes(text: str) -> str:
    """`text` with its quoted parts blanked, once its brackets and quotes are found balanced."""
    opened: list[tuple[str, int]] = []
    quote = -1
    outside: list[str] = []
    for column, char in enumerate(text):
        if quote >= 0:
            if char == '"':
                quote = -1
            outside.append(" ")
            continue
        outside.append(char)
        if char == '"':
            quote = column
            outside[-1] = " "
        elif char in "([{":
            opened.append((char, column))
        elif char in ")]}":
            if not opened:
                raise QueryError(text, f"'{char}' at column {column + 1} closes nothing: remove it")
            start, where = opened.pop()
            if (start == "(") != (char == ")"):
                raise QueryError(text, f"'{start}' at column {where + 1} is closed by '{char}'")
    if quote >= 0:
        raise QueryError(text, f'the quote at column {quote + 1} is never closed: add a closing "')
    if opened:
        char, where = opened[-1]
        closing = {"(": ")", "[": "]", "{": "}"}[char]
        raise QueryError(text, f"'{char}' at column {where + 1} is never closed: add '{closing}'")
    return "".join(outside)


def _check_fields(text: str, plain: str) -> None:
    for match in _FIELD.finditer(plain):
        name = match[1]
        rest = text[match.end() :]
        if not rest or rest[0] in " \t)":
            raise QueryError(
                text, f"'{name}:' at column {match.start() + 1} has no value: e.g. {name}:something"
            )
        if name.lower() not in FIELDS:
            raise QueryError(
                text,
                f"unknown field '{name}:' at column {match.start() + 1}; fields are {_field_names()}"
                + (
                    " (to search a word with a colon, drop the colon: reinvent)"
                    if name.lower() == "re"
                    else ""
                ),
            )


def _check_operators(text: str, plain: str) -> None:
    tokens = re.findall(r"\(|\)|[^\s()]+", plain)
    previous = "("
    for token in [*tokens, ")"]:
        if token in _BINARY and previous in (*_OPERATORS, "("):
            raise QueryError(text, f"'{token}' has nothing before it")
        if token == ")" and previous in _OPERATORS:
            raise QueryError(text, f"'{previous}' has nothing after it")
        previous = token


def parser(schema: Any) -> Any:
    """A Whoosh parser for the schema: plain words in PLAIN_FIELD, the aliases, fuzzy~."""
    from whoosh import qparser

    parsed = qparser.QueryParser(PLAIN_FIELD, schema)
    parsed.add_plugin(qparser.FuzzyTermPlugin())
    parsed.add_plugin(qparser.GtLtPlugin())  # date:>2016-10-01, year:>=2015
    aliases: dict[str, list[str]] = {}
    for alias, field in FIELDS.items():
        if alias != field:
            aliases.setdefault(field, []).append(alias)
    parsed.add_plugin(qparser.FieldAliasPlugin(aliases))
    parsed.remove_plugin_class(qparser.BoostPlugin)  # `^` is text in a note, not a boost
    return parsed


# `-word`, `-field:value`, `-"a phrase"`, `-(a OR b)`: a minus that starts a term (at the start,
# after a space or an opening bracket) excludes it, as in every search box.
_MINUS = re.compile(r'("[^"]*")|(?:(?<=^)|(?<=[\s(]))-(?=[\w"(])')


def excluding(text: str) -> str:
    """`text` with every leading minus written as Whoosh's `NOT` (quoted parts left alone)."""
    return _MINUS.sub(lambda match: match[1] or "NOT ", text)


# `<` and `>` compare only after a field (`year:>2015`); anywhere else (`<lambda>`) they are
# text, as in every search box, not an operator with nothing to act on.
_LOOSE_COMPARISON = re.compile(r'("[^"]*")|(?<!:)[<>]=?')


# A query of plain words, `field:word`s and phrases (`lambda`, `speaker:"chloe ahmed"`, `"cold
# starts" lambda`), lowercase, one space apart: what Whoosh's parser makes of it, made without
# loading the parser (its modules and patterns: 7 ms of a search's 0.2 s on a slow machine).
_UNIT = r'(?:([a-z]+):)?(?:([a-z0-9]+)|"([a-z0-9]+(?: [a-z0-9]+)*)")'
_PLAIN = re.compile(rf"{_UNIT}(?: {_UNIT})*")
_UNITS = re.compile(_UNIT)


def _plain(text: str, schema: Any) -> Any:
    """The query Whoosh's parser gives `text` when it is plain (see _PLAIN), else None (and for
    anything the parser would do more with: a stop word, a word of two tokens, a field that
    parses its own values)."""
    if not _PLAIN.fullmatch(text) or _OPERATORS & set(text.upper().split()):
        return None  # (`and`, `or`, `not` too: whatever the parser makes of them, it makes it)
    from whoosh import query as wq

    parts = []
    for match in _UNITS.finditer(text):
        name, word, phrase = match.groups()
        fieldname = FIELDS.get(name, "") if name else PLAIN_FIELD
        if fieldname not in schema:
            return None
        field = schema[fieldname]
        if field.self_parsing() or not field.analyzer:
            return None
        if word is not None:
            tokens = list(field.process_text(word, mode="query", tokenize=True, removestops=True))
            if len(tokens) != 1:
                return None
            part = wq.Term(fieldname, tokens[0])
            part.startchar, part.endchar = match.start(2), match.end(2)
        else:
            start = match.start(3)
            # (the tokenizer hands out one Token, changed in place: each is read as it comes)
            found = [
                (t.text, t.startchar, t.endchar)
                for t in field.tokenize(phrase, mode="query", chars=True)
            ]
            if not found:
                return None
            part = wq.Phrase(
                fieldname,
                [token for token, _, _ in found],
                slop=1,
                char_ranges=[(start + begin, start + end) for _, begin, end in found],
            )
        parts.append(part)
    # (normalized, as the parser leaves it: a phrase and an And come out new, with no range)
    return (parts[0] if len(parts) == 1 else wq.And(parts)).normalize()


def parse(text: str, schema: Any) -> Any:
    check_syntax(text)
    plain = _plain(text, schema)
    if plain is not None:
        return plain
    loose = _LOOSE_COMPARISON.sub(lambda match: match[1] or " ", excluding(text))
    lowered = _FIELD.sub(lambda m: f"{m[1].lower()}:", loose)
    try:
        parsed = parser(schema).parse(lowered)
    except Exception as exc:  # Whoosh raises plain Exception for a date it cannot read
        raise _unreadable(text, exc) from exc
    # Whoosh turns a part it cannot read (date:2016-13-45) into a query that matches nothing
    # and carries an error: that is a mistake to report, not an empty answer.
    for part in _parts(parsed):
        if getattr(part, "error", None):
            raise _unreadable(text, part.error)
    return parsed


def _unreadable(text: str, error: object) -> QueryError:
    dates = re.findall(r"\bdate:\s*(\[[^\]]*\]|\{[^}]*\}|\S+)", text, flags=re.IGNORECASE)
    if dates:
        return QueryError(
            text, f"cannot read {' '.join(dates)!r} as dates: write YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return QueryError(text, f"cannot read part of it ({str(error).strip(chr(39) + chr(34))})")


def _parts(query: Any) -> Any:
    yield query
    for child in query.children():
        yield from _parts(child)
