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
        return "frab-xml" if _xml_root_name(head) == "schedule" else None
    if head[:1] in (b"{", b"["):
        try:
            document = parse_json(data)
        except (ValueError, RecursionError):
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


def _xml_root_name(head: bytes) -> str:
    """The name of the first element in the start of an XML file (after its declaration,
    comments and DOCTYPE), without a namespace prefix; "" if there is none."""
    text = head.decode("utf-8", "replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", "", text, flags=re.S | re.I)
    match = re.search(r"<([A-Za-z_][\w.:-]*)", text)
    return match[1].rpartition(":")[2] if match else ""


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
