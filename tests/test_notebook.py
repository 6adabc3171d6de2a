"""The Notebook: one open per command, the index healed in one place, one report printed once.

Every command that reads the index meets a damaged one the same way: one line saying it is
being rebuilt, then the right answer, exit 0.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from notes_cli.index.store import cache_folder
from notes_cli.listing import TalkFilter
from notes_cli.notebook import ImportOptions, Notebook

REBUILDING = "rebuilding it from the notes"


def old_schema(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["schema"] = 1
    (folder / "manifest.json").write_text(json.dumps(manifest))


def garbage_segment(folder: Path) -> None:
    rng = random.Random(22)
    for segment in folder.glob("index-*/*.seg"):
        segment.write_bytes(rng.randbytes(segment.stat().st_size))


# A starred talk with a time and a room, for the commands of the conference day.
SUMMIT = """\
---
title: Widget Summit 2024
date: 2024-05-14
kind: conference
location: Example Hall, Berlin
talks:
  - title: Opening Keynote
    speakers: ["Ann Lee (CTO, Acme)"]
    room: Hall A
    start: 2024-05-14T09:00+02:00
    duration: 45
    starred: true
---
"""

# (arguments, a piece of the right answer on stdout)
READERS = [
    (["search", "lambda"], "Lambda, Good for the little things"),
    (["list"], "AWS User Group North, September 2016"),
    (["list", "--talks"], "Network Innovation at Scale"),
    (["list", "--talks", "--json"], '"title": "Network Innovation at Scale"'),
    (["list", "--talks", "--starred"], "Opening Keynote"),
    (["show", "user group"], "Network Innovation at Scale"),
    (["stats", "--by", "year"], "2016"),
    (["related", "little things"], "Mummy, where are the servers?"),
    (["index"], "events"),
    (["export", "--query", "lambda", "--format", "markdown"], "Lambda, Good for the little"),
    (["export", "user group", "--format", "markdown"], "Network Innovation at Scale"),
    (["plan"], "09:00–09:45  Opening Keynote"),
    (["now", "--at", "2024-05-14T09:10+02:00"], "Opening Keynote"),
]
# The commands that answer from the index are all in READERS; these others write a note (the
# ones that find it by a piece of its title are tested below), or never open the index.
NOT_READERS = {
    "new", "add-talk", "jot", "edit", "mv", "rm", "rm-talk", "restore", "star", "unstar",
    "import", "check", "init", "sync",
}  # fmt: skip


def test_the_readers_below_are_every_command_that_answers_from_the_index() -> None:
    from notes_cli.cli import app

    commands = {c.name or c.callback.__name__.rstrip("_") for c in app.registered_commands}
    assert commands - NOT_READERS == {args[0] for args, _ in READERS}


@pytest.mark.parametrize("damage", [old_schema, garbage_segment])
@pytest.mark.parametrize(("args", "answer"), READERS, ids=[" ".join(a) for a, _ in READERS])
def test_every_command_that_reads_the_index_heals_it_the_same_way(
    run, sample: Path, damage, args: list[str], answer: str
) -> None:
    (sample / "2024").mkdir()
    (sample / "2024" / "2024-05-14-widget-summit-2024.md").write_text(SUMMIT)
    assert run("search", "lambda").exit_code == 0  # builds the index
    damage(cache_folder(sample))
    result = run(*args)
    assert result.exit_code == 0, result
    assert answer in result.stdout
    assert result.stderr.count(REBUILDING) == 1, result.stderr
    assert "error" not in result.stderr
    assert REBUILDING not in run(*args).stderr  # healed for good


# (arguments naming the meetup by a piece of its title, what its note holds afterwards)
WRITERS = [
    (["add-talk", "user group", "Serverless CI"], "Serverless CI"),
    (["mv", "user group", "--title", "AWS User Group North, Autumn 2016"], "Autumn 2016"),
    (["rm", "user group", "--yes"], None),
]


@pytest.mark.parametrize(("args", "written"), WRITERS, ids=[a[0] for a, _ in WRITERS])
def test_a_command_that_finds_an_event_by_title_heals_the_index_before_writing(
    run, sample: Path, args: list[str], written: str | None
) -> None:
    run("list")
    garbage_segment(cache_folder(sample))
    result = run(*args)
    assert result.exit_code == 0, result
    assert result.stderr.count(REBUILDING) == 1
    notes = [p.read_text() for p in sample.glob("2016/*.md")]
    if written is None:  # gone to the trash
        assert len(notes) == 1 and list(sample.glob(".trash/**/*user-group*.md"))
    else:
        assert any(written in text for text in notes)


def test_the_notice_comes_before_the_error_it_led_to(run, sample: Path) -> None:
    run("list")
    old_schema(cache_folder(sample))
    result = run("show", "no such event")
    assert result.exit_code == 1
    notice, error = result.stderr.splitlines()
    assert REBUILDING in notice and error.startswith("error: no event matches")


def test_a_listing_reads_a_chunk_in_full_before_it_gives_an_event(sample: Path) -> None:
    list(Notebook(sample).events(TalkFilter()))
    garbage_segment(cache_folder(sample))
    book = Notebook(sample)
    events = book.events(TalkFilter(kind="meetup"))
    first = next(events)
    # healed before the first event was given: nothing read while printing can fail
    assert [n for n in book.report.notices if REBUILDING in n] != []
    assert [first.title, *(e.title for e in events)] == ["AWS User Group North, September 2016"]


def test_a_long_listing_is_read_a_chunk_at_a_time_in_order(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("notes_cli.notebook.LISTED_AT_ONCE", 1)
    listed = [e.title for e in Notebook(sample).events(TalkFilter())]
    assert listed == ["AWS re:Invent 2016", "AWS User Group North, September 2016"]


POST = """\
---
title: AWS User Group North, September 2016
date: 2016-09-08
---
The evening again, as a post.

## Cold starts in practice - Ann Lee (CTO, Acme)

What she said.
"""


def test_a_dry_run_shows_the_path_the_real_run_writes(run, sample: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST)
    taken = sample / "2016" / "2016-09-08-aws-user-group-north-september-2016.md"
    assert taken.exists()
    dry = run("import", str(post), "--dry-run")
    listed = json.loads(run("import", str(post), "--dry-run", "--json").stdout)["events"]
    real = run("import", str(post))
    assert dry.exit_code == real.exit_code == 0, (dry, real)
    written = real.stdout.split()[0]
    assert dry.stdout.split()[:3] == ["would", "write", written]
    assert written.endswith("-2.md") and Path(written).exists()
    assert [(e["id"], e["path"]) for e in listed] == [(Path(written).stem, written)]


def test_an_import_plan_places_two_events_of_the_same_name_apart(
    sample: Path, tmp_path: Path
) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(POST)
    book = Notebook(sample)
    plan = book.plan_import([tmp_path / "a.md", tmp_path / "b.md"], ImportOptions())
    planned = [note.path.name for note in plan.notes]
    assert planned == [
        "2016-09-08-aws-user-group-north-september-2016-2.md",
        "2016-09-08-aws-user-group-north-september-2016-3.md",
    ]
    assert [note.path.name for note in book.apply(plan).notes] == planned
