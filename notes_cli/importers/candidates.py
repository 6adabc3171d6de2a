"""Every structural unit of a post as a possible talk, with the evidence for it.

A unit is a heading, a list item, a table row (`rows`), a paragraph (`lines`: a plain line
standing alone, a bold or linked lead line). For each, the grammar reads its own line; where
the line names no one, the people may be on the next line, in a sub-heading, in the items
nested below, in a table column, or in the first sentence of its section. What comes out is a
`Candidate`: the talk the unit would be, a score, and the reasons, for the recogniser to weigh
against the unit's siblings.
"""

from __future__ import annotations

from notes_cli.importers.cues import TALK_CUE
from notes_cli.importers.document import lines_of, plain
from notes_cli.importers.grammar import orgs_in, parse_people
from notes_cli.importers.lines import next_line_people, paragraph_candidate
from notes_cli.importers.names import name_score, words_of
from notes_cli.importers.prose import names_in, speakers_told
from notes_cli.importers.readings import read_line
from notes_cli.importers.rows import row_candidate
from notes_cli.importers.units import (
    Candidate,
    Unit,
    lead_of,
    scored,
    section_text,
    take,
    units_of,
    with_title_cues,
)
from notes_cli.model import Speaker

__all__ = ["Candidate", "Unit", "candidate", "section_text", "units_of"]


def candidate(units: list[Unit], unit: Unit) -> Candidate | None:
    kind = unit.kind
    if kind == "heading":
        return _heading(units, unit)
    if kind == "item":
        return _item(units, unit)
    if kind == "row":
        return row_candidate(unit)
    if kind == "paragraph" and (unit.parent < 0 or units[unit.parent].kind != "item"):
        return paragraph_candidate(units, unit)
    return None


def _heading(units: list[Unit], unit: Unit) -> Candidate:
    readings = read_line(unit.block.spans)
    found = scored(unit, "heading", readings, [f"heading (level {unit.level})"])
    if unit.level == 1 and not any(
        u.kind == "heading" and u.level == 1 for u in units[: unit.index] + units[unit.index + 1 :]
    ):
        found.score, found.speakers = -1.0, ()
        found.why.append("the post's title")
        return found
    if any(s.href for s in unit.block.spans if s.text.strip()):
        found.why.append("linked")
    if found.speakers and found.score < 0.85:  # a weak reading: a name item below is surer
        guess = (found.title, found.speakers, found.how, found.score, list(found.why))
        found.title, found.speakers, found.how = readings[-1].title, (), "title"
        if not _name_item_below(units, unit, found):
            found.title, found.speakers, found.how, found.score, found.why = guess
    if not found.speakers:
        _people_below(units, unit, found)
    if not found.speakers:
        _profile_below(units, unit, found)
    told = found.source.startswith("first sentence")  # weaker than the heading's own name
    named = (not found.speakers or told) and _is_a_name(found.title)
    if named and not _holds_long_items(units, unit):
        found.speakers, found.source = (Speaker(found.title),), "heading is a name"
        found.title, found.score = f"Talk by {found.title}", 0.5
        found.why.append("the heading is a person's name")
        return with_title_cues(found, section_text(units, unit))
    section = section_text(units, unit)
    if not found.speakers:
        found.score = 0.2
        person = name_score(found.title)
        whole = parse_people(plain(unit.block.spans))
        if person >= 0.85 and len(words_of(found.title)) <= 3:
            found.speakers = (Speaker(found.title),)
        elif whole and whole.score >= 0.85 and len(whole.speakers) == 1 and whole.speakers[0].role:
            found.speakers = whole.speakers  # `Ann Lee, Software engineer at Acme`
        if found.speakers and _holds_long_items(units, unit):
            found.speakers = ()
            found.why.append("a name over a list of notes: whose picks they are")
        if found.speakers:
            found.why.append("the heading is a person's name")
            found.title = f"Talk by {found.speakers[0].name}"
            found.source = "heading is a name"
            found.score = 0.5
    return with_title_cues(found, section)


def _is_a_name(text: str) -> bool:
    return name_score(text) >= 0.85 and len(words_of(text)) <= 3


def _holds_long_items(units: list[Unit], unit: Unit) -> bool:
    """Whether the section under a heading is a list of long entries (notes, not a profile)."""
    long = 0
    for other in units[unit.index + 1 :]:
        if other.kind == "heading" and other.level <= unit.level:
            break
        if other.kind == "item" and len(other.block.text.split()) >= 20:
            long += 1
    return long >= 2


def _profile_below(units: list[Unit], unit: Unit, found: Candidate) -> None:
    """`# Title`, notes, then `## Ann Lee` over a picture and links: the speaker's profile."""
    for other in units[unit.index + 1 :]:
        if other.kind != "heading":
            continue
        if other.level <= unit.level:
            return
        name = other.block.text
        profile = [u for u in units[other.index + 1 : other.index + 6] if u.kind == "paragraph"]
        if any(len(u.block.text.split()) >= 8 for u in profile[:2]):
            return  # a section of prose: no profile
        if name_score(name) >= 0.85 and len(words_of(name)) <= 4:
            take(found, (Speaker(name),), 0.7, "speaker's profile below", {other.index})
            return


def _people_below(units: list[Unit], unit: Unit, found: Candidate) -> None:
    """Speakers on the line after a heading, in a sub-heading, or told in its first sentence."""
    after = [
        u
        for u in units[unit.index + 1 : unit.index + 6]
        if u.kind != "other" and (u.kind != "paragraph" or u.block.text)
    ][:3]

    if not after:
        return
    if _name_item_below(units, unit, found):
        return
    first = after[0]
    if first.kind == "heading" and first.level > unit.level:
        people = parse_people(first.block.text, handles=True)
        own = read_line(first.block.spans)[0]
        if (
            people
            and (people.score >= 0.5 or len(first.block.text.split()) == 1)
            and not (own.people and own.score >= 0.6)  # the sub-heading is a talk of its own
            and (len(after) == 1 or after[1].kind != "heading")
            and len(people.speakers[0].name.split()) <= 4
            and not people.speakers[0].company.startswith("the ")
        ):
            take(
                found,
                people.speakers,
                0.45 + 0.45 * max(people.score, 0.6),
                "sub-heading",
                {first.index},
            )
            return
    if first.kind == "paragraph":
        if next_line_people(found, first):
            found.skip_lines = 0
            return
        told = speakers_told(first.block.text)
        if told:
            take(found, told, 0.62, "first sentence", set())
            return
        named = names_in(first.block.text)
        if named:  # weak evidence: siblings or a talk word must back it
            take(found, named, 0.42, "first sentences (named only)", set())


def _name_item_below(units: list[Unit], unit: Unit, found: Candidate) -> bool:
    """`## Title` over a list of facts (length, `- Ann Lee`, language): the item that is only
    a person's name is the speaker. Only near the heading, and only an item of one line."""
    for other in units[unit.index + 1 : unit.index + 10]:
        if other.kind == "heading":
            return False
        if other.kind != "item" or (other.parent >= 0 and units[other.parent].kind == "item"):
            continue
        text = other.block.text.strip()
        if "\n" in text or (other.block.children and len(other.block.children) > 1):
            continue
        people = parse_people(text)
        if (
            people
            and people.score >= 0.85
            and len(people.speakers) <= 3
            and all(name_score(s.name) >= 0.85 for s in people.speakers)
        ):
            take(found, people.speakers, 0.75, "item under it", {other.index})
            return True
    return False


def _item(units: list[Unit], unit: Unit) -> Candidate | None:
    lines = lines_of(unit.block.spans)
    if not lines:
        return None
    lead = lead_of(lines[0])
    readings = read_line(lead)
    if len(lead) < len(lines[0]):
        whole = read_line(lines[0])
        if whole[0].people and whole[0].score >= max(
            0.6, readings[0].score if readings[0].people else 0
        ):
            readings = whole
        else:  # weaker readings of the whole line, for siblings read that way to pick
            readings = [*readings[:-1], *(r for r in whole if r.people), readings[-1]]

    found = scored(unit, "item", readings, [f"list item (depth {unit.level})"])
    if not found.speakers and len(lines) > 1:
        people = parse_people(plain(lines[1]), orgs=orgs_in(lines[1]))
        if people and people.score >= 0.5:
            take(found, people.speakers, 0.45 + 0.45 * people.score, "next line", set())
            found.skip_lines = 2
    if not found.speakers:
        nested = [u for u in units if u.parent == unit.index and u.kind == "item"]
        speakers: list[Speaker] = []
        uses = set()
        for child in nested:
            people = parse_people(
                plain((lines_of(child.block.spans) or [()])[0]), orgs=orgs_in(child.block.spans)
            )
            if people and people.score >= 0.5 and not child.block.children:
                speakers.extend(people.speakers)
                uses.add(child.index)
        if speakers:
            take(found, tuple(speakers), 0.8, "items below", uses)
    if not found.speakers:
        found.score = 0.15
    plain_lead = plain(lead)
    if len(plain_lead) < len(plain(lines[0])) - 3:
        found.why.append("a bold or linked lead starts the item")
    with_title_cues(found, "")
    if "start" in found.extra and not found.speakers and not TALK_CUE.search(found.title):
        found.score = min(found.score, 0.3)
        found.why.append("an agenda slot naming no one")
    return found
