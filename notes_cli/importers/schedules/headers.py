"""The header row of a programme spreadsheet: which column holds what, by its header, in the
languages of the programmes and posts we read; and how the file's text and cells are read."""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notes_cli.errors import ImportFailed

# Header words per column, folded (lower case, no accents, punctuation as spaces).
_HEADERS: dict[str, tuple[str, ...]] = {
    "title": (
        "title", "talk", "talk title", "talk name", "session", "session title", "session name",
        "presentation", "presentation title", "lecture", "titel", "vortrag", "vortragstitel",
        "beitrag", "titre", "titre de la conference", "conference", "expose", "palestra",
        "titulo", "titulo da palestra", "charla", "ponencia", "sesion", "tittel", "foredrag",
        "foredragets titel", "foredragstittel", "namn", "rubrik",
    ),
    "speakers": (
        "speaker", "speakers", "speaker s", "speaker name", "speaker names", "speakers names",
        "presenter", "presenters", "presented by", "author", "authors", "by", "who",
        "referent", "referentin", "referenten", "referent in", "referent innen", "sprecher",
        "sprecherin", "vortragende", "vortragender", "redner", "rednerin", "orateur",
        "orateurs", "oratrice", "intervenant", "intervenants", "conferencier", "conferenciers",
        "palestrante", "palestrantes", "apresentador", "apresentadores", "ponente", "ponentes",
        "orador", "oradores", "conferenciante", "talare", "talere", "foredragsholder",
        "foredragsholdere", "forelasare", "foreleser",
    ),
    "company": (
        "company", "companies", "organisation", "organization", "org", "affiliation",
        "employer", "firm", "firma", "unternehmen", "arbeitgeber", "societe", "entreprise",
        "organisme", "empresa", "companhia", "organizacao", "instituicao", "organizacion",
        "foretag", "selskap", "bedrift", "arbetsgivare", "organisasjon",
    ),
    "role": (
        "role", "job title", "jobtitle", "position", "rolle", "funktion", "poste", "fonction",
        "cargo", "funcao", "puesto", "roll", "stilling", "befattning", "titel der person",
    ),
    "date": ("date", "day", "datum", "tag", "jour", "data", "dia", "fecha", "dag", "dato"),
    "start": (
        "time", "times", "start", "start time", "starts", "starts at", "begin", "from", "slot",
        "time slot", "zeit", "uhrzeit", "beginn", "von", "startzeit", "heure", "debut",
        "heure de debut", "horario", "hora", "inicio", "hora de inicio", "hora inicio", "tid",
        "starttid", "kl", "klokkeslett", "klockslag",
    ),
    "datetime": (
        "date time", "datetime", "date and time", "start date", "start date time", "starts on",
        "datum uhrzeit", "datum und uhrzeit", "date et heure", "data e hora", "fecha y hora",
        "datum och tid", "dato og tid",
    ),
    "end": (
        "end", "end time", "ends", "until", "to", "ende", "bis", "endzeit", "fin",
        "heure de fin", "fim", "termino", "hora de fin", "hora fin", "slutt", "slut", "sluttid",
    ),
    "duration": (
        "duration", "length", "minutes", "mins", "min", "duration min", "length min", "dauer",
        "lange", "duree", "duracao", "duracion", "langd", "varighet", "lengde",
    ),
    "track": ("track", "tracks", "stream", "parcours", "trilha", "trilla", "spar", "spor"),
    "room": (
        "room", "location", "hall", "stage", "raum", "saal", "ort", "salle", "lieu", "sala",
        "auditorio", "sal", "rom", "lokal", "local", "lokale",
    ),
    "venue": ("venue", "building", "gebaude", "batiment", "edificio", "predio", "byggnad", "bygning"),
    "abstract": (
        "abstract", "description", "summary", "synopsis", "details", "about", "beschreibung",
        "zusammenfassung", "kurzbeschreibung", "abstrakt", "resume", "resumo", "descricao",
        "resumen", "descripcion", "sammanfattning", "beskrivning", "sammendrag", "beskrivelse",
    ),
    "code": (
        "code", "session code", "session id", "talk id", "id", "kurzel", "kuerzel", "codigo",
        "kod", "kode", "ref", "nr", "no",
    ),
    "tags": (
        "tags", "tag", "topics", "keywords", "schlagworte", "schlagworter", "stichworte",
        "themen", "mots cles", "etiquettes", "palavras chave", "etiquetas", "temas",
        "nyckelord", "emneord", "emner", "stikkord", "amnen",
    ),
    "format": ("type", "format", "session type", "talk type", "kind", "art", "typ", "tipo", "formato"),
    "link": ("url", "link", "links", "website", "page", "webseite", "lien", "enlace", "lenke", "lank"),
    "timezone": (
        "timezone", "time zone", "tz", "zeitzone", "fuseau horaire", "fuso horario",
        "zona horaria", "tidszon", "tidssone",
    ),
}  # fmt: skip
BY_HEADER = {header: use for use, headers in _HEADERS.items() for header in headers}
# Read as the title only when no column is named as one ("Topic" is often the talk).
TOPIC = frozenset(
    ("topic", "subject", "thema", "theme", "tema", "sujet", "assunto", "amne", "emne")
)
ENGLISH = frozenset(h for use in _HEADERS.values() for h in use if h.isascii()) - {"tag"}

DELIMITERS = ("\t", ";", ",", "|")


def looks_like(path: Path, data: bytes) -> bool:
    """Whether a file is a programme spreadsheet: a `.csv`/`.tsv` file, or one whose first line
    is a header row naming a title column and another one (never raises)."""
    if path.suffix.lower() in (".csv", ".tsv", ".tab"):
        return True
    try:
        text = decoded(data)
    except UnicodeError:
        return False
    first = next((line for line in text.splitlines() if line.strip()), "")
    if len(first) > 2000:
        return False
    delimiter = delimiter_of(first)
    if delimiter is None:
        return False
    uses = [use_of(cell) for cell in cells(first, delimiter)]
    return "title" in uses and len({u for u in uses if u}) >= 2


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split())


def use_of(header: str) -> str:
    folded = fold(header)
    return BY_HEADER.get(folded) or BY_HEADER.get(re.sub(r" s$", "", folded), "")


def cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def delimiter_of(header: str) -> str | None:
    """The delimiter of a header row: the one that splits it into the most known columns."""
    best, known = None, 0
    for delimiter in DELIMITERS:
        if delimiter not in header:
            continue
        count = sum(bool(use_of(cell) or fold(cell) in TOPIC) for cell in cells(header, delimiter))
        if count > known:
            best, known = delimiter, count
    return best


def decoded(data: bytes) -> str:
    """UTF-8 (a BOM allowed), UTF-16 with its BOM, else the Windows code page spreadsheets
    save in. UnicodeError when it is none of them (a binary file)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise
        return data.decode("cp1252")


@dataclass(frozen=True)
class Columns:
    """Which column (its number) holds what, and the headers as written."""

    where: dict[str, int]
    headers: list[str]

    def cell(self, row: Sequence[str], use: str) -> str:
        number = self.where.get(use)
        return row[number].strip() if number is not None and number < len(row) else ""


def columns_of(path: Path, header: list[str]) -> Columns:
    where: dict[str, int] = {}
    for number, cell in enumerate(header):
        use = use_of(cell)
        if use and use not in where:
            where[use] = number
    if "title" not in where:
        topic = next((n for n, cell in enumerate(header) if fold(cell) in TOPIC), None)
        if topic is None:
            shown = ", ".join(f"'{h.strip()}'" for h in header if h.strip()) or "none"
            raise ImportFailed(
                path,
                f"line 1: no column reads as the talks' titles (the columns are {shown}): "
                "name that column Title (or Talk, Session, Titel, Titre, Palestra, Charla...)",
            )
        where["title"] = topic
    elif "tags" not in where:
        topic = next((n for n, cell in enumerate(header) if fold(cell) in TOPIC), None)
        if topic is not None:
            where["tags"] = topic
    return Columns(where, header)
