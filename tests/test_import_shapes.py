"""Post import, one test per shape a writeup uses and per language cue: fixtures of our own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from notes_cli.errors import ImportFailed, MissingDate
from notes_cli.importers.dates import dates_in
from notes_cli.importers.posts import read_post


def talks(tmp_path: Path, text: str, name: str = "2021-03-04-post.md", **options: object):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    drafts = read_post(path, path.read_bytes(), **options)  # type: ignore[arg-type]
    return [(t.title, [s.label() for s in t.speakers]) for d in drafts for t in d.talks]


def only(tmp_path: Path, text: str, name: str = "2021-03-04-post.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [draft] = read_post(path, path.read_bytes())
    return draft


def test_rst_sections_with_the_speakers_on_the_next_paragraph(tmp_path: Path) -> None:
    text = """\
.. title: Widgetconf thoughts
.. date: 2020-08-28 9:00

I watched the stream all day.

Opening Keynote
===============

Ann Lee, Bo Chan,
Cy Dee.

A warm welcome.

Widgets Are Not Errors
======================

Di Eve

Very helpful.

Macros for Widgets
==================

widgetfan42

Mind blown.
"""
    draft = only(tmp_path, text, "widgetconf.rst")
    assert draft.date == dt.date(2020, 8, 28)
    assert [(t.title, [s.name for s in t.speakers]) for t in draft.talks] == [
        ("Opening Keynote", ["Ann Lee", "Bo Chan", "Cy Dee"]),
        ("Widgets Are Not Errors", ["Di Eve"]),
        ("Macros for Widgets", ["widgetfan42"]),  # a handle, where the siblings have names
    ]
    assert draft.talks[0].format == "keynote"
    assert "Mind blown." in draft.talks[2].notes


def test_html_headings_with_the_speaker_in_a_sub_heading(tmp_path: Path) -> None:
    text = """\
---
title: Widget Night 2023
date: 2023-11-04
---
<div class="row"><h4 class="title">Gadget Security on a Budget</h4><h5 class="speaker">Ann Lee</h5></div>
<div><p class="abstract">How to keep gadgets safe.</p></div>
<div class="row"><h4 class="title">How Tokens Work</h4><h5 class="speaker">Bo Chan</h5></div>
<div><p>Tokens, explained.</p></div>
"""
    draft = only(tmp_path, text)
    assert [(t.title, [s.name for s in t.speakers]) for t in draft.talks] == [
        ("Gadget Security on a Budget", ["Ann Lee"]),
        ("How Tokens Work", ["Bo Chan"]),
    ]
    assert draft.talks[0].notes == "How to keep gadgets safe."


def test_heading_with_the_speaker_named_in_the_first_sentence(tmp_path: Path) -> None:
    text = """\
---
title: Widget Conference 2019
date: 2019-10-10
---
## **Micro Widgets in Large Shops**
Ann Lee talked about how her team splits widgets.

## **Delicious Gadgets**
Bo Chan gave a good talk on gadgets and cakes.

## **Closing**
A blast.
"""
    assert talks(tmp_path, text) == [
        ("Micro Widgets in Large Shops", ["Ann Lee"]),
        ("Delicious Gadgets", ["Bo Chan"]),
    ]


def test_heading_with_the_speaker_in_a_later_sentence_in_the_present_tense(
    tmp_path: Path,
) -> None:
    text = """\
---
title: Widget Conference 2019
date: 2019-12-20
---
#### [(WID304) Modelling widgets with gadgets](https://example.org/1)

Most of us know relational widgets better. Here Ann Lee gives a gentle introduction to gadgets.

#### [(WID403) Widget deep dive](https://example.org/2)

Bo Chan gives an overview of widget patterns.

## See you soon

Closing the day was a set by [Every Song's Band](https://example.org/3), live from a garage.
"""
    assert talks(tmp_path, text) == [
        ("Modelling widgets with gadgets", ["Ann Lee"]),
        ("Widget deep dive", ["Bo Chan"]),
    ]


def test_a_heading_that_is_only_a_name_is_a_talk_by_that_person(tmp_path: Path) -> None:
    text = """\
---
title: Widget Evening
date: 2019-10-10
---
Three of us spoke.

## Ann Lee

She showed her widget collection.
"""
    assert talks(tmp_path, text) == [("Talk by Ann Lee", ["Ann Lee"])]


def test_a_table_with_speaker_and_title_columns(tmp_path: Path) -> None:
    text = """\
# Widgetconf notes

## Day 1

| Speaker | Title |
| --- | --- |
| Ann Lee [@annlee](https://example.org/annlee) | 👉 **[Keynote: Functional Widgets](talks/1.md)** |
| Bo Chan<br />Cy Dee | 👉 **[Lightning Talks](talks/2.md)** |
"""
    assert talks(tmp_path, text, "README.md", default_date=dt.date(2019, 6, 21)) == [
        ("Keynote: Functional Widgets", ["Ann Lee"]),
        ("Lightning Talks", ["Bo Chan", "Cy Dee"]),
    ]


def test_speakers_whose_given_names_end_like_words_of_a_title(tmp_path: Path) -> None:
    # -ise, -ance, -ed, -ity, -ence: endings of title words (Compliance), and of given names.
    text = """\
---
title: Widget Day
date: 2019-01-01
---
- [Widgets at Scale](https://example.org/1) - Louise Park
- [Gadget Meshes](https://example.org/2) - Lance Ortiz
- [Gizmo Pipelines](https://example.org/3) - Jared Moss
- [Testing in Production](https://example.org/4) - Charity Nord
- [Widget Ethics](https://example.org/5) - Florence Quist
"""
    assert [who for _, who in talks(tmp_path, text)] == [
        ["Louise Park"],
        ["Lance Ortiz"],
        ["Jared Moss"],
        ["Charity Nord"],
        ["Florence Quist"],
    ]


def test_a_time_and_session_table_without_speakers(tmp_path: Path) -> None:
    text = """\
## Wednesday

| Time | Session |
| --- | --- |
| 8:30 - 10:30 | [Ann Lee's Keynote](./k1.md) |
| 11:00 - 12:00 | [Your First Widget Pipeline](./p.md) |
| 12:00 - 13:00 | Lunch |
"""
    found = talks(tmp_path, text, "README.md", default_date=dt.date(2015, 10, 7))
    assert found == [("Keynote", ["Ann Lee"]), ("Your First Widget Pipeline", [])]


def test_an_html_agenda_table_with_the_speaker_below_the_title(tmp_path: Path) -> None:
    text = """\
---
year: 2023
---
<h3>Saturday, November 4th, 2023</h3>
<table><thead><tr><th>Time</th><th>Event</th></tr></thead><tbody>
<tr><td>11:00 - 11:30</td><td>Registration</td></tr>
<tr><td>11:30 - 12:20</td><td><a href="#a">Widget Basics on a Shoestring</a><br/>WidgetWitch</td></tr>
<tr><td>12:30 - 12:50</td><td><a href="#b">Secure Gadgets by Design</a><br/>Ann (Annie) Lee</td></tr>
<tr><td>13:00 - 14:00</td><td>Catered Lunch Break</td></tr>
</tbody></table>
"""
    draft = only(tmp_path, text, "speakers.md")
    assert draft.date == dt.date(2023, 11, 4)
    assert [(t.title, [s.name for s in t.speakers], t.extra.get("start")) for t in draft.talks] == [
        ("Widget Basics on a Shoestring", ["WidgetWitch"], "11:30"),
        ("Secure Gadgets by Design", ["Ann (Annie) Lee"], "12:30"),
    ]


def test_mdx_components_read_as_their_words(tmp_path: Path) -> None:
    text = """\
---
sidebar_position: 1
---

import Speaker from '@site/src/components/Speaker';

## Day One

<Admonition type="danger" title={<a href="/docs/a">Opening Keynote: The Magic of Widgets</a>}>
  <Speaker
    name='Ann Lee'
    position='Senior Staff Engineer @ Acme'
    imageUrl='https://example.org/a.png'
  />
</Admonition>

<Admonition type="danger" title={<a href="/docs/b">Accessible by Default</a>}>
  <Speaker
    name='Bo Chan'
    position='Staff Engineer at Initech'
  />
  <Speaker
    name='Cy Dee'
    position='Software Engineer I @ Globex'
  />
</Admonition>
"""
    path = tmp_path / "overview.mdx"
    path.write_text(text, encoding="utf-8")
    [draft] = read_post(path, path.read_bytes(), default_date=dt.date(2023, 4, 30))
    assert [(t.title, [s.label() for s in t.speakers]) for t in draft.talks] == [
        ("Opening Keynote: The Magic of Widgets", ["Ann Lee (Senior Staff Engineer, Acme)"]),
        (
            "Accessible by Default",
            ["Bo Chan (Staff Engineer, Initech)", "Cy Dee (Software Engineer I, Globex)"],
        ),
    ]


def test_liquid_and_hugo_tags_read_as_their_words(tmp_path: Path) -> None:
    text = """\
---
title: Widgetcon 2023
date: 2023-05-05
---
{{< figure src="stage.jpg" caption="The main stage" >}}

### 1. Real-Time Widgets, Ann Lee

{% include note.html text="Recorded" %}
"""
    draft = only(tmp_path, text)
    assert [(t.title, [s.name for s in t.speakers]) for t in draft.talks] == [
        ("Real-Time Widgets", ["Ann Lee"])
    ]
    assert "The main stage" in draft.text or "The main stage" in draft.talks[0].notes


def test_a_plain_line_standing_alone_then_the_speakers_in_the_text(tmp_path: Path) -> None:
    text = """\
Last month I attended Widget World 2016 in Springfield with my team.

The keynote speakers were Acme CEO Ann Lee and CTO Bo Chan over two mornings.


How Initech Ships Widgets at Global Scale

Initech is the poster child of widgets.

Cy Dee (Initech Engineering Director) was joined by Di Eve from Acme to discuss how they moved.


Automation and Scaling Gadgets

This talk touched on problems we meet every day.


For me widgets are here to stay.
"""
    path = tmp_path / "recap.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MissingDate) as missing:
        read_post(path, path.read_bytes())
    [draft] = missing.value.drafts  # type: ignore[attr-defined]
    assert draft.title == "Widget World 2016"
    assert [(t.title, [s.label() for s in t.speakers]) for t in draft.talks] == [
        ("Keynote by Ann Lee", ["Ann Lee (CEO, Acme)"]),
        ("Keynote by Bo Chan", ["Bo Chan (CTO, Acme)"]),
        (
            "How Initech Ships Widgets at Global Scale",
            ["Cy Dee (Engineering Director, Initech)", "Di Eve (Acme)"],
        ),
        ("Automation and Scaling Gadgets", []),
    ]
    assert "here to stay" in draft.text


def test_a_link_in_a_sentence_whose_text_is_title_and_speakers(tmp_path: Path) -> None:
    text = """\
---
title: Widgetcon Europe 2023
date: 2023-05-06
---
🌳 A fun session with a robot. [Love, Widgets and Robots - with Gadgets - Ann Lee, Acme Labs & Bo Chan](https://example.org/v1)

🌳 Very interesting. [Paved Widget Paths - Cy Dee & Di Eve, Lunarco](https://example.org/v2)
"""
    assert talks(tmp_path, text) == [
        ("Love, Widgets and Robots - with Gadgets", ["Ann Lee (Acme Labs)", "Bo Chan"]),
        ("Paved Widget Paths", ["Cy Dee", "Di Eve (Lunarco)"]),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Ann Lee (CTO, Acme) talked about why widgets fail at night.",
            ("Why widgets fail at night", ["Ann Lee (CTO, Acme)"]),
        ),
        (
            'The next talk was by Ann Lee on "Widgets at Scale".',
            ("Widgets at Scale", ["Ann Lee"]),
        ),
        (
            "[Reinventing the Widget Parser](https://example.org/p) by Ann Lee was a classic.",
            ("Reinventing the Widget Parser", ["Ann Lee"]),
        ),
        (
            "I went to [Ann Lee's](https://example.org/a) talk on [Team Widgets](https://example.org/t) after lunch.",
            ("Team Widgets", ["Ann Lee"]),
        ),
        (
            'The highlights were Ann Lee ("Symbiotic widgets") and Bo Chan ("The history of gadgets").',
            ("Symbiotic widgets", ["Ann Lee"]),
        ),
    ],
)
def test_prose_in_english(tmp_path: Path, sentence: str, expected: tuple[str, list[str]]) -> None:
    text = f"---\ntitle: Widget Day\ndate: 2019-01-01\n---\nWhat a day.\n\n{sentence}\n"
    assert talks(tmp_path, text)[0] == expected


def test_prose_a_linked_talk_then_a_talk_told_in_the_next_sentence(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Widgetdager 2015\ndate: 2015-11-09\n---\n"
        "Noen foredrag var av mykere art. [Keynoten av Ann Lee](https://example.org/1) handlet"
        " om kata. I [Makt og widgets](https://example.org/2) pratet Bo Chan om hvordan makt"
        " fungerer på en arbeidsplass.\n"
    )
    assert talks(tmp_path, text) == [("Keynoten", ["Ann Lee"]), ("Makt og widgets", ["Bo Chan"])]


def test_prose_one_speaker_two_talks_each_under_a_linked_title(tmp_path: Path) -> None:
    text = """\
---
title: Our half year of talks
date: 2017-08-10
---
* Ann Lee spoke at the Widget User Group about [Widgets at Scale](https://example.org/1).
* Bo Chan led a workshop on [Gadgets with Cake](https://example.org/2) at Gadgetconf.
* Ann Lee spoke at Gizmo Days about [Gizmo Payments](https://example.org/3).
* Ann Lee also spoke about her cat at the same meetup.
"""
    assert talks(tmp_path, text) == [
        ("Widgets at Scale", ["Ann Lee"]),
        ("Gadgets with Cake", ["Bo Chan"]),
        ("Gizmo Payments", ["Ann Lee"]),
    ]


def test_prose_her_talk_on_a_linked_title_after_a_sentence_naming_her(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Widgetcon 2018\ndate: 2018-05-13\n---\nThe second day.\n\n"
        "Ann Lee always opens some eyes when she talks about widgets. Her talk on"
        " [Seven Strategies for Faster Gadgets](https://example.org/1) was delayed a bit.\n\n"
        "Bo Chan and Cy Dee were there. Their talk on [Gizmos](https://example.org/2) was fun.\n"
    )
    assert talks(tmp_path, text) == [("Seven Strategies for Faster Gadgets", ["Ann Lee"])]


def test_surnames_with_a_capital_inside_are_names(tmp_path: Path) -> None:
    text = """\
---
title: Widget Day
date: 2019-01-01
---
- [Widgets at Scale](https://example.org/1) - Ann VanderMeer
- [Gadget Meshes](https://example.org/2) - Bo DuBois
- [Gizmo Pipelines](https://example.org/3) - Cy FitzGerald
"""
    assert [who for _, who in talks(tmp_path, text)] == [
        ["Ann VanderMeer"],
        ["Bo DuBois"],
        ["Cy FitzGerald"],
    ]


def test_a_name_whose_accents_are_combining_marks_is_read_whole(tmp_path: Path) -> None:
    # As a Mac may write it: o followed by a combining diaeresis; the note gets composed text.
    text = "---\ntitle: Widget Day\ndate: 2019-01-01\n---\n## Widgets at Scale - Inga Ho\u0308ltmann\n\nGood.\n"
    assert talks(tmp_path, text) == [("Widgets at Scale", ["Inga H\u00f6ltmann"])]


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        (
            "french",
            "Ann Lee, pionnière du widget, a parlé de [la médecine des widgets](https://example.org/m).",
            "la médecine des widgets",
        ),
        (
            "german",
            "Ann Lee sprach über [Widgets im Betrieb](https://example.org/b).",
            "Widgets im Betrieb",
        ),
        (
            "portuguese",
            "Ann Lee falou sobre [widgets funcionais](https://example.org/f).",
            "widgets funcionais",
        ),
        (
            "spanish",
            "Ann Lee habló sobre [widgets en producción](https://example.org/p).",
            "widgets en producción",
        ),
        (
            "norwegian",
            "Etterpå snakket Ann Lee om [widgets i skyen](https://example.org/s).",
            "widgets i skyen",
        ),
        (
            "swedish",
            "Sedan pratade Ann Lee om [widgets i molnet](https://example.org/m).",
            "widgets i molnet",
        ),
    ],
)
def test_prose_cue_per_language(
    tmp_path: Path, language: str, sentence: str, expected: str
) -> None:
    text = f"---\ntitle: Widget Day\ndate: 2019-01-01\n---\nIntro.\n\n{sentence}\n"
    assert [
        (title, [n.split(" (")[0] for n in names]) for title, names in talks(tmp_path, text)
    ] == [(expected, ["Ann Lee"])], language


@pytest.mark.parametrize(
    ("language", "header", "row"),
    [
        ("english", "| Speaker | Talk |", "| Ann Lee | Widgets at Scale |"),
        (
            "portuguese",
            "| Palestrante | Tema | Duração |",
            "| Ann Lee | Widgets at Scale | 30min |",
        ),
        ("german", "| Referent | Vortrag |", "| Ann Lee | Widgets at Scale |"),
        ("french", "| Orateur | Conférence |", "| Ann Lee | Widgets at Scale |"),
        ("spanish", "| Ponente | Charla |", "| Ann Lee | Widgets at Scale |"),
    ],
)
def test_table_header_per_language(tmp_path: Path, language: str, header: str, row: str) -> None:
    width = header.count("|") - 1
    text = f"---\ntitle: Widget Day\ndate: 2019-01-01\n---\n{header}\n|{'---|' * width}\n{row}\n"
    assert talks(tmp_path, text) == [("Widgets at Scale", ["Ann Lee"])], language


@pytest.mark.parametrize(
    ("language", "item"),
    [
        ("swedish", "**Widgets at Scale** av *Ann Lee* handlade om skalning."),
        ("german", "**Widgets at Scale** von *Ann Lee* war sehr gut."),
        ("french", "**Widgets at Scale** par *Ann Lee* était très bien."),
        ("spanish", "**Widgets at Scale** por *Ann Lee* fue muy bueno."),
        ("english", "**Widgets at Scale** by *Ann Lee* was very good."),
    ],
)
def test_bold_title_then_by_speaker_per_language(tmp_path: Path, language: str, item: str) -> None:
    text = f"---\ntitle: Widget Day\ndate: 2019-01-01\n---\nThe talks:\n\n * {item}\n * **Gadgets** by *Bo Chan* was fun.\n"
    assert talks(tmp_path, text)[0] == ("Widgets at Scale", ["Ann Lee"]), language


def test_bold_title_by_speaker_then_a_link_in_the_sentence(tmp_path: Path) -> None:
    # The link belongs to what the talk showed, not to its title or its people.
    text = (
        "---\ntitle: Widget Day\ndate: 2019-01-01\n---\nThe talks:\n\n"
        " * **Widgets at Scale** av *Ann Lee* visade hur [gizmos](https://example.org) fungerar.\n"
        " * **Gadgets** av *Bo Chan* var roligt.\n"
    )
    assert talks(tmp_path, text) == [("Widgets at Scale", ["Ann Lee"]), ("Gadgets", ["Bo Chan"])]


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("english", "Day 1"),
        ("swedish", "Dag 1"),
        ("french", "1ère Journée"),
        ("german", "Zusammenfassung"),
        ("portuguese", "Conclusão"),
        ("norwegian", "Oppsummering"),
    ],
)
def test_headings_that_are_no_talk_per_language(
    tmp_path: Path, language: str, heading: str
) -> None:
    text = f"---\ntitle: Widget Day\ndate: 2019-01-01\n---\n## {heading}\n\nWe talked about this talk a lot.\n\n## Widgets at Scale - Ann Lee\n\nGood.\n"
    assert talks(tmp_path, text) == [("Widgets at Scale", ["Ann Lee"])], language


def test_one_event_per_dated_section(tmp_path: Path) -> None:
    text = """\
# Widget meetups

### Spring Widget Meetup

- Date: 4 April, 2019 at 17:00 - 20:00

#### Agenda

- 17:15 - 17:45: Widgets 101
  - Ann Lee, [Acme](https://acme.example)

### Summer Widget Meetup

- Date: 13 June, 2019 at 17:00 - 20:00

#### Agenda

- 17:15 - 17:45: Gadgets 201
  - Bo Chan, [Initech](https://initech.example)
"""
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    drafts = read_post(path, path.read_bytes())
    assert [(d.title, d.date, [t.title for t in d.talks]) for d in drafts] == [
        ("Spring Widget Meetup", dt.date(2019, 4, 4), ["Widgets 101"]),
        ("Summer Widget Meetup", dt.date(2019, 6, 13), ["Gadgets 201"]),
    ]
    assert drafts[1].talks[0].speakers[0].company == "Initech"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Thursday, 30 January 2020", dt.date(2020, 1, 30), None),
        ("May 14-16, 2019", dt.date(2019, 5, 14), dt.date(2019, 5, 16)),
        ("14.05.2019", dt.date(2019, 5, 14), None),
        ("2019-05-14", dt.date(2019, 5, 14), None),
        ("18th-21st of April 2023", dt.date(2023, 4, 18), dt.date(2023, 4, 21)),
        ("entre le 20 et le 22 avril 2016", dt.date(2016, 4, 20), dt.date(2016, 4, 22)),
        ("18-19 september 2014", dt.date(2014, 9, 18), dt.date(2014, 9, 19)),
        ("vom 3. bis 5. Mai 2019", dt.date(2019, 5, 3), dt.date(2019, 5, 5)),
        ("30 de janeiro de 2020", dt.date(2020, 1, 30), None),
        ("den 4 oktober 2018", dt.date(2018, 10, 4), None),
        ("May 6 through 7", dt.date(2017, 5, 6), dt.date(2017, 5, 7)),
    ],
)
def test_dates_in_the_text(text: str, start: dt.date, end: dt.date | None) -> None:
    [found] = dates_in(text, 2017)
    assert (found.start, found.end) == (start, end)


def test_the_event_date_from_the_title_before_the_post_date(tmp_path: Path) -> None:
    text = "---\ntitle: Widgetconf, 18-19 september 2014\ndate: 2014-10-02\n---\nGreat.\n"
    draft = only(tmp_path, text, "post.md")
    assert (draft.date, draft.end_date) == (dt.date(2014, 9, 18), dt.date(2014, 9, 19))


def test_yesterday_counts_from_the_post_date(tmp_path: Path) -> None:
    text = "---\ntitle: Widget User Group\ndate: '2016-09-09 12:12:57 +0000'\n---\nI attended the meetup yesterday.\n"
    assert only(tmp_path, text, "post.md").date == dt.date(2016, 9, 8)


def test_a_published_line_is_the_post_date_not_the_event_date(tmp_path: Path) -> None:
    text = "> Published June 2, 2017 on our blog\n\n# Widgetconf 2017\n\nIt happened in Berlin. May 6 through 7.\n"
    draft = only(tmp_path, text, "blog.md")
    assert (draft.date, draft.end_date) == (dt.date(2017, 5, 6), dt.date(2017, 5, 7))


def test_a_date_in_another_year_than_the_title_names_is_not_the_events(tmp_path: Path) -> None:
    # A programme page copied from last year's, its first day's heading left as it was.
    text = (
        "---\ntitle: Widgetcamp 2023 speakers\n---\n"
        "### Saturday, November 2nd, 2019\n\nDoors open.\n\n"
        "### Sunday, November 5th, 2023\n\nMore widgets.\n"
    )
    assert only(tmp_path, text, "speakers.md").date == dt.date(2023, 11, 5)


def test_speakers_are_never_listed_twice_and_companies_are_no_speakers(tmp_path: Path) -> None:
    text = """\
---
title: Widget Summit 2020
date: 2020-02-02
---
- [Widget Ingress](https://example.org/1) - Ann Lee, Acme & Ann Lee, Acme
- [Spot Widgets](https://example.org/2) - Amazon EventBridge
- [Gadget Meshes](https://example.org/3) - Widget Summit
"""
    assert talks(tmp_path, text) == [("Widget Ingress", ["Ann Lee (Acme)"])]


def test_a_talk_in_the_agenda_and_in_its_own_section_is_one_talk(tmp_path: Path) -> None:
    text = """\
---
title: Widget Night
date: 2023-11-04
---
| Time | Event |
| --- | --- |
| 11:30 | [Widget Basics](#a)<br>Ann Lee |
| 12:30 | [Token Widgets](#b)<br>Bo Chan |

#### Widget Basics

##### Ann Lee

The abstract of the basics.
"""
    draft = only(tmp_path, text)
    assert [t.title for t in draft.talks] == ["Widget Basics", "Token Widgets"]
    assert "abstract of the basics" in draft.talks[0].notes


def test_people_in_an_organizers_list_are_no_talks(tmp_path: Path) -> None:
    text = """\
---
title: Widget Meetups
date: 2020-01-30
---
## Organizers

- Ann Lee [@annlee](https://github.com/annlee), [Acme](https://acme.example)
- Bo Chan [@bochan](https://github.com/bochan), [Initech](https://initech.example)
"""
    assert talks(tmp_path, text) == []


def test_a_huge_file_is_named_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"# Widgets\n" + b"x" * 6_000_000)
    with pytest.raises(ImportFailed, match="too big"):
        read_post(path, path.read_bytes())


def test_deep_nesting_is_read_without_failing(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Deep\ndate: 2020-01-01\n---\n" + "> " * 500 + "deep\n" + "<div>" * 3000 + "x"
    )
    assert talks(tmp_path, text) == []


# --- the command ---------------------------------------------------------------------------

SECTIONED = """\
---
title: Widget User Group
date: 2019-03-15
---
We met at the mill.

## Scaling Widgets - Ann Lee (Principal Engineer, Acme)

Racks of widgets.

## Conclusion

Great evening.
"""


def test_dry_run_lists_each_talk_with_speakers_roles_and_companies(
    run, root: Path, tmp_path: Path
) -> None:
    post = tmp_path / "post.md"
    post.write_text(SECTIONED)
    result = run("import", str(post), "--dry-run")
    assert result.exit_code == 0, result
    assert "Scaling Widgets — Ann Lee (Principal Engineer, Acme)" in result.stdout
    assert list(root.rglob("*.md")) == []


def test_explain_says_why_each_block_was_or_was_not_a_talk(run, root: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(SECTIONED)
    result = run("import", str(post), "--explain")
    assert result.exit_code == 0, result
    assert "talk  line 7" in result.stdout and "reads as title and people" in result.stdout
    assert "no    line 11" in result.stdout and "a heading of the post's own" in result.stdout
    assert list(root.rglob("*.md")) == []


def test_a_dry_run_of_an_undated_post_still_shows_its_talks(
    run, root: Path, tmp_path: Path
) -> None:
    post = tmp_path / "post.md"
    post.write_text(SECTIONED.replace("date: 2019-03-15\n", ""))
    result = run("import", str(post), "--dry-run")
    assert result.exit_code == 0, result
    assert "no date" in result.stderr and "--date" in result.stderr
    assert "undated" in result.stdout and "Scaling Widgets — Ann Lee" in result.stdout
    document = json.loads(run("import", str(post), "--dry-run", "--json").stdout)
    assert document["events"][0]["date"] is None
    assert [t["title"] for t in document["events"][0]["talks"]] == ["Scaling Widgets"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Paved paths to widget compliance - Ann Lee, Acme Reply", ["Ann Lee (Acme Reply)"]),
        (
            "Paved paths to widget compliance - Ann Lee, Acme; Bo Chan, Initech Cloud; Cy Dee, Globex",
            ["Ann Lee (Acme)", "Bo Chan (Initech Cloud)", "Cy Dee (Globex)"],
        ),
        (
            "Paved paths to widget compliance - Ann Lee, Bo Chan and Cy Dee",
            ["Ann Lee", "Bo Chan", "Cy Dee"],
        ),
        (
            "Paved paths to widget compliance - Ann Lee, Product and Design Engineer at Acme",
            ["Ann Lee (Product and Design Engineer, Acme)"],
        ),
        ("Paved paths to widget compliance - Rory McWidget, Acme", ["Rory McWidget (Acme)"]),
    ],
)
def test_a_comma_brings_a_company_or_another_name(
    tmp_path: Path, line: str, expected: list[str]
) -> None:
    text = f"---\ntitle: Widget Day\ndate: 2019-01-01\n---\n## {line}\n\nNotes.\n"
    assert talks(tmp_path, text) == [("Paved paths to widget compliance", expected)]


def test_list_items_with_the_people_in_parentheses_after_the_title(tmp_path: Path) -> None:
    text = """\
# Rivertown Python

## Meetup #3

* Data: 05/05/2021

**Programação:**

* [Filas com Celery](https://example.org/a) (Marta Quintas)
* [Tipos em Python](https://example.org/b) (Rui, Ana e Tomé)
* Testes que contam ([Lia Prado](https://example.org/lia))
* [Primeiros passos](https://example.org/c) (Rui)
"""
    found = talks(tmp_path, text, "rivertown.md")
    assert ("Filas com Celery", ["Marta Quintas"]) in found
    assert ("Tipos em Python", ["Rui", "Ana", "Tomé"]) in found
    assert ("Testes que contam", ["Lia Prado"]) in found
    # a lone first name is taken because its siblings are read the same way
    assert ("Primeiros passos", ["Rui"]) in found
    assert not any(title.startswith(("Data", "Programação")) for title, _ in found)


def test_an_item_that_is_a_name_speaks_for_the_titles_nested_in_it(tmp_path: Path) -> None:
    text = """\
+++
title = "Past talks"
+++

- March 2024
    - <a href="https://example.org/in/ann">Ann Lee</a>
        - Lightning talk: A reading of Quiet Gears by Sam Holt
    - <a href="https://example.org/in/bo">Bo Chan</a>
        - Widgets & Gadgets: a field guide
- January 2024
    - <a href="https://example.org/in/cy">Cy Dee van der Berg</a>
        - Caching the uncacheable
"""
    found = talks(tmp_path, text, "2024-04-01-talks.md")
    assert ("A reading of Quiet Gears by Sam Holt", ["Ann Lee"]) in found
    assert ("Widgets & Gadgets: a field guide", ["Bo Chan"]) in found
    assert ("Caching the uncacheable", ["Cy Dee van der Berg"]) in found
    assert len(found) == 3


def test_a_heading_over_a_list_of_facts_whose_one_item_is_the_speaker(tmp_path: Path) -> None:
    text = """\
# Widget Days 2023

| | |
|---|---|
| Location | Brno, Hall 4 |
| Fee | Yes |

## Sessions I watched

| Session | Length |
|---|---|
| [Scaling widget queues](#scaling-widget-queues) | 41:02 |
| [Plugin loaders in depth](#plugin-loaders-in-depth) | 38:10 |

## Scaling widget queues
> "Queues are contracts."
- Length 41:02, watched on 2023-05-02
- Ann Lee
- Language: Czech

### Keynotes
- Queue Depth, Retry Budgets, Dead Letters: the three dials
- Spring Loader (64%), Other (36%)

## Plugin loaders in depth
- Length 38:10
- Bo Chan
"""
    found = talks(tmp_path, text, "2023-05-20-widget-days.md")
    assert found == [
        ("Scaling widget queues", ["Ann Lee"]),
        ("Plugin loaders in depth", ["Bo Chan"]),
    ]


def test_a_heading_that_is_a_name_over_prose_is_a_talk_by_that_person(tmp_path: Path) -> None:
    text = """\
---
title: "Gizmoconf 2019"
---

A long day of talks.

## Ann Lee

We started with [Ann Lee][1], her fast slides and a story about [Gizmo][2].

## Bo Chan

Second talk was by [Bo Chan][3], about caches.

## Lunch break and lightning talks

The cheese was good.

## Conclusion

See you next year.

[1]: https://example.org/ann
[2]: https://gizmo.example.org
[3]: https://example.org/bo
"""
    found = talks(tmp_path, text, "2019-12-02-gizmoconf.md")
    assert found == [("Talk by Ann Lee", ["Ann Lee"]), ("Talk by Bo Chan", ["Bo Chan"])]


def test_prose_quoted_linked_titles_in_sentences_about_talks(tmp_path: Path) -> None:
    text = """\
Title: Gadgetconf - Day 2
Date: 2022-03-09 18:00

In the morning I enjoyed the "[Gears without grease](https://example.org/t/1)" talk. Later I
attended "[Tuning widget caches](https://example.org/t/2)". Then I read
"[an essay on springs](https://example.org/essay)" on the train home.
"""
    found = talks(tmp_path, text, "gadgetconf-day-2.md")
    assert ("Gears without grease", []) in found
    assert ("Tuning widget caches", []) in found
    assert not any("essay" in title for title, _ in found)  # no talk word: a link, no talk


def test_prose_lightning_talks_shown_demoed_and_presented(tmp_path: Path) -> None:
    text = """\
---
title: Widget night
date: 2022-06-01
---

Then came the lightning talks.

Ann Lee showed us gizmo-lint which checks widget files for typos.

[Bo Chan](https://example.org/bo), our host, shared with us [a faster way to pack gears](https://example.org/pack).

After that, [Cy Dee](https://example.org/cy) did a live demo of [Sprocket.js](https://example.org/s).
"""
    found = {t: [n.split(" (")[0] for n in ns] for t, ns in talks(tmp_path, text, "night.md")}
    assert found.get("gizmo-lint") == ["Ann Lee"]
    assert found.get("a faster way to pack gears") == ["Bo Chan"]
    assert found.get("Sprocket.js") == ["Cy Dee"]


def test_prose_a_quoted_title_after_talk_in_a_paragraph_opening_on_the_speaker(
    tmp_path: Path,
) -> None:
    text = """\
---
title: Gear Club recap
date: 2014-05-02
---

[Dana Fox](https://example.org/dana) - engineer at [Cogworks](https://cogworks.example.org) - went
through spring tension in her talk "How gears remember. A short history" (English video).
"""
    assert talks(tmp_path, text, "gear-club.md") == [
        ("How gears remember. A short history", ["Dana Fox"])
    ]


def test_french_headings_whose_section_opens_on_the_talk(tmp_path: Path) -> None:
    text = """\
---
title: "GadgetJS #12"
---

## Rouages: des engrenages en JavaScript

Présentation de la bibliothèque Rouages et de son API.

## Ressorts

Deuxième présentation sur les ressorts et leur tension.

## Le buffet

Il y avait des crêpes.
"""
    found = [title for title, _ in talks(tmp_path, text, "2013-05-07-gadgetjs-12.md")]
    assert found == ["Rouages: des engrenages en JavaScript", "Ressorts"]


def test_headings_ending_in_a_slides_link_and_a_glossary_under_a_talk(tmp_path: Path) -> None:
    text = """\
---
title: Gear Guild meetup May 2nd 2019
date: 2019-05-09
---

# Widgets for the rest of us – [Ann Lee](https://example.org/ann) – [Slides](https://example.org/s1)

The first talk was by Ann Lee, an engineer at Cogworks.

* Sprocket Hub: the queue it runs on, which keeps every widget job apart from the others and retries the failed ones
* Gear Loom: a scheduler that hands each job to the least busy of the workers

# Springs in practice - [Bo Chan](https://example.org/bo) - [Slides](https://example.org/s2)

Bo showed us his springs.

# Aftermath

Pizza and a raffle.
"""
    assert talks(tmp_path, text, "gear-guild.md") == [
        ("Widgets for the rest of us", ["Ann Lee"]),
        ("Springs in practice", ["Bo Chan"]),
    ]


def test_a_title_of_capitalised_words_keeps_the_speaker_line_under_it(tmp_path: Path) -> None:
    text = """\
# Gently Folding Widgets

*Speaker: Ann Lee, Cogworks*

* fold along the seams

# Quietly Tuning Gears

*Speaker: Bo Chan, Initech*

* listen first
"""
    assert talks(tmp_path, text, "2019-11-18-gear-night.md") == [
        ("Gently Folding Widgets", ["Ann Lee (Cogworks)"]),
        ("Quietly Tuning Gears", ["Bo Chan (Initech)"]),
    ]
