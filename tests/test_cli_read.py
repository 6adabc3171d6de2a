from __future__ import annotations

import json
import os
import shutil
import typing
from pathlib import Path

import pytest

from notes_cli.cli.app import complete_event
from notes_cli.collection import load
from notes_cli.folders import find_root

EVENT_KEYS = ["id", "title", "date", "end_date", "kind", "location", "url", "tags", "path", "talks"]
TALK_KEYS = ["id", "event_id", "title", "speakers", "tags", "format", "track"]
MEETUP_ID = "2016-09-08-aws-user-group-north-september-2016"
REINVENT_ID = "2016-11-28-aws-reinvent-2016"


def test_list_shows_events_newest_first(run, sample: Path) -> None:
    result = run("list")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["date", "kind", "title", "talks", "location"]
    assert "AWS re:Invent 2016" in lines[1] and "conference" in lines[1] and "Las Vegas" in lines[1]
    assert "AWS User Group North, September 2016" in lines[2] and "\t6\t" in lines[2]


def test_list_json_pins_the_event_and_talk_keys(run, sample: Path) -> None:
    document = json.loads(run("list", "--json").stdout)
    assert list(document) == ["events"]
    events = document["events"]
    assert [e["id"] for e in events] == [REINVENT_ID, MEETUP_ID]
    for event in events:
        assert list(event) == EVENT_KEYS
        for talk in event["talks"]:
            assert list(talk) == TALK_KEYS
            assert talk["event_id"] == event["id"]
            assert all(list(s) == ["name", "role", "company"] for s in talk["speakers"])
    reinvent = events[0]
    assert (reinvent["date"], reinvent["end_date"]) == ("2016-11-28", "2016-12-02")
    assert Path(reinvent["path"]).is_absolute() and Path(reinvent["path"]).exists()
    talks = json.loads(run("list", "--talks", "--json").stdout)
    assert list(talks) == ["talks"]
    assert len(talks["talks"]) == sum(len(e["talks"]) for e in events)
    assert talks["talks"][0]["id"] == f"{REINVENT_ID}/keynote-andy-jassy"


def test_list_talks_shows_speakers_with_their_company(run, sample: Path) -> None:
    result = run("list", "--talks")
    assert result.exit_code == 0
    lambda_row = next(line for line in result.stdout.splitlines() if "Lambda, Good for" in line)
    assert (
        "2016-09-08" in lambda_row
        and "Carl Simpson (Zen Internet)" in lambda_row
        and "lambda" in lambda_row
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            ["--company", "netflix"],
            ["How Netflix Achieves Email Delivery at Global Scale with Amazon SES"],
        ),
        (["--speaker", "CARL"], ["Lambda, Good for the little things"]),
        (
            ["--tag", "LAMBDA"],
            [
                "Automation and Scaling Infrastructure",
                "Lambda, Good for the little things",
                '"Mummy, where are the servers?"',
            ],
        ),
        (["--kind", "meetup", "--company", "aws"], ["Network Innovation at Scale", "AWS Update"]),
        (["--year", "2015"], []),
    ],
)
def test_list_talk_filters(run, sample: Path, filters: list[str], expected: list[str]) -> None:
    talks = json.loads(run("list", "--talks", "--json", *filters).stdout)["talks"]
    assert [t["title"] for t in talks] == expected


def test_list_event_filters_keep_events_with_a_matching_talk(run, sample: Path) -> None:
    events = json.loads(run("list", "--json", "--company", "netflix").stdout)["events"]
    assert [e["id"] for e in events] == [REINVENT_ID]
    assert [
        e["id"]
        for e in json.loads(run("list", "--json", "--year", "2016", "--kind", "MEETUP").stdout)[
            "events"
        ]
    ] == [MEETUP_ID]


def test_list_skips_an_unreadable_note_and_says_so(run, sample: Path, write_note) -> None:
    bad = write_note("2017/2017-01-01-bad.md", "---\ntitle: [broken\n---\n")
    result = run("list")
    assert result.exit_code == 0
    assert f"skipped {bad}:2:" in result.stderr
    assert "AWS re:Invent 2016" in result.stdout


def test_an_empty_collection_says_how_to_start(run, root: Path) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "notes new" in result.stderr


def test_show_renders_the_writeup_with_speakers(run, sample: Path) -> None:
    result = run("show", "re:invent")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "AWS re:Invent 2016" in out
    assert "Devika Chawla (Engineering Director, Netflix), Kadir Rathnavalu (AWS)" in out
    assert "Convertible" in out  # the talk's notes
    assert out.index("Keynote: Andy Jassy") < out.index("Cost Management")


@pytest.mark.parametrize(
    "ref",
    [REINVENT_ID, "2016-11", "reinvent", "RE:INVENT", "notes/2016/2016-11-28-aws-reinvent-2016.md"],
)
def test_an_event_is_named_by_id_prefix_title_piece_or_file(run, sample: Path, ref: str) -> None:
    result = run("show", ref)
    assert result.exit_code == 0, result
    assert "AWS re:Invent 2016" in result.stdout


def test_an_ambiguous_event_lists_the_candidates(run, sample: Path) -> None:
    result = run("show", "2016")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert MEETUP_ID in result.stderr and REINVENT_ID in result.stderr
    assert run("show", "aws").exit_code == 1


def test_an_unknown_event_is_one_line(run, sample: Path) -> None:
    result = run("add-talk", "kubecon", "Some talk")
    assert result.exit_code == 1
    assert result.stderr == "error: no event matches 'kubecon'; see `notes list` for the ids\n"


def test_debug_shows_the_traceback(run, sample: Path) -> None:
    result = run("--debug", "show", "kubecon")
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "EventNotFound"


def test_check_passes_on_the_sample_collection(run, sample: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert "2 notes checked, no problems" in result.stderr


def test_check_lists_every_problem_with_file_and_line(run, root: Path, write_note) -> None:
    shutil.copytree(Path(__file__).parent / "data" / "broken", root, dirs_exist_ok=True)
    result = run("check")
    assert result.exit_code == 1
    # the YAML parser's own words differ between its C and Python versions: keep what is ours
    lines = sorted(
        line.replace(str(root) + os.sep, "").split(": mapping values")[0]
        for line in result.stdout.splitlines()
    )
    assert lines == sorted(
        [
            "bad-yaml.md:3: front matter is not valid YAML",
            "no-title.md:2: missing title: add a 'title:' line to the front matter",
            "no-date.md:2: missing date: add a 'date: YYYY-MM-DD' line to the front matter",
            "not-a-date.md:3: date 'someday' is not a date: write it as YYYY-MM-DD",
            "talk-faults.md:5: talk without a title: give it a title: line",
            "talk-faults.md:7: speaker is neither text nor a mapping: write 'Name (Role, Company)' or a mapping with name, role, company",
            "talk-faults.md:8: talk 'Left without a section' has no '## Left without a section' section in the body",
            "talk-faults.md:12: section '## Nobody gave this talk' matches no talk: add the talk (notes add-talk) or make it a '###' heading of the event's text",
            "empty.md:1: no front matter: a note starts with a '---' line, then title: and date:",
        ]
    )
    assert "9 problems in 6 of 7 notes" in result.stderr


def test_hidden_folders_are_never_read_as_notes(run, sample: Path, write_note) -> None:
    write_note(".trash/2016/old.md", "not a note")
    write_note(".git/x.md", "not a note")
    assert run("check").exit_code == 0


def test_the_collection_is_dir_then_env_then_local_notes(
    run, tmp_path: Path, sample: Path, monkeypatch
) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert json.loads(run("list", "--json", "--dir", str(other)).stdout) == {"events": []}
    assert find_root() == sample
    monkeypatch.delenv("NOTES_DIR")
    assert find_root() == Path("notes")
    assert len(json.loads(run("list", "--json").stdout)["events"]) == 2
    monkeypatch.chdir(other)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert find_root() == tmp_path / "data" / "notes"


def test_completion_offers_event_ids(sample: Path) -> None:
    class Ctx:
        params: typing.ClassVar[dict] = {}

    assert complete_event(Ctx(), "2016-11") == [REINVENT_ID]  # type: ignore[arg-type]
    assert complete_event(Ctx(), "") == [MEETUP_ID, REINVENT_ID]  # type: ignore[arg-type]


def test_the_sample_collection_has_the_seed_events(sample: Path) -> None:
    meetup, reinvent = sorted(load(sample).events, key=lambda e: e.date)
    assert [t.format for t in meetup.talks] == [
        "talk",
        "lightning",
        "lightning",
        "lightning",
        "talk",
        "talk",
    ]
    assert all(s.company for t in meetup.talks for s in t.speakers)
    assert reinvent.kind == "conference" and reinvent.location == "Las Vegas"
    assert {s.name for t in reinvent.talks for s in t.speakers} >= {
        "Andy Jassy",
        "Werner Vogels",
        "Devika Chawla",
        "Danielle Greshock",
    }


def test_dir_works_before_the_command_too(run, tmp_path: Path, sample: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert json.loads(run("--dir", str(other), "list", "--json").stdout) == {"events": []}
    assert (
        len(
            json.loads(run("--dir", str(other), "list", "--json", "--dir", str(sample)).stdout)[
                "events"
            ]
        )
        == 2
    )


def test_notes_in_symlinked_folders_are_read_once_and_loops_are_harmless(
    run, root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere" / "2016"
    shutil.copytree(Path(__file__).parent.parent / "notes" / "2016", elsewhere)
    (root / "kept-elsewhere").symlink_to(elsewhere)
    (elsewhere / "loop").symlink_to(elsewhere)
    events = json.loads(run("list", "--json").stdout)["events"]
    assert sorted(e["id"] for e in events) == [MEETUP_ID, REINVENT_ID]
    assert run("check").exit_code == 0


def test_a_long_list_prints_in_chunks_with_one_header(run, sample: Path, monkeypatch) -> None:
    monkeypatch.setattr("notes_cli.render.tables._CHUNK", 1)
    lines = run("list", "--talks").stdout.splitlines()
    assert lines[0].split() == ["date", "event", "talk", "speakers", "tags"]
    assert len(lines) == 13 and sum(line.startswith("date\t") for line in lines) == 1


def test_list_reads_the_index_not_the_files(run, sample: Path, monkeypatch) -> None:
    run("list")  # builds the index
    monkeypatch.setattr(
        "notes_cli.index.documents.read_note", lambda path: pytest.fail(f"read {path}")
    )
    assert "AWS re:Invent 2016" in run("list").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["search", "lambda"],
        ["--dir", "SAMPLE", "list"],
        ["search", "--help"],
        ["add-talk", "--help"],
        ["rm-talk"],
        ["index", "--bogus"],
        ["--debug", "show", "nothing-like-it"],
    ],
)
def test_the_command_run_alone_says_what_the_whole_app_says(sample: Path, args: list[str]) -> None:
    from typer.testing import CliRunner

    from notes_cli.cli import _named_alone, app

    args = [str(sample) if arg == "SAMPLE" else arg for arg in args]
    alone = _named_alone(args)
    assert len(alone.registered_commands) == 1  # the one command, built alone
    mine, whole = CliRunner().invoke(alone, args), CliRunner().invoke(app, args)
    assert (mine.exit_code, mine.stdout, mine.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )
    assert len(app.registered_commands) > 15  # the app itself keeps every command
    assert _named_alone(["--dir", "search"]) is app  # a folder named search, no command
    assert _named_alone(["serch", "lambda"]) is app  # Click says what it might be
    # the group's options that install shell completion: only the whole app has them
    assert _named_alone(["--show-completion", "search"]) is app
    assert "--install-completion" not in CliRunner().invoke(alone, ["--help"]).stdout


@pytest.mark.parametrize(
    "args", [["--help", "list"], ["-h", "search"], ["--debug", "--help", "show"]]
)
def test_the_group_help_before_a_command_still_lists_every_command(sample: Path, args) -> None:
    from typer.testing import CliRunner

    from notes_cli.cli import _named_alone

    result = CliRunner().invoke(_named_alone(args), args)  # as the notes command runs it
    assert result.exit_code == 0
    for command in ("search", "list", "export", "import", "show"):
        assert f" {command} " in result.stdout
