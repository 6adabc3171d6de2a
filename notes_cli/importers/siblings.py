"""Siblings pull together: list items or headings of one shape at one level are all talks or
none, read the same way round; lists of one shape under sibling headings are read together; an
item that is only a person's name speaks for the items nested in it."""

from __future__ import annotations

from collections import Counter, defaultdict

from notes_cli.importers.cues import SECTION_CUE, is_not_talk
from notes_cli.importers.document import lines_of, plain
from notes_cli.importers.grammar import parse_people
from notes_cli.importers.names import name_score
from notes_cli.importers.prose import names_in, subject_of
from notes_cli.importers.readings import frame, read_line
from notes_cli.importers.units import Candidate, Unit, section_text

TAKE = 0.5  # a candidate at or above this is a talk


def groups_agree(units: list[Unit], found: list[Candidate]) -> None:
    groups: dict[tuple[object, ...], list[Candidate]] = defaultdict(list)
    for c in found:
        groups[units[c.unit].group].append(c)
    for members in groups.values():
        if len(members) < 2:
            continue
        sure = [c for c in members if c.score >= 0.6 and c.speakers]
        share = len(sure) / len(members)
        named = [
            c for c in members if (c.speakers or c.extra.get("_named")) and not is_not_talk(c.title)
        ]
        tail = members[members.index(sure[0]) :] if sure else []
        taken = [c for c in tail if c.score >= TAKE]
        if sure and share >= 0.5 and len(sure) >= 2:
            _follow_the_majority(units, members, sure)
        elif len(tail) >= 3 and len(taken) >= 2 and len(taken) / len(tail) >= 0.5:
            _follow_the_majority(units, tail, sure)  # from the first talk on, the post's talks
        elif len(members) >= 3 and len(named) / len(members) >= 0.6 and sure:
            for c in named:
                if not c.speakers:
                    c.speakers = tuple(c.extra["_named"])
                    c.why.append("people named in the first sentences")
                if c.score < TAKE:
                    c.score = 0.55
                    c.why.append(
                        f"names people as most of its siblings do ({len(named)} of {len(members)})"
                    )
        elif len(members) >= 4 and share <= 0.2:
            for c in members:
                if TAKE <= c.score < 0.75 and not c.speakers and c.kind != "row":
                    c.score -= 0.2
                    c.why.append("its siblings are not talks")


def speakers_over_items(units: list[Unit], found: list[Candidate]) -> None:
    """`- Ann Lee` over `- Title`: an item that is only a person's name is the speaker of the
    items nested in it (the book or the tool a title names by `by` is no speaker then)."""
    by_unit = {c.unit: c for c in found}
    nested_in: dict[int, list[Candidate]] = defaultdict(list)
    for u in units:
        if u.parent >= 0 and u.index in by_unit:
            nested_in[u.parent].append(by_unit[u.index])
    for unit in units:
        head = by_unit.get(unit.index)
        nested = nested_in.get(unit.index)
        if unit.kind != "item" or head is None or head.speakers or not nested:
            continue
        text = unit.block.text.split("\n")[0].strip()
        people = parse_people(text)
        if not people or len(people.speakers) > 3:
            continue
        if people.score < 0.85 or any(name_score(s.name) < 0.85 for s in people.speakers):
            continue
        if "(" in text or any(len(c.title.split()) > 16 for c in nested):
            continue  # `Garbage Collector (GC)` over sentences: notes under a term
        if all(name_score(c.title) >= 0.85 for c in nested):
            continue  # a list of people under a name: a team, not talks
        whole = [c.readings[-1].title for c in nested]
        if sum(t[:1].isupper() or t[:1].isdigit() for t in whole) * 2 < len(whole):
            continue  # `- Template` over `- title`, `- author`: fields, not titles
        head.score = min(head.score, 0.1)
        head.why.append("a person's name over the titles of their talks")
        for c in nested:
            c.title = frame(c.readings[-1].title).text if c.format else c.readings[-1].title
            c.speakers, c.how, c.source = people.speakers, "title", "item above"
            c.score = max(c.score, 0.75)
            c.uses.add(unit.index)
            c.why.append("the item above is the speaker's name")


def families_agree(units: list[Unit], found: list[Candidate]) -> None:
    """Lists of one shape under sibling headings (a meetup's agenda per section) are read
    together: where most of their items are surely talks, so are the others."""
    families: dict[tuple[object, ...], list[Candidate]] = defaultdict(list)
    for c in found:
        unit = units[c.unit]
        if unit.kind == "item" and unit.heading >= 0:
            families[("item", unit.level, units[unit.heading].level)].append(c)
    for members in families.values():
        sure = [c for c in members if c.score >= 0.6 and c.speakers]
        if len(sure) >= 4 and len(sure) / len(members) >= 0.6:
            _follow_the_majority(units, members, sure)


def _follow_the_majority(
    units: list[Unit], members: list[Candidate], sure: list[Candidate]
) -> None:
    way = Counter(c.how for c in sure if c.speakers).most_common(1)
    majority = way[0][0] if way else ""
    for c in members:
        if c.how != majority and majority and c.source == "line":
            flipped = next(
                (r for r in c.readings if r.how == majority and r.people and r.score >= 0.5), None
            )
            if flipped and flipped.score >= c.readings[0].score - 0.4:
                c.title, c.speakers, c.how = flipped.title, flipped.people.speakers, flipped.how  # type: ignore[union-attr]
                c.why.append(f"read {majority} like its siblings")
        if c.score >= TAKE or is_not_talk(c.title) or c.score < -0.1:
            continue
        weak = next((r for r in c.readings if r.how == majority and r.people), None)
        if weak and weak.score >= 0.3 and majority != "title" and not c.speakers:
            if names_in(weak.title):  # the title holds full names: the split is elsewhere
                continue
            c.title, c.speakers, c.how = weak.title, weak.people.speakers, weak.how  # type: ignore[union-attr]
            c.score, c.source = 0.55, "line"
            c.why.append(f"read {majority} like its siblings ({len(sure)} of {len(members)})")
            continue
        _second_look(units, c)
        evidence = c.speakers or any(
            w.startswith(("the text under it", "a talk word", "linked")) for w in c.why
        )
        evidence = evidence or bool(SECTION_CUE.search(section_text(units, units[c.unit])[:800]))
        if c.score >= 0.05 and evidence and c.title:
            c.score = max(c.score, 0.55)
            c.why.append(f"its siblings are talks ({len(sure)} of {len(members)})")


def _second_look(units: list[Unit], c: Candidate) -> None:
    """In a group of talks, a nickname or handle can be the speaker."""
    if c.speakers:
        return
    block = units[c.unit].block
    lines = lines_of(block.spans) if block.kind != "row" else []
    if c.kind == "heading":
        following = [u for u in units[c.unit + 1 : c.unit + 3] if u.kind == "paragraph"]
        lines = lines_of(following[0].block.spans)[:1] if following else []
        if following and lines:
            people = parse_people(plain(lines[0]), handles=True)
            if people:
                c.speakers = people.speakers
                c.uses.add(following[0].index)
                c.why.append("a nickname on the next line, as its siblings have names")
                return
            subject = subject_of(following[0].block.text)
            if subject:
                c.speakers = (subject,)
                c.why.append("the first sentence opens with a name, as its siblings' do")
                return
    if c.kind == "line" and len(lines) == 1:
        readings = read_line(lines[0], handles=True)
        if readings[0].people:
            c.title, c.speakers = readings[0].title, readings[0].people.speakers


def under(units: list[Unit], index: int, heading: Unit) -> bool:
    at = units[index]
    while at.heading >= 0:
        if at.heading == heading.index:
            return True
        at = units[at.heading]
    return at.kind == "heading" and at.heading == heading.index
