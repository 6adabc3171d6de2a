from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from notes_cli.collection import load

NEW_MEETUP = [
    "new",
    "AWS User Group North, September 2016",
    "--date",
    "2016-09-08",
    "--kind",
    "meetup",
    "--location",
    "Zen Internet, Rochdale",
    "--tag",
    "aws",
    "--talk",
    "Network Innovation at Scale",
    "--no-edit",
]
LAMBDA = [
    "add-talk",
    "2016-09-08",
    "Lambda, Good for the little things",
    "--speaker",
    "Carl Simpson (Technical Architect, Zen Internet)",
    "--tag",
    "lambda",
    "--tag",
    "serverless",
    "--format",
    "lightning",
]


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n")[1])


def test_new_writes_the_note_under_its_year_and_prints_the_path(run, root: Path) -> None:
    result = run(*NEW_MEETUP)
    assert result.exit_code == 0, result
    path = root / "2016" / "2016-09-08-aws-user-group-north-september-2016.md"
    assert result.stdout.strip() == str(path)
    data = front(path)
    assert data["title"] == "AWS User Group North, September 2016"
    assert data["date"] == dt.date(2016, 9, 8)
    assert (data["kind"], data["location"], data["tags"]) == (
        "meetup",
        "Zen Internet, Rochdale",
        ["aws"],
    )
    assert data["talks"] == [{"title": "Network Innovation at Scale"}]
    assert "## Network Innovation at Scale" in path.read_text()
    assert run("check").exit_code == 0


def test_a_second_note_with_the_same_date_and_title_never_overwrites_the_first(
    run, root: Path
) -> None:
    first = Path(run(*NEW_MEETUP).stdout.strip())
    run(*LAMBDA)
    before = first.read_text()
    second = run(*NEW_MEETUP)
    assert second.exit_code == 0
    assert Path(second.stdout.strip()).name == "2016-09-08-aws-user-group-north-september-2016-2.md"
    assert first.read_text() == before


def test_new_without_a_title_outside_a_terminal_says_what_is_missing(run, root: Path) -> None:
    result = run("new", input="This must not be read\n")
    assert result.exit_code == 1
    assert "title is missing" in result.stderr
    assert list(root.iterdir()) == []


def test_new_asks_for_the_fields_in_a_terminal(run, root: Path, terminal) -> None:
    answers = "\n".join(
        [
            "AWS re:Invent 2016",
            "2016-11-28",
            "",  # the last day: the first, for one day
            "conference",
            "Las Vegas",
            "",  # its page
            "",  # its tags
            "Containers and Amazon ECS",
            "Danielle Greshock (AWS)",
            "Cost Management",
            "",
            "",
            "",
        ]
    )
    result = run("new", "--no-edit", input=answers)
    assert result.exit_code == 0, result
    event = load(root).events[0]
    assert (event.title, event.date, event.kind, event.location) == (
        "AWS re:Invent 2016",
        dt.date(2016, 11, 28),
        "conference",
        "Las Vegas",
    )
    assert [t.title for t in event.talks] == ["Containers and Amazon ECS", "Cost Management"]
    assert event.talks[0].speakers[0].company == "AWS"


def test_the_date_defaults_to_today(run, root: Path, terminal) -> None:
    result = run("new", "--no-edit", input="Local meetup\n\n\n\n\n\n\n\n")
    assert result.exit_code == 0, result
    assert load(root).events[0].date == dt.date.today()


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake editor (its path has a space, as real ones do) that appends what it is told."""
    script = tmp_path / "my editor.py"
    script.write_text(
        "import os, sys\n"
        "with open(sys.argv[-1], 'a', encoding='utf-8') as f:\n"
        "    f.write(os.environ.get('APPEND', ''))\n"
    )
    monkeypatch.setenv("EDITOR", f'{sys.executable} "{script}"')
    return script


def test_new_opens_the_editor_and_keeps_what_was_written(
    run, root: Path, editor, terminal, monkeypatch
) -> None:
    monkeypatch.setenv("APPEND", "\nA great day.\n")
    result = run(*NEW_MEETUP[:-1])
    assert result.exit_code == 0, result
    assert Path(result.stdout.strip()).read_text().endswith("A great day.\n")


def test_edit_reports_problems_after_the_editor_and_keeps_the_text(
    run, root: Path, editor, monkeypatch
) -> None:
    path = Path(run(*NEW_MEETUP).stdout.strip())
    monkeypatch.setenv("APPEND", "\n## A section for no talk\n\nkeep me\n")
    result = run("edit", "2016-09-08")
    assert result.exit_code == 1
    assert f"{path}:" in result.stdout
    assert "matches no talk" in result.stdout
    assert "saved as you wrote it" in result.stderr
    assert path.read_text().endswith("keep me\n")


def test_edit_opens_a_note_too_broken_to_read(
    run, root: Path, editor, write_note, monkeypatch
) -> None:
    path = write_note("2020/2020-01-01-broken.md", "---\ntitle: [oops\n---\n")
    monkeypatch.setenv("APPEND", "")
    result = run("edit", "2020-01-01-broken")
    assert result.exit_code == 1
    assert f"{path}:2: front matter is not valid YAML" in result.stdout


def test_a_missing_editor_is_one_clear_line(run, root: Path, monkeypatch) -> None:
    run(*NEW_MEETUP)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --wait")
    result = run("edit", "2016")
    assert result.exit_code == 1
    assert "cannot start the editor 'no-such-editor-anywhere'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_add_talk_adds_the_talk_and_an_empty_section(run, root: Path) -> None:
    path = Path(run(*NEW_MEETUP).stdout.strip())
    before = path.read_text()
    result = run(*LAMBDA)
    assert result.exit_code == 0, result
    after = path.read_text()
    assert after.startswith(before.split("---\n")[0] + "---\n" + before.split("---\n")[1])
    assert after.endswith(
        "## Network Innovation at Scale\n\n## Lambda, Good for the little things\n"
    )
    talk = front(path)["talks"][1]
    assert talk == {
        "title": "Lambda, Good for the little things",
        "speakers": [
            {"name": "Carl Simpson", "role": "Technical Architect", "company": "Zen Internet"}
        ],
        "tags": ["lambda", "serverless"],
        "format": "lightning",
    }


def test_add_talk_keeps_unknown_keys_and_comments(run, write_note) -> None:
    text = "---\ntitle: T\ndate: 2020-01-01\nmood: great  # really\ntalks: []\n---\n<!-- draft -->\nIntro.\n"
    path = write_note("t.md", text)
    assert run("add-talk", "t", "Opening").exit_code == 0
    expected = text.replace("talks: []\n", "talks:\n  - title: Opening\n") + "\n## Opening\n"
    assert path.read_text() == expected


def test_add_talk_writes_through_a_symlinked_note(run, root: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "real.md"
    real.parent.mkdir()
    real.write_text("---\ntitle: Linked\ndate: 2021-01-01\n---\n")
    (root / "2021-01-01-linked.md").symlink_to(real)
    assert run("add-talk", "linked", "T1").exit_code == 0
    assert (root / "2021-01-01-linked.md").is_symlink()
    assert "## T1" in real.read_text()


def test_an_unknown_format_is_a_usage_error(run, root: Path) -> None:
    run(*NEW_MEETUP)
    result = run("add-talk", "2016", "X", "--format", "sermon")
    assert result.exit_code == 2


def test_rm_moves_the_note_to_the_trash_after_asking(run, root: Path, terminal) -> None:
    path = Path(run(*NEW_MEETUP).stdout.strip())
    refused = run("rm", "2016-09-08", input="n\n")
    assert refused.exit_code == 1
    assert path.exists()
    result = run("rm", "2016-09-08", input="y\n")
    assert result.exit_code == 0, result
    assert not path.exists()
    assert (root / ".trash" / "2016" / path.name).exists()
    assert run("list", "--json").stdout.count('"id"') == 0


def test_rm_outside_a_terminal_needs_yes_and_never_replaces_trashed_notes(run, root: Path) -> None:
    first = Path(run(*NEW_MEETUP).stdout.strip())
    assert run("rm", "2016").exit_code == 1
    assert first.exists()
    assert run("rm", "2016", "--yes").exit_code == 0
    run(*NEW_MEETUP)
    assert run("rm", "2016", "--yes").exit_code == 0
    assert sorted(p.name for p in (root / ".trash" / "2016").iterdir()) == [
        "2016-09-08-aws-user-group-north-september-2016-2.md",
        "2016-09-08-aws-user-group-north-september-2016.md",
    ]


@pytest.mark.parametrize("title", ["../../etc/passwd", "/", "..", "🎉", "a\x00b", "x" * 500])
def test_hostile_titles_stay_inside_the_collection(run, root: Path, title: str) -> None:
    result = run("new", title, "--date", "2020-01-01", "--no-edit")
    assert result.exit_code == 0, result
    path = Path(result.stdout.strip())
    assert path.resolve().parent == (root / "2020").resolve()
    assert len(path.name) < 100
    assert load(root).events[0].title == " ".join(title.split())


def test_new_end_date_makes_an_event_of_several_days(run, root: Path) -> None:
    result = run(
        "new", "DevConf 2024", "--date", "2024-06-12", "--end-date", "2024-06-14", "--no-edit"
    )
    assert result.exit_code == 0, result
    event = load(root).events[0]
    assert (event.date, event.end_date) == (dt.date(2024, 6, 12), dt.date(2024, 6, 14))
    before = run(
        "new", "Backwards", "--date", "2024-06-12", "--end-date", "2024-06-01", "--no-edit"
    )
    assert before.exit_code == 1 and "before" in before.stderr


def test_the_prompts_ask_for_the_last_day_page_and_tags_and_why_a_kind_is_asked_again(
    run, root: Path, terminal
) -> None:
    answers = [
        "DevConf 2024",
        "2024-06-12",
        "2024-06-01",  # before the first day: asked again
        "2024-06-14",
        "summit",  # not a kind: asked again, saying which are
        "conference",
        "Brno",
        "https://devconf.example/2024",
        "containers, linux",
        "",
    ]
    result = run("new", "--no-edit", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result
    assert "'summit' is not a kind of event: give one of meetup, conference" in result.stderr
    assert "before 2024-06-12" in result.stderr
    event = load(root).events[0]
    assert (event.end_date, event.kind, event.url, event.tags) == (
        dt.date(2024, 6, 14),
        "conference",
        "https://devconf.example/2024",
        ("containers", "linux"),
    )
