"""The plan of the talks a user starred (overlaps, tight changes between venues) and what is on
at a moment, from the slots timetable.py reads; and the moments and days a user types.

A tight change is a talk in another venue that starts less than the transfer time after the one
before it ends; an overlap, two talks at the same time. Cancelled talks never clash and are
never on. Nothing here reads a file or the index.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .errors import NotesError
from .talkfacts import iso_time, split_zone
from .timetable import Slot, zone_label, zone_named

NEXT_WINDOW = 60  # `now` lists what starts within this many minutes (or the next start)


# --- what the user typed: a moment, a day ------------------------------------------------------


def moment(text: str, zone: dt.tzinfo) -> dt.datetime:
    """The moment `--at` names: `2016-11-30 14:05`, `14:05` (today), with an offset or a zone
    name after it; a time without either is on `zone`'s clock."""
    main, name = split_zone(text)
    if name and zone_named(name) is None:
        raise NotesError(
            f"--at '{text}': unknown time zone '{name}': write one such as Europe/Berlin"
        )
    own = zone_named(name) if name else None
    try:
        if re.fullmatch(r"\d{1,2}[:.h]\d{2}", main.strip()):
            today = dt.datetime.now(own or zone).date().isoformat()
            when = iso_time(main, today)
        else:
            when = iso_time(main)
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
