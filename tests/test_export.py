from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from notes_cli.collection import load
from notes_cli.export import FORMATS
from notes_cli.privacy import without_private

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(
    os.environ.get("NOTES_UPDATE_GOLDEN")
)  # NOTES_UPDATE_GOLDEN=1 pytest: rewrite, then review the diff
PRIVATE = """\
---
title: Private things
date: 2021-03-04
kind: meetup
talks:
  - title: Public talk
    speakers: ["Ann Lee (CTO, Acme)"]
  - title: Hallway chat (private)
---
Open intro. <!-- private -->who I sat next to<!-- /private --> Still open.

## Public talk

Shared notes.

### Q&A (private)

A secret answer.

### Takeaways

Keep this.

<!-- private -->
An unclosed private part runs to the end.

## Hallway chat (private)

Gossip.
"""


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file (NOTES_UPDATE_GOLDEN=1 to review)"
    )


@pytest.mark.parametrize("format_name", ["jekyll", "hugo", "markdown", "json"])
def test_each_format_matches_its_golden_files(
    run, sample: Path, tmp_path: Path, format_name: str
) -> None:
    out = tmp_path / "out"
    result = run("export", "--all", "--format", format_name, "--out", str(out))
    assert result.exit_code == 0, result
    names = sorted(p.name for p in out.iterdir())
    suffix = ".json" if format_name == "json" else ".md"
    assert names == [
        f"2016-09-08-aws-user-group-north-september-2016{suffix}",
        f"2016-11-28-aws-reinvent-2016{suffix}",
    ]
    for name in names:
        check_golden(f"{format_name}/{name}", (out / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("format_name", ["jekyll", "hugo", "markdown"])
def test_posts_are_commonmark_with_yaml_front_matter_and_every_talk(
    run, sample: Path, format_name: str
) -> None:
    text = run("export", "re:invent", "--format", format_name).stdout
    body = text
    if format_name != "markdown":
        _, front, body = text.split("---\n", 2)
        metadata = yaml.safe_load(front)
        assert metadata["title"] == "AWS re:Invent 2016"
        assert metadata["categories"] == ["conference"]
        assert {"aws", "reinvent", "lambda", "ecs"} <= set(metadata["tags"])
        assert metadata["location"] == "Las Vegas"
        assert metadata["event_url"] == "https://reinvent.awsevents.com/"
    if format_name == "jekyll":
        assert metadata["layout"] == "post" and str(metadata["date"]) == "2016-11-28"
    if format_name == "hugo":
        assert metadata["date"] == "2016-11-28T00:00:00Z" and metadata["draft"] is False
    if format_name == "markdown":
        assert text.startswith(
            "# AWS re:Invent 2016\n\n2016-11-28 – 2016-12-02 · conference · Las Vegas\n"
        )
    tokens = MarkdownIt("commonmark").parse(body)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    headings = [re.sub(r"\s*\{#[\w-]+\}$", "", h).replace("\\", "") for h in headings]
    assert headings == [
        "Keynote: Andy Jassy",
        "Keynote: Werner Vogels",
        "How Netflix Achieves Email Delivery at Global Scale with Amazon SES",
        "Automation and Scaling Infrastructure",
        "Containers and Amazon ECS",
        "Cost Management",
    ]
    assert "Devika Chawla (Engineering Director, Netflix), Kadir Rathnavalu (AWS)" in body
    assert "Andy Jassy (CEO, AWS) · keynote" in body


def test_talk_headings_carry_stable_anchors(run, sample: Path) -> None:
    jekyll = run("export", "user-group").stdout
    assert "## Lambda, Good for the little things {#lambda-good-for-the-little-things}" in jekyll
    plain = run("export", "user-group", "--format", "markdown").stdout
    assert (
        '<a id="lambda-good-for-the-little-things"></a>\n\n## Lambda, Good for the little things'
        in plain
    )


def test_private_notes_never_leave_the_machine(run, root: Path, write_note, tmp_path: Path) -> None:
    write_note("2021/2021-03-04-private-things.md", PRIVATE)
    for format_name in FORMATS:
        out = tmp_path / format_name
        assert run("export", "--all", "--format", format_name, "--out", str(out)).exit_code == 0
        text = "".join(p.read_text() for p in out.iterdir())
        for secret in (
            "who I sat next to",
            "A secret answer",
            "unclosed private part",
            "Gossip",
            "Hallway chat",
            "(private)",
        ):
            assert secret not in text, (format_name, secret)
        for kept in ("Open intro.", "Still open.", "Shared notes.", "Keep this.", "Public talk"):
            assert kept in text, (format_name, kept)


def test_private_parts_in_code_blocks_are_left_as_code() -> None:
    text = "```\n## Not a heading (private)\n```\nafter"
    assert without_private(text) == text


def test_export_never_changes_a_note_and_reexport_is_byte_identical(
    run, sample: Path, tmp_path: Path
) -> None:
    notes_before = fingerprint(sample)
    out = tmp_path / "blog" / "_posts"
    first = run("export", "--all", "--out", str(out))
    assert "2 posts in" in first.stderr and "(2 written, 0 unchanged)" in first.stderr
    exported = fingerprint(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = run("export", "--all", "--out", str(out))
    assert "(0 written, 2 unchanged)" in second.stderr
    assert fingerprint(out) == exported
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes
    assert fingerprint(sample) == notes_before


def test_export_refuses_to_write_into_the_collection(run, sample: Path) -> None:
    for inside in (sample, sample / "2016", sample / "posts"):
        result = run("export", "--all", "--out", str(inside))
        assert result.exit_code == 1
        assert "inside the collection" in result.stderr
    assert not (sample / "posts").exists()


def test_stdout_takes_one_post_or_json(run, sample: Path) -> None:
    several = run("export", "--all")
    assert several.exit_code == 1 and "give --out DIR" in several.stderr
    document = json.loads(run("export", "--all", "--format", "json").stdout)
    assert [e["id"] for e in document["events"]] == [
        "2016-11-28-aws-reinvent-2016",
        "2016-09-08-aws-user-group-north-september-2016",
    ]
    talk = document["events"][1]["talks"][1]
    assert talk["title"] == "Lambda, Good for the little things" and "housekeeping" in talk["notes"]
    assert "path" not in document["events"][0]
    assert run("export").exit_code == 1
    assert run("export", "2016-09", "--all").exit_code == 1


def test_a_digest_gathers_every_matching_talk_newest_event_first(
    run, sample: Path, tmp_path: Path
) -> None:
    result = run("export", "--query", "lambda", "--title", "Every Lambda talk")
    assert result.exit_code == 0, result
    _, front, body = result.stdout.split("---\n", 2)
    assert yaml.safe_load(front)["title"] == "Every Lambda talk"
    assert body.index("## AWS re:Invent 2016") < body.index(
        "### Automation and Scaling Infrastructure"
    )
    assert body.index("### Automation and Scaling Infrastructure") < body.index(
        "## AWS User Group North, September 2016"
    )
    assert body.index("## AWS User Group North, September 2016") < body.index(
        "### Lambda, Good for the little things"
    )
    assert "2016-09-08 · meetup · Zen Internet, Rochdale" in body
    assert "Cost Management" not in body
    out = tmp_path / "digest"
    assert (
        run(
            "export",
            "--query",
            "company:netflix",
            "--title",
            "Netflix",
            "--format",
            "hugo",
            "--out",
            str(out),
        ).exit_code
        == 0
    )
    assert [p.name for p in out.iterdir()] == ["2016-11-28-netflix.md"]
    missing = run("export", "--query", "kubernetes")
    assert missing.exit_code == 1 and "no talks match 'kubernetes'" in missing.stderr


@pytest.mark.parametrize("format_name", ["jekyll", "hugo", "markdown", "json"])
def test_the_digest_matches_its_golden_file(run, sample: Path, format_name: str) -> None:
    text = run(
        "export", "--query", "lambda", "--title", "Every Lambda talk", "--format", format_name
    ).stdout
    check_golden(f"digest/every-lambda-talk.{format_name}", text)


def test_an_unreadable_note_is_named_and_the_rest_exported(
    run, sample: Path, write_note, tmp_path: Path
) -> None:
    bad = write_note("2017/2017-01-01-bad.md", "---\ntitle: [broken\n---\n")
    result = run("export", "--all", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"skipped {bad}:2" in result.stderr
    assert len(list((tmp_path / "out").iterdir())) == 2


# --- real engines ------------------------------------------------------------------------------


def readable(markup: str) -> str:
    """HTML as a reader sees it: entities decoded, typographic quotes made plain."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))


def expected_in_html(sample: Path) -> list[str]:
    wanted = []
    for event in load(sample).events:
        for talk in event.talks:
            wanted.append(talk.title)
            wanted += [speaker.name for speaker in talk.speakers]
    return wanted


@pytest.mark.skipif(
    shutil.which("hugo") is None, reason="hugo is not installed (CI installs Debian's hugo)"
)
def test_hugo_builds_a_site_with_every_talk_and_speaker(run, sample: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\ntitle = "notes"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
    )
    (site / "config.toml").write_text(
        (site / "hugo.toml").read_text()
    )  # older hugo reads this name
    (site / "layouts" / "_default" / "single.html").write_text(
        "<h1>{{ .Title }}</h1>{{ .Content }}"
    )
    (site / "layouts" / "_default" / "list.html").write_text(
        "{{ range .Pages }}{{ .Title }}{{ end }}"
    )
    (site / "layouts" / "index.html").write_text(
        "{{ range .Site.RegularPages }}{{ .Title }}{{ end }}"
    )
    assert (
        run(
            "export", "--all", "--format", "hugo", "--out", str(site / "content" / "posts")
        ).exit_code
        == 0
    )
    built = subprocess.run(
        ["hugo", "--source", str(site), "--destination", str(site / "public")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    pages = {p: readable(p.read_text()) for p in (site / "public" / "posts").glob("*/index.html")}
    assert len(pages) == 2
    everything = " ".join(pages.values())
    for wanted in expected_in_html(sample):
        assert wanted in everything, wanted
    assert 'id="lambda-good-for-the-little-things"' in " ".join(p.read_text() for p in pages)


@pytest.mark.skipif(
    shutil.which("jekyll") is None, reason="jekyll is not installed (CI installs Debian's jekyll)"
)
def test_jekyll_builds_a_site_with_every_talk_and_speaker(
    run, sample: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_config.yml").write_text("markdown: kramdown\n")
    (site / "_layouts" / "post.html").write_text("<h1>{{ page.title }}</h1>{{ content }}")
    assert run("export", "--all", "--out", str(site / "_posts")).exit_code == 0
    built = subprocess.run(
        ["jekyll", "build", "--source", str(site), "--destination", str(site / "_site")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "JEKYLL_ENV": "production"},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    pages = {p: readable(p.read_text()) for p in (site / "_site").rglob("*.html")}
    assert len(pages) == 2
    everything = " ".join(pages.values())
    for wanted in expected_in_html(sample):
        assert wanted in everything, wanted
    assert 'id="lambda-good-for-the-little-things"' in " ".join(p.read_text() for p in pages)
