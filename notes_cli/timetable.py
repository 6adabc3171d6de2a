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
the plan and `now` are computed from them (`slot_of`), so that a zone is looked up with the
time zone data of the day the plan is made.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .errors import NotesError
from .model import Event, Speaker, Talk

DEFAULT_TRANSFER = 15  # minutes between talks in different venues
NEXT_WINDOW = 60  # `now` lists what starts within this many minutes (or the next start)


# --- the facts of one talk, as the index stores them -------------------------------------------


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
        return _iso(_split_zone(text)[0])
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


_ZONE_AFTER = re.compile(r"^(.*?\d)\s*(?:\[([^\]]+)\]|\s([A-Za-z][\w+\-]*(?:/[\w+\-]+)+|UTC|GMT))$")


def _split_zone(text: str) -> tuple[str, str]:
    """`2019-08-21 11:00 Europe/Berlin` -> (`2019-08-21 11:00`, `Europe/Berlin`)."""
    match = _ZONE_AFTER.match(text.strip())
    if not match:
        return text.strip(), ""
    return match[1], match[2] or match[3]


def _iso(text: str, day: str = "") -> dt.datetime | None:
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


def _start(
    text: str, zone_name: str, day: str, user: dt.tzinfo
) -> tuple[dt.datetime | None, bool, str]:
    """(the start on the programme's clock, whether it is floating, a problem)."""
    if not text.strip():
        return None, False, ""
    main, own_zone = _split_zone(text)
    try:
        when = _iso(main, day)
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


def venue_of(room: str) -> str:
    """The building a room is in, as its name says: the first part of `Venetian, Level 3,
    Murano 3301` or `MGM | Room 1`; a room whose name has one part is its own venue."""
    parts = [part for part in _SEPARATORS.split(room.strip()) if part]
    return parts[0] if len(parts) > 1 else room.strip()


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


# --- what the user typed: a moment, a day ------------------------------------------------------


def moment(text: str, zone: dt.tzinfo) -> dt.datetime:
    """The moment `--at` names: `2016-11-30 14:05`, `14:05` (today), with an offset or a zone
    name after it; a time without either is on `zone`'s clock."""
    main, name = _split_zone(text)
    if name and zone_named(name) is None:
        raise NotesError(
            f"--at '{text}': unknown time zone '{name}': write one such as Europe/Berlin"
        )
    own = zone_named(name) if name else None
    try:
        if re.fullmatch(r"\d{1,2}[:.h]\d{2}", main.strip()):
            today = dt.datetime.now(own or zone).date().isoformat()
            when = _iso(main, today)
        else:
            when = _iso(main)
    except ValueError:
        when = None
    if when is None:
        raise NotesError(
            f"--at '{text}' is not a moment: write it as '2016-11-30 14:05' (or just 14:05 for today)"
        )
    if when.tzinfo is None:
        return when.replace(tzinfo=own or zone)
    return when.astimezone(own) if own else when


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def day_wanted(text: str, days: Sequence[dt.date]) -> dt.date:
    """The day `--day` names among an event's days: `2019-08-22`, a weekday (`thursday`,
    `thu`), or the day's number in the event (`2`)."""
    wanted = text.strip().casefold()
    try:
        return dt.date.fromisoformat(wanted)
    except ValueError:
        pass
    if wanted.isdigit() and days:
        number = int(wanted)
        if 1 <= number <= len(days):
            return sorted(days)[number - 1]
        raise NotesError(f"--day {text}: the plan has {len(days)} days (1 to {len(days)})")
    names = [name for name in _WEEKDAYS if len(wanted) >= 3 and name.startswith(wanted)]
    if names:
        matching = [day for day in days if _WEEKDAYS[day.weekday()] == names[0]]
        if len(matching) == 1:
            return matching[0]
        if matching:
            shown = ", ".join(day.isoformat() for day in matching)
            raise NotesError(
                f"--day {text}: the plan has several {names[0]}s ({shown}): give the date"
            )
        raise NotesError(f"--day {text}: no {names[0]} in the plan")
    raise NotesError(
        f"--day '{text}' is not a day: write 2019-08-22, a weekday, or the day's number"
    )


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    """Two starred talks that cannot both be seen as planned."""

    kind: str  # "overlap" (at the same time), or "tight" (too little time to change venue)
    first: Slot
    second: Slot
    gap: int  # minutes from the end of the first to the start of the second (< 0: overlap)


@dataclass(frozen=True)
class PlanDay:
    day: dt.date
    slots: tuple[Slot, ...]
    clashes: tuple[Clash, ...] = ()


@dataclass(frozen=True)
class EventPlan:
    """One event's starred talks, per day on the programme's clock, and those without a time."""

    event_id: str
    event_title: str
    days: tuple[PlanDay, ...]
    unknown: tuple[Slot, ...] = ()
    zone: str = ""  # the programme's clock ("Europe/Berlin", "UTC+02:00"), "" when floating


@dataclass(frozen=True)
class Plan:
    events: tuple[EventPlan, ...]
    transfer: int
    problems: tuple[str, ...] = ()


def _key(slot: Slot) -> tuple[dt.datetime, str]:
    assert slot.start is not None
    return slot.start.astimezone(dt.timezone.utc), slot.title.casefold()


def clashes(slots: Sequence[Slot], transfer: int) -> list[Clash]:
    """Overlaps between any two talks, and tight changes: a talk that follows another in
    another venue with less than `transfer` minutes between them. Cancelled talks are left out."""
    timed = sorted((s for s in slots if s.start is not None and not s.cancelled), key=_key)
    found: list[Clash] = []
    for number, first in enumerate(timed):
        first_end = first.end
        assert first_end is not None
        for second in timed[number + 1 :]:
            assert second.start is not None
            gap = int((second.start - first_end).total_seconds() // 60)
            if second.start < first_end or second.start == first.start:
                found.append(Clash("overlap", first, second, gap))
                continue
            # The next talk not at the same time as this one: can it be reached?
            if first.venue.casefold() != second.venue.casefold() and gap < transfer:
                found.append(Clash("tight", first, second, gap))
            break
    return found


def event_plan(slots: Sequence[Slot], *, transfer: int, day: str | None = None) -> EventPlan:
    """The plan of one event's starred talks (`slots`, all of one event)."""
    first = slots[0]
    timed = sorted((s for s in slots if s.start is not None), key=_key)
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in timed:
        assert slot.start is not None
        by_day.setdefault(slot.start.date(), []).append(slot)
    chosen = day_wanted(day, list(by_day)) if day else None
    days = tuple(
        PlanDay(date, tuple(members), tuple(clashes(members, transfer)))
        for date, members in sorted(by_day.items())
        if chosen is None or date == chosen
    )
    zoned = next((s.start for s in timed if s.start is not None and not s.floating), None)
    return EventPlan(
        event_id=first.event_id,
        event_title=first.event_title,
        days=days,
        unknown=tuple(s for s in slots if s.start is None) if chosen is None else (),
        zone=zone_label(zoned) if zoned else "",
    )


def problems_of(slots: Iterable[Slot]) -> tuple[str, ...]:
    """One line per problem, naming the talk (or the first of the talks it is shared by)."""
    shared: dict[tuple[str, str], list[Slot]] = {}
    for slot in slots:
        if slot.problem:
            shared.setdefault((slot.event_id, slot.problem), []).append(slot)
    lines = []
    for (_, problem), members in shared.items():
        named = f"'{members[0].title}' ({members[0].id})"
        if len(members) > 1:
            named += f" and {len(members) - 1} more talk{'s' if len(members) > 2 else ''}"
        lines.append(f"{named}: {problem}")
    return tuple(lines)


# --- now -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Now:
    """What is on at a moment, and what starts next: starred talks first, then by start."""

    at: dt.datetime
    on: tuple[Slot, ...]
    next: tuple[Slot, ...]
    untimed: int = 0  # starred talks of the events shown that have no time
    problems: tuple[str, ...] = field(default=())


def _starred_first(slot: Slot) -> tuple[bool, dt.datetime, str]:
    assert slot.start is not None
    return not slot.starred, slot.start.astimezone(dt.timezone.utc), slot.title.casefold()


UNKNOWN_LENGTH = 30  # minutes a talk of no known length counts as on, for `now`


def _running(slot: Slot, at: dt.datetime) -> bool:
    assert slot.start is not None
    minutes = slot.minutes if slot.minutes is not None else UNKNOWN_LENGTH
    return slot.start <= at < slot.start + dt.timedelta(minutes=max(minutes, 1))


def now(slots: Sequence[Slot], at: dt.datetime, *, untimed: int = 0) -> Now:
    """The talks running at `at`, and those starting within the next hour (or, when none do,
    at the next start): starred first, then by start. Cancelled talks are not on."""
    timed = [s for s in slots if s.start is not None and not s.cancelled]
    on = [s for s in timed if _running(s, at)]
    later = sorted((s for s in timed if s.start > at), key=_key)  # type: ignore[operator]
    soon = [s for s in later if s.start - at <= dt.timedelta(minutes=NEXT_WINDOW)]  # type: ignore[operator]
    if not soon and later:
        soon = [s for s in later if s.start == later[0].start]
    return Now(
        at=at,
        on=tuple(sorted(on, key=_starred_first)),
        next=tuple(sorted(soon, key=_starred_first)),
        untimed=untimed,
        problems=problems_of(slots),
    )


def minutes_until(slot: Slot, at: dt.datetime) -> int:
    """Whole minutes from `at` to the slot's start (negative once it has started)."""
    assert slot.start is not None
    return int((slot.start - at).total_seconds() // 60)
