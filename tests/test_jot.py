"""Taking notes during a talk: jot, add-talk --note, and naming a talk wherever one is taken."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from notes_cli.notefile import read_note

GUILD = """\
---
title: Platform Guild, March 2024
date: 2024-03-14
kind: meetup
location: The Old Mill, Leeds
talks:
  - title: Paved roads for everyone
    speakers: ["Ann Lee (Staff Engineer, Acme)"]
    tags: [platform]
    rating: 4  # mine
  - title: Operators in anger
    speakers: ["Bo Chan (Northwind)"]
  - title: Lightning round
---
A packed room; pizza ran out at seven.

## Paved roads for everyone

Golden paths, not cages.
- teams may leave them

## Operators in anger

```yaml
kind: Operator
```

## Lightning round
"""
GUILD_ID = "2024-03-14-platform-guild-march-2024"
SUMMIT = """\
---
title: Cloud Summit 2024
date: 2024-05-02
kind: conference
talks:
  - title: Operators at the edge
---
"""


@pytest.fixture
def guild(root: Path, write_note) -> Path:
    write_note("2024/2024-05-02-cloud-summit-2024.md", SUMMIT)
    return write_note(f"2024/{GUILD_ID}.md", GUILD)


def notes_of(path: Path, title: str) -> str:
    return next(t.notes for t in read_note(path).event.talks if t.title == title)


def test_jot_appends_a_list_item_to_the_talks_section(run, guild: Path) -> None:
    before = guild.read_text()
    result = run("jot", "paved roads", "the", "default", "is", "good")
    assert result.exit_code == 0, result
    assert "'Paved roads for everyone'" in result.stderr
    after = guild.read_text()
    assert after == before.replace(
        "- teams may leave them\n", "- teams may leave them\n- the default is good\n"
    )


def test_jot_time_puts_the_time_first(run, guild: Path) -> None:
    assert run("jot", "paved roads", "--time", "slides are online").exit_code == 0
    last = notes_of(guild, "Paved roads for everyone").splitlines()[-1]
    assert re.fullmatch(r"- \d\d:\d\d slides are online", last)


def test_jot_dash_reads_the_lines_from_stdin(run, guild: Path) -> None:
    result = run("jot", f"{GUILD_ID}/paved-roads-for-everyone", "-", input="one\n\n- two\n")
    assert result.exit_code == 0, result
    assert notes_of(guild, "Paved roads for everyone").endswith(
        "- teams may leave them\n- one\n- two"
    )


def test_jot_makes_the_section_when_there_is_none(run, guild: Path) -> None:
    guild.write_text(guild.read_text().replace("\n## Lightning round\n", ""))
    assert run("jot", "lightning", "five talks in ten minutes").exit_code == 0
    assert guild.read_text().endswith("## Lightning round\n\n- five talks in ten minutes\n")
    assert read_note(guild).problems == []


def test_jot_after_a_code_block_keeps_the_code_and_the_other_sections(run, guild: Path) -> None:
    assert run("jot", "guild/operators", "reconcile loops everywhere").exit_code == 0
    note = read_note(guild)
    assert note.problems == []
    assert notes_of(guild, "Operators in anger") == (
        "```yaml\nkind: Operator\n```\n\n- reconcile loops everywhere"
    )
    assert "rating: 4  # mine" in guild.read_text()
    assert note.event.text == "A packed room; pizza ran out at seven."


def test_words_that_start_with_a_minus_are_jotted(run, guild: Path) -> None:
    assert run("jot", "paved roads", "-5%", "latency").exit_code == 0
    assert notes_of(guild, "Paved roads for everyone").endswith("- -5% latency")


@pytest.mark.parametrize(
    "ref",
    [
        "Paved roads",
        "PAVED ROADS",
        f"{GUILD_ID}/paved-roads-for-everyone",
        f"{GUILD_ID}/paved",
        "2024-03-14/roads",
        "guild/paved",
        "platform guild/paved roads",
    ],
)
def test_a_talk_is_named_by_id_a_piece_of_its_title_or_event_and_piece(
    run, guild: Path, ref: str
) -> None:
    result = run("jot", ref, "x")
    assert result.exit_code == 0, result
    assert notes_of(guild, "Paved roads for everyone").endswith("- x")


def test_an_ambiguous_piece_lists_the_talks_with_their_ids(run, guild: Path) -> None:
    result = run("jot", "operators", "x")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert f"{GUILD_ID}/operators-in-anger" in result.stderr
    assert "2024-05-02-cloud-summit-2024/operators-at-the-edge" in result.stderr


def test_a_piece_the_search_index_ignores_is_ambiguous_too(run, guild: Path) -> None:
    # "in" is a word no search finds: the titles that hold it are still named, nothing written
    before = guild.read_text()
    result = run("jot", "in", "x")
    assert result.exit_code == 1
    assert (
        "'in' matches 2 talks" in result.stderr and f"{GUILD_ID}/lightning-round" in result.stderr
    )
    assert guild.read_text() == before


def test_an_unknown_talk_is_one_line_that_says_where_ids_are(run, guild: Path) -> None:
    result = run("jot", "kubernetes", "x")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no talk matches 'kubernetes'; see `notes list --talks --ids` for the ids\n"
    )
    assert run("jot", "paved roads").exit_code == 2  # no text: a usage error


def test_a_piece_many_notes_mention_is_found_through_the_index(
    run, guild: Path, write_note, monkeypatch
) -> None:
    monkeypatch.setattr("notes_cli.handling.MENTIONS", 1)
    assert run("jot", "paved roads", "x").exit_code == 0
    monkeypatch.setattr("notes_cli.handling.MENTIONS", 0)
    assert run("jot", "operators in anger", "y").exit_code == 0
    assert notes_of(guild, "Operators in anger").endswith("- y")


def test_jot_by_a_piece_opens_no_index(run, guild: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        "notes_cli.notebook.Notebook._opened", lambda *a, **k: pytest.fail("index opened")
    )
    assert run("jot", "paved roads", "x").exit_code == 0
    assert run("jot", f"{GUILD_ID}/operators", "y").exit_code == 0
    assert run("jot", "platform guild/operators", "z").exit_code == 0
    assert notes_of(guild, "Operators in anger").endswith("- y\n- z")


def test_a_title_with_a_slash_is_a_piece_of_a_title(run, guild: Path, write_note) -> None:
    note = write_note(
        "2024/2024-06-01-ci-night.md",
        "---\ntitle: CI night\ndate: 2024-06-01\ntalks:\n  - title: CI/CD for the rest of us\n---\n",
    )
    assert run("jot", "ci/cd for the rest", "pipelines as code").exit_code == 0
    assert read_note(note).event.talks[0].notes == "- pipelines as code"
    result = run("jot", "ci night/nothing like it", "x")
    assert result.exit_code == 1 and "no talk matches 'ci night/nothing like it'" in result.stderr


def test_add_talk_note_writes_the_talk_and_its_first_line_at_once(run, guild: Path) -> None:
    result = run(
        "add-talk", "guild", "Closing panel", "--speaker", "Cy Dee", "--note", "who owns the pager?"
    )
    assert result.exit_code == 0, result
    assert guild.read_text().endswith(
        "## Lightning round\n\n## Closing panel\n\n- who owns the pager?\n"
    )
    event = read_note(guild).event
    assert event.talks[-1].title == "Closing panel" and event.talks[-1].speakers[0].name == "Cy Dee"


def test_show_edit_and_related_take_a_talk(run, guild: Path, monkeypatch, tmp_path: Path) -> None:
    shown = run("show", "paved roads")
    assert shown.exit_code == 0, shown
    assert shown.stdout.startswith("# Platform Guild, March 2024\n")
    assert "## Paved roads for everyone" in shown.stdout
    assert "Operators in anger" not in shown.stdout
    assert f"id: {GUILD_ID}/paved-roads-for-everyone" in shown.stdout

    script = tmp_path / "ed.py"
    script.write_text(
        "import sys, pathlib\npathlib.Path(sys.argv[-1] + '.args').write_text(' '.join(sys.argv[1:]))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert run("edit", "operators in anger").exit_code == 0
    assert (guild.parent / f"{guild.name}.args").read_text() == str(guild)

    related = run("related", "paved roads", "--json")
    assert related.exit_code == 0, related
    assert json.loads(related.stdout)["talk"]["id"] == f"{GUILD_ID}/paved-roads-for-everyone"


def test_edit_opens_vi_at_the_talks_section(run, guild: Path, monkeypatch, tmp_path: Path) -> None:
    vi = tmp_path / "bin" / "vi"
    vi.parent.mkdir()
    vi.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "args"}\n')
    vi.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(vi))
    assert run("edit", "operators in anger").exit_code == 0
    line = guild.read_text().splitlines().index("## Operators in anger") + 1
    assert (tmp_path / "args").read_text().split() == [f"+{line}", str(guild)]


def test_edit_with_no_terminal_and_no_editor_says_so(run, guild: Path) -> None:
    result = run("edit", "guild")
    assert result.exit_code == 1
    assert "neither $VISUAL nor $EDITOR is set" in result.stderr
    assert result.stderr.count("\n") == 1


def test_jots_at_once_into_one_talk_keep_every_line(guild: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "NOTES_DIR": str(guild.parent.parent)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "notes_cli", "jot", "paved roads", f"line {n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    notes = notes_of(guild, "Paved roads for everyone").splitlines()
    assert sorted(notes[-4:]) == [f"- line {n}" for n in range(4)]
    assert read_note(guild).problems == []
