"""Naming and tidying whole notes and talks: mv, rm-talk, rm and restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notes_cli.notefile import read_note

MEETUP = """\
---
title: meetup-notes
date: 2019-03-15
end_date: 2019-03-16
kind: meetup
mood: sunny   # kept
talks:
  - title: Widgets at speed
    speakers:
      - name: Ann Lee
        role: Principal Engineer
        company: Acme
    tags: [widgets]
    slides: https://example.com/widgets
  # the second one ran late
  - title: Gadgets for small jobs
    format: lightning
---
Intro to the evening.

## Widgets at speed

Ann showed the widget pipeline.

### Numbers

Fast enough.

## Gadgets for small jobs

Short and sharp.
"""


@pytest.fixture
def meetup(root: Path, write_note) -> Path:
    return write_note("2019/2019-03-15-meetup-notes.md", MEETUP)


def test_mv_changes_title_date_file_name_and_id_together(run, root: Path, meetup: Path) -> None:
    result = run(
        "mv", "meetup-notes", "--title", "Widget User Group, March 2019", "--date", "2020-03-14"
    )
    assert result.exit_code == 0, result
    new = root / "2020" / "2020-03-14-widget-user-group-march-2019.md"
    assert result.stdout.strip() == str(new)
    assert "2019-03-15-meetup-notes" in result.stderr  # the old id, to fix links with
    assert not meetup.exists()
    text = new.read_text()
    assert text == MEETUP.replace(
        "title: meetup-notes", "title: Widget User Group, March 2019"
    ).replace("date: 2019-03-15\nend_date: 2019-03-16", "date: 2020-03-14\nend_date: 2020-03-15")
    events = json.loads(run("list", "--json").stdout)["events"]
    assert [e["id"] for e in events] == ["2020-03-14-widget-user-group-march-2019"]


def test_mv_never_goes_over_another_note(run, root: Path, meetup: Path, write_note) -> None:
    other = write_note(
        "elsewhere/2019-03-15-widgets.md", "---\ntitle: Widgets\ndate: 2019-03-15\n---\n"
    )
    result = run("mv", "meetup-notes", "--title", "Widgets")
    assert result.exit_code == 1
    assert "2019-03-15-widgets" in result.stderr and result.stderr.count("\n") == 1
    assert meetup.read_text() == MEETUP and other.exists()


def test_mv_needs_something_to_change(run, meetup: Path) -> None:
    result = run("mv", "meetup-notes")
    assert result.exit_code == 1
    assert "--title" in result.stderr and "--date" in result.stderr


def test_mv_of_the_title_alone_keeps_the_folder(run, root: Path, write_note) -> None:
    path = write_note("talks/2021-01-01-x.md", "---\ntitle: x\ndate: 2021-01-01\n---\nBody\n")
    assert run("mv", "2021-01-01-x", "--title", "Winter: a meetup").exit_code == 0
    moved = root / "talks" / "2021-01-01-winter-a-meetup.md"
    assert moved.read_text() == "---\ntitle: 'Winter: a meetup'\ndate: 2021-01-01\n---\nBody\n"
    assert not path.exists()


def test_rm_talk_keeps_its_notes_in_the_events_text(run, meetup: Path) -> None:
    result = run("rm-talk", "meetup-notes/widgets")
    assert result.exit_code == 0, result
    note = read_note(meetup)
    assert note.problems == []
    assert [t.title for t in note.event.talks] == ["Gadgets for small jobs"]
    assert note.event.text == (
        "Intro to the evening.\n\n### Widgets at speed (removed talk)\n\n"
        "- Ann Lee (Principal Engineer, Acme) · tags: widgets\n"
        "- slides: https://example.com/widgets\n\n"
        "Ann showed the widget pipeline.\n\n### Numbers\n\nFast enough."
    )
    text = meetup.read_text()
    assert "mood: sunny   # kept\n" in text and "  # the second one ran late\n" in text
    assert text.endswith("## Gadgets for small jobs\n\nShort and sharp.\n")


def test_rm_talk_of_the_last_talk_leaves_an_empty_list(run, write_note) -> None:
    path = write_note(
        "2020/2020-01-01-t.md",
        "---\ntitle: T\ndate: 2020-01-01\ntalks: [Solo]\n---\n## Solo\nnotes\n",
    )
    assert run("rm-talk", "solo").exit_code == 0
    assert path.read_text() == (
        "---\ntitle: T\ndate: 2020-01-01\ntalks: []\n---\n### Solo (removed talk)\n\nnotes\n"
    )


def test_a_private_talk_stays_private_once_removed(run, write_note) -> None:
    path = write_note(
        "2020/2020-01-01-t.md",
        "---\ntitle: T\ndate: 2020-01-01\ntalks:\n  - Secret plans (private)\n---\n## Secret plans (private)\nshh\n",
    )
    assert run("rm-talk", "secret").exit_code == 0
    assert "### Secret plans (removed talk) (private)" in path.read_text()
    assert "shh" not in run("export", "2020-01-01-t", "--format", "markdown").stdout


def test_rm_then_restore_puts_the_note_back_where_it_was(run, root: Path, meetup: Path) -> None:
    assert run("rm", "meetup-notes", "--yes").exit_code == 0
    listed = run("restore")
    assert listed.exit_code == 0
    assert "2019-03-15-meetup-notes" in listed.stdout and "meetup-notes" in listed.stdout
    result = run("restore", "meetup")
    assert result.exit_code == 0, result
    assert result.stdout.strip() == str(meetup)
    assert meetup.read_text() == MEETUP
    assert "the trash is empty" in run("restore").stderr


def test_restore_never_goes_over_a_note(run, root: Path, meetup: Path, write_note) -> None:
    assert run("rm", "meetup-notes", "--yes").exit_code == 0
    again = write_note(
        "2019/2019-03-15-meetup-notes.md", "---\ntitle: meetup-notes\ndate: 2019-03-15\n---\n"
    )
    result = run("restore", "2019-03-15-meetup-notes")
    assert result.exit_code == 1
    assert "notes mv" in result.stderr
    assert again.read_text().endswith("---\n")
    assert (root / ".trash" / "2019" / "2019-03-15-meetup-notes.md").read_text() == MEETUP


def test_a_note_trashed_twice_comes_back_under_its_own_name(run, root: Path, meetup: Path) -> None:
    assert run("rm", "meetup-notes", "--yes").exit_code == 0
    meetup.write_text(MEETUP.replace("Intro", "Second intro"))
    assert run("rm", "meetup-notes", "--yes").exit_code == 0
    assert (root / ".trash" / "2019" / "2019-03-15-meetup-notes-2.md").exists()
    assert run("restore", "2019-03-15-meetup-notes-2").exit_code == 0
    assert meetup.read_text().startswith(MEETUP.split("Intro")[0] + "Second intro")
    second = run("restore", "2019-03-15-meetup-notes")
    assert second.exit_code == 1  # its own name is taken again: it says so, and stays


def test_restore_of_nothing_in_the_trash_says_how_to_see_it(run, root: Path) -> None:
    result = run("restore", "anything")
    assert result.exit_code == 1
    assert "notes restore" in result.stderr


def test_restore_lists_what_the_trash_holds_even_what_cannot_be_read(run, write_note) -> None:
    write_note(".trash/2020/2020-01-01-t1.md", "---\ntitle: T1\ndate: 2020-01-01\n---\n")
    write_note(".trash/2020/2020-01-02-broken.md", "---\ntitle: [oops\n---\n")
    lines = run("restore").stdout.splitlines()
    assert lines[0].split() == ["trashed", "id", "title"]
    assert any("2020-01-01-t1" in line and "T1" in line for line in lines)
    assert any("2020-01-02-broken" in line and "cannot be read" in line for line in lines)
