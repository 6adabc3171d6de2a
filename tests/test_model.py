from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notes_cli.model import Speaker, heading_key, slugify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Carl Simpson (Technical Architect, Zen Internet)",
            Speaker("Carl Simpson", "Technical Architect", "Zen Internet"),
        ),
        ("Michael Pearce (Co-operatives UK)", Speaker("Michael Pearce", "", "Co-operatives UK")),
        (
            "Sam Bashton (Director, Bashton / Claranet)",
            Speaker("Sam Bashton", "Director", "Bashton / Claranet"),
        ),
        ("Ann Lee (Head of Cloud, EMEA, Acme)", Speaker("Ann Lee", "Head of Cloud, EMEA", "Acme")),
        ("Werner Vogels", Speaker("Werner Vogels")),
        ("  Danilo   Poccia  ", Speaker("Danilo Poccia")),
        ("Odd (Name) Person", Speaker("Odd (Name) Person")),
    ],
)
def test_speaker_strings_read_name_role_company(text: str, expected: Speaker) -> None:
    assert Speaker.parse(text) == expected


@given(
    name=st.text(
        st.characters(
            blacklist_characters="(),", blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")
        ),
        min_size=1,
    ),
    role=st.text(
        st.characters(
            blacklist_characters="()", blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")
        )
    ),
    company=st.text(
        st.characters(
            blacklist_characters="(),", blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")
        )
    ),
)
def test_speaker_label_reads_back_as_the_same_speaker(name: str, role: str, company: str) -> None:
    speaker = Speaker(name, role if company else "", company)
    assert Speaker.parse(speaker.label()) == speaker


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("AWS User Group North, September 2016", "aws-user-group-north-september-2016"),
        ("AWS re:Invent 2016", "aws-re-invent-2016"),
        ("Café Über Köln", "cafe-uber-koln"),
        ("../../etc/passwd", "etc-passwd"),
        ("/", "event"),
        ("..", "event"),
        ("🎉🎉", "event"),
        ("a\x00b", "a-b"),
    ],
)
def test_slugs_are_safe_file_names(title: str, slug: str) -> None:
    assert slugify(title) == slug


@given(st.text())
def test_any_title_gives_a_plain_file_name(title: str) -> None:
    slug = slugify(title)
    assert slug
    assert len(slug) <= 60
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert not slug.startswith(("-", "."))


def test_headings_match_titles_ignoring_case_and_punctuation() -> None:
    assert heading_key('"Mummy, where are the servers?"') == heading_key(
        "mummy where are the servers"
    )
    assert heading_key("Lambda, Good for the little things") != heading_key("Lambda")
