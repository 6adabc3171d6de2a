"""When talks happen: a programme's times read from the notes, the plan of the talks a user
starred, and what is on at a moment.

A talk's schedule is in its own keys, as the programme gave them (import writes them, a person
can too):

    start: 2019-08-21T11:00+02:00   # ISO 8601, with the offset when the programme gives one
    duration: 45                    # minutes (or 45m, 1h30, 1:30)
    room: Curie
    venue: Main building            # optional: else the first part of the room's name
    starred: true                   # notes star
    cancelled: true                 # the programme dropped it (notes import --update)

and the event's `timezone: Europe/Berlin` (an IANA name) says whose clock the programme keeps.
A start with an offset is an instant, shown on the event's clock (or at its own offset when the
event names no zone); a start without one is on the event's clock, or, when nothing names a
zone, a wall-clock time read as the user's own ("floating"). A talk's own `timezone:`, or a zone
after the time (`2019-08-21 11:00 Europe/Berlin`), is that talk's. On a one-day event a time
alone (`start: "14:00"`) is on the event's day.

Nothing here reads files or the index: the index stores each talk's raw facts (`facts_of`) and
the plan and `now` (planning.py) are made from the slots read from them (`slot_of`), so that a
zone is looked up with the time zone data of the day the plan is made.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .model import Speaker
from .talkfacts import iso_time, split_zone

DEFAULT_TRANSFER = 15  # minutes between talks in different venues


# --- a talk in time -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A talk as a plan sees it: when (aware, on the programme's clock), how long, where."""

    id: str
    event_id: str
    event_title: str
    title: str
    speakers: tuple[Speaker, ...] = ()
    start: dt.datetime | None = None
    minutes: int | None = None
    room: str = ""
    venue: str = ""
    starred: bool = False
    cancelled: bool = False
    written: bool = False
    link: str = ""
    code: str = ""
    # No zone named anywhere: a wall-clock time, read on the user's clock.
    floating: bool = False
    # Why the time the note gives cannot be used as it is ("unknown time zone 'Mars/Base'").
    problem: str = ""

    @property
    def end(self) -> dt.datetime | None:
        if self.start is None:
            return None
        return self.start + dt.timedelta(minutes=self.minutes or 0)


def slot_of(
    facts: Mapping[str, Any],
    *,
    id: str,
    event_id: str,
    event_title: str,
    title: str,
    speakers: Sequence[Speaker] = (),
    user: dt.tzinfo | None = None,
) -> Slot:
    """The slot of a talk from its stored facts; the time on the programme's clock."""
    start, floating, problem = _start(
        str(facts.get("start") or ""),
        str(facts.get("zone") or ""),
        str(facts.get("day") or ""),
        user or user_zone(),
    )
    minutes = None
    if facts.get("duration"):
        minutes = minutes_in(str(facts["duration"]))
        if minutes is None and not problem:
            problem = f"duration '{facts['duration']}' is not a length: write minutes, e.g. 45"
    room = str(facts.get("room") or "")
    return Slot(
        id=id,
        event_id=event_id,
        event_title=event_title,
        title=title,
        speakers=tuple(speakers),
        start=start,
        minutes=minutes,
        room=room,
        venue=str(facts.get("venue") or "") or venue_of(room),
        starred=bool(facts.get("starred")),
        cancelled=bool(facts.get("cancelled")),
        written=bool(facts.get("written")),
        link=str(facts.get("link") or ""),
        code=str(facts.get("code") or ""),
        floating=floating,
        problem=problem,
    )


def _start(
    text: str, zone_name: str, day: str, user: dt.tzinfo
) -> tuple[dt.datetime | None, bool, str]:
    """(the start on the programme's clock, whether it is floating, a problem)."""
    if not text.strip():
        return None, False, ""
    main, own_zone = split_zone(text)
    try:
        when = iso_time(main, day)
    except ValueError:
        if re.fullmatch(r"\d{1,2}[:.h]\d{2}", main.strip()):
            return None, False, f"start '{text}' gives no day: write it as YYYY-MM-DDTHH:MM"
        return None, False, f"start '{text}' is not a date and time: write it as 2019-08-21T11:00"
    if when is None:
        return None, False, ""
    name = own_zone or zone_name
    zone, problem = (zone_named(name), "") if name else (None, "")
    if name and zone is None:
        problem = f"unknown time zone '{name}': write one such as Europe/Berlin or UTC"
    if when.tzinfo is not None:
        return (when.astimezone(zone) if zone else when), False, problem
    if zone is not None:
        return when.replace(tzinfo=zone), False, problem
    return when.replace(tzinfo=user), True, problem


@cache
def zone_named(name: str) -> dt.tzinfo | None:
    """The zone an IANA name (or UTC, GMT, Z) names; None when there is no such zone."""
    from zoneinfo import ZoneInfo

    cleaned = name.strip()
    if cleaned.upper() in ("UTC", "GMT", "Z", "ETC/UTC"):
        return dt.timezone.utc
    try:
        return ZoneInfo(cleaned)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None


@cache
def user_zone() -> dt.tzinfo:
    """The user's time zone: $TZ when it names one, else the system's, else its offset now."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        zone = zone_named(name)
        if zone is not None:
            return zone
    try:
        target = os.path.realpath("/etc/localtime")
        if "/zoneinfo/" in target:
            zone = zone_named(target.split("/zoneinfo/", 1)[1])
            if zone is not None:
                return zone
    except OSError:
        pass
    local = dt.datetime.now().astimezone().tzinfo
    return local if local is not None else dt.timezone.utc


def zone_label(when: dt.datetime) -> str:
    """`Europe/Berlin`, `UTC`, or `UTC+02:00` for a bare offset."""
    zone = when.tzinfo
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    offset = when.utcoffset() or dt.timedelta()
    if offset == dt.timedelta():
        return "UTC"
    sign = "+" if offset >= dt.timedelta() else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def for_user(when: dt.datetime, user: dt.tzinfo | None = None) -> dt.datetime | None:
    """`when` on the user's clock when that shows another time than the programme's, else
    None."""
    mine = when.astimezone(user or user_zone())
    return mine if mine.utcoffset() != when.utcoffset() else None


_SEPARATORS = re.compile(r"\s*(?:,|\||·|/|\s[-–—]\s)\s*")


_ROOM_CODE = re.compile(r"([A-Z]{1,3})\d*\.\d")


def venue_of(room: str) -> str:
    """The building a room is in, as its name says: the first part of `Venetian, Level 3,
    Murano 3301` or `MGM | Room 1`, the letters of a room code (`K.4.201` and `K.1.105` are in
    K, `UB2.252A` in UB); a room whose name says nothing more is its own venue."""
    parts = [part for part in _SEPARATORS.split(room.strip()) if part]
    if len(parts) > 1:
        return parts[0]
    code = _ROOM_CODE.match(room.strip())
    return code[1] if code else room.strip()


_LENGTH = re.compile(
    r"^\s*(?:(?P<hours>\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?|std\.?|stunden?|heures?|horas?|timmar|timer)\s*)?"
    r"(?:(?P<minutes>\d+)\s*(?:m|mins?|minutes?|minuten|minutos|minuter|minutter)?\.?)?\s*$",
    re.I,
)


def minutes_in(text: str) -> int | None:
    """Minutes from `45`, `45m`, `45 min`, `1h`, `1h30`, `1.5h`, `1:30`, `PT1H30M`; None when
    the text is no length."""
    text = text.strip()
    if not text:
        return None
    clock = re.fullmatch(r"(\d{1,3}):(\d{2})(?::\d{2})?", text)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    iso = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", text, re.I)
    if iso and (iso[1] or iso[2]):
        return int(iso[1] or 0) * 60 + int(iso[2] or 0)
    match = _LENGTH.match(text)
    if not match or not (match["hours"] or match["minutes"]):
        return None
    hours = float(match["hours"].replace(",", ".")) if match["hours"] else 0.0
    return round(hours * 60) + int(match["minutes"] or 0)
