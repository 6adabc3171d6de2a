"""The documents of one note in the index, and the values read back from what they store.

One document per talk, carrying the event's fields, and one for the event's own text that
also stores everything `notes list` shows, so that listing never opens a note file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notes_cli.errors import NoteProblem
from notes_cli.model import Event, Speaker, Talk, talk_ids
from notes_cli.notefile import read_note
from notes_cli.results import Hit

from .layout import PART

if TYPE_CHECKING:
    from notes_cli.listing import ListedEvent


def stored_name(text: str) -> str:
    """A path or an id as the index keeps it. Whoosh writes its terms as UTF-8; a file name
    that is not UTF-8 comes as `surrogateescape` text, which UTF-8 cannot hold. Each such
    character (U+DC80..U+DCFF, one per raw byte) is kept as NUL and the byte: NUL never occurs
    in a file name, so this reads back exactly (`original_name`)."""
    if text.isascii():
        return text
    return re.sub("[\udc80-\udcff]", lambda m: "\x00" + chr(ord(m[0]) - 0xDC00), text)


def original_name(text: str) -> str:
    """The path or id `stored_name` kept."""
    if "\x00" not in text:
        return text
    return re.sub("\x00(.)", lambda m: chr(0xDC00 + ord(m[1])), text, flags=re.S)


def _days(event: Event) -> list[dt.datetime]:
    """Every day the event runs (a conference is found by any of its days), at most 31."""
    last = event.end_date if event.end_date and event.end_date > event.date else event.date
    count = min((last - event.date).days, 30) + 1
    return [dt.datetime.combine(event.date + dt.timedelta(days=n), dt.time()) for n in range(count)]


def documents(event: Event, rel: str) -> Iterator[dict[str, Any]]:
    """One document per talk, with the event's fields; one more for the event's own text.

    The event's document is found only by the words of its text: a query for `kind:meetup` or
    `year:2016` answers with talks, not with every event as well.
    """
    days = _days(event)
    common = {
        "event_id": stored_name(event.id),
        "path": stored_name(rel),
        "date": days[0],
        "event": event.title,
        "kind": event.kind,
        "location": event.location,
    }
    for talk, talk_id in zip(event.talks, event.talk_ids(), strict=True):
        yield {**common, **_talk_fields(event, talk, talk_id, days)}
    yield _event_document(event, rel, days[0])


# A note file read for the index: its documents; or none, and what kept it out.
Read = tuple[list[dict[str, Any]], NoteProblem | None]


def read_documents(root: Path, rel: str) -> Read:
    """The documents of the note file at `rel` in the collection at `root`, or what kept it
    out (whatever went wrong: one odd file must not stop the others)."""
    try:
        event = read_note(root / rel).event
    except NoteProblem as unreadable:
        return [], unreadable
    except Exception as exc:
        return [], NoteProblem(root / rel, None, f"cannot be read ({type(exc).__name__}: {exc})")
    return list(documents(event, rel)), None


def _talk_fields(event: Event, talk: Talk, talk_id: str, days: list[dt.datetime]) -> dict[str, Any]:
    from notes_cli.talkfacts import facts_of, rough_start  # for a build: a search needs none

    names = "\n".join(s.name for s in talk.speakers)
    companies = "\n".join(s.company for s in talk.speakers if s.company)
    roles = "\n".join(s.role for s in talk.speakers if s.role)
    tags = "\n".join(dict.fromkeys((*talk.tags, *event.tags)))
    rest = (names, companies, roles, talk.track, event.title, event.location, talk.notes)
    facts = facts_of(event, talk)
    abstract = talk.extra.get("abstract")
    abstract = abstract if isinstance(abstract, str) else ""
    starts = rough_start(facts)
    return {
        "doctype": "talk",
        "id": stored_name(talk_id),
        "days": days,
        "year": " ".join(sorted({str(day.year) for day in days})),
        "f_event": f"{event.date.isoformat()} {event.title}",
        "title": talk.title,
        "speaker": names,
        "company": companies,
        "role": roles,
        "tag": tags,
        "format": talk.format,
        "track": talk.track,
        # The organiser's words last, weighted below the user's own.
        "text": PART.join((talk.title, tags, "\n".join(rest), abstract)),
        "words": "\n".join(
            (talk.title, names, companies, tags, talk.track, event.title, event.location)
        ),
        "tags": list(talk.tags),
        "speakers": [[s.name, s.role, s.company] for s in talk.speakers],
        "f_topic": "\n".join(talk.tags),
        "f_speaker": names,
        "f_company": companies,
        "abstract": abstract,
        "room": facts["room"],
        "starred": "yes" if facts["starred"] else "no",
        "slot": facts,
        **({"starts": starts} if starts else {}),
    }


def _event_document(event: Event, rel: str, first_day: dt.datetime) -> dict[str, Any]:
    return {
        "doctype": "event",
        "id": stored_name(event.id),
        "event_id": stored_name(event.id),
        "path": stored_name(rel),
        "date": first_day,
        "order": _order(event),
        "row": listed_row(event),
        "text": event.text,
        "tags": list(event.tags),
        "speakers": [],
        # Everything `notes list` shows, so that it never has to open the note files.
        "about": {
            "event": event.title,
            "kind": event.kind,
            "location": event.location,
            "url": event.url,
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "tags": list(event.tags),
            # Where an imported programme came from: `import --update` finds the event by it.
            "programme": event.extra.get("programme")
            if isinstance(event.extra.get("programme"), dict)
            else None,
            "talks": [
                [
                    t.title,
                    [[s.name, s.role, s.company] for s in t.speakers],
                    list(t.tags),
                    t.format,
                    t.track,
                ]
                for t in event.talks
            ],
        },
    }


# marshal's format 4, which every Python 3 since 3.4 reads
_MARSHAL = 4


def listed_row(event: Event) -> bytes:
    """The event's row of `notes list`, as the index keeps it (`listed_of` reads it back)."""
    from notes_cli.listing import ListedEvent  # (a search loads none of listing.py)

    return marshal.dumps(dataclasses.astuple(ListedEvent.of(event)), _MARSHAL)


def listed_of(data: bytes) -> ListedEvent:
    from notes_cli.listing import ListedEvent

    return ListedEvent(*marshal.loads(data))


def _order(event: Event) -> str:
    """A key that sorts events newest first, then by title."""
    newest_first = 99_999_999 - int(event.date.strftime("%Y%m%d"))
    return f"{newest_first:08d} {event.title.casefold()}"


def event_of(root: Path, stored: dict[str, Any]) -> Event:
    about = stored["about"]
    return Event(
        id=original_name(stored["event_id"]),
        path=root / original_name(stored["path"]),
        title=about["event"],
        date=stored["date"].date(),
        end_date=dt.date.fromisoformat(about["end_date"]) if about["end_date"] else None,
        kind=about["kind"],
        location=about["location"],
        url=about["url"],
        tags=tuple(about["tags"]),
        talks=tuple(_talk(*talk) for talk in about["talks"]),
        extra={"programme": about["programme"]} if about.get("programme") else {},
    )


def tagged_talks(root: Path, stored: dict[str, Any], tag: str) -> list[tuple[Event, Talk, str]]:
    """(event, talk, talk id) of the talks of an event document whose own tags or the event's
    hold `tag` (case aside, as listing.TalkFilter compares them), in order; the event without
    its talks. No Talk is made for the others: `notes list --talks --tag` looks at every
    event's talks and shows a few of them."""
    about = stored["about"]
    wanted = tag.casefold()
    on_event = any(t.casefold() == wanted for t in about["tags"])
    chosen = [
        number
        for number, (_, _, tags, _, _) in enumerate(about["talks"])
        if on_event or any(t.casefold() == wanted for t in tags)
    ]
    if not chosen:
        return []
    event = event_of(root, {**stored, "about": {**about, "talks": []}})
    ids = talk_ids(event.id, [title for title, *_ in about["talks"]])
    return [(event, _talk(*about["talks"][number]), ids[number]) for number in chosen]


def _talk(title: str, speakers: list[list[str]], tags: list[str], format_: str, track: str) -> Talk:
    return Talk(
        title=title,
        speakers=tuple(Speaker(*speaker) for speaker in speakers),
        tags=tuple(tags),
        format=format_,
        track=track,
    )


def hit_of(root: Path, stored: dict[str, Any], score: float) -> Hit:
    stored = {**stored, **stored.get("about", {})}
    return Hit(
        id=original_name(stored["id"]),
        event_id=original_name(stored["event_id"]),
        event_title=stored.get("event", ""),
        event_kind=stored.get("kind", ""),
        date=stored["date"].date(),
        location=stored.get("location", ""),
        title=stored.get("title", stored.get("event", "")),
        speakers=tuple(Speaker(*s) for s in stored.get("speakers", [])),
        tags=tuple(stored.get("tags", [])),
        format=stored.get("format", ""),
        track=stored.get("track", ""),
        score=float(score),
        path=root / original_name(stored["path"]),
        is_event=stored["doctype"] == "event",
    )
