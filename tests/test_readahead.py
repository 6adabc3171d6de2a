"""The read-ahead the `notes` command forks first (readahead.py): it reads in what the same
command loaded last time and looks at the collection the command works on, holds nothing of
the command's and keeps it waiting for nothing; and the scan ahead, which tells a search what
it found."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from notes_cli import readahead
from notes_cli.index import documents as index_documents
from notes_cli.index import sync as index_sync
from notes_cli.index.manifest import Manifest, as_read_ahead
from notes_cli.index.queries import search
from notes_cli.index.scanning import scan
from notes_cli.index.store import cache_folder
from notes_cli.report import Report

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="reads ahead only with fork")

# A command whose read-ahead takes 5 s: it says which folder it read, then sleeps.
SLOW_READER = """
import os, sys, time
from notes_cli import readahead
def slow(folder, **more):
    with open(sys.argv[1], "w") as told:
        told.write(folder)
    time.sleep(5)
readahead.read_ahead = slow
readahead.start(["search", "lambda"])
print("done")
"""


def test_a_piped_command_ends_when_it_does_not_when_its_read_ahead_does(
    tmp_path: Path,
) -> None:
    """Neither its output nor another pipe the command was handed (a make job server, say)
    waits for the read-ahead."""
    told = tmp_path / "told"
    handed, handing = os.pipe()
    began = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_READER, str(told)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "NOTES_DIR": str(tmp_path / "collection")},
        pass_fds=(handing,),
    ) as command:
        os.close(handing)
        printed = command.stdout.read() if command.stdout else ""
        with os.fdopen(handed, "rb") as other:
            assert other.read() == b""
        took = time.monotonic() - began
        assert (printed, command.wait(timeout=30)) == ("done\n", 0)
    assert took < 4  # not the 5 s its read-ahead still sleeps, holding no pipe
    deadline = time.monotonic() + 10
    while not told.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert told.read_text() == str(tmp_path / "collection")


@pytest.mark.parametrize(
    ("argv", "command", "folder"),
    [
        (["search", "lambda"], "search", "from-env"),
        (["--dir", "a", "search", "lambda"], "search", "a"),
        (["list", "--dir=b"], "list", "b"),
        (["--dir", "a", "search", "--dir", "c"], "search", "c"),  # the later wins, as in Typer
        (["search", "--", "--dir", "d"], "search", "from-env"),  # after --, words to search
        (["../../elsewhere", "x"], None, "from-env"),  # no command's name: nothing kept for it
        (["search", "--help"], None, None),
        (["--version"], None, None),
        ([], None, None),
    ],
)
def test_what_is_read_ahead_is_what_the_command_works_on(
    argv: list[str], command: str | None, folder: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_DIR", "from-env")
    assert readahead.named(argv) == (command, folder)


def _remembered(tmp_path: Path) -> Path:
    """What `search` loaded, kept in the cache folder (the tests' NOTES_CACHE_DIR)."""
    readahead.remember_loaded("search")
    (kept,) = (tmp_path / "cache").glob("loaded-search-*.txt")
    return kept


def test_what_a_command_loaded_is_kept_once_and_read_in_by_the_next_one(tmp_path: Path) -> None:
    kept = _remembered(tmp_path)
    assert readahead.__file__ in kept.read_text().splitlines()
    before = kept.stat()
    readahead.remember_loaded("search")  # the same modules: not written again
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert readahead.read_loaded("search") == len(kept.read_text().splitlines())
    assert readahead.read_loaded("list") == 0  # nothing kept for it yet


def test_the_notes_command_keeps_what_it_loaded_in_the_cache_folder_and_only_there(
    tmp_path: Path,
) -> None:
    collection = tmp_path / "collection" / "2016"
    collection.mkdir(parents=True)
    (collection / "2016-12-01-meetup.md").write_text(
        "---\ntitle: Meetup\ndate: 2016-12-01\n---\n\n## Lambda at scale\n\nNotes.\n"
    )
    env = {
        **os.environ,
        "NOTES_DIR": str(tmp_path / "collection"),
        "NOTES_CACHE_DIR": str(tmp_path / "cache"),
    }
    for argv in (["--help"], ["serch", "lambda"], ["search", "lambda"]):  # a typo: none for it
        done = subprocess.run(
            [sys.executable, "-m", "notes_cli", *argv], capture_output=True, text=True, env=env
        )
        assert done.returncode == (2 if argv[0] == "serch" else 0), done.stderr
    assert "Meetup" in done.stdout
    kept = [path.name for path in (tmp_path / "cache").glob("loaded-*")]
    assert len(kept) == 1 and kept[0].startswith("loaded-search-")  # none for the help
    assert [path.name for path in (tmp_path / "collection").rglob("*")] == [
        "2016",
        "2016-12-01-meetup.md",
    ]


def _collection(root: Path, per_folder: int) -> int:
    for year in ("2015", "2016", "2016/extra"):
        (root / year).mkdir(parents=True)
        for n in range(per_folder):
            (root / year / f"note-{n}.md").write_text("---\ntitle: T\n---\n")
    (root / ".trash").mkdir()
    (root / ".trash" / "gone.md").write_text("---\ntitle: T\n---\n")
    (root / "2015" / "cover.png").write_bytes(b"\x89PNG")
    return 3 * per_folder


def test_every_note_is_looked_at_while_the_stats_are_slow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = _collection(tmp_path, per_folder=40)
    monkeypatch.setattr(readahead, "IN_MEMORY_NS", 0)  # every stat as slow as the disk's
    # the trash and the picture left out
    assert readahead.read_ahead(str(tmp_path)) == (notes, False)


def test_the_read_ahead_stops_once_its_first_stats_were_quick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = _collection(tmp_path, per_folder=40)
    monkeypatch.setattr(readahead, "IN_MEMORY_NS", 10**9)  # every stat as quick as memory
    done, in_memory = readahead.read_ahead(str(tmp_path))
    assert readahead.SAMPLE <= done < notes and in_memory


# --- what the read-ahead tells the command: its scan, or that nothing changed ---------------

NOTE = "---\ntitle: {title}\ndate: 2020-01-01\ntalks:\n  - title: Only talk\n---\n\n## Only talk\n\n{words}\n"


def _tell(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hand the command, on a pipe as the read-ahead's process would, what it finds now."""
    cache = cache_folder(root)
    answer = readahead.what_to_tell(root, cache, *as_read_ahead(root, cache))
    told, telling = os.pipe()
    os.write(telling, answer)
    os.close(telling)
    monkeypatch.setattr(readahead, "_told", told)


def _no_scan(*args: object, **kwargs: object) -> None:
    raise AssertionError("scanned again")


def _titles(root: Path, words: str) -> list[str]:
    found = search(index_sync.open_index(root), words)
    return sorted(hit.event_title for hit in found.hits)


@pytest.fixture
def indexed(root: Path) -> Path:
    for n, words in enumerate(("kiwis and mangoes", "lambda at scale")):
        path = root / "2020" / f"2020-01-0{n + 1}-trial-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(NOTE.format(title=f"Trial {n}", words=words))
    assert _titles(root, "kiwis") == ["Trial 0"]
    return root


def test_told_that_nothing_changed_the_command_answers_without_a_scan(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tell(indexed, monkeypatch)
    monkeypatch.setattr(index_sync, "scan", _no_scan)
    assert _titles(indexed, "lambda") == ["Trial 1"]


def test_told_that_nothing_changed_the_command_still_names_a_note_it_cannot_read(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest's files are not unpacked when the scan ahead found every note as it says,
    and the note that could not be read is named all the same, with its line."""
    broken = indexed / "2020" / "2020-01-03-broken.md"
    broken.write_text("---\ntitle: [unclosed\ndate: 2020-01-03\n---\n")
    first = Report()
    index_sync.open_index(indexed, report=first)
    assert [p.path for p in first.unreadable] == [broken]
    _tell(indexed, monkeypatch)
    monkeypatch.setattr(index_sync, "scan", _no_scan)
    report = Report()
    index = index_sync.open_index(indexed, report=report)
    assert [(p.path, p.line, p.what) for p in report.unreadable] == [
        (p.path, p.line, p.what) for p in first.unreadable
    ]
    assert len(index.manifest) == 3 and not index.empty


def test_a_note_edited_since_is_indexed_from_the_read_aheads_scan(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = indexed / "2020" / "2020-01-01-trial-0.md"
    note.write_text(NOTE.format(title="Trial 0", words="kiwis and papayas"))
    (indexed / "2020" / "2020-01-09-new.md").write_text(NOTE.format(title="New", words="papayas"))
    _tell(indexed, monkeypatch)
    monkeypatch.setattr(index_sync, "scan", _no_scan)
    assert _titles(indexed, "papayas") == ["New", "Trial 0"]


def _unread(path: Path) -> None:
    raise AssertionError(f"read {path} again")


def test_the_notes_edited_since_are_read_ahead_and_the_command_only_writes_them(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = indexed / "2020" / "2020-01-01-trial-0.md"
    note.write_text(NOTE.format(title="Trial 0", words="kiwis and papayas"))
    broken = indexed / "2020" / "2020-01-08-broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n")
    _, own = index_documents.read_documents(indexed, "2020/2020-01-08-broken.md")
    assert own is not None
    _tell(indexed, monkeypatch)
    monkeypatch.setattr(index_sync, "scan", _no_scan)
    monkeypatch.setattr(index_documents, "read_note", _unread)
    index = index_sync.open_index(indexed)
    assert sorted(hit.event_title for hit in search(index, "papayas").hits) == ["Trial 0"]
    # what kept a note out is told as the command's own reading finds it, and kept as that
    assert [str(problem) for problem in index.report.unreadable] == [str(own)]
    monkeypatch.setattr(index_sync, "scan", scan)
    later = index_sync.open_index(indexed)
    assert [str(problem) for problem in later.report.unreadable] == [str(own)]


def test_more_notes_edited_than_the_read_ahead_reads_are_read_by_the_command(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(readahead.READ_AHEAD + 1):
        page = indexed / "2020" / f"2020-02-{n + 1:02}-more-{n}.md"
        page.write_text(NOTE.format(title=f"More {n}", words="papayas"))
    _tell(indexed, monkeypatch)
    read: list[Path] = []
    reading = index_documents.read_note
    monkeypatch.setattr(
        index_documents, "read_note", lambda path: read.append(path) or reading(path)
    )
    assert len(_titles(indexed, "papayas")) == readahead.READ_AHEAD + 1
    assert len(read) == readahead.READ_AHEAD + 1


def test_the_read_ahead_leaves_a_killed_writers_file_and_the_command_removes_it(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left = indexed / "2020" / f".notes-write-{2**22 + 7}-abcd1234.tmp"  # no such process
    left.write_text("half a note")
    _tell(indexed, monkeypatch)
    assert left.exists()  # the read-ahead changes nothing
    monkeypatch.setattr(index_sync, "scan", _no_scan)
    assert _titles(indexed, "kiwis") == ["Trial 0"]
    assert not left.exists()


def test_an_answer_for_another_index_or_an_older_manifest_or_none_in_time_is_no_answer(
    indexed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = cache_folder(indexed)
    stamp = Manifest.stamp_of(cache)
    assert stamp is not None
    _tell(indexed, monkeypatch)
    assert readahead.told(tmp_path / "elsewhere", stamp) == (False, None)
    _tell(indexed, monkeypatch)
    assert readahead.told(cache, (stamp[0], stamp[1] + 1)) == (False, None)
    _tell(indexed, monkeypatch)
    assert readahead.told(cache, stamp) == (True, None)
    assert readahead.told(cache, stamp) == (False, None)  # asked once: the next index scans
    (indexed / "2020" / "2020-01-09-new.md").write_text(NOTE.format(title="New", words="x"))
    _tell(indexed, monkeypatch)  # a scan against a manifest another command since replaced
    assert readahead.told(cache, (stamp[0], stamp[1] + 1)) == (False, None)
    told, telling = os.pipe()  # a read-ahead still busy
    monkeypatch.setattr(readahead, "_told", told)
    assert readahead.told(cache, stamp) == (False, None)
    os.close(telling)


def test_while_no_answer_is_there_the_command_does_its_next_work_first(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """told's `meanwhile` (the modules an update takes) is done only while the scan ahead
    has not answered yet, and the answer is still heard after it."""
    cache = cache_folder(indexed)
    stamp = Manifest.stamp_of(cache)
    done: list[bool] = []
    _tell(indexed, monkeypatch)  # answered already: nothing done meanwhile
    assert readahead.told(cache, stamp, meanwhile=lambda: done.append(True)) == (True, None)
    assert done == []
    answer = readahead.what_to_tell(indexed, cache, *as_read_ahead(indexed, cache))
    told, telling = os.pipe()
    monkeypatch.setattr(readahead, "_told", told)

    def answered_meanwhile() -> None:
        done.append(True)
        os.write(telling, answer)  # (the scan ahead answers while the command works)
        os.close(telling)

    assert readahead.told(cache, stamp, meanwhile=answered_meanwhile) == (True, None)
    assert done == [True]


ASK = """
import sys
from pathlib import Path
from notes_cli import readahead
from notes_cli.index.manifest import Manifest
from notes_cli.index.store import cache_folder
readahead._spare_core = lambda: True  # (as busy as the machine running the tests may be)
readahead.start(["search", "kiwis"])
readahead.WAIT_AT_LEAST = 10  # (a busy machine's scan ahead is still heard)
cache = cache_folder(Path(sys.argv[1]))
unchanged, scanned = readahead.told(cache, Manifest.stamp_of(cache))
print(unchanged, type(scanned).__name__, sorted(scanned.paths) if scanned else "")
"""


def test_the_commands_own_process_hears_what_the_scan_ahead_found(
    indexed: Path, tmp_path: Path
) -> None:
    def asked() -> str:
        env = {**os.environ, "NOTES_DIR": str(indexed), "NOTES_CACHE_DIR": str(tmp_path / "cache")}
        done = subprocess.run(
            [sys.executable, "-c", ASK, str(indexed)],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            check=True,
        )
        return done.stdout.strip()

    assert asked() == "True NoneType"
    (indexed / "2020" / "2020-01-09-new.md").write_text(NOTE.format(title="New", words="x"))
    assert asked() == (
        "False Scan ['2020/2020-01-01-trial-0.md', '2020/2020-01-02-trial-1.md', "
        "'2020/2020-01-09-new.md']"
    )


def test_a_scan_ahead_that_met_a_problem_still_tells_it(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (indexed / "2020" / "loop.md").symlink_to("loop.md")
    _tell(indexed, monkeypatch)
    unchanged, scanned = readahead.told(
        cache_folder(indexed), Manifest.stamp_of(cache_folder(indexed))
    )
    assert not unchanged and scanned is not None
    assert [(p.path, p.line, p.what) for p in scanned.problems] == [
        (
            indexed / "2020" / "loop.md",
            None,
            "is a symbolic link that loops: point it at a note or remove it",
        )
    ]


def test_a_kept_list_naming_a_pipe_hangs_no_read_ahead(tmp_path: Path) -> None:
    kept = _remembered(tmp_path)
    os.mkfifo(tmp_path / "fifo.pyc")
    kept.write_text(f"{tmp_path / 'fifo.pyc'}\n{readahead.__file__}")
    done = []
    reader = threading.Thread(
        target=lambda: done.append(readahead.read_loaded("search")), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    assert done == [2]


@pytest.mark.parametrize(("per_stat_ns", "reads_modules"), [(0, True), (10**9, False)])
def test_the_modules_are_read_ahead_only_when_the_first_notes_were_not_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_stat_ns: int, reads_modules: bool
) -> None:
    _collection(tmp_path, per_folder=40)
    monkeypatch.setattr(readahead, "IN_MEMORY_NS", per_stat_ns)
    asked: list[str] = []
    monkeypatch.setattr(readahead, "read_loaded", lambda command: asked.append(command) or 0)
    readahead._read_ahead("search", str(tmp_path))
    assert asked == (["search"] if reads_modules else [])
