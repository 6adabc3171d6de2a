"""Blog posts about events, as note drafts: the talks recognised, the rest kept as the event's text.

A post is read into a tree of blocks whatever its markup (`source`, `document`), every block is
weighed as a possible talk (`candidates`, `recognise`), and the talks take the text that belongs
to them (`assemble`). A post that covers several dated events (a README of meetups, each with
its `Date:`) gives one event per dated section. The event's title, date and tags come from the
front matter, else from the post's own words; its date is the event's (a date the title or
the opening gives, when it falls before the post was published), else the post's, else the
file name's. An undated post raises MissingDate carrying what was found, so that a dry run can
still show its talks.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from notes_cli.errors import MissingDate
from notes_cli.importers.assemble import EVENT, merged, owners, talks_of, text_of
from notes_cli.importers.candidates import Candidate, Unit
from notes_cli.importers.dates import date_in_name, dates_in, event_dates, year_in
from notes_cli.importers.document import parse_markdown
from notes_cli.importers.grammar import parse_people as _parse_people
from notes_cli.importers.names import event_named
from notes_cli.importers.recognise import Decision, recognise
from notes_cli.importers.source import Source, read_source
from notes_cli.model import Draft, Speaker
from notes_cli.yamlfront import parse_date

UNDATED = dt.date.min  # the date of a draft whose post gives none (only ever shown, never written)

__all__ = ["UNDATED", "explain_post", "parse_people", "read_post"]


def parse_people(text: str) -> tuple[Speaker, ...] | None:
    """The speakers a piece of text names, or None (see grammar.parse_people)."""
    people = _parse_people(text)
    return people.speakers if people and people.score >= 0.5 else None


@dataclass
class _Read:
    source: Source
    units: list[Unit]
    talks: list[Candidate]
    decisions: list[Decision]


def _read(path: Path, data: bytes) -> _Read:
    source = read_source(path, data)
    original = source.original if source.markup == "markdown" else None
    blocks = parse_markdown(source.body, original=original)
    with event_named(_text_value(source.meta.get("title"))):
        units, talks, decisions = recognise(blocks)
    return _Read(source, units, talks, decisions)


def explain_post(path: Path, data: bytes) -> list[Decision]:
    """Every block of a post considered as a talk, taken or not, and why; `line` is the
    file's line for a Markdown post, 0 where the post was HTML or reStructuredText."""
    read = _read(path, data)
    if read.source.markup != "markdown":
        return [replace(d, line=0) for d in read.decisions]
    return [replace(d, line=d.line + read.source.offset) for d in read.decisions]


def read_post(path: Path, data: bytes, *, default_date: dt.date | None = None) -> list[Draft]:
    """The events a blog post is about (one, or one per dated section)."""
    read = _read(path, data)
    meta = read.source.meta
    title = _title(meta, read, path)
    published = (
        parse_date(meta.get("date")) or parse_date(meta.get("data")) or date_in_name(path.name)
    )
    head = _opening(read.units)
    year_hint = year_in(" ".join([title, str(path), head]))
    start, end = event_dates(published, title, head, year_hint)
    tags = _words(meta.get("tags")) + [
        t for t in _words(meta.get("categories")) if t not in _words(meta.get("tags"))
    ]
    base = Draft(
        title=title,
        date=start or default_date or UNDATED,
        end_date=end,
        kind=guess_kind(title)
        if guess_kind(title) != "other"
        else guess_kind(" ".join([*tags, head[:2000]])),
        location=_location(meta),
        tags=tuple(dict.fromkeys(t for t in tags if t)),
    )
    drafts = _events(read, base, year_hint or base.date.year)
    if any(d.date == UNDATED for d in drafts):
        error = MissingDate(
            path,
            "no date in its front matter, its file name or its text: give one with --date YYYY-MM-DD",
        )
        error.drafts = drafts  # type: ignore[attr-defined]
        raise error
    return drafts


def _events(read: _Read, base: Draft, year: int) -> list[Draft]:
    """One event, or one per dated section of the post."""
    sections = _dated_sections(read.units, year)
    owner, skip, consumed = owners(read.units, read.talks)
    talks, _ = talks_of(read.units, read.talks)
    pairs = list(zip(talks, read.talks, strict=True))
    if len(sections) < 2:
        text = text_of(read.units, owner, EVENT, skip, consumed)
        return [replace(base, talks=tuple(t for t, _ in merged(pairs)), text=text)]
    drafts = []
    bounds = [s[0] for s in sections] + [len(read.units)]
    for number, (first, heading, date, end) in enumerate(sections):
        last = bounds[number + 1]
        low = 0 if number == 0 else first
        inside = [t for t, c in merged(pairs) if low <= c.unit < last]
        text = text_of(read.units, owner, EVENT, skip, consumed, within=range(low, last))
        drafts.append(
            replace(base, title=heading, date=date, end_date=end, talks=tuple(inside), text=text)
        )
    return drafts


def _dated_sections(units: list[Unit], year: int) -> list[tuple[int, str, dt.date, dt.date | None]]:
    """Headings of one level whose first lines give a date (`Date: 30 January, 2020`)."""
    found: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = {}
    for unit in units:
        if unit.kind != "heading":
            continue
        near = " ".join(
            u.block.text for u in units[unit.index + 1 : unit.index + 4] if u.kind != "heading"
        )
        labelled = re.search(
            r"\b(?:date|datum|fecha|data|dato|päivä|when)\s*:\s*(.{6,60})", near, re.I
        )
        dates = dates_in(labelled[1], year) if labelled else []
        if dates:
            found.setdefault(unit.level, []).append(
                (unit.index, unit.block.text, dates[0].start, dates[0].end)
            )
    best = max(found.values(), key=len, default=[])
    return best if len(best) >= 2 else []


def _title(meta: dict[str, Any], read: _Read, path: Path) -> str:
    title = _text_value(meta.get("title"))
    if not title:
        first_h1 = next(
            (u.block.text for u in read.units if u.kind == "heading" and u.level == 1), ""
        )
        title = (
            first_h1
            or _named_in_text(_opening(read.units))
            or _name_text(path.stem).replace("-", " ").replace("_", " ")
        )
    return " ".join(html.unescape(title).split())


def _name_text(name: str) -> str:
    """A file name as text: a name that is not UTF-8 (`caf\\xe9`, carried as surrogateescape)
    is read as the Windows-1252 it most likely is."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _named_in_text(text: str) -> str:
    """`I had the pleasure of attending AWS re:invent 2016 in Las Vegas`: the event's name."""
    match = re.search(
        r"\b(?:attend(?:ed|ing)?|went to|visit(?:ed|ing)?|was at|were at|back from|at the)\s+(?:the\s+)?"
        r"(?P<name>(?:(?:[A-Z][\w.+&-]*|[a-z]{1,3}:[\w]+|[A-Z]\w*:\w+)\s+){1,5}(?:19|20)\d\d)\b",
        text,
    )
    return match["name"] if match else ""


def _opening(units: list[Unit]) -> str:
    """The words of the post's first paragraphs, where a writeup says when and where."""
    out: list[str] = []
    for unit in units:
        if unit.kind in ("paragraph", "item", "heading") and len(" ".join(out)) < 1500:
            out.append(unit.block.text)
    return " ".join(out)


def _location(meta: dict[str, Any]) -> str:
    venue = meta.get("venue")
    return _text_value(meta.get("location")) or _text_value(
        venue.get("name") if isinstance(venue, dict) else None
    )


_KINDS = [
    ("meetup", re.compile(r"\b(meet-?ups?|user groups?|usergroups?|aug\b|jug\b|meet)\b", re.I)),
    ("workshop", re.compile(r"\bworkshops?\b", re.I)),
    ("webinar", re.compile(r"\bwebinars?\b", re.I)),
    (
        "conference",
        re.compile(
            r"\b(conference|conf|summit|re:?invent|kubecon|devopsdays|pycon|wordcamp|jsconf|fosdem|expo|congress|camp|konferens|konferenz|conférence|conferência)\b|(?-i:[a-z]Con\b)",
            re.I,
        ),
    ),
]


def guess_kind(words: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(words):
            return kind
    return "other"


def _text_value(value: Any) -> str:
    return (
        " ".join(str(value).split())
        if isinstance(value, str | int | float) and str(value).strip()
        else ""
    )


def _words(value: Any) -> list[str]:
    """Tags as a list, an inline list string `[a, b]`, commas or spaces."""
    if isinstance(value, list):
        return [
            " ".join(str(v).split())
            for v in value
            if isinstance(v, str | int | float) and str(v).strip()
        ]
    if isinstance(value, str):
        inner = value.strip().strip("[]")
        parts = inner.split(",") if "," in inner else inner.split()
        return [p.strip().strip("'\"") for p in parts if p.strip().strip("'\"")]
    return []
