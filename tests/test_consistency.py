"""Commands that agree with each other: check says everything, import knows what it did."""

from __future__ import annotations

import os
from pathlib import Path

POST = """\
---
title: Rust North, March 2024
date: 2024-03-05
---
Intro.

## Ownership - Ann Lee (CTO, Acme)

Notes on ownership.
"""
OTHER_POST = """\
---
title: Rust North, March 2024
date: 2024-03-05
---
## Lifetimes - Bo Chan (Acme)

Another writeup of the same evening.
"""


def test_check_lists_every_problem_of_a_note_with_a_bad_date(run, root: Path, write_note) -> None:
    path = write_note(
        "2020/bad.md",
        "---\ntitle: T\ndate: someday\ntalks:\n  - title: A\n  - speakers: [x]\n---\n## B\n\ntext\n",
    )
    result = run("check")
    assert result.exit_code == 1
    lines = [line.replace(str(path), "bad.md") for line in result.stdout.splitlines()]
    assert lines == [
        "bad.md:3: date 'someday' is not a date: write it as YYYY-MM-DD",
        "bad.md:5: talk 'A' has no '## A' section in the body",
        "bad.md:6: talk without a title: give it a title: line",
        "bad.md:8: section '## B' matches no talk: add the talk (notes add-talk) or make it a '###' heading of the event's text",
    ]
    assert "4 problems in 1 of 1 notes" in result.stderr


def test_a_note_without_title_or_date_gets_both_named(run, root: Path, write_note) -> None:
    write_note("x.md", "---\nkind: meetup\n---\n")
    lines = run("check").stdout.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "missing title: add a 'title:' line to the front matter",
        "missing date: add a 'date: YYYY-MM-DD' line to the front matter",
    ]


def test_list_still_names_the_first_problem_once(run, root: Path, write_note) -> None:
    path = write_note("2020/bad.md", "---\ntitle: T\ndate: someday\n---\n## B\n")
    result = run("list")
    assert result.stderr.count("skipped") == 1
    assert f"skipped {path}:3: date 'someday'" in result.stderr


def test_importing_the_same_post_twice_says_so_and_leaves_it(
    run, root: Path, tmp_path: Path
) -> None:
    post = tmp_path / "rust-north.md"
    post.write_text(POST)
    first = run("import", str(post))
    assert first.exit_code == 0, first
    written = root / "2024" / "2024-03-05-rust-north-march-2024.md"
    assert first.stdout.startswith(str(written))
    written.write_text(
        written.read_text() + "\nMy own line.\n"
    )  # edited since: still the same post
    again = run("import", str(post))
    assert again.exit_code == 0, again
    assert (
        f"{post}: already imported as 2024-03-05-rust-north-march-2024 ({written})" in again.stderr
    )
    assert sorted(p.name for p in (root / "2024").iterdir()) == [written.name]
    dry = run("import", str(post), "--dry-run")
    assert "already imported as 2024-03-05-rust-north-march-2024" in dry.stderr
    assert "would write 0 events" in dry.stderr


def test_another_post_of_the_same_event_is_written_beside_it(
    run, root: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.md").write_text(POST)
    (tmp_path / "b.md").write_text(OTHER_POST)
    assert run("import", str(tmp_path / "a.md")).exit_code == 0
    dry = run("import", str(tmp_path / "b.md"), "--dry-run")
    second = root / "2024" / "2024-03-05-rust-north-march-2024-2.md"
    assert dry.stdout.startswith(f"would write {second}")
    real = run("import", str(tmp_path / "b.md"))
    assert real.stdout.startswith(str(second))  # the path the dry run named
    assert second.exists()


def test_a_folder_imported_again_writes_nothing(run, root: Path, tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2024-03-05-a.md").write_text(POST)
    (posts / "2024-04-02-b.md").write_text(POST.replace("March", "April").replace("03-05", "04-02"))
    assert run("import", str(posts)).exit_code == 0
    before = sorted(os.listdir(root / "2024"))
    again = run("import", str(posts))
    assert "2 imported before, left alone" in again.stderr
    assert sorted(os.listdir(root / "2024")) == before
