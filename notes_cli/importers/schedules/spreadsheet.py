"""A programme kept in a spreadsheet: CSV or TSV with a header row, one talk per row.

What each column holds is read from its header, in the languages of the programmes and posts
we read (English, German, French, Portuguese, Spanish, Swedish, Norwegian): `Title`, `Talk`,
`Session`, `Titel`, `Vortrag`, `Titre`, `Palestra`, `Charla`, `Föredrag`... for the title;
`Speaker(s)`, `Referent`, `Orateur`, `Palestrante`, `Ponente`, `Talare`... for the speakers;
then company, role, date, time (a start, or a range `09:00-09:45`), end, duration, track, room,
venue, abstract, code, tags, format, link and time zone. Only a title column is needed.

The cells are read as a person fills them in: `;`, `,`, `\\t` or `|` between cells (whichever
the header row uses), UTF-8 (with or without a byte order mark), UTF-16 with one, or the
Windows code page a spreadsheet saves in; dates as `2024-05-14`, `14.05.2024`, `14/05/2024` (or
`05/14/2024` when the column says so by a day above 12, or its header is English and none
does), `14 May 2024`, `Dienstag, 14. Mai 2024`; times as `09:30`, `9.30`, `9h30`, `2:30 pm`;
speakers as `Ann Lee (CTO, Acme); Bo Chan`, with a company column for them all or one
company each. A cell that cannot be read is an ImportFailed naming its line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

from notes_cli.errors import ImportFailed
from notes_cli.importers.people import has_role_word
from notes_cli.model import Draft, Speaker, Talk

from .headers import ENGLISH, Columns, columns_of, decoded, delimiter_of, fold
from .shape import (
    Slot,
    clean_text,
    conference_draft,
    format_of,
    one_line,
    scheduled_talk,
    title_from_name,
)

_BREAKS = re.compile(
    r"^(?:coffee|lunch|break|pause|mittagspause|kaffeepause|dejeuner|pause cafe|almoco|"
    r"almuerzo|intervalo|lunsj|lunch break|fika|registration|anmeldung|accueil|doors open)\b",
    re.I,
)
_DAY = r"[0-3]?\d"
_MONTH_NUMBER = r"[01]?\d"
_NUMERIC_DATE = re.compile(
    rf"\b({_DAY}|{_MONTH_NUMBER})([./-])({_DAY}|{_MONTH_NUMBER})\2(\d{{4}}|\d{{2}})\b"
)
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_TIME = re.compile(
    r"(?<![\d.:])(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?(?![\d])", re.I
)
_SPEAKER_SPLIT = re.compile(r"\s*(?:;|\n|\|| & | and | und | et | e | y | och | og | / )\s*", re.I)


def read_spreadsheet(path: Path, data: bytes, default_date: dt.date | None = None) -> Draft:
    try:
        text = decoded(data)
    except UnicodeError as exc:
        raise ImportFailed(
            path, "is neither text nor a spreadsheet saved as CSV: export it again as CSV (UTF-8)"
        ) from exc
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ImportFailed(path, "is empty: nothing to import")
    delimiter = delimiter_of(lines[first]) or (
        "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header: list[str] | None = None
        at = 0
        for row in reader:
            line = at + 1
            at = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = row
            else:
                rows.append((line, row))
    except csv.Error as exc:
        raise ImportFailed(
            path,
            f"line {reader.line_num}: cannot be read as CSV ({exc}); a quoted cell may be left open",
        ) from exc
    assert header is not None
    columns = columns_of(path, header)
    order = _date_order(columns, rows)
    slots = []
    zones: set[str] = set()
    for line, row in rows:
        slot = _slot(_Row(path, line, row, columns, order), default_date)
        if slot is not None:
            slots.append(slot)
            zone = columns.cell(row, "timezone")
            if zone:
                zones.add(zone)
    if not any(slot.day for slot in slots) and default_date is None and slots:
        raise ImportFailed(
            path,
            "gives no date for any talk: add a Date column, or import it with --date YYYY-MM-DD",
        )
    return conference_draft(
        path,
        title=title_from_name(path),
        slots=slots,
        days=[default_date] if default_date and not any(s.day for s in slots) else [],
        timezone=zones.pop() if len(zones) == 1 else "",
        name=path.stem,
    )


def _date_order(columns: Columns, rows: list[tuple[int, list[str]]]) -> str:
    """ "dmy" or "mdy" for the column's numeric dates: a first part above 12 says day first, a
    second above 12 month first; when none says, English headers mean month first."""
    for use in ("date", "datetime", "start"):
        for _, row in rows:
            match = _NUMERIC_DATE.search(columns.cell(row, use))
            if match and match[2] != "-":
                if int(match[1]) > 12:
                    return "dmy"
                if int(match[3]) > 12:
                    return "mdy"
    headers = [
        fold(columns.headers[n]) for use, n in columns.where.items() if use in ("date", "datetime")
    ]
    if headers and all(
        h in ENGLISH and h in ("date", "day", "date time", "datetime", "date and time")
        for h in headers
    ):
        return "mdy"
    return "dmy"


def _day(text: str, order: str) -> tuple[dt.date | None, str]:
    """The date in a cell, and the cell's text without it; (None, text) when it holds none.
    ValueError when it holds something like a date that is none (2024-02-30)."""
    from notes_cli.importers.dates import dates_in

    match = _ISO_DATE.search(text)
    if match:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        return day, text[: match.start()] + " " + text[match.end() :]
    match = _NUMERIC_DATE.search(text)
    if match:
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        year += 2000 if year < 100 else 0
        day_number, month = (
            (second, first) if order == "mdy" and match[2] == "/" else (first, second)
        )
        return dt.date(year, month, day_number), text[: match.start()] + " " + text[match.end() :]
    found = dates_in(text)
    if found:
        return found[0].start, ""  # a date in words: what is left is read for a time below
    return None, text


def _times(text: str) -> list[dt.time]:
    """The times in a cell, in order (`09:30`, `9.30`, `9h30`, `2:30 pm`, `2pm`)."""
    found = []
    for match in _TIME.finditer(text):
        hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if not match[2] and not half:
            continue  # a bare number is no time
        if half.startswith("p") and hours < 12:
            hours += 12
        if half.startswith("a") and hours == 12:
            hours = 0
        if hours > 23 or minutes > 59:
            raise ValueError(text)
        found.append(dt.time(hours, minutes))
    return found


@dataclass(frozen=True)
class _Row:
    """One row of the spreadsheet, read cell by cell; a cell that cannot be read names its
    line and column."""

    path: Path
    line: int
    cells: list[str]
    columns: Columns
    order: str  # "dmy" or "mdy"

    def __call__(self, use: str) -> str:
        return self.columns.cell(self.cells, use)

    def fail(self, use: str, value: str, what: str) -> ImportFailed:
        header = self.columns.headers[self.columns.where[use]].strip()
        return ImportFailed(
            self.path, f"line {self.line}: '{value}' in column '{header}' is not {what}"
        )

    def when(
        self, default_date: dt.date | None
    ) -> tuple[dt.date | None, dt.datetime | None, list[dt.time]]:
        """(the day, the start, the times the cells give): a date and time in one column, or
        a date column and a time column (a time or a range)."""
        day: dt.date | None = None
        times: list[dt.time] = []
        start: dt.datetime | None = None
        for use, what in (
            ("datetime", "a date and time: write it as 2024-05-14 09:30"),
            ("date", "a date: write it as 2024-05-14 (or 14.05.2024)"),
            ("start", "a time: write it as 09:30 (or 09:30-10:15)"),
        ):
            value = self(use)
            iso = _iso_moment(value) if value else None
            if not value or iso is not None:
                start, day = (iso, iso.date()) if iso is not None else (start, day)
                continue
            try:
                found, rest = _day(value, self.order)
                times += _times(rest)
            except ValueError:
                raise self.fail(use, value, what) from None
            if found is not None:
                day = found
            elif use == "date" or not times:
                raise self.fail(use, value, what)
        day = day or default_date
        if start is None and times and day is not None:
            start = dt.datetime.combine(day, times[0])
        return day, start, times

    def end(self, start: dt.datetime | None, times: list[dt.time]) -> dt.datetime | None:
        """The end: an end column, or the second time of a range."""
        value = self("end")
        if start is None:
            return None
        end_times = times[1:2]
        if value:
            iso = _iso_moment(value)
            try:
                end_times = [iso.time()] if iso else _times(_day(value, self.order)[1])
            except ValueError:
                end_times = []
            if not end_times:
                raise self.fail("end", value, "a time: write it as 10:15")
        if not end_times:
            return None
        end = dt.datetime.combine(start.date(), end_times[0], tzinfo=start.tzinfo)
        return end if end > start else end + dt.timedelta(days=1)  # a talk past midnight

    def duration(self, start: dt.datetime | None, end: dt.datetime | None) -> int | None:
        value = self("duration")
        if value:
            from notes_cli.timetable import minutes_in

            minutes = minutes_in(value)
            if minutes is None:
                raise self.fail("duration", value, "a length: write minutes, e.g. 45")
            return minutes
        if start is not None and end is not None:
            return int((end - start).total_seconds() // 60)
        return None


def _slot(row: _Row, default_date: dt.date | None) -> Slot | None:
    title = one_line(row("title"))
    if not title or (_BREAKS.match(title) and not row("speakers")):
        return None
    day, start, times = row.when(default_date)
    talk = scheduled_talk(
        title=title,
        speakers=_speakers(row("speakers"), row("role"), row("company")),
        tags=[t for t in re.split(r"\s*[,;|]\s*", row("tags")) if t],
        talk_format=format_of(row("format")),
        track=row("track"),
        code=row("code"),
        room=row("room"),
        start=start,
        duration=row.duration(start, row.end(start, times)),
        links=re.split(r"\s+", row("link")),
        abstract=clean_text(row("abstract")),
    )
    venue = one_line(row("venue"))
    return Slot(_with(talk, venue=venue) if venue else talk, start=start, day=day)


def _with(talk: Talk, **keys: str) -> Talk:
    extra = dict(talk.extra)
    # The venue goes after the room, where the note shows it.
    ordered: dict[str, object] = {}
    for key, value in extra.items():
        ordered[key] = value
        if key == "room":
            ordered.update(keys)
    ordered.update({k: v for k, v in keys.items() if k not in ordered})
    return replace(talk, extra=ordered)


def _iso_moment(text: str) -> dt.datetime | None:
    """`2024-05-14T09:30`, `2024-05-14 09:30:00+02:00`, `...Z`: a date and time in ISO 8601."""
    value = text.strip()
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", value
    ):
        return None
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _split(text: str) -> list[str]:
    """People in a cell: `;`, a new line, `&`, `and` (in the corpus' languages), `|`, `/`;
    commas too when every part reads as a name; never inside brackets (`(CTO & Founder)`)."""
    groups: list[str] = []

    def masked(match: re.Match[str]) -> str:
        groups.append(match[0])
        return f"\x00{len(groups) - 1}\x00"

    def unmasked(piece: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: groups[int(m[1])], piece)

    parts: list[str] = []
    for piece in _SPEAKER_SPLIT.split(re.sub(r"\([^()]*\)", masked, text)):
        if not piece.strip():
            continue
        commas = [unmasked(c) for c in piece.split(",") if c.strip()]
        if len(commas) > 1 and all(_is_name(c) for c in commas):
            parts += commas
        else:
            parts.append(unmasked(piece))
    return [one_line(p) for p in parts if one_line(p)]


def _is_name(text: str) -> bool:
    words = re.sub(r"\([^)]*\)", "", text).split()
    return (
        2 <= len(words) <= 5
        and all(w[0].isupper() for w in words if w[0].isalpha())
        and not has_role_word(text)
    )


def _speakers(names: str, roles: str, companies: str) -> list[Speaker]:
    people = [Speaker.parse(part) for part in _split(names)]
    if not people:
        return []
    role_parts = _split(roles) if roles else []
    company_parts = [one_line(c) for c in re.split(r"\s*(?:;|\n|\|)\s*", companies) if c.strip()]
    if len(company_parts) != len(people) and len(company_parts) > 1:
        company_parts = [one_line(companies)]
    if len(role_parts) != len(people):
        role_parts = [one_line(roles)] if roles else []
    out = []
    for number, person in enumerate(people):
        company = company_parts[number if len(company_parts) > 1 else 0] if company_parts else ""
        role = role_parts[number if len(role_parts) > 1 else 0] if role_parts else ""
        if person.company and not person.role and has_role_word(person.company):
            person = Speaker(person.name, person.company)  # "Ann Lee (CTO)": a role
        out.append(Speaker(person.name, person.role or role, person.company or company))
    return out
