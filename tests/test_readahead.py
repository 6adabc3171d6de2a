"""The read-ahead the `notes` command forks first (readahead.py): it reads in what the same
command loaded last time and looks at the collection the command works on, holds nothing of
the command's, and leaves no child behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notes_cli import readahead

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="reads ahead only with fork")

# A command whose read-ahead takes 5 s: it says which folder it read, then sleeps.
SLOW_READER = """
import os, sys, time
from notes_cli import readahead
def slow(folder, *more):
    with open(sys.argv[1], "w") as told:
        told.write(folder)
    time.sleep(5)
readahead.read_ahead = slow
readahead.start(["search", "lambda"])
try:
    os.waitpid(-1, os.WNOHANG)
    print("a child is left")
except ChildProcessError:
    print("no child left")
"""


def test_a_piped_command_ends_when_it_does_not_when_its_read_ahead_does(
    tmp_path: Path,
) -> None:
    told = tmp_path / "told"
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", SLOW_READER, str(told)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "NOTES_DIR": str(tmp_path / "collection")},
    )
    took = time.monotonic() - began
    assert (done.stdout, done.returncode) == ("no child left\n", 0)
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


def test_what_a_command_loaded_is_kept_once_and_read_in_by_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "cache"))
    readahead.remember_loaded("search")
    (kept,) = (tmp_path / "cache").glob("loaded-search-*.txt")
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
    for argv in (["--help"], ["search", "lambda"]):
        done = subprocess.run(
            [sys.executable, "-m", "notes_cli", *argv], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
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
    assert readahead.read_ahead(str(tmp_path)) == notes  # the trash and the picture left out


def test_the_read_ahead_stops_once_its_first_stats_were_quick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = _collection(tmp_path, per_folder=40)
    monkeypatch.setattr(readahead, "IN_MEMORY_NS", 10**9)  # every stat as quick as memory
    assert readahead.SAMPLE <= readahead.read_ahead(str(tmp_path)) < notes
