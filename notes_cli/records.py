"""Every `--json` record and document, in one place.

The keys are a contract, documented in the README ("JSON output") and pinned by
tests/test_records.py: they are never renamed or removed. Records are plain dicts and lists
of text, numbers and None, ready for `json.dumps`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .model import Event, Speaker, Talk

if TYPE_CHECKING:  # named in annotations alone: a record loads none of their modules
    from .planning import Now, Plan
    from .results import Hit, ImportPlan, Related, SearchResult
    from .timetable import Slot


def speaker_record(speaker: Speaker) -> dict[str, str]:
    """A speaker: every key, empty when unknown."""
    return {"name": speaker.name, "role": speaker.role, "company": speaker.company}


def talk_record(event: Event, talk: Talk, talk_id: str) -> dict[str, Any]:
    return {
        "id": talk_id,
        "event_id": event.id,
        "title": talk.title,
        "speakers": [speaker_record(s) for s in talk.speakers],
        "tags": list(talk.tags),
        "format": talk.format,
        "track": talk.track,
    }


def event_record(event: Event) -> dict[str, Any]:
    """An event with its talks, as `notes list --json` shows it."""
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date else None,
        "kind": event.kind,
        "location": event.location,
        "url": event.url,
        "tags": list(event.tags),
        "path": str(event.path.absolute()),
        "talks": [
            talk_record(event, talk, talk_id)
            for talk, talk_id in zip(event.talks, event.talk_ids(), strict=True)
        ],
    }


_HIT_VALUES: dict[str, Callable[[Hit], Any]] = {
    "id": lambda hit: hit.id,
    "type": lambda hit: "event" if hit.is_event else "talk",
    "event_id": lambda hit: hit.event_id,
    "event_title": lambda hit: hit.event_title,
    "event_kind": lambda hit: hit.event_kind,
    "date": lambda hit: hit.date.isoformat(),
    "location": lambda hit: hit.location,
    "title": lambda hit: hit.title,
    "speakers": lambda hit: [speaker_record(s) for s in hit.speakers],
    "tags": lambda hit: list(hit.tags),
    "format": lambda hit: hit.format,
    "score": lambda hit: round(hit.score, 4),
    "snippet": lambda hit: hit.snippet.text,
    "highlights": lambda hit: [list(span) for span in hit.snippet.highlights],
    "path": lambda hit: str(hit.path.absolute()),
}
# The keys of a search hit, in their order (`notes search --fields` picks among them).
HIT_KEYS = tuple(_HIT_VALUES)
# The keys that need the hit's notes read and its passage chosen.
SNIPPET_KEYS = frozenset({"snippet", "highlights"})


def hit_record(hit: Hit, fields: Sequence[str] = HIT_KEYS) -> dict[str, Any]:
    """A search hit, as `notes search --json` shows it: every key, or those of `fields`."""
    return {key: _HIT_VALUES[key](hit) for key in fields}


def public_record(event: Event, talks: Sequence[Talk] | None = None) -> dict[str, Any]:
    """An event as `notes list --json` shows it, for publishing (`export --format json`): with
    each talk's notes and the event's text, private parts left out, and no path. Its public
    talks, or those of `talks` that are public."""
    from .privacy import is_private, public_notes, public_text  # for publishing alone

    chosen = {
        id(talk) for talk in (event.talks if talks is None else talks) if not is_private(talk)
    }
    record = event_record(event)
    record["talks"] = [
        {**talk_json, "notes": public_notes(talk)}
        for talk, talk_json in zip(event.talks, record["talks"], strict=True)
        if id(talk) in chosen
    ]
    record["text"] = public_text(event)
    del record["path"]  # where the note lives on this machine is not for publishing
    return record


# --- the documents the commands print ------------------------------------------------------------


def events_document(events: Iterable[Event]) -> dict[str, Any]:
    """`notes list --json`."""
    return {"events": [event_record(event) for event in events]}


def talks_document(rows: Iterable[tuple[Event, Talk, str]]) -> dict[str, Any]:
    """`notes list --talks --json`."""
    return {"talks": [talk_record(event, talk, talk_id) for event, talk, talk_id in rows]}


def search_document(result: SearchResult) -> dict[str, Any]:
    """`notes search --json`: `total` counts every match, not only those shown."""
    return {**search_head(result.query, result.total), "hits": [hit_record(h) for h in result.hits]}


def search_head(query: str, total: int) -> dict[str, Any]:
    """The keys of `notes search --json` before `hits`, which comes last, so that thousands of
    hits can follow as they are read."""
    return {"query": query, "total": total}


def related_document(found: Related) -> dict[str, Any]:
    """`notes related --json`."""
    return {"talk": hit_record(found.talk), "hits": [hit_record(hit) for hit in found.hits]}


def stats_document(by: str, query: str | None, counts: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """`notes stats --json`."""
    return {
        "by": by,
        "query": query,
        "counts": [{"value": value, "talks": talks} for value, talks in counts],
    }


def import_document(plan: ImportPlan) -> dict[str, Any]:
    """`notes import --dry-run --json`: the events as `notes list --json` would show them, at
    the paths the real run writes."""
    events = []
    for note in plan.notes:
        record = event_record(note.event)
        if not note.dated:
            record["date"] = None
        events.append(record)
    return {"events": events}


# --- the conference day ------------------------------------------------------------------------


def _moment(when: Any) -> str | None:
    return when.isoformat(timespec="minutes") if when is not None else None


def slot_record(slot: Slot) -> dict[str, Any]:
    """A talk in a plan or in `now`: times on the programme's clock, with its offset."""
    return {
        "id": slot.id,
        "event_id": slot.event_id,
        "title": slot.title,
        "speakers": [speaker_record(s) for s in slot.speakers],
        "start": _moment(slot.start),
        "end": _moment(slot.end) if slot.minutes else None,
        "duration": slot.minutes,
        "room": slot.room,
        "venue": slot.venue,
        "code": slot.code,
        "link": slot.link,
        "starred": slot.starred,
        "cancelled": slot.cancelled,
        "floating": slot.floating,
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """`notes plan --json`."""
    return {
        "transfer": plan.transfer,
        "events": [
            {
                "id": event.event_id,
                "title": event.event_title,
                "timezone": event.zone,
                "days": [
                    {
                        "date": day.day.isoformat(),
                        "talks": [slot_record(slot) for slot in day.slots],
                        "clashes": [
                            {
                                "kind": clash.kind,
                                "first": clash.first.id,
                                "second": clash.second.id,
                                "gap": clash.gap,
                            }
                            for clash in day.clashes
                        ],
                    }
                    for day in event.days
                ],
                "time_unknown": [slot_record(slot) for slot in event.unknown],
            }
            for event in plan.events
        ],
        "problems": list(plan.problems),
    }


def now_document(found: Now) -> dict[str, Any]:
    """`notes now --json`: `minutes` to each talk's start (negative once it has started)."""

    def record(slot: Slot) -> dict[str, Any]:
        assert slot.start is not None
        minutes = int((slot.start - found.at).total_seconds() // 60)
        return {**slot_record(slot), "minutes": minutes}

    return {
        "at": _moment(found.at),
        "on": [record(slot) for slot in found.on],
        "next": [record(slot) for slot in found.next],
        "untimed_starred": found.untimed,
        "problems": list(found.problems),
    }
