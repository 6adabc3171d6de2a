"""The read-ahead the `notes` command forks first (readahead.py): it looks at the collection
the command works on, holds nothing of the command's, and leaves no child behind."""

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
def slow(folder):
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
    ("argv", "folder"),
    [
        (["search", "lambda"], "from-env"),
        (["--dir", "a", "search", "lambda"], "a"),
        (["search", "lambda", "--dir=b"], "b"),
        (["--dir", "a", "search", "--dir", "c"], "c"),  # the later --dir wins, as in Typer
        (["search", "--", "--dir", "d"], "from-env"),  # after --, a word to search for
        (["search", "--help"], None),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_folder_read_ahead_is_the_one_the_command_works_on(
    argv: list[str], folder: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_DIR", "from-env")
    assert readahead.folder_of(argv) == folder


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
