"""NoteIndex: the index of one collection, brought up to date when opened.

Every reader syncs first: a stat scan of the collection against the manifest. When nothing
changed (the usual case) no lock is taken and nothing is written. Otherwise, under the lock, the
changed files' documents are replaced in one writer and one commit, then the manifest is
replaced atomically. A rebuild (first use, new schema version, damage) writes a new generation
beside the old one and switches the manifest to it, so a reader never sees half an index.

A writer lock held by another process is waited on briefly, never for ever; then the command
answers from the index as it is, or, with no index yet or a damaged one, from the files (an
index in memory). A cache folder that cannot be written gives an index in memory too, and is
not called damaged. Under the lock, what killed builds left (old generations, temporary files)
is cleared. What the user should hear about goes into the Report given, never to the screen.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from notes_cli.errors import NoteProblem
from notes_cli.files import locked, remove_abandoned
from notes_cli.readahead import told
from notes_cli.report import Report

from .analysis import schema
from .documents import Read, read_documents, stored_name
from .manifest import Entry, Manifest, changes, entry
from .scanning import Scan, Stat, scan
from .storage import CacheStorage, MemoryStorage
from .store import cache_folder, clear_litter, collector_paused, has_litter

LOCK_TIMEOUT = 2.0  # seconds to wait for another process's writer before answering as is
# With no index yet, another process holding the lock is most likely building it: worth a
# longer wait than an update, but not for ever (a stuck process must not stop every reader).
FIRST_BUILD_WAIT = 10.0
PARALLEL_FROM = 200  # notes to (re)index before a build uses more than one process
# Segments an update leaves small (the few documents of the notes it read) are never merged by
# a command that searches: Whoosh's own policy merged the build's large ones too, one update
# in about eleven (+330 ms on 10,000 events), and merging even a small one costs about 30 ms
# (Whoosh reads it term by term). Each costs a search well under a millisecond, and one whose
# notes were all edited again since goes at no cost; `notes index` merges the rest into one,
# and a rebuild leaves none.
SMALL_SEGMENT = 1_000  # documents

Progress = Callable[[int, int], None]

# Errors that say the cache folder cannot be written (a read-only disk, another user's cache,
# a full disk): no damage, so no rebuild, an index in memory.
_CANNOT_WRITE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT)


def _cannot_write(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _CANNOT_WRITE


class NoteIndex:
    """The index of one collection, brought up to date when opened."""

    def __init__(
        self,
        root: Path,
        *,
        progress: Progress | None = None,
        rebuild: bool = False,
        report: Report | None = None,
    ) -> None:
        self.root = root
        self.folder = cache_folder(root)
        self.report = report if report is not None else Report()
        self.in_memory = False
        self._progress = progress
        self.ix: Any = None
        self.manifest = Manifest()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._open(rebuild=rebuild)
        except OSError as exc:
            verb = "write" if _cannot_write(exc) else "use"
            self._in_memory(
                f"cannot {verb} the search index in {self.folder} ({exc.strerror or exc})"
            )
        self._progress = None  # the bar it was opened with is gone by the time it is read

    @property
    def empty(self) -> bool:
        """True when the collection holds no note files at all."""
        return len(self.manifest) == 0

    # opening and syncing

    def _open(self, *, rebuild: bool) -> None:
        # Reading the manifest and scanning make tens of thousands of small objects that live
        # until the command ends: the cycle collector would only walk them again and again.
        with collector_paused():
            manifest = None if rebuild else Manifest.read(self.folder)
            if manifest is not None and os.environ.get("NOTES_BENCH_NO_SYNC"):
                self._attach(manifest)  # bench/run.py: the cost of a search without the sync
                return
            stamp, notes = (
                (None, 0) if manifest is None else (manifest.stamp, manifest.about_how_many())
            )
            unchanged, current = told(self.folder, stamp, notes, meanwhile=_to_update)
            if current is not None:  # the read-ahead's scan (readahead.py), which tidies nothing
                remove_abandoned(current.abandoned)
            elif not unchanged:
                current = scan(self.root, manifest.folders if manifest is not None else None)
            if current is not None:
                unchanged = manifest is not None and (
                    manifest.same_as(current) or changes(manifest, current) == ([], [])
                )
                self._report_scan(current)
        if manifest is not None and unchanged:
            try:
                self._attach(manifest)
                self._report_unreadable(manifest)
            except Exception as exc:  # any damage means a rebuild, below
                if _cannot_write(exc):
                    raise
                manifest = None
            else:
                if has_litter(self.folder, manifest.generation):
                    self._clear_litter()
                return  # the usual case: nothing changed, nothing locked, nothing written
        timeout = LOCK_TIMEOUT if manifest is not None else FIRST_BUILD_WAIT
        with locked(self.folder / "lock", timeout=timeout, create=True) as held:
            if not held:
                self._answer_as_is(manifest)
                return
            # Another process may have synced while we waited: if so, look again.
            if current is None or (
                not rebuild
                and (manifest is None or manifest.stamp != Manifest.stamp_of(self.folder))
            ):
                manifest = Manifest.read(self.folder)
                current = scan(self.root, manifest.folders if manifest is not None else None)
            if manifest is not None:
                try:
                    self._attach(manifest)
                    self._update(manifest, current)
                    clear_litter(self.folder, self.manifest.generation)
                    return
                except Exception as exc:  # a damaged index is rebuilt
                    if _cannot_write(exc):
                        raise
                    self.report.notice("the search index was damaged; rebuilding it from the notes")
            elif not rebuild and os.path.lexists(self.folder / "manifest.json"):
                self.report.notice(
                    "the search index is from another version or damaged; rebuilding it from the notes"
                )
            self._build(current)

    def _clear_litter(self) -> None:
        """Clear the litter if the lock is free at once (a build in progress is no litter)."""
        with (
            contextlib.suppress(OSError),
            locked(self.folder / "lock", timeout=0, create=True) as held,
        ):
            current = Manifest.read(self.folder) if held else None
            if current is not None:  # read again under the lock: the generation now in use
                clear_litter(self.folder, current.generation)

    def _answer_as_is(self, manifest: Manifest | None) -> None:
        if manifest is not None:
            with contextlib.suppress(Exception):
                self._attach(manifest)
                self._report_unreadable(manifest)
                self.report.notice(
                    "another notes process is updating the search index; answering from it as it is"
                )
                return
        self._in_memory("another notes process is building the search index")

    def _attach(self, manifest: Manifest) -> None:
        storage = CacheStorage(str(self.folder / manifest.generation), supports_mmap=False)
        self.ix = storage.open_index()
        self.manifest = manifest

    def _update(self, manifest: Manifest, current: Scan) -> None:
        at = manifest.edited_at(current)
        stats: Mapping[str, Stat]
        entries: dict[str, Entry | None]
        if at is not None:  # the files as read, some edited: no other entry is even unpacked
            stats = {current.paths[n]: current.stat_at(n) for n in at}
            changed, removed, entries = list(stats), list[str](), {}
        else:
            changed, removed = changes(manifest, current)
            stats, entries = current.files, manifest.files
        if len(changed) >= PARALLEL_FROM and len(changed) > len(current.paths) // 2:
            self._build(current)  # most of it is new: a parallel build beats one long writer
            return
        if changed or removed:
            writer = _writer(self.ix, timeout=LOCK_TIMEOUT, inline=True)
            try:
                for rel in (*removed, *changed):
                    writer.delete_by_term("path", stored_name(rel))
                    entries.pop(rel, None)
                self._add(writer, changed, stats, entries, current.read)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=_emptied_dropped)
            if at is not None:
                manifest.now_as_scanned(current, entries)
            manifest.write(self.folder, current)
        self._report_unreadable(manifest, skip=frozenset(changed))

    def tidy(self) -> NoteIndex:
        """Merge the small segments updates left into one (`notes index`), under the lock when
        it is free at once (a busy index stays as it is)."""
        if self.in_memory:
            return self
        with self.ix.reader() as reader:
            if len(_small(reader.leaf_readers())) < 2:
                return self
        with locked(self.folder / "lock", timeout=0, create=True) as held:
            if held:
                _writer(self.ix, timeout=0).commit(mergetype=_small_merged)
                self.ix = self.ix.refresh()
        return self

    def _add(
        self,
        writer: Any,
        rels: list[str],
        current: Mapping[str, Stat],
        entries: dict[str, Entry | None],
        read: dict[str, Read] | None = None,
    ) -> None:
        """Index the notes at `rels` (each one as `read` has it, when it does: the scan
        ahead's), and put each one's entry (its stat in `current`, what kept it out) into
        `entries`."""
        for number, rel in enumerate(rels, start=1):
            known = read.get(rel) if read else None
            found, problem = known if known is not None else read_documents(self.root, rel)
            for document in found:
                writer.add_document(**document)
            if problem is not None:
                self.report.skipped(problem)
            entries[rel] = entry(current[rel], problem)
            if self._progress:
                self._progress(number, len(rels))

    def _build(self, current: Scan) -> None:
        generation = f"index-{time.time_ns():x}-{os.getpid()}"
        target = self.folder / generation
        manifest_path = self.folder / "manifest.json"
        if manifest_path.is_dir() and not manifest_path.is_symlink():
            shutil.rmtree(manifest_path)  # the cache folder is ours: nothing else goes there
        try:
            storage = CacheStorage(str(target), supports_mmap=False)
            storage.create()
            self.ix = storage.create_index(schema())
            manifest = Manifest(generation=generation)
            self._write_all(current, manifest)
            manifest.write(self.folder, current)
        except BaseException:
            self.ix = None
            shutil.rmtree(target, ignore_errors=True)
            raise
        self.manifest = manifest
        clear_litter(self.folder, generation)

    def _write_all(self, current: Scan, manifest: Manifest) -> None:
        # Whoosh analyses in pure Python: on more than a few hundred notes, a writer process
        # per core, each writing its own segment, builds the index about 2.6 times faster
        # (1,000 events: 23 s -> 9 s on two cores) for a search that stays as fast.
        procs = min(2, os.cpu_count() or 1) if len(current.files) >= PARALLEL_FROM else 1
        if procs > 1:
            from .workers import BuildWriter

            writer = BuildWriter(self.ix, procs=procs, multisegment=True, limitmb=128)
        else:
            writer = _writer(self.ix, limitmb=128)
        try:
            self._add(writer, sorted(current.files), current.files, manifest.files)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _in_memory(self, why: str) -> None:
        self.report.notice(f"{why}: searching without it")
        self.in_memory = True
        self.ix = MemoryStorage().create_index(schema())
        self.manifest = Manifest()
        current = scan(self.root)
        self._report_scan(current)
        writer = _writer(self.ix)
        self._add(writer, sorted(current.files), current.files, self.manifest.files)
        writer.commit()

    def _report_scan(self, current: Scan) -> None:
        for problem in current.problems:
            self.report.skipped(problem)

    def _report_unreadable(self, manifest: Manifest, skip: frozenset[str] = frozenset()) -> None:
        for rel, line, what in manifest.unreadable():
            if rel not in skip:
                self.report.skipped(NoteProblem(self.root / rel, line, what))

    def heal(self, progress: Progress | None = None) -> None:
        """Rebuild after the index failed while being read (a damaged segment, say); when
        another process holds the index, answer from the files instead."""
        with locked(self.folder / "lock", timeout=LOCK_TIMEOUT, create=True) as held:
            if not held:
                self._in_memory("the search index is damaged and another notes process holds it")
                return
            self.report.notice("the search index was damaged; rebuilding it from the notes")
            self._progress = progress
            try:
                self._build(scan(self.root))
            except OSError as exc:
                verb = "write" if _cannot_write(exc) else "use"
                self._in_memory(
                    f"cannot {verb} the search index in {self.folder} ({exc.strerror or exc})"
                )
            finally:
                self._progress = None


def _to_update() -> None:
    """Load what updating the index takes: Whoosh's writer and ours, and the random segment
    names (done while the scan ahead is still at work: readahead.told)."""
    import random  # noqa: F401 (whoosh names a new segment with it: lazy.whoosh_lean)

    from . import writing  # noqa: F401


def _writer(ix: Any, **options: Any) -> Any:
    from .writing import Writer  # Whoosh's writing module: only for a command that writes

    return Writer(ix, **options)


def _small(readers: Any) -> list[Any]:
    return [reader for reader, _ in readers if reader.doc_count_all() < SMALL_SEGMENT]


def _emptied_dropped(writer: Any, segments: list[Any]) -> list[Any]:
    """A merge policy for Whoosh that merges nothing, and leaves out the segments whose every
    document has been deleted (a note edited again and again: jots during a talk)."""
    return [segment for segment in segments if segment.doc_count() > 0]


def _small_merged(writer: Any, segments: list[Any]) -> list[Any]:
    """A merge policy for Whoosh: every small segment merged into the writer's own, the
    large ones (a build's) left as they are."""
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s.doc_count_all() >= SMALL_SEGMENT]


def open_index(
    root: Path,
    *,
    progress: Progress | None = None,
    rebuild: bool = False,
    report: Report | None = None,
) -> NoteIndex:
    return NoteIndex(root, progress=progress, rebuild=rebuild, report=report)
