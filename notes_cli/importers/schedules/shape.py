"""The shape every schedule reader ends in: talks with their schedule facts, one conference.

A talk keeps the schedule's facts in `Talk.extra` under "code", "room", "start", "duration",
"links" and "abstract", in that order; its notes stay empty. Text from a schedule is tidied
here: one line for titles, names and rooms, plain paragraphs for abstracts given in HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from notes_cli.errors import ImportFailed
from notes_cli.model import Draft, Speaker, Talk


@dataclass(frozen=True)
class Slot:
    """A talk, when it starts (None when the schedule does not say) and the day it belongs to."""

    talk: Talk
    start: dt.datetime | None = None
    day: dt.date | None = None


def conference_draft(
    path: Path,
    *,
    title: str,
    slots: list[Slot],
    days: Iterable[dt.date] = (),
    location: str = "",
    url: str = "",
    timezone: str = "",
    name: str = "",
) -> Draft:
    """The conference: its days span the schedule's days and its talks', talks by start time.

    `timezone` is the zone whose clock the programme keeps (an IANA name), `name` what the
    programme calls itself (an acronym, a calendar's name, an event id): the note keeps both,
    the name under `programme:`, so that `import --update` finds the event imported from the
    same programme again."""
    if not slots:
        raise ImportFailed(
            path, "holds no talks: nothing to import (is it the whole schedule export?)"
        )
    known = sorted({*days, *(slot.day for slot in slots if slot.day)})
    if not known:
        raise ImportFailed(
            path,
            "gives no date for any talk, so the conference's date is unknown; "
            "export the schedule again once its talks have times",
        )
    return Draft(
        title=title,
        date=known[0],
        end_date=known[-1] if known[-1] != known[0] else None,
        kind="conference",
        location=location,
        url=url,
        talks=tuple(slot.talk for slot in sorted(slots, key=_start_key)),
        extra={
            **({"timezone": zone} if (zone := one_line(timezone)) else {}),
            "programme": {"name": one_line(name) or path.stem},
        },
    )


def _start_key(slot: Slot) -> tuple[int, dt.datetime]:
    """Talks in time order (the sort is stable: same time keeps the schedule's room order),
    talks without a time at the end. Times with an offset compare in UTC."""
    when = slot.start
    if when is None and slot.day is not None:
        when = dt.datetime.combine(slot.day, dt.time())
    if when is None:
        return (1, dt.datetime.min)
    if when.tzinfo is not None and when.utcoffset() is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return (0, when.replace(tzinfo=None))


def scheduled_talk(
    *,
    title: str,
    speakers: Iterable[Speaker] = (),
    tags: Iterable[str] = (),
    talk_format: str = "",
    track: str = "",
    code: str = "",
    room: str = "",
    start: dt.datetime | dt.date | None = None,
    duration: int | None = None,
    links: Iterable[str] = (),
    abstract: str = "",
) -> Talk:
    """A talk, its schedule facts in `extra` in the order the note shows them."""
    extra: dict[str, Any] = {}
    if code := one_line(code):
        extra["code"] = code
    if room := one_line(room):
        extra["room"] = room
    if start is not None:
        extra["start"] = _iso(start)
    if duration:
        extra["duration"] = duration
    if unique_links := unique(link for link in links if is_http(link)):
        extra["links"] = unique_links
    if abstract:
        extra["abstract"] = abstract
    return Talk(
        title=title,
        speakers=tuple(speaker for speaker in speakers if speaker.name),
        tags=tuple(unique(one_line(tag) for tag in tags)),
        format=talk_format or _format_in_title(title),
        track=one_line(track),
        extra=extra,
    )


def _iso(when: dt.datetime | dt.date) -> str:
    """`2019-08-21T11:00+02:00` (minutes, the offset when known), or a bare date."""
    if isinstance(when, dt.datetime):
        return when.isoformat(timespec="minutes")
    return when.isoformat()


def unique(values: Iterable[str]) -> list[str]:
    """The non-empty values, first occurrence of each, in order."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def is_http(url: str) -> bool:
    return bool(re.match(r"https?://\S+$", url))


def absolute(url: str, base_url: str) -> str:
    """A link as an absolute URL: frab gives attachments relative to the schedule's base_url."""
    url = url.strip()
    if not url or is_http(url) or not base_url:
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:  # a base_url urllib cannot split ("http://[::1")
        return ""


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """Whitespace collapsed, control characters dropped: a title, a name, a room."""
    return " ".join(CONTROL.sub("", text).split())


_HTML = re.compile(
    r"</?(?:a|p|br|div|span|ul|ol|li|em|strong|b|i|u|code|pre|h[1-6]|blockquote|img|table|tr|td)\b[^<>]*>",
    re.I,
)
_HTML_LINK = re.compile(
    r"""<a\b[^<>]*?\bhref\s*=\s*["']([^"'<>]*)["'][^<>]*>([^<]*)</a\s*>""", re.I
)
_HTML_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_HTML_BREAK = re.compile(r"<(?:br|/li)\b[^<>]*>", re.I)
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|ul|ol|h[1-6]|blockquote|pre|table|tr)\b[^<>]*>|<br\s*/\s*>", re.I
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def clean_text(*parts: str) -> str:
    """Descriptions as plain text, paragraphs kept: HTML tags removed (a link keeps its address
    beside its words), entities decoded, CRLF and runs of blank lines tidied. Parts that say the
    same thing twice (an abstract repeated as the description) are kept once."""
    cleaned: list[str] = []
    for part in parts:
        text = _html_as_text(part) if _HTML.search(part) else part
        lines = [line.rstrip() for line in CONTROL.sub("", text).replace("\r\n", "\n").split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if text and text not in cleaned:
            cleaned.append(text)
    return "\n\n".join(cleaned)


def _html_as_text(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        url, words = html.unescape(match[1]).strip(), match[2]
        return f"{words} ({url})" if is_http(url) and url not in words else words

    text = re.sub(r"\s+", " ", text)  # in HTML a line break is a space; tags make the breaks
    text = _HTML_LINK.sub(link, text)
    text = _HTML_ITEM.sub("\n- ", text)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_BLOCK.sub("\n\n", text)
    text = html.unescape(_HTML_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n"))


# Checked in this order: "Lightning talk" is lightning, not talk; "Keynote session" a keynote.
_FORMAT_WORDS = (
    (re.compile(r"\bkeynote", re.I), "keynote"),
    (re.compile(r"\blightning", re.I), "lightning"),
    (re.compile(r"\bpanel", re.I), "panel"),
    (re.compile(r"\b(?:workshop|bootcamp|hands[- ]?on|tutorial|training)", re.I), "workshop"),
    (re.compile(r"\bsession", re.I), "session"),
    (re.compile(r"\b(?:talk|lecture|presentation)", re.I), "talk"),
)


def format_of(kind: str) -> str:
    """The note format a schedule's session type names ("Breakout session" -> session), or ""."""
    for pattern, name in _FORMAT_WORDS:
        if pattern.search(kind):
            return name
    return ""


_TITLE_FORMAT = re.compile(
    r"^(keynote|workshop|panel)\s*[:\-–—]|\b(keynote|workshop|panel)(?: discussion)?\W*$", re.I
)


def _format_in_title(title: str) -> str:
    """A format the title itself announces ("Opening Keynote", "Workshop: …"), or ""."""
    match = _TITLE_FORMAT.search(title)
    return (match[1] or match[2]).lower() if match else ""


_TLD = re.compile(r"\.(?:com|org|net|io|dev|info|eu|co|uk|de|fr|app|events?)(?![a-z0-9])", re.I)
_GENERIC_WORDS = frozenset(
    "all calendar export fahrplan frab ical ics json pretalx schedule sessionize sessions www xml".split()  # noqa: SIM905
)


def title_from_name(path: Path) -> str:
    """A readable title from a file name, for formats that carry none
    (`ndc-oslo-2024_sessionize.json` -> "Ndc Oslo 2024")."""
    words = [
        word
        for word in re.split(r"[\W_]+", _TLD.sub(" ", path.stem))
        if word and word.lower() not in _GENERIC_WORDS
    ]
    return " ".join(word.capitalize() if word.islower() else word for word in words) or "Conference"
