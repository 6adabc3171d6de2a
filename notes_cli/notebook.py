"""A Notebook: one collection as a command sees it, opened once per command.

The layer between the commands (cli/) and the core modules. A command opens the Notebook of its
collection (`Notebook.open(root)`) and calls its operations; each returns values (results.py)
whose reading is done before anything is printed, so that nothing the index does can fail
half-way through printing them. A listing of thousands of events is read a chunk at a time,
each chunk in full (and healed) before its first row prints: the first screen comes at once.

The search index is opened the first time an operation needs it, and synced then. It is healed
here and nowhere else: an operation that finds it damaged rebuilds it once and runs again. What
the user should hear about on the way (a rebuild, a skipped note) gathers in one Report, which
the command line prints once, when the command ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .conferencing import Conferencing
from .errors import ImportFailed, MissingDate, NoteProblem, NotesError
from .finding import Finding
from .folders import find_root
from .handling import Handling
from .lazy import lazy_import
from .model import Draft, Event, Talk
from .notefile import read_note
from .report import Report

if TYPE_CHECKING:  # whoosh is imported only by the operations that read the index
    from . import collection, listing
    from .export import Exported, Page
    from .index.sync import NoteIndex
    from .listing import ListedEvent, TalkFilter
    from .results import (
        Checked,
        ImportPlan,
        IndexFacts,
        InitResult,
        Related,
        SyncResult,
        SyncStatus,
    )
else:  # loaded when first used: a search reads no whole note, lists nothing (lazy.lazy_import)
    collection = lazy_import("notes_cli.collection")
    listing = lazy_import("notes_cli.listing")

T = TypeVar("T")
Update = Callable[[int, int], None]
# A progress bar: `bars(label, at_least)` is a context whose value is a `(done, total)` callback.
Bars = Callable[[str, int], AbstractContextManager[Update]]
# Events a listing reads from the index at once: its first screen waits for no more.
LISTED_AT_ONCE = 200
# Asked when a post gives no date: the answer typed, or None when no one can be asked.
AskDate = Callable[[Path], str | None]


@contextlib.contextmanager
def no_bars(label: str, at_least: int = 0) -> Iterator[Update]:
    yield lambda done, total: None


@dataclass(frozen=True)
class ImportOptions:
    """What `notes import` was asked to take, and how."""

    track: str | None = None
    match: str | None = None
    date: dt.date | None = None  # of a post that gives none
    skip_existing: bool = False
    # A dry run shows an undated post's talks (under undated/) instead of asking for its date.
    dry_run: bool = False


class Notebook(Handling, Conferencing, Finding):
    """The collection at `root`, its index (opened when first needed) and one report."""

    def __init__(self, root: Path, *, bars: Bars = no_bars, named: bool = False) -> None:
        self.root = root
        self.report = Report()
        self._bars = bars
        self._index: NoteIndex | None = None
        # A folder the user named (--dir) must exist to be read: a typo is no empty collection.
        self._named = named

    @classmethod
    def open(cls, root: Path | None = None, *, bars: Bars = no_bars) -> Notebook:
        """The Notebook of `root` (--dir), else of the collection found as folders.find_root
        says. A collection that is a file is an error."""
        found = find_root(root)
        if found.exists() and not found.is_dir():
            raise NotesError(f"{found} is a file, not a folder of notes")
        return cls(found, bars=bars, named=root is not None)

    def _readable(self) -> None:
        if self._named and not self.root.exists():
            raise NotesError(
                f"{self.root}: no such folder; give --dir a folder of notes (notes new creates one)"
            )

    # --- the index ------------------------------------------------------------------------

    def _opened(self, *, rebuild: bool = False) -> NoteIndex:
        self._readable()
        if self._index is None or rebuild:
            from .index.sync import open_index

            with self._bars("indexing notes", 0 if rebuild else 100) as update:
                self._index = open_index(
                    self.root, progress=update, rebuild=rebuild, report=self.report
                )
        return self._index

    def _read(self, work: Callable[[NoteIndex], T]) -> T:
        """`work` on the synced index; if the index turns out damaged, rebuilt once, again."""
        index = self._opened()
        try:
            return work(index)
        except NotesError:
            raise
        except Exception:  # whatever a damaged file raises, the cure is a rebuild
            if index.in_memory:
                raise
            with self._bars("indexing notes", 100) as update:
                index.heal(progress=update)
            return work(index)

    @property
    def empty(self) -> bool:
        """True when the collection holds no note files at all."""
        return self._opened().empty

    # --- reading --------------------------------------------------------------------------

    def resolve(self, ref: str) -> Path:
        """The file of the event `ref` names: its id, a unique start of it, or a unique piece of
        its title or id. File names are tried first, so a note too broken to read can still be
        opened, edited or trashed by its id; titles come from the index (no file is parsed)."""
        self._readable()
        by_name = collection.path_by_name(self.root, ref)
        if by_name is not None:
            return by_name
        return collection.resolve(self._all_events(), ref).path

    def event(self, ref: str) -> Event:
        """The event `ref` names, read from its file."""
        return read_note(self.resolve(ref)).event

    def _chunked(self, opens: Callable[[NoteIndex], Any]) -> Iterator[list[Any]]:
        """Chunks of what `opens(index)` reads, each read in full (healed if need be) first."""
        opened: list[Any] = []

        def chunk(index: NoteIndex, start: int) -> list[Any]:
            if not opened or opened[0].ix is not index.ix:  # first, or rebuilt since
                while opened:
                    opened.pop().close()
                opened.append(opens(index))
            return list(opened[0].chunk(start, LISTED_AT_ONCE))

        start = 0
        try:
            while found := self._read(functools.partial(chunk, start=start)):
                start += len(found)
                yield found
        finally:
            while opened:
                opened.pop().close()

    def _all_events(self) -> Iterator[Event]:
        """Every event, newest first, from the index's stored values (see _chunked)."""
        from .index.documents import event_of
        from .index.queries import StoredEvents

        for stored in self._chunked(StoredEvents):
            yield from (event_of(self.root, fields) for fields in stored)

    def listed(self, wanted: TalkFilter) -> Iterator[ListedEvent]:
        """The rows `notes list` shows (the index's, unless the filters look at talks)."""
        from .index.listed import ListedRows

        if wanted.needs_talks:
            return map(listing.ListedEvent.of, self.events(wanted))
        return (
            row for rows in self._chunked(ListedRows) for row in rows if wanted.row_matches(row)
        )

    def events(self, wanted: TalkFilter) -> Iterator[Event]:
        """The events `notes list` shows, newest first (see _all_events)."""
        return listing.filter_events(self._all_events(), wanted)

    def talks(self, wanted: TalkFilter) -> Iterator[tuple[Event, Talk, str]]:
        """(event, talk, talk id) of the talks `notes list --talks` shows (see _all_events); with
        a tag, the events' talks of that tag (without the other talks of each event)."""
        if not wanted.tag or wanted.ids is not None:
            return listing.filter_talks(self._all_events(), wanted)
        from .index.documents import tagged_talks
        from .index.queries import StoredEvents

        tag = wanted.tag
        return (
            (event, talk, talk_id)
            for stored in self._chunked(StoredEvents)
            for fields in stored
            for event, talk, talk_id in tagged_talks(self.root, fields, tag)
            if wanted.event_matches(event) and wanted.talk_matches(event, talk)
        )

    def related(self, ref: str, *, limit: int = 10) -> Related:
        """The talk `ref` names (as `talk` reads it) and the talks like it."""
        from .index import queries
        from .results import Related

        found = self.talk(ref)

        def work(index: NoteIndex) -> Related:
            talk = queries.find_talk(index, found.id)
            return Related(talk=talk, hits=queries.related(index, talk, limit=limit))

        return self._read(work)

    def stats(self, by: str, query: str | None = None) -> list[tuple[str, int]]:
        from .index import queries

        return self._read(lambda index: queries.stats(index, by, query))

    def facts(self, *, rebuild: bool = False) -> IndexFacts:
        """What the index holds, after bringing it up to date (or rebuilding it)."""
        from .index import queries

        if rebuild and self._opened(rebuild=True).in_memory:
            assert self._index is not None
            raise NotesError(f"the index could not be written in {self._index.folder}")
        return self._read(lambda index: queries.facts(index.tidy()))

    def check(self) -> Checked:
        """Every problem of every note, as `notes check` lists them."""
        from .results import Checked

        self._readable()
        found = collection.load(self.root)
        return Checked(found.problems(), len(found.notes) + len(found.unreadable))

    def problems_in(self, path: Path) -> list[NoteProblem]:
        """What is wrong with one note (nothing: an empty list)."""
        try:
            return read_note(path).problems
        except NoteProblem as problem:
            return problem.every()

    # --- writing --------------------------------------------------------------------------

    def create(self, draft: Draft) -> Path:
        """Write a new note for `draft` (never over another); returns its path."""
        return collection.create_event(self.root, draft)

    def trash(self, path: Path) -> Path:
        """Move a note to the collection's trash; returns where it went."""
        return collection.trash(self.root, path)

    # --- import ---------------------------------------------------------------------------

    def plan_import(
        self, paths: Sequence[Path], options: ImportOptions, ask_date: AskDate | None = None
    ) -> ImportPlan:
        """What importing `paths` writes, and where: the same paths in a dry run and a real one."""
        from .importers import selected
        from .results import ImportPlan

        files = _files_to_import(paths)
        failed: list[ImportFailed] = []
        drafts: list[tuple[Path, Draft]] = []
        # A bar for a folder of posts or a big schedule (the re:Invent catalogue is 3 MB); a
        # file or two of ordinary size are read before a bar could say anything.
        size = sum(p.stat().st_size for p in files if p.is_file())
        with self._bars("importing", 1 if size > 1_000_000 else 20) as update:
            for number, path in enumerate(files, start=1):
                try:
                    found = self._read_import(path, options, ask_date)
                except ImportFailed as problem:
                    failed.append(problem)
                    continue
                drafts += [
                    (path, selected(d, track=options.track, match=options.match)) for d in found
                ]
                update(number, len(files))
        from .importers.posts import UNDATED
        from .placing import placed

        notes, skipped, known = placed(
            self.root, drafts, skip_existing=options.skip_existing, undated=UNDATED
        )
        return ImportPlan(self.root, notes, tuple(failed), skipped, known=known)

    def _read_import(
        self, path: Path, options: ImportOptions, ask_date: AskDate | None
    ) -> list[Draft]:
        """The drafts in one file. A post without a date takes --date, else the date asked
        for; in a dry run, it is shown undated (and the real run will ask)."""
        from .importers import read_file

        try:
            return read_file(path, default_date=options.date)
        except MissingDate as missing:
            if options.dry_run:
                self.report.notice(str(missing))
                return list(getattr(missing, "drafts", []))
            answer = ask_date(path) if ask_date else None
            if answer is None:
                raise
        try:
            day = dt.date.fromisoformat(answer.strip())
        except ValueError:
            raise ImportFailed(path, f"'{answer}' is not a date") from None
        return read_file(path, default_date=day)

    def explain(self, paths: Sequence[Path]) -> list[tuple[Path, list[Any]]]:
        """`import --explain`: for each post, every block weighed as a talk, and why."""
        from .importers import explain_file

        files = _files_to_import(paths)
        return [(path, explain_file(path)) for path in files]

    def apply(self, plan: ImportPlan) -> ImportPlan:
        """Write the notes of `plan`; the plan as written (a note whose name was taken since it
        was planned gets the next free one)."""
        from .results import Planned

        taken = set(collection.event_ids(self.root))
        written = tuple(
            Planned(collection.create_event(self.root, note.draft, taken=taken), note.draft)
            for note in plan.notes
        )
        return replace(plan, notes=written, written=True)

    # --- export ---------------------------------------------------------------------------

    def export(self, refs: Sequence[str], *, every: bool, format: str) -> Exported:
        """The posts of the events named (or all, newest first) in `format`: one per event, or
        for `json`, one document of them all (what `export --format json` prints). A note that
        cannot be read is left out, and named in the report."""
        from . import export

        if every:
            self._readable()
            found = collection.load(self.root)
            events, skipped = found.events, found.unreadable
        else:
            events, skipped = [self.event(ref) for ref in refs], []
        for problem in skipped:
            self.report.skipped(problem)
        if format == "json":
            return export.Exported(
                [export.json_page(e) for e in events], skipped, export.json_text(events)
            )
        return export.Exported([export.FORMATS[format](event) for event in events], skipped)

    def write_pages(self, out: Path, pages: Sequence[Page]) -> int:
        """Write the pages into `out`, never into the collection; returns how many changed."""
        from . import export

        return export.write_pages(self.root, out, pages)

    # --- sharing through git ----------------------------------------------------------------

    def init(self, *, git: bool) -> InitResult:
        """Make the collection's folder; with `git`, a repository for it (gitsync.py)."""
        from . import gitsync

        return gitsync.init(self.root, git=git)

    def sync(self, *, message: str | None = None, merge: bool = False) -> SyncResult:
        """Commit the notes that changed, bring in the upstream's, push ours (gitsync.py)."""
        from . import gitsync

        done = gitsync.sync(self.root, message=message, merge=merge)
        if message is not None and not done.commit:
            self.report.notice("nothing to commit, so --message was not used")
        return done

    def sync_status(self) -> SyncStatus:
        """What a sync would commit, and how the branch stands (no fetch)."""
        from . import gitsync

        return gitsync.status(self.root)


def _files_to_import(paths: Sequence[Path]) -> list[Path]:
    from .importers import files_to_import

    files = list(files_to_import(paths))
    if not files:
        raise NotesError("no posts or schedules to import in " + ", ".join(str(p) for p in paths))
    return files
