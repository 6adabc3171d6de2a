"""The `--json` contract: every document the commands print has exactly the documented keys.

The keys are those the README's "JSON output" section lists; they are never renamed or removed
(records.py builds them all). A key added on purpose is added here and in the README.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SPEAKER = ["name", "role", "company"]
TALK = ["id", "event_id", "title", "speakers", "tags", "format", "track"]
EVENT = ["id", "title", "date", "end_date", "kind", "location", "url", "tags", "path", "talks"]
HIT = [
    "id",
    "type",
    "event_id",
    "event_title",
    "event_kind",
    "date",
    "location",
    "title",
    "speakers",
    "tags",
    "format",
    "score",
    "snippet",
    "highlights",
    "path",
]
# `notes export --format json`: an event for publishing, with the notes and no path.
PUBLIC_EVENT = [key for key in EVENT if key != "path"] + ["text"]
PUBLIC_TALK = [*TALK, "notes"]


def documented() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("### JSON output", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    "keys", [SPEAKER, TALK, EVENT, HIT, ["query", "total", "hits", "by", "counts", "value"]]
)
def test_every_key_is_documented(keys: list[str]) -> None:
    section = documented()
    for key in keys:
        assert re.search(rf"\b{key}\b", section), f"{key} is not in the README's JSON output"


def document(run, *args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def check_event(event: dict, keys: list[str] = EVENT, talk_keys: list[str] = TALK) -> None:
    assert list(event) == keys
    assert event["talks"]
    for talk in event["talks"]:
        assert list(talk) == talk_keys
        for speaker in talk["speakers"]:
            assert list(speaker) == SPEAKER


def test_list(run, sample: Path) -> None:
    found = document(run, "list")
    assert list(found) == ["events"]
    for event in found["events"]:
        check_event(event)


def test_list_talks(run, sample: Path) -> None:
    found = document(run, "list", "--talks")
    assert list(found) == ["talks"]
    for talk in found["talks"]:
        assert list(talk) == TALK


def test_search_and_related(run, sample: Path) -> None:
    found = document(run, "search", "lambda")
    assert list(found) == ["query", "total", "hits"]
    related = document(run, "related", found["hits"][0]["id"])
    assert list(related) == ["talk", "hits"]
    for hit in [*found["hits"], related["talk"], *related["hits"]]:
        assert list(hit) == HIT
        for speaker in hit["speakers"]:
            assert list(speaker) == SPEAKER


def test_stats(run, sample: Path) -> None:
    found = document(run, "stats", "--by", "company")
    assert list(found) == ["by", "query", "counts"]
    assert found["counts"] and all(list(c) == ["value", "talks"] for c in found["counts"])


def test_an_import_dry_run_prints_events_as_list_does(run, root: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Rust North\ndate: 2024-03-05\n---\n## Ownership - Ann Lee (CTO, Acme)\n\nNotes.\n"
    )
    found = document(run, "import", str(post), "--dry-run")
    assert list(found) == ["events"]
    for event in found["events"]:
        check_event(event)


def test_export_json_publishes_events_without_their_path(run, sample: Path) -> None:
    result = run("export", "--all", "--format", "json")
    assert result.exit_code == 0, result
    for event in json.loads(result.stdout)["events"]:
        check_event(event, PUBLIC_EVENT, PUBLIC_TALK)


SLOT = [
    "id",
    "event_id",
    "title",
    "speakers",
    "start",
    "end",
    "duration",
    "room",
    "venue",
    "code",
    "link",
    "starred",
    "cancelled",
    "floating",
]
PLAN = ["transfer", "events", "problems"]
PLAN_EVENT = ["id", "title", "timezone", "days", "time_unknown"]
PLAN_DAY = ["date", "talks", "clashes"]
CLASH = ["kind", "first", "second", "gap"]
NOW = ["at", "on", "next", "untimed_starred", "problems"]


@pytest.mark.parametrize("keys", [SLOT, PLAN, PLAN_EVENT, PLAN_DAY, CLASH, NOW, ["minutes"]])
def test_every_plan_key_is_documented(keys: list[str]) -> None:
    section = documented()
    for key in keys:
        assert re.search(rf"\b{key}\b", section), f"{key} is not in the README's JSON output"


def test_plan_and_now(run, write_note) -> None:
    write_note(
        "2024/2024-05-14-camp.md",
        """
        ---
        title: Camp
        date: 2024-05-14
        talks:
          - title: One
            room: Tent
            start: 2024-05-14T10:00+02:00
            duration: 60
            starred: true
          - title: Two
            room: Barn
            start: 2024-05-14T10:30+02:00
            starred: true
          - title: Three
            starred: true
        ---
        """,
    )
    plan = document(run, "plan")
    assert list(plan) == PLAN
    [event] = plan["events"]
    assert list(event) == PLAN_EVENT
    [day] = event["days"]
    assert list(day) == PLAN_DAY
    assert day["clashes"] and all(list(clash) == CLASH for clash in day["clashes"])
    for slot in [*day["talks"], *event["time_unknown"]]:
        assert list(slot) == SLOT
    now = document(run, "now", "--at", "2024-05-14 10:15")
    assert list(now) == NOW
    for slot in [*now["on"], *now["next"]]:
        assert list(slot) == [*SLOT, "minutes"]
    assert [slot["title"] for slot in now["on"]] == ["One"]
