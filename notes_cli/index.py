"""The search index: a Whoosh cache of every talk, kept in step with the note files.

The Markdown files are the truth; the index is a disposable cache in the user cache folder, one
folder per collection:

    <cache>/<collection>-<hash>/
        manifest.json      schema version, current generation, (mtime, size) of every file
        index-<gen>/       the Whoosh index of that generation
        lock               held while writing

Every reader syncs first: a stat scan of the collection against the manifest. When nothing
changed (the usual case) no lock is taken and nothing is written. Otherwise, under the lock, the
changed files' documents are replaced in one writer and one commit, then the manifest is
replaced atomically. A rebuild (first use, new schema version, damage) writes a new generation
beside the old one and switches the manifest to it, so a reader never sees half an index.

A writer lock held by another process is waited on briefly; then the command answers from the
index as it is. A cache folder that cannot be written gives an index in memory instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .lazy import whoosh_without_urllib

whoosh_without_urllib()  # before the first whoosh import

# isort: off
from whoosh import fields, highlight, sorting
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS, Filter, RegexTokenizer, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.support.charset import accent_map
# isort: on

from . import query as queries
from .collection import note_files
from .errors import NoteProblem, NotesError, TalkNotFound
from .files import locked, remove_abandoned, replace_file
from .model import Event, Speaker, Talk, heading_key, slugify
from .notefile import body_sections, read_note, read_text

SCHEMA_VERSION = 6
LOCK_TIMEOUT = 2.0  # seconds to wait for another process's writer before answering as is
PARALLEL_FROM = 200  # notes to (re)index before a build uses more than one process

Progress = Callable[[int, int], None]


# --- analysis --------------------------------------------------------------------------------


_JOINER = re.compile(r"[-:'’.]")
_PART = re.compile(r"[^-:'’.]+")


@functools.lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(porter_stem(word))


def _fold(text: str) -> str:
    """Lower case, accents folded (`Café` -> `cafe`), with a fast path for ASCII words."""
    text = text.lower()
    return text if text.isascii() else text.translate(accent_map)


class Words(Filter):
    """What each word becomes in the index, in one pass: index builds spend most of their time
    here, and every filter chained in Whoosh costs a generator step per word.

    - `re:Invent`, `api-gateway`, `Co-operatives`: the parts, and (when indexing) the parts
      joined, so that `reinvent` finds `re:Invent` and `"api gateway"` still finds the phrase;
    - lower case, accents folded;
    - with `stem`: stop words and one-letter words left out, the rest stemmed
      (`containers` -> `contain`).

    Kept words get consecutive positions, as phrase queries expect.
    """

    def __init__(self, *, stem: bool) -> None:
        self.stem = stem
        self.is_morph = stem

    def _skip(self, word: str) -> bool:
        return self.stem and (len(word) < 2 or word in STOP_WORDS)

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        stem = self.stem
        pos = -1
        for token in tokens:
            text = token.text
            if _JOINER.search(text) is None:
                word = _fold(text)
                if self._skip(word):
                    if not token.removestops:
                        token.text, token.stopped = word, True
                        yield token
                    continue
                pos += 1
                token.text, token.stopped = (_stem(word) if stem else word), False
                if token.positions:
                    token.pos = pos
                yield token
                continue
            parts = [(match.group(), match.start()) for match in _PART.finditer(text)]
            start = token.startchar if token.chars else 0
            if token.mode != "query":
                word = _fold("".join(part for part, _ in parts))
                token.text, token.stopped = (_stem(word) if stem else word), False
                if token.positions:
                    token.pos = pos + 1
                yield token
            for part, offset in parts:
                word = _fold(part)
                if self._skip(word):
                    continue
                pos += 1
                token.text, token.stopped = (_stem(word) if stem else word), False
                if token.positions:
                    token.pos = pos
                if token.chars:
                    token.startchar = start + offset
                    token.endchar = token.startchar + len(part)
                yield token


class Normalise(Filter):
    """Lower case and accents folded, nothing else: for tags and names kept whole."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = _fold(token.text)
            yield token


WORD = r"\w+(?:[-:'’.]\w+)*"
PART = "\x1e"  # separates the weighted parts of a `text` value


class WeightedTokenizer(Tokenizer):  # type: ignore[misc]
    """Words, weighted by the part of the value they stand in: `title PART tags PART rest`.

    A word's weight counts as its frequency when a document is scored, so a talk whose title
    says "lambda" outranks one whose notes say it once, and a plain word needs one posting list
    (the `text` field) instead of one per field searched.
    """

    WEIGHTS = (3.0, 2.0, 1.0)

    def __init__(self) -> None:
        self.words = RegexTokenizer(WORD)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        start_pos: int = 0,
        start_char: int = 0,
        **kwargs: Any,
    ) -> Iterator[Any]:
        pos, char = start_pos, start_char
        for number, part in enumerate(value.split(PART)):
            weight = self.WEIGHTS[min(number, len(self.WEIGHTS) - 1)]
            for token in self.words(
                part, positions=positions, chars=chars, start_pos=pos, start_char=char, **kwargs
            ):
                token.boost = weight
                if positions:
                    pos = token.pos + 1
                yield token
            char += len(part) + len(PART)


def _analyzer(*, stem: bool, weighted: bool = False) -> Any:
    return (WeightedTokenizer() if weighted else RegexTokenizer(WORD)) | Words(stem=stem)


def _lines_analyzer() -> Any:
    """One token per line: tags, kinds and exact names, case- and accent-insensitive."""
    return RegexTokenizer(r"[^\n]+") | Normalise()


def schema() -> fields.Schema:
    text = _analyzer(stem=True)
    names = _analyzer(stem=False)
    exact = RegexTokenizer(r"[^\n]+")
    return fields.Schema(
        doctype=fields.ID(stored=True),
        id=fields.ID(stored=True),
        event_id=fields.ID(stored=True),
        path=fields.ID(stored=True),
        date=fields.DATETIME(stored=True, sortable=True),  # the first day: for sorting
        days=fields.DATETIME(),  # every day of the event: for `date:` queries
        year=fields.KEYWORD(),
        kind=fields.TEXT(analyzer=_lines_analyzer(), stored=True, phrase=False),
        format=fields.TEXT(analyzer=_lines_analyzer(), stored=True, phrase=False),
        title=fields.TEXT(analyzer=text, stored=True),
        event=fields.TEXT(analyzer=text, stored=True),
        location=fields.TEXT(analyzer=names, stored=True),
        speaker=fields.TEXT(analyzer=names),
        company=fields.TEXT(analyzer=names),
        role=fields.TEXT(analyzer=text),
        tag=fields.TEXT(analyzer=_lines_analyzer()),
        track=fields.TEXT(analyzer=names, stored=True),
        # Everything about a talk, notes included, title and tag words weighted: plain words
        # search this field alone.
        text=fields.TEXT(analyzer=_analyzer(stem=True, weighted=True)),
        # The unstemmed words of titles, names and tags, for "did you mean".
        words=fields.TEXT(analyzer=names, phrase=False),
        tags=fields.STORED(),
        about=fields.STORED(),  # an event document's event fields, stored but not searched
        order=fields.ID(sortable=True),  # events newest first, for `notes list`
        speakers=fields.STORED(),
        f_topic=fields.TEXT(analyzer=_lines_analyzer(), phrase=False),
        f_speaker=fields.TEXT(analyzer=exact, phrase=False),
        f_company=fields.TEXT(analyzer=exact, phrase=False),
        f_event=fields.TEXT(analyzer=exact, phrase=False),
    )


def _days(event: Event) -> list[dt.datetime]:
    """Every day the event runs (a conference is found by any of its days), at most 31."""
    last = event.end_date if event.end_date and event.end_date > event.date else event.date
    count = min((last - event.date).days, 30) + 1
    return [dt.datetime.combine(event.date + dt.timedelta(days=n), dt.time()) for n in range(count)]


def _documents(event: Event, rel: str) -> Iterator[dict[str, Any]]:
    """One document per talk, with the event's fields; one more for the event's own text.

    The event's document is found only by the words of its text: a query for `kind:meetup` or
    `year:2016` answers with talks, not with every event as well.
    """
    days = _days(event)
    common = {
        "event_id": event.id,
        "path": rel,
        "date": days[0],
        "event": event.title,
        "kind": event.kind,
        "location": event.location,
    }
    for talk, talk_id in zip(event.talks, event.talk_ids(), strict=True):
        names = "\n".join(s.name for s in talk.speakers)
        companies = "\n".join(s.company for s in talk.speakers if s.company)
        roles = "\n".join(s.role for s in talk.speakers if s.role)
        tags = "\n".join(dict.fromkeys((*talk.tags, *event.tags)))
        yield {
            **common,
            "doctype": "talk",
            "id": talk_id,
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
            "text": PART.join(
                (
                    talk.title,
                    tags,
                    "\n".join(
                        (
                            names,
                            companies,
                            roles,
                            talk.track,
                            event.title,
                            event.location,
                            talk.notes,
                        )
                    ),
                )
            ),
            "words": "\n".join(
                (talk.title, names, companies, tags, talk.track, event.title, event.location)
            ),
            "tags": list(talk.tags),
            "speakers": [[s.name, s.role, s.company] for s in talk.speakers],
            "f_topic": "\n".join(talk.tags),
            "f_speaker": names,
            "f_company": companies,
        }
    yield {
        "doctype": "event",
        "id": event.id,
        "event_id": event.id,
        "path": rel,
        "date": days[0],
        "order": _order(event),
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


def _order(event: Event) -> str:
    """A key that sorts events newest first, then by title."""
    newest_first = 99_999_999 - int(event.date.strftime("%Y%m%d"))
    return f"{newest_first:08d} {event.title.casefold()}"


def _event_of(root: Path, stored: dict[str, Any]) -> Event:
    about = stored["about"]
    return Event(
        id=stored["event_id"],
        path=root / stored["path"],
        title=about["event"],
        date=stored["date"].date(),
        end_date=dt.date.fromisoformat(about["end_date"]) if about["end_date"] else None,
        kind=about["kind"],
        location=about["location"],
        url=about["url"],
        tags=tuple(about["tags"]),
        talks=tuple(
            Talk(
                title=title,
                speakers=tuple(Speaker(*speaker) for speaker in speakers),
                tags=tuple(tags),
                format=format_,
                track=track,
            )
            for title, speakers, tags, format_, track in about["talks"]
        ),
    )


# --- the cache folder ------------------------------------------------------------------------


def cache_folder(root: Path) -> Path:
    """Where the index of the collection at `root` lives: never inside the collection."""
    base = os.environ.get("NOTES_CACHE_DIR")
    if base:
        parent = Path(base).expanduser()
    else:
        import platformdirs

        parent = Path(platformdirs.user_cache_dir("notes", appauthor=False))
    absolute = root.expanduser().absolute()
    digest = hashlib.sha256(str(absolute).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return parent / f"{slugify(absolute.name, fallback='notes')}-{digest}"


@dataclass
class Manifest:
    generation: str = ""
    synced: str = ""
    # relative path -> [mtime_ns, size, problem line or None, problem text or None, ctime_ns]
    files: dict[str, list[Any]] = field(default_factory=dict)
    # Which manifest file this was read from: it is replaced, never rewritten, on every write.
    stamp: tuple[int, int] | None = None

    @staticmethod
    def stamp_of(folder: Path) -> tuple[int, int] | None:
        try:
            stat = os.stat(folder / "manifest.json")
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            stamp = cls.stamp_of(folder)
            data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA_VERSION:
                return None
            return cls(
                generation=str(data["generation"]),
                synced=str(data["synced"]),
                files=dict(data["files"]),
                stamp=stamp,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, folder: Path) -> None:
        self.synced = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        document = {
            "schema": SCHEMA_VERSION,
            "generation": self.generation,
            "synced": self.synced,
            "files": self.files,
        }
        # A cache: replaced whole, but not flushed to disk (a crash costs a rebuild at most).
        data = json.dumps(document, separators=(",", ":")).encode("utf-8")
        replace_file(folder / "manifest.json", data, durable=False)
        self.stamp = self.stamp_of(folder)


Stat = tuple[int, int, int]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _scan(root: Path) -> dict[str, Stat]:
    """(mtime_ns, size, ctime_ns) of every note file, by path relative to the collection.

    Temporary files that killed writers left behind are removed on the way.
    """
    found = {}
    temporaries: list[str] = []
    for relative, entry in note_files(root, ordered=False, temporaries=temporaries):
        try:
            stat = entry.stat()
        except OSError:
            continue  # vanished, or a dangling symlink: not a note
        found[relative] = (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns)
    if temporaries:
        remove_abandoned(temporaries)
    return found


def _stale(known: list[Any] | None, stat: Stat) -> bool:
    """Whether a file must be read again: new, or changed; an unreadable one also when only its
    status changed (a chmod that makes it readable changes neither mtime nor size)."""
    if known is None:
        return True
    if known[3] is not None:
        return (known[0], known[1], known[4]) != stat
    return (known[0], known[1]) != stat[:2]


# --- the index -------------------------------------------------------------------------------


@dataclass
class Report:
    """What a sync has to tell the user (the CLI prints it; this module never does)."""

    notices: list[str] = field(default_factory=list)
    unreadable: list[NoteProblem] = field(default_factory=list)


class NoteIndex:
    """The index of one collection, brought up to date when opened."""

    def __init__(
        self, root: Path, *, progress: Progress | None = None, rebuild: bool = False
    ) -> None:
        self.root = root
        self.folder = cache_folder(root)
        self.report = Report()
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

    @property
    def empty(self) -> bool:
        """True when the collection holds no note files at all."""
        return not self.manifest.files

    # opening and syncing

    def _open(self, *, rebuild: bool) -> None:
        # Reading the manifest and scanning make tens of thousands of small objects that live
        # until the command ends: the cycle collector would only walk them again and again.
        with _collector_paused():
            manifest = None if rebuild else Manifest.read(self.folder)
            if manifest is not None and os.environ.get("NOTES_BENCH_NO_SYNC"):
                self._attach(manifest)  # bench/run.py: the cost of a search without the sync
                return
            current = _scan(self.root)
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
                current = _scan(self.root)
            if manifest is not None:
                try:
                    self._attach(manifest)
                    self._update(manifest, current)
                    return
                except Exception:  # a damaged index is rebuilt
                    self.report.notices.append(
                        "the search index was damaged; rebuilding it from the notes"
                    )
            elif not rebuild and (self.folder / "manifest.json").exists():
                self.report.notices.append(
                    "the search index is from another version or damaged; rebuilding it from the notes"
                )
            self._build(current)

    def _answer_as_is(self, manifest: Manifest | None) -> None:
        if manifest is not None:
            with contextlib.suppress(Exception):
                self._attach(manifest)
                self._report_unreadable(manifest)
                self.report.notices.append(
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
        changed = [rel for rel, stat in current.items() if _stale(manifest.files.get(rel), stat)]
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
                for document in _documents(event, rel):
                    writer.add_document(**document)
                manifest.files[rel] = [mtime, size, None, None, ctime]
            else:
                self.report.unreadable.append(problem)
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
        self.report.notices.append(f"{why}: searching without it")
        self.in_memory = True
        self.ix = RamStorage().create_index(schema())
        self.manifest = Manifest()
        writer = self.ix.writer()
        current = _scan(self.root)
        self._add(writer, sorted(current), current, self.manifest)
        writer.commit()

    def _report_unreadable(self, manifest: Manifest, skip: frozenset[str] = frozenset()) -> None:
        for rel, (_, _, line, what, _) in sorted(manifest.files.items()):
            if what and rel not in skip:
                self.report.unreadable.append(NoteProblem(self.root / rel, line, what))

    def heal(self) -> None:
        """Rebuild after the index failed while being read (a damaged segment, say)."""
        self.report.notices.append("the search index was damaged; rebuilding it from the notes")
        self.report.unreadable.clear()
        with locked(self.folder / "lock", timeout=LOCK_TIMEOUT, create=True) as held:
            if not held:
                raise NotesError(
                    "the search index is damaged and another notes process holds it; try again"
                )
            self._build(_scan(self.root))


def open_index(root: Path, *, progress: Progress | None = None, rebuild: bool = False) -> NoteIndex:
    return NoteIndex(root, progress=progress, rebuild=rebuild)


def _healing(index: NoteIndex, work: Callable[[], Any]) -> Any:
    """Run `work` on the index; if the index turns out damaged, rebuild once and run it again."""
    try:
        return work()
    except NotesError:
        raise
    except Exception:  # whatever a damaged file raises, the cure is a rebuild
        if index.in_memory:
            raise
        index.heal()
        return work()


# --- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    id: str
    event_id: str
    event_title: str
    event_kind: str
    date: dt.date
    location: str
    title: str
    speakers: tuple[Speaker, ...]
    tags: tuple[str, ...]
    format: str
    track: str
    score: float
    path: Path
    is_event: bool = False
    # The best passage of the notes: (text, matched) pieces.
    snippet: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int  # every match, or (when not `exact`) a lower bound
    exact: bool = True
    suggestion: str | None = None


def _hit(index: NoteIndex, stored: dict[str, Any], score: float) -> Hit:
    stored = {**stored, **stored.get("about", {})}
    return Hit(
        id=stored["id"],
        event_id=stored["event_id"],
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
        path=index.root / stored["path"],
        is_event=stored["doctype"] == "event",
    )


class _Marks(highlight.Formatter):
    """Marks matched words with control characters, split into pieces by `_pieces`."""

    between = "\x01"

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "\x02" + highlight.get_text(text, token, replace) + "\x03"


def _pieces(marked: str) -> tuple[tuple[str, bool], ...]:
    pieces: list[tuple[str, bool]] = []
    for part in re.split(r"(\x02[^\x03]*\x03)", " … ".join(marked.split("\x01"))):
        if part.startswith("\x02"):
            pieces.append((part[1:-1], True))
        elif part:
            pieces.append((part, False))
    return tuple((re.sub(r"\s+", " ", text), matched) for text, matched in pieces)


def _notes_of(hits: list[Hit]) -> dict[str, str]:
    """The notes of each hit (its talk's section, or the event's own text), read from the files."""
    bodies: dict[Path, tuple[str, dict[str, str]]] = {}
    texts = {}
    for hit in hits:
        if hit.path not in bodies:
            try:
                bodies[hit.path] = body_sections(read_text(hit.path), hit.path)
            except NoteProblem:
                bodies[hit.path] = ("", {})
        preamble, by_key = bodies[hit.path]
        texts[hit.id] = preamble if hit.is_event else by_key.get(heading_key(hit.title), "")
    return texts


def _snippet(text: str, words: frozenset[str], analyzer: Any) -> tuple[tuple[str, bool], ...]:
    if not text.strip():
        return ()
    if words:
        fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)
        marked = highlight.highlight(text, words, analyzer, fragmenter, _Marks(), top=2)
        if marked:
            pieces = _pieces(marked)
            flat = re.sub(r"\s+", " ", text).strip()
            shown = "".join(piece for piece, _ in pieces).strip()
            head = () if flat.startswith(shown[:20]) else (("… ", False),)
            tail = () if flat.endswith(shown[-20:]) else ((" …", False),)
            return (*head, *pieces, *tail)
    flat = " ".join(text.split())
    return ((flat[:200] + ("…" if len(flat) > 200 else ""), False),)


def _query_words(searcher: Any, parsed: Any) -> frozenset[str]:
    """The (stemmed) words the query looks for in the notes, wildcards and fuzzy expanded."""
    words = set()
    for fieldname, term in parsed.existing_terms(searcher.reader(), expand=True):
        if fieldname in ("text", "title"):
            words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return frozenset(words)


_PLAIN_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_]{3,})(?![\w:*~])")


def _suggestion(searcher: Any, text: str) -> str | None:
    """The query with each plain word the index does not know replaced by the closest word it
    does know (from titles, names and tags), or None when there is nothing better to offer."""
    reader = searcher.reader()
    stem = searcher.schema["text"].analyzer
    fold = searcher.schema["words"].analyzer

    def better(match: re.Match[str]) -> str:
        word = match[1]
        if word in {"AND", "OR", "NOT", "TO"}:
            return word
        if any(("text", t.text) in reader for t in stem(word, mode="query")):
            return word
        folded = next((t.text for t in fold(word, mode="query")), word)
        # Short words are a short edit away from many others: ask for closer ones.
        found = searcher.suggest("words", folded, limit=1, maxdist=2 if len(folded) > 5 else 1)
        return found[0] if found else word

    corrected = _PLAIN_WORD.sub(better, text)
    return corrected if corrected != text else None


def search(
    index: NoteIndex, text: str, *, limit: int = 20, sort: str = "relevance", count: bool = True
) -> SearchResult:
    """The best `limit` hits for a query. Counting every match of a broad query costs more than
    finding the best ones (17,841 talks match `lambda` in 10,000 events: +0.13 s), so with
    `count=False` a full page of hits comes with a lower bound instead."""
    parsed = queries.parse(text, index.ix.schema)

    def run() -> SearchResult:
        with index.ix.searcher() as searcher:
            options: dict[str, Any] = {"limit": max(limit, 1)}
            if sort == "date":
                options.update(sortedby="date", reverse=True)
            results = searcher.search(parsed, **options)
            hits = [_hit(index, dict(hit), hit.score or 0.0) for hit in results][:limit]
            exact = count or len(hits) < limit or results.has_exact_length()
            total = len(results) if exact else max(_at_least(parsed, searcher.reader()), len(hits))
            suggestion = None if hits else _suggestion(searcher, text)
            words = _query_words(searcher, parsed)
        analyzer = index.ix.schema["text"].analyzer
        notes = _notes_of(hits)
        hits = [
            Hit(**{**hit.__dict__, "snippet": _snippet(notes.get(hit.id, ""), words, analyzer)})
            for hit in hits
        ]
        return SearchResult(query=text, hits=hits, total=total, exact=exact, suggestion=suggestion)

    return _healing(index, run)  # type: ignore[no-any-return]


def _at_least(query: Any, reader: Any) -> int:
    """A cheap lower bound of a query's matches, from the index's document frequencies."""
    if isinstance(query, wq.Or):  # Whoosh's own bound for an Or is its smallest part's
        return max((_at_least(part, reader) for part in query.children()), default=0)
    return int(query.estimate_min_size(reader))


def matching_talks(index: NoteIndex, text: str) -> list[Hit]:
    """Every talk a query matches (not the events' own notes), best first, without snippets."""
    parsed = wq.And([wq.Term("doctype", "talk"), queries.parse(text, index.ix.schema)])

    def run() -> list[Hit]:
        with index.ix.searcher() as searcher:
            return [
                _hit(index, dict(hit), hit.score or 0.0)
                for hit in searcher.search(parsed, limit=None)
            ]

    return _healing(index, run)  # type: ignore[no-any-return]


def grouped(hits: list[Hit]) -> list[tuple[Hit, list[Hit]]]:
    """Hits under their event, events in the order of their first hit."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.event_id + "\x00" + str(hit.path), []).append(hit)
    return [(members[0], members) for members in groups.values()]


# --- related, stats, facts -------------------------------------------------------------------


def find_talk(index: NoteIndex, ref: str) -> Hit:
    """The talk `ref` names: its id, a unique start of one, or a unique piece of its title."""
    wanted = ref.strip().casefold()
    talks = wq.Term("doctype", "talk")
    words = [t.text for t in index.ix.schema["title"].analyzer(wanted, mode="query")]

    def run() -> Hit:
        with index.ix.searcher() as searcher:
            by_title = (
                wq.And([talks, *(wq.Term("title", w) for w in words)]) if words else wq.NullQuery
            )
            for matcher in (
                lambda: [d for d in [searcher.document(id=ref.strip())] if d],
                lambda: [
                    dict(h)
                    for h in searcher.search(wq.And([talks, wq.Prefix("id", wanted)]), limit=None)
                ],
                lambda: [
                    dict(h)
                    for h in searcher.search(by_title, limit=None)
                    if wanted in h["title"].casefold()
                ],
            ):
                matches = matcher()
                if len(matches) == 1:
                    return _hit(index, matches[0], 0.0)
                if matches:
                    raise TalkNotFound(ref, sorted(m["id"] for m in matches))
        raise TalkNotFound(ref)

    return _healing(index, run)  # type: ignore[no-any-return]


def related(index: NoteIndex, talk: Hit, *, limit: int = 10) -> list[Hit]:
    """The talks most like `talk`, by the words that characterise its title, tags and notes."""
    notes = _notes_of([talk]).get(talk.id, "")
    text = "\n".join((talk.title, " ".join(talk.tags), notes))

    def run() -> list[Hit]:
        with index.ix.searcher() as searcher:
            docnum = searcher.document_number(id=talk.id)
            if docnum is None:
                return []
            results = searcher.more_like(
                docnum, "text", text=text, top=limit, numterms=12, filter=wq.Term("doctype", "talk")
            )
            return [_hit(index, dict(hit), hit.score or 0.0) for hit in results]

    return _healing(index, run)  # type: ignore[no-any-return]


def events(index: NoteIndex) -> Iterator[Event]:
    """Every event, newest first, from what the index stores (no note file is opened)."""
    with index.ix.searcher() as searcher:
        for hit in searcher.search(wq.Term("doctype", "event"), sortedby="order", limit=None):
            yield _event_of(index.root, hit.fields())


STATS_FIELDS = {
    "topic": ("f_topic", True),  # a talk's own tags: the event's would count every talk
    "speaker": ("f_speaker", True),
    "company": ("f_company", True),
    "year": ("year", False),
    "kind": ("kind", False),
    "event": ("f_event", False),
}


def stats(index: NoteIndex, by: str, text: str | None = None) -> list[tuple[str, int]]:
    """How many talks (of all, or of those `text` matches) have each value of `by`, largest first."""
    fieldname, overlap = STATS_FIELDS[by]
    talks = wq.Term("doctype", "talk")
    wanted = wq.And([talks, queries.parse(text, index.ix.schema)]) if text else talks

    def run() -> list[tuple[str, int]]:
        with index.ix.searcher() as searcher:
            facet = sorting.FieldFacet(fieldname, allow_overlap=overlap)
            results = searcher.search(wanted, limit=None, groupedby={"value": facet})
            groups = results.groups("value")
        counts = [
            (key.decode("utf-8") if isinstance(key, bytes) else str(key), len(docs))
            for key, docs in groups.items()
            if key not in (None, "", b"")
        ]
        return sorted(counts, key=lambda item: (-item[1], item[0].casefold()))

    return _healing(index, run)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class IndexFacts:
    location: Path
    events: int
    talks: int
    synced: str
    in_memory: bool


def facts(index: NoteIndex) -> IndexFacts:
    def run() -> IndexFacts:
        with index.ix.searcher() as searcher:
            count = {
                kind: len(searcher.search(wq.Term("doctype", kind), limit=1))
                for kind in ("event", "talk")
            }
        return IndexFacts(
            location=index.folder,
            events=count["event"],
            talks=count["talk"],
            synced=index.manifest.synced,
            in_memory=index.in_memory,
        )

    return _healing(index, run)  # type: ignore[no-any-return]
