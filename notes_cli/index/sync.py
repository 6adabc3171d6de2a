"""NoteIndex: the index of one collection, brought up to date when opened.

Every reader syncs first: a stat scan of the collection against the manifest. When nothing
changed (the usual case) no lock is taken and nothing is written. Otherwise, under the lock, the
changed files' documents are replaced in one writer and one commit, then the manifest is
replaced atomically. A rebuild (first use, new schema version, damage) writes a new generation
beside the old one and switches the manifest to it, so a reader never sees half an index.

A writer lock held by another process is waited on briefly; then the command answers from the
index as it is. A cache folder that cannot be written gives an index in memory instead. What
the user should hear about goes into the Report given, never to the screen.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage

from notes_cli.errors import NoteProblem, NotesError
from notes_cli.files import locked
from notes_cli.notefile import read_note
from notes_cli.results import Report

from .analysis import schema
from .documents import documents
from .store import Manifest, Stat, cache_folder, collector_paused, scan, stale

LOCK_TIMEOUT = 2.0  # seconds to wait for another process's writer before answering as is
PARALLEL_FROM = 200  # notes to (re)index before a build uses more than one process

Progress = Callable[[int, int], None]


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
        except PermissionError as exc:
            self._in_memory(f"cannot write the search index in {self.folder} ({exc.strerror})")
        except OSError as exc:
            self._in_memory(f"cannot use the search index in {self.folder} ({exc.strerror or exc})")
        self._progress = None  # the bar it was opened with is gone by the time it is read

    @property
    def empty(self) -> bool:
        """True when the collection holds no note files at all."""
        return not self.manifest.files

    # opening and syncing

    def _open(self, *, rebuild: bool) -> None:
        # Reading the manifest and scanning make tens of thousands of small objects that live
        # until the command ends: the cycle collector would only walk them again and again.
        with collector_paused():
            manifest = None if rebuild else Manifest.read(self.folder)
            if manifest is not None and os.environ.get("NOTES_BENCH_NO_SYNC"):
                self._attach(manifest)  # bench/run.py: the cost of a search without the sync
                return
            current = scan(self.root)
            unchanged = manifest is not None and self._changes(manifest, current) == ([], [])
        if manifest is not None and unchanged:
            try:
                self._attach(manifest)
                self._report_unreadable(manifest)
                return  # the usual case: nothing changed, nothing locked, nothing written
            except Exception:  # any damage means a rebuild, below
                manifest = None
        # With no index yet, another process holding the lock is building it: wait for it
        # rather than build a second one in memory.
        timeout = LOCK_TIMEOUT if manifest is not None else None
        with locked(self.folder / "lock", timeout=timeout, create=True) as held:
            if not held:
                self._answer_as_is(manifest)
                return
            # Another process may have synced while we waited: if so, look again.
            if not rebuild and (
                manifest is None or manifest.stamp != Manifest.stamp_of(self.folder)
            ):
                manifest = Manifest.read(self.folder)
                current = scan(self.root)
            if manifest is not None:
                try:
                    self._attach(manifest)
                    self._update(manifest, current)
                    return
                except Exception:  # a damaged index is rebuilt
                    self.report.notice("the search index was damaged; rebuilding it from the notes")
            elif not rebuild and (self.folder / "manifest.json").exists():
                self.report.notice(
                    "the search index is from another version or damaged; rebuilding it from the notes"
                )
            self._build(current)

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
        storage = FileStorage(str(self.folder / manifest.generation), supports_mmap=False)
        self.ix = storage.open_index()
        self.manifest = manifest

    @staticmethod
    def _changes(manifest: Manifest, current: dict[str, Stat]) -> tuple[list[str], list[str]]:
        changed = [rel for rel, stat in current.items() if stale(manifest.files.get(rel), stat)]
        removed = [rel for rel in manifest.files if rel not in current]
        return changed, removed

    def _update(self, manifest: Manifest, current: dict[str, Stat]) -> None:
        changed, removed = self._changes(manifest, current)
        if len(changed) >= PARALLEL_FROM and len(changed) > len(current) // 2:
            self._build(current)  # most of it is new: a parallel build beats one long writer
            return
        if changed or removed:
            writer = self.ix.writer(timeout=LOCK_TIMEOUT)
            try:
                for rel in (*removed, *changed):
                    writer.delete_by_term("path", rel)
                    manifest.files.pop(rel, None)
                self._add(writer, changed, current, manifest)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            manifest.write(self.folder)
        self._report_unreadable(manifest, skip=frozenset(changed))

    def _add(
        self, writer: Any, rels: list[str], current: dict[str, Stat], manifest: Manifest
    ) -> None:
        for number, rel in enumerate(rels, start=1):
            mtime, size, ctime = current[rel]
            problem: NoteProblem | None = None
            try:
                event = read_note(self.root / rel).event
            except NoteProblem as unreadable:
                problem = unreadable
            except Exception as exc:  # one odd file must not stop the others
                problem = NoteProblem(
                    self.root / rel, None, f"cannot be read ({type(exc).__name__}: {exc})"
                )
            if problem is None:
                for document in documents(event, rel):
                    writer.add_document(**document)
                manifest.files[rel] = [mtime, size, None, None, ctime]
            else:
                self.report.skipped(problem)
                manifest.files[rel] = [mtime, size, problem.line, problem.what, ctime]
            if self._progress:
                self._progress(number, len(rels))

    def _build(self, current: dict[str, Stat]) -> None:
        generation = f"index-{time.time_ns():x}-{os.getpid()}"
        storage = FileStorage(str(self.folder / generation), supports_mmap=False)
        storage.create()
        self.ix = storage.create_index(schema())
        manifest = Manifest(generation=generation)
        # Whoosh analyses in pure Python: on more than a few hundred notes, a writer process
        # per core, each writing its own segment, builds the index about 2.6 times faster
        # (1,000 events: 23 s -> 9 s on two cores) for a search that stays as fast.
        procs = min(2, os.cpu_count() or 1) if len(current) >= PARALLEL_FROM else 1
        options = {"procs": procs, "multisegment": True} if procs > 1 else {}
        writer = self.ix.writer(limitmb=128, **options)
        try:
            self._add(writer, sorted(current), current, manifest)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        manifest.write(self.folder)
        self.manifest = manifest
        for old in self.folder.glob("index-*"):
            if old.name != generation:
                shutil.rmtree(old, ignore_errors=True)

    def _in_memory(self, why: str) -> None:
        self.report.notice(f"{why}: searching without it")
        self.in_memory = True
        self.ix = RamStorage().create_index(schema())
        self.manifest = Manifest()
        writer = self.ix.writer()
        current = scan(self.root)
        self._add(writer, sorted(current), current, self.manifest)
        writer.commit()

    def _report_unreadable(self, manifest: Manifest, skip: frozenset[str] = frozenset()) -> None:
        for rel, (_, _, line, what, _) in sorted(manifest.files.items()):
            if what and rel not in skip:
                self.report.skipped(NoteProblem(self.root / rel, line, what))

    def heal(self, progress: Progress | None = None) -> None:
        """Rebuild after the index failed while being read (a damaged segment, say)."""
        self.report.notice("the search index was damaged; rebuilding it from the notes")
        with locked(self.folder / "lock", timeout=LOCK_TIMEOUT, create=True) as held:
            if not held:
                raise NotesError(
                    "the search index is damaged and another notes process holds it; try again"
                )
            self._progress = progress
            try:
                self._build(scan(self.root))
            finally:
                self._progress = None


def open_index(
    root: Path,
    *,
    progress: Progress | None = None,
    rebuild: bool = False,
    report: Report | None = None,
) -> NoteIndex:
    return NoteIndex(root, progress=progress, rebuild=rebuild, report=report)
