"""The Notebook's operations on one talk and on whole notes: naming a talk, jotting into it,
taking it out; renaming a note, listing the trash and taking a note back out of it.

A talk is named as talkref.py says. `EVENT/piece` is read from the event's file alone; a piece
of a title alone is looked for in the notes' front matter first (a jot during a talk should
not wait for the index), and in the index when too many notes mention it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import EventNotFound, TalkNotFound
from .lazy import lazy_import
from .model import Event, Talk
from .notefile import parse_note, read_note, read_text
from .saving import update_note

if TYPE_CHECKING:
    from . import collection, talkref
    from .index.sync import NoteIndex
    from .listing import TalkFilter
    from .results import Hit, Renamed, Trashed
    from .talkref import TalkRef
else:  # loaded when first used: a search names no talk (lazy.lazy_import)
    collection = lazy_import("notes_cli.collection")
    talkref = lazy_import("notes_cli.talkref")

T = TypeVar("T")
# A piece of a title that this many notes mention is looked for in the index instead.
MENTIONS = 25


class Operations:
    """What the Notebook gives the operations mixed into it (Handling, conferencing's)."""

    root: Path

    def resolve(self, ref: str) -> Path:
        raise NotImplementedError

    def event(self, ref: str) -> Event:
        raise NotImplementedError

    def talk(self, ref: str) -> TalkRef:
        raise NotImplementedError

    def talks(self, wanted: TalkFilter) -> Iterator[tuple[Event, Talk, str]]:
        raise NotImplementedError

    def _all_events(self) -> Iterator[Event]:
        raise NotImplementedError

    def _read(self, work: Callable[[NoteIndex], T]) -> T:
        raise NotImplementedError


class Handling(Operations):
    """Mixed into Notebook, which gives `root`, `resolve`, `event` and the index."""

    def _talk_hit(self, ref: str) -> Hit:
        """The talk `ref` names, as the index has it (its id, or a piece of its title)."""
        from .index import queries

        return self._read(lambda index: queries.find_talk(index, ref))

    def add_talk(self, ref: str, talk: Talk, note: Sequence[str] = ()) -> Path:
        """Add `talk` to the event `ref` names, with `note` (list items) in its section;
        returns the note's path. One write: the talk and its note, or nothing."""
        found = self.event(ref)
        if not note:
            collection.add_talk(found, talk)
            return found.path
        path = found.path
        from .talkedit import jot_text

        collection.add_talk(
            found, talk, then=lambda text: jot_text(text, path, talk.title, 0, note)
        )
        return path

    def talk(self, ref: str) -> TalkRef:
        """The talk `ref` names: `EVENT/piece` (a talk id is one), or a unique piece of a title
        (which may hold a slash: `CI/CD`)."""
        parts = talkref.event_part(ref)
        in_event: EventNotFound | None = None
        if parts is not None:
            try:
                event = self._event_quickly(parts[0])
                return talkref.in_event(event, parts[1], ref)
            except EventNotFound as missing:  # a TalkNotFound too
                in_event = missing
        try:
            return self._titled(ref)
        except TalkNotFound as missing:
            if in_event is not None and (in_event.candidates or not missing.candidates):
                raise in_event from None
            raise

    def _titled(self, ref: str) -> TalkRef:
        """The talk whose title holds `ref`: from the front matter of the notes that mention
        it, or from the index when many do."""
        events = collection.events_mentioning(self.root, ref, at_most=MENTIONS)
        if events is not None:
            try:
                return talkref.titled(events, ref, ref)
            except TalkNotFound as missing:
                if missing.candidates:  # several titles hold it: the index would say no more
                    raise
        return self._indexed_talk(ref)

    def _event_quickly(self, ref: str) -> Event:
        """The event `ref` names, as `resolve` finds it, without the index when the notes that
        mention it are few: a jot's `EVENT/piece` costs a read of the front matter."""
        by_name = collection.path_by_name(self.root, ref)
        if by_name is not None:
            return read_note(by_name).event
        events = collection.events_mentioning(self.root, ref, at_most=MENTIONS)
        if events is None:
            return read_note(self.resolve(ref)).event
        return collection.resolve(events, ref)

    def _indexed_talk(self, ref: str) -> TalkRef:
        hit = self._talk_hit(ref)
        event = read_note(hit.path).event
        ids = event.talk_ids()
        if hit.id not in ids:  # changed since the index read it
            raise TalkNotFound(ref)
        return talkref.TalkRef(event, ids.index(hit.id))

    def shown(self, ref: str) -> Event | TalkRef:
        """What `show` is given: an event, else a talk."""
        try:
            return read_note(self.resolve(ref)).event
        except EventNotFound as missing:
            if missing.candidates:
                raise
        return self._talk_or_nothing(ref)

    def editing(self, ref: str) -> tuple[Path, int | None]:
        """The note `edit` opens, and the line to open it at: an event's (found by its file
        name first, so that a note too broken to read can be opened), else a talk's section."""
        try:
            return self.resolve(ref), None
        except EventNotFound as missing:
            if missing.candidates:
                raise
        found = self._talk_or_nothing(ref)
        from .talkedit import section_line  # the editing of sections: loaded by what edits

        text = read_text(found.event.path)
        line = section_line(text, found.event.path, found.talk.title, found.occurrence)
        return found.event.path, line or found.talk.line

    def _talk_or_nothing(self, ref: str) -> TalkRef:
        """The talk `ref` names; when it names none, an error that says no event or talk does."""
        try:
            return self.talk(ref)
        except TalkNotFound as missing:
            if missing.candidates:
                raise
            raise EventNotFound(ref, nor_talk=True) from None

    def jot(self, ref: str, lines: Sequence[str]) -> TalkRef:
        """Append `lines` (list items) to the section of the talk `ref` names."""
        from .talkedit import jot_text

        found = self.talk(ref)
        path = found.event.path

        def change(text: str) -> str:
            now = _again(text, path, found, ref)
            return jot_text(text, path, now.talk.title, now.occurrence, lines)

        update_note(path, change)
        return found

    def remove_talk(self, ref: str) -> TalkRef:
        """Take the talk out of its event, its notes kept in the event's own text."""
        from .talkedit import remove_talk_text

        found = self.talk(ref)
        path = found.event.path

        def change(text: str) -> str:
            now = _again(text, path, found, ref)
            return remove_talk_text(text, path, now.event.talks, now.index)

        update_note(path, change)
        return found

    def rename(self, ref: str, *, title: str | None, date: dt.date | None) -> Renamed:
        """Give an event a new title and/or date, and the id (file name) that goes with them."""
        event = read_note(self.resolve(ref)).event
        taken = set(collection.event_ids(self.root))
        from .renaming import rename

        return rename(self.root, event, taken, title=title, date=date)

    def trashed(self) -> list[Trashed]:
        """The notes in the trash, the last one trashed first."""
        from . import trashcan

        return trashcan.trashed(self.root)

    def restore(self, ref: str) -> tuple[Trashed, Path]:
        """Put the trashed note `ref` names back where it was; (the note, where it is now)."""
        from . import trashcan

        note = trashcan.find(trashcan.trashed(self.root), ref)
        return note, trashcan.restore(self.root, note, set(collection.event_ids(self.root)))


def _again(text: str, path: Path, found: TalkRef, ref: str) -> TalkRef:
    """The talk `found` in the note's text as it is now, under its lock."""
    event = parse_note(text, path).event
    ids = event.talk_ids()
    if found.id not in ids:
        raise TalkNotFound(ref)
    return talkref.TalkRef(event, ids.index(found.id))
