"""The values a note holds: Event, Talk, Speaker, and the ids and slugs derived from them.

These are plain frozen dataclasses. Reading them from a file is notefile.py's job; this module
only knows the shapes and the small text conventions of the note format: the speaker string
`"Name (Role, Company)"`, slugs, and how a talk section heading matches a talk title.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from pathlib import Path
from typing import Any


class Kind(str, Enum):
    """What an event is."""

    meetup = "meetup"
    conference = "conference"
    webinar = "webinar"
    workshop = "workshop"
    other = "other"


class Format(str, Enum):
    """What a talk is."""

    keynote = "keynote"
    talk = "talk"
    lightning = "lightning"
    workshop = "workshop"
    panel = "panel"
    session = "session"


_SLUG_MAX = 60


@dataclass(frozen=True)
class Speaker:
    """A speaker: a name, and the role and company when known."""

    name: str
    role: str = ""
    company: str = ""

    @classmethod
    def parse(cls, text: str) -> Speaker:
        """Read `"Name (Role, Company)"`, `"Name (Company)"` or `"Name"`.

        The last comma inside the parentheses separates role from company, so a role may hold
        commas of its own: `"Ann (Head of Cloud, EMEA, Acme)"` is role `Head of Cloud, EMEA`.
        """
        text = " ".join(text.split())
        match = re.fullmatch(r"(?P<name>[^()]*?)\s*\((?P<inside>[^()]*)\)", text)
        if not match:
            return cls(name=text)
        role, _, company = match["inside"].rpartition(",")
        return cls(name=match["name"].strip(), role=role.strip(), company=company.strip())

    def label(self) -> str:
        """The string form, `"Name (Role, Company)"`, leaving out what is unknown."""
        inside = ", ".join(part for part in (self.role, self.company) if part)
        return f"{self.name} ({inside})" if inside else self.name

    def to_dict(self) -> dict[str, str]:
        """The mapping the tool writes into front matter (empty parts left out)."""
        out = {"name": self.name}
        if self.role:
            out["role"] = self.role
        if self.company:
            out["company"] = self.company
        return out


@dataclass(frozen=True)
class Talk:
    """One talk of an event, as its front matter gives it."""

    title: str
    speakers: tuple[Speaker, ...] = ()
    tags: tuple[str, ...] = ()
    format: str = ""
    track: str = ""
    notes: str = ""
    # Every other key of the talk's mapping (code, slides, video, abstract, rating, ...).
    extra: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0
    # The notes' public form, worked out on the whole note when it was read (privacy.py).
    published: Any = field(default=None, compare=False, repr=False)

    def id(self, event_id: str) -> str:
        return talk_id(event_id, self.title)


# The front matter keys an event's fields hold; every other key is in `extra`.
EVENT_KEYS = frozenset(("title", "date", "end_date", "kind", "location", "url", "tags", "talks"))


@dataclass(frozen=True, kw_only=True)
class Draft:
    """An event's contents: what `notes new` (and later importers) turn into a note file."""

    title: str
    date: dt.date
    end_date: dt.date | None = None
    kind: str = ""
    location: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    talks: tuple[Talk, ...] = ()
    # The writeup's own text: before the first talk section, plus sections matching no talk.
    text: str = ""
    # Every other key of the event's front matter (timezone, programme, anything the user adds).
    extra: Mapping[str, Any] = field(default_factory=dict)
    # The text's public form, worked out on the whole note when it was read (privacy.py).
    published: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Event(Draft):
    """An event read from its note file."""

    id: str
    path: Path

    @classmethod
    def of(cls, draft: Draft, *, id: str, path: Path) -> Event:
        """The event a draft becomes once written as `path`."""
        return cls(id=id, path=path, **{f.name: getattr(draft, f.name) for f in fields(Draft)})

    def dates(self, *, short: bool = False) -> str:
        """`2016-11-28`, or a range: `2016-11-28 – 2016-12-02`, or with `short`, the end's year
        left out when it is the start's (`2016-11-28 – 12-02`)."""
        if not self.end_date or self.end_date == self.date:
            return self.date.isoformat()
        same_year = self.end_date.year == self.date.year
        end = self.end_date.strftime("%m-%d") if short and same_year else self.end_date.isoformat()
        return f"{self.date.isoformat()} – {end}"

    def talk_ids(self) -> list[str]:
        """Ids of the talks, unique within the event even when two talks share a title."""
        return talk_ids(self.id, [talk.title for talk in self.talks])


def talk_id(event_id: str, title: str) -> str:
    """A talk's id before it is made unique within its event: `EVENT_ID/title-slug`."""
    return f"{event_id}/{slugify(title, fallback='talk')}"


def talk_ids(event_id: str, titles: Iterable[str]) -> list[str]:
    """The ids of an event's talks of these titles, in order (see Event.talk_ids)."""
    seen: dict[str, int] = {}
    ids = []
    for title in titles:
        base = talk_id(event_id, title)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


_NOT_IN_SLUGS = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, fallback: str = "event") -> str:
    """A lower-case ASCII slug: accents folded, anything else a single dash.

    The result is safe as a file name: it never contains a path separator, never starts with a
    dot, and is never empty (a title of only punctuation or emoji gets `fallback`).
    """
    if text.isascii():  # already its own NFKD form, and ASCII
        folded = text
    else:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_IN_SLUGS.sub("-", folded.lower()).strip("-")
    if len(slug) > _SLUG_MAX:
        slug = slug[:_SLUG_MAX].rsplit("-", 1)[0] or slug[:_SLUG_MAX]
    return slug or fallback


def event_id(date: dt.date, title: str) -> str:
    return f"{date.isoformat()}-{slugify(title)}"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class CodeBlocks:
    """Follows fenced code blocks through a Markdown text, line by line: a `## heading` or a
    private mark inside a code block is code, not structure."""

    def __init__(self) -> None:
        self.open = ""  # the fence of the block the last line left open, or ""

    def is_code(self, line: str) -> bool:
        """Whether `line` (given in order) is part of a code block, its fences included."""
        match = _FENCE.match(line.rstrip("\r\n"))
        if self.open:
            if match and match[1][0] == self.open[0] and len(match[1]) >= len(self.open):
                self.open = ""
            return True
        if match:
            self.open = match[1]
            return True
        return False


_NOT_WORDS = re.compile(r"[\W_]+")


def heading_key(text: str) -> str:
    """How a `##` heading is compared with a talk title: case, punctuation and spacing ignored
    (a title of punctuation alone, `!!!`, is compared as it is, spacing aside: it is no empty
    heading)."""
    # ASCII is its own NFKC form, and its case folding is lower case
    ascii_ = text.isascii()
    folded = text.lower() if ascii_ else unicodedata.normalize("NFKC", text).casefold()
    words = " ".join(_NOT_WORDS.sub(" ", folded).split())
    return words or " ".join(folded.split())
