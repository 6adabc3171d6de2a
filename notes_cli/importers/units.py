"""The units of a post (headings, items, rows, paragraphs in reading order) and the
candidate talk each may be, with the helpers every kind of unit shares to score itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from notes_cli.importers.cues import SECTION_CUE, STRONG_CUE, TALK_CUE, is_not_talk
from notes_cli.importers.document import Block, Span, plain
from notes_cli.importers.grammar import Reading
from notes_cli.importers.names import words_of
from notes_cli.importers.readings import format_of
from notes_cli.model import Speaker


@dataclass(eq=False)
class Unit:
    block: Block
    index: int
    kind: str  # heading paragraph item row other
    level: int
    parent: int = -1  # the unit this one is nested in (an item, a table)
    heading: int = -1  # the nearest heading before it
    group: tuple[Any, ...] = ()


@dataclass(eq=False)
class Candidate:
    unit: int
    kind: str  # heading item row line lead link told
    title: str
    speakers: tuple[Speaker, ...] = ()
    score: float = 0.0
    why: list[str] = field(default_factory=list)
    format: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    how: str = "title"
    uses: set[int] = field(default_factory=set)  # units that only carried the speakers
    skip_lines: int = 0  # leading lines of the unit itself that carried title and speakers
    readings: list[Reading] = field(default_factory=list)
    source: str = ""  # where the people came from


def units_of(blocks: list[Block]) -> list[Unit]:
    """The blocks in reading order, containers opened, each knowing its heading and parent."""
    units: list[Unit] = []
    heading = -1
    levels: dict[int, int] = {}

    def visit(block: Block, parent: int, depth: int) -> None:
        nonlocal heading
        kind = block.kind if block.kind in ("heading", "paragraph", "item", "row") else "other"
        index = len(units)
        unit = Unit(block, index, kind, block.level, parent, heading)
        if kind == "heading":
            levels[block.level] = index
            for deeper in [lv for lv in levels if lv > block.level]:
                del levels[deeper]
            parent_heading = max((i for lv, i in levels.items() if lv < block.level), default=-1)
            unit.group = ("heading", block.level, parent_heading)
            unit.heading = parent_heading
            heading = index
        elif kind == "item":
            unit.group = ("item", block.level, parent, heading, _list_key(block))
        elif kind == "row":
            unit.group = ("row", parent)
        else:
            unit.group = (kind, parent, heading)
        units.append(unit)
        if depth < 40:
            for child in block.children:
                visit(child, index, depth + 1)

    for block in blocks:
        visit(block, -1, 0)
    return units


def _list_key(block: Block) -> int:
    return id(block.parent) if block.parent is not None else 0


def scored(unit: Unit, kind: str, readings: list[Reading], why: list[str]) -> Candidate:
    best = readings[0]
    extra = dict(best.extra)
    found = Candidate(unit.index, kind, best.title, readings=readings, extra=extra, how=best.how)
    found.format = str(extra.pop("_format", ""))
    found.why = why
    if best.people and best.score >= 0.6:
        found.speakers = best.people.speakers
        found.score = min(1.0, 0.5 + 0.45 * best.score)
        found.source = "line"
        found.why.append(f"reads as title and people ({best.how}, {best.score:.2f})")
    elif best.people:
        found.title = readings[-1].title
        found.how = "title"
        found.why.append(f"perhaps people: {best.people.speakers[0].name!r} ({best.score:.2f})")
    return found


def with_title_cues(found: Candidate, section: str) -> Candidate:
    """Title-only evidence: format words, session codes, and what the section says."""
    title = found.title
    if is_not_talk(title):
        found.score -= 0.8
        found.why.append("a heading of the post's own (day, summary, thanks…)")
        return found
    if "code" in found.extra:
        found.score += 0.55
        found.why.append(f"session code {found.extra['code']}")
    if TALK_CUE.search(title):
        found.score += 0.25
        found.why.append("a talk word in the title")
    if not found.speakers and section and STRONG_CUE.search(section[:400]):
        found.score += 0.4
        found.why.append("the text under it opens on the talk")
    elif not found.speakers and section and SECTION_CUE.search(section[:600]):
        found.score += 0.25
        found.why.append("the text under it speaks of a talk")
    long = 25 if found.kind == "heading" else 18
    if len(words_of(title)) > long or (
        title.endswith(".")
        and len(words_of(title)) > 10
        and ":" not in title
        and found.kind != "heading"
    ):
        found.score -= 0.4
        found.why.append("reads as a sentence, not a title")
    found.format = found.format or format_in(title)
    return found


def format_in(title: str) -> str:
    match = re.search(r"\b(keynote|lightning|workshop|panel|tutorial)\b", title, re.I)
    return format_of(match[1]) if match else ""


def section_text(units: list[Unit], unit: Unit, limit: int = 3) -> str:
    """The words of the first few paragraphs after a heading or line, up to the next heading."""
    out: list[str] = []
    for other in units[unit.index + 1 :]:
        if other.kind == "heading" or len(out) >= limit:
            break
        if other.kind in ("paragraph",) and other.parent == unit.parent and other.block.text:
            out.append(other.block.text)
    return " ".join(out)


def take(
    found: Candidate, speakers: tuple[Speaker, ...], score: float, source: str, uses: set[int]
) -> None:
    found.speakers = speakers
    found.score = min(1.0, score)
    found.source = source
    found.uses |= uses
    found.why.append(f"people on the {source}")


# What joins the styled pieces of a lead: `**Title** av *Ann Lee*`, `*Ann* and *Bo*`.
_LEAD_JOIN = re.compile(
    r"[\W_]*(?:(?:\w+\s+)?(?:by|with|from|av|von|par|por|de|met|door|mit|con|com|med|"
    r"and|und|et|e|y|och|og|&)\b)?[\W_]*",
    re.I,
)


def lead_of(line: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans of a line up to the end of its styled lead (`**Title** av *Ann Lee* handlade…`):
    styled pieces joined by punctuation or a word such as `by`, `av`, `and`; a link further on
    in the sentence (`…visade hur [Z](url) fungerar`) is no part of it."""
    styled = [i for i, s in enumerate(line) if (s.strong or s.em or s.href) and s.text.strip()]
    if not styled or styled[0] > 1 or (styled[0] == 1 and line[0].text.strip()):
        return line
    end = styled[0]
    for i in styled[1:]:
        if not _LEAD_JOIN.fullmatch(plain(line[end + 1 : i])):
            break
        end = i
    return line[: end + 1]
