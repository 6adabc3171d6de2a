"""Importing blog posts: fixtures of our own, in the shapes real writeups use."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from notes_cli.errors import MissingDate
from notes_cli.importers.posts import parse_people, read_post
from notes_cli.model import Speaker

WORDPRESS = """\
---
layout: post
title: Widget User Group, March 2019
date: '2019-03-15 19:02:11 +0000'
categories:
- Infrastructure
tags:
- widgets
---
<p>We met at <a href="https://example.org/venue">the Old Mill</a> &amp; the room was full.</p>
<h4>Scaling Widgets at Speed - Ann Lee (Principal Engineer, Acme Widgets)</h4><br />
<p>Ann showed how racks of widgets arrive ready to run.</p>
<h4>Lightning Talks</h4>
<h5>&nbsp; Gadgets, Good for small jobs - Bo Chan (Technical Architect, Northwind)</h5><br />
<p>Bo used gadgets for housekeeping.</p>
<h5>&nbsp; Having a Go at the CLI - Cy Dee (Example Co-op)</h5>
<p>Cy rotated snapshots from a shell.</p>
<h4>"Where are the widgets?" - Di Eve (Cloud Consultant, Contoso)</h4>
<p>Di ran everything on functions.</p>
<h4>Conclusion</h4>
<p>A great evening.</p>
"""
HUGO_LIST = """\
---
title: "WidgetCon - the talks I liked"
date: 2020-05-21T23:00:00-01:00
tags: [ "WidgetCon", "opinion" ]
---
Here is what I watched.

## Tuesday

- [Keynote: Widgets Everywhere](https://example.org/v/1) – Ann Lee, Executive Director, Widget Foundation
- [Fine-Grained Widgets](https://example.org/v/2) - Bo Chan, Acme Labs & Cy Dee, Northwind
- [Operating Widgets](https://example.org/v/3) - Di Eve & Ed Fox
"""
TOML_FROM = """\
+++
title = "widget conf 2014"
date = 2014-02-17
+++
The talks were very interesting.

#### "Widgets coming to version 2" from [Ann Lee](https://example.org/ann)
Typed widgets at last. [slides](https://example.org/slides)

#### "Typesafing your widgets" from [Bo Chan](https://example.org/bo) and [Cy Dee](https://example.org/cy)
Validation for everyone.
"""
SETEXT = """\
---
layout: post
title:  WidgetCamp 2018
tags: []
---
My notes from the weekend.

Keynote: Ann Lee – Community: Observe, Include, Accept
--------------------------------------------------------------
About hospitality.

Bo Chan - The Benefits of Testing Widgets
--------------------------------------------------------------
Test all the widgets.

Thanks
------
To the organisers.
"""
MEETUP_COM = """\
---
title: Widget Brisbane Meetup!
date: '2018-05-24T05:38:32.521Z'
venue:
  name: 'Level 8, 300 Queen Street'
---
<p>Come along!</p> <p>•• WIDGET RECAP ••<br/>Presented by: Ann Lee, Technical Account Manager @ Acme</p> <p>A summary of recent news.</p> <p>•• Automating Least Privilege ••<br/>Presented by: Bo Chan, Consultant @ Northwind</p> <p>Are your permissions too broad?</p> <p>•• IMPORTANT ••<br/>Please RSVP.</p>
"""
LINK_LINES = """\
---
title: Post WidgetCon
---
Highlights:

[Seriously Strong Widgets](https://example.org/v/1)
Ann Lee
I have a soft spot for widget talks.

[Teaching Widgets: The Hard Parts](https://example.org/v/2)
Bo Chan
Loved it.
"""
RECAP = """\
---
title: 'Widget Tech Talks: February through July'
date: 2017-08-10
---
### February
* Ann Lee spoke at Scala Days about [Widget Streaming](https://example.org/a).
* Bo Chan spoke at the Go Meetup about [Writing Widgets in Go](https://example.org/b).
* Cy Dee gave a keynote on Widgets First.
"""
AGENDA = """\
# Widget meetups

### Kick-off Widget Meetup
#### Agenda
- 17:00 - 17:15: Arrive and network
- 17:15 - 17:45: All Meshed Up - How we use Widgets
  - Ann Lee [@annlee](https://github.com/annlee), [Acme](https://acme.example)
- 17:45 - 18:15: Pizza and drinks
- 18:15 - 18:45: Widget Security Scanning
  - Bo Chan [@bochan](https://github.com/bochan), [Northwind](https://northwind.example)
"""
NUMBERED = """\
---
title: "Widgetcon, is it still for me?"
date: 2023-05-05
---
### 1. Real-Time Widgets in Production, Ann Lee

### 2. Back to the Future: Widget Security, Bo Chan & Cy Dee

### 3. Malicious Compliance, Di Eve, Ed Fox, Fay Gee, Acme Labs
"""
CODES = """\
---
title: Top Widget Videos
date: 2020-03-25
tags: widgets serverless events
---
## Serverless

#### [(SVS402) Building widgets from front to back](https://example.org/1)
Great session.

#### [(DAT401) Widget data modeling](https://example.org/2)
Dense.
"""


def imported(tmp_path: Path, name: str, text: str, **options: object):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [draft] = read_post(path, path.read_bytes(), **options)  # type: ignore[arg-type]
    return draft


def summary(draft) -> list[tuple[str, list[str], str]]:
    return [(t.title, [s.label() for s in t.speakers], t.format) for t in draft.talks]


def test_a_wordpress_post_gives_its_talks_with_speakers_and_the_lightning_group(
    tmp_path: Path,
) -> None:
    draft = imported(tmp_path, "post.md", WORDPRESS)
    assert (draft.title, draft.date, draft.kind) == (
        "Widget User Group, March 2019",
        dt.date(2019, 3, 15),
        "meetup",
    )
    assert draft.tags == ("widgets", "Infrastructure")
    assert summary(draft) == [
        ("Scaling Widgets at Speed", ["Ann Lee (Principal Engineer, Acme Widgets)"], ""),
        ("Gadgets, Good for small jobs", ["Bo Chan (Technical Architect, Northwind)"], "lightning"),
        ("Having a Go at the CLI", ["Cy Dee (Example Co-op)"], "lightning"),
        ("Where are the widgets?", ["Di Eve (Cloud Consultant, Contoso)"], ""),
    ]
    assert "housekeeping" in draft.talks[1].notes
    assert "the Old Mill" in draft.text and "& the room" in draft.text  # entities decoded
    assert "Conclusion" in draft.text and "A great evening." in draft.text


def test_list_entries_with_links_roles_companies_and_ampersands(tmp_path: Path) -> None:
    draft = imported(tmp_path, "post.md", HUGO_LIST)
    assert draft.date == dt.date(2020, 5, 21) and draft.kind == "conference"
    assert summary(draft) == [
        (
            "Keynote: Widgets Everywhere",
            ["Ann Lee (Executive Director, Widget Foundation)"],
            "keynote",
        ),
        ("Fine-Grained Widgets", ["Bo Chan (Acme Labs)", "Cy Dee (Northwind)"], ""),
        ("Operating Widgets", ["Di Eve", "Ed Fox"], ""),
    ]
    assert draft.talks[0].extra["links"] == ["https://example.org/v/1"]


def test_toml_front_matter_and_title_from_speaker_headings(tmp_path: Path) -> None:
    draft = imported(tmp_path, "post.md", TOML_FROM)
    assert (draft.title, draft.date) == ("widget conf 2014", dt.date(2014, 2, 17))
    assert summary(draft) == [
        ("Widgets coming to version 2", ["Ann Lee"], ""),
        ("Typesafing your widgets", ["Bo Chan", "Cy Dee"], ""),
    ]
    assert "Typed widgets at last." in draft.talks[0].notes


def test_setext_headings_with_the_speaker_first_and_a_date_from_the_file_name(
    tmp_path: Path,
) -> None:
    draft = imported(tmp_path, "2018-11-10-widgetcamp.md", SETEXT)
    assert draft.date == dt.date(2018, 11, 10)
    assert summary(draft) == [
        ("Community: Observe, Include, Accept", ["Ann Lee"], "keynote"),
        ("The Benefits of Testing Widgets", ["Bo Chan"], ""),
    ]
    assert "To the organisers." in draft.text


def test_a_meetup_com_export_with_presented_by_lines(tmp_path: Path) -> None:
    draft = imported(tmp_path, "index.md", MEETUP_COM)
    assert draft.location == "Level 8, 300 Queen Street"
    assert summary(draft) == [
        ("WIDGET RECAP", ["Ann Lee (Technical Account Manager, Acme)"], ""),
        ("Automating Least Privilege", ["Bo Chan (Consultant, Northwind)"], ""),
    ]
    assert "Please RSVP." in draft.text


def test_a_link_line_then_a_speaker_line(tmp_path: Path) -> None:
    draft = imported(tmp_path, "2016-06-01-post.md", LINK_LINES)
    assert summary(draft) == [
        ("Seriously Strong Widgets", ["Ann Lee"], ""),
        ("Teaching Widgets: The Hard Parts", ["Bo Chan"], ""),
    ]
    assert draft.talks[1].notes == "Loved it."


def test_speaker_spoke_at_event_about_title(tmp_path: Path) -> None:
    draft = imported(tmp_path, "recap.md", RECAP)
    assert [(t.title, t.speakers[0].name, t.extra.get("event")) for t in draft.talks] == [
        ("Widget Streaming", "Ann Lee", "Scala Days"),
        ("Writing Widgets in Go", "Bo Chan", "the Go Meetup"),
        ("Widgets First", "Cy Dee", None),
    ]


def test_an_agenda_with_times_and_speakers_nested_below(tmp_path: Path) -> None:
    draft = imported(tmp_path, "README.md", AGENDA, default_date=dt.date(2019, 1, 31))
    assert draft.title == "Widget meetups"
    assert summary(draft) == [
        ("All Meshed Up - How we use Widgets", ["Ann Lee (Acme)"], ""),
        ("Widget Security Scanning", ["Bo Chan (Northwind)"], ""),
    ]
    assert draft.talks[0].extra["start"] == "17:15"
    assert "Pizza and drinks" in draft.text


def test_numbered_headings_with_several_speakers(tmp_path: Path) -> None:
    draft = imported(tmp_path, "post.md", NUMBERED)
    assert summary(draft) == [
        ("Real-Time Widgets in Production", ["Ann Lee"], ""),
        ("Back to the Future: Widget Security", ["Bo Chan", "Cy Dee"], ""),
        ("Malicious Compliance", ["Di Eve", "Ed Fox", "Fay Gee (Acme Labs)"], ""),
    ]


def test_session_codes_and_space_separated_tags(tmp_path: Path) -> None:
    draft = imported(tmp_path, "post.md", CODES)
    assert draft.tags == ("widgets", "serverless", "events")
    assert [(t.title, t.extra["code"]) for t in draft.talks] == [
        ("Building widgets from front to back", "SVS402"),
        ("Widget data modeling", "DAT401"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        WORDPRESS,
        HUGO_LIST,
        TOML_FROM,
        SETEXT,
        MEETUP_COM,
        LINK_LINES,
        RECAP,
        AGENDA,
        NUMBERED,
        CODES,
    ],
)
def test_nothing_of_the_post_is_dropped(tmp_path: Path, text: str) -> None:
    draft = imported(tmp_path, "2019-01-01-post.md", text)
    kept = " ".join(
        [
            draft.title,
            draft.text,
            *(
                t.title + " " + " ".join(s.label() for s in t.speakers) + " " + t.notes
                for t in draft.talks
            ),
        ]
    )
    kept += " " + " ".join(str(v) for t in draft.talks for v in (*t.extra.values(), t.format))
    body = re.sub(r"<[^>]+>", " ", text.split("---\n", 2)[-1].split("+++\n", 2)[-1])
    for word in re.findall(r"[A-Za-z]{4,}", body):
        # the words that joined a title to its speakers, and handles, become structure
        if word not in {
            "nbsp",
            "https",
            "example",
            "github",
            "from",
            "Presented",
            "spoke",
            "gave",
            "keynote",
            "about",
            "annlee",
            "bochan",
        }:
            assert word.lower() in kept.lower(), word


def test_crlf_and_a_missing_date(tmp_path: Path) -> None:
    draft = imported(tmp_path, "2019-03-15-x.md", WORDPRESS.replace("\n", "\r\n"))
    assert len(draft.talks) == 4
    with pytest.raises(MissingDate, match="give one with --date"):
        imported(tmp_path, "undated.md", LINK_LINES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee (CTO, Acme) & Bo Chan", [("Ann Lee", "CTO", "Acme"), ("Bo Chan", "", "")]),
        ("Ann Lee, Senior Engineer, Acme", [("Ann Lee", "Senior Engineer", "Acme")]),
        ("Ann Lee, CTO @ Acme", [("Ann Lee", "CTO", "Acme")]),
        ("Ann Lee from Acme", [("Ann Lee", "", "Acme")]),
        ("Presented by: Ann Lee, Role @ Acme", [("Ann Lee", "Role", "Acme")]),
        ("Danny & Alex", [("Danny", "", ""), ("Alex", "", "")]),
        (
            "Ann Lee, Bo Chan and Cy Dee",
            [("Ann Lee", "", ""), ("Bo Chan", "", ""), ("Cy Dee", "", "")],
        ),
    ],
)
def test_people(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert parse_people(text) == tuple(Speaker(*e) for e in expected)


@pytest.mark.parametrize(
    "text",
    [
        "Spot Instances",
        "AWS Update",
        "Amazon EventBridge",
        "How we use Widgets",
        "Include, Accept",
        "WordPress Products",
    ],
)
def test_not_people(text: str) -> None:
    assert parse_people(text) is None


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    folder = tmp_path / "blog" / "_posts"
    folder.mkdir(parents=True)
    (folder / "2019-03-15-widget-user-group.md").write_text(WORDPRESS)
    (folder / "2014-02-17-widget-conf.md").write_text(TOML_FROM)
    (folder / "2018-11-10-widgetcamp.markdown").write_text(SETEXT)
    (folder / "notes.txt").write_text("not a post")
    return folder


def test_import_a_blogs_posts_folder(run, root: Path, posts: Path) -> None:
    result = run("import", str(posts))
    assert result.exit_code == 0, result
    assert "wrote 3 events and 8 talks" in result.stderr
    assert run("check").exit_code == 0
    found = run("search", "--json", 'speaker:"bo chan"')
    assert {hit["title"] for hit in json.loads(found.stdout)["hits"]} == {
        "Gadgets, Good for small jobs",
        "Typesafing your widgets",
        "The Benefits of Testing Widgets",
    }
    again = run("import", str(posts))
    assert again.exit_code == 0
    # Imported before: recognised and left alone (it used to be written again under new names).
    assert "3 imported before, left alone" in again.stderr
    assert len(list(root.rglob("*.md"))) == 3
    skipped = run("import", str(posts), "--skip-existing")
    assert "3 already there, left alone" in skipped.stderr
    assert len(list(root.rglob("*.md"))) == 3


def test_dry_run_writes_nothing_and_json_lists_the_events(run, root: Path, posts: Path) -> None:
    result = run("import", str(posts), "--dry-run")
    assert result.exit_code == 0
    assert "would write" in result.stdout and list(root.rglob("*.md")) == []
    document = json.loads(run("import", str(posts), "--dry-run", "--json").stdout)
    assert [e["title"] for e in document["events"]] == [
        "widget conf 2014",
        "WidgetCamp 2018",
        "Widget User Group, March 2019",
    ]
    assert list(document["events"][0]) == [
        "id",
        "title",
        "date",
        "end_date",
        "kind",
        "location",
        "url",
        "tags",
        "path",
        "talks",
    ]
    assert list(root.rglob("*.md")) == []


def test_a_bad_file_is_named_and_the_rest_imported(
    run, root: Path, posts: Path, tmp_path: Path
) -> None:
    undated = tmp_path / "undated.md"
    undated.write_text(LINK_LINES)
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\x89PNG\x00\x00")
    result = run("import", str(posts), str(undated), str(binary))
    assert result.exit_code == 1
    assert f"not imported: {undated}: no date" in result.stderr
    assert f"not imported: {binary}: is a binary file" in result.stderr
    assert "wrote 3 events" in result.stderr
    dated = run("import", str(undated), "--date", "2016-06-01")
    assert dated.exit_code == 0 and "wrote 1 event and 2 talks" in dated.stderr


def test_a_missing_date_is_asked_for_in_a_terminal(
    run, root: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("notes_cli.cli.asking.interactive", lambda: True)
    undated = tmp_path / "undated.md"
    undated.write_text(LINK_LINES)
    result = run("import", str(undated), input="2016-06-01\n")
    assert result.exit_code == 0, result
    assert next(root.rglob("*.md")).name == "2016-06-01-post-widgetcon.md"


def test_match_keeps_only_the_talks_that_mention_it(run, root: Path, posts: Path) -> None:
    result = run("import", str(posts / "2019-03-15-widget-user-group.md"), "--match", "gadgets")
    assert "wrote 1 event and 1 talk to" in result.stderr


def test_one_talk_is_counted_as_one_talk(run, tmp_path: Path) -> None:
    post = tmp_path / "2019-05-02-widget-night.md"
    post.write_text("---\ntitle: Widget Night\n---\n\n## Widgets at Dusk - Ann Lee\n\nGood.\n")
    result = run("import", str(post))
    assert result.exit_code == 0, result
    assert "(1 talk)" in result.stdout
    assert "wrote 1 event and 1 talk to" in result.stderr
