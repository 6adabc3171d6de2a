"""Every note the tool writes is read back by the reader before the rename (issue 12): what
cannot be read back is not written, and the command says why; and the false problems the
reader found in notes the tool wrote, or in good notes, are gone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from notes_cli.errors import NotesError
from notes_cli.notefile import parse_note


def frab(sessions: int) -> dict:
    """A frab schedule of `sessions` talks over two days and four rooms, in our own words."""
    days = []
    for day in range(2):
        rooms: dict[str, list[dict]] = {f"Room {r}": [] for r in range(4)}
        for number in range(day, sessions, 2):
            room = f"Room {number % 4}"
            rooms[room].append(
                {
                    "id": number,
                    "guid": f"00000000-0000-4000-8000-{number:012d}",
                    "date": f"2024-03-0{day + 4}T{9 + number % 8:02d}:00:00+01:00",
                    "start": f"{9 + number % 8:02d}:00",
                    "duration": "00:30",
                    "room": room,
                    "title": f"Session {number} on queues and retries",
                    "track": ["Backends", "Frontends", "Data"][number % 3],
                    "type": "Talk",
                    "abstract": f"What session {number} found about retries.",
                    "persons": [{"public_name": f"Speaker {number}"}],
                }
            )
        days.append({"index": day + 1, "date": f"2024-03-0{day + 4}", "rooms": rooms})
    conference = {
        "acronym": "big24",
        "title": "Big Programme 2024",
        "start": "2024-03-04",
        "end": "2024-03-05",
        "days": days,
    }
    return {"schedule": {"version": "1", "conference": conference}}


def test_a_programme_larger_than_the_alias_limit_is_written_and_read_back(
    run, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 3: the note written for a frab programme of 5,000 sessions was refused by the reader
    ("front matter expands to too much data (anchors and aliases repeated)", with no alias).
    The limit is lowered here so that 300 sessions pass it, as 5,000 passed the real one."""
    from notes_cli import yamlfront

    monkeypatch.setattr(yamlfront, "MAX_FRONT_MATTER_NODES", 2_000)
    schedule = tmp_path / "big.json"
    schedule.write_text(json.dumps(frab(300)))
    imported = run("import", str(schedule))
    assert imported.exit_code == 0, imported
    checked = run("check")
    assert checked.exit_code == 0, checked
    found = json.loads(run("search", "--json", "title:299").stdout)
    assert [hit["title"] for hit in found["hits"]] == ["Session 299 on queues and retries"]


def test_a_billion_laughs_is_still_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notes_cli import yamlfront
    from notes_cli.notefile import parse_note

    monkeypatch.setattr(yamlfront, "MAX_FRONT_MATTER_NODES", 2_000)

    laughs = "\n".join(
        ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 5)]
    )
    with pytest.raises(NotesError, match="expands to too much data"):
        parse_note(f"---\ntitle: x\ndate: 2020-01-01\n{laughs}\n---\n", Path("x.md"))


def test_a_post_named_in_latin_1_imports_as_a_note_the_reader_reads(
    run, root: Path, tmp_path: Path
) -> None:
    """Row 4: `notes import $'2020-01-01-caf\\xe9.md'` (no title in it) wrote the title as
    "\\udce9", which the reader rejects: every command then skipped the event."""
    post = tmp_path / os.fsdecode(b"2020-01-01-caf\xe9-evening.md")
    post.write_text("Some words about the evening, and nothing else.\n")
    imported = run("import", str(post))
    assert imported.exit_code == 0, imported
    checked = run("check")
    assert checked.exit_code == 0, checked
    titles = [event["title"] for event in json.loads(run("list", "--json").stdout)["events"]]
    assert len(titles) == 1 and titles[0].endswith("café evening")


def test_a_note_that_would_not_read_back_is_not_written(root: Path, write_note) -> None:
    """The mechanism: a change whose result the reader would refuse leaves the note as it was
    and says why."""
    from notes_cli.saving import update_note

    path = write_note("2020/2020-01-01-fine.md", "---\ntitle: Fine\ndate: 2020-01-01\n---\nText.\n")
    before = path.read_bytes()
    with pytest.raises(NotesError, match="not written") as refused:
        update_note(path, lambda text: text.replace("date: 2020-01-01", "date: [oops"))
    assert str(path) in str(refused.value) and "not valid YAML" in str(refused.value)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_new_note_that_would_not_read_back_is_not_created(root: Path, monkeypatch) -> None:
    import datetime as dt

    from notes_cli import collection
    from notes_cli.model import Draft

    monkeypatch.setattr(collection, "new_note_text", lambda draft: "---\ntitle: [\n---\n")
    with pytest.raises(NotesError, match="not written"):
        collection.create_event(root, Draft(title="Broken", date=dt.date(2020, 1, 1)))
    assert list(root.rglob("*.md")) == []


# --- 17, 21: false problems and a recursion ---------------------------------------------------

LOOPING = """\
---
title: Loops
date: 2020-01-01
talks:
  - title: First
    loop: &l [*l]
---

## First
"""


def test_a_talk_with_a_recursive_alias_takes_another_talk(run, root: Path, write_note) -> None:
    """Row 17: `loop: &l [*l]` in a talk: add-talk failed with "unexpected RecursionError",
    though check passed."""
    path = write_note("2020/2020-01-01-loops.md", LOOPING)
    assert run("check").exit_code == 0
    result = run("add-talk", "loops", "Second")
    assert "unexpected" not in result.stderr, result
    if result.exit_code == 0:
        assert "## Second" in path.read_text() and run("check").exit_code == 0
    else:
        assert result.stderr.count("\n") == 1 and path.read_text() == LOOPING


MERGED = """\
---
defaults: &d
  kind: meetup
  title: Placeholder
<<: *d
title: Merged evening
date: 2020-01-01
---
Text.
"""


def test_a_merge_key_beside_title_is_no_key_written_twice(run, root: Path, write_note) -> None:
    """Row 21: `<<: *d` beside `title:` was reported as "'title' written twice"."""
    write_note("2020/2020-01-01-merged.md", MERGED)
    checked = run("check")
    assert checked.exit_code == 0, checked
    assert json.loads(run("list", "--json").stdout)["events"][0]["title"] == "Merged evening"


ALIASED_TALKS = """\
---
title: Aliased
date: 2020-01-01
shared: &t
  - title: Only talk
talks: *t
---

## Only talk
"""


def test_add_talk_to_an_aliased_talks_list_says_what_to_do(run, root: Path, write_note) -> None:
    """Row 21: `talks: *t`: add-talk said "not valid YAML" of a note check accepts."""
    path = write_note("2020/2020-01-01-aliased.md", ALIASED_TALKS)
    assert run("check").exit_code == 0
    result = run("add-talk", "aliased", "Another")
    assert "not valid YAML" not in result.stderr, result
    if result.exit_code == 0:
        assert run("check").exit_code == 0
        assert "Another" in [
            t["title"] for t in json.loads(run("list", "--talks", "--json").stdout)["talks"]
        ]
    else:
        assert "alias" in result.stderr and path.read_text() == ALIASED_TALKS


def test_a_talk_titled_with_punctuation_alone_gets_its_section(run, root: Path, write_note) -> None:
    """Row 21: `add-talk "!!!"` on a note with a `# H1` left "talk '!!!' has no section"."""
    path = write_note(
        "2020/2020-01-01-punctuation.md",
        "---\ntitle: Punctuation\ndate: 2020-01-01\n---\n# An evening\n\nText.\n",
    )
    result = run("add-talk", "punctuation", "!!!")
    assert result.exit_code == 0, result
    assert "## !!!" in path.read_text()
    checked = run("check")
    assert checked.exit_code == 0, checked


def test_add_talk_after_a_title_holding_a_line_break_of_yaml_only(run, root: Path) -> None:
    """Found by tests/test_fuzz.py: a talk titled with a NEL (U+0085, a line break to YAML, not
    to the file) made add-talk fail with "unexpected IndexError"."""
    path = root / "2000-01-01-aaa.md"
    path.write_text(
        "---\ntitle: Aaa\ndate: 2000-01-01\ntalks:\n  - title: '\x85  '\n---\n\n## \x85\n"
    )
    result = run("add-talk", "aaa", "Next talk")
    assert result.exit_code == 0, result
    assert [t.title for t in parse_note(path.read_text(), path).event.talks][-1] == "Next talk"
