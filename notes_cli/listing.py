"""Filters of `notes list`: which events and talks a user asked for, and an event's row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Event, Talk


@dataclass(frozen=True)
class ListedEvent:
    """What a row of `notes list` shows of an event (the index keeps it ready: listing 10,000
    events makes no Event and no Talk)."""

    id: str
    year: int
    dates: str  # as Event.dates(short=True) writes them
    kind: str
    title: str
    talks: int
    location: str

    @classmethod
    def of(cls, event: Event) -> ListedEvent:
        return cls(
            event.id,
            event.date.year,
            event.dates(short=True),
            event.kind,
            event.title,
            len(event.talks),
            event.location,
        )


@dataclass(frozen=True)
class TalkFilter:
    """Case-insensitive filters; speaker and company match a part of the name."""

    year: int | None = None
    kind: str | None = None
    tag: str | None = None
    speaker: str | None = None
    company: str | None = None
    # Only the talks of these ids (the starred or unwritten ones, as the index knows them).
    ids: frozenset[str] | None = None

    def event_matches(self, event: Event) -> bool:
        return self._matches(event.date.year, event.kind)

    def row_matches(self, row: ListedEvent) -> bool:
        """event_matches, for an event's row."""
        return self._matches(row.year, row.kind)

    def _matches(self, year: int, kind: str) -> bool:
        if self.year is not None and year != self.year:
            return False
        return not (self.kind and kind.casefold() != self.kind.casefold())

    def talk_matches(self, event: Event, talk: Talk) -> bool:
        if self.tag:
            tags = {t.casefold() for t in (*event.tags, *talk.tags)}
            if self.tag.casefold() not in tags:
                return False
        if self.speaker and not any(
            self.speaker.casefold() in s.name.casefold() for s in talk.speakers
        ):
            return False
        return not (
            self.company
            and not any(self.company.casefold() in s.company.casefold() for s in talk.speakers)
        )

    @property
    def about_talks(self) -> bool:
        return bool(self.speaker or self.company)

    @property
    def needs_talks(self) -> bool:
        """Whether choosing the events takes their talks (else their rows are enough)."""
        return bool(self.tag or self.about_talks or self.ids is not None)


def filter_talks(events: Iterable[Event], wanted: TalkFilter) -> Iterator[tuple[Event, Talk, str]]:
    """(event, talk, talk id) of every matching talk, in the order of the events given."""
    for event in events:
        if not wanted.event_matches(event):
            continue
        # The ids are made (a slug per talk) only for an event with a talk to show.
        matching = [n for n, talk in enumerate(event.talks) if wanted.talk_matches(event, talk)]
        if not matching:
            continue
        talk_ids = event.talk_ids()
        for number in matching:
            if wanted.ids is None or talk_ids[number] in wanted.ids:
                yield event, event.talks[number], talk_ids[number]


def filter_events(events: Iterable[Event], wanted: TalkFilter) -> Iterator[Event]:
    """Matching events; with a tag, speaker or company filter, events with a matching talk.

    An event tagged with the tag matches even when it has no talks yet.
    """
    for event in events:
        if not wanted.event_matches(event):
            continue
        tag_on_event = wanted.tag and wanted.tag.casefold() in {t.casefold() for t in event.tags}
        if (wanted.tag or wanted.about_talks) and not (
            (tag_on_event and not wanted.about_talks)
            or any(wanted.talk_matches(event, talk) for talk in event.talks)
        ):
            continue
        yield event
