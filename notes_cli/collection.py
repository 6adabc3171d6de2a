"""The collection: the folder of note files, how it is found, and what is done to whole notes.

The folder is chosen in this order: `--dir`, `$NOTES_DIR`, `./notes` when it exists, else the
user data folder. Notes are the `.md` files under it, in any sub-folder that is not hidden; the
tool writes new ones to `YYYY/`. Hidden folders hold the tool's own things (`.trash/`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .addtalk import add_talk_text
from .errors import EventNotFound, NoteProblem, NotesError
from .files import atomic_write, locked, move_new
from .model import Draft, Event, Talk, event_id
from .notefile import Note, new_note_text, parse_note, read_note, read_text
from .saving import readable, update_note
from .walk import note_files

TRASH = ".trash"


def note_paths(root: Path, problems: list[NoteProblem] | None = None) -> Iterator[Path]:
    """Every note file under `root`, sorted (see note_files)."""
    for relative, _ in note_files(root, problems=problems):
        yield root / relative


@dataclass
class Collection:
    root: Path
    notes: list[Note] = field(default_factory=list)
    # Files that hold no usable event (bad YAML, no title...): reported and skipped.
    unreadable: list[NoteProblem] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        """Events newest first; events of the same day by title."""
        events = sorted((note.event for note in self.notes), key=lambda e: e.title.casefold())
        return sorted(events, key=lambda e: e.date, reverse=True)

    def problems(self) -> list[NoteProblem]:
        """Everything `notes check` reports, in file and line order."""
        found = [
            *(p for problem in self.unreadable for p in problem.every()),
            *(p for note in self.notes for p in note.problems),
        ]
        return sorted(found, key=lambda p: (str(p.path), p.line or 0))


def load(root: Path) -> Collection:
    collection = Collection(root=root)
    if not root.is_dir():
        return collection
    for path in note_paths(root, collection.unreadable):
        try:
            collection.notes.append(read_note(path))
        except NoteProblem as problem:
            collection.unreadable.append(problem)
    return collection


def resolve(events: Iterable[Event], ref: str) -> Event:
    """The one event `ref` names: its id, a unique prefix of it, or a unique piece of its title
    or id (case-insensitive). Anything else raises EventNotFound with the candidates."""
    events = list(events)
    wanted = ref.strip().casefold()
    if not wanted:
        raise EventNotFound(ref)
    for matches in (
        [e for e in events if e.id.casefold() == wanted],
        [e for e in events if e.id.casefold().startswith(wanted)],
        [e for e in events if wanted in e.title.casefold() or wanted in e.id.casefold()],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise EventNotFound(ref, _told_apart([e.path for e in matches]))
    raise EventNotFound(ref)


def _told_apart(paths: list[Path]) -> list[str]:
    """The notes' ids, with where each lives when two share one (`same.md` in two folders)."""
    ids = [path.stem for path in paths]
    if len(set(ids)) == len(ids):
        return ids
    common = Path(os.path.commonpath([path.parent for path in paths]))
    return [f"{path.stem} ({path.relative_to(common)})" for path in paths]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def path_by_name(root: Path, ref: str) -> Path | None:
    """The file of the event `ref` names by its file name alone: its id, its path, or a unique
    start of its id; None when no file name says. So a note too broken to read can still be
    opened, edited or trashed. Titles are the index's to match (Notebook.resolve)."""
    found = note_files(root) if root.is_dir() else []
    names = [(r.rpartition("/")[2][:-3].casefold(), r) for r, _ in found]  # no Path per note
    wanted = ref.strip().casefold()
    as_path = Path(ref).expanduser()
    for matches in (
        [r for stem, r in names if stem == wanted],
        [r for _, r in names if as_path.suffix == ".md" and _same_file(root / r, as_path)],
        [r for stem, r in names if wanted and stem.startswith(wanted)],
    ):
        if len(matches) == 1:
            return root / matches[0]
        if matches:
            raise EventNotFound(ref, _told_apart([root / r for r in matches]))
    return None


def events_mentioning(root: Path, piece: str, *, at_most: int) -> list[Event] | None:
    """The events whose front matter or file name holds `piece` (case aside), read from their
    files; None when more than `at_most` do (an index answers that faster than reading them
    all).

    This finds a talk by a piece of its title without loading the index: the first part of
    every note read (a thousand notes in about 10 ms), then the few that may hold it parsed
    (`notes jot`). What is compared is a superset of what a title match needs: a note is
    parsed when its front matter holds the piece anywhere.
    """
    wanted = piece.strip().casefold()
    ascii_piece = wanted.encode("utf-8") if wanted.isascii() else None
    candidates = []
    for relative, found in note_files(root, ordered=False) if root.is_dir() else []:
        # A piece of an id names its event too.
        name = relative.rpartition("/")[2]
        if wanted in name.casefold() or _mentions(found, wanted, ascii_piece):
            candidates.append(Path(found))
            if len(candidates) > at_most:
                return None
    events = []
    for path in sorted(candidates):
        try:
            events.append(read_note(path).event)
        except NoteProblem:
            continue  # a note that cannot be read is no talk's (check names it)
    return events


# The letters beyond ASCII whose case folding holds ASCII letters (ß -> ss, the Kelvin sign,
# ligatures such as ﬁ), as UTF-8.
_FOLDS_TO_ASCII = re.compile(
    b"|".join(re.escape(c.encode("utf-8")) for c in "ßİŉſǰẖẗẘẙẚẞ\u212aﬀﬁﬂﬃﬄﬅﬆ")
)


def _mentions(path: str, wanted: str, ascii_piece: bytes | None) -> bool:
    """Whether the note's front matter holds `wanted` (case folded)."""
    try:
        front = _front_bytes(path)
    except OSError:
        return False
    if ascii_piece is not None:
        # bytes.lower() folds ASCII only: enough, unless a letter such as ß folds to ASCII
        return ascii_piece in front.lower() or (
            _FOLDS_TO_ASCII.search(front) is not None
            and wanted in front.decode("utf-8", "replace").casefold()
        )
    return wanted in front.decode("utf-8", "replace").casefold()


def _front_bytes(path: str) -> bytes:
    """A note's bytes up to the line that closes its front matter (all of them when none does):
    read with one system call for most notes, without a file object."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.read(fd, 8192)
        while True:
            end = data.find(b"\n---", 3)
            if end >= 0:
                return data[:end]
            more = os.read(fd, 1 << 16)
            if not more:
                return data
            data += more
    finally:
        os.close(fd)


def event_ids(root: Path) -> list[str]:
    """The ids of every note, from file names alone (for shell completion)."""
    return [path.stem for path in note_paths(root)] if root.is_dir() else []


def _titled(draft: Draft) -> Draft:
    title = " ".join(draft.title.split())
    if not title:
        raise NotesError('an event needs a title: notes new "AWS User Group North, September 2016"')
    return replace(draft, title=title)


def _names(draft: Draft) -> Iterator[str]:
    """The ids a new note may take, in order: `<date>-<slug>`, then `-2`, `-3`..."""
    base = event_id(draft.date, draft.title)
    yield base
    yield from (f"{base}-{number}" for number in range(2, 10_000))


def new_note_path(root: Path, draft: Draft, taken: set[str]) -> Path:
    """Where create_event will write `draft`, given the ids `taken` (which gains the new one):
    what an import's dry run shows is what its real run writes."""
    draft = _titled(draft)
    name = next(name for name in _names(draft) if name not in taken)
    taken.add(name)
    return root / f"{draft.date.year:04d}" / f"{name}.md"


def create_event(root: Path, draft: Draft, *, taken: set[str] | None = None) -> Path:
    """Write a new note as `root/YYYY/<date>-<slug>.md` and return its path.

    An event with the same id anywhere in the collection is never overwritten: the new note
    gets `-2`, `-3`... instead. `taken`, the ids already in the collection, saves a scan of it
    per note when many are written (an import); it gains the new id.
    """
    draft = _titled(draft)
    text = new_note_text(draft)
    folder = root / f"{draft.date.year:04d}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotesError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from exc
    if taken is None:
        taken = set(event_ids(root))
    readable(text, folder / f"{event_id(draft.date, draft.title)}.md")
    for name in _names(draft):
        if name in taken:
            continue
        path = folder / f"{name}.md"
        try:
            atomic_write(path, text, exclusive=True)
        except FileExistsError:
            continue
        taken.add(name)
        return path
    raise NotesError(f"{folder}: too many events named {event_id(draft.date, draft.title)}")


def add_talk(event: Event, talk: Talk, then: Callable[[str], str] | None = None) -> None:
    """Append a talk to an event's front matter and an empty section for it to the body (and
    make the change `then` makes to that text, in the same write)."""
    if not " ".join(talk.title.split()):
        raise NotesError('a talk needs a title: notes add-talk EVENT "Talk title"')

    def change(text: str) -> str:
        added = add_talk_text(text, talk, event.path)
        return then(added) if then else added

    update_note(event.path, change)


def change_talk(path: Path, talk_id: str, keys: Mapping[str, Any]) -> bool:
    """Set (or, with amend.REMOVE, take out) keys of the talk `talk_id` of the note at `path`,
    every other byte kept. False when the talk already reads so (nothing is written)."""
    from .amend import REMOVE, TalkChange, change_talks

    def talk_in(text: str) -> Talk:
        event = parse_note(text, path).event
        for talk, found_id in zip(event.talks, event.talk_ids(), strict=True):
            if found_id == talk_id:
                return talk
        raise NotesError(f"{path}: the talk {talk_id} is no longer in the note")

    def unchanged(talk: Talk) -> bool:
        return all(
            (key not in talk.extra) if value is REMOVE else talk.extra.get(key) == value
            for key, value in keys.items()
        )

    if unchanged(talk_in(read_text(path))):
        return False

    def change(text: str) -> str:
        talk = talk_in(text)  # read again under the lock: the note may have changed meanwhile
        if unchanged(talk):
            return text
        return change_talks(text, path, [TalkChange(talk.line, keys)])

    update_note(path, change)
    return True


def trash(root: Path, path: Path) -> Path:
    """Move a note into the collection's `.trash/` folder, keeping its sub-folder; returns where.

    It holds the note's lock, as every writer does: a talk being added as the note is trashed
    lands in the trashed note, never in a note brought back to life at the old path.
    """
    try:
        relative = path.absolute().relative_to(root.absolute())
    except ValueError:
        relative = Path(path.name)
    target = root / TRASH / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locked(path):
            for number in range(1, 10_000):
                candidate = (
                    target if number == 1 else target.with_name(f"{target.stem}-{number}.md")
                )
                try:
                    move_new(path, candidate)  # never over an earlier trashed note
                except FileExistsError:
                    continue
                return candidate
    except FileNotFoundError as exc:
        raise NotesError(f"{path}: the note disappeared before it could be trashed") from exc
    except OSError as exc:
        raise NotesError(f"{path}: could not move it to the trash ({exc.strerror or exc})") from exc
    raise NotesError(f"{target.parent}: too many trashed notes named {target.stem}")
