"""What `notes import PROGRAMME --update` changes in the event imported from that programme.

The programme owns its facts: a talk's speakers, track, code, room, start, duration, links and
abstract follow it. The user owns everything else: the sections, tags and format (which a user
may have corrected), stars, ratings, keys of their own. A talk of the programme is matched to
the note's by its code, else by its title (compared as a section heading is). A talk the
programme no longer lists is marked `cancelled: true`, and unmarked when it comes back; a talk
the user added by hand (with none of a programme's facts) is never marked.

Which event a programme updates: the one whose `programme:` names the same format and name
(what import records), else the one with the same id, else the conference that shares most of
its talks with the programme (an event imported before the note recorded where it came from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .amend import REMOVE, TalkChange
from .model import Draft, Event, Talk, event_id, heading_key
from .results import KeyChange, TalkUpdate

# Keys a programme owns, in the order a change lists them.
OWNED = ("start", "duration", "room", "speakers", "track", "code", "links", "abstract")
# A talk with one of these came from a programme: dropped from it, it is cancelled.
FACTS = ("code", "start", "room", "duration")


@dataclass(frozen=True)
class Refresh:
    """The changes that bring an event up to date with its programme."""

    talk_changes: tuple[TalkChange, ...]
    added: tuple[Talk, ...]
    event_keys: dict[str, Any]
    updates: tuple[TalkUpdate, ...]
    event_changes: tuple[KeyChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.talk_changes or self.added or self.event_keys)


def source_of(extra: Any) -> tuple[str, str] | None:
    """(format, name) of the programme an event's `programme:` names, or None."""
    programme = extra.get("programme") if hasattr(extra, "get") else None
    if not isinstance(programme, dict):
        return None
    kind, name = programme.get("format"), programme.get("name")
    if isinstance(kind, str) and isinstance(name, str | int) and kind and str(name):
        return kind, str(name)
    return None


def target_of(draft: Draft, events: Iterable[Event]) -> list[Event]:
    """The events `draft` (a programme read) updates: normally one; none when it was never
    imported; several when the collection holds more than one copy of it."""
    events = list(events)
    wanted = source_of(draft.extra)
    if wanted:
        same = [e for e in events if source_of(e.extra) == wanted]
        if same:
            return same
    same_id = [e for e in events if e.id == event_id(draft.date, draft.title)]
    if same_id:
        return same_id
    # Shares most of the programme's talks (and most of its own talks are the programme's).
    titles = {heading_key(talk.title) for talk in draft.talks}
    best: list[tuple[float, Event]] = []
    for event in events:
        if not event.talks or event.kind not in ("conference", ""):
            continue
        shared = sum(heading_key(talk.title) in titles for talk in event.talks)
        if shared and shared >= len(event.talks) / 2 and shared >= len(titles) / 2:
            best.append((shared / max(len(titles), len(event.talks)), event))
    best.sort(key=lambda item: -item[0])
    return [best[0][1]] if best else []


def _programme_value(talk: Talk, key: str) -> Any:
    if key == "speakers":
        return [speaker.to_dict() for speaker in talk.speakers] or None
    if key == "track":
        return talk.track or None
    value = talk.extra.get(key)
    return None if value in (None, "", []) else value


def _same_start(old: Any, new: Any) -> bool:
    """The same moment, written with the same offset (a start the user rewrote by hand in
    another form is not changed for that)."""
    from .talkfacts import parsed_start

    first, second = parsed_start(str(old)), parsed_start(str(new))
    if first is None or second is None:
        return str(old) == str(new)
    if (first.tzinfo is None) != (second.tzinfo is None):
        return False
    return first == second and first.utcoffset() == second.utcoffset()


def _differs(key: str, old: Any, new: Any) -> bool:
    if key == "start":
        return not _same_start(old, new)
    if isinstance(old, dt.date):
        old = old.isoformat()
    return bool(old != new)


def refresh(event: Event, draft: Draft) -> Refresh:
    """What brings `event` (read from its note) up to date with `draft` (the programme)."""
    by_code: dict[str, int] = {}
    by_title: dict[str, list[int]] = {}
    for number, talk in enumerate(event.talks):
        code = talk.extra.get("code")
        if isinstance(code, str) and code:
            by_code.setdefault(code.casefold(), number)
        by_title.setdefault(heading_key(talk.title), []).append(number)
    matched: dict[int, Talk] = {}
    added: list[Talk] = []
    for given in draft.talks:
        code = given.extra.get("code")
        found = by_code.get(code.casefold()) if isinstance(code, str) and code else None
        if found is None or found in matched:
            left = [n for n in by_title.get(heading_key(given.title), []) if n not in matched]
            found = left[0] if left else None
        if found is None:
            added.append(given)
        else:
            matched[found] = given
    talk_changes: list[TalkChange] = []
    updates: list[TalkUpdate] = []
    for index, talk in enumerate(event.talks):
        new = matched.get(index)
        if new is None:
            if talk.extra.get("cancelled") is not True and any(k in talk.extra for k in FACTS):
                talk_changes.append(TalkChange(talk.line, {"cancelled": True}))
                updates.append(TalkUpdate(talk.title, "cancelled"))
            continue
        changes = [
            KeyChange(key, _programme_value(talk, key), value)
            for key in OWNED
            if (value := _programme_value(new, key)) is not None
            and _differs(key, _programme_value(talk, key), value)
        ]
        keys: dict[str, Any] = {change.key: change.new for change in changes}
        restored = talk.extra.get("cancelled") is True
        if restored:
            keys["cancelled"] = REMOVE
        if keys:
            talk_changes.append(TalkChange(talk.line, keys))
            updates.append(
                TalkUpdate(talk.title, "restored" if restored else "changed", tuple(changes))
            )
    updates += [TalkUpdate(talk.title, "added") for talk in added]
    event_keys = {
        key: value
        for key, value in draft.extra.items()
        if key in ("programme", "timezone") and event.extra.get(key) != value
    }
    if not talk_changes and not added and _only_the_file(event.extra, event_keys):
        event_keys = {}  # a programme saved under another name, with nothing new in it
    event_changes = tuple(KeyChange(k, event.extra.get(k), v) for k, v in event_keys.items())
    return Refresh(tuple(talk_changes), tuple(added), event_keys, tuple(updates), event_changes)


def _only_the_file(extra: Any, keys: dict[str, Any]) -> bool:
    """Whether the only change is the name of the file the programme was read from."""
    if set(keys) != {"programme"}:
        return False
    old, new = extra.get("programme"), keys["programme"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    return {k: v for k, v in old.items() if k != "file"} == {
        k: v for k, v in new.items() if k != "file"
    }


def summary(updates: Sequence[TalkUpdate]) -> str:
    """`3 talks changed, 1 added, 1 cancelled`."""
    counts: dict[str, int] = {}
    for update in updates:
        counts[update.what] = counts.get(update.what, 0) + 1
    parts = [
        f"{counts[what]} {what}"
        for what in ("changed", "added", "cancelled", "restored")
        if what in counts
    ]
    if not parts:
        return "up to date"
    first, *rest = parts
    number, word = first.split(" ", 1)
    return ", ".join([f"{number} talk{'s' if number != '1' else ''} {word}", *rest])
