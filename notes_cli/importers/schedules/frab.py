"""frab and pretalx schedules: `schedule.json` and `schedule.xml` (the C3VOC schema).

A day runs past midnight: a talk at 01:00 on a day that starts at 10:00 is on the next date.
The XML is read with defusedxml: an entity declaration is refused, never expanded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed
from notes_cli.model import Draft, Speaker

from .shape import (
    Slot,
    absolute,
    clean_text,
    conference_draft,
    format_of,
    is_http,
    one_line,
    scheduled_talk,
    title_from_name,
)
from .values import (
    Malformed,
    date_of,
    datetime_of,
    field_text,
    json_or_fail,
    listed,
    mapping,
    minutes,
    minutes_between,
    optional_mapping,
)


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
        raise Malformed(where, "a time (HH:MM)", text)
    when = dt.datetime.combine(day.date, dt.time(int(match[1]), int(match[2])))
    if day.start is not None:
        if when < day.start.replace(tzinfo=None):
            when += dt.timedelta(days=1)
        when = when.replace(tzinfo=day.start.tzinfo)
    return when


def read_frab_json(path: Path, data: bytes) -> Draft:
    root = mapping(json_or_fail(path, data), "the file")
    schedule = mapping(root.get("schedule"), "schedule")
    where = "schedule.conference"
    conference = mapping(schedule.get("conference"), where)
    base_url = field_text(schedule, "base_url", "schedule")
    days: list[dt.date] = []
    slots: list[Slot] = []
    for day_index, day_value in enumerate(listed(conference.get("days"), f"{where}.days")):
        day_where = f"{where}.days[{day_index}]"
        day = mapping(day_value, day_where)
        frab_day = _FrabDay(
            date_of(field_text(day, "date", day_where), f"{day_where}.date"),
            datetime_of(field_text(day, "day_start", day_where), f"{day_where}.day_start"),
        )
        if frab_day.date:
            days.append(frab_day.date)
        for room, events in optional_mapping(day.get("rooms"), f"{day_where}.rooms").items():
            room_where = f"{day_where}.rooms.{room}"
            for index, value in enumerate(listed(events, room_where)):
                slot = _frab_json_slot(value, f"{room_where}[{index}]", room, frab_day, base_url)
                if slot:
                    slots.append(slot)
    if not days:
        days = [
            known
            for key in ("start", "end")
            if (known := date_of(field_text(conference, key, where), f"{where}.{key}"))
        ]
    location = ", ".join(
        part
        for part in (one_line(field_text(conference, key, where)) for key in ("venue", "city"))
        if part
    )
    return conference_draft(
        path,
        title=one_line(field_text(conference, "title", where))
        or one_line(field_text(conference, "acronym", where))
        or title_from_name(path),
        slots=slots,
        days=days,
        location=location,
        url=next(
            (url for url in (field_text(conference, "url", where), base_url) if is_http(url)), ""
        ),
        timezone=field_text(conference, "time_zone_name", where),
        name=field_text(conference, "acronym", where) or field_text(conference, "title", where),
    )


def _frab_json_slot(value: Any, where: str, room: str, day: _FrabDay, base_url: str) -> Slot | None:
    event = mapping(value, where)
    title = one_line(field_text(event, "title", where))
    if not title:
        return None
    start = datetime_of(field_text(event, "date", where), f"{where}.date") or _clock(
        day, field_text(event, "start", where), f"{where}.start"
    )
    duration = minutes(field_text(event, "duration", where), f"{where}.duration")
    if duration is None:
        duration = minutes_between(
            start, datetime_of(field_text(event, "end", where), f"{where}.end")
        )
    speakers = []
    for index, person in enumerate(listed(event.get("persons"), f"{where}.persons")):
        person_where = f"{where}.persons[{index}]"
        if isinstance(person, str):
            speakers.append(Speaker(one_line(person)))
            continue
        record = mapping(person, person_where)
        name = next(
            (
                one_line(field_text(record, key, person_where))
                for key in ("name", "public_name", "full_public_name")
                if field_text(record, key, person_where).strip()
            ),
            "",
        )
        speakers.append(Speaker(name))
    links = [field_text(event, "url", where)]
    for key in ("links", "attachments"):
        for index, link in enumerate(listed(event.get(key), f"{where}.{key}")):
            link_where = f"{where}.{key}[{index}]"
            if not isinstance(link, str):
                link = field_text(mapping(link, link_where), "url", link_where)
            links.append(absolute(link, base_url))
    return Slot(
        scheduled_talk(
            title=title,
            speakers=speakers,
            talk_format=format_of(field_text(event, "type", where)),
            track=field_text(event, "track", where),
            code=field_text(event, "code", where),
            room=field_text(event, "room", where) or room,
            start=start,
            duration=duration,
            links=links,
            abstract=clean_text(
                field_text(event, "subtitle", where),
                field_text(event, "abstract", where),
                field_text(event, "description", where),
            ),
        ),
        start=start,
        day=day.date or (start.date() if start else None),
    )


def _schedule_element(path: Path, data: bytes) -> Any:
    """The root <schedule> element of a frab XML file, or ImportFailed saying why not."""
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
    return root


def read_frab_xml(path: Path, data: bytes) -> Draft:
    root = _schedule_element(path, data)
    conference = root.find("conference")
    base_url = (conference.findtext("base_url") if conference is not None else None) or ""
    days: list[dt.date] = []
    slots: list[Slot] = []
    for day_index, day_element in enumerate(root.findall("day"), start=1):
        day_where = f'<day index="{day_element.get("index") or day_index}">'
        frab_day = _FrabDay(
            date_of(day_element.get("date") or "", f"{day_where} date"),
            datetime_of(day_element.get("start") or "", f"{day_where} start"),
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
            if (known := date_of(conference_text(key), f"<conference> <{key}>"))
        ]
    return conference_draft(
        path,
        title=one_line(conference_text("title"))
        or one_line(conference_text("acronym"))
        or title_from_name(path),
        slots=slots,
        days=days,
        location=", ".join(
            part for part in (one_line(conference_text(key)) for key in ("venue", "city")) if part
        ),
        url=next((url for url in (conference_text("url"), base_url) if is_http(url)), ""),
        timezone=conference_text("time_zone_name"),
        name=conference_text("acronym") or conference_text("title"),
    )


def _frab_xml_slot(event: Any, room: str, day: _FrabDay, base_url: str) -> Slot | None:
    def text(key: str) -> str:
        return str(event.findtext(key) or "")

    title = one_line(text("title"))
    if not title:
        return None
    where = f'<event id="{event.get("id") or ""}"> ({title[:40]})'
    start = datetime_of(text("date"), f"{where} <date>") or _clock(
        day, text("start"), f"{where} <start>"
    )
    links = [text("url")]
    for element in (*event.findall("links/link"), *event.findall("attachments/attachment")):
        links.append(absolute(element.get("href") or "", base_url))
    return Slot(
        scheduled_talk(
            title=title,
            speakers=[
                Speaker(one_line(person.text or "")) for person in event.findall("persons/person")
            ],
            talk_format=format_of(text("type")),
            track=text("track"),
            code=event.get("code") or "",
            room=text("room") or room,
            start=start,
            duration=minutes(text("duration"), f"{where} <duration>"),
            links=links,
            abstract=clean_text(text("subtitle"), text("abstract"), text("description")),
        ),
        start=start,
        day=day.date or (start.date() if start else None),
    )
