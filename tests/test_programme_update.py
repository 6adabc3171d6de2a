"""`notes import PROGRAMME --update`: the event imported from the same programme follows its
times, rooms, speakers and abstracts, gains its new talks, marks its dropped ones cancelled,
and keeps everything the user wrote. The programmes are invented frab schedules, written here
as the programme's server would between two downloads."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TALKS = [
    {
        "id": 1,
        "title": "Opening",
        "start": "09:00",
        "duration": "00:30",
        "room": "Hall 1",
        "persons": ["Ann Lee"],
        "abstract": "Welcome and the rules.",
        "track": "Org",
    },
    {
        "id": 2,
        "title": "Mesh Radios for Beginners",
        "start": "10:00",
        "duration": "00:45",
        "room": "Hall 1",
        "persons": ["Bo Chan"],
        "abstract": "Radios that talk to each other.",
        "track": "Hardware",
    },
    {
        "id": 3,
        "title": "Compost Computing",
        "start": "11:00",
        "duration": "00:45",
        "room": "Tent",
        "persons": ["Cy Dee"],
        "abstract": "Heat from servers, for plants.",
        "track": "Garden",
    },
]


def programme(talks: list[dict[str, Any]], *, acronym: str = "ehc25") -> dict[str, Any]:
    """A frab schedule.json of one day holding `talks`."""
    rooms: dict[str, list[dict[str, Any]]] = {}
    for talk in talks:
        rooms.setdefault(talk["room"], []).append(
            {
                "id": talk["id"],
                "guid": f"00000000-0000-4000-8000-{talk['id']:012d}",
                "url": f"https://camp.example.org/events/{talk['id']}.html",
                "date": f"2025-07-10T{talk['start']}:00+02:00",
                "start": talk["start"],
                "duration": talk["duration"],
                "room": talk["room"],
                "title": talk["title"],
                "track": talk.get("track", ""),
                "type": "lecture",
                "abstract": talk.get("abstract", ""),
                "persons": [{"public_name": name} for name in talk["persons"]],
            }
        )
    return {
        "schedule": {
            "version": "1",
            "base_url": "https://camp.example.org/",
            "conference": {
                "acronym": acronym,
                "title": "Example Hack Camp 2025",
                "start": "2025-07-10",
                "end": "2025-07-10",
                "time_zone_name": "Europe/Berlin",
                "days": [
                    {
                        "index": 1,
                        "date": "2025-07-10",
                        "day_start": "2025-07-10T08:00:00+02:00",
                        "day_end": "2025-07-11T02:00:00+02:00",
                        "rooms": rooms,
                    }
                ],
            },
        }
    }


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def changed(**edits: dict[str, Any]) -> list[dict[str, Any]]:
    """TALKS with some talks' values changed, by title."""
    return [{**talk, **edits.get(talk["title"], {})} for talk in TALKS]


@pytest.fixture
def imported(run: Callable[..., Any], root: Path, tmp_path: Path) -> Path:
    """The programme imported, one talk starred and written up, a key of the user's own."""
    result = run("import", str(write(tmp_path / "schedule.json", programme(TALKS))))
    assert result.exit_code == 0, result
    [note] = root.rglob("*.md")
    assert run("star", "mesh radios").exit_code == 0
    text = note.read_text(encoding="utf-8")
    text = text.replace(
        "## Mesh Radios for Beginners\n",
        "## Mesh Radios for Beginners\n\nLoRa, range tests, a demo on the lawn.\n",
    )
    text = text.replace("    track: Garden\n", "    track: Garden\n    rating: 4  # my own\n")
    note.write_text(text, encoding="utf-8")
    return note


def test_the_note_records_the_programme_it_came_from(imported: Path) -> None:
    text = imported.read_text(encoding="utf-8")
    assert (
        "timezone: Europe/Berlin\nprogramme:\n  format: frab-json\n  name: ehc25\n  file: schedule.json\n"
        in text
    )


def test_a_change_of_room_between_two_imports(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    before = imported.read_text(encoding="utf-8")
    new = write(
        tmp_path / "schedule (1).json",
        programme(changed(**{"Mesh Radios for Beginners": {"room": "Hall 2", "start": "10:30"}})),
    )
    dry = run("import", str(new), "--update", "--dry-run")
    assert dry.exit_code == 0, dry
    assert (
        "~ Mesh Radios for Beginners: start 2025-07-10T10:00+02:00 → 2025-07-10T10:30+02:00; "
        "room Hall 1 → Hall 2" in dry.stdout
    )
    assert imported.read_text(encoding="utf-8") == before  # a dry run writes nothing

    result = run("import", str(new), "--update")
    assert result.exit_code == 0, result
    after = imported.read_text(encoding="utf-8")
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    gone = [line[2:] for line in diff if line.startswith("- ")]
    came = [line[2:] for line in diff if line.startswith("+ ")]
    assert gone == [
        "  file: schedule.json",
        "    room: Hall 1",
        "    start: 2025-07-10T10:00+02:00",
    ]
    assert came == [
        "  file: schedule (1).json",
        "    room: Hall 2",
        "    start: 2025-07-10T10:30+02:00",
    ]
    # The plan follows: the star, the notes and the user's key are where they were.
    plan = json.loads(run("plan", "--json").stdout)
    [talk] = plan["events"][0]["days"][0]["talks"]
    assert (talk["title"], talk["room"], talk["start"]) == (
        "Mesh Radios for Beginners",
        "Hall 2",
        "2025-07-10T10:30+02:00",
    )
    again = run("import", str(new), "--update")
    assert "up to date" in again.stdout
    assert imported.read_text(encoding="utf-8") == after


def test_speakers_and_abstracts_follow_new_talks_come_and_dropped_ones_are_cancelled(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    talks = changed(
        Opening={"persons": ["Ann Lee", "Dan Eve"], "abstract": "Welcome, wifi and the rules."}
    )
    talks = [t for t in talks if t["title"] != "Compost Computing"]
    talks.append(
        {
            "id": 4,
            "title": "Night Sky Hacking",
            "start": "22:00",
            "duration": "01:00",
            "room": "Field",
            "persons": ["Eve Fox"],
            "abstract": "Telescopes and code.",
        }
    )
    new = write(tmp_path / "v2.json", programme(talks))
    dry = run("import", str(new), "--update", "--dry-run").stdout
    assert "~ Opening: speakers Ann Lee → Ann Lee, Dan Eve; abstract changed" in dry
    assert "- Compost Computing: no longer in the programme: cancelled: true" in dry
    assert "+ Night Sky Hacking: new in the programme" in dry

    assert run("import", str(new), "--update").exit_code == 0
    text = imported.read_text(encoding="utf-8")
    assert "      - name: Dan Eve\n" in text
    assert "abstract: Welcome, wifi and the rules." in text
    assert "    rating: 4  # my own\n" in text
    assert "    abstract: Heat from servers, for plants.\n    cancelled: true\n" in text
    assert "  - title: Night Sky Hacking\n" in text
    assert text.endswith("## Night Sky Hacking\n")
    assert "LoRa, range tests, a demo on the lawn." in text
    assert "starred: true" in text
    shown = run("show", "camp").stdout
    assert "CANCELLED" in shown

    # The talk comes back in a later programme: no longer cancelled.
    assert (
        run("import", str(write(tmp_path / "v3.json", programme(TALKS))), "--update").exit_code == 0
    )
    back = imported.read_text(encoding="utf-8")
    assert "    abstract: Heat from servers, for plants.\n  - title" in back
    assert "    rating: 4  # my own\n" in back
    # ... and the talk that was only in the second programme is the one cancelled now.
    assert back.count("cancelled: true") == 1
    assert "    abstract: Telescopes and code.\n    cancelled: true\n" in back


def test_what_the_user_corrected_stays_while_the_programme_moves_the_talk(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    text = imported.read_text(encoding="utf-8")
    mesh = text.index("  - title: Mesh Radios for Beginners")
    text = text[:mesh] + text[mesh:].replace(
        "    format: talk\n", "    format: workshop\n    tags: [radio, lora]\n", 1
    )
    imported.write_text(
        text.replace("\n---\n", "\n---\nWe camped by the lake.\n", 1), encoding="utf-8"
    )
    moved = changed(**{"Mesh Radios for Beginners": {"room": "Barn", "track": "Radio"}})
    assert (
        run("import", str(write(tmp_path / "v2.json", programme(moved))), "--update").exit_code == 0
    )
    after = imported.read_text(encoding="utf-8")
    talk = after[after.index("  - title: Mesh Radios") : after.index("  - title: Compost")]
    assert "    format: workshop\n    tags: [radio, lora]\n" in talk
    assert "    room: Barn\n" in talk and "    track: Radio\n" in talk
    assert "    starred: true\n" in talk
    assert "We camped by the lake.\n" in after
    assert "LoRa, range tests, a demo on the lawn." in after


def test_a_new_talk_with_an_abstract_of_paragraphs_is_written_without_trailing_spaces(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    talks = [
        *TALKS,
        {
            "id": 5,
            "title": "Knots for Tents",
            "start": "15:00",
            "duration": "00:30",
            "room": "Field",
            "persons": ["Fay Gee"],
            "abstract": "Which knot holds.\n\nAnd which one comes undone in the rain.",
        },
    ]
    assert (
        run("import", str(write(tmp_path / "v2.json", programme(talks))), "--update").exit_code == 0
    )
    text = imported.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line != line.rstrip()] == []
    shown = run("show", "camp").stdout
    assert "Which knot holds." in shown and "And which one comes undone in the rain." in shown


def test_a_talk_the_user_added_is_never_cancelled(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    assert run("add-talk", "camp", "Our own meetup at the bar").exit_code == 0
    new = write(tmp_path / "v2.json", programme(TALKS))
    result = run("import", str(new), "--update", "--dry-run")
    assert "Our own meetup" not in result.stdout
    assert "up to date" in result.stdout


def test_the_event_is_found_by_its_programme_when_its_note_was_renamed(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    moved = imported.with_name("my-camp.md")
    imported.rename(moved)
    new = write(tmp_path / "other-name.json", programme(changed(Opening={"room": "Hall 3"})))
    result = run("import", str(new), "--update")
    assert result.exit_code == 0, result
    assert "room: Hall 3" in moved.read_text(encoding="utf-8")
    assert len(list(imported.parent.glob("*.md"))) == 1


def test_a_programme_that_names_itself_anew_changes_only_the_events_record_of_it(
    run: Callable[..., Any], imported: Path, tmp_path: Path
) -> None:
    renamed = write(tmp_path / "camp.json", programme(TALKS, acronym="ehc25-final"))
    dry = run("import", str(renamed), "--update", "--dry-run")
    assert dry.exit_code == 0, dry
    assert (
        "~ the event's programme: frab-json ehc25 schedule.json → frab-json ehc25-final camp.json"
        in dry.stdout
    )
    assert "dry run: the event's programme changed" in dry.stderr
    assert "up to date" not in dry.stderr


def test_a_programme_never_imported_becomes_a_new_note(
    run: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    new = write(tmp_path / "schedule.json", programme(TALKS, acronym="other"))
    result = run("import", str(new), "--update")
    assert result.exit_code == 0, result
    assert "not imported before" in result.stdout
    assert len(list(root.rglob("*.md"))) == 1


def test_update_keeps_the_track_the_event_was_imported_with(
    run: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    first = write(tmp_path / "schedule.json", programme(TALKS))
    assert run("import", str(first), "--track", "Hardware").exit_code == 0
    [note] = root.rglob("*.md")
    assert "  track: Hardware\n" in note.read_text(encoding="utf-8")
    later = write(tmp_path / "v2.json", programme(changed(Opening={"room": "Hall 9"})))
    result = run("import", str(later), "--update")
    assert result.exit_code == 0, result
    assert "up to date" in result.stdout
    assert "Opening" not in note.read_text(encoding="utf-8")


def test_update_of_a_post_is_one_line(run: Callable[..., Any], root: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: A meetup\ndate: 2024-01-01\n---\n## A talk - Ann Lee\n", encoding="utf-8"
    )
    result = run("import", str(post), "--update")
    assert result.exit_code == 1
    assert "is not a conference programme" in result.stderr
    assert not list(root.rglob("*.md"))
