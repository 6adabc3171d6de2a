"""Which schedule format a file is, by its content (and for calendars, spreadsheets and posts,
its extension)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .values import BOM, parse_json


def detect(path: Path, data: bytes) -> str | None:
    """The schedule format of a file ("frab-json", "frab-xml", "sessionize", "ical", "reinvent",
    "csv"), or None if it is not a schedule (then it is treated as a blog post).

    Decided by the content; the extension counts for `.ics` files, `.csv` and `.tsv` files, and
    posts (a `.md` file is never a spreadsheet). Never raises.
    """
    head = data[:8192].removeprefix(BOM).lstrip()
    if head[:15].upper() == b"BEGIN:VCALENDAR" or path.suffix.lower() in (".ics", ".ical"):
        return "ical"
    if head.startswith(b"<"):
        # Entities are refused by the XML reader, with a line that says so: a bomb is named as
        # one whatever its root, not read as a post.
        root, entities = _xml_root(data.removeprefix(BOM).lstrip())
        return "frab-xml" if root == "schedule" or entities else None
    if head[:1] in (b"{", b"["):
        try:
            document = parse_json(data)
        except RecursionError:
            if path.suffix.lower() == ".json":
                return "frab-json"  # nested too deeply for any reader: reading it says so
            return _json_kind_by_head(head.decode("utf-8", "replace"))
        except ValueError:
            # Cut short or damaged: still a schedule if its start reads like one, so that
            # reading it says what is wrong instead of importing it as a post.
            return _json_kind_by_head(head.decode("utf-8", "replace"))
        return _json_kind(document)
    if path.suffix.lower() not in _POSTS:
        from .headers import looks_like

        if looks_like(path, data):
            return "csv"
    return None


# Extensions that are always posts, never a spreadsheet.
_POSTS = (".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".json", ".xml")


def _xml_root(data: bytes) -> tuple[str, bool]:
    """The name of the first element of an XML file, without a namespace prefix ("" if there
    is none), after its declaration, comments and DOCTYPE however long they are; and whether
    the DOCTYPE declares entities."""
    at, entities = 0, False
    while True:
        while at < len(data) and data[at : at + 1].isspace():
            at += 1
        if data.startswith(b"<?", at):
            end = data.find(b"?>", at)
            at = end + 2 if end != -1 else -1
        elif data.startswith(b"<!--", at):
            end = data.find(b"-->", at + 4)
            at = end + 3 if end != -1 else -1
        elif data[at : at + 9].upper() == b"<!DOCTYPE":
            close, bracket = data.find(b">", at), data.find(b"[", at)
            if bracket != -1 and (close == -1 or bracket < close):
                end = data.find(b"]", bracket)
                entities = b"<!ENTITY" in data[bracket : end if end != -1 else len(data)]
                close = data.find(b">", max(end, bracket))
            at = close + 1 if close != -1 else -1
        else:
            break
        if at == -1:
            return "", entities
    match = re.match(rb"<([A-Za-z_][\w.:-]*)", data[at : at + 256])
    return (match[1].decode("ascii", "replace").rpartition(":")[2] if match else ""), entities


def _json_kind(document: Any) -> str | None:
    if isinstance(document, dict):
        if "schedule" in document:
            return "frab-json"
        if "sessions" in document and "speakers" in document:
            return "sessionize"
        return None
    if (
        isinstance(document, list)
        and document
        and isinstance(document[0], dict)
        and "code" in document[0]
        and "title" in document[0]
    ):
        return "reinvent"
    return None


def _json_kind_by_head(head: str) -> str | None:
    if head.startswith("{"):
        if re.search(r'"schedule"\s*:\s*\{', head):
            return "frab-json"
        if re.search(r'"sessions"\s*:\s*\[', head) and re.search(r'"speakers"\s*:', head):
            return "sessionize"
        return None
    if re.match(r"\[\s*\{", head) and re.search(r'"code"\s*:', head) and '"title"' in head:
        return "reinvent"
    return None
