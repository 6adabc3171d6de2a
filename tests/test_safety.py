"""Nothing lost: killed writers, failing disks, concurrent writers.

The fault-injection test kills `notes` processes (SIGKILL, from this process) at random moments
while they write, hundreds of times; it is marked `faults` and runs on its own with
`pytest -m faults` (the README's test command runs it after the rest).
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notes_cli.addtalk import add_talk_text
from notes_cli.collection import load
from notes_cli.index.scanning import scan
from notes_cli.model import Talk
from notes_cli.notefile import read_note

EVENT = "---\ntitle: Crash test meetup\ndate: 2020-05-05\nkind: meetup\nmood: calm  # a comment\ntalks:\n  - title: Opening\n---\nIntro.\n\n## Opening\n\nFirst words.\n"
# Long notes make a write long enough for kills to land in it, not only around it.
BIG_EVENT = EVENT + "".join(
    f"Line {n} of long notes about the opening talk.\n" for n in range(1_500)
)

# Each harness imports what a notes command imports, says "ready", then writes in a loop until
# it is killed. Killing it at a random moment lands anywhere in a write: before the temporary
# file, during it, before the rename, after it.
ADD_TALKS = """
import sys
from pathlib import Path
from notes_cli.model import Talk
from notes_cli.notebook import Notebook
book = Notebook(Path(sys.argv[1]))
first = len(book.event("crash-test").talks)  # Opening, Talk 1 ... Talk first-1
print("ready", flush=True)
for number in range(first, 10_000):
    book.add_talk("crash-test", Talk(title=f"Talk {number}"))
"""
NEW_EVENTS = """
import datetime, sys
from pathlib import Path
from notes_cli.collection import create_event
from notes_cli.model import Draft, Talk
root = Path(sys.argv[1])
print("ready", flush=True)
for number in range(1, 10_000):
    create_event(root, Draft(title=f"Event {sys.argv[2]}.{number}", date=datetime.date(2021, 1, 1), talks=(Talk(title="Only talk"),)))
"""
REBUILD = """
import sys
from pathlib import Path
from notes_cli.index.sync import open_index
print("ready", flush=True)
while True:
    open_index(Path(sys.argv[1]), rebuild=True)
"""


def run_and_kill(script: str, args: list[str], delay: float) -> None:
    harness = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    assert harness.stdout is not None and harness.stdout.readline() == "ready\n"
    time.sleep(delay)
    os.kill(harness.pid, signal.SIGKILL)
    harness.wait()
    harness.stdout.close()
    assert harness.returncode == -signal.SIGKILL, (
        "the writer stopped by itself before it was killed"
    )


class Versions:
    """The note after 0, 1, 2... add-talks, each byte for byte, computed as far as needed."""

    def __init__(self, text: str) -> None:
        self.texts = [text]

    def __contains__(self, text: object) -> bool:
        while isinstance(text, str):
            if text in self.texts:
                return True
            if len(text) < len(self.texts[-1]):
                return False  # every version is longer than the one before it
            number = len(self.texts)
            self.texts.append(
                add_talk_text(self.texts[-1], Talk(title=f"Talk {number}"), Path("x.md"))
            )
        return False


def no_temporary_files(root: Path) -> None:
    """Once the next command has looked at the collection (every sync scans it), nothing that a
    killed writer left behind remains."""
    scan(root)
    leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.faults
def test_killing_writers_at_any_moment_loses_nothing(run, root: Path) -> None:
    rng = random.Random(2016)
    note = root / "2020" / "2020-05-05-crash-test.md"
    note.parent.mkdir()
    note.write_text(BIG_EVENT)
    versions = Versions(BIG_EVENT)
    kills = 0
    for _ in range(120):  # add-talk (about 20 ms each): the note is one of its versions, whole
        run_and_kill(ADD_TALKS, [str(root)], rng.uniform(0.02, 0.12))
        kills += 1
        text = note.read_text()
        assert text in versions, (
            "a killed add-talk left a note that is neither the old nor the new one"
        )
        no_temporary_files(root)
    talks_before = len(read_note(note).event.talks)
    assert talks_before > 20  # the kills landed during writes, not only before the first
    for round_ in range(50):  # new: every note written is whole, none half
        run_and_kill(NEW_EVENTS, [str(root), str(round_)], rng.uniform(0, 0.15))
        kills += 1
        no_temporary_files(root)
    collection = load(root)
    assert collection.unreadable == []
    assert all(
        event.talks[0].title == "Only talk"
        for event in collection.events
        if event.title.startswith("Event")
    )
    for _ in range(30):  # index --rebuild: the next search heals whatever is left
        run_and_kill(REBUILD, [str(root)], rng.uniform(0, 0.3))
        kills += 1
        result = run("search", "crash")
        assert result.exit_code == 0, result
        assert "Crash test meetup" in result.stdout
        no_temporary_files(root)
    assert kills >= 200
    assert note.read_text() in versions


# Each command of the CLI in a loop, in one process, until it is killed; `{n}` in an argument
# is the round's number. What it prints goes nowhere: a full pipe would stop it.
CLI_LOOP = """
import os, sys
from notes_cli.cli import app
null = os.open(os.devnull, os.O_WRONLY)
print("ready", flush=True)
os.dup2(null, 1)
os.dup2(null, 2)
for number in range(10_000):
    for command in sys.argv[1:]:
        try:
            app([a.replace("{n}", str(number)) for a in command.split("\\x1f")], standalone_mode=False)
        except Exception:
            pass
"""
# An editor that saves as most do: a temporary file, then a rename over the note.
EDITOR = """
import os, sys
path = sys.argv[-1]
text = open(path).read() + "Edited once more.\\n"
with open(path + ".editor~", "w") as out:
    out.write(text)
os.replace(path + ".editor~", path)
"""


def commands(*argvs: list[str]) -> list[str]:
    return ["\x1f".join(argv) for argv in argvs]


def ours_left(folder: Path) -> list[Path]:
    """What a killed command of this tool left behind (the editor's own file is the editor's)."""
    scan(folder) if folder.name == "notes" else None
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.faults
def test_killing_import_edit_rm_and_export_at_any_moment_loses_nothing(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(2026)
    posts = tmp_path / "posts"
    posts.mkdir()
    for number in range(120):
        (posts / f"2019-03-{number % 28 + 1:02d}-post-{number}.md").write_text(
            f"---\ntitle: Post {number}\ndate: 2019-03-{number % 28 + 1:02d}\n---\n"
            f"## Talk {number} - Ann Lee (CTO, Acme)\n\n"
            + "".join(f"Words {line} of post {number}.\n" for line in range(200))
        )
    kills = 0
    for _ in range(25):  # import: every note written is whole, and the next run finishes it
        run_and_kill(CLI_LOOP, commands(["import", str(posts)]), rng.uniform(0.3, 1.5))
        kills += 1
        assert load(root).unreadable == [] and ours_left(root) == []
    subprocess.run([sys.executable, "-m", "notes_cli", "import", str(posts)], capture_output=True)
    events = load(root).events
    assert sorted(e.title for e in events) == sorted(f"Post {n}" for n in range(120))
    assert all(len(e.talks) == 1 and "Words 199 of post" in e.talks[0].notes for e in events)

    note = root / "2020" / "2020-05-05-crash-test.md"
    note.parent.mkdir()
    note.write_text(BIG_EVENT)
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    for _ in range(20):  # edit: the note is the editor's, whole, and the next command reads it
        run_and_kill(CLI_LOOP, commands(["edit", "crash-test"]), rng.uniform(0.2, 1.0))
        kills += 1
        text = note.read_text()
        assert text.startswith(BIG_EVENT) and set(text[len(BIG_EVENT) :].splitlines()) <= {
            "Edited once more."
        }
        assert read_note(note).problems == [] and ours_left(root) == []

    for round_ in range(20):  # rm: a note is at its place or in the trash, whole, never both
        new_and_rm = commands(
            ["new", f"Gone r{round_} n{{n}}", "--date", "2021-02-02", "--no-edit"],
            ["rm", f"2021-02-02-gone-r{round_}-n{{n}}", "--yes"],
        )
        run_and_kill(CLI_LOOP, new_and_rm, rng.uniform(0.2, 1.0))
        kills += 1
        placed = (
            {p.name for p in (root / "2021").glob("*.md")} if (root / "2021").exists() else set()
        )
        trashed = {p.name for p in (root / ".trash").rglob("*.md")}
        assert placed.isdisjoint(trashed)
        assert load(root).unreadable == [] and ours_left(root) == []
        for path in (root / ".trash").rglob("*.md"):
            assert read_note(path).event.title.startswith("Gone")

    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    out = tmp_path / "blog"
    out.mkdir()
    pages: dict[str, set[str]] = {}
    for format_name in ("jekyll", "hugo"):
        subprocess.run(
            [sys.executable, "-m", "notes_cli", "export", "--all", "--format", format_name,
             "--out", str(tmp_path / format_name)],
            check=True, capture_output=True,
        )  # fmt: skip
        for page in (tmp_path / format_name).iterdir():
            pages.setdefault(page.name, set()).add(page.read_text())
    every_format = commands(
        ["export", "--all", "--format", "jekyll", "--out", str(out)],
        ["export", "--all", "--format", "hugo", "--out", str(out)],
    )
    for _ in range(20):  # export: every page whole, in one format or the other; notes untouched
        run_and_kill(CLI_LOOP, every_format, rng.uniform(0.3, 1.5))
        kills += 1
        for page in out.glob("*.md"):
            assert page.read_text() in pages[page.name], page
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "notes_cli",
            "export",
            "--all",
            "--format",
            "hugo",
            "--out",
            str(out),
        ]
    )
    assert finished.returncode == 0 and ours_left(out) == []  # the next export clears them
    assert {p.name: {p.read_text()} for p in out.iterdir()} == {
        p.name: {p.read_text()} for p in (tmp_path / "hugo").iterdir()
    }
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before
    assert kills >= 85


ADD_ONE_TALK = """
import sys
from pathlib import Path
from notes_cli.collection import add_talk
from notes_cli.model import Talk
from notes_cli.notebook import Notebook
event = Notebook(Path(sys.argv[1])).event("crash-test")
print("ready", flush=True)
sys.stdin.readline()  # all eight start their read-modify-write together
add_talk(event, Talk(title=sys.argv[2]))
"""


def test_eight_processes_adding_talks_to_one_event_keep_all_eight(root: Path) -> None:
    note = root / "2020" / "2020-05-05-crash-test.md"
    note.parent.mkdir()
    note.write_text(BIG_EVENT)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_ONE_TALK, str(root), f"Parallel {n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    titles = [talk.title for talk in read_note(note).event.talks]
    assert sorted(titles) == sorted(["Opening", *(f"Parallel {n}" for n in range(8))])
    assert read_note(note).problems == []


def test_eight_commands_adding_talks_at_once_keep_all_eight(root: Path) -> None:
    note = root / "2020" / "2020-05-05-crash-test.md"
    note.parent.mkdir()
    note.write_text(EVENT)
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "notes_cli", "add-talk", "crash-test", f"Parallel {n}"],
            stderr=subprocess.PIPE,
        )
        for n in range(8)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    assert len(read_note(note).event.talks) == 9


def test_writers_on_different_events_do_not_wait_for_each_other(root: Path) -> None:
    import fcntl

    for name in ("a", "b"):
        (root / f"2020-05-05-{name}.md").write_text(
            EVENT.replace("Crash test meetup", f"Event {name}")
        )
    with open(root / "2020-05-05-a.md", "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # someone is writing event a
        started = time.monotonic()
        other = subprocess.run(
            [sys.executable, "-m", "notes_cli", "add-talk", "2020-05-05-b", "Not blocked"],
            capture_output=True,
            timeout=30,
        )
        assert other.returncode == 0, other.stderr
        assert time.monotonic() - started < 10
    assert "Not blocked" in (root / "2020-05-05-b.md").read_text()


def test_searches_during_a_rebuild_never_fail(run, sample: Path) -> None:
    for number in range(40):
        (sample / f"extra-{number}.md").write_text(
            EVENT.replace("Crash test meetup", f"Extra {number}")
        )
    run("search", "lambda")
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "notes_cli", "index", "--rebuild"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    searches = [
        subprocess.run(
            [sys.executable, "-m", "notes_cli", "search", "lambda"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        for _ in range(4)
    ]
    rebuild.communicate(timeout=120)
    assert rebuild.returncode == 0
    for search in searches:
        assert search.returncode == 0, search.stderr
        assert "Lambda, Good for the little things" in search.stdout


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO])
def test_a_failing_disk_leaves_the_note_as_it_was_and_says_so(
    run, sample: Path, monkeypatch, failure: int
) -> None:
    note = sample / "2016" / "2016-11-28-aws-reinvent-2016.md"
    before = note.read_bytes()

    def fail(*_: object) -> None:
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(os, "fsync", fail)
    result = run("add-talk", "reinvent", "A talk that cannot be saved")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: {note}: could not write ({os.strerror(failure)}); the file was left as it was\n"
    )
    assert note.read_bytes() == before
    assert [p.name for p in note.parent.iterdir() if p.name.startswith(".")] == []


def test_a_read_only_collection_says_so_and_changes_nothing(run, sample: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = sample / "2016"
    folder.chmod(0o500)
    try:
        result = run("add-talk", "reinvent", "Nope")
        assert result.exit_code == 1 and "could not write" in result.stderr
        new = run("new", "Another", "--date", "2016-01-01", "--no-edit")
        assert new.exit_code == 1 and new.stderr.count("\n") == 1
    finally:
        folder.chmod(0o700)


HOLD_NOTE = """
import fcntl, sys
with open(sys.argv[1], "rb") as note:
    fcntl.flock(note, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_rm_waits_for_a_writer_and_trashes_what_it_wrote(root: Path) -> None:
    """Issue 12, row 5: `add-talk X T & rm X --yes` left the note at its path 4 times in 20,
    after rm said it was in the trash: rm did not take the note's lock."""
    from notes_cli.files import atomic_write

    note = root / "2020" / "2020-05-05-crash-test.md"
    note.parent.mkdir()
    note.write_text(EVENT)
    writer = subprocess.Popen(  # an add-talk between its read and its rename
        [sys.executable, "-c", HOLD_NOTE, str(note)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline() == "locked\n"
    rm = subprocess.Popen(
        [sys.executable, "-m", "notes_cli", "rm", "crash-test", "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            rm.wait(timeout=1)  # it waits for the writer
        atomic_write(note, EVENT + "\n## Written while rm waited\n")  # the writer's rename
    finally:
        writer.communicate("")
    _, err = rm.communicate(timeout=60)
    assert rm.returncode == 0, err
    assert not note.exists()
    trashed = root / ".trash" / "2020" / "2020-05-05-crash-test.md"
    assert "Written while rm waited" in trashed.read_text()
