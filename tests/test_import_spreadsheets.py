"""Programmes kept in spreadsheets: CSV and TSV files with a header row import as a schedule,
whatever language the headers are in. One invented programme per shape; a bad file is one line
naming the line (and column) that is wrong."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from notes_cli.errors import ImportFailed
from notes_cli.importers import read_file
from notes_cli.importers.schedules import detect
from notes_cli.model import Draft


def imported(tmp_path: Path, name: str, text: str | bytes, **options: Any) -> Draft:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    [draft] = read_file(path, **options)
    return draft


def summary(draft: Draft) -> list[tuple[Any, ...]]:
    return [
        (
            talk.title,
            [speaker.label() for speaker in talk.speakers],
            talk.extra.get("start"),
            talk.extra.get("duration"),
            talk.extra.get("room"),
        )
        for talk in draft.talks
    ]


ENGLISH = """\
Title,Speaker(s),Company,Date,Time,Track,Room,Abstract,Code
Opening Keynote,Ann Lee (CTO),Acme,05/14/2024,9:00 AM - 9:45 AM,Main,"Hall A, Stage 1","Welcome, and what is new.",K1
"Widgets, at scale",Bo Chan; Cy Dee,Northwind; Contoso,05/14/2024,2:00 PM,Cloud,Hall B,,C2
Lunch,,,05/14/2024,12:00,,,,
"""


def test_an_english_csv_export(tmp_path: Path) -> None:
    draft = imported(tmp_path, "widget-summit-2024.csv", ENGLISH)
    assert (draft.title, draft.date, draft.kind) == (
        "Widget Summit 2024",
        dt.date(2024, 5, 14),
        "conference",
    )
    assert summary(draft) == [
        ("Opening Keynote", ["Ann Lee (CTO, Acme)"], "2024-05-14T09:00", 45, "Hall A, Stage 1"),
        (
            "Widgets, at scale",
            ["Bo Chan (Northwind)", "Cy Dee (Contoso)"],
            "2024-05-14T14:00",
            None,
            "Hall B",
        ),
    ]
    first = draft.talks[0]
    assert (first.track, first.format, first.extra["code"]) == ("Main", "keynote", "K1")
    assert first.extra["abstract"] == "Welcome, and what is new."
    assert draft.extra["programme"] == {
        "format": "csv",
        "name": "widget-summit-2024",
        "file": "widget-summit-2024.csv",
    }


def test_a_german_semicolon_export_with_day_first_dates(tmp_path: Path) -> None:
    draft = imported(
        tmp_path,
        "fachtag.csv",
        "Titel;Referent;Firma;Datum;Uhrzeit;Raum;Beschreibung\n"
        "Sichere Widgets;Dana Fuchs;Beispiel GmbH;14.05.2024;09:30-10:15;Saal 1;Wie man Widgets sichert.\n"
        "Mittagspause;;;14.05.2024;12:00;;\n"
        "Gadgets in der Praxis;Emil Kurz und Frida Lang;Muster AG;15.05.2024;14.00;Saal 2;\n",
    )
    assert (draft.date, draft.end_date) == (dt.date(2024, 5, 14), dt.date(2024, 5, 15))
    assert summary(draft) == [
        ("Sichere Widgets", ["Dana Fuchs (Beispiel GmbH)"], "2024-05-14T09:30", 45, "Saal 1"),
        (
            "Gadgets in der Praxis",
            ["Emil Kurz (Muster AG)", "Frida Lang (Muster AG)"],
            "2024-05-15T14:00",
            None,
            "Saal 2",
        ),
    ]


def test_a_french_tsv(tmp_path: Path) -> None:
    draft = imported(
        tmp_path,
        "journee.tsv",
        "Titre\tOrateurs\tSociété\tDate\tHeure\tFin\tSalle\tRésumé\n"
        "Les widgets demain\tGaspard Roux et Inès Petit\tExemple SA\t14/05/2024\t9h30\t10h20\tSalle Bleue\tUn regard sur les widgets.\n",
    )
    assert summary(draft) == [
        (
            "Les widgets demain",
            ["Gaspard Roux (Exemple SA)", "Inès Petit (Exemple SA)"],
            "2024-05-14T09:30",
            50,
            "Salle Bleue",
        )
    ]
    assert draft.talks[0].extra["abstract"] == "Un regard sur les widgets."


def test_a_portuguese_csv(tmp_path: Path) -> None:
    draft = imported(
        tmp_path,
        "encontro.csv",
        "Palestra,Palestrante,Empresa,Data,Horário,Duração,Sala,Resumo\n"
        "Widgets na nuvem,Helena Souza,Exemplo Ltda,14/05/2024,09:00,40 min,Auditório 1,Sobre widgets.\n",
    )
    assert summary(draft) == [
        ("Widgets na nuvem", ["Helena Souza (Exemplo Ltda)"], "2024-05-14T09:00", 40, "Auditório 1")
    ]


def test_a_spanish_csv_with_a_date_in_words(tmp_path: Path) -> None:
    draft = imported(
        tmp_path,
        "jornada.csv",
        "Charla;Ponente;Empresa;Fecha;Hora;Sala;Duración\n"
        "Widgets para todos;Inés Vidal y Luis Mora;Ejemplo SL;14 de mayo de 2024;10:00;Sala 3;45 min\n",
    )
    assert summary(draft) == [
        (
            "Widgets para todos",
            ["Inés Vidal (Ejemplo SL)", "Luis Mora (Ejemplo SL)"],
            "2024-05-14T10:00",
            45,
            "Sala 3",
        )
    ]


def test_swedish_and_norwegian_csvs(tmp_path: Path) -> None:
    swedish = imported(
        tmp_path,
        "dagen.csv",
        "Föredrag,Talare,Företag,Datum,Tid,Lokal\nWidgets i norr,Johan Berg och Sara Ek,Exempel AB,2024-05-14,13:00,Sal A\n",
    )
    assert summary(swedish) == [
        (
            "Widgets i norr",
            ["Johan Berg (Exempel AB)", "Sara Ek (Exempel AB)"],
            "2024-05-14T13:00",
            None,
            "Sal A",
        )
    ]
    norwegian = imported(
        tmp_path,
        "fagdag.csv",
        "Tittel;Foredragsholder;Selskap;Dato;Tid;Rom\nWidgets i fjellet;Kari Nord;Eksempel AS;14.05.2024;13:00;Sal B\n",
    )
    assert summary(norwegian) == [
        ("Widgets i fjellet", ["Kari Nord (Eksempel AS)"], "2024-05-14T13:00", None, "Sal B")
    ]


def test_a_catalogue_export_without_dates_takes_the_date_given(tmp_path: Path) -> None:
    catalogue = "Code,Title,Speakers,Abstract,Duration\nWID101,Intro to Widgets,Ann Lee,The basics.,60\nWID201,Widgets in depth,Bo Chan,More.,1h\n"
    with pytest.raises(
        ImportFailed,
        match="gives no date for any talk: add a Date column, or import it with --date",
    ):
        imported(tmp_path, "catalogue.csv", catalogue)
    draft = imported(tmp_path, "catalogue.csv", catalogue, default_date=dt.date(2024, 6, 1))
    assert draft.date == dt.date(2024, 6, 1)
    assert [(t.extra["code"], t.extra["duration"], "start" in t.extra) for t in draft.talks] == [
        ("WID101", 60, False),
        ("WID201", 60, False),
    ]


def test_one_datetime_column_with_an_offset_and_a_time_zone_column(tmp_path: Path) -> None:
    draft = imported(
        tmp_path,
        "online.csv",
        "Session,Start,End,Time zone,Venue,Room\n"
        "Remote widgets,2024-05-14T16:00:00+02:00,2024-05-14T16:30:00+02:00,Europe/Berlin,North campus,Room 1\n",
    )
    talk = draft.talks[0]
    assert (talk.extra["start"], talk.extra["duration"]) == ("2024-05-14T16:00+02:00", 30)
    assert list(talk.extra)[:2] == ["room", "venue"]
    assert talk.extra["venue"] == "North campus"
    assert draft.extra["timezone"] == "Europe/Berlin"


def test_excel_encodings(tmp_path: Path) -> None:
    text = "Titel;Referent\nÜber Widgets;Jürgen Öz\n"
    for name, data in [
        ("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("windows.csv", text.encode("cp1252")),
        ("unicode.txt", text.replace(";", "\t").encode("utf-16")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert detect(path, data) == "csv", name
        with pytest.raises(ImportFailed, match="gives no date"):
            read_file(path)
        [draft] = read_file(path, default_date=dt.date(2024, 5, 14))
        assert summary(draft) == [("Über Widgets", ["Jürgen Öz"], None, None, None)], name


def test_a_header_row_is_needed_to_take_a_file_for_a_programme(tmp_path: Path) -> None:
    post = tmp_path / "notes.txt"
    post.write_text("Title, and other words, in a plain note\nNothing here is a table.\n")
    assert detect(post, post.read_bytes()) is None
    markdown = tmp_path / "post.md"
    markdown.write_text("Title,Speaker\nA,B\n")
    assert detect(markdown, markdown.read_bytes()) is None


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "no-title.csv",
            "Name,When\nx,y\n",
            "line 1: no column reads as the talks' titles (the columns are 'Name', 'When')",
        ),
        (
            "bad-date.csv",
            "Title,Date,Time\nGood,2024-05-14,09:00\nBad,next tuesday,10:00\n",
            "line 3: 'next tuesday' in column 'Date' is not a date",
        ),
        (
            "bad-time.csv",
            "Title,Date,Time\nGood,2024-05-14,09:00\n\nBad,2024-05-14,25:99\n",
            "line 4: '25:99' in column 'Time' is not a time",
        ),
        (
            "bad-length.csv",
            "Title,Date,Duration\nGood,2024-05-14,forever\n",
            "line 2: 'forever' in column 'Duration' is not a length",
        ),
        (
            "open-quote.csv",
            'Title,Speaker\nFine,Ann\n"Open quote,Ann\n',
            "line 3: cannot be read as CSV",
        ),
        ("empty.csv", "\n\n", "is empty"),
    ],
)
def test_a_bad_file_is_named_with_its_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(ImportFailed) as failed:
        imported(tmp_path, name, text, default_date=dt.date(2024, 5, 14))
    assert str(failed.value).startswith(f"{tmp_path / name}: ")
    assert message in str(failed.value)


def test_the_cli_imports_a_folder_of_spreadsheets_and_updates_one(
    run: Callable[..., Any], root: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "summit.csv").write_text(ENGLISH, encoding="utf-8")
    (folder / "fachtag.tsv").write_text(
        "Titel\tReferent\tDatum\tUhrzeit\tRaum\nSichere Widgets\tDana Fuchs\t14.05.2024\t09:30\tSaal 1\n",
        encoding="utf-8",
    )
    result = run("import", str(folder))
    assert result.exit_code == 0, result
    assert len(list(root.rglob("*.md"))) == 2
    (folder / "summit.csv").write_text(ENGLISH.replace("Hall B", "Hall C"), encoding="utf-8")
    updated = run("import", str(folder / "summit.csv"), "--update")
    assert updated.exit_code == 0, updated
    assert "room Hall B → Hall C" in updated.stdout
    talks = json.loads(run("list", "--talks", "--json").stdout)["talks"]
    assert len(talks) == 3
