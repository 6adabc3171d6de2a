"""Dates in a post's words: the event's day, or days, in the languages of the writeups we read.

`dates_in` finds ISO dates (2019-05-14), day-first numeric dates (14.05.2019, 14/05/2019) and
dates with month names in English, French, German, Spanish, Portuguese, Italian, Dutch,
Swedish, Norwegian and Finnish, with or without a weekday, ordinal or year ("Thursday, 30
January 2020", "May 14-16, 2019", "18th-21st of April", "entre le 20 et le 22 avril 2016"),
and ranges with their end day. A date without a year takes the year the post gives elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv januar jänner enero janeiro gennaio januari tammikuu",
        "february feb février fevrier févr februar febrero fevereiro febbraio februari helmikuu",
        "march mar mars märz maerz marzo março marco maart maaliskuu",
        "april apr avril abril aprile huhtikuu",
        "may mai mayo maio maggio maj mei toukokuu",
        "june jun juin juni junio junho giugno kesäkuu",
        "july jul juillet juli julio julho luglio heinäkuu",
        "august aug août aout agosto augusti augustus elokuu",
        "september sep sept septembre septiembre setiembre setembro settembre syyskuu",
        "october oct octobre oktober octubre outubro ottobre lokakuu",
        "november nov novembre noviembre novembro marraskuu",
        "december dec décembre decembre dezember diciembre dezembro dicembre desember joulukuu",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

# Any word where a month name stands, checked against _MONTHS after the match: one alternation
# of 120 names in four patterns made the module slow to import.
_MONTH = r"[^\W\d_]{3,12}\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|er|e|ème|º|\.)?"
_YEAR = r"(?:19[7-9]\d|20\d\d)"
_TO = r"\s*(?:-|–|—|/|&|to|through|thru|till|until|au|à|bis|al|a|y|e|et|and|och|og|tot|tem)\s*(?:le\s+|el\s+|den\s+)?"
_WEEKDAY = r"(?:[a-zà-ÿ]+day|[a-zà-ÿ]+di|dimanche|[a-zäöå]+tag|[a-zäöå]+dag|[a-zàé]+-feira|sábado|domingo|lunes|martes|miércoles|jueves|viernes)"

_PATTERNS = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>{_YEAR})\b")),
    (
        "m d",
        re.compile(
            rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:(?:{_TO})(?P<d2>{_DAY})(?!\s*{_MONTH}))?(?:,?\s+(?P<y>{_YEAR}))?(?![\d:])",
            re.I,
        ),
    ),
    (
        "d m",
        re.compile(
            rf"\b(?:(?:entre|du|from|vom|von|del|de|från|fra)\s+)?(?:le\s+|el\s+|den\s+)?(?P<d>{_DAY})(?:(?:{_TO})(?P<d2>{_DAY}))?"
            rf"(?:\s+(?:of|de|di))?\s+(?P<mon>{_MONTH})(?:,?\s+(?:de\s+)?(?P<y>{_YEAR}))?\b",
            re.I,
        ),
    ),
]
_AMBIGUOUS = {
    "may",
    "mar",
    "jan",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "feb",
    "apr",
    "sept",
}
_PUBLISHED = re.compile(
    r"\b(?:published|posted|updated|written|publié|veröffentlicht|publicado|publicerad|publisert)\b[^.\n]{0,30}$",
    re.I,
)


@dataclass(frozen=True)
class Found:
    start: dt.date
    end: dt.date | None
    at: int  # position in the text
    has_year: bool
    published: bool  # "Published June 2, 2017": the post's date, not the event's


def dates_in(text: str, year: int | None = None) -> list[Found]:
    """Every date in `text`, in order; those without a year take `year` (or are skipped)."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            month = match.groupdict().get("mon") or ""
            if month.islower() and month.rstrip(".") in _AMBIGUOUS:
                continue  # "you may 2x it": an English month name is written with a capital
            date = _date(kind, match, year)
            if date:
                taken.append((match.start(), match.end()))
                published = bool(
                    _PUBLISHED.search(text[max(0, match.start() - 40) : match.start()])
                )
                found.append(Found(date[0], date[1], match.start(), bool(match["y"]), published))
    return sorted(found, key=lambda f: f.at)


def _date(
    kind: str, match: re.Match[str], year: int | None
) -> tuple[dt.date, dt.date | None] | None:
    y = int(match["y"]) if match["y"] else year
    if y is None:
        return None
    if kind in ("iso", "dmy"):
        month, day = int(match["m"]), int(match["d"])
        if kind == "dmy" and month > 12 and day <= 12:
            month, day = day, month
        return _make(y, month, day, None)
    name = match["mon"].lower().rstrip(".")
    named = _MONTHS.get(name.removesuffix("ta") if name.endswith("kuuta") else name)
    if named is None:
        return None
    month = named
    day = int(re.match(r"\d+", match["d"])[0])  # type: ignore[index]
    end = int(re.match(r"\d+", match["d2"])[0]) if match["d2"] else None  # type: ignore[index]
    return _make(y, month, day, end)


def _make(
    year: int, month: int, day: int, end: int | None
) -> tuple[dt.date, dt.date | None] | None:
    try:
        start = dt.date(year, month, day)
        last = dt.date(year, month, end) if end and end > day else None
    except ValueError:
        return None
    return start, last


def date_in_name(name: str) -> dt.date | None:
    match = re.search(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", name)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def year_in(text: str) -> int | None:
    match = re.search(rf"\b({_YEAR})\b", text)
    return int(match[1]) if match else None


def event_dates(
    published: dt.date | None, title: str, head: str, year_hint: int | None
) -> tuple[dt.date | None, dt.date | None]:
    """The event's first and last day: a date the title or the post's opening gives for the
    event, when it lies before the post was published (writeups follow events) and in the
    year the title names, if it names one (a page copied from last year's keeps last year's
    dates), else the date the post was published; "yesterday" counts from that."""
    named = year_in(title)
    year = named or (published.year if published else None) or year_hint
    if published is None:
        stated = [f for f in dates_in(head, year) if f.published]
        published = stated[0].start if stated else None
    for text in (title, head):
        for found in dates_in(text, year):
            if found.published or (named and found.start.year != named):
                continue
            if published is None or published - dt.timedelta(
                days=400
            ) <= found.start <= published + dt.timedelta(days=7):
                return found.start, found.end
    if published and re.search(
        r"\byesterday\b|\bhier\b|\bgestern\b|\bayer\b|\bontem\b|\bigår\b|\bi går\b",
        head[:600],
        re.I,
    ):
        return published - dt.timedelta(days=1), None
    if published:
        return published, None
    in_text = [
        f for f in dates_in(head, year) if f.has_year and (not named or f.start.year == named)
    ]
    return (in_text[0].start, in_text[0].end) if in_text else (None, None)
