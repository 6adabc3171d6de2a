"""What the operations that check, import, update, share and tidy return: what `notes check`
found, import and update plans, a sync through git, a rename, a note in the trash; and what
`notes index` shows of the index, which a search does not make either.

Plain frozen dataclasses, as results.py's are, and named there too (`from .results import
Checked` works): kept apart so that a search, which makes none of them, does not create their
classes at every start (about 0.4 ms each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ImportFailed, NoteProblem
from .model import Draft, Event


@dataclass(frozen=True)
class Checked:
    """What `notes check` found: every problem, in file and line order, and the notes read."""

    problems: list[NoteProblem]
    files: int


@dataclass(frozen=True)
class Planned:
    """One note an import writes (or, in a dry run, would write): where, and what."""

    path: Path
    draft: Draft
    # False for a post that gives no date, shown by a dry run (the real run asks for one).
    dated: bool = True

    @property
    def event(self) -> Event:
        return Event.of(self.draft, id=self.path.stem, path=self.path)


@dataclass(frozen=True)
class Known:
    """A post imported before: where it comes from, and the note that holds it."""

    source: Path
    title: str
    path: Path


@dataclass(frozen=True)
class ImportPlan:
    """What an import writes, at the paths the real run uses, and what it cannot import."""

    root: Path
    notes: tuple[Planned, ...]
    failed: tuple[ImportFailed, ...]
    # Events already in the collection, left alone (--skip-existing).
    skipped: int = 0
    written: bool = False
    # Posts imported before, left alone.
    known: tuple[Known, ...] = ()


@dataclass(frozen=True)
class KeyChange:
    """A key of a talk that a programme changed: its old value and the new one (None: gone)."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TalkUpdate:
    """One talk's part of `import --update`, as a dry run shows it."""

    title: str
    what: str  # "changed", "added", "cancelled", "restored"
    changes: tuple[KeyChange, ...] = ()


@dataclass(frozen=True)
class Updated:
    """An event brought up to date with its programme (or, in a dry run, to be)."""

    path: Path
    draft: Draft  # the programme as read (its talks selected as the event's were)
    updates: tuple[TalkUpdate, ...] = ()
    # The event's own keys that change (programme:, timezone:), old and new.
    event_changes: tuple[KeyChange, ...] = ()
    new: bool = False  # never imported before: written as a new note

    @property
    def unchanged(self) -> bool:
        return not (self.updates or self.event_changes or self.new)


@dataclass(frozen=True)
class UpdatePlan:
    """What `import --update` changes, event by event, and the files it cannot read."""

    root: Path
    events: tuple[Updated, ...]
    failed: tuple[ImportFailed, ...]
    written: bool = False


# --- sharing through git ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One note that changed: what happened to it, its event id, its path in the collection."""

    what: str  # added | edited | deleted | trashed | restored
    event: str
    path: str


@dataclass(frozen=True)
class InitResult:
    """What `notes init` made: the folder, and with --git the repository and its first commit."""

    root: Path
    created: bool  # the folder was made
    notes: int  # notes it already held
    git: str  # "" (not asked), "created", or "existing" (already in a work tree, used as it is)
    top: Path | None  # the work tree's top folder
    commit: str  # the first commit, when one was made


@dataclass(frozen=True)
class SyncStatus:
    """What `notes sync --status` shows: what a sync would commit, and how the branch stands."""

    branch: str | None
    upstream: str | None
    pending: tuple[Change, ...]  # what a sync would commit
    conflicted: tuple[str, ...]  # notes in conflict (paths in the collection)
    ahead: int  # as of the last fetch
    behind: int
    operation: str | None  # a rebase or merge in progress


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: committed, brought in, pushed, merged, finished."""

    branch: str
    upstream: str
    committed: tuple[Change, ...]
    commit: str  # the commit made, "" when there was nothing to commit
    incoming: tuple[Change, ...]  # what others changed
    outgoing: tuple[Change, ...]  # what went out with the push
    pushed: int  # commits pushed
    merged: tuple[str, ...]  # notes changed on both sides, merged here
    resumed: str  # the rebase or merge a previous sync left, finished by this one


@dataclass(frozen=True)
class Renamed:
    """An event renamed by `notes mv`: its old id and path, and the event as it is now."""

    old_id: str
    old_path: Path
    event: Event  # as it reads now

    @property
    def path(self) -> Path:
        return self.event.path


@dataclass(frozen=True)
class Trashed:
    """A note in the trash: where it is, when it was put there, and what it holds."""

    path: Path
    relative: Path  # below .trash/
    trashed: dt.datetime
    event: Event | None  # None when it cannot be read
    problem: str = ""

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        return self.event.title if self.event else ""


@dataclass(frozen=True)
class IndexFacts:
    """What `notes index` says the index holds, and where it is."""

    location: Path
    events: int
    talks: int
    synced: str
    in_memory: bool
