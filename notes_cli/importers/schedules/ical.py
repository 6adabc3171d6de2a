"""iCalendar schedules: one VEVENT per talk, attendees as speakers, categories as tags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed
from notes_cli.model import Draft, Speaker

from .shape import (
    CONTROL,
    Slot,
    clean_text,
    conference_draft,
    is_http,
    one_line,
    scheduled_talk,
    title_from_name,
)
from .values import BOM, minutes_between


def read_ical(path: Path, data: bytes) -> Draft:
    from icalendar import Calendar

    body = data.removeprefix(BOM)
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
    title = url = zone = ""
    slots: list[Slot] = []
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
        zone = zone or _ical_text(calendar.get("X-WR-TIMEZONE"))
        for event in calendar.walk("VEVENT"):
            slot = _ical_slot(event)
            if slot:
                slots.append(slot)
                zone = zone or _zone_name(slot.start)
    return conference_draft(
        path,
        title=title or title_from_name(path),
        slots=slots,
        url=url if is_http(url) else "",
        timezone=zone,
        name=title,
    )


def _zone_name(when: dt.datetime | None) -> str:
    """The IANA name of the zone a calendar's time is given in (DTSTART;TZID=Europe/Brussels),
    "" for UTC, a bare offset or a floating time."""
    key = str(getattr(getattr(when, "tzinfo", None), "key", "") or "")
    return "" if key.upper() in ("UTC", "ETC/UTC", "GMT") else key


def _ical_slot(event: Any) -> Slot | None:
    title = _ical_text(event.get("SUMMARY"))
    if not title:
        return None
    start = _ical_time(event.get("DTSTART"))
    end = _ical_time(event.get("DTEND"))
    duration: int | None = None
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        duration = minutes_between(start, end)
    elif isinstance(start, dt.datetime) and event.get("DURATION") is not None:
        length = getattr(event.get("DURATION"), "dt", None)
        if isinstance(length, dt.timedelta) and length.total_seconds() > 0:
            duration = int(length.total_seconds() // 60)
    speakers = [
        Speaker(one_line(str(attendee.params.get("CN") or "")))
        for attendee in _ical_values(event, "ATTENDEE")
        if getattr(attendee, "params", None) is not None
    ]
    tags: list[str] = []
    for value in _ical_values(event, "CATEGORIES"):
        cats = getattr(value, "cats", None)
        tags += [str(cat) for cat in cats] if isinstance(cats, list) else str(value).split(",")
    # X-ALT-DESC is the HTML form: it keeps the paragraphs that DESCRIPTION often loses.
    alternative = _ical_text(event.get("X-ALT-DESC"), keep_lines=True)
    return Slot(
        scheduled_talk(
            title=title,
            speakers=speakers,
            tags=tags,
            room=_ical_text(event.get("LOCATION")),
            start=start,
            duration=duration,
            links=[_ical_text(url) for url in _ical_values(event, "URL")],
            abstract=clean_text(
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
    return CONTROL.sub("", text).strip() if keep_lines else one_line(text)


def _ical_time(value: Any) -> dt.datetime | dt.date | None:
    when = getattr(value, "dt", None)
    return when if isinstance(when, dt.date) else None


def _first_line(error: object) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
