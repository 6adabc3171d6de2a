from __future__ import annotations

import datetime as dt
import difflib
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_cli.addtalk import add_talk_text
from notes_cli.errors import NoteProblem, NotesError
from notes_cli.model import Draft, Speaker, Talk
from notes_cli.notefile import new_note_text, parse_note, read_note

MEETUP = textwrap.dedent(
    """\
    ---
    title: AWS User Group North, September 2016
    date: 2016-09-08
    kind: meetup  # an evening, usually
    location: Zen Internet, Rochdale
    organiser: {name: Someone, mail: someone@example.org}
    tags: [aws]
    talks:
      - title: Network Innovation at Scale
        speakers:
          - name: Colin Whittaker
            role: Principal Network Engineer
            company: AWS
        tags: [networking, datacenter]
        rating: 5

    # the lightning talks come later
    photos: https://example.org/album
    ---
    We met during the day this time.

    <!-- remember to add the photos -->
    ## Network Innovation at Scale

    Racks arrive ready to run.

    ### A detail

    Still part of the talk.
    """
)
LAMBDA = Talk(
    title="Lambda, Good for the little things",
    speakers=(Speaker.parse("Carl Simpson (Technical Architect, Zen Internet)"),),
    tags=("lambda", "serverless"),
    format="lightning",
)


def inserted_only(old: str, new: str) -> bool:
    """True when `new` is `old` with lines inserted and nothing else changed."""
    matcher = difflib.SequenceMatcher(
        a=old.splitlines(True), b=new.splitlines(True), autojunk=False
    )
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


def test_a_note_reads_as_an_event_with_talks_and_their_notes() -> None:
    note = parse_note(MEETUP, Path("2016-09-08-aws.md"))
    event = note.event
    assert note.problems == []
    assert event.id == "2016-09-08-aws"
    assert (event.title, event.date, event.kind) == (
        "AWS User Group North, September 2016",
        dt.date(2016, 9, 8),
        "meetup",
    )
    assert event.tags == ("aws",)
    [talk] = event.talks
    assert talk.speakers == (Speaker("Colin Whittaker", "Principal Network Engineer", "AWS"),)
    assert talk.notes.startswith("Racks arrive ready to run.")
    assert "Still part of the talk." in talk.notes
    assert talk.extra == {"rating": 5}
    assert "We met during the day" in event.text
    assert "Racks" not in event.text


def test_speaker_strings_and_mappings_read_the_same() -> None:
    text = MEETUP.replace(
        "speakers:\n      - name: Colin Whittaker\n        role: Principal Network Engineer\n        company: AWS",
        'speakers: ["Colin Whittaker (Principal Network Engineer, AWS)"]',
    )
    assert (
        parse_note(text, Path("a.md")).event.talks[0].speakers
        == parse_note(MEETUP, Path("a.md")).event.talks[0].speakers
    )


def test_section_headings_match_titles_loosely_and_fenced_headings_are_text() -> None:
    text = textwrap.dedent(
        """\
        ---
        title: T
        date: 2020-01-01
        talks: [{title: '"Mummy, where are the servers?"'}]
        ---
        ## mummy where are the servers

        ```
        ## not a heading
        ```
        """
    )
    note = parse_note(text, Path("t.md"))
    assert note.problems == []
    assert "## not a heading" in note.event.talks[0].notes


# Lines that look like headings to a reader of Markdown, or nearly: what a body is made of.
_BODY_LINES = st.sampled_from(
    [
        "## Talk",
        "# Day two",
        "##",
        "## ",
        "#",
        "### deeper",
        "###",
        "##Talk",
        "   ## three in",
        "    ## four in",
        "## closed ##",
        "##\tTab",
        "## Ünïcode ✓",
        "text",
        "",
        "  ",
        "\x0c## ff",
        "## a\u2028## b",
        "- ## in a list",
        "## ends with #",
        "#tag",
        "```",
        "~~~ x",
        "   ```py",
        "    ```",
        "`` x",
    ]
)


@settings(max_examples=200)
@given(st.lists(_BODY_LINES, max_size=12), st.booleans(), st.integers(0, 40))
def test_sections_found_at_once_split_the_body_as_the_line_by_line_reader(
    lines: list[str], last_break: bool, first_line: int
) -> None:
    """A body is split by one scan for its headings (or, with a code fence, line by line):
    the same preamble, sections, headings and line numbers as reading it line by line."""
    from notes_cli.notebody import _sections_by_line, sections

    body = "\n".join(lines) + ("\n" if last_break else "")
    assert sections(body, first_line) == _sections_by_line(body, first_line)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "---",
                "...",
                "--- ",
                "---\r",
                "\ufeff---",
                "---\x0c",
                " ---",
                "----",
                "title: x",
                "-- -",
                "---\u2028",
                "... \t",
                "",
                "text",
                "---x",
            ]
        ),
        max_size=8,
    ),
    st.booleans(),
)
def test_the_front_matter_ends_at_the_first_closing_line(lines: list[str], last: bool) -> None:
    """The front matter runs from the opening `---` line to the first line after it that is
    `---` or `...` (trailing spaces of any kind aside); the body is what follows that line."""
    from notes_cli.notebody import split_note

    text = "\n".join(lines) + ("\n" if last else "")
    parts = text.split("\n")
    parts = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    closing = next(
        (n for n, part in enumerate(parts) if n and part.rstrip() in ("---", "...")), None
    )
    if not parts or parts[0].lstrip("\ufeff").rstrip() != "---" or closing is None:
        with pytest.raises(NoteProblem):
            split_note(text, Path("t.md"))
        return
    split = split_note(text, Path("t.md"))
    assert split.front == "".join(parts[1:closing]) == text[split.front_start : split.front_end]
    assert split.body == "".join(parts[closing + 1 :])
    assert split.body_line == closing + 1


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("no front matter at all\n", 1, "no front matter"),
        ("---\ntitle: x\ndate: 2020-01-01\n", 1, "never closed"),
        ("---\ntitle: [unclosed\ndate: 2020-01-01\n---\n", 2, "not valid YAML"),
        ("---\ndate: 2020-01-01\n---\n", 2, "missing title"),
        ("---\ntitle: x\n---\n", 2, "missing date"),
        ("---\ntitle: x\ndate: next tuesday\n---\n", 3, "is not a date"),
        ("---\n- a list\n---\n", 2, "should be a mapping"),
        (
            "---\ntitle: !!python/object/apply:os.system ['echo hi']\ndate: 2020-01-01\n---\n",
            2,
            "not valid YAML",
        ),
    ],
)
def test_unusable_files_say_where_and_what(text: str, line: int, words: str) -> None:
    with pytest.raises(NoteProblem) as caught:
        parse_note(text, Path("bad.md"))
    assert caught.value.line == line
    assert words in caught.value.what
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_smaller_faults_are_listed_with_their_lines() -> None:
    text = textwrap.dedent(
        """\
        ---
        title: x
        date: 2020-01-01
        talks:
          - speakers: [Nobody]
          - title: Fine
            speakers: [42, {role: Boss}]
          - title: Without a section
        ---
        ## Fine

        ## Stray section
        """
    )
    note = parse_note(text, Path("x.md"))
    found = {(p.line, p.what.split(":")[0]) for p in note.problems}
    assert (5, "talk without a title") in found
    assert (7, "speaker is neither text nor a mapping") in found
    assert (7, "speaker has no name") in found
    assert (
        8,
        "talk 'Without a section' has no '## Without a section' section in the body",
    ) in found
    assert (12, "section '## Stray section' matches no talk") in found
    assert [t.title for t in note.event.talks] == ["Fine", "Without a section"]


def test_add_talk_inserts_the_talk_and_its_section_and_changes_nothing_else() -> None:
    new = add_talk_text(MEETUP, LAMBDA, Path("a.md"))
    assert inserted_only(MEETUP, new)
    assert new.endswith("Still part of the talk.\n\n## Lambda, Good for the little things\n")
    event = parse_note(new, Path("a.md")).event
    assert [t.title for t in event.talks] == ["Network Innovation at Scale", LAMBDA.title]
    added = event.talks[1]
    assert (added.speakers, added.tags, added.format) == (LAMBDA.speakers, LAMBDA.tags, "lightning")
    # the comment that follows the talks list stays after it, not between two talks
    assert new.index("format: lightning") < new.index("# the lightning talks come later")


@pytest.mark.parametrize(
    "front",
    [
        "title: x\ndate: 2020-01-01\n",
        "title: x\ndate: 2020-01-01\ntalks: []\nkind: meetup\n",
        "title: x\ndate: 2020-01-01\ntalks:\nkind: meetup\n",
        "title: x\ndate: 2020-01-01\ntalks: [Opening]\n",
        "title: x\ndate: 2020-01-01\ntalks:\n- title: Opening\nkind: meetup\n",
    ],
)
def test_add_talk_works_whatever_shape_the_talks_key_has(front: str) -> None:
    text = f"---\n{front}---\nBody.\n"
    new = add_talk_text(text, LAMBDA, Path("x.md"))
    event = parse_note(new, Path("x.md")).event
    assert event.talks[-1].title == LAMBDA.title
    assert new.endswith("Body.\n\n## Lambda, Good for the little things\n")
    before = yaml.safe_load(front)
    after = yaml.safe_load(new.split("---\n")[1])
    assert {k: v for k, v in after.items() if k != "talks"} == {
        k: v for k, v in before.items() if k != "talks"
    }


def test_add_talk_keeps_crlf_and_bom() -> None:
    text = "\ufeff" + MEETUP.replace("\n", "\r\n")
    new = add_talk_text(text, LAMBDA, Path("a.md"))
    assert new.startswith("\ufeff---\r\n")
    assert "\n" not in new.replace("\r\n", "")
    assert inserted_only(text, new)
    assert parse_note(new, Path("a.md")).event.talks[-1].title == LAMBDA.title


def test_add_talk_refuses_a_title_the_event_already_has() -> None:
    with pytest.raises(NotesError, match="already has a talk"):
        add_talk_text(MEETUP, Talk(title="network innovation at scale"), Path("a.md"))


def test_new_notes_read_back_with_no_problems() -> None:
    text = new_note_text(
        Draft(
            title="AWS re:Invent 2016",
            date=dt.date(2016, 11, 28),
            kind="conference",
            tags=("aws",),
            talks=(LAMBDA,),
        )
    )
    note = parse_note(text, Path("x.md"))
    assert note.problems == []
    assert note.event.talks[0] == Talk(**{**LAMBDA.__dict__, "line": note.event.talks[0].line})


# --- properties ------------------------------------------------------------------------------

_line_text = (
    st.text(
        st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_speakers = st.builds(
    Speaker,
    name=_line_text,
    role=st.one_of(st.just(""), _line_text),
    company=st.one_of(st.just(""), _line_text),
)
_talks = st.builds(
    Talk,
    title=_line_text.filter(lambda t: any(c.isalnum() for c in t)),
    speakers=st.lists(_speakers, max_size=3).map(tuple),
    tags=st.lists(_line_text.filter(lambda t: "," not in t), max_size=3).map(tuple),
    format=st.sampled_from(["", "talk", "keynote", "lightning"]),
    track=st.one_of(st.just(""), _line_text),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_line_text,
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    location=st.one_of(st.just(""), _line_text),
    tags=st.lists(_line_text.filter(lambda t: "," not in t), max_size=3).map(tuple),
    talks=st.lists(
        _talks,
        max_size=4,
        unique_by=lambda t: "".join(c for c in t.title.casefold() if c.isalnum()),
    ).map(tuple),
)
def test_a_note_written_and_read_back_is_the_same_note(title, date, location, tags, talks) -> None:
    text = new_note_text(Draft(title=title, date=date, location=location, tags=tags, talks=talks))
    event = parse_note(text, Path("x.md")).event
    assert (event.title, event.date, event.location, event.tags) == (title, date, location, tags)
    assert [(t.title, t.speakers, t.tags, t.format, t.track) for t in event.talks] == [
        (t.title, t.speakers, t.tags, t.format, t.track) for t in talks
    ]


_yaml_keys = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True).filter(
    lambda k: k not in {"title", "date", "talks", "kind", "location", "url", "tags", "end_date"}
)
_yaml_values = st.recursive(
    st.one_of(st.integers(), st.booleans(), _line_text, st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_yaml_keys, inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    unknown=st.dictionaries(_yaml_keys, _yaml_values, max_size=4),
    body=st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=30
        ),
        max_size=5,
    ),
    talk=_talks,
)
def test_adding_a_talk_keeps_unknown_keys_and_body_text_byte_for_byte(unknown, body, talk) -> None:
    front = yaml.safe_dump(
        {"title": "x", "date": dt.date(2020, 1, 1), **unknown}, sort_keys=False, allow_unicode=True
    )
    body_text = "".join(f"<!-- {line} -->\n\n" for line in body)
    text = f"---\n{front}---\n{body_text}"
    new = add_talk_text(text, talk, Path("x.md"))
    assert inserted_only(text, new)
    data = yaml.safe_load(new.split("---\n")[1])
    assert {k: data[k] for k in unknown} == unknown
    assert data["talks"][-1]["title"] == talk.title


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01binary", "binary file"),
        (b"---\ntitle: caf\xe9\n---\n", "not UTF-8"),
        (b"", "no front matter"),
    ],
)
def test_unreadable_bytes_are_reported_not_raised_as_tracebacks(
    tmp_path: Path, data: bytes, words: str
) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(data)
    with pytest.raises(NoteProblem, match=words):
        read_note(path)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "talks: []  # fill in on the day\n",
            "talks:   # fill in on the day\n  - title: Opening\n",
        ),
        ("talks: ~\n", "talks:\n  - title: Opening\n"),
        (
            'talks: [\n  A,   # first\n  "B",\n]\n',
            'talks: [\n  A,   # first\n  "B", {title: Opening},\n]\n',
        ),
        ("talks: [A, B]  # so far\n", "talks: [A, B, {title: Opening}]  # so far\n"),
    ],
)
def test_add_talk_keeps_the_style_and_comments_of_the_talks_list(before: str, after: str) -> None:
    text = f"---\ntitle: T\ndate: 2020-01-01\n{before}kind: meetup\n---\n"
    new = add_talk_text(text, Talk(title="Opening"), Path("t.md"))
    assert new == f"---\ntitle: T\ndate: 2020-01-01\n{after}kind: meetup\n---\n## Opening\n"


def test_add_talk_to_a_file_that_ends_at_the_closing_line() -> None:
    new = add_talk_text(
        "---\ntitle: e\ndate: 2020-01-08\ntalks:\n  - A\n---", Talk(title="X"), Path("n.md")
    )
    assert new == "---\ntitle: e\ndate: 2020-01-08\ntalks:\n  - A\n  - title: X\n---\n## X\n"


def test_add_talk_closes_a_code_block_left_open_so_the_heading_is_a_heading() -> None:
    new = add_talk_text(
        "---\ntitle: e\ndate: 2020-01-08\n---\n```sh\necho hi\n", Talk(title="X"), Path("n.md")
    )
    assert new.endswith("```sh\necho hi\n```\n\n## X\n")
    assert [t.title for t in parse_note(new, Path("n.md")).event.talks] == ["X"]
    assert parse_note(new, Path("n.md")).problems == []


def test_add_talk_uses_a_section_the_user_already_wrote() -> None:
    text = "---\ntitle: e\ndate: 2020-01-08\ntalks: [A]\n---\n## A\n\n## New Talk\n\nAlready some notes.\n"
    new = add_talk_text(text, Talk(title="New Talk"), Path("n.md"))
    assert new.count("## New Talk") == 1
    note = parse_note(new, Path("n.md"))
    assert note.problems == []
    assert note.event.talks[1].notes == "Already some notes."


def test_an_impossible_date_is_reported_on_its_line() -> None:
    with pytest.raises(NoteProblem) as caught:
        parse_note("---\ntitle: t\ndate: 2020-02-30\n---\n", Path("n.md"))
    assert str(caught.value) == "n.md:3: date '2020-02-30' is not a date: write it as YYYY-MM-DD"


def test_a_key_written_twice_is_a_problem() -> None:
    text = "---\ntitle: t\ndate: 2020-01-01\ntalks: [A]\ntitle: u\ntalks:\n  - B\n---\n## B\n"
    note = parse_note(text, Path("n.md"))
    assert note.event.title == "u"
    assert {(p.line, p.what) for p in note.problems} >= {
        (5, "'title' is written twice (lines 2 and 5); only the last counts: remove one"),
        (6, "'talks' is written twice (lines 4 and 6); only the last counts: remove one"),
    }


def test_multi_line_values_are_written_as_blocks() -> None:
    talk = Talk(title="T", extra={"abstract": "First paragraph.\n\nSecond one."})
    text = new_note_text(Draft(title="x", date=dt.date(2020, 1, 1), talks=(talk,)))
    assert "abstract: |-\n      First paragraph.\n\n      Second one.\n" in text
    assert (
        parse_note(text, Path("x.md")).event.talks[0].extra["abstract"]
        == "First paragraph.\n\nSecond one."
    )


_PLAIN = st.text(st.sampled_from(list(" -:#,[]{}'\"&*!|>%@`?aZ09.éñ–’🌳\n")), max_size=30)
_VALUE = st.recursive(
    st.one_of(_PLAIN, st.integers(), st.booleans(), st.none(), st.dates()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_PLAIN, inner, max_size=4)
    ),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(_PLAIN, _VALUE, min_size=1, max_size=5))
def test_front_matter_is_written_as_the_python_dumper_writes_it(data: dict) -> None:
    # libyaml writes most front matter; the text must be the layout a person writes by hand.
    from notes_cli.yamlfront import _dumper, dump_yaml

    expected = yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=1000)
    assert dump_yaml(data) == expected
