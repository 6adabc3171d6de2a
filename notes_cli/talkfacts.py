"""The facts of one talk's time and place as the index stores them (`facts_of`), and the start
as written: what a build needs of timetable.py, without its slots, zones and plans (a note read
for the index loads this alone)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .model import Event, Talk


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return next((_text(item) for item in value if _text(item)), "")
    return " ".join(str(value).split())


def facts_of(event: Event, talk: Talk) -> dict[str, Any]:
    """What a plan needs of one talk, as plain values (stored in the index as they are)."""
    extra = talk.extra
    links = extra.get("links") or extra.get("url") or extra.get("link") or ""
    one_day = not event.end_date or event.end_date == event.date
    return {
        "start": _text(extra.get("start")),
        "zone": _text(extra.get("timezone")) or _text(event.extra.get("timezone")),
        "day": event.date.isoformat() if one_day else "",
        "duration": _text(extra.get("duration")),
        "room": _text(extra.get("room")),
        "venue": _text(extra.get("venue")),
        "starred": extra.get("starred") is True,
        "cancelled": extra.get("cancelled") is True,
        "written": bool(talk.notes.strip()),
        "link": _text(links),
        "code": _text(extra.get("code")),
    }


def parsed_start(text: str) -> dt.datetime | None:
    """A start as written (its offset if it has one, naive otherwise), without looking up any
    zone; None when it is no date and time."""
    try:
        return iso_time(split_zone(text)[0])
    except ValueError:
        return None


def rough_start(facts: Mapping[str, Any]) -> dt.datetime | None:
    """The start as a naive time near its instant (UTC for a time with an offset, the clock
    time otherwise), for the index's range queries: within hours of the truth, no zone needed."""
    when = parsed_start(str(facts.get("start") or ""))
    if when is None:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    return when.replace(tzinfo=None)


_ZONE_AFTER = re.compile(r"^(.*?\d)\s*(?:\[([^\]]+)\]|\s([A-Za-z][\w+\-]*(?:/[\w+\-]+)+|UTC|GMT))$")


def split_zone(text: str) -> tuple[str, str]:
    """`2019-08-21 11:00 Europe/Berlin` -> (`2019-08-21 11:00`, `Europe/Berlin`)."""
    match = _ZONE_AFTER.match(text.strip())
    if not match:
        return text.strip(), ""
    return match[1], match[2] or match[3]


def iso_time(text: str, day: str = "") -> dt.datetime | None:
    """A date and time in ISO 8601 (a space for the T, Z for UTC, seconds optional), or a
    time alone on `day`; None for no text or a date without a time. ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        dt.date.fromisoformat(text)  # a day without a time: the time is unknown
        return None
    if re.fullmatch(r"\d{1,2}[:.h]\d{2}", text):
        if not day:
            raise ValueError("a time without a day")
        hours, minutes = re.split(r"[:.h]", text)
        return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(int(hours), int(minutes)))
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0200 -> +02:00 (Python 3.10)
    return dt.datetime.fromisoformat(text)
