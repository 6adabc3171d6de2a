"""Conference schedules as note drafts: frab JSON and XML, Sessionize, iCalendar and the re:Invent
catalogue, each read from a small invented fixture in tests/data/schedules/ written in the shape
of the real thing; hostile and damaged files are one ImportFailed line, never a traceback."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_cli.errors import ImportFailed
from notes_cli.importers import _one_file
from notes_cli.importers.people import read_tag_line
from notes_cli.importers.schedules import FORMATS, detect, read_schedule
from notes_cli.importers.schedules.reinvent import reinvent_days
from notes_cli.model import Draft, Speaker
from notes_cli.notefile import new_note_text, parse_note

DATA = Path(__file__).resolve().parent / "data" / "schedules"

GOOD = {
    "frab-schedule.json": "frab-json",
    "frab-schedule.xml": "frab-xml",
    "devconf-north-2025_sessionize.json": "sessionize",
    "example-summit-2024.ics": "ical",
    "reinvent-catalogue.json": "reinvent",
}

# Function-scoped fixtures (conftest's autouse isolation) are fine: each example is independent.
FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def read(name: str) -> Draft:
    path = DATA / name
    data = path.read_bytes()
    kind = detect(path, data)
    assert kind == GOOD[name]
    [draft] = read_schedule(path, data, kind)
    return draft


def titles(draft: Draft) -> list[str]:
    return [talk.title for talk in draft.talks]


# --- detect -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), GOOD.items())
def test_detect_knows_each_format(name: str, kind: str) -> None:
    path = DATA / name
    assert detect(path, path.read_bytes()) == kind


def test_detect_goes_by_content_not_extension(tmp_path: Path) -> None:
    for name, renamed in [
        ("frab-schedule.json", "programme.txt"),
        ("frab-schedule.xml", "fahrplan"),
        ("example-summit-2024.ics", "calendar.txt"),
        ("reinvent-catalogue.json", "catalogue.data"),
    ]:
        data = (DATA / name).read_bytes()
        assert detect(tmp_path / renamed, data) == GOOD[name]
    assert detect(tmp_path / "schedule.json", (DATA / "post.md").read_bytes()) is None
    assert detect(tmp_path / "schedule.xml", b"<?xml version='1.0'?><rss><channel/></rss>") is None


@pytest.mark.parametrize(
    "data",
    [
        (DATA / "post.md").read_bytes(),
        (DATA / "junk.bin").read_bytes(),
        b"",
        b"\x00" * 64,
        b"\xff\xfe\x00<\x00s",
        b"<html><body><p>Hello</p></body></html>",
        b"<!-- <schedule> --><feed/>",
        b'{"title": "A post as JSON"}',
        b"[]",
        b"[1, 2, 3]",
        b'[{"title": "no code"}]',
        b"{ not json at all",
        b"[" * 100_000,
        b"[Title](https://example.org) - a post starting with a link",
    ],
)
def test_detect_says_none_for_what_is_no_schedule(data: bytes) -> None:
    assert detect(Path("post.md"), data) is None


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["x.md", "x.json", "x.xml", "x"]))
def test_detect_never_raises(data: bytes, name: str) -> None:
    assert detect(Path(name), data) in (*FORMATS, None)


def test_detect_a_cut_short_schedule_is_still_a_schedule() -> None:
    """Else a damaged schedule.json would be imported as a blog post."""
    path = DATA / "frab-truncated.json"
    assert detect(path, path.read_bytes()) == "frab-json"
    sessionize = (DATA / "devconf-north-2025_sessionize.json").read_bytes()
    assert detect(Path("s.json"), sessionize[:3000]) == "sessionize"
    reinvent = (DATA / "reinvent-catalogue.json").read_bytes()
    assert detect(Path("r.json"), reinvent[:500]) == "reinvent"


# --- each format ------------------------------------------------------------------------------


def test_frab_json() -> None:
    draft = read("frab-schedule.json")
    assert (draft.title, draft.kind, draft.location) == ("Example Hack Days 2023", "conference", "")
    # The schedule's days, not its `end` (which frab sets to the morning after).
    assert (draft.date, draft.end_date) == (dt.date(2023, 5, 12), dt.date(2023, 5, 13))
    assert draft.url == "https://hackdays.example.org/2023/"
    assert (draft.tags, draft.text) == ((), "")
    assert titles(draft) == ["Opening", "Soldering for Beginners", "Lightning Talks"]

    opening, soldering, lightning = draft.talks
    assert opening.speakers == (Speaker("Ana Ruiz"), Speaker("Tom Baker"))
    assert (opening.format, opening.track, opening.notes) == ("talk", "Org", "")
    assert opening.extra == {
        "code": "ABC123",
        "room": "Hall A",
        "start": "2023-05-12T09:30+02:00",
        "duration": 15,
        "links": ["https://hackdays.example.org/2023/events/10.html"],
        # the subtitle leads; the description repeating the abstract is kept once
        "abstract": "Welcome, wifi, and the rules\n\nHello everyone.",
    }
    assert list(opening.extra) == ["code", "room", "start", "duration", "links", "abstract"]

    assert soldering.speakers == (Speaker("Mira Olsen"),)
    assert (soldering.format, soldering.track) == ("workshop", "Hardware")
    assert soldering.extra["room"] == "Hall B"
    assert soldering.extra["duration"] == 90
    assert soldering.extra["links"] == [
        "https://hackdays.example.org/2023/events/12.html",
        "https://example.org/kit",
        "https://hackdays.example.org/2023/attachments/12/slides.pdf",
    ]
    assert soldering.extra["abstract"] == (
        "Learn to solder a blinking badge.\n\n"
        "Bring nothing: irons & solder are here.\n\n"
        "See the kit list (https://example.org/kit)."
    )

    assert (lightning.format, lightning.track, lightning.speakers) == ("lightning", "", ())
    assert "abstract" not in lightning.extra
    assert lightning.extra["start"] == "2023-05-13T11:00+02:00"


def test_frab_time_after_midnight_belongs_to_its_schedule_day(tmp_path: Path) -> None:
    """A talk given only as `HH:MM` before the day's start is on the next date, same day."""
    document: dict[str, Any] = {
        "schedule": {
            "version": "1",
            "conference": {
                "title": "Night Owls",
                "days": [
                    {
                        "index": 1,
                        "date": "2023-05-12",
                        "day_start": "2023-05-12T10:00:00+02:00",
                        "day_end": "2023-05-13T04:00:00+02:00",
                        "rooms": {
                            "Bar": [
                                {"title": "Late Talk", "start": "01:30", "duration": "0:20"},
                                {"title": "Early Talk", "start": "22:00", "duration": "0:20"},
                            ]
                        },
                    }
                ],
            },
        }
    }
    path = tmp_path / "night.json"
    [draft] = read_schedule(path, json.dumps(document).encode(), "frab-json")
    assert (draft.date, draft.end_date) == (dt.date(2023, 5, 12), None)
    assert titles(draft) == ["Early Talk", "Late Talk"]
    assert draft.talks[1].extra["start"] == "2023-05-13T01:30+02:00"
    assert draft.talks[1].extra["duration"] == 20


def test_frab_xml() -> None:
    draft = read("frab-schedule.xml")
    assert draft.title == "Example Open Source Meeting 2024"
    assert draft.location == "Example University, Brussels"
    assert (draft.date, draft.end_date) == (dt.date(2024, 2, 3), dt.date(2024, 2, 4))
    assert draft.url == "https://osm.example.org/2024/schedule/"
    assert titles(draft) == [
        "Welcome to OSM",
        "Packaging Python Without Tears",
        "Rust on Tiny Chips",
    ]

    welcome, packaging, rust = draft.talks
    assert (welcome.format, welcome.track, welcome.speakers) == (
        "keynote",
        "Keynotes",
        (Speaker("Sam Idris"),),
    )
    # no <date>: the day's date, the <start> time and the offset of the day's start
    assert welcome.extra == {
        "room": "H.2215",
        "start": "2024-02-03T09:00+01:00",
        "duration": 50,
        "abstract": "Why we meet.",
    }
    assert packaging.speakers == (Speaker("Jo Park"), Speaker("Lee Chan"))
    assert packaging.extra == {
        "code": "XQ7B2A",
        "room": "K.1.105",
        "start": "2024-02-03T10:30+01:00",
        "duration": 25,
        "links": [
            "https://osm.example.org/video/101",
            "https://osm.example.org/2024/schedule/attachments/slides/101.pdf",
        ],
        "abstract": "How we ship wheels for five platforms.",  # escaped HTML, cleaned
    }
    assert (rust.format, rust.track) == ("lightning", "Lightning Talks")


def test_sessionize() -> None:
    draft = read("devconf-north-2025_sessionize.json")
    assert draft.title == "Devconf North 2025"  # from the file name: the export has none
    assert (draft.date, draft.end_date) == (dt.date(2025, 3, 14), dt.date(2025, 3, 15))
    assert (draft.location, draft.url, draft.kind) == ("", "", "conference")
    # by start time; the lunch break (a service session) is no talk
    assert titles(draft) == [
        "Kubernetes in Ten Minutes",
        "Observability Without the Bill",
        "Closing Keynote",
    ]
    kubernetes, observability, closing = draft.talks

    assert kubernetes.speakers == (Speaker("Priya Nair", "Staff Engineer", "Northwind"),)
    assert (kubernetes.format, kubernetes.track, kubernetes.tags) == (
        "lightning",
        "Platform",
        ("Kubernetes",),
    )
    assert kubernetes.extra == {
        "room": "Main Hall (300)",
        "start": "2025-03-14T09:00",
        "duration": 10,
        "abstract": "Everything you need, nothing more.",
    }

    assert observability.speakers == (
        Speaker("Owen Hughes", "Developer Advocate", "Contoso Ltd"),
        Speaker("Lena Berg", "Principal Consultant", "Fabrikam"),
    )
    # the level and the session format are not topics
    assert observability.tags == ("Kubernetes", "Observability")
    assert (observability.format, observability.track) == ("session", "Cloud")
    assert observability.extra["links"] == ["https://video.example.org/702"]
    assert observability.extra["abstract"] == (
        "Traces, metrics and logs on a budget.\n\nWe compare three setups."
    )

    # a tag line that is no job title is dropped; a bare job title is the role
    assert closing.speakers == (Speaker("Ruth Okafor"), Speaker("Jonas Weber", "Cloud Architect"))
    assert closing.format == "keynote"  # the title says so


@pytest.mark.parametrize(
    ("tag_line", "role", "company"),
    [
        ("Staff Engineer @ Northwind", "Staff Engineer", "Northwind"),
        ("Co-Founder @acme, Microsoft MVP / Developer", "Co-Founder", "acme"),
        ("Automated Tester at CGI", "Automated Tester", "CGI"),
        ("Principal Cloud Advocate, Microsoft", "Principal Cloud Advocate", "Microsoft"),
        ("Chief AI Officer - Data8", "Chief AI Officer", "Data8"),
        ("Node4, Technology & Innovation Director", "Technology & Innovation Director", "Node4"),
        ("MVP, Author - Example GmbH & Co. KG", "MVP, Author", "Example GmbH & Co. KG"),
        (
            "Microsoft MVP | Cloud Architect at NetApp working in the EMEA group",
            "Cloud Architect",
            "NetApp",
        ),
        ("CEO at proMX UK Limited / Business Applications MVP", "CEO", "proMX UK Limited"),
        ("Head of Data @ Example Bank | Speaker | Mentor", "Head of Data", "Example Bank"),
        # not a company: a job title or a list of awards after the comma
        ("Software Architect, Microsoft MVP", "Software Architect, Microsoft MVP", ""),
        ("Power Platform Solution Architect", "Power Platform Solution Architect", ""),
        ("Inclusive AI Leader | Women in Tech Advocate", "Inclusive AI Leader", ""),
        # not a role: slogans, handles, sentences
        ("Working on it...", "", ""),
        ("DamoBird365", "", ""),
        ("Speaking at conferences worldwide", "", ""),
        ("Turning AI, Automation & Microsoft Technologies into real-world impact", "", ""),
        ("Freelance specialist with an unhealthy obsession for experimenting and learning", "", ""),
        ("jane@example.com", "", ""),
        ("", "", ""),
    ],
)
def test_tag_line_role_and_company(tag_line: str, role: str, company: str) -> None:
    assert read_tag_line(tag_line) == (role, company)


def test_ical() -> None:
    draft = read("example-summit-2024.ics")
    assert draft.title == "Example Summit 2024"  # from the file name: no X-WR-CALNAME
    assert (draft.date, draft.end_date) == (dt.date(2024, 3, 14), dt.date(2024, 3, 15))
    assert (draft.location, draft.url) == ("", "")
    assert titles(draft) == [
        "Writing Firmware in Rust",  # a folded SUMMARY line
        "Debugging With Logic Analysers",
        "Panel: The Future of Open Hardware",
    ]
    firmware, debugging, panel = draft.talks
    assert firmware.speakers == (Speaker("Carla Diaz"),)
    assert (firmware.tags, firmware.format, firmware.track) == (("Rust", "Embedded"), "", "")
    assert firmware.extra == {
        "room": "Room 2 (Annex)",
        "start": "2024-03-14T09:30+01:00",
        "duration": 40,
        "links": ["https://summit.example.org/talks/1"],
        # from the HTML alternative, which keeps the paragraphs and the link
        "abstract": "A tour of embedded Rust (https://example.org/rust).\n\nNo prior Rust needed.",
    }
    assert debugging.extra["duration"] == 20  # DURATION:PT20M
    assert debugging.extra["abstract"] == "Probe, capture, decode."
    assert panel.speakers == (Speaker("Ada Quist"), Speaker("Ben Ito"))
    assert panel.format == "panel"
    assert panel.extra["start"] == "2024-03-15T13:00+00:00"


def test_ical_calendar_name_is_the_title(tmp_path: Path) -> None:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "X-WR-CALNAME:My PyCon Picks",
        "BEGIN:VEVENT",
        "SUMMARY:Typing in Anger",
        "DTSTART;VALUE=DATE:20240517",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    path = tmp_path / "basic.ics"
    [draft] = read_schedule(path, "\r\n".join(lines).encode(), "ical")
    assert (draft.title, draft.date, draft.end_date) == (
        "My PyCon Picks",
        dt.date(2024, 5, 17),
        None,
    )
    assert draft.talks[0].extra == {"start": "2024-05-17"}


def test_reinvent_catalogue() -> None:
    draft = read("reinvent-catalogue.json")
    assert draft.title == "AWS re:Invent 2024"
    # the catalogue holds no dates: the week re:Invent is held in
    assert (draft.date, draft.end_date) == (dt.date(2024, 12, 2), dt.date(2024, 12, 6))
    assert titles(draft) == [
        "Event-driven architectures with Lambda",
        "Hands-on with Graviton",
        "Chalk talk: designing for failure",
    ]
    lambda_talk, graviton, chalk = draft.talks
    assert lambda_talk.speakers == (
        Speaker("Maya Reyes", "Principal Engineer", "Example Bank"),
        Speaker("Sven Lind", "Sr. Solutions Architect", "Amazon Web Services"),
    )
    assert lambda_talk.tags == (
        "Serverless & Containers",
        "Serverless",
        "Event-Driven Architecture",
    )
    assert lambda_talk.format == "session"
    assert lambda_talk.extra == {
        "code": "SVC202",
        "duration": 60,
        "abstract": "Build loosely coupled systems with events.",
    }
    assert (graviton.format, graviton.extra["code"], graviton.extra["duration"]) == (
        "workshop",
        "CMP301-R",
        120,
    )
    assert chalk.format == "talk"
    assert chalk.tags == ("Architecture", "Resilience")  # the same topic twice is one tag
    assert "duration" not in chalk.extra  # a length of 0 is no length


@pytest.mark.parametrize(
    ("year", "monday"),
    [(2017, dt.date(2017, 11, 27)), (2019, dt.date(2019, 12, 2)), (2025, dt.date(2025, 12, 1))],
)
def test_reinvent_week(year: int, monday: dt.date) -> None:
    assert reinvent_days(year) == (monday, monday + dt.timedelta(days=4))


# --- into a note and back ---------------------------------------------------------------------


@pytest.mark.parametrize("name", GOOD)
def test_draft_becomes_a_note_that_reads_back(name: str, tmp_path: Path) -> None:
    draft = read(name)
    text = new_note_text(draft)
    note = parse_note(text, tmp_path / f"{draft.date}-imported.md")
    assert note.problems == []
    event = note.event
    assert (event.title, event.date, event.end_date, event.kind) == (
        draft.title,
        draft.date,
        draft.end_date,
        "conference",
    )
    assert titles(event) == titles(draft)
    for back, talk in zip(event.talks, draft.talks, strict=True):
        assert (back.speakers, back.tags, back.format, back.track) == (
            talk.speakers,
            talk.tags,
            talk.format,
            talk.track,
        )
        assert back.extra == talk.extra
        assert back.notes == ""  # empty sections, ready for the user's notes


# --- hostile and damaged files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("frab-truncated.json", "is not valid JSON"),
        ("frab-truncated.xml", "is not well-formed XML"),
        ("billion-laughs.xml", "refuses XML entity declarations"),
        ("xml-external-entity.xml", "refuses XML entity declarations"),
        (
            "frab-days-is-a-number.json",
            "schedule.conference.days should be a list, not the number 2",
        ),
        ("frab-no-talks.json", "holds no talks"),
        ("sessionize-speakers-is-a-number.json", "speakers should be a list, not the number 42"),
        ("sessionize-unscheduled.json", "the conference's date is unknown"),
        ("reinvent-title-is-a-list.json", "[0].title should be text, not a list"),
        ("ical-broken-line.ics", "has a broken line"),
        ("ical-impossible-date.ics", "has a broken line in DTSTART"),
        ("ical-truncated.ics", "is cut short"),
        ("ical-no-events.ics", "holds no talks"),
    ],
)
def test_hostile_file_is_one_clear_line(name: str, says: str) -> None:
    path = DATA / name
    data = path.read_bytes()
    kind = detect(path, data)
    assert kind is not None  # recognised as a schedule, so its reader says what is wrong
    with pytest.raises(ImportFailed) as caught:
        read_schedule(path, data, kind)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert says in message
    assert "\n" not in message


def test_billion_laughs_is_refused_before_it_expands() -> None:
    path = DATA / "billion-laughs.xml"
    started = time.perf_counter()
    with pytest.raises(ImportFailed, match="refuses XML entity declarations"):
        read_schedule(path, path.read_bytes(), "frab-xml")
    assert time.perf_counter() - started < 0.5


def test_odd_links_and_ids_are_no_crash(tmp_path: Path) -> None:
    """A base_url urllib cannot split, an empty link, a year of 0000 in the eventId."""
    document = json.loads((DATA / "frab-schedule.json").read_bytes())
    document["schedule"]["base_url"] = "http://[::1"
    document["schedule"]["conference"]["days"][0]["rooms"]["Hall B"][0]["links"] = ["", "x.pdf"]
    [draft] = read_schedule(tmp_path / "s.json", json.dumps(document).encode(), "frab-json")
    # the empty link goes; relative ones cannot be resolved against that base, so they go too
    assert draft.talks[1].extra["links"] == ["https://hackdays.example.org/2023/events/12.html"]

    catalogue = [{"code": "X1", "title": "T", "eventId": "reinvent0000", "length": 60}]
    with pytest.raises(ImportFailed, match="which year's re:Invent"):
        read_schedule(tmp_path / "catalogue.json", json.dumps(catalogue).encode(), "reinvent")
    [draft] = read_schedule(
        tmp_path / "reinvent-2023.json", json.dumps(catalogue).encode(), "reinvent"
    )
    assert (draft.title, draft.date) == ("AWS re:Invent 2023", dt.date(2023, 11, 27))


def test_xml_that_is_no_schedule(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    with pytest.raises(ImportFailed, match=r"feed\.xml: is XML whose root is <rss>"):
        read_schedule(path, b"<rss><channel/></rss>", "frab-xml")


def test_unknown_format_is_an_import_failure(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="is not a schedule format"):
        # "csv" was the example of a format notes does not read until it read spreadsheets.
        read_schedule(tmp_path / "x.json", b"{}", "xlsx")


@pytest.mark.parametrize("name", GOOD)
def test_cut_short_anywhere(name: str) -> None:
    """Every prefix of a schedule reads or fails with ImportFailed, never anything else."""
    path = DATA / name
    data = path.read_bytes()
    for cut in range(0, len(data), max(1, len(data) // 150)):
        try:
            read_schedule(path, data[:cut], GOOD[name])
        except ImportFailed as exc:
            assert str(exc).startswith(f"{path}: ")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document: a tuple of keys and indexes from the root."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(document: Any, where: tuple[Any, ...], value: Any) -> Any:
    if not where:
        return value
    document = copy.deepcopy(document)
    parent = document
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    return document


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(
    name=st.sampled_from(
        ["frab-schedule.json", "devconf-north-2025_sessionize.json", "reinvent-catalogue.json"]
    ),
    data=st.data(),
)
def test_any_value_of_any_type_anywhere(name: str, data: st.DataObject) -> None:
    """A number where a list belongs, a list where text belongs, anywhere in the document:
    a draft that becomes a readable note, or ImportFailed."""
    path = DATA / name
    document = json.loads(path.read_bytes())
    where = data.draw(st.sampled_from(_paths(document)))
    mutated = json.dumps(_replaced(document, where, data.draw(JSON_VALUES))).encode()
    try:
        drafts = read_schedule(path, mutated, GOOD[name])
    except ImportFailed as exc:
        assert str(exc).startswith(f"{path}: ")
        return
    for draft in drafts:
        note = parse_note(new_note_text(draft), Path(f"{draft.date}-x.md"))
        assert titles(note.event) == titles(draft)


@FUZZ
@given(name=st.sampled_from(sorted(GOOD)), data=st.data())
def test_any_damage_anywhere(name: str, data: st.DataObject) -> None:
    """A stretch of any file replaced by other bytes: a draft, or ImportFailed, as the import
    reads a file (importers._one_file: an encoding the XML declaration names that does not
    exist, say, is the file's failure too)."""
    path = DATA / name
    original = path.read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 40)))
    damaged = original[:start] + data.draw(st.binary(max_size=40)) + original[end:]
    try:
        with _one_file(path):
            read_schedule(path, damaged, GOOD[name])
    except ImportFailed as exc:
        assert str(exc).startswith(f"{path}: ")


# --- start-up -------------------------------------------------------------------------------


def test_importing_the_module_loads_no_parser() -> None:
    """icalendar and defusedxml load only when a calendar or an XML file is read."""
    code = (
        "import sys, notes_cli.importers.schedules\n"
        "print(sorted(m for m in ('icalendar', 'defusedxml', 'xml.etree.ElementTree')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
