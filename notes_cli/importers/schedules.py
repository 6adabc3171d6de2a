"""Conference schedules read into note drafts: one schedule, one conference, its talks prefilled.

Five formats: frab/pretalx `schedule.json` and `schedule.xml` (the C3VOC schema), Sessionize's
"All" export, iCalendar, and the AWS re:Invent session catalogue (a JSON array of sessions).
Every reader ends in the same shape: talks with speakers, topic tags, format and track, and the
schedule's own facts in `Talk.extra` under "code", "room", "start", "duration", "links" and
"abstract", in that order, so the note keeps them. A talk's notes stay empty: they are the user's.

Schedules come from other people's servers. A value of the wrong type, a file cut short, a broken
calendar line or an XML entity declaration is an ImportFailed naming the file and what is wrong,
never a traceback. Guessing is kept small: a Sessionize `tagLine` gives a role and a company only
when it reads like one, and a talk's format is set only when the schedule names it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from notes_cli.errors import ImportFailed
from notes_cli.importers.people import has_role_word
from notes_cli.model import Draft, Speaker, Talk

FORMATS = ("frab-json", "frab-xml", "sessionize", "ical", "reinvent")

_LABELS = {
    "frab-json": "frab/pretalx schedule.json",
    "frab-xml": "frab schedule.xml",
    "sessionize": "Sessionize export",
    "ical": "iCalendar file",
    "reinvent": "re:Invent session catalogue",
}

_BOM = b"\xef\xbb\xbf"


# --- which format -----------------------------------------------------------------------------


def detect(path: Path, data: bytes) -> str | None:
    """The schedule format of a file ("frab-json", "frab-xml", "sessionize", "ical", "reinvent"),
    or None if it is not a schedule (then it is treated as a blog post).

    Decided by the content; the extension only counts for `.ics` files. Never raises.
    """
    head = data[:8192].removeprefix(_BOM).lstrip()
    if head[:15].upper() == b"BEGIN:VCALENDAR" or path.suffix.lower() in (".ics", ".ical"):
        return "ical"
    if head.startswith(b"<"):
        return "frab-xml" if _xml_root_name(head) == "schedule" else None
    if head[:1] in (b"{", b"["):
        try:
            document = _json(data)
        except (ValueError, RecursionError):
            # Cut short or damaged: still a schedule if its start reads like one, so that
            # reading it says what is wrong instead of importing it as a post.
            return _json_kind_by_head(head.decode("utf-8", "replace"))
        return _json_kind(document)
    return None


def _xml_root_name(head: bytes) -> str:
    """The name of the first element in the start of an XML file (after its declaration,
    comments and DOCTYPE), without a namespace prefix; "" if there is none."""
    text = head.decode("utf-8", "replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", "", text, flags=re.S | re.I)
    match = re.search(r"<([A-Za-z_][\w.:-]*)", text)
    return match[1].rpartition(":")[2] if match else ""


def _json_kind(document: Any) -> str | None:
    if isinstance(document, dict):
        if "schedule" in document:
            return "frab-json"
        if "sessions" in document and "speakers" in document:
            return "sessionize"
        return None
    if (
        isinstance(document, list)
        and document
        and isinstance(document[0], dict)
        and "code" in document[0]
        and "title" in document[0]
    ):
        return "reinvent"
    return None


def _json_kind_by_head(head: str) -> str | None:
    if head.startswith("{"):
        if re.search(r'"schedule"\s*:\s*\{', head):
            return "frab-json"
        if re.search(r'"sessions"\s*:\s*\[', head) and re.search(r'"speakers"\s*:', head):
            return "sessionize"
        return None
    if re.match(r"\[\s*\{", head) and re.search(r'"code"\s*:', head) and '"title"' in head:
        return "reinvent"
    return None


def _json(data: bytes) -> Any:
    """The parsed JSON document; ValueError (or RecursionError when nested absurdly deep)."""
    return json.loads(data.removeprefix(_BOM))


# --- reading ----------------------------------------------------------------------------------


def read_schedule(path: Path, data: bytes, kind: str) -> list[Draft]:
    """One conference event per schedule (normally a list of one Draft). Raises
    ImportFailed(path, "what is wrong and what to do") for a truncated/invalid file, never
    another exception."""
    reader = _READERS.get(kind)
    if reader is None:
        raise ImportFailed(
            path, f"'{kind}' is not a schedule format notes reads ({', '.join(FORMATS)})"
        )
    try:
        return [reader(path, data)]
    except _Malformed as exc:
        raise ImportFailed(
            path,
            f"is not a valid {_LABELS[kind]}: {exc.where} should be {exc.expected}, not "
            f"{exc.found}; fix that value or export the schedule again",
        ) from exc


class _Malformed(Exception):
    """A value of the wrong kind in a schedule: where it is, what it should be, what it is."""

    def __init__(self, where: str, expected: str, value: Any) -> None:
        super().__init__(where)
        self.where = where
        self.expected = expected
        self.found = _described(value)


def _described(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _Malformed(where, "a mapping", value)


def _optional_mapping(value: Any, where: str) -> dict[str, Any]:
    """A mapping; a missing value (null) is an empty one."""
    return {} if value is None else _mapping(value, where)


def _list(value: Any, where: str) -> list[Any]:
    """A list; a missing value (null) is an empty one."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise _Malformed(where, "a list", value)


def _text(value: Any, where: str) -> str:
    """Text; a missing value is "", a number its digits (ids are numbers in some exports)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _Malformed(where, "text", value)


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise _Malformed(where, "a number", value)


def _field(record: dict[str, Any], key: str, where: str) -> str:
    """The text under `key` of a JSON record."""
    return _text(record.get(key), f"{where}.{key}" if where else key)


def _date(text: str, where: str) -> dt.date | None:
    """The date at the start of `text` (a date or a date and time), None for no text."""
    if not text.strip():
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", text)
    if match:
        try:
            return dt.date.fromisoformat(match[1])
        except ValueError:
            pass
    raise _Malformed(where, "a date (YYYY-MM-DD)", text)


def _datetime(text: str, where: str) -> dt.datetime | None:
    """An ISO 8601 date and time, with its offset when it has one; None for no text."""
    if not text.strip():
        return None
    value = text.strip()
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise _Malformed(where, "a date and time (YYYY-MM-DDTHH:MM)", text) from None


@dataclass(frozen=True)
class _FrabDay:
    """A frab schedule day: its date, and when it starts (with the schedule's offset)."""

    date: dt.date | None
    start: dt.datetime | None


def _clock(day: _FrabDay, text: str, where: str) -> dt.datetime | None:
    """The time of a talk given only as `HH:MM` on a schedule day. A frab day runs past
    midnight: a time before the day's start is on the next date. It takes the offset of the
    day's start, when the schedule gives one."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*", text)
    if day.date is None or not text.strip():
        return None
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Malformed(where, "a time (HH:MM)", text)
    when = dt.datetime.combine(day.date, dt.time(int(match[1]), int(match[2])))
    if day.start is not None:
        if when < day.start.replace(tzinfo=None):
            when += dt.timedelta(days=1)
        when = when.replace(tzinfo=day.start.tzinfo)
    return when


def _minutes(text: str, where: str) -> int | None:
    """Minutes from a frab duration (`HH:MM`, `HH:MM:SS`); None for no text."""
    if not text.strip():
        return None
    match = re.fullmatch(r"\s*(\d{1,3}):(\d{2})(?::(\d{2}))?\s*", text)
    if not match:
        raise _Malformed(where, "a duration (HH:MM)", text)
    return int(match[1]) * 60 + int(match[2])


def _minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None):
        return None
    minutes = int((end - start).total_seconds() // 60)
    return minutes if minutes > 0 else None


def _json_or_fail(path: Path, data: bytes) -> Any:
    try:
        return _json(data)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            path,
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "the file may be cut short: download or export it again",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(path, "is not UTF-8 text: re-save it as UTF-8") from exc
    except RecursionError as exc:
        raise ImportFailed(path, "is JSON nested too deeply to be a schedule") from exc
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise ImportFailed(path, f"is not valid JSON ({exc})") from exc


# --- the shape every reader ends in -----------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """A talk, when it starts (None when the schedule does not say) and the day it belongs to."""

    talk: Talk
    start: dt.datetime | None = None
    day: dt.date | None = None


def _draft(
    path: Path,
    *,
    title: str,
    slots: list[_Slot],
    days: Iterable[dt.date] = (),
    location: str = "",
    url: str = "",
) -> Draft:
    """The conference: its days span the schedule's days and its talks', talks by start time."""
    if not slots:
        raise ImportFailed(
            path, "holds no talks: nothing to import (is it the whole schedule export?)"
        )
    known = sorted({*days, *(slot.day for slot in slots if slot.day)})
    if not known:
        raise ImportFailed(
            path,
            "gives no date for any talk, so the conference's date is unknown; "
            "export the schedule again once its talks have times",
        )
    return Draft(
        title=title,
        date=known[0],
        end_date=known[-1] if known[-1] != known[0] else None,
        kind="conference",
        location=location,
        url=url,
        talks=tuple(slot.talk for slot in sorted(slots, key=_start_key)),
    )


def _start_key(slot: _Slot) -> tuple[int, dt.datetime]:
    """Talks in time order (the sort is stable: same time keeps the schedule's room order),
    talks without a time at the end. Times with an offset compare in UTC."""
    when = slot.start
    if when is None and slot.day is not None:
        when = dt.datetime.combine(slot.day, dt.time())
    if when is None:
        return (1, dt.datetime.min)
    if when.tzinfo is not None and when.utcoffset() is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return (0, when.replace(tzinfo=None))


def _talk(
    *,
    title: str,
    speakers: Iterable[Speaker] = (),
    tags: Iterable[str] = (),
    talk_format: str = "",
    track: str = "",
    code: str = "",
    room: str = "",
    start: dt.datetime | dt.date | None = None,
    duration: int | None = None,
    links: Iterable[str] = (),
    abstract: str = "",
) -> Talk:
    """A talk, its schedule facts in `extra` in the order the note shows them."""
    extra: dict[str, Any] = {}
    if code := _one_line(code):
        extra["code"] = code
    if room := _one_line(room):
        extra["room"] = room
    if start is not None:
        extra["start"] = _iso(start)
    if duration:
        extra["duration"] = duration
    if unique_links := _unique(link for link in links if _is_http(link)):
        extra["links"] = unique_links
    if abstract:
        extra["abstract"] = abstract
    return Talk(
        title=title,
        speakers=tuple(speaker for speaker in speakers if speaker.name),
        tags=tuple(_unique(_one_line(tag) for tag in tags)),
        format=talk_format or _format_in_title(title),
        track=_one_line(track),
        extra=extra,
    )


def _iso(when: dt.datetime | dt.date) -> str:
    """`2019-08-21T11:00+02:00` (minutes, the offset when known), or a bare date."""
    if isinstance(when, dt.datetime):
        return when.isoformat(timespec="minutes")
    return when.isoformat()


def _unique(values: Iterable[str]) -> list[str]:
    """The non-empty values, first occurrence of each, in order."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def _is_http(url: str) -> bool:
    return bool(re.match(r"https?://\S+$", url))


def _absolute(url: str, base_url: str) -> str:
    """A link as an absolute URL: frab gives attachments relative to the schedule's base_url."""
    url = url.strip()
    if not url or _is_http(url) or not base_url:
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:  # a base_url urllib cannot split ("http://[::1")
        return ""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _one_line(text: str) -> str:
    """Whitespace collapsed, control characters dropped: a title, a name, a room."""
    return " ".join(_CONTROL.sub("", text).split())


_HTML = re.compile(
    r"</?(?:a|p|br|div|span|ul|ol|li|em|strong|b|i|u|code|pre|h[1-6]|blockquote|img|table|tr|td)\b[^<>]*>",
    re.I,
)
_HTML_LINK = re.compile(
    r"""<a\b[^<>]*?\bhref\s*=\s*["']([^"'<>]*)["'][^<>]*>([^<]*)</a\s*>""", re.I
)
_HTML_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_HTML_BREAK = re.compile(r"<(?:br|/li)\b[^<>]*>", re.I)
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|ul|ol|h[1-6]|blockquote|pre|table|tr)\b[^<>]*>|<br\s*/\s*>", re.I
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _clean_text(*parts: str) -> str:
    """Descriptions as plain text, paragraphs kept: HTML tags removed (a link keeps its address
    beside its words), entities decoded, CRLF and runs of blank lines tidied. Parts that say the
    same thing twice (an abstract repeated as the description) are kept once."""
    cleaned: list[str] = []
    for part in parts:
        text = _html_as_text(part) if _HTML.search(part) else part
        lines = [line.rstrip() for line in _CONTROL.sub("", text).replace("\r\n", "\n").split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if text and text not in cleaned:
            cleaned.append(text)
    return "\n\n".join(cleaned)


def _html_as_text(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        url, words = html.unescape(match[1]).strip(), match[2]
        return f"{words} ({url})" if _is_http(url) and url not in words else words

    text = re.sub(r"\s+", " ", text)  # in HTML a line break is a space; tags make the breaks
    text = _HTML_LINK.sub(link, text)
    text = _HTML_ITEM.sub("\n- ", text)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_BLOCK.sub("\n\n", text)
    text = html.unescape(_HTML_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n"))


# Checked in this order: "Lightning talk" is lightning, not talk; "Keynote session" a keynote.
_FORMAT_WORDS = (
    (re.compile(r"\bkeynote", re.I), "keynote"),
    (re.compile(r"\blightning", re.I), "lightning"),
    (re.compile(r"\bpanel", re.I), "panel"),
    (re.compile(r"\b(?:workshop|bootcamp|hands[- ]?on|tutorial|training)", re.I), "workshop"),
    (re.compile(r"\bsession", re.I), "session"),
    (re.compile(r"\b(?:talk|lecture|presentation)", re.I), "talk"),
)


def _format(kind: str) -> str:
    """The note format a schedule's session type names ("Breakout session" -> session), or ""."""
    for pattern, name in _FORMAT_WORDS:
        if pattern.search(kind):
            return name
    return ""


_TITLE_FORMAT = re.compile(
    r"^(keynote|workshop|panel)\s*[:\-–—]|\b(keynote|workshop|panel)(?: discussion)?\W*$", re.I
)


def _format_in_title(title: str) -> str:
    """A format the title itself announces ("Opening Keynote", "Workshop: …"), or ""."""
    match = _TITLE_FORMAT.search(title)
    return (match[1] or match[2]).lower() if match else ""


_TLD = re.compile(r"\.(?:com|org|net|io|dev|info|eu|co|uk|de|fr|app|events?)(?![a-z0-9])", re.I)
_GENERIC_WORDS = frozenset(
    "all calendar export fahrplan frab ical ics json pretalx schedule sessionize sessions www xml".split()  # noqa: SIM905
)


def _title_from_name(path: Path) -> str:
    """A readable title from a file name, for formats that carry none
    (`ndc-oslo-2024_sessionize.json` -> "Ndc Oslo 2024")."""
    words = [
        word
        for word in re.split(r"[\W_]+", _TLD.sub(" ", path.stem))
        if word and word.lower() not in _GENERIC_WORDS
    ]
    return " ".join(word.capitalize() if word.islower() else word for word in words) or "Conference"


# --- frab / pretalx ---------------------------------------------------------------------------


def _frab_json(path: Path, data: bytes) -> Draft:
    root = _mapping(_json_or_fail(path, data), "the file")
    schedule = _mapping(root.get("schedule"), "schedule")
    where = "schedule.conference"
    conference = _mapping(schedule.get("conference"), where)
    base_url = _field(schedule, "base_url", "schedule")
    days: list[dt.date] = []
    slots: list[_Slot] = []
    for day_index, day_value in enumerate(_list(conference.get("days"), f"{where}.days")):
        day_where = f"{where}.days[{day_index}]"
        day = _mapping(day_value, day_where)
        frab_day = _FrabDay(
            _date(_field(day, "date", day_where), f"{day_where}.date"),
            _datetime(_field(day, "day_start", day_where), f"{day_where}.day_start"),
        )
        if frab_day.date:
            days.append(frab_day.date)
        for room, events in _optional_mapping(day.get("rooms"), f"{day_where}.rooms").items():
            room_where = f"{day_where}.rooms.{room}"
            for index, value in enumerate(_list(events, room_where)):
                slot = _frab_json_slot(value, f"{room_where}[{index}]", room, frab_day, base_url)
                if slot:
                    slots.append(slot)
    if not days:
        days = [
            known
            for key in ("start", "end")
            if (known := _date(_field(conference, key, where), f"{where}.{key}"))
        ]
    location = ", ".join(
        part
        for part in (_one_line(_field(conference, key, where)) for key in ("venue", "city"))
        if part
    )
    return _draft(
        path,
        title=_one_line(_field(conference, "title", where))
        or _one_line(_field(conference, "acronym", where))
        or _title_from_name(path),
        slots=slots,
        days=days,
        location=location,
        url=next(
            (url for url in (_field(conference, "url", where), base_url) if _is_http(url)), ""
        ),
    )


def _frab_json_slot(
    value: Any, where: str, room: str, day: _FrabDay, base_url: str
) -> _Slot | None:
    event = _mapping(value, where)
    title = _one_line(_field(event, "title", where))
    if not title:
        return None
    start = _datetime(_field(event, "date", where), f"{where}.date") or _clock(
        day, _field(event, "start", where), f"{where}.start"
    )
    duration = _minutes(_field(event, "duration", where), f"{where}.duration")
    if duration is None:
        duration = _minutes_between(start, _datetime(_field(event, "end", where), f"{where}.end"))
    speakers = []
    for index, person in enumerate(_list(event.get("persons"), f"{where}.persons")):
        person_where = f"{where}.persons[{index}]"
        if isinstance(person, str):
            speakers.append(Speaker(_one_line(person)))
            continue
        record = _mapping(person, person_where)
        name = next(
            (
                _one_line(_field(record, key, person_where))
                for key in ("name", "public_name", "full_public_name")
                if _field(record, key, person_where).strip()
            ),
            "",
        )
        speakers.append(Speaker(name))
    links = [_field(event, "url", where)]
    for key in ("links", "attachments"):
        for index, link in enumerate(_list(event.get(key), f"{where}.{key}")):
            link_where = f"{where}.{key}[{index}]"
            if not isinstance(link, str):
                link = _field(_mapping(link, link_where), "url", link_where)
            links.append(_absolute(link, base_url))
    return _Slot(
        _talk(
            title=title,
            speakers=speakers,
            talk_format=_format(_field(event, "type", where)),
            track=_field(event, "track", where),
            code=_field(event, "code", where),
            room=_field(event, "room", where) or room,
            start=start,
            duration=duration,
            links=links,
            abstract=_clean_text(
                _field(event, "subtitle", where),
                _field(event, "abstract", where),
                _field(event, "description", where),
            ),
        ),
        start=start,
        day=day.date or (start.date() if start else None),
    )


def _frab_xml(path: Path, data: bytes) -> Draft:
    # defusedxml, never xml.etree: an entity declaration could expand to gigabytes
    # ("billion laughs") or pull in a local file; defusedxml refuses both before expanding.
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise ImportFailed(
            path,
            "declares XML entities, and notes refuses XML entity declarations (they can expand "
            "without bound or read local files): remove the <!DOCTYPE …> part and import again",
        ) from exc
    except (ParseError, ValueError) as exc:
        raise ImportFailed(
            path,
            f"is not well-formed XML ({exc}); the file may be cut short: download it again",
        ) from exc
    name = str(root.tag).rpartition("}")[2]
    if name != "schedule":
        raise ImportFailed(path, f"is XML whose root is <{name}>, not a frab <schedule>")
    conference = root.find("conference")
    base_url = (conference.findtext("base_url") if conference is not None else None) or ""
    days: list[dt.date] = []
    slots: list[_Slot] = []
    for day_index, day_element in enumerate(root.findall("day"), start=1):
        day_where = f'<day index="{day_element.get("index") or day_index}">'
        frab_day = _FrabDay(
            _date(day_element.get("date") or "", f"{day_where} date"),
            _datetime(day_element.get("start") or "", f"{day_where} start"),
        )
        if frab_day.date:
            days.append(frab_day.date)
        for room_element in day_element.findall("room"):
            for event in room_element.findall("event"):
                slot = _frab_xml_slot(event, room_element.get("name") or "", frab_day, base_url)
                if slot:
                    slots.append(slot)

    def conference_text(key: str) -> str:
        return (conference.findtext(key) if conference is not None else None) or ""

    if not days:
        days = [
            known
            for key in ("start", "end")
            if (known := _date(conference_text(key), f"<conference> <{key}>"))
        ]
    return _draft(
        path,
        title=_one_line(conference_text("title"))
        or _one_line(conference_text("acronym"))
        or _title_from_name(path),
        slots=slots,
        days=days,
        location=", ".join(
            part for part in (_one_line(conference_text(key)) for key in ("venue", "city")) if part
        ),
        url=next((url for url in (conference_text("url"), base_url) if _is_http(url)), ""),
    )


def _frab_xml_slot(event: Any, room: str, day: _FrabDay, base_url: str) -> _Slot | None:
    def text(key: str) -> str:
        return str(event.findtext(key) or "")

    title = _one_line(text("title"))
    if not title:
        return None
    where = f'<event id="{event.get("id") or ""}"> ({title[:40]})'
    start = _datetime(text("date"), f"{where} <date>") or _clock(
        day, text("start"), f"{where} <start>"
    )
    links = [text("url")]
    for element in (*event.findall("links/link"), *event.findall("attachments/attachment")):
        links.append(_absolute(element.get("href") or "", base_url))
    return _Slot(
        _talk(
            title=title,
            speakers=[
                Speaker(_one_line(person.text or "")) for person in event.findall("persons/person")
            ],
            talk_format=_format(text("type")),
            track=text("track"),
            code=event.get("code") or "",
            room=text("room") or room,
            start=start,
            duration=_minutes(text("duration"), f"{where} <duration>"),
            links=links,
            abstract=_clean_text(text("subtitle"), text("abstract"), text("description")),
        ),
        start=start,
        day=day.date or (start.date() if start else None),
    )


# --- Sessionize -------------------------------------------------------------------------------


def _sessionize(path: Path, data: bytes) -> Draft:
    document = _mapping(_json_or_fail(path, data), "the file")
    speakers: dict[str, Speaker] = {}
    for index, value in enumerate(_list(document.get("speakers"), "speakers")):
        where = f"speakers[{index}]"
        record = _mapping(value, where)
        name = _one_line(_field(record, "fullName", where)) or _one_line(
            f"{_field(record, 'firstName', where)} {_field(record, 'lastName', where)}"
        )
        role, company = _role_and_company(_field(record, "tagLine", where))
        speakers[_field(record, "id", where)] = Speaker(name, role, company)

    # Category items by id: what the group is used for ("Track", "Session format", "Level",
    # topics) and the item's name.
    categories: dict[str, tuple[str, str]] = {}
    for index, value in enumerate(_list(document.get("categories"), "categories")):
        where = f"categories[{index}]"
        group = _mapping(value, where)
        use = _category_use(_field(group, "title", where), _field(group, "type", where))
        for item_index, item in enumerate(_list(group.get("items"), f"{where}.items")):
            item_where = f"{where}.items[{item_index}]"
            record = _mapping(item, item_where)
            categories[_field(record, "id", item_where)] = (use, _field(record, "name", item_where))

    rooms: dict[str, str] = {}
    for index, value in enumerate(_list(document.get("rooms"), "rooms")):
        record = _mapping(value, f"rooms[{index}]")
        rooms[_field(record, "id", f"rooms[{index}]")] = _field(record, "name", f"rooms[{index}]")

    slots: list[_Slot] = []
    for index, value in enumerate(_list(document.get("sessions"), "sessions")):
        slot = _sessionize_slot(
            _mapping(value, f"sessions[{index}]"), f"sessions[{index}]", speakers, categories, rooms
        )
        if slot:
            slots.append(slot)
    return _draft(path, title=_title_from_name(path), slots=slots)


def _sessionize_slot(
    session: dict[str, Any],
    where: str,
    speakers: dict[str, Speaker],
    categories: dict[str, tuple[str, str]],
    rooms: dict[str, str],
) -> _Slot | None:
    title = _one_line(_field(session, "title", where))
    if not title or session.get("isServiceSession") is True:  # breaks, lunch, registration
        return None
    start = _datetime(_field(session, "startsAt", where), f"{where}.startsAt")
    end = _datetime(_field(session, "endsAt", where), f"{where}.endsAt")
    talk_speakers = []
    for index, value in enumerate(_list(session.get("speakers"), f"{where}.speakers")):
        speaker_where = f"{where}.speakers[{index}]"
        if isinstance(value, dict):  # the "Sessions" export: {id, name}
            key, name = _field(value, "id", speaker_where), _field(value, "name", speaker_where)
            talk_speakers.append(speakers.get(key) or Speaker(_one_line(name)))
        else:
            key = _text(value, speaker_where)
            talk_speakers.append(speakers.get(key) or Speaker(""))
    chosen: dict[str, list[str]] = {"track": [], "format": [], "tag": []}
    for index, value in enumerate(_list(session.get("categoryItems"), f"{where}.categoryItems")):
        use, name = categories.get(_text(value, f"{where}.categoryItems[{index}]"), ("", ""))
        if use in chosen and _one_line(name):
            chosen[use].append(_one_line(name))
    formats = {_format(name) for name in chosen["format"]} - {""}
    room = _field(session, "room", where) or rooms.get(_field(session, "roomId", where), "")
    return _Slot(
        _talk(
            title=title,
            speakers=talk_speakers,
            tags=chosen["tag"],
            # Two different session types ticked: the schedule does not say which it is.
            talk_format=formats.pop() if len(formats) == 1 else "",
            track=chosen["track"][0] if chosen["track"] else "",
            room=room,
            start=start,
            duration=_minutes_between(start, end),
            links=[_field(session, key, where) for key in ("liveUrl", "recordingUrl")],
            abstract=_clean_text(_field(session, "description", where)),
        ),
        start=start,
        day=start.date() if start else None,
    )


def _category_use(title: str, kind: str) -> str:
    """What a Sessionize category group holds, by its question: "track", "format", "tag",
    or "" for groups that say nothing about the talk's topic (level, language, speaker ones)."""
    lowered = title.lower()
    if kind.lower() == "speaker":
        return ""
    if "track" in lowered:
        return "track"
    if "format" in lowered or "type" in lowered:
        return "format"
    if any(word in lowered for word in ("level", "audience", "language", "experience")):
        return ""
    return "tag"


_CONNECTORS = frozenset("& and of for the de du la le von van der und y e".split())  # noqa: SIM905
_SEGMENT = re.compile(r"\s*[|•·]\s*")
_AT_SIGN = re.compile(r"\s*@\s*")
_AT_WORD = re.compile(r"\s+at\s+", re.I)
_DASH = re.compile(r"\s[-–—]\s")
_COMMA = re.compile(r"\s*,\s*")
_COMPANY_END = re.compile(r",|;|\||\s/\s|\s[-–—]\s|\(")


def _role_and_company(tag_line: str) -> tuple[str, str]:
    """Role and company from a speaker's free-text tag line, only where it reads like them.

    `Role @ Company`, `Role at Company`, `Role, Company`, `Role - Company` (or `Company, Role`
    when only the second part is a job title), in any `|`-separated part of the line. Otherwise a
    short part that is a job title is the role. Anything else (slogans, lists of awards) gives
    nothing: a wrong company is worse than none.
    """
    text = _one_line(tag_line)
    segments = [segment for segment in _SEGMENT.split(text) if segment]
    for segment in segments:
        for pattern, at_sign in ((_AT_SIGN, True), (_AT_WORD, False)):
            match = pattern.search(segment)
            if match:
                role = segment[: match.start()].strip(" ,-–—")
                company = _company(segment[match.end() :], first_any=at_sign)
                if company and _is_role(role):
                    return role, company
    for segment in segments:
        for separator in (_DASH, _COMMA):
            parts = separator.split(segment)
            if len(parts) != 2:
                continue
            first, second = (part.strip() for part in parts)
            if _is_role(first) and not has_role_word(second) and _company(second) == second:
                return first, second
            if _is_role(second) and not has_role_word(first) and _company(first) == first:
                return second, first
    for segment in segments:
        if _is_role(segment) and len(segment) <= 60:
            return segment, ""
    return "", ""


def _is_name_word(word: str) -> bool:
    """A capitalised word, a number, or a brand with a capital inside (eBay, proMX)."""
    return word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word)


def _is_role(text: str) -> bool:
    return bool(text) and len(text) <= 80 and len(text.split()) <= 12 and has_role_word(text)


def _company(text: str, *, first_any: bool = False) -> str:
    """The name at the start of `text`: up to its first comma, dash, slash or bracket, then its
    leading run of capitalised words ("NetApp working in …" -> "NetApp"). A lower-case first word
    counts only after `@` (handles such as `@dhino`). "" when that is no name of 1-5 words or it
    holds a job title ("Microsoft MVP")."""
    text = _COMPANY_END.split(text, maxsplit=1)[0]
    words = text.split()
    kept: list[str] = []
    for index, word in enumerate(words):
        joins = (
            word.lower() in _CONNECTORS
            and index + 1 < len(words)
            and _is_name_word(words[index + 1])
        )
        if not (_is_name_word(word) or joins or (index == 0 and first_any)):
            break
        kept.append(word)
    if not 1 <= len(kept) <= 5 or has_role_word(" ".join(kept)):
        return ""
    return " ".join(kept)


# --- iCalendar --------------------------------------------------------------------------------


def _ical(path: Path, data: bytes) -> Draft:
    from icalendar import Calendar

    body = data.removeprefix(_BOM)
    if not body.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise ImportFailed(
            path,
            "is cut short or no iCalendar file: it does not end with END:VCALENDAR; "
            "download or export it again",
        )
    try:
        calendars = Calendar.from_ical(body, multiple=True)
    except Exception as exc:  # ValueError mostly, but icalendar versions differ in what they raise
        raise ImportFailed(
            path, f"is not a valid iCalendar file ({_first_line(exc)}); export it again"
        ) from exc
    if not calendars:
        raise ImportFailed(path, "holds no calendar (BEGIN:VCALENDAR … END:VCALENDAR)")
    title = url = ""
    slots: list[_Slot] = []
    for calendar in calendars:
        for component in calendar.walk():
            # icalendar keeps going past a line it cannot read and notes it here: a schedule
            # with a broken line may have lost a talk's time or speaker, so say so instead.
            errors = getattr(component, "errors", None) or []
            if errors:
                prop, message = errors[0] if isinstance(errors[0], tuple) else (None, errors[0])
                where = f" in {prop}" if prop else ""
                raise ImportFailed(
                    path,
                    f"has a broken line{where} ({_first_line(message)}); fix it or export the calendar again",
                )
        title = (
            title or _ical_text(calendar.get("X-WR-CALNAME")) or _ical_text(calendar.get("NAME"))
        )
        url = url or _ical_text(calendar.get("URL"))
        for event in calendar.walk("VEVENT"):
            slot = _ical_slot(event)
            if slot:
                slots.append(slot)
    return _draft(
        path,
        title=title or _title_from_name(path),
        slots=slots,
        url=url if _is_http(url) else "",
    )


def _ical_slot(event: Any) -> _Slot | None:
    title = _ical_text(event.get("SUMMARY"))
    if not title:
        return None
    start = _ical_time(event.get("DTSTART"))
    end = _ical_time(event.get("DTEND"))
    duration: int | None = None
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        duration = _minutes_between(start, end)
    elif isinstance(start, dt.datetime) and event.get("DURATION") is not None:
        length = getattr(event.get("DURATION"), "dt", None)
        if isinstance(length, dt.timedelta) and length.total_seconds() > 0:
            duration = int(length.total_seconds() // 60)
    speakers = [
        Speaker(_one_line(str(attendee.params.get("CN") or "")))
        for attendee in _ical_values(event, "ATTENDEE")
        if getattr(attendee, "params", None) is not None
    ]
    tags: list[str] = []
    for value in _ical_values(event, "CATEGORIES"):
        cats = getattr(value, "cats", None)
        tags += [str(cat) for cat in cats] if isinstance(cats, list) else str(value).split(",")
    # X-ALT-DESC is the HTML form: it keeps the paragraphs that DESCRIPTION often loses.
    alternative = _ical_text(event.get("X-ALT-DESC"), keep_lines=True)
    return _Slot(
        _talk(
            title=title,
            speakers=speakers,
            tags=tags,
            room=_ical_text(event.get("LOCATION")),
            start=start,
            duration=duration,
            links=[_ical_text(url) for url in _ical_values(event, "URL")],
            abstract=_clean_text(
                alternative or _ical_text(event.get("DESCRIPTION"), keep_lines=True)
            ),
        ),
        start=start if isinstance(start, dt.datetime) else None,
        day=start.date() if isinstance(start, dt.datetime) else start,
    )


def _ical_values(component: Any, name: str) -> list[Any]:
    """A property's values: icalendar gives a list when it occurs more than once."""
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _ical_text(value: Any, *, keep_lines: bool = False) -> str:
    if value is None or isinstance(value, list):
        return ""
    text = str(value)
    return _CONTROL.sub("", text).strip() if keep_lines else _one_line(text)


def _ical_time(value: Any) -> dt.datetime | dt.date | None:
    when = getattr(value, "dt", None)
    return when if isinstance(when, dt.date) else None


def _first_line(error: object) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


# --- AWS re:Invent catalogue ------------------------------------------------------------------


def _reinvent(path: Path, data: bytes) -> Draft:
    sessions = _list(_json_or_fail(path, data), "the file")
    years: list[str] = []
    slots: list[_Slot] = []
    for index, value in enumerate(sessions):
        where = f"[{index}]"
        session = _mapping(value, where)
        match = re.search(
            r"reinvent\D{0,3}((?:19|20)\d{2})", _field(session, "eventId", where), re.I
        )
        if match:
            years.append(match[1])
        title = _one_line(_field(session, "title", where))
        if not title:
            continue
        attributes = _optional_mapping(session.get("attributes"), f"{where}.attributes")
        tags: list[str] = []
        for key in ("topics", "areas_of_interest"):
            items = _list(attributes.get(key), f"{where}.attributes.{key}")
            tags += [_text(item, f"{where}.attributes.{key}[{n}]") for n, item in enumerate(items)]
        session_type = _field(session, "type", where)
        if not session_type:
            types = _list(attributes.get("type"), f"{where}.attributes.type")
            session_type = _text(types[0], f"{where}.attributes.type[0]") if types else ""
        length = _number(session.get("length"), f"{where}.length")
        slots.append(
            _Slot(
                _talk(
                    title=title,
                    speakers=[
                        _reinvent_speaker(speaker, f"{where}.speakers[{n}]")
                        for n, speaker in enumerate(
                            _list(session.get("speakers"), f"{where}.speakers")
                        )
                    ],
                    tags=tags,
                    talk_format=_format(session_type),
                    code=_field(session, "code", where),
                    duration=int(length) if length and 0 < length < 100_000 else None,
                    abstract=_clean_text(_field(session, "abstract", where)),
                )
            )
        )
    year = _reinvent_year(path, years, sessions)
    if year is None:
        raise ImportFailed(
            path,
            "does not say which year's re:Invent it lists (no eventId such as "
            "'reinvent2025'): put the year in the file name, e.g. reinvent-2025.json",
        )
    return _draft(path, title=f"AWS re:Invent {year}", slots=slots, days=_reinvent_days(year))


def _reinvent_speaker(value: Any, where: str) -> Speaker:
    record = _mapping(value, where)

    def first(*keys: str) -> str:
        return next((text for key in keys if (text := _one_line(_field(record, key, where)))), "")

    name = first("fullName", "globalFullName") or _one_line(
        f"{first('firstName', 'globalFirstname')} {first('lastName', 'globalLastname')}"
    )
    return Speaker(name, first("jobTitle", "globalJobtitle"), first("companyName", "globalCompany"))


def _reinvent_year(path: Path, years: list[str], sessions: list[Any]) -> int | None:
    """The conference year: from the sessions' eventId, else the file name, else the year the
    catalogue was last modified."""
    if years:
        return int(max(set(years), key=years.count))
    match = re.search(r"(?<!\d)(20\d{2})(?!\d)", path.name)
    if match:
        return int(match[1])
    for session in sessions:
        modified = session.get("modified") if isinstance(session, dict) else None
        if isinstance(modified, str) and re.match(r"20\d{2}-", modified):
            return int(modified[:4])
    return None


def _reinvent_days(year: int) -> tuple[dt.date, dt.date]:
    """The catalogue holds no dates. re:Invent has run Monday to Friday in the week after US
    Thanksgiving (the fourth Thursday of November) every year since 2016 but the online 2020:
    that week stands in, and the user corrects it if the year was different."""
    november_first = dt.date(year, 11, 1)
    thanksgiving = november_first + dt.timedelta(days=(3 - november_first.weekday()) % 7 + 21)
    monday = thanksgiving + dt.timedelta(days=4)
    return monday, monday + dt.timedelta(days=4)


_READERS: dict[str, Callable[[Path, bytes], Draft]] = {
    "frab-json": _frab_json,
    "frab-xml": _frab_xml,
    "sessionize": _sessionize,
    "ical": _ical,
    "reinvent": _reinvent,
}
