"""Paragraphs as talks: a plain line standing alone between paragraphs (its speakers on the
next line or told in the text below), and a bold or linked line with a line of people under it."""

from __future__ import annotations

import re

from notes_cli.importers.cues import ANNOUNCEMENT
from notes_cli.importers.document import Block, Span, lines_of, plain
from notes_cli.importers.grammar import orgs_in, parse_people
from notes_cli.importers.names import words_of
from notes_cli.importers.prose import speakers_told
from notes_cli.importers.readings import read_line
from notes_cli.importers.units import Candidate, Unit, scored, section_text, take, with_title_cues
from notes_cli.model import Speaker


def paragraph_candidate(units: list[Unit], unit: Unit) -> Candidate | None:
    lines = lines_of(unit.block.spans)
    if not lines:
        return None
    first = lines[0]
    text = plain(first)
    if len(lines) == 1 and _standalone(text):
        return _plain_line(units, unit, first)
    second = plain(lines[1]) if len(lines) >= 2 else ""
    if (
        second
        and (_is_lead_line(first) or _DECORATED.match(text) or _SPEAKER_LABEL.match(second))
        and len(text) <= 160
    ):
        people = parse_people(second, handles=False, orgs=orgs_in(lines[1]))
        readings = read_line(first)
        if people and people.score >= 0.5 and not (readings[0].people and readings[0].score >= 0.6):
            readings = [readings[-1]]
            found = scored(unit, "lead", readings, ["a linked or bold line, then a line of people"])
            speakers = people.speakers + _more_people(units, unit)
            take(found, speakers, 0.45 + 0.45 * people.score, "next line", set())
            found.uses |= {
                u.index
                for u in units[
                    unit.index + 1 : unit.index + 1 + len(speakers) - len(people.speakers)
                ]
            }
            found.skip_lines = 2
            return with_title_cues(found, "")
    return None


def _more_people(units: list[Unit], unit: Unit) -> tuple[Speaker, ...]:
    """Speakers on the one-line paragraphs right after (`<Speaker …/>` after `<Speaker …/>`)."""
    out: list[Speaker] = []
    for other in units[unit.index + 1 : unit.index + 6]:
        lines = lines_of(other.block.spans) if other.kind == "paragraph" else []
        people = parse_people(plain(lines[0]), orgs=orgs_in(lines[0])) if len(lines) == 1 else None
        if not people or people.score < 0.6 or len(people.speakers) != 1:
            break
        out.append(people.speakers[0])
    return tuple(out)


_DECORATED = re.compile(r"^(?:•+|\*\*|==+|~~+|#+)\s*\S.{0,120}?\s*(?:•+|\*\*|==+|~~+|#+)$")
_SPEAKER_LABEL = re.compile(
    r"^(?:presented by|presenters?|speakers?|by|referent|palestrante|orateur|talare)\b", re.I
)


def pseudo_heading(block: Block) -> bool:
    """A paragraph that opens like a heading: a decorated line, or a short line alone."""
    lines = lines_of(block.spans)
    if not lines:
        return False
    first = plain(lines[0])
    return bool(_DECORATED.match(first)) or (
        len(lines) == 1 and _standalone(first) and _is_lead_line(lines[0])
    )


def _standalone(text: str) -> bool:
    """A plain line alone between paragraphs that may be a title: short, no sentence."""
    words = words_of(text)
    if re.search(r"[.!?;:]\s+\S|[.!?;:]$", text.rstrip(")\"'”")) or text.startswith(
        ("http", "![", "<")
    ):
        return False
    return 1 <= len(words) <= 16


def _is_lead_line(line: tuple[Span, ...]) -> bool:
    styled = [s for s in line if s.text.strip()]
    return bool(styled) and all(s.href or s.strong for s in styled) and len(plain(line)) <= 160


def next_line_people(found: Candidate, paragraph: Unit) -> bool:
    """The speakers on the first line of `paragraph` (the line under a talk's title), taken
    into `found` when they read as people; the rest of the paragraph stays the talk's notes."""
    line = (lines_of(paragraph.block.spans) or [()])[0]
    people = parse_people(plain(line), orgs=orgs_in(line))
    if not people or people.score < 0.5:
        return False
    whole = len(lines_of(paragraph.block.spans)) == 1
    score = 0.45 + 0.45 * people.score
    take(found, people.speakers, score, "next line", {paragraph.index} if whole else set())
    if not whole:
        found.extra["_skip_first_line_of"] = paragraph.index
    return True


def _plain_line(units: list[Unit], unit: Unit, line: tuple[Span, ...]) -> Candidate:
    readings = read_line(line)
    styled = _is_lead_line(line)
    found = scored(
        unit, "line", readings, ["a line standing alone" + (" (linked or bold)" if styled else "")]
    )
    section = section_text(units, unit, limit=4)
    if not found.speakers:
        nxt = units[unit.index + 1] if unit.index + 1 < len(units) else None
        if nxt is not None and nxt.kind == "paragraph" and nxt.parent == unit.parent:
            next_line_people(found, nxt)
        if not found.speakers:
            told = _told_in_section(units, unit)
            if told:
                take(found, told, 0.6, "text below", set())
    if not found.speakers:
        found.score = 0.2 if styled else 0.1
        if ANNOUNCEMENT.search(section[:300]):
            found.score -= 0.3
            found.why.append("the text below announces a product")
    return with_title_cues(found, section)


def _told_in_section(units: list[Unit], unit: Unit) -> tuple[Speaker, ...]:
    for other in units[unit.index + 1 : unit.index + 5]:
        if other.kind != "paragraph" or other.parent != unit.parent:
            break
        if len(lines_of(other.block.spans)) == 1 and _standalone(other.block.text):
            break
        told = speakers_told(other.block.text)
        if told:
            return told
    return ()
