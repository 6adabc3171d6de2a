"""Generated notes, posts and queries (issue 12): whatever they hold, the tool answers or raises
its own NotesError, never anything else, and a change to a note never loses a word of it.

The normal suite tries a few thousand examples in a couple of seconds; `pytest -m faults` tries
ten times as many.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_cli.addtalk import add_talk_text
from notes_cli.errors import NotesError
from notes_cli.model import Talk
from notes_cli.notefile import new_note_text, parse_note
from notes_cli.privacy import without_private
from notes_cli.sanitise import safe_markdown
from notes_cli.talkedit import jot_text

SAMPLE = Path(__file__).resolve().parent.parent / "notes"

# Examples per property in the normal suite; `-m faults` multiplies them by ten.
NOTES, POSTS, QUERIES = 1500, 200, 200


def fuzz(examples: int, **more: Any) -> Callable[[Any], Any]:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples every run: a failure here is one to reproduce
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.filter_too_much,
        ],
        **more,
    )


# --- pieces ----------------------------------------------------------------------------------

_words = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
# Lines a note or a post may hold that have tripped Markdown readers (and this tool) before.
_HOSTILE_LINES = [
    "---", "...", "```", "~~~", "```python", "    indented code", "\t", "# H1", "## ", "###",
    "Setext", "===", "-----", "<!-- private -->", "<!-- /private -->", "<!--private-->",
    "## Secret (private)", "> ## quoted", "- - - x", "1. item", "* [ ] box", "<div>", "</div>",
    "<script>alert(1)</script>", '<a href="javascript:x">y</a>', "[x](javascript:y)", "&lt;b&gt;",
    "<<<<<<< HEAD", "=======", ">>>>>>> b", "{{< tweet 1 >}}", "{% raw %}", "\x1b[31mred",
    "\u202eevil", "caf\udce9", "\r", "title: x", "talks: []", "\ufeff", "| a | b |", "|---|---|",
    "[link]: <>", "<![CDATA[", "\x00", "☃ 東京 🎉", "", " ",
]  # fmt: skip
_hostile_line = st.one_of(st.sampled_from(_HOSTILE_LINES), st.text(max_size=40))
_title = st.one_of(
    _words.map(str.capitalize),
    st.text(min_size=1, max_size=30),
    st.sampled_from(["!!!", "(private)", "x (private)", "## y", "a: b", "- c", "'", '"', "&a *a"]),
)


_body_line = st.one_of(_hostile_line, st.lists(_words, min_size=1, max_size=6).map(" ".join))


@st.composite
def notes(draw: st.DrawFn) -> str:
    """A note's text: hostile titles and lines among words."""
    titles = draw(st.lists(_title, max_size=4))
    date = draw(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    # JSON strings are YAML's double-quoted ones: every title however hostile, cheaply.
    text = f"---\ntitle: {json.dumps(draw(_title))}\ndate: {date}\n"
    text += "talks:\n" + "".join(f"  - title: {json.dumps(t)}\n" for t in titles) if titles else ""
    text += "---\n" + "".join(f"## {t}\n\n" for t in titles[: draw(st.integers(0, 4))])
    return text + "\n".join(draw(st.lists(_body_line, max_size=6))) + "\n"


def words_of(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z]+", text))


def lost(before: str, after: str) -> Counter[str]:
    """The words of `before` that `after` does not hold (as many times)."""
    return words_of(before) - words_of(after)


# --- notes -----------------------------------------------------------------------------------


def note_property(text: str, talk: str, jotted: list[str]) -> None:
    path = Path("generated.md")
    try:
        event = parse_note(text, path).event
    except NotesError:
        return
    without_private(text)
    safe_markdown(text)
    for change in (
        lambda t: add_talk_text(t, Talk(title=talk), path),
        lambda t: jot_text(t, path, event.talks[0].title, 0, jotted) if event.talks else t,
    ):
        try:
            changed = change(text)
        except NotesError:
            continue
        assert not lost(text, changed), (text, changed)


@fuzz(NOTES)
@given(notes(), _title, st.lists(_words, min_size=1, max_size=3))
def test_generated_notes_read_change_and_keep_every_word(note, talk, jotted) -> None:
    note_property(note, talk, jotted)


@pytest.mark.faults
@fuzz(NOTES * 10)
@given(notes(), _title, st.lists(_words, min_size=1, max_size=3))
def test_many_generated_notes_read_change_and_keep_every_word(note, talk, jotted) -> None:
    note_property(note, talk, jotted)


def written_property(root: Path, text: str, talk: str) -> None:
    """Through the real write (lock, temporary file, read back, rename)."""
    from notes_cli.collection import add_talk

    path = root / "2020-01-01-generated.md"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    try:
        add_talk(parse_note(path.read_text(errors="surrogateescape"), path).event, Talk(talk))
    except NotesError:
        assert path.read_bytes() == text.encode("utf-8", "surrogateescape")  # left as it was
        return
    assert not lost(text, path.read_text(errors="surrogateescape"))


@fuzz(60)
@given(note=notes(), talk=_title)
def test_generated_notes_written_keep_every_word(root: Path, note, talk) -> None:
    written_property(root, note, talk)


# --- posts -----------------------------------------------------------------------------------


@st.composite
def posts(draw: st.DrawFn) -> tuple[str, bytes]:
    """A blog post: Markdown or HTML, with headings that look like talks and hostile lines."""
    html = draw(st.booleans())
    lines: list[str] = []
    if not html and draw(st.booleans()):
        lines += ["---", f"title: {draw(_words)}", f"date: {draw(st.dates()).isoformat()}", "---"]
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["talk", "words", "hostile", "list"]))
        title, name = draw(_words).capitalize(), draw(_words).capitalize()
        surname, company = draw(_words).capitalize(), draw(_words).capitalize()
        if kind == "talk":
            heading = f"{title} - {name} {surname} (CTO, {company})"
            lines.append(f"<h2>{heading}</h2>" if html else f"## {heading}")
        elif kind == "words":
            words = " ".join(draw(st.lists(_words, min_size=1, max_size=8)))
            lines.append(f"<p>{words}</p>" if html else words)
        elif kind == "list":
            item = f"{title} by {name} {surname}"
            lines.append(f"<ul><li>{item}</li></ul>" if html else f"- {item}")
        else:
            lines.append(draw(_hostile_line))
    text = "\n".join(lines)
    if html:
        text = f"<html><body>{text}</body></html>"
    name = draw(st.sampled_from(["2020-01-01-post", "post"])) + (".html" if html else ".md")
    return name, text.encode("utf-8", "surrogateescape")


def post_property(folder: Path, post: tuple[str, bytes]) -> None:
    from notes_cli.importers import read_file

    name, data = post
    path = folder / name
    path.write_bytes(data)
    try:
        drafts = read_file(path, default_date=dt.date(2020, 1, 1))
    except NotesError:
        return
    for draft in drafts:
        try:
            text = new_note_text(draft)
        except NotesError:
            continue  # the import says why it does not write it
        parse_note(text, Path("imported.md"))  # what is written reads back


@fuzz(POSTS)
@given(post=posts())
def test_generated_posts_import_or_say_why(tmp_path: Path, post) -> None:
    post_property(tmp_path, post)


@pytest.mark.faults
@fuzz(POSTS * 10)
@given(post=posts())
def test_many_generated_posts_import_or_say_why(tmp_path: Path, post) -> None:
    post_property(tmp_path, post)


# --- queries ---------------------------------------------------------------------------------

_TOKENS = [
    "AND", "OR", "NOT", "(", ")", '"', "'", "*", "?", "~", "~2", "^", "<", ">", "<=", ">=", "[", "]",
    "{", "}", ":", "-", "\\", "speaker:", "company:", "topic:", "date:", "year:", "year:>",
    "date:[2016 TO", "TO", "kind:", "format:", "title:", "lambda", "serverless", "aws", "2016",
    "🎉", "\x00", "<lambda>",
]  # fmt: skip
_queries = st.one_of(
    st.text(min_size=1, max_size=30),
    st.lists(st.one_of(st.sampled_from(_TOKENS), _words), min_size=1, max_size=6).map(" ".join),
    st.lists(st.one_of(st.sampled_from(_TOKENS), _words), min_size=1, max_size=6).map("".join),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from notes_cli.index.sync import open_index

    root = tmp_path_factory.mktemp("fuzz") / "notes"
    shutil.copytree(SAMPLE, root)
    return open_index(root)


def query_property(index: Any, query: str) -> None:
    from notes_cli.index import queries

    try:
        result = queries.search(index, query, limit=5)
    except NotesError:
        return
    assert result.total >= len(result.hits)


@fuzz(QUERIES)
@given(query=_queries)
def test_generated_queries_answer_or_say_what_is_wrong(index, query) -> None:
    query_property(index, query)


@pytest.mark.faults
@fuzz(QUERIES * 10)
@given(query=_queries)
def test_many_generated_queries_answer_or_say_what_is_wrong(index, query) -> None:
    query_property(index, query)
