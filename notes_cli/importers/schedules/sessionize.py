"""Sessionize's "All" export: speakers, sessions, rooms and category groups (track, format,
topics), joined by id. A speaker's tag line gives a role and a company only when it reads
like them (importers/people.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notes_cli.importers.people import read_tag_line
from notes_cli.model import Draft, Speaker

from .shape import (
    Slot,
    clean_text,
    conference_draft,
    format_of,
    one_line,
    scheduled_talk,
    title_from_name,
)
from .values import datetime_of, field_text, json_or_fail, listed, mapping, minutes_between, text_of


def read_sessionize(path: Path, data: bytes) -> Draft:
    document = mapping(json_or_fail(path, data), "the file")
    speakers: dict[str, Speaker] = {}
    for index, value in enumerate(listed(document.get("speakers"), "speakers")):
        where = f"speakers[{index}]"
        record = mapping(value, where)
        name = one_line(field_text(record, "fullName", where)) or one_line(
            f"{field_text(record, 'firstName', where)} {field_text(record, 'lastName', where)}"
        )
        role, company = read_tag_line(one_line(field_text(record, "tagLine", where)))
        speakers[field_text(record, "id", where)] = Speaker(name, role, company)

    # Category items by id: what the group is used for ("Track", "Session format", "Level",
    # topics) and the item's name.
    categories: dict[str, tuple[str, str]] = {}
    for index, value in enumerate(listed(document.get("categories"), "categories")):
        where = f"categories[{index}]"
        group = mapping(value, where)
        use = _category_use(field_text(group, "title", where), field_text(group, "type", where))
        for item_index, item in enumerate(listed(group.get("items"), f"{where}.items")):
            item_where = f"{where}.items[{item_index}]"
            record = mapping(item, item_where)
            categories[field_text(record, "id", item_where)] = (
                use,
                field_text(record, "name", item_where),
            )

    rooms: dict[str, str] = {}
    for index, value in enumerate(listed(document.get("rooms"), "rooms")):
        record = mapping(value, f"rooms[{index}]")
        rooms[field_text(record, "id", f"rooms[{index}]")] = field_text(
            record, "name", f"rooms[{index}]"
        )

    slots: list[Slot] = []
    for index, value in enumerate(listed(document.get("sessions"), "sessions")):
        slot = _sessionize_slot(
            mapping(value, f"sessions[{index}]"), f"sessions[{index}]", speakers, categories, rooms
        )
        if slot:
            slots.append(slot)
    return conference_draft(path, title=title_from_name(path), slots=slots)


def _sessionize_slot(
    session: dict[str, Any],
    where: str,
    speakers: dict[str, Speaker],
    categories: dict[str, tuple[str, str]],
    rooms: dict[str, str],
) -> Slot | None:
    title = one_line(field_text(session, "title", where))
    if not title or session.get("isServiceSession") is True:  # breaks, lunch, registration
        return None
    start = datetime_of(field_text(session, "startsAt", where), f"{where}.startsAt")
    end = datetime_of(field_text(session, "endsAt", where), f"{where}.endsAt")
    talk_speakers = []
    for index, value in enumerate(listed(session.get("speakers"), f"{where}.speakers")):
        speaker_where = f"{where}.speakers[{index}]"
        if isinstance(value, dict):  # the "Sessions" export: {id, name}
            key, name = (
                field_text(value, "id", speaker_where),
                field_text(value, "name", speaker_where),
            )
            talk_speakers.append(speakers.get(key) or Speaker(one_line(name)))
        else:
            key = text_of(value, speaker_where)
            talk_speakers.append(speakers.get(key) or Speaker(""))
    chosen: dict[str, list[str]] = {"track": [], "format": [], "tag": []}
    for index, value in enumerate(listed(session.get("categoryItems"), f"{where}.categoryItems")):
        use, name = categories.get(text_of(value, f"{where}.categoryItems[{index}]"), ("", ""))
        if use in chosen and one_line(name):
            chosen[use].append(one_line(name))
    formats = {format_of(name) for name in chosen["format"]} - {""}
    room = field_text(session, "room", where) or rooms.get(field_text(session, "roomId", where), "")
    return Slot(
        scheduled_talk(
            title=title,
            speakers=talk_speakers,
            tags=chosen["tag"],
            # Two different session types ticked: the schedule does not say which it is.
            talk_format=formats.pop() if len(formats) == 1 else "",
            track=chosen["track"][0] if chosen["track"] else "",
            room=room,
            start=start,
            duration=minutes_between(start, end),
            links=[field_text(session, key, where) for key in ("liveUrl", "recordingUrl")],
            abstract=clean_text(field_text(session, "description", where)),
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
