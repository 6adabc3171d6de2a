"""Table rows as talks: the header tells which column is the talk, the speaker, the company
and the time, in the languages of the writeups we read; without a header, the linked or bold
cell is the title and a line below it in the cell the speakers."""

from __future__ import annotations

import re

from notes_cli.importers.document import Span, lines_of, plain
from notes_cli.importers.grammar import orgs_in, parse_people
from notes_cli.importers.names import words_of
from notes_cli.importers.readings import read_line
from notes_cli.importers.units import Candidate, Unit, lead_of, scored, take, with_title_cues
from notes_cli.model import Speaker

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


# The first cell of a row of facts about the event (`| Location | Prague |`).
_FIELD = re.compile(
    r"^(?:[\w-]+\s)?(?:location|venue|place|where|when|dates?|time|fees?|price|cost|languages?|"
    r"website|url|availability|tickets?|registration|organi[sz]ers?|hosts?|city|country|format|"
    r"duration|length|attendees?|capacity|lieu|ort|datum|sprache|lugar|fecha|data|local|"
    r"idioma|plats|sted)$",
    re.I,
)


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, name in enumerate(header):
        for role, pattern in _COLUMNS.items():
            if role not in found and pattern.match(name.strip(" :*")):
                found[role] = number
    return found


def row_candidate(unit: Unit) -> Candidate | None:
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
    readings = read_line(lead_of(title_lines[0]))
    found = scored(unit, "row", readings, ["table row"])
    if title_at > 0 and "title" not in columns and _FIELD.match(plain(cells[0]).strip(" :*")):
        found.speakers, found.score = (), -0.8
        found.why.append("a field of the event's own (where, when, fee…), not a talk")
        return found
    if "speaker" in columns and columns["speaker"] < len(cells):
        _column_people(found, cells[columns["speaker"]], cells, columns)
    elif not found.speakers and len(title_lines) > 1:
        people = parse_people(" & ".join(plain(line) for line in title_lines[1:]), handles=True)
        if people:
            take(
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
    return with_title_cues(found, "")


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
    take(found, speakers, 0.55 + 0.4 * max(people.score, 0.6), "speaker column", set())


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
