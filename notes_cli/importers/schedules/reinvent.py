"""The AWS re:Invent session catalogue: a JSON list of sessions with codes, and no dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed
from notes_cli.model import Draft, Speaker

from .shape import Slot, clean_text, conference_draft, format_of, one_line, scheduled_talk
from .values import field_text, json_or_fail, listed, mapping, number, optional_mapping, text_of


def read_reinvent(path: Path, data: bytes) -> Draft:
    sessions = listed(json_or_fail(path, data), "the file")
    years: list[str] = []
    ids: list[str] = []
    slots: list[Slot] = []
    for index, value in enumerate(sessions):
        where = f"[{index}]"
        session = mapping(value, where)
        event_id = field_text(session, "eventId", where)
        match = re.search(r"reinvent\D{0,3}((?:19|20)\d{2})", event_id, re.I)
        if match:
            years.append(match[1])
            ids.append(event_id)
        title = one_line(field_text(session, "title", where))
        if not title:
            continue
        attributes = optional_mapping(session.get("attributes"), f"{where}.attributes")
        tags: list[str] = []
        for key in ("topics", "areas_of_interest"):
            items = listed(attributes.get(key), f"{where}.attributes.{key}")
            tags += [
                text_of(item, f"{where}.attributes.{key}[{n}]") for n, item in enumerate(items)
            ]
        session_type = field_text(session, "type", where)
        if not session_type:
            types = listed(attributes.get("type"), f"{where}.attributes.type")
            session_type = text_of(types[0], f"{where}.attributes.type[0]") if types else ""
        length = number(session.get("length"), f"{where}.length")
        slots.append(
            Slot(
                scheduled_talk(
                    title=title,
                    speakers=[
                        _reinvent_speaker(speaker, f"{where}.speakers[{n}]")
                        for n, speaker in enumerate(
                            listed(session.get("speakers"), f"{where}.speakers")
                        )
                    ],
                    tags=tags,
                    talk_format=format_of(session_type),
                    code=field_text(session, "code", where),
                    duration=int(length) if length and 0 < length < 100_000 else None,
                    abstract=clean_text(field_text(session, "abstract", where)),
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
    return conference_draft(
        path,
        title=f"AWS re:Invent {year}",
        slots=slots,
        days=reinvent_days(year),
        name=max(set(ids), key=ids.count) if ids else f"reinvent{year}",
    )


def _reinvent_speaker(value: Any, where: str) -> Speaker:
    record = mapping(value, where)

    def first(*keys: str) -> str:
        return next(
            (text for key in keys if (text := one_line(field_text(record, key, where)))), ""
        )

    name = first("fullName", "globalFullName") or one_line(
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


def reinvent_days(year: int) -> tuple[dt.date, dt.date]:
    """The catalogue holds no dates. re:Invent has run Monday to Friday in the week after US
    Thanksgiving (the fourth Thursday of November) every year since 2016 but the online 2020:
    that week stands in, and the user corrects it if the year was different."""
    november_first = dt.date(year, 11, 1)
    thanksgiving = november_first + dt.timedelta(days=(3 - november_first.weekday()) % 7 + 21)
    monday = thanksgiving + dt.timedelta(days=4)
    return monday, monday + dt.timedelta(days=4)
