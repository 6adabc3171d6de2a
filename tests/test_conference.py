"""The conference day: stars, the plan of the starred talks (overlaps, tight changes between
venues, time zones, iCalendar), what is on now, the programme's facts in `show` and search.

Every programme here is invented, in the shape import writes (start with its offset, duration
in minutes, room, abstract) and in the shapes a person writes by hand.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notes_cli import timetable
from notes_cli.timetable import minutes_in, venue_of

SUMMIT = """
---
title: Widget Summit 2024
date: 2024-05-14
end_date: 2024-05-15
kind: conference
location: Example Hall, Berlin
timezone: Europe/Berlin
talks:
  - title: Opening Keynote
    speakers:
      - name: Ann Lee
        role: CTO
        company: Acme
    room: Hall A, Main Stage
    start: 2024-05-14T09:00+02:00
    duration: 45
    links: [https://example.org/talks/opening]
  # The badge talk: everyone wants to see it
  - title: Gadgets at Scale
    speakers: ["Bo Chan (Northwind)"]
    room: Hall A, Room 2
    start: 2024-05-14T09:30+02:00
    duration: 30
    abstract: How a blinking badge taught us to ship firmware every week.
  - title: Widget Pipelines
    room: Hall B, Room 7
    start: 2024-05-14T10:05+02:00
    duration: 40
  - title: Day Two Opening
    room: Hall A, Main Stage
    start: 2024-05-15T09:00+02:00
    duration: 30
  - title: Birds of a Feather
    room: Foyer
  - title: CI/CD for Widgets
    room: Hall B, Room 7
    start: 2024-05-14T11:00+02:00
    duration: 30
my_rating: 5
---
Arrived early; coffee was good.

## Opening Keynote

## Gadgets at Scale

## Widget Pipelines

## Day Two Opening

## Birds of a Feather

## CI/CD for Widgets
"""

EVENT = "2024-05-14-widget-summit-2024"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The user's clock is UTC unless a test says otherwise."""
    monkeypatch.setenv("TZ", "UTC")
    timetable.user_zone.cache_clear()
    yield
    timetable.user_zone.cache_clear()


def user_in(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    timetable.user_zone.cache_clear()


@pytest.fixture
def summit(write_note: Callable[[str, str], Path]) -> Path:
    return write_note(f"2024/{EVENT}.md", SUMMIT)


def star(run: Callable[..., object], *refs: str) -> None:
    for ref in refs:
        result = run("star", ref)
        assert result.exit_code == 0, result  # type: ignore[attr-defined]


# --- star, unstar -------------------------------------------------------------------------------


def test_star_writes_starred_true_into_that_talk_only_and_unstar_gives_back_the_same_bytes(
    run: Callable[..., object], summit: Path
) -> None:
    before = summit.read_text(encoding="utf-8")
    result = run("star", "summit/gadgets")
    assert result.exit_code == 0, result
    after = summit.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["    starred: true"]
    # It went into the badge talk, right after its last key, the comment above it kept.
    assert (
        "    abstract: How a blinking badge taught us to ship firmware every week.\n    starred: true\n"
        in after
    )
    assert "  # The badge talk: everyone wants to see it\n" in after

    again = run("star", "gadgets at scale")
    assert again.exit_code == 0
    assert "already starred" in again.stderr
    assert summit.read_text(encoding="utf-8") == after

    assert run("unstar", f"{EVENT}/gadgets-at-scale").exit_code == 0
    assert summit.read_text(encoding="utf-8") == before


def test_a_talk_named_by_a_piece_of_its_title_that_fits_several_is_an_error_listing_them(
    run: Callable[..., object], summit: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note(
        "2023/2023-06-01-widget-meetup.md",
        """
        ---
        title: Widget Meetup
        date: 2023-06-01
        talks:
          - title: Opening Keynote
        ---
        ## Opening Keynote
        """,
    )
    result = run("star", "opening keynote")
    assert result.exit_code == 1
    assert "matches 2 talks" in result.stderr
    assert f"{EVENT}/opening-keynote" in result.stderr
    assert "2023-06-01-widget-meetup/opening-keynote" in result.stderr
    # EVENT/piece: the event as any command takes it, then a piece of the title.
    assert run("star", "meetup/keynote").exit_code == 0
    assert (
        "starred: true" in (summit.parent.parent / "2023/2023-06-01-widget-meetup.md").read_text()
    )
    assert "starred" not in summit.read_text(encoding="utf-8")


def test_a_title_with_a_slash_in_it_is_still_found(
    run: Callable[..., object], summit: Path
) -> None:
    assert run("star", "ci/cd for").exit_code == 0
    assert run("star", "summit/ci/cd").exit_code == 0  # already starred: found again
    text = summit.read_text(encoding="utf-8")
    assert "    duration: 30\n    starred: true\nmy_rating: 5\n" in text


def test_starring_a_talk_written_as_a_bare_title_makes_it_a_mapping(
    run: Callable[..., object], write_note: Callable[[str, str], Path]
) -> None:
    path = write_note(
        "2023/2023-06-01-widget-meetup.md",
        """
        ---
        title: Widget Meetup
        date: 2023-06-01
        talks:
          - Lightning round
          - title: Closing words
        ---
        ## Lightning round
        """,
    )
    assert run("star", "lightning round").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "  - title: Lightning round\n    starred: true\n  - title: Closing words\n" in text


def test_star_of_no_such_talk_is_one_line(run: Callable[..., object], summit: Path) -> None:
    result = run("star", "summit/no such talk")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no talk matches" in result.stderr


# --- list, search -------------------------------------------------------------------------------


def test_list_starred_and_unwritten(run: Callable[..., object], summit: Path) -> None:
    star(run, "summit/opening keynote", "summit/gadgets", "summit/pipelines")
    text = summit.read_text(encoding="utf-8")
    summit.write_text(
        text.replace("## Gadgets at Scale\n", "## Gadgets at Scale\n\nGreat demo of the badge.\n"),
        encoding="utf-8",
    )
    starred = run("list", "--talks", "--starred", "--json")
    assert [t["title"] for t in json.loads(starred.stdout)["talks"]] == [
        "Opening Keynote",
        "Gadgets at Scale",
        "Widget Pipelines",
    ]
    unwritten = run("list", "--talks", "--starred", "--unwritten")
    assert unwritten.exit_code == 0
    assert "Opening Keynote" in unwritten.stdout
    assert "Widget Pipelines" in unwritten.stdout
    assert "Gadgets at Scale" not in unwritten.stdout
    everything_unwritten = run("list", "--unwritten", "--json")
    titles = [t["title"] for t in json.loads(everything_unwritten.stdout)["talks"]]
    assert "Birds of a Feather" in titles
    assert "Gadgets at Scale" not in titles


def test_starred_in_the_query_language(run: Callable[..., object], summit: Path) -> None:
    star(run, "summit/pipelines", "summit/day two")
    for query in ("starred:yes", "starred:true", "starred:YES"):
        found = json.loads(run("search", query, "--json").stdout)
        assert sorted(hit["title"] for hit in found["hits"]) == [
            "Day Two Opening",
            "Widget Pipelines",
        ]
    others = json.loads(run("search", "starred:no AND room:hall", "--json").stdout)
    assert "Widget Pipelines" not in [hit["title"] for hit in others["hits"]]
    assert "Opening Keynote" in [hit["title"] for hit in others["hits"]]


def test_the_abstract_is_searched_and_the_users_notes_rank_above_it(
    run: Callable[..., object], summit: Path
) -> None:
    found = json.loads(run("search", "blinking badge", "--json").stdout)
    assert [hit["title"] for hit in found["hits"]] == ["Gadgets at Scale"]
    hit = found["hits"][0]
    marked = [hit["snippet"][start:end] for start, end in hit["highlights"]]
    assert marked == ["blinking", "badge"]
    assert [
        h["title"] for h in json.loads(run("search", "abstract:firmware", "--json").stdout)["hits"]
    ] == ["Gadgets at Scale"]
    # A word the user wrote about one talk and the organiser wrote about another.
    text = summit.read_text(encoding="utf-8")
    summit.write_text(
        text.replace("## Widget Pipelines\n", "## Widget Pipelines\n\nThey ship firmware too.\n"),
        encoding="utf-8",
    )
    ranked = json.loads(run("search", "firmware", "--json").stdout)["hits"]
    assert [hit["title"] for hit in ranked] == ["Widget Pipelines", "Gadgets at Scale"]


# --- show ---------------------------------------------------------------------------------------


def test_show_gives_when_and_where_and_the_abstract_apart_from_the_notes(
    run: Callable[..., object], summit: Path
) -> None:
    star(run, "summit/gadgets")
    text = summit.read_text(encoding="utf-8")
    summit.write_text(
        text.replace("## Gadgets at Scale\n", "## Gadgets at Scale\n\nMy own words on it.\n"),
        encoding="utf-8",
    )
    shown = run("show", "summit").stdout
    part = shown[shown.index("Gadgets at Scale") : shown.index("Widget Pipelines")]
    assert "Tuesday 2024-05-14 09:30–10:00 (Europe/Berlin; 07:30–08:00 your time)" in part
    assert "Hall A, Room 2" in part
    assert "starred" in part
    assert (
        part.index("From the programme") < part.index("blinking badge") < part.index("My own words")
    )


# --- plan ---------------------------------------------------------------------------------------


def test_plan_flags_an_overlap_and_a_tight_change_of_venue(
    run: Callable[..., object], summit: Path
) -> None:
    star(run, "summit/opening", "summit/gadgets", "summit/pipelines", "summit/birds")
    result = run("plan", "summit")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "Widget Summit 2024 · times Europe/Berlin" in out
    assert "Tuesday 2024-05-14" in out
    lines = [line.strip() for line in out.splitlines()]
    order = [n for n, line in enumerate(lines) if line.startswith(("09:00", "09:30", "10:05"))]
    assert len(order) == 3 and order == sorted(order)
    assert "! overlap: 'Opening Keynote' (09:00–09:45) and 'Gadgets at Scale' (09:30–10:00)" in out
    assert "! tight: 5 min from 'Gadgets at Scale' (Hall A) to 'Widget Pipelines' (Hall B)" in out
    # Never dropped: a starred talk without a time.
    assert out.index("time unknown") < out.index("Birds of a Feather")

    relaxed = run("plan", "summit", "--transfer", "5m").stdout
    assert "! tight" not in relaxed
    assert "! overlap" in relaxed


def test_plan_json_and_day(run: Callable[..., object], summit: Path) -> None:
    star(run, "summit/opening", "summit/gadgets", "summit/day two", "summit/birds")
    plan = json.loads(run("plan", "--json").stdout)
    [event] = plan["events"]
    assert event["id"] == EVENT
    assert event["timezone"] == "Europe/Berlin"
    assert [day["date"] for day in event["days"]] == ["2024-05-14", "2024-05-15"]
    first = event["days"][0]["talks"][0]
    assert first["start"] == "2024-05-14T09:00+02:00"
    assert first["end"] == "2024-05-14T09:45+02:00"
    assert (first["room"], first["venue"], first["link"]) == (
        "Hall A, Main Stage",
        "Hall A",
        "https://example.org/talks/opening",
    )
    assert event["days"][0]["clashes"] == [
        {
            "kind": "overlap",
            "first": f"{EVENT}/opening-keynote",
            "second": f"{EVENT}/gadgets-at-scale",
            "gap": -15,
        }
    ]
    assert [t["title"] for t in event["time_unknown"]] == ["Birds of a Feather"]
    assert plan["transfer"] == 15

    for day in ("2024-05-15", "wednesday", "wed", "2"):
        only = json.loads(run("plan", "summit", "--day", day, "--json").stdout)
        assert [d["date"] for d in only["events"][0]["days"]] == ["2024-05-15"], day
    wrong = run("plan", "summit", "--day", "friday")
    assert wrong.exit_code == 1
    assert "no friday" in wrong.stderr


def test_plan_without_stars_says_what_to_do(run: Callable[..., object], summit: Path) -> None:
    result = run("plan")
    assert result.exit_code == 1
    assert "notes star" in result.stderr


def test_plan_in_another_zone_shows_the_users_clock_too(
    run: Callable[..., object], summit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    star(run, "summit/opening")
    user_in(monkeypatch, "America/New_York")
    out = run("plan", "summit").stdout
    assert "09:00–09:45" in out
    assert "(03:00–03:45 your time)" in out
    user_in(monkeypatch, "Europe/Paris")  # the same clock in May: nothing more to say
    assert "your time" not in run("plan", "summit").stdout


def test_an_unknown_time_zone_is_one_line_naming_the_talk(
    run: Callable[..., object], write_note: Callable[[str, str], Path]
) -> None:
    write_note(
        "2024/2024-05-14-moon-camp.md",
        """
        ---
        title: Moon Camp
        date: 2024-05-14
        talks:
          - title: Low Gravity Widgets
            start: 2024-05-14 09:00 Moon/Tranquility
            duration: 30
            starred: true
          - title: Earthrise
            start: 2024-05-14 10:00
            starred: true
        ---
        """,
    )
    result = run("plan", "moon")
    assert result.exit_code == 0, result
    problems = [line for line in result.stderr.splitlines() if "Moon/Tranquility" in line]
    assert problems == [
        "'Low Gravity Widgets' (2024-05-14-moon-camp/low-gravity-widgets): unknown time zone "
        "'Moon/Tranquility': write one such as Europe/Berlin or UTC"
    ]
    # Still in the plan, at the time it gives; the other talk is a wall-clock time.
    assert "09:00–09:30  Low Gravity Widgets" in result.stdout
    assert "10:00        Earthrise" in result.stdout
    # now names it the same way, once, and still shows the talk at the time it gives.
    during = run("now", "moon", "--at", "2024-05-14 09:10")
    assert during.exit_code == 0, during
    assert [line for line in during.stderr.splitlines() if "Moon/Tranquility" in line] == problems
    assert "Low Gravity Widgets" in during.stdout.split("next")[0]


def test_plan_reads_the_index_not_the_notes(
    run: Callable[..., object], summit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    star(run, "summit/opening", "summit/gadgets")
    assert run("plan").exit_code == 0  # the index is now up to date

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a note file was read")

    monkeypatch.setattr("notes_cli.notefile.read_note", no_reading)
    monkeypatch.setattr("notes_cli.index.documents.read_note", no_reading)
    monkeypatch.setattr("notes_cli.notefile.parse_note", no_reading)
    result = run("plan", "summit", "--json")
    assert result.exit_code == 0, result
    assert len(json.loads(result.stdout)["events"][0]["days"][0]["talks"]) == 2
    assert run("now", "summit", "--at", "2024-05-14 09:10").exit_code == 0


def test_plan_ics_has_real_uids_the_room_and_the_link(
    run: Callable[..., object], summit: Path, tmp_path: Path
) -> None:
    from icalendar import Calendar

    star(run, "summit/opening", "summit/gadgets", "summit/birds")
    target = tmp_path / "plan.ics"
    result = run("plan", "summit", "--ics", str(target))
    assert result.exit_code == 0, result
    assert "wrote 2 talks" in result.stderr
    assert "1 without a time left out" in result.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["Gadgets at Scale", "Opening Keynote"]
    opening = events["Opening Keynote"]
    assert str(opening["LOCATION"]) == "Hall A, Main Stage"
    assert str(opening["URL"]) == "https://example.org/talks/opening"
    assert opening.decoded("DTSTART").isoformat() == "2024-05-14T09:00:00+02:00"
    assert opening["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert "Ann Lee (CTO, Acme)" in str(opening["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE")
    uids = {str(e["UID"]) for e in events.values()}
    assert len(uids) == 2
    # The same talks get the same UIDs in the next plan: a calendar updates them.
    star(run, "summit/pipelines")
    run("plan", "summit", "--ics", str(target))
    again = {str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert uids < again and len(again) == 3


# --- a programme imported, then planned ---------------------------------------------------------

# An invented field day's spreadsheet: a talk in Room 2 that overlaps the next one in Room 1 of
# the same hall, then ten minutes to walk to the other hall, and a talk with no time yet.
FIELD_DAY = """\
Title,Speaker,Date,Start,End,Room,Time zone,Abstract,Link
Welcome,Ann Lee,2025-03-14,09:00,09:30,"North Hall, Room 1",Europe/Lisbon,How the day runs.,https://fieldday.example.org/welcome
Radios for Everyone,Bo Chan,2025-03-14,09:30,10:15,"North Hall, Room 2",Europe/Lisbon,Mesh radios from a kit.,
Soil Sensors,Cy Dee,2025-03-14,10:00,10:40,"North Hall, Room 1",Europe/Lisbon,Sensors in a garden.,
Solar Kits,Dan Eve,2025-03-14,10:50,11:30,"South Hall, Room 5",Europe/Lisbon,Power for a field day.,
Closing,Eve Fox,2025-03-14,17:00,17:30,"North Hall, Room 1",Europe/Lisbon,,
Open Space,Gus Hart,2025-03-14,,,Foyer,Europe/Lisbon,Bring a topic.,
"""


@pytest.fixture
def field_day(run: Callable[..., object], root: Path, tmp_path: Path) -> Path:
    """The field day's programme imported, every talk but the closing one starred."""
    programme = tmp_path / "fieldday-2025.csv"
    programme.write_text(FIELD_DAY, encoding="utf-8")
    result = run("import", str(programme))
    assert result.exit_code == 0, result
    star(run, "welcome", "radios", "soil", "solar", "open space")
    [note] = root.rglob("*.md")
    return note


def test_an_imported_programme_plans_its_overlap_and_its_tight_change_of_hall(
    run: Callable[..., object], field_day: Path
) -> None:
    result = run("plan")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "Fieldday 2025 · times Europe/Lisbon" in out
    clashes = [line.strip() for line in out.splitlines() if line.strip().startswith("!")]
    assert clashes == [
        "! overlap: 'Radios for Everyone' (09:30–10:15) and 'Soil Sensors' (10:00–10:40)",
        "! tight: 10 min from 'Soil Sensors' (North Hall) to 'Solar Kits' (South Hall)",
    ]  # Welcome (Room 1) to Radios (Room 2) at once is no clash: the same hall
    assert out.index("time unknown") < out.index("Open Space  · Foyer")
    assert "Closing" not in out
    assert "4 starred talks with a time, 1 without; 2 clashes" in result.stderr
    assert "! tight" not in run("plan", "--transfer", "10m").stdout
    assert "! tight: 10 min" in run("plan", "--transfer", "1h").stdout


def test_an_imported_programme_in_a_calendar_and_now_on_the_users_clock(
    run: Callable[..., object], field_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    assert run("plan", "--ics", str(target)).exit_code == 0
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert sorted(events) == ["Radios for Everyone", "Soil Sensors", "Solar Kits", "Welcome"]
    welcome = events["Welcome"]
    assert str(welcome["LOCATION"]) == "North Hall, Room 1"
    assert str(welcome["URL"]) == "https://fieldday.example.org/welcome"
    assert welcome["DTSTART"].params["TZID"] == "Europe/Lisbon"

    user_in(monkeypatch, "America/New_York")
    shown = run("now", "--at", "2025-03-14 10:05").stdout
    lines = [line.strip() for line in shown.splitlines()]
    assert lines[0] == "Friday 2025-03-14 10:05 (Europe/Lisbon; 06:05 your time)"
    assert lines[lines.index("on now") + 1].startswith("★ 09:30–10:15  Radios for Everyone")
    assert "10 min left" in lines[lines.index("on now") + 1]
    assert "Bo Chan · (05:30–06:15 your time)" in lines
    assert lines[lines.index("next") + 1].startswith("★ 10:50–11:30  Solar Kits")
    assert "in 45 min" in lines[lines.index("next") + 1]
    # The same moment, typed on the user's own clock.
    again = json.loads(run("now", "--at", "2025-03-14 06:05 America/New_York", "--json").stdout)
    assert [t["title"] for t in again["on"]] == ["Radios for Everyone", "Soil Sensors"]


# --- now ----------------------------------------------------------------------------------------


def test_now_shows_what_is_on_and_next_starred_first(
    run: Callable[..., object], summit: Path
) -> None:
    star(run, "summit/pipelines")
    result = run("now", "summit", "--at", "2024-05-14 09:35", "--json")
    assert result.exit_code == 0, result
    found = json.loads(result.stdout)
    assert found["at"] == "2024-05-14T09:35+02:00"  # the programme's clock
    assert [t["title"] for t in found["on"]] == ["Opening Keynote", "Gadgets at Scale"]
    # Starred first, though it starts later than nothing else here; minutes to its start.
    assert [(t["title"], t["minutes"]) for t in found["next"]] == [("Widget Pipelines", 30)]

    later = json.loads(run("now", "summit", "--at", "2024-05-14 10:30", "--json").stdout)
    assert [t["title"] for t in later["on"]] == ["Widget Pipelines"]
    assert [(t["title"], t["minutes"]) for t in later["next"]] == [("CI/CD for Widgets", 30)]

    shown = run("now", "--at", "2024-05-14 09:35").stdout
    assert "on now" in shown and "Gadgets at Scale" in shown
    assert "★" in shown.split("next")[1]
    assert "in 30 min" in shown


def test_now_at_a_moment_in_another_zone(run: Callable[..., object], summit: Path) -> None:
    found = json.loads(run("now", "--at", "2024-05-14 07:40 UTC", "--json").stdout)
    assert [t["title"] for t in found["on"]] == ["Opening Keynote", "Gadgets at Scale"]


def test_now_at_a_time_that_is_no_moment(run: Callable[..., object], summit: Path) -> None:
    result = run("now", "--at", "teatime")
    assert result.exit_code == 1
    assert "is not a moment" in result.stderr


# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("45 min", 45),
        ("1h", 60),
        ("1h30", 90),
        ("1:30", 90),
        ("1.5h", 90),
        ("PT1H15M", 75),
        ("soon", None),
    ],
)
def test_lengths(text: str, minutes: int | None) -> None:
    assert minutes_in(text) == minutes


@pytest.mark.parametrize(
    ("room", "venue"),
    [
        ("Hall A, Main Stage", "Hall A"),
        ("Venetian | Level 2 | Titian 2205", "Venetian"),
        ("K.1.105 (La Fontaine)", "K"),
        ("UB2.252A (Lameere)", "UB"),
        ("Salle Bleue", "Salle Bleue"),
        ("Curie", "Curie"),
    ],
)
def test_a_venue_is_the_rooms_building_as_its_name_gives_it(room: str, venue: str) -> None:
    assert venue_of(room) == venue


def test_an_explicit_venue_beats_the_rooms_name(
    run: Callable[..., object], write_note: Callable[[str, str], Path]
) -> None:
    write_note(
        "2024/2024-05-14-two-sites.md",
        textwrap.dedent(
            """
            ---
            title: Two Sites
            date: 2024-05-14
            talks:
              - title: Morning
                room: Room 1
                venue: North campus
                start: 2024-05-14T09:00
                duration: 50
                starred: true
              - title: Late morning
                room: Room 2
                venue: North campus
                start: 2024-05-14T09:55
                duration: 50
                starred: true
            ---
            """
        ),
    )
    assert "! tight" not in run("plan", "two sites").stdout
