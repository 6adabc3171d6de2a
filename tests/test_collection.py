"""The core of the collection, used directly (the CLI tests go through the commands)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notes_cli.collection import create_event, load, resolve, trash
from notes_cli.errors import EventNotFound
from notes_cli.listing import TalkFilter, filter_events, filter_talks
from notes_cli.model import Draft, Speaker, Talk
from notes_cli.notebook import Notebook


@pytest.fixture
def events(sample: Path):
    return load(sample).events


def test_resolve_prefers_the_exact_id_then_a_prefix_then_a_piece(events) -> None:
    assert resolve(events, "2016-09-08-aws-user-group-north-september-2016").title.startswith(
        "AWS User Group"
    )
    assert resolve(events, "2016-11").title == "AWS re:Invent 2016"
    assert resolve(events, "user group").date == dt.date(2016, 9, 8)
    with pytest.raises(EventNotFound) as caught:
        resolve(events, "aws")
    assert len(caught.value.candidates) == 2
    with pytest.raises(EventNotFound):
        resolve(events, "   ")


def test_create_event_never_overwrites_and_trash_never_replaces(root: Path) -> None:
    draft = Draft(
        title="Serverless  Manchester", date=dt.date(2020, 2, 3), talks=(Talk(title="Cold starts"),)
    )
    first = create_event(root, draft)
    second = create_event(root, draft)
    assert (first.name, second.name) == (
        "2020-02-03-serverless-manchester.md",
        "2020-02-03-serverless-manchester-2.md",
    )
    assert Notebook(root).event("2020-02-03-serverless-manchester").title == "Serverless Manchester"
    assert trash(root, first) == root / ".trash" / "2020" / first.name
    assert not first.exists()


def test_filters_match_talks_and_events_the_same_way_as_the_cli(events) -> None:
    by_company = list(filter_talks(events, TalkFilter(company="ZEN")))
    assert [talk.title for _, talk, _ in by_company] == ["Lambda, Good for the little things"]
    assert by_company[0][1].speakers == (
        Speaker("Carl Simpson", "Technical Architect", "Zen Internet"),
    )
    assert [e.title for e in filter_events(events, TalkFilter(tag="reinvent"))] == [
        "AWS re:Invent 2016"
    ]
    assert list(filter_events(events, TalkFilter(year=2016, speaker="nobody"))) == []
