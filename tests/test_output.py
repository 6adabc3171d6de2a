"""Output that fits a terminal and a pipe: show as Markdown or through the pager, narrow
terminals, ids in lists, completion, stats limits."""

from __future__ import annotations

import json
import re
import sys
import typing
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from notes_cli.cli import app
from notes_cli.cli.app import complete_event, complete_talk
from notes_cli.render.console import stdout
from notes_cli.render.tables import Column, layout

MEETUP_ID = "2016-09-08-aws-user-group-north-september-2016"
REINVENT_ID = "2016-11-28-aws-reinvent-2016"


@pytest.fixture(autouse=True)
def _fresh_consoles():
    """The consoles are made once per process: each test here makes its own."""
    stdout.cache_clear()
    yield
    stdout.cache_clear()


def terminal(monkeypatch, *, width: int = 80, height: int = 25) -> None:
    """Print as into a terminal of that size (no colour: NO_COLOR stays set)."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("LINES", str(height))
    stdout.cache_clear()


def plain(text: str) -> str:
    """Output without the terminal's bold and dim."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_show_in_a_pipe_is_the_plain_markdown(run, sample: Path) -> None:
    out = run("show", "reinvent").stdout
    assert out.startswith("# AWS re:Invent 2016\n\n2016-11-28 – 12-02 · conference · Las Vegas")
    assert "\n## Keynote: Andy Jassy\n" in out
    assert all(line == line.rstrip() for line in out.splitlines())  # no padding to a width


def test_show_longer_than_the_screen_goes_through_the_pager(
    run, sample: Path, monkeypatch, tmp_path: Path
) -> None:
    terminal(monkeypatch, height=20)
    script = tmp_path / "pager.py"
    script.write_text(
        f"import sys\nopen({str(tmp_path / 'paged')!r}, 'w').write(sys.stdin.read())\n"
    )
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    result = run("show", "reinvent")
    assert result.exit_code == 0, result
    paged = (tmp_path / "paged").read_text()
    assert "AWS re:Invent 2016" in paged and "Keynote: Andy Jassy" in paged
    assert "Keynote" not in result.stdout
    (tmp_path / "paged").unlink()
    assert "Keynote: Andy Jassy" in run("show", "reinvent", "--no-pager").stdout
    assert not (tmp_path / "paged").exists()


def test_a_short_show_or_a_missing_pager_prints_it(run, sample: Path, monkeypatch) -> None:
    terminal(monkeypatch, height=1000)
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    assert "Keynote: Andy Jassy" in run("show", "reinvent").stdout
    terminal(monkeypatch, height=5)
    assert "Keynote: Andy Jassy" in run("show", "reinvent").stdout


def test_in_a_narrow_terminal_the_title_gets_the_width(run, sample: Path, monkeypatch) -> None:
    terminal(monkeypatch, width=60)
    lines = plain(run("list").stdout).splitlines()
    # the date gave up its range and the kind and place were left out: the title is whole
    assert lines[0].split() == ["date", "title", "talks"]
    assert lines[1].startswith("2016-11-28  AWS re:Invent 2016 ")
    assert lines[2].startswith("2016-09-08  AWS User Group North, September 2016 ")
    assert all(len(line) <= 60 and line == line.rstrip() for line in lines)
    terminal(monkeypatch, width=80)
    lines = plain(run("list").stdout).splitlines()
    assert lines[0].split() == ["date", "kind", "title", "talks", "location"]
    assert "AWS User Group North, September 2016 " in lines[2]
    terminal(monkeypatch, width=160)
    header = plain(run("list").stdout).splitlines()[0]
    assert header.split() == ["date", "kind", "title", "talks", "location"]
    assert "2016-11-28 – 12-02" in plain(run("list").stdout)


def test_the_layout_narrows_fixed_columns_then_leaves_columns_out() -> None:
    columns = [
        Column("date", width=18, narrow=10),
        Column("kind", width=10, drop=1),
        Column("title", ratio=3, main=True),
        Column("where", ratio=2, drop=2),
    ]
    shown, widths, narrow = layout(columns, 200)
    assert (shown, narrow) == ([0, 1, 2, 3], False)
    shown, widths, narrow = layout(columns, 80)
    assert (shown, narrow) == ([0, 1, 2, 3], False) and widths[2] >= 32
    shown, widths, narrow = layout(columns, 60)
    assert narrow and shown == [0, 1, 2, 3] and widths[0] == 10 and widths[2] >= 24
    shown, widths, narrow = layout(columns, 40)
    assert shown == [0, 2] and widths[1] >= 24
    # the titles' longest: the date narrows first, then the kind goes before a title is cut
    shown, widths, narrow = layout(columns, 80, longest=45)
    assert narrow and shown == [0, 1, 2, 3] and widths[2] >= 45
    shown, widths, narrow = layout(columns, 80, longest=60)
    assert narrow and shown == [0, 2, 3] and widths[1] >= 48
    shown, widths, narrow = layout(columns, 80, longest=20)  # short titles: nothing goes
    assert (shown, narrow) == ([0, 1, 2, 3], False) and widths[2] >= 20


def test_in_a_pipe_rows_are_tab_separated_and_never_padded(run, sample: Path) -> None:
    for command in (
        ["list"],
        ["list", "--ids"],
        ["list", "--talks"],
        ["related", "little things"],
        ["stats", "--by", "company"],
    ):
        lines = run(*command).stdout.splitlines()
        widths = {len(line.split("\t")) for line in lines}
        assert len(widths) == 1 and widths.pop() > 1, command  # every row the header's columns
        assert not any(line != line.strip(" ") or "  " in line for line in lines), command
    events = [line.split("\t") for line in run("list").stdout.splitlines()]
    assert events[0] == ["date", "kind", "title", "talks", "location"]
    assert events[2] == [
        "2016-09-08",
        "meetup",
        "AWS User Group North, September 2016",
        "6",
        "Zen Internet, Rochdale",
    ]
    counts = run("stats", "--by", "company").stdout.splitlines()
    assert counts[:2] == ["company\ttalks", "AWS\t6"]


def test_list_ids_shows_the_ids_to_name_things_by(run, sample: Path) -> None:
    lines = run("list", "--ids").stdout.splitlines()
    assert lines[0].split("\t")[0] == "id"
    assert lines[1].startswith(REINVENT_ID + "\t") and lines[2].startswith(MEETUP_ID + "\t")
    talks = run("list", "--talks", "--ids").stdout.splitlines()
    assert talks[1].startswith(f"{REINVENT_ID}/keynote-andy-jassy\t")
    for line in talks[1:]:  # every id shown names its talk
        talk_id = line.split("\t")[0]
        assert run("show", talk_id).exit_code == 0


def test_completion_offers_pieces_of_titles_and_talk_ids(sample: Path) -> None:
    class Ctx:
        params: typing.ClassVar[dict] = {}

    ctx = typing.cast(typing.Any, Ctx())
    assert complete_event(ctx, "2016-11") == [REINVENT_ID]
    assert complete_event(ctx, "invent") == [(REINVENT_ID, "AWS re:Invent 2016")]
    talks = complete_talk(ctx, "little things")
    assert talks == [
        (f"{MEETUP_ID}/lambda-good-for-the-little-things", "Lambda, Good for the little things")
    ]
    assert [i for i, _ in complete_talk(ctx, f"{REINVENT_ID}/keynote")] == [
        f"{REINVENT_ID}/keynote-andy-jassy",
        f"{REINVENT_ID}/keynote-werner-vogels",
    ]


def completed(line: str) -> list[str]:
    """What bash offers for the last word of `line` (Typer's completion protocol)."""
    words = line.split()
    env = {
        "_NOTES_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    return CliRunner().invoke(app, [], env=env, prog_name="notes").stdout.split()


def test_the_shell_completes_a_piece_of_a_title_to_its_ids(sample: Path) -> None:
    assert completed("notes jot little") == [f"{MEETUP_ID}/lambda-good-for-the-little-things"]
    assert completed("notes show invent") == [REINVENT_ID]
    assert completed("notes mv reinvent") == [REINVENT_ID]  # a piece of an id
    assert completed(f"notes rm-talk {REINVENT_ID}/keynote") == [
        f"{REINVENT_ID}/keynote-andy-jassy",
        f"{REINVENT_ID}/keynote-werner-vogels",
    ]
    assert completed("notes edit 2016-09") == [MEETUP_ID]


def test_stats_limit_holds_with_json(run, sample: Path) -> None:
    document = json.loads(run("stats", "--by", "topic", "--limit", "3", "--json").stdout)
    assert len(document["counts"]) == 3
    chart = run("stats", "--by", "topic", "--limit", "3")
    assert "3 of " in chart.stderr


def test_stats_by_topic_counts_the_events_tags_as_topic_search_does(run, sample: Path) -> None:
    counts = {
        c["value"]: c["talks"]
        for c in json.loads(run("stats", "--json", "--limit", "100").stdout)["counts"]
    }
    found = json.loads(run("search", "--json", "topic:aws", "--limit", "100").stdout)["hits"]
    assert counts["aws"] == len(found) > 0


def test_stats_in_a_terminal_is_a_bar_chart(run, sample: Path, monkeypatch) -> None:
    terminal(monkeypatch, width=80)
    chart = plain(run("stats", "--by", "topic").stdout).splitlines()
    assert "all talks, by topic" in chart[0]
    assert chart[1].startswith("aws ") and "█" in chart[1] and chart[1].endswith(" 12")


def test_the_help_gives_each_command_its_whole_line_and_a_three_line_example(run) -> None:
    from notes_cli.cli.app import first_line

    out = run("--help").stdout
    commands, example = out.split("Commands:")[1].split("\n\n", 1)
    described = {}  # each command's description, its wrapped lines joined
    for line in commands.strip("\n").splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            name, _, text = line.strip().partition(" ")
            described[name] = text.strip()
        else:
            described[name] += " " + line.strip()
    group = typer.main.get_group(app)
    for name, text in described.items():
        assert text == first_line(group.commands[name].help), name
    assert [line.split()[0] for line in example.strip().splitlines()[1:]] == ["notes"] * 3
