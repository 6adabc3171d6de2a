"""Every structural unit of a post as a possible talk, with the evidence for it.

A unit is a heading, a list item, a table row, a paragraph (a plain line standing alone, a
bold or linked lead line, a link inside a sentence). For each, the grammar reads its own line;
where the line names no one, the people may be on the next line, in the items nested below, in
a table column, or in the first sentence of its section. What comes out is a `Candidate`: the
talk the unit would be, a score, and the reasons, for the recogniser to weigh against the
unit's siblings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from notes_cli.importers.cues import ANNOUNCEMENT, SECTION_CUE, STRONG_CUE, TALK_CUE, is_not_talk
from notes_cli.importers.document import Block, Span, lines_of, plain
from notes_cli.importers.grammar import Reading, orgs_in, parse_people
from notes_cli.importers.names import name_score, words_of
from notes_cli.importers.prose import names_in, speakers_told
from notes_cli.importers.readings import format_of, read_line
from notes_cli.model import Speaker


@dataclass
class Unit:
    block: Block
    index: int
    kind: str  # heading paragraph item row other
    level: int
    parent: int = -1  # the unit this one is nested in (an item, a table)
    heading: int = -1  # the nearest heading before it
    group: tuple[Any, ...] = ()


@dataclass
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


def candidate(units: list[Unit], unit: Unit) -> Candidate | None:
    kind = unit.kind
    if kind == "heading":
        return _heading(units, unit)
    if kind == "item":
        return _item(units, unit)
    if kind == "row":
        return _row(unit)
    if kind == "paragraph" and (unit.parent < 0 or units[unit.parent].kind != "item"):
        return _paragraph(units, unit)
    return None


def _scored(unit: Unit, kind: str, readings: list[Reading], why: list[str]) -> Candidate:
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


def _with_title_cues(found: Candidate, section: str) -> Candidate:
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
    found.format = found.format or _format_in(title)
    return found


def _format_in(title: str) -> str:
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


def _heading(units: list[Unit], unit: Unit) -> Candidate:
    readings = read_line(unit.block.spans)
    found = _scored(unit, "heading", readings, [f"heading (level {unit.level})"])
    if unit.level == 1 and not any(
        u.kind == "heading" and u.level == 1 for u in units[: unit.index] + units[unit.index + 1 :]
    ):
        found.score, found.speakers = -1.0, ()
        found.why.append("the post's title")
        return found
    if any(s.href for s in unit.block.spans if s.text.strip()):
        found.why.append("linked")
    if not found.speakers:
        _people_below(units, unit, found)
    section = section_text(units, unit)
    if not found.speakers:
        found.score = 0.2
        person = name_score(found.title)
        if person >= 0.85 and len(words_of(found.title)) <= 3:
            found.why.append("the heading is a person's name")
            found.speakers, found.title, found.source = (
                (Speaker(found.title),),
                f"Talk by {found.title}",
                "heading is a name",
            )
            found.score = 0.5
    return _with_title_cues(found, section)


def _people_below(units: list[Unit], unit: Unit, found: Candidate) -> None:
    """Speakers on the line after a heading, in a sub-heading, or told in its first sentence."""
    after = [
        u
        for u in units[unit.index + 1 : unit.index + 6]
        if u.kind != "other" and (u.kind != "paragraph" or u.block.text)
    ][:3]

    if not after:
        return
    first = after[0]
    if first.kind == "heading" and first.level > unit.level:
        people = parse_people(first.block.text, handles=True)
        if (
            people
            and people.score >= 0.3
            and (len(after) == 1 or after[1].kind != "heading")
            and len(people.speakers[0].name.split()) <= 4
            and not people.speakers[0].company.startswith("the ")
        ):
            _take(
                found,
                people.speakers,
                0.45 + 0.45 * max(people.score, 0.6),
                "sub-heading",
                {first.index},
            )
            return
    if first.kind == "paragraph":
        line = (lines_of(first.block.spans) or [()])[0]
        people = parse_people(plain(line), orgs=orgs_in(line))
        if people and people.score >= 0.5:
            whole = len(lines_of(first.block.spans)) == 1
            _take(
                found,
                people.speakers,
                0.45 + 0.45 * people.score,
                "next line",
                {first.index} if whole else set(),
            )
            found.skip_lines = 0
            if not whole:
                found.extra["_skip_first_line_of"] = first.index
            return
        told = speakers_told(first.block.text)
        if told:
            _take(found, told, 0.62, "first sentence", set())
            return
        named = names_in(first.block.text)
        if named:
            _take(found, named, 0.42, "first sentences (named only)", set())


def _take(
    found: Candidate, speakers: tuple[Speaker, ...], score: float, source: str, uses: set[int]
) -> None:
    found.speakers = speakers
    found.score = min(1.0, score)
    found.source = source
    found.uses |= uses
    found.why.append(f"people on the {source}")


def _item(units: list[Unit], unit: Unit) -> Candidate | None:
    lines = lines_of(unit.block.spans)
    if not lines:
        return None
    lead = _lead(lines[0])
    readings = read_line(lead)
    if len(lead) < len(lines[0]):
        whole = read_line(lines[0])
        if whole[0].people and whole[0].score >= max(
            0.6, readings[0].score if readings[0].people else 0
        ):
            readings = whole

    found = _scored(unit, "item", readings, [f"list item (depth {unit.level})"])
    if not found.speakers and len(lines) > 1:
        people = parse_people(plain(lines[1]), orgs=orgs_in(lines[1]))
        if people and people.score >= 0.5:
            _take(found, people.speakers, 0.45 + 0.45 * people.score, "next line", set())
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
            _take(found, tuple(speakers), 0.8, "items below", uses)
    if not found.speakers:
        found.score = 0.15
    plain_lead = plain(lead)
    if len(plain_lead) < len(plain(lines[0])) - 3:
        found.why.append("a bold or linked lead starts the item")
    _with_title_cues(found, "")
    if "start" in found.extra and not found.speakers and not TALK_CUE.search(found.title):
        found.score = min(found.score, 0.3)
        found.why.append("an agenda slot naming no one")
    return found


def _lead(line: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans of a line up to the end of its styled lead (`**Title** av *Ann Lee* handlade…`)."""
    styled = [i for i, s in enumerate(line) if (s.strong or s.em or s.href) and s.text.strip()]
    if not styled or styled[0] > 1 or (styled[0] == 1 and line[0].text.strip()):
        return line
    end = styled[0]
    for i in styled[1:]:
        between = plain(line[end + 1 : i])
        if len(between.split()) > 2:
            break
        end = i
    return line[: end + 1]


# --- table rows ---------------------------------------------------------------------------

_COLUMNS = {
    "title": re.compile(
        r"^(?:talks?|titles?|sessions?|topics?|subjects?|events?|what|programme|program|"
        r"vortrag|vorträge|titel|thema|palestras?|tema|título|titulo|assunto|conférences?|"
        r"titre|sujet|charla|ponencia|föredrag|tittel|foredrag|presentation|presentations)$"
    ),
    "speaker": re.compile(
        r"^(?:speakers?|speaker\(s\)|authors?|names?|presenters?|who|by|host|hosts|"
        r"referent(?:in|en)?|sprecher(?:in)?|palestrantes?|orador(?:es)?|ponentes?|"
        r"orateurs?|intervenants?|talare|föreläsare|foredragsholder)$"
    ),
    "company": re.compile(
        r"^(?:company|companies|organi[sz]ations?|org|affiliation|empresa|firma|société|entreprise|unternehmen)$"
    ),
    "time": re.compile(
        r"^(?:time|times|when|slot|hour|hora|horário|zeit|uhrzeit|heure|horaire|tid|klokkeslett|aika)$"
    ),
}


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, name in enumerate(header):
        for role, pattern in _COLUMNS.items():
            if role not in found and pattern.match(name.strip(" :*")):
                found[role] = number
    return found


def _row(unit: Unit) -> Candidate | None:
    cells = unit.block.cells
    columns = _columns(unit.block.header)
    if not cells:
        return None
    title_at = columns.get("title")
    if title_at is None:
        title_at = _guess_title_cell(cells)
    if title_at is None or title_at >= len(cells):
        return None
    title_lines = lines_of(cells[title_at])
    if not title_lines:
        return None
    readings = read_line(_lead(title_lines[0]))
    found = _scored(unit, "row", readings, ["table row"])
    if "speaker" in columns and columns["speaker"] < len(cells):
        _column_people(found, cells[columns["speaker"]], cells, columns)
    elif not found.speakers and len(title_lines) > 1:
        people = parse_people(" & ".join(plain(line) for line in title_lines[1:]), handles=True)
        if people:
            _take(
                found,
                people.speakers,
                0.5 + 0.4 * max(people.score, 0.6),
                "line below in the cell",
                set(),
            )
    if "time" in columns and columns["time"] < len(cells):
        found.extra.update(read_line([*cells[columns["time"]], Span(" x")])[-1].extra)
    if not found.speakers:
        found.score = 0.55 if "title" in columns else 0.15
        found.why.append(
            "the column is headed as the talk" if "title" in columns else "no one named"
        )
    if "start" in found.extra and not found.speakers and _is_break(found.title):
        found.score = 0.1
    return _with_title_cues(found, "")


def _column_people(
    found: Candidate,
    cell: tuple[Span, ...],
    cells: tuple[tuple[Span, ...], ...],
    columns: dict[str, int],
) -> None:
    text = " & ".join(plain(line) for line in lines_of(cell))
    people = parse_people(text, handles=True, orgs=orgs_in(cell))
    if not people:
        return
    speakers = people.speakers
    company_at = columns.get("company")
    if company_at is not None and company_at < len(cells) and len(speakers) == 1:
        speakers = (Speaker(speakers[0].name, speakers[0].role, plain(cells[company_at])),)
    _take(found, speakers, 0.55 + 0.4 * max(people.score, 0.6), "speaker column", set())


def _guess_title_cell(cells: tuple[tuple[Span, ...], ...]) -> int | None:
    """Without a header: the cell with a link or bold, else the longest that is no time."""
    texts = [plain(c) for c in cells]
    marked = [
        i for i, c in enumerate(cells) if any((s.href or s.strong) and s.text.strip() for s in c)
    ]
    if marked:
        return marked[0]
    ranked = sorted(
        (i for i, t in enumerate(texts) if t and not re.match(r"^[\d:.\s\-–apm]+$", t, re.I)),
        key=lambda i: -len(texts[i]),
    )
    return ranked[0] if ranked else None


def _is_break(title: str) -> bool:
    from notes_cli.importers.cues import BREAK_SLOT

    return bool(BREAK_SLOT.search(title)) and len(words_of(title)) <= 6


# --- paragraphs ---------------------------------------------------------------------------


def _paragraph(units: list[Unit], unit: Unit) -> Candidate | None:
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
            found = _scored(
                unit, "lead", readings, ["a linked or bold line, then a line of people"]
            )
            speakers = people.speakers + _more_people(units, unit)
            _take(found, speakers, 0.45 + 0.45 * people.score, "next line", set())
            found.uses |= {
                u.index
                for u in units[
                    unit.index + 1 : unit.index + 1 + len(speakers) - len(people.speakers)
                ]
            }
            found.skip_lines = 2
            return _with_title_cues(found, "")
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


def _plain_line(units: list[Unit], unit: Unit, line: tuple[Span, ...]) -> Candidate:
    readings = read_line(line)
    styled = _is_lead_line(line)
    found = _scored(
        unit, "line", readings, ["a line standing alone" + (" (linked or bold)" if styled else "")]
    )
    section = section_text(units, unit, limit=4)
    if not found.speakers:
        nxt = units[unit.index + 1] if unit.index + 1 < len(units) else None
        if nxt is not None and nxt.kind == "paragraph" and nxt.parent == unit.parent:
            people = parse_people(
                plain((lines_of(nxt.block.spans) or [()])[0]), orgs=orgs_in(nxt.block.spans)
            )
            if people and people.score >= 0.5:
                whole = len(lines_of(nxt.block.spans)) == 1
                _take(
                    found,
                    people.speakers,
                    0.45 + 0.45 * people.score,
                    "next line",
                    {nxt.index} if whole else set(),
                )
                if not whole:
                    found.extra["_skip_first_line_of"] = nxt.index
        if not found.speakers:
            told = _told_in_section(units, unit)
            if told:
                _take(found, told, 0.6, "text below", set())
    if not found.speakers:
        found.score = 0.2 if styled else 0.1
        if ANNOUNCEMENT.search(section[:300]):
            found.score -= 0.3
            found.why.append("the text below announces a product")
    return _with_title_cues(found, section)


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
