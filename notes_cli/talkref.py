"""How a command names a talk: `EVENT/piece` (an id is one), or a piece of its title alone.

Inside an event, a piece names the talk whose id ends with it, else whose id's last part starts
with it, else whose title holds it (case aside); across the collection, the talk whose title
holds it. A piece that names several talks is an error that lists their ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import TalkNotFound
from .model import Event, Talk, heading_key


@dataclass(frozen=True)
class TalkRef:
    """One talk of one event, as read from its note."""

    event: Event
    index: int

    @property
    def talk(self) -> Talk:
        return self.event.talks[self.index]

    @property
    def id(self) -> str:
        return self.event.talk_ids()[self.index]

    @property
    def occurrence(self) -> int:
        """How many talks before it share its title (the reader pairs sections in order)."""
        key = heading_key(self.talk.title)
        return sum(heading_key(t.title) == key for t in self.event.talks[: self.index])


def event_part(ref: str) -> tuple[str, str] | None:
    """(EVENT, piece) of `EVENT/piece`, or None when `ref` names no event part."""
    event, slash, piece = ref.strip().partition("/")
    if not slash or not event.strip() or not piece.strip():
        return None
    return event, piece


def in_event(event: Event, piece: str, ref: str) -> TalkRef:
    """The talk of `event` that `piece` names (see the module's docstring)."""
    wanted = piece.strip().casefold()
    slugs = [talk_id.rsplit("/", 1)[1] for talk_id in event.talk_ids()]
    for matches in (
        [n for n, slug in enumerate(slugs) if slug == wanted],
        [n for n, slug in enumerate(slugs) if slug.startswith(wanted)],
        [n for n, talk in enumerate(event.talks) if wanted in talk.title.casefold()],
    ):
        if len(matches) == 1:
            return TalkRef(event, matches[0])
        if matches:
            raise TalkNotFound(ref, [event.talk_ids()[n] for n in matches])
    raise TalkNotFound(ref)


def titled(events: list[Event], piece: str, ref: str) -> TalkRef:
    """The one talk among `events` whose title holds `piece` (case aside)."""
    wanted = piece.strip().casefold()
    found = [
        TalkRef(event, number)
        for event in events
        for number, talk in enumerate(event.talks)
        if wanted and wanted in talk.title.casefold()
    ]
    if len(found) == 1:
        return found[0]
    raise TalkNotFound(ref, sorted(f.id for f in found))
