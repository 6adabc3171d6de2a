"""The scan before every search lists only the folders that changed (issue 15).

A folder the manifest remembers, its times unchanged since, is not listed again: its notes
are only stat'ed. These tests hold that to the one thing that matters: whatever happens to the
collection, the scan that trusts what it remembered finds what a scan listing every folder
finds. A folder changed within the last seconds is never remembered (its times could stay the
same through another change in the same tick of the clock); here, where every change is new,
most tests count every folder as settled and wait out a tick of the file system's clock
between a change and the scan after it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from notes_cli.index import scanning
from notes_cli.index.manifest import Manifest
from notes_cli.index.scanning import Scan, scan
from notes_cli.index.store import cache_folder

NOTE = (
    "---\ntitle: {title}\ndate: 2020-01-01\ntalks:\n  - title: {talk}\n---\n\n## {talk}\n\nWords.\n"
)


def note(title: str, talk: str = "Only talk") -> str:
    return NOTE.format(title=title, talk=talk)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder counts as settled, even one changed a moment ago."""
    monkeypatch.setattr(scanning, "RECENT_NS", -60 * 10**9)


def tick() -> None:
    """Let the file system's clock move on, so that a change gets times of its own."""
    time.sleep(0.02)


def found(result: Scan) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    stats = result.stats
    files = {rel: tuple(stats[4 * n : 4 * n + 4]) for n, rel in enumerate(result.paths)}
    return files, sorted(str(problem) for problem in result.problems)


def listings(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The folders os.scandir lists from now on (by the descriptor the walk opened)."""
    listed: list[Any] = []
    real = os.scandir

    def counted(path: Any = ".") -> Any:
        listed.append(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", counted)
    return listed


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or note(path.stem))
    return path


def test_a_settled_folder_is_not_listed_again_and_one_that_changed_is(
    root: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for year in ("2019", "2020", "2021"):
        for n in range(3):
            write(root / year / f"{year}-0{n + 1}-01-meetup.md")
    first = scan(root)
    assert set(first.folders) == {"", "2019/", "2020/", "2021/"}
    listed = listings(monkeypatch)
    again = scan(root, first.folders)
    assert listed == []
    assert again.paths == first.paths and again.stats == first.stats
    tick()
    write(root / "2020" / "2020-12-01-late.md")
    after = scan(root, again.folders)
    assert len(listed) == 1  # 2020 alone: the root and the other years are as they were
    assert "2020/2020-12-01-late.md" in after.paths
    assert found(after) == found(scan(root))


def change_after_change(root: Path, elsewhere: Path) -> list[tuple[str, Callable[[], Any]]]:
    """Every kind of change a collection sees, in turn (each one after the ones before)."""
    year = root / "2019"
    live = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    temporary = root / "2020" / f".notes-write-{live.pid}-abcd1234.tmp"
    far_note = elsewhere.parent / "far-note.md"
    write(far_note)

    def dies() -> None:
        assert live.stdin is not None
        live.stdin.close()
        live.wait(10)

    return [
        ("a note added", lambda: write(year / "2019-06-01-added.md")),
        (
            "a note edited to the same size",
            lambda: write(year / "2019-01-01-a.md", note("2019-01-01-b")),
        ),
        ("a note removed", lambda: (year / "2019-02-01-b.md").unlink()),
        (
            "a note renamed",
            lambda: (year / "2019-06-01-added.md").rename(year / "2019-07-01-renamed.md"),
        ),
        (
            "a note moved to another folder",
            lambda: (year / "2019-07-01-renamed.md").rename(root / "2020" / "2020-07-01-moved.md"),
        ),
        (
            "a folder with a folder in it",
            lambda: write(root / "2021" / "talks" / "2021-01-01-deep.md"),
        ),
        (
            "a note in a folder remembered inside one",
            lambda: write(root / "2021" / "talks" / "2021-02-01-deeper.md"),
        ),
        ("a hidden folder", lambda: write(root / "2020" / ".drafts" / "2020-08-01-draft.md")),
        (
            "a folder named like a note",
            lambda: write(root / "2020" / "odd.md" / "2020-09-01-inside.md"),
        ),
        ("a folder linked from elsewhere", lambda: (root / "linked").symlink_to(elsewhere)),
        ("a note added to the linked folder", lambda: write(elsewhere / "2018-02-01-far.md")),
        (
            "the linked folder replaced by a file",
            lambda: (shutil.rmtree(elsewhere), write(elsewhere, "a file now")),
        ),
        (
            "a note linked from elsewhere",
            lambda: (root / "2021" / "2021-03-01-linked.md").symlink_to(far_note),
        ),
        ("the linked note replaced by a folder", lambda: (far_note.unlink(), far_note.mkdir())),
        (
            "a link to a note that is gone",
            lambda: (year / "2019-09-01-gone.md").symlink_to(year / "nothing.md"),
        ),
        ("the note it names comes", lambda: write(year / "nothing.md")),
        ("a live writer's temporary file", lambda: temporary.write_text("half a note")),
        ("the writer killed", dies),
        ("a folder removed", lambda: [p.unlink() for p in (root / "2021" / "talks").iterdir()]),
        (
            "a folder replaced by a file",
            lambda: (
                (root / "2021" / "talks").rmdir(),
                write(root / "2021" / "talks", "not a folder"),
            ),
        ),
        (
            "the link pointed elsewhere",
            lambda: ((root / "linked").unlink(), (root / "linked").symlink_to(root / "2020")),
        ),
    ]


def temporary_left(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob(".notes-write-*") if path.is_file())


def test_whatever_changes_the_scan_that_remembers_finds_what_a_full_listing_finds(
    root: Path, tmp_path: Path, settled: None
) -> None:
    for year in ("2019", "2020"):
        for n, letter in enumerate("abc"):
            write(root / year / f"{year}-0{n + 1}-01-{letter}.md")
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "2018-01-01-far.md")
    known = scan(root).folders
    for what, change in change_after_change(root, elsewhere):
        tick()
        change()
        tick()
        remembering = scan(root, known)
        left = temporary_left(root)  # a dead writer's temporaries go at once
        assert found(remembering) == found(scan(root)), what
        assert temporary_left(root) == left, what
        known = remembering.folders
    twice = {"2020/2020-07-01-moved.md", "linked/2020-07-01-moved.md"}
    assert len(twice & set(remembering.paths)) == 1  # each real folder once
    assert not temporary_left(root)


def test_a_link_to_a_gone_note_is_named_by_every_scan(root: Path, settled: None) -> None:
    write(root / "2019" / "2019-01-01-a.md")
    (root / "2019" / "2019-02-01-gone.md").symlink_to(root / "2019" / "nothing.md")
    known = scan(root).folders
    for _ in range(3):
        again = scan(root, known)
        assert [problem.what for problem in again.problems] == ["is a link to a file that is gone"]
        known = again.folders


def test_a_folder_changed_in_the_last_seconds_is_listed_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another change in the same tick of the clock would leave its times as they are."""
    write(root / "2019" / "2019-01-01-a.md")
    assert scan(root).folders == {}
    later = time.time_ns() + scanning.RECENT_NS + 10**9
    monkeypatch.setattr(scanning.time, "time_ns", lambda: later)
    assert set(scan(root).folders) == {"", "2019/"}


def test_the_index_finds_a_note_added_to_a_folder_it_remembers(
    run, sample: Path, settled: None
) -> None:
    assert run("search", "lambda").exit_code == 0
    manifest = json.loads((cache_folder(sample) / "manifest.json").read_text())
    assert "2016/" in manifest["folders"]
    tick()
    write(sample / "2016" / "2016-12-30-late.md", note("Late in the year", "Lambda at year end"))
    assert "Lambda at year end" in run("search", "lambda").stdout
    tick()
    (sample / "2016" / "2016-12-30-late.md").unlink()
    assert "Lambda at year end" not in run("search", "lambda").stdout


def test_a_manifest_without_folders_or_with_damaged_ones_lists_every_folder(
    run, sample: Path, settled: None
) -> None:
    first = run("search", "lambda")
    assert first.exit_code == 0
    path = cache_folder(sample) / "manifest.json"
    data = json.loads(path.read_text())
    read = Manifest.read(path.parent)
    assert read is not None and "2016/" in read.folders
    for folders in (None, {"2016/": [1, 2, 3]}, {"2016/": [1, 2, 3, "4", "", ""]}, []):
        damaged = {key: value for key, value in data.items() if key != "folders"}
        if folders is not None:
            damaged["folders"] = folders
        path.write_text(json.dumps(damaged))
        read = Manifest.read(path.parent)
        assert read is not None and read.folders == {} and len(read) == 2
        searched = run("search", "lambda")
        assert searched.exit_code == 0 and searched.stdout == first.stdout


def test_a_scan_told_through_a_pipe_comes_out_as_it_was_made(root: Path) -> None:
    """The scan ahead pickles its scan for the command (readahead.py), a folder's names
    joined: it comes out with the same paths, stats, runs and remembered folders, each
    remembered folder's notes its run's own list; a scan not made by `scan` (a folder in two
    runs) comes out as it was too."""
    import pickle

    for folder, names in (("2019", ["a", "b"]), ("2020/talks", ["c"]), ("empty", [])):
        (root / folder).mkdir(parents=True)
        for name in names:
            write(root / folder / f"{folder[:4]}-01-01-{name}.md")
    made = scan(root)
    made = Scan(
        made.paths,
        made.stats,
        made.problems,
        {prefix: ((1, 2, 3, 4), notes, []) for prefix, notes in made.runs}
        | {"empty/": ((5, 6, 7, 8), [], [])},
        made.runs,
        ["2019/.notes-write-1-abcdefgh.tmp"],
    )
    pickled = pickle.dumps(made, pickle.HIGHEST_PROTOCOL)
    assert b"2019/2019-01-01-a.md" not in pickled  # each path rebuilt, not pickled
    told = pickle.loads(pickled)
    assert told == made
    assert sorted(told.paths) == [
        "2019/2019-01-01-a.md",
        "2019/2019-01-01-b.md",
        "2020/talks/2020-01-01-c.md",
    ]
    runs = dict(told.runs)
    assert all(told.folders[prefix][1] is runs[prefix] for prefix in runs)
    twice = Scan(made.paths[:2], made.stats[:8], [], {}, [("2019/", ["2019-01-01-a.md"])] * 2, [])
    assert pickle.loads(pickle.dumps(twice)) == twice


def test_a_folder_met_twice_costs_no_open_file_and_an_unreadable_one_is_named_once(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(root / "2019" / "2019-01-01-a.md")
    (root / "2019" / "loop").symlink_to(root)  # the root met again through a link
    (root / "again").symlink_to(root / "2019")
    opened = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        assert scan(root).paths in (["2019/2019-01-01-a.md"], ["again/2019-01-01-a.md"])
    assert len(os.listdir("/proc/self/fd")) == opened
    locked = write(root / "2017" / "2017-01-01-away.md").parent
    (root / "shut").symlink_to(locked)
    real_open = os.open

    def refused(path: Any, flags: int, *args: Any, **options: Any) -> int:
        if os.path.realpath(path) == str(locked):  # a mode-000 folder (root reads it)
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **options)

    monkeypatch.setattr(os, "open", refused)
    problems = [problem.what for problem in scan(root).problems]
    assert problems == ["the folder cannot be read (Permission denied): its notes are left out"]


@pytest.mark.parametrize(
    "names",
    [
        "2019-01-01-a.md/2019-01-01-a.md",
        "../2019-01-01-a.md",
        "/2019-01-01-a.md",
        "2019-01-01-a.md/",
        ".hidden.md",
        "no run for a folder with notes",
        "a run past the last",
    ],
)
def test_a_manifest_naming_notes_no_walk_would_find_lists_the_folder_again(
    run, sample: Path, settled: None, names: str
) -> None:
    first = run("search", "lambda")
    path = cache_folder(sample) / "manifest.json"
    data = json.loads(path.read_text())
    remembered = data["folders"]["2016/"]
    if names == "no run for a folder with notes":
        remembered[4] = -1
    elif names == "a run past the last":
        remembered[4] = len(data["paths"])
    else:  # the notes of its run
        data["paths"][remembered[4]][1] = names
    path.write_text(json.dumps(data))
    read = Manifest.read(path.parent)
    assert read is not None and read.folders == {}
    assert run("search", "lambda").stdout == first.stdout
