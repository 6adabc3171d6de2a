"""A plan as an iCalendar file, for a phone's calendar (`notes plan --ics FILE`).

One VEVENT per starred talk with a time: its title, the room as the location, the talk's link,
the speakers in the description. Each talk's UID is derived from its id, so importing a newer
plan into the same calendar updates the talks instead of adding them twice. Times keep their
zone (with its VTIMEZONE); a time at a bare offset is written in UTC, a floating one as it is.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from .planning import Plan
from .timetable import Slot

_NAMESPACE = uuid.UUID("6f4b1f0e-5a43-4f4e-9a43-6e6f7465732d")  # this tool's, fixed forever


def uid_of(talk_id: str) -> str:
    """A talk's UID: the same for the same talk in every plan."""
    return f"{uuid.uuid5(_NAMESPACE, talk_id)}@notes-cli"


def calendar_of(plan: Plan, *, stamp: dt.datetime | None = None) -> tuple[bytes, int, int]:
    """(the iCalendar file, how many talks are in it, how many were left out for want of a
    time)."""
    from icalendar import Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", "-//notes-cli//notes plan//EN")
    calendar.add("version", "2.0")
    titles = ", ".join(event.event_title for event in plan.events)
    calendar.add("x-wr-calname", f"Plan: {titles}")
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    written = 0
    for event_plan in plan.events:
        for day in event_plan.days:
            for slot in day.slots:
                calendar.add_component(_event(Event, vText, slot, stamp, event_plan.event_title))
                written += 1
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    left_out = sum(len(event_plan.unknown) for event_plan in plan.events)
    return calendar.to_ical(), written, left_out


def _when(when: dt.datetime, slot: Slot) -> dt.datetime:
    if slot.floating:
        return when.replace(tzinfo=None)
    if getattr(when.tzinfo, "key", None):
        return when
    return when.astimezone(dt.timezone.utc)


def _event(event_type: type, text_type: type, slot: Slot, stamp: dt.datetime, title: str) -> Any:
    assert slot.start is not None and slot.end is not None
    event = event_type()
    event.add("uid", uid_of(slot.id))
    event.add("dtstamp", stamp)
    event.add("summary", slot.title)
    event.add("dtstart", _when(slot.start, slot))
    if slot.minutes:
        event.add("dtend", _when(slot.end, slot))
    if slot.room:
        event.add("location", slot.room)
    if slot.link:
        event.add("url", slot.link)
    about = [
        ", ".join(speaker.label() for speaker in slot.speakers),
        slot.code,
        title,
    ]
    event.add("description", text_type("\n".join(part for part in about if part)))
    if slot.cancelled:
        event.add("status", "CANCELLED")
    return event
