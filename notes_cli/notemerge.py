"""Three-way merge of one note that git could not merge line by line.

Git merges two people's changes to one note by itself when they touch different lines. It stops
when both inserted different lines at the same place, and that is what adding a talk does on
both sides: the talk goes at the end of the talks list and its section at the end of the body,
so two people adding a talk each to one event always meet there.

Such a conflict is resolved here by keeping both sides' lines, one after the other, and only
when the note that results reads as exactly what both sides meant: each front-matter value as
one side changed it (never two changes of one value), every talk of both sides once, each talk's
notes and the event's own text as one side wrote them, no new problem. Anything else is left to
the user, as git left it. A `merge=union` attribute would keep both sides of every conflict
blindly (two values of one YAML key, a paragraph under the wrong talk); reading the result back
is what makes keeping both sides safe.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotesError
from .model import heading_key
from .notefile import Note, front_matter, parse_note

# git merge-file is asked for markers of this size: no note holds a line of 31 `<`.
MARKER_SIZE = 31
# Each conflict can be resolved in two orders; past this many conflicts, only the two uniform
# orders are tried (2**6 readings of a note is still a few milliseconds).
MAX_HUNKS = 6


class _Clash(Exception):
    """Both sides changed one thing in different ways."""


_MISSING = object()


def _pick(base: Any, ours: Any, theirs: Any) -> Any:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    raise _Clash


@dataclass(frozen=True)
class _Side:
    fields: dict[str, Any]  # every front-matter key but talks
    talks: dict[str, Any]  # talk key -> the talk as YAML reads it, in the file's order
    notes: dict[str, str]  # talk key -> its notes
    text: str  # the event's own text
    problems: frozenset[str]


def _talk_key(item: Any) -> str | None:
    title = item.get("title") if isinstance(item, dict) else item
    key = heading_key(str(title)) if isinstance(title, str | int | float) else ""
    return key or None


def _read(text: str, path: Path) -> _Side | None:
    try:
        note = parse_note(text, path)
        data = front_matter(text, path)
    except NotesError:
        return None
    if not isinstance(data, dict):
        return None
    raw_talks = data.get("talks") or []
    if not isinstance(raw_talks, list):
        return None
    talks: dict[str, Any] = {}
    for item in raw_talks:
        key = _talk_key(item)
        if key is None or key in talks:
            return None  # a talk without a title, or two of one title: no way to pair them
        talks[key] = item
    return _Side(
        fields={k: v for k, v in data.items() if k != "talks"},
        talks=talks,
        notes={heading_key(talk.title): talk.notes for talk in note.event.talks},
        text=note.event.text,
        problems=_problems(note),
    )


def _problems(note: Note) -> frozenset[str]:
    """What `notes check` would say, without line numbers (they move when lines are added)."""
    return frozenset(re.sub(r"\d+", "N", problem.what) for problem in note.problems)


def _merged(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in {**base, **ours, **theirs}:
        value = _pick(base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING))
        if value is not _MISSING:
            out[key] = value
    return out


@dataclass(frozen=True)
class _Expected:
    fields: dict[str, Any]
    talks: dict[str, Any]
    notes: dict[str, str]
    text: str
    problems: frozenset[str]
    orders: tuple[list[str], list[str]]  # each side's talks in its order


def _expected(base: _Side, ours: _Side, theirs: _Side) -> _Expected | None:
    try:
        talks = _merged(base.talks, ours.talks, theirs.talks)
        notes = {
            key: _pick(
                base.notes.get(key, _MISSING),
                ours.notes.get(key, _MISSING),
                theirs.notes.get(key, _MISSING),
            )
            for key in talks
        }
        return _Expected(
            fields=_merged(base.fields, ours.fields, theirs.fields),
            talks=talks,
            notes=notes,
            text=_pick(base.text, ours.text, theirs.text),
            problems=ours.problems | theirs.problems,
            orders=(list(ours.talks), list(theirs.talks)),
        )
    except _Clash:
        return None


def _faithful(result: _Side, expected: _Expected) -> bool:
    """Whether a merged note holds what both sides meant, talks in each side's own order."""
    if (result.fields, result.text) != (expected.fields, expected.text):
        return False
    if result.talks != expected.talks or result.notes != expected.notes:
        return False
    for order in expected.orders:
        mine = set(order)
        if [k for k in result.talks if k in mine] != [k for k in order if k in result.talks]:
            return False
    return result.problems <= expected.problems


def hunks(conflicted: str) -> list[str | tuple[str, str]] | None:
    """git merge-file's output (markers of MARKER_SIZE) as text and (ours, theirs) pieces."""
    begin, middle, end = "<" * MARKER_SIZE, "=" * MARKER_SIZE, ">" * MARKER_SIZE
    pieces: list[str | tuple[str, str]] = []
    common: list[str] = []
    sides: list[list[str]] = []
    for line in conflicted.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if not sides and bare.startswith(begin):
            pieces.append("".join(common))
            common, sides = [], [[]]
        elif len(sides) == 1 and bare == middle:
            sides.append([])
        elif len(sides) == 2 and bare.startswith(end):
            pieces.append(("".join(sides[0]), "".join(sides[1])))
            sides = []
        elif sides:
            sides[-1].append(line)
        else:
            common.append(line)
    if sides:
        return None  # a conflict that never closes: not git's output
    pieces.append("".join(common))
    return pieces


def _candidates(pieces: Sequence[str | tuple[str, str]]) -> Iterable[str]:
    """Every way of keeping both sides of each conflict: ours first or theirs first.

    When the text before a conflict ends with a blank line, both sides' insertions followed it
    (a new `## Talk` section each): the same blank line goes between them, in the first tries.
    """
    count = sum(1 for piece in pieces if isinstance(piece, tuple))
    orders = list(
        itertools.product((False, True), repeat=count)
        if count <= MAX_HUNKS
        else ((False,) * count, (True,) * count)
    )
    spaced = any(
        isinstance(piece, tuple) and isinstance(before, str) and before.endswith("\n\n")
        for before, piece in itertools.pairwise(pieces)
    )
    for blank in (True, False) if spaced else (False,):
        for order in orders:
            yield _joined(pieces, iter(order), blank=blank)


def _joined(pieces: Sequence[str | tuple[str, str]], flips: Iterator[bool], *, blank: bool) -> str:
    parts: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        first, second = reversed(piece) if next(flips) else piece
        between = ""
        if blank and first and second and parts and parts[-1].endswith("\n\n"):
            between = "" if first.endswith("\n\n") else "\n" if first.endswith("\n") else "\n\n"
        parts.append(first + between + second)
    return "".join(parts)


def merge_note(base: str, ours: str, theirs: str, conflicted: str, path: Path) -> str | None:
    """The note with both sides' changes, or None when only a person can merge them.

    `conflicted` is what `git merge-file --marker-size MARKER_SIZE` made of the three.
    """
    sides = [_read(text, path) for text in (base, ours, theirs)]
    pieces = hunks(conflicted)
    if None in sides or pieces is None:
        return None
    expected = _expected(*sides)  # type: ignore[arg-type]
    if expected is None:
        return None
    for candidate in _candidates(pieces):
        result = _read(candidate, path)
        if result is not None and _faithful(result, expected):
            return candidate
    return None
