"""Conference schedules read into note drafts: one schedule, one conference, its talks prefilled.

Five formats: frab/pretalx `schedule.json` and `schedule.xml` (the C3VOC schema), Sessionize's
"All" export, iCalendar, and the AWS re:Invent session catalogue (a JSON array of sessions).
Every reader ends in the same shape: talks with speakers, topic tags, format and track, and the
schedule's own facts in `Talk.extra` under "code", "room", "start", "duration", "links" and
"abstract", in that order, so the note keeps them. A talk's notes stay empty: they are the user's.

Schedules come from other people's servers. A value of the wrong type, a file cut short, a broken
calendar line or an XML entity declaration is an ImportFailed naming the file and what is wrong,
never a traceback. Guessing is kept small: a Sessionize `tagLine` gives a role and a company only
when it reads like one, and a talk's format is set only when the schedule names it.

One module per format (frab.py: frab/pretalx JSON and XML; sessionize.py; ical.py; reinvent.py;
spreadsheet.py: CSV and TSV with a header row),
beside what they share: detect.py (which format a file is), values.py (typed values read from
someone else's JSON, with where they are when they are wrong) and shape.py (the talk and the
conference every reader ends in). A speaker's tag line is read by importers/people.py.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import replace
from pathlib import Path

from notes_cli.errors import ImportFailed
from notes_cli.model import Draft

from .detect import detect
from .values import Malformed

__all__ = ["FORMATS", "detect", "read_schedule"]

FORMATS = ("frab-json", "frab-xml", "sessionize", "ical", "reinvent", "csv")

_LABELS = {
    "frab-json": "frab/pretalx schedule.json",
    "frab-xml": "frab schedule.xml",
    "sessionize": "Sessionize export",
    "ical": "iCalendar file",
    "reinvent": "re:Invent session catalogue",
    "csv": "CSV or TSV programme",
}

# Each format's reader, as (module, function): a module is loaded only when a file of its
# format is read, so that importing a blog post loads none of them.
_READERS = {
    "frab-json": ("frab", "read_frab_json"),
    "frab-xml": ("frab", "read_frab_xml"),
    "sessionize": ("sessionize", "read_sessionize"),
    "ical": ("ical", "read_ical"),
    "reinvent": ("reinvent", "read_reinvent"),
}


def read_schedule(
    path: Path, data: bytes, kind: str, *, default_date: dt.date | None = None
) -> list[Draft]:
    """One conference event per schedule (normally a list of one Draft). Raises
    ImportFailed(path, "what is wrong and what to do") for a truncated/invalid file, never
    another exception. `default_date` is the day of a spreadsheet's talks that give none."""
    if kind == "csv":
        from .spreadsheet import read_spreadsheet

        return [sourced(read_spreadsheet(path, data, default_date), kind, path)]
    if kind not in _READERS:
        raise ImportFailed(
            path, f"'{kind}' is not a schedule format notes reads ({', '.join(FORMATS)})"
        )
    module, name = _READERS[kind]
    reader = getattr(importlib.import_module(f".{module}", __name__), name)
    try:
        draft = reader(path, data)
    except Malformed as exc:
        raise ImportFailed(
            path,
            f"is not a valid {_LABELS[kind]}: {exc.where} should be {exc.expected}, not "
            f"{exc.found}; fix that value or export the schedule again",
        ) from exc
    return [sourced(draft, kind, path)]


def sourced(draft: Draft, kind: str, path: Path) -> Draft:
    """The draft with where it comes from under `programme:` (format, name, file)."""
    programme = draft.extra.get("programme")
    name = programme.get("name") if isinstance(programme, dict) else None
    source = {"format": kind, "name": name or path.stem, "file": path.name}
    return replace(draft, extra={**draft.extra, "programme": source})
