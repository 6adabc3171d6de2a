"""Hostile input: every case is one clear line (file and line when known), exit 1 where it is
an error, never a traceback, and every other note stays listed and searchable."""

from __future__ import annotations

import contextlib
import json
import re
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_cli.errors import NotesError
from notes_cli.notefile import parse_note

FRONT = "---\n{}\n---\n"
LAUGHS = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
)

# name -> file content; each is unreadable or wrong, and `notes check` must say so.
BROKEN: dict[str, bytes] = {
    "unclosed-list": FRONT.format("title: [x\ndate: 2020-01-01").encode(),
    "unclosed-quote": FRONT.format('title: "x\ndate: 2020-01-01').encode(),
    "tab-indent": FRONT.format("title: x\ndate: 2020-01-01\ntalks:\n\t- title: y").encode(),
    "bad-mapping": FRONT.format("title: x: y: z\ndate: 2020-01-01").encode(),
    "python-object": FRONT.format(
        "title: !!python/object/apply:os.system ['touch PWNED']\ndate: 2020-01-01"
    ).encode(),
    "python-name": FRONT.format("title: !!python/name:os.system\ndate: 2020-01-01").encode(),
    "python-module": FRONT.format("title: !!python/module:os\ndate: 2020-01-01").encode(),
    "unknown-tag": FRONT.format("title: !secret x\ndate: 2020-01-01").encode(),
    "billion-laughs": FRONT.format(f"title: x\ndate: 2020-01-01\n{LAUGHS}").encode(),
    "recursive-alias": FRONT.format("title: &t [*t]\ndate: 2020-01-01").encode(),
    "deep-nesting": FRONT.format(
        "title: x\ndate: 2020-01-01\ndeep: " + "[" * 3000 + "]" * 3000
    ).encode(),
    "title-list": FRONT.format("title: [a, b]\ndate: 2020-01-01").encode(),
    "title-mapping": FRONT.format("title: {a: b}\ndate: 2020-01-01").encode(),
    "title-empty": FRONT.format("title: ''\ndate: 2020-01-01").encode(),
    "title-null": FRONT.format("title:\ndate: 2020-01-01").encode(),
    "no-title": FRONT.format("date: 2020-01-01").encode(),
    "no-date": FRONT.format("title: x").encode(),
    "date-list": FRONT.format("title: x\ndate: [2020-01-01]").encode(),
    "date-mapping": FRONT.format("title: x\ndate: {y: 2020}").encode(),
    "date-words": FRONT.format("title: x\ndate: yesterday").encode(),
    "date-impossible": FRONT.format("title: x\ndate: 2020-02-30").encode(),
    "date-month-13": FRONT.format("title: x\ndate: 2020-13-01").encode(),
    "date-number": FRONT.format("title: x\ndate: 20200101").encode(),
    "date-bool": FRONT.format("title: x\ndate: yes").encode(),
    "end-date-words": FRONT.format("title: x\ndate: 2020-01-01\nend_date: soon").encode(),
    "kind-list": FRONT.format("title: x\ndate: 2020-01-01\nkind: [meetup]").encode(),
    "location-mapping": FRONT.format(
        "title: x\ndate: 2020-01-01\nlocation: {city: Leeds}"
    ).encode(),
    "url-list": FRONT.format("title: x\ndate: 2020-01-01\nurl: [a, b]").encode(),
    "tags-mapping": FRONT.format("title: x\ndate: 2020-01-01\ntags: {a: b}").encode(),
    "tags-nested": FRONT.format("title: x\ndate: 2020-01-01\ntags: [[a]]").encode(),
    "talks-mapping": FRONT.format("title: x\ndate: 2020-01-01\ntalks: {title: y}").encode(),
    "talks-string": FRONT.format("title: x\ndate: 2020-01-01\ntalks: just one").encode(),
    "talk-number": FRONT.format("title: x\ndate: 2020-01-01\ntalks: [42]").encode(),
    "talk-list": FRONT.format("title: x\ndate: 2020-01-01\ntalks: [[a]]").encode(),
    "talk-no-title": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{speakers: [Ann]}]"
    ).encode(),
    "talk-title-list": FRONT.format("title: x\ndate: 2020-01-01\ntalks: [{title: [a]}]").encode(),
    "speaker-number": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{title: y, speakers: [42]}]"
    ).encode(),
    "speaker-list": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{title: y, speakers: [[Ann]]}]"
    ).encode(),
    "speaker-no-name": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{title: y, speakers: [{role: CTO}]}]"
    ).encode(),
    "speaker-role-list": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{title: y, speakers: [{name: A, role: [x]}]}]"
    ).encode(),
    "talk-format-list": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{title: y, format: [a]}]"
    ).encode(),
    "talk-tags-mapping": FRONT.format(
        "title: x\ndate: 2020-01-01\ntalks: [{title: y, tags: {a: 1}}]"
    ).encode(),
    "talk-without-section": FRONT.format("title: x\ndate: 2020-01-01\ntalks: [y]").encode(),
    "section-without-talk": (FRONT.format("title: x\ndate: 2020-01-01") + "## Stray\n").encode(),
    "duplicate-keys": (FRONT.format("title: x\ndate: 2020-01-01\ntitle: y")).encode(),
    "front-matter-list": FRONT.format("- a\n- b").encode(),
    "front-matter-scalar": FRONT.format("just some words").encode(),
    "front-matter-empty": b"---\n---\nBody.\n",
    "front-matter-unclosed": b"---\ntitle: x\ndate: 2020-01-01\n",
    "only-opening-line": b"---",
    "no-front-matter": b"# Just Markdown\n\nSome text.\n",
    "empty": b"",
    "only-spaces": b"   \n\n  \n",
    "latin-1": FRONT.format("title: Caf\xe9\ndate: 2020-01-01").encode("latin-1"),
    "mixed-encodings": FRONT.format("title: Café\ndate: 2020-01-01").encode()
    + "Notes: naïve".encode("latin-1"),
    "utf-16": FRONT.format("title: x\ndate: 2020-01-01").encode("utf-16"),
    "nul-bytes": b"---\ntitle: x\x00\ndate: 2020-01-01\n---\n",
    "png-named-md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
    "random-binary": bytes(range(256)) * 4,
}

# Odd but fine: each is a good note that must be listed and searchable.
FINE: dict[str, bytes] = {
    "bom": "\ufeff".encode() + FRONT.format("title: Odd BOM\ndate: 2020-01-01").encode(),
    "crlf": FRONT.format("title: Odd CRLF\ndate: 2020-01-01").replace("\n", "\r\n").encode(),
    "bom-and-crlf": ("\ufeff" + FRONT.format("title: Odd both\ndate: 2020-01-01"))
    .replace("\n", "\r\n")
    .encode(),
    "unicode-title": FRONT.format("title: Ödd Ünïcode 東京 🎉\ndate: 2020-01-01").encode(),
    "title-number": FRONT.format("title: 2020\ndate: 2020-01-01").encode(),
    "date-with-time": FRONT.format("title: Odd time\ndate: 2020-01-01 12:30:00 +0000").encode(),
    "date-quoted": FRONT.format("title: Odd quoted\ndate: '2020-01-01'").encode(),
    "small-alias": FRONT.format("title: Odd alias\ndate: 2020-01-01\nx: &x [a]\ny: *x").encode(),
    "huge-body": (
        FRONT.format("title: Odd huge\ndate: 2020-01-01") + ("lorem ipsum " * 900_000)
    ).encode(),
    "long-title": FRONT.format(f"title: {'Odd ' * 5000}\ndate: 2020-01-01").encode(),
}


def write(root: Path, name: str, data: bytes) -> Path:
    path = root / "hostile" / f"{name}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def assert_others_still_work(run) -> None:
    events = json.loads(run("list", "--json").stdout)["events"]
    assert {"2016-09-08-aws-user-group-north-september-2016", "2016-11-28-aws-reinvent-2016"} <= {
        e["id"] for e in events
    }
    found = run("search", "lambda")
    assert found.exit_code == 0, found
    assert "Lambda, Good for the little things" in found.stdout


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_note_is_named_and_the_others_keep_working(
    run, sample: Path, tmp_path: Path, name: str
) -> None:
    path = write(sample, name, BROKEN[name])
    result = run("check")
    assert result.exit_code == 1, result
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert lines, result.stdout
    assert all(line.startswith((f"{path}:", f"{path} ")) for line in lines)
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()
    assert_others_still_work(run)


@pytest.mark.parametrize("name", sorted(FINE))
def test_an_odd_but_good_note_is_listed_and_searchable(run, sample: Path, name: str) -> None:
    write(sample, name, FINE[name])
    check = run("check")
    assert check.exit_code == 0, check
    titles = [
        e["title"] for e in json.loads(run("list", "--json", "--year", "2020").stdout)["events"]
    ]
    assert len(titles) == 1 and titles[0].split()[0] in ("Odd", "Ödd", "2020")
    assert_others_still_work(run)


@pytest.mark.parametrize(
    "name", ["with spaces", "ünïcödé", "emoji 🎉", "a'quote", "semi;colon", "dash-", "UPPER"]
)
def test_odd_file_names_are_read_and_named(run, sample: Path, name: str) -> None:
    (sample / f"{name}.md").write_text(
        FRONT.format(f"title: File {name}\ndate: 2020-01-01"), encoding="utf-8"
    )
    assert run("check").exit_code == 0
    assert run("show", name).exit_code == 0
    assert f"File {name}" in run("show", name).stdout


def test_symlinks_to_notes_loops_and_dangling_links(run, sample: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.md").write_text(FRONT.format("title: Linked in\ndate: 2020-01-01"))
    (sample / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    (sample / "loop").symlink_to(sample)
    (sample / "dangling.md").symlink_to(tmp_path / "missing.md")
    result = run("check")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        str(sample / "dangling.md")
    ]
    assert "Linked in" in run("list").stdout
    assert_others_still_work(run)


def test_a_folder_named_like_a_note_is_not_a_note(run, sample: Path) -> None:
    (sample / "folder.md").mkdir()
    assert run("check").exit_code == 0
    assert_others_still_work(run)


@pytest.mark.parametrize(
    "query",
    [
        "(",
        ")",
        "((lambda)",
        "lambda))",
        '"',
        '"lambda',
        'lambda"',
        "[",
        "date:[2016 TO",
        "{",
        "AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "lambda AND",
        "OR lambda",
        "lambda AND OR serverless",
        "nosuchfield:x",
        "speaker:",
        "title:",
        ":",
        "::",
        "*",
        "?",
        "~",
        "lambda~~",
        "lambda^2",
        "\\",
        "'",
        "x" * 10_000,
        "lambda " * 1500,
        "\x00",
        "🎉",
        "date:not-a-date",
        "year:[2016 TO 2015]",
        "date:>yesterday",
    ],
)
def test_hostile_queries_answer_or_say_what_is_wrong_in_one_line(
    run, sample: Path, query: str
) -> None:
    result = run("search", query)
    assert result.exit_code in (0, 1), result
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("error: bad query") and result.stderr.count("\n") == 1, (
            result.stderr
        )


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "/",
        ".",
        "..",
        "a/b\\c",
        "\x00",
        "x\x00y",
        "x" * 10_000,
        "!!!",
        "🎉🎉🎉",
        "  spaced  out  ",
        "line\nbreak",
        "CON",
        "-rf",
        "$(touch PWNED)",
    ],
)
def test_hostile_titles_never_leave_the_collection(
    run, root: Path, tmp_path: Path, title: str
) -> None:
    result = run("new", "--date", "2020-01-01", "--no-edit", "--", title)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        path = Path(result.stdout.strip())
        assert path.resolve().parent == (root / "2020").resolve()
        assert run("check").exit_code == 0
    else:
        assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert not (tmp_path / "PWNED").exists()
    assert not any(p for p in root.parent.iterdir() if p.name not in ("notes", "cache"))


# --- generated front matter --------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(string.ascii_lowercase, max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)
_keys = st.sampled_from(
    ["title", "date", "end_date", "kind", "location", "url", "tags", "talks", "speakers", "other"]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(front=st.dictionaries(_keys, _values, max_size=8), body=st.text(max_size=200))
def test_generated_front_matter_never_breaks_the_reader(front: dict, body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    with contextlib.suppress(NotesError):  # the tool's own errors are fine: anything else is not
        parse_note(text, Path("generated.md"))


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(front=st.dictionaries(_keys, _values, max_size=8))
def test_generated_front_matter_never_breaks_check(run, root: Path, front: dict) -> None:
    import yaml

    (root / "generated.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n", encoding="utf-8"
    )
    result = run("check")
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit), result
    assert "Traceback" not in result.stdout + result.stderr


SCHEDULES = Path(__file__).parent / "data" / "schedules"
BROKEN_IMPORTS = [
    "frab-truncated.json",
    "frab-truncated.xml",
    "billion-laughs.xml",
    "xml-external-entity.xml",
    "frab-days-is-a-number.json",
    "frab-no-talks.json",
    "sessionize-speakers-is-a-number.json",
    "reinvent-title-is-a-list.json",
    "ical-broken-line.ics",
    "ical-truncated.ics",
    "ical-no-events.ics",
    "ical-impossible-date.ics",
    "junk.bin",
]


@pytest.mark.parametrize("name", BROKEN_IMPORTS)
def test_a_broken_import_is_named_and_the_rest_imported(run, sample: Path, name: str) -> None:
    good = SCHEDULES / "frab-schedule.json"
    result = run("import", str(SCHEDULES / name), str(good))
    assert result.exit_code == 1, result
    lines = [line for line in result.stderr.splitlines() if line.startswith("not imported:")]
    assert (
        lines == [line for line in lines if f"{SCHEDULES / name}: " in line] and len(lines) == 1
    ), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "wrote 1 event" in result.stderr
    assert_others_still_work(run)


# --- 7: private parts, found on the whole note ---------------------------------------------------

LEAKY = """\
---
title: Leaky meetup
date: 2021-06-01
kind: meetup
talks:
  - title: Talk one
    speakers: ["Ann Lee (CTO, Acme)"]
    tags: [lambda]
  - title: Talk two
    tags: [lambda]
  - title: Talk three
    tags: [lambda]
---
Open intro. <!-- private -->A-SECRET

## Talk one

B-SECRET <!-- /private --> after-one.

## Talk two

Two says <!--private-->1-SECRET<!--private-->2-SECRET<!--/private-->3-SECRET<!--/private--> done.

Setext Secret (private)
-----------------------

SETEXT-SECRET words.

## Talk three

Three's words.

```python
print("never closed")

### Hidden (private)

FENCE-SECRET words.
"""
SECRETS = ("A-SECRET", "B-SECRET", "1-SECRET", "2-SECRET", "3-SECRET", "SETEXT-SECRET")


@pytest.mark.parametrize("format_name", ["jekyll", "hugo", "markdown", "json"])
@pytest.mark.parametrize("how", ["event", "digest"])
def test_private_parts_never_leave_the_machine_whatever_their_shape(
    run, root: Path, write_note, tmp_path: Path, format_name: str, how: str
) -> None:
    """Row 7: a private part opening in the event's text and closing in a talk's notes, nested
    marks, a setext `(private)` heading and a `### x (private)` after a fence never closed were
    in every export format and the digest."""
    write_note("2021/2021-06-01-leaky.md", LEAKY)
    out = tmp_path / "out"
    which = ["leaky"] if how == "event" else ["--query", "lambda", "--title", "Digest"]
    result = run("export", *which, "--format", format_name, "--out", str(out))
    assert result.exit_code == 0, result
    text = "".join(page.read_text() for page in out.iterdir())
    # Talk one's heading is inside the private part: the whole talk is private.
    for secret in (*SECRETS, "FENCE-SECRET", "Setext Secret", "Hidden", "after-one", "Talk one"):
        assert secret not in text, (secret, text)
    kept = ["Two says", "done.", "Three's words.", "Talk two", "Talk three"]
    for words in kept + (["Open intro."] if how == "event" else []):  # a digest has talks only
        assert words in text, (words, text)


def test_a_talk_whose_heading_is_inside_a_private_part_is_private(run, write_note) -> None:
    write_note(
        "2021/2021-06-01-leaky.md",
        LEAKY.replace("Open intro. <!-- private -->A-SECRET", "# Day one (private)")
        .replace("B-SECRET <!-- /private -->", "B-SECRET")
        .replace("## Talk three", "# Day two\n\n## Talk three"),
    )
    exported = run("export", "leaky", "--format", "markdown")
    assert exported.exit_code == 0, exported
    assert "Talk one" not in exported.stdout and "Talk two" not in exported.stdout
    assert "Three's words." in exported.stdout


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("a <!-- private -->x<!-- /private --> b", "a  b"),
        ("<!--private-->1<!--private-->2<!--/private-->3<!--/private-->4", "4"),
        ("1<!-- /private -->2", "2"),  # a closing mark alone: what came before it was private
        ("<!-- Private: mine -->x", ""),
        ("Secret (private)\n===\nx\n\n# Next\ny", "# Next\ny"),
        ("> ## Quoted (private)\n> x\n\n## Next\ny", "## Next\ny"),
        ("## S *(private)*\nx\n## Next\ny", "## Next\ny"),
        ("```\nopen fence\n## In it (private)\nx", "```\nopen fence"),
        ("```\n## Code (private)\n```\nafter", "```\n## Code (private)\n```\nafter"),
        ("~~~\n<!-- private -->\n~~~\nafter", "~~~"),  # a mark counts in code too
    ],
)
def test_without_private_fails_closed(text: str, public: str) -> None:
    from notes_cli.privacy import without_private

    assert without_private(text) == public


# --- 8: nothing live from an import reaches a note or an export ----------------------------------

LIVE_HTML = """<html><head><title>Meetup night</title></head><body>
<h1>Meetup night</h1>
<p>Posted 2019-03-04</p>
<h2>Talk about XSS - Ann Smith (CTO, Acme)</h2>
<p>We saw &lt;script&gt;alert(1)&lt;/script&gt; in the demo. <a href="javascript:alert(2)">click</a>
<a href=" JaVa&#x09;ScRiPt:alert(6)">tabbed</a> <a href="data:text/html,x">data</a>
<a href="https://ok.example/">ok</a> <img src="data:image/png;base64,AAAA" alt="pixel"></p>
<script>alert(3)</script><style>body{}</style><iframe src="javascript:alert(7)"></iframe>
<p onclick="alert(4)">para</p><img src=x onerror="alert(5)">
<pre>&lt;b&gt;code stays code&lt;/b&gt;</pre>
</body></html>
"""
LIVE_MARKDOWN = """---
title: Markdown night
date: 2019-05-06
---
Intro <script>alert(1)</script> and [bad](javascript:alert(2)) and ![i](data:image/png;base64,AAA)

<iframe src="https://evil.example/"></iframe>

<div onclick="alert(4)">Clicky</div> <a href="JaVaScRiPt:alert(5)">x</a> `<script>in code</script>`

## Talk one - Bob Jones (Dev at Foo)

Some notes about it. &lt;script&gt; stays escaped. [slides](https://ok.example/slides)

<style>body{display:none}</style>

[later]: javascript:alert(6)
"""
LIVE = re.compile(
    r"(?i)<\s*(script|style|iframe)|javascript\s*:|data:(text|image)|\bon(click|error)\s*="
)


@pytest.mark.parametrize(("name", "text"), [("post.html", LIVE_HTML), ("post.md", LIVE_MARKDOWN)])
def test_nothing_live_from_an_imported_post_reaches_the_note_or_the_export(
    run, root: Path, tmp_path: Path, name: str, text: str
) -> None:
    """Row 8: an HTML post holding `&lt;script&gt;` and `href="javascript:…"` gave a live
    `<script>` and the `javascript:` link, in the note and in the exported post."""
    post = tmp_path / name
    post.write_text(text)
    result = run("import", str(post))
    assert result.exit_code == 0, result
    (note,) = root.rglob("*.md")
    written = note.read_text()
    assert not LIVE.search(written.replace("`<script>in code</script>`", "")), written
    assert "`<script>in code</script>`" in written or name == "post.html"  # code stays code
    assert "&lt;script&gt;" in written  # escaped text stays escaped
    assert "https://ok.example/" in written
    for words in ("click", "tabbed", "para") if name == "post.html" else ("bad", "Clicky", "x"):
        assert words in written, (words, written)
    for format_name in ("jekyll", "hugo", "markdown", "json"):
        exported = run("export", "--all", "--format", format_name)
        assert exported.exit_code == 0, exported
        shown = exported.stdout.replace("`<script>in code</script>`", "")
        assert not LIVE.search(shown), (format_name, exported.stdout)


def test_an_exported_note_carries_nothing_live_and_keeps_code_as_code(run, write_note) -> None:
    """Row 8, the export side: a note holding live HTML (pasted, or imported before) is
    published without it; code blocks, which a blog shows as text, keep every character."""
    write_note(
        "2020/2020-01-01-pasted.md",
        """\
        ---
        title: Pasted
        date: 2020-01-01
        talks:
          - title: One
            slides: "javascript:alert(1)"
            video: https://video.example/one
        ---
        Text <script>alert(2)</script><img src=x onerror=alert(3)> kept.

        ## One

        ```html
        <script>shown as code</script>
        ```
        """,
    )
    for format_name in ("jekyll", "markdown", "json"):
        exported = run("export", "pasted", "--format", format_name)
        assert exported.exit_code == 0, exported
        out = exported.stdout.replace("<script>shown as code</script>", "")
        assert not LIVE.search(out), (format_name, exported.stdout)
        assert "Text" in out and "kept." in out
        assert format_name == "json" or "https://video.example/one" in out
        assert "<script>shown as code</script>" in exported.stdout


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('<a href="javascript:x()">words</a>', "<a>words</a>"),
        ("[words](javascript:alert(1))", "words"),
        ("![alt](data:image/png;base64,AAA)", ""),
        ("<svg onload=alert(1)>", "<svg>"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>after", "after"),
        ("<a href='&#106;avascript:x'>y</a>", "<a>y</a>"),
        ("[r]: javascript:x", ""),
        ("<javascript:alert(1)>", ""),
        ("`<script>` in code", "`<script>` in code"),
        ("    <script>indented code</script>", "    <script>indented code</script>"),
        (
            "[ok](https://a.example/a_(b)) &lt;b&gt; a<b 3>2",
            "[ok](https://a.example/a_(b)) &lt;b&gt; a<b 3>2",
        ),
    ],
)
def test_safe_markdown_takes_out_what_runs_and_keeps_the_rest(text: str, safe: str) -> None:
    from notes_cli.sanitise import safe_markdown

    assert safe_markdown(text) == safe


# --- 15 and 20: one bad file of an import is named, the rest imported ------------------------------


def _frab_xml_after_a_long_comment() -> bytes:
    xml = (SCHEDULES / "frab-schedule.xml").read_bytes()
    declaration, _, rest = xml.partition(b"?>")
    return declaration + b"?>\n<!--" + b" a very long comment " * 500 + b"-->\n" + rest


HUGE_IMPORTS: dict[str, Callable[[], bytes]] = {
    "2020-01-01-deep.html": lambda: (
        b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + b"</body></html>"
    ),
    "2020-01-01-lists.html": lambda: b"<ul><li>" * 5_000 + b"x" + b"</li></ul>" * 5_000,
    "2020-01-01-lists.md": lambda: (
        b"---\ntitle: L\ndate: 2020-01-01\n---\n" + b"- " * 5_000 + b"x\n"
    ),
    "bogus.xml": lambda: b'<?xml version="1.0" encoding="bogus-8"?><schedule/>',
    "deep.json": lambda: b"[" * 100_000 + b"]" * 100_000,
    "bomb.xml": lambda: (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
        + b"]>\n<lolz>&lol9;</lolz>\n"
    ),
}


def test_files_too_deep_or_badly_encoded_are_named_and_the_rest_imported(
    run, root: Path, tmp_path: Path
) -> None:
    """Row 15: 100k nested `<div>`s, 5,000 nested lists or `encoding="bogus-8"` ended the import
    ("unexpected RecursionError/LookupError") and `good.md` was not imported. Row 20: an XML bomb
    and deeply nested JSON were called "no date in its front matter"."""
    for name, data in HUGE_IMPORTS.items():
        (tmp_path / name).write_bytes(data())
    good = tmp_path / "2020-02-02-good.md"
    good.write_text("---\ntitle: Good one\ndate: 2020-02-02\n---\nGood words.\n")
    result = run("import", *(str(tmp_path / name) for name in HUGE_IMPORTS), str(good))
    assert result.exit_code == 1, result
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    refused = {
        line.split(": ")[1]: line
        for line in result.stderr.splitlines()
        if line.startswith("not imported:")
    }
    assert set(refused) == {str(tmp_path / n) for n in ("bogus.xml", "deep.json", "bomb.xml")}
    assert "encoding that does not exist" in refused[str(tmp_path / "bogus.xml")]
    assert "nested too deeply" in refused[str(tmp_path / "deep.json")]
    assert "entities" in refused[str(tmp_path / "bomb.xml")]
    assert "Good words." in run("show", "good-one").stdout
    assert run("check").exit_code == 0  # what the deep files gave is read back


def test_a_schedule_that_starts_with_a_long_comment_is_a_schedule(
    run, root: Path, tmp_path: Path
) -> None:
    """Row 20: a valid frab XML starting with a 10 KB comment was imported as a post of 0 talks."""
    commented = tmp_path / "commented.xml"
    commented.write_bytes(_frab_xml_after_a_long_comment())
    plain = run("import", "--dry-run", str(SCHEDULES / "frab-schedule.xml"))
    result = run("import", "--dry-run", str(commented))
    assert result.exit_code == 0, result
    assert "(0 talks)" not in result.stdout
    assert result.stdout.count("\n") == plain.stdout.count("\n")


# --- 25: messages that say what is wrong and where ------------------------------------------------


def test_angle_brackets_in_a_query_are_words(run, sample: Path) -> None:
    """Row 25: `search '<lambda>'` said "(list index out of range)"."""
    result = run("search", "<lambda>")
    assert result.exit_code == 0, result
    assert "Lambda, Good for the little things" in result.stdout
    assert run("search", "year:>2015", "lambda").exit_code == 0


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ("title: Big\ndate: 2020-01-01\nkind: meetup\nrating: " + "9" * 5000, 5, "5,000 digits"),
        ("title: CR\rx\ndate: 2020-01-01", 2, "not valid YAML"),
        ("title: x\ndate: 2020-01-01\r\rkind: [a", 3, "not valid YAML"),
    ],
)
def test_a_front_matter_mistake_is_named_at_its_line(
    run, root: Path, front: str, line: int, words: str
) -> None:
    """Row 25: a 5,000-digit integer on line 5 was named on line 1 (with Python's advice on
    set_int_max_str_digits); after a stray CR, line 4 was named for line 2."""
    path = root / "odd.md"
    path.write_bytes(f"---\n{front}\n---\n".encode())
    result = run("check")
    assert result.exit_code == 1
    (problem,) = [p for p in result.stdout.splitlines() if p.startswith(str(path))]
    assert problem.startswith(f"{path}:{line}: ") and words in problem, problem
    assert "set_int_max_str_digits" not in problem


def test_two_notes_of_one_name_in_two_folders_are_told_apart(run, root: Path) -> None:
    """Row 25: two `same.md` in two folders: "matches 2 events: same, same"."""
    for folder, day in (("x", "01"), ("y", "02")):
        (root / folder).mkdir()
        (root / folder / "same.md").write_text(f"---\ntitle: same\ndate: 2020-01-{day}\n---\n")
    result = run("show", "same")
    assert result.exit_code == 1
    assert "same (x/same.md), same (y/same.md)" in result.stderr, result.stderr
