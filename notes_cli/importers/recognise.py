"""Which units of a post are talks: a score per unit, weighed against its siblings.

Each candidate comes with a score from its own evidence (`candidates`). Siblings then pull
together: list items or headings of the same shape at the same level are all talks or none, so
in a group where most members are surely talks, a member with some evidence of its own (a
plausible title, a nickname where the others have names) is taken too, and read the same way
round as the others; in a group where almost none is, a lone weak one is dropped. Prose talks
(`prose`) come last and only where no marked talk already names the same people. Every
decision keeps its reasons, for `notes import --explain`.
"""

from __future__ import annotations

from dataclasses import dataclass

from notes_cli.importers.candidates import Candidate, Unit, candidate, units_of
from notes_cli.importers.cues import PEOPLE_SECTION
from notes_cli.importers.document import Block, plain
from notes_cli.importers.prose import told_in
from notes_cli.importers.readings import read_line
from notes_cli.importers.siblings import (
    TAKE,
    families_agree,
    groups_agree,
    speakers_over_items,
    under,
)
from notes_cli.model import heading_key

TAKE_PROSE = 0.6  # prose needs more


@dataclass(frozen=True)
class Decision:
    """One block considered: what it would be, whether it was taken, and why."""

    line: int
    kind: str
    text: str
    taken: bool
    title: str
    speakers: str
    score: float
    why: str


def recognise(blocks: list[Block]) -> tuple[list[Unit], list[Candidate], list[Decision]]:
    """The units of a post, the talks among them (in reading order) and every decision."""
    units = units_of(blocks)
    found = [c for c in (candidate(units, u) for u in units) if c is not None]
    _people_sections(units, found)
    speakers_over_items(units, found)
    groups_agree(units, found)
    families_agree(units, found)
    _group_formats(units, found)
    _containers_are_no_talks(units, found)
    taken = [c for c in found if c.score >= TAKE]
    taken = _not_used_twice(taken)
    taken = _parts_of_talks(units, taken)
    taken = _notes_of_talks(units, taken)
    prose = [c for c in _prose(units, taken) if c.score >= TAKE_PROSE]
    taken = _names_over_talks(units, taken, prose)
    talks = sorted(taken + prose, key=lambda c: c.unit)
    decisions = [
        _decision(units, c, c in talks) for c in sorted(found + prose, key=lambda c: c.unit)
    ]
    return units, talks, decisions


def _people_sections(units: list[Unit], found: list[Candidate]) -> None:
    """Under `Organizers` or `Sponsors`, names are no speakers."""
    for c in found:
        heading = units[c.unit].heading if units[c.unit].kind != "heading" else -1
        if heading >= 0 and PEOPLE_SECTION.match(units[heading].block.text.strip(" :*")):
            c.score -= 0.6
            c.why.append(f"under {units[heading].block.text!r}, a list of people, not talks")


def _group_formats(units: list[Unit], found: list[Candidate]) -> None:
    """Talks under a `Lightning talks` or `Keynotes` heading take that format."""
    by_unit = {c.unit: c for c in found}
    for unit in units:
        if unit.kind != "heading":
            continue
        text = unit.block.text.lower()
        form = (
            "lightning" if "lightning" in text else "keynote" if text.startswith("keynote") else ""
        )
        head = by_unit.get(unit.index)
        if not form or (head and head.speakers) or len(text.split()) > 6:
            continue
        if head:
            head.score = min(head.score, 0.3)
            head.why.append(f"a heading over {form} talks")
        for c in found:
            if c.unit > unit.index and under(units, c.unit, unit) and not c.format:
                c.format = form


def _containers_are_no_talks(units: list[Unit], found: list[Candidate]) -> None:
    """A heading whose section holds talks of its own is their heading, not a talk."""
    sure = {c.unit for c in found if c.score >= TAKE and (c.speakers or c.kind == "row")}
    for c in found:
        if c.kind != "heading" or c.score < TAKE:
            continue
        inside = [i for i in sure if i > c.unit and under(units, i, units[c.unit])]
        below = [
            i for i in inside if units[i].kind != "heading" or units[i].level > units[c.unit].level
        ]
        if len(below) >= 2 or (below and not c.speakers):
            c.score = min(c.score, 0.2)
            c.why.append("its section holds talks of its own")


def _notes_of_talks(units: list[Unit], taken: list[Candidate]) -> list[Candidate]:
    """Items and lines inside the section of a heading taken as a talk with its speakers are
    that talk's notes (`- Defines Domain Model, Entities…` under `## Domain-Driven Design`)."""
    heads = [c for c in taken if c.kind == "heading" and c.speakers]
    out = []
    for c in taken:
        if c.kind in ("item", "line", "lead") and any(
            under(units, c.unit, units[h.unit]) for h in heads
        ):
            c.why.append("a note in the section of the talk above")
            c.score = min(c.score, 0.45)
            continue
        out.append(c)
    return out


def _parts_of_talks(units: list[Unit], taken: list[Candidate]) -> list[Candidate]:
    """A heading inside a talk's section that names no one is a part of that talk's notes."""
    heads = {c.unit for c in taken if c.kind == "heading"}
    out = []
    for c in taken:
        parent = units[c.unit].heading
        if c.kind == "heading" and not c.speakers and parent in heads and "code" not in c.extra:
            c.why.append("a part of the talk above")
            c.score = min(c.score, 0.45)
            continue
        out.append(c)
    return out


def _names_over_talks(
    units: list[Unit], taken: list[Candidate], prose: list[Candidate]
) -> list[Candidate]:
    """A heading that is only a name, over a section that tells talks, is whose picks they are
    (`## Ann Lee` over the talks Ann liked), not a talk by that person."""
    out = []
    for c in taken:
        if c.source == "heading is a name":
            inside = [
                p for p in taken + prose if p is not c and under(units, p.unit, units[c.unit])
            ]
            if inside:
                c.score = 0.3
                c.why.append("its section tells talks of others: a heading over them")
                continue
        out.append(c)
    return out


def _not_used_twice(taken: list[Candidate]) -> list[Candidate]:
    """A unit that only carried another talk's speakers is no talk itself."""
    used = {i for c in taken for i in c.uses}
    return [c for c in taken if c.unit not in used]


def _prose(units: list[Unit], taken: list[Candidate]) -> list[Candidate]:
    """Talks told in the sentences of paragraphs and list items that are no talk already."""
    marked = {s.name.casefold() for c in taken for s in c.speakers}
    titles = {heading_key(c.title) for c in taken}
    owners = {c.unit for c in taken} | {i for c in taken for i in c.uses}
    out: list[Candidate] = []
    for unit in units:
        if unit.kind not in ("paragraph", "item") or unit.index in owners or unit.parent in owners:
            continue
        links = _joined_links(unit.block)
        linked = _linked_talks(unit, links, marked)
        out.extend(linked)
        # A paragraph may link one talk and tell another in its next sentence.
        titles |= {heading_key(c.title) for c in linked}
        for told in told_in(unit.block.text, links):
            names = {s.name.casefold() for s in told.speakers}
            if heading_key(told.title) in titles or (names & marked and told.score < 0.72):
                continue  # a speaker met before gives another talk only under a linked title
            marked |= names
            titles.add(heading_key(told.title))
            found = Candidate(
                unit.index,
                "told",
                told.title,
                told.speakers,
                told.score,
                ["told in a sentence: " + told.how],
                told.format,
            )
            if told.event:
                found.extra["event"] = told.event
            out.append(found)
    return out


def _linked_talks(unit: Unit, links: list[tuple[str, str]], marked: set[str]) -> list[Candidate]:
    """Links in a sentence whose text is a whole talk: `[Title - Ann Lee, Acme](video)`."""
    from notes_cli.importers.document import Span

    out = []
    for text, href in links:
        best = read_line([Span(text)])[0]
        if not best.people or best.score < 0.6 or best.how != "title - people":
            continue
        if any(len(s.name.split()) < 2 for s in best.people.speakers):
            continue  # in a sentence, a lone word is no one's name
        names = {s.name.casefold() for s in best.people.speakers}
        if names <= marked:
            continue
        marked |= names
        found = Candidate(
            unit.index,
            "link",
            best.title,
            best.people.speakers,
            0.75,
            ["a link whose text is a title and its people"],
        )
        found.extra = (
            {**best.extra, "links": [href]}
            if href.startswith(("http://", "https://"))
            else dict(best.extra)
        )
        out.append(found)
    return out


def _joined_links(block: Block) -> list[tuple[str, str]]:
    """The link texts of a block, adjacent spans of one link joined."""
    out: list[tuple[str, str]] = []
    previous = ""
    for span in block.spans:
        if span.br:
            if previous and out:
                out[-1] = (out[-1][0] + " ", out[-1][1])
            continue
        if span.href and span.href == previous and out:
            out[-1] = (out[-1][0] + span.text, span.href)
        elif span.href:
            out.append((span.text, span.href))
        elif span.code:  # `a topic in code`: quoted, as a link text is
            out.append((span.text, ""))
        previous = span.href

    return [(" ".join(t.split()), h) for t, h in out if t.strip()]


def _decision(units: list[Unit], c: Candidate, taken: bool) -> Decision:
    block = units[c.unit].block
    return Decision(
        line=block.start + 1,
        kind=c.kind,
        text=" ".join(block.text.split())[:100]
        if block.kind != "row"
        else " | ".join(plain(x) for x in block.cells)[:100],
        taken=taken,
        title=c.title,
        speakers=", ".join(s.label() for s in c.speakers),
        score=round(c.score, 2),
        why="; ".join(c.why),
    )
