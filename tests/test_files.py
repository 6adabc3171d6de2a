"""Atomic writes and locks (files.py): what every note and the index are written with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notes_cli import files
from notes_cli.errors import WriteFailed
from notes_cli.files import atomic_write, locked


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("old")
    atomic_write(path, "new")
    assert path.read_text() == "new"
    assert os.listdir(tmp_path) == ["n.md"]


def test_exclusive_write_never_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("old")
    with pytest.raises(FileExistsError):
        atomic_write(path, "new", exclusive=True)
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["n.md"]


def test_a_failed_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "n.md"
    path.write_text("old")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(WriteFailed, match="No space left on device"):
        atomic_write(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["n.md"]


def test_a_new_note_gets_the_usual_file_mode_and_a_rewrite_keeps_its_own(tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.md"
        atomic_write(fresh, "x", exclusive=True)
        assert fresh.stat().st_mode & 0o777 == 0o644
        private = tmp_path / "private.md"
        private.write_text("x")
        private.chmod(0o600)
        atomic_write(private, "y")
        assert private.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old_mask)


HOLD = """
import fcntl, sys
with open(sys.argv[1], "a+b") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_lock_held_by_another_process_is_given_up_after_the_timeout(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with locked(lock, timeout=0.1, create=True) as held:
            assert held is False
    finally:
        holder.communicate("")
    with locked(lock, timeout=0.1, create=True) as held:
        assert held is True


def test_locking_a_note_that_is_gone_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), locked(tmp_path / "gone.md"):
        pass
    assert not (tmp_path / "gone.md").exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root gives files to others"
)
def test_a_rewrite_keeps_the_owner_the_group_and_the_mode(run, sample: Path) -> None:
    """Issue 12, row 2: a note of another user (mode 0600) rewritten by root became root's,
    and its owner could no longer read it."""
    note = sample / "2016" / "2016-11-28-aws-reinvent-2016.md"
    os.chown(note, 65534, 65534)
    note.chmod(0o600)
    result = run("add-talk", "reinvent", "Kept for its owner")
    assert result.exit_code == 0, result
    status = note.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (65534, 65534, 0o600)
    assert "Kept for its owner" in note.read_text()


def test_a_users_file_is_never_taken_for_a_temporary_one(tmp_path: Path) -> None:
    """Issue 12, row 1: only names this tool makes are removed."""
    from notes_cli.files import is_temporary, remove_abandoned

    theirs = [".keep.md.999999.x.tmp", ".notes-write-999999-abc.tmp", "notes-write-1-abcdefgh.tmp"]
    for name in theirs:
        (tmp_path / name).write_text("mine")
    ours = tmp_path / ".notes-write-4194304-abcd_123.tmp"  # no such process
    ours.write_text("left by a killed writer")
    remove_abandoned([str(tmp_path / name) for name in [*theirs, ours.name]])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(theirs)
    assert not any(is_temporary(name) for name in theirs)


@pytest.mark.parametrize("one_step", [True, False], ids=["renameat2", "link then unlink"])
def test_a_move_never_goes_over_a_file_and_leaves_the_file_at_one_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_step: bool
) -> None:
    """The trash and `notes restore` move notes so: a kill between a link and an unlink left
    a note both in its place and in the trash (the fault run caught it one run in about 25)."""
    if one_step and files._renameat2() is None:
        pytest.skip("this system has no renameat2")
    if one_step:  # no link, no unlink: one rename
        monkeypatch.setattr(os, "link", lambda *_: pytest.fail("linked instead of renamed"))
    else:
        monkeypatch.setattr(files, "_renameat2", lambda: None)
    source, target, taken = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"
    source.write_text("the note")
    taken.write_text("an earlier note")
    with pytest.raises(FileExistsError):
        files.move_new(source, taken)
    assert source.read_text() == "the note" and taken.read_text() == "an earlier note"
    files.move_new(source, target)
    assert not source.exists() and target.read_text() == "the note"
    assert target.stat().st_nlink == 1
