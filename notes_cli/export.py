"""Markdown for publishing: pure functions, notes in, text out, one per format.

Every format gets the same body: the event's own text, then each talk under a `##` heading
with a stable anchor (its talk slug), a line naming its speakers with role and company (and its
format when it is not a plain talk), its links, and the notes. What a note marks private never
reaches the output: privacy.py finds it on the whole note when it is read, failing closed.

The output depends on the notes alone (no clock, no machine), so exporting unchanged notes
again gives the same bytes and a blog's history stays clean; `write_pages` writes them into
an output folder, leaving alone a page whose file already holds the same text.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NoteProblem, NotesError
from .jsontext import json_pieces
from .model import Event, Talk, slugify
from .privacy import is_private, public_notes, public_text
from .records import public_record
from .sanitise import unsafe_address


@dataclass(frozen=True)
class Page:
    """One exported file: the name the target expects, and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class Digest:
    """Talks gathered across events (newest event first), as one page."""

    title: str
    query: str
    groups: Sequence[tuple[Event, Sequence[Talk]]]


@dataclass(frozen=True)
class Exported:
    """The pages of an export, and the notes that could not be read and were left out."""

    pages: list[Page]
    skipped: list[NoteProblem]
    # With --format json, every event in one document: what is printed when there is no --out.
    document: str = ""


LINK_KEYS = ("slides", "video", "url", "code_url", "recording")


def _anchors(event: Event) -> dict[int, str]:
    """A stable anchor per talk (by identity): its talk id's slug, unique within the event."""
    ids = event.talk_ids()
    return {
        id(talk): talk_id.rsplit("/", 1)[-1] for talk, talk_id in zip(event.talks, ids, strict=True)
    }


def speakers_line(talk: Talk) -> str:
    """`Colin Whittaker (Principal Network Engineer, AWS)`, several joined with commas, and
    the format when the talk is not a plain talk."""
    line = ", ".join(_escape(speaker.label()) for speaker in talk.speakers)
    if talk.format and talk.format not in ("talk", "session"):
        kind = "lightning talk" if talk.format == "lightning" else talk.format
        line = f"{line} · {kind}" if line else kind.capitalize()
    return line


def links_line(talk: Talk) -> str:
    links = [
        f"[{key.replace('_', ' ').capitalize()}]({value})"
        for key in LINK_KEYS
        if isinstance(value := talk.extra.get(key), str)
        and value.strip()
        and not unsafe_address(value)
    ]
    return " · ".join(links)


def _escape(text: str) -> str:
    """Text that reads as itself in Markdown, not as emphasis, links or HTML."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _talk_markdown(talk: Talk, anchor: str, *, level: int, anchor_style: str) -> str:
    hashes = "#" * level
    if anchor_style == "attribute":  # kramdown (Jekyll) and goldmark (Hugo) read {#id}
        parts = [f"{hashes} {_escape(talk.title)} {{#{anchor}}}"]
    else:  # plain CommonMark has no heading ids: an empty anchor right before the heading
        parts = [f'<a id="{anchor}"></a>', "", f"{hashes} {_escape(talk.title)}"]
    for line in (speakers_line(talk), links_line(talk), public_notes(talk)):
        if line:
            parts += ["", line]
    return "\n".join(parts)


def event_body(event: Event, *, anchor_style: str = "attribute", level: int = 2) -> str:
    """The publishable body of one writeup."""
    anchors = _anchors(event)
    parts = [public_text(event)]
    parts += [
        _talk_markdown(talk, anchors[id(talk)], level=level, anchor_style=anchor_style)
        for talk in event.talks
        if not is_private(talk)
    ]
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def _digest_parts(digest: Digest, *, anchor_style: str) -> Iterator[str]:
    """The parts of a digest's body (joined by blank lines), one event or talk at a time."""
    for event, talks in digest.groups:
        facts = " · ".join(f for f in (event.date.isoformat(), event.kind, event.location) if f)
        yield f"## {_escape(event.title)}\n\n{facts}"
        anchors = _anchors(event)
        for talk in talks:
            if not is_private(talk):
                # prefixed with the event's id: a digest gathers talks of many events
                anchor = f"{event.id}-{anchors[id(talk)]}"
                yield _talk_markdown(talk, anchor, level=3, anchor_style=anchor_style)


def _joined(parts: Iterable[str], *, stripped: bool = False) -> Iterator[str]:
    """The parts with a blank line between them and a line break at the end, as they come;
    `stripped`, the end of the last one stripped first (as front matter's writer does)."""
    waiting: str | None = None
    for part in parts:
        if waiting is not None:
            yield waiting
            yield "\n\n"
        waiting = part
    if waiting is not None:
        yield waiting.rstrip() if stripped else waiting
    yield "\n"


def digest_body(digest: Digest, *, anchor_style: str = "attribute") -> str:
    return "".join(_joined(_digest_parts(digest, anchor_style=anchor_style)))


def _file_stem(event: Event) -> str:
    """`YYYY-MM-DD-slug`: the event id when it has that shape, else made from date and title."""
    day = event.date.isoformat()
    return event.id if event.id.startswith(day) else f"{day}-{slugify(event.title)}"


def _tags(event: Event, talks: Sequence[Talk]) -> list[str]:
    return list(dict.fromkeys([*event.tags, *(tag for talk in talks for tag in talk.tags)]))


def _front_matter(metadata: dict[str, Any], body: str) -> str:
    import frontmatter

    post = frontmatter.Post(body, **metadata)
    return frontmatter.dumps(post, sort_keys=False, width=1000) + "\n"


def _public_talks(event: Event) -> list[Talk]:
    return [talk for talk in event.talks if not is_private(talk)]


def jekyll(event: Event) -> Page:
    metadata: dict[str, Any] = {
        "layout": "post",
        "title": event.title,
        "date": event.date,
        "categories": [event.kind] if event.kind else [],
        "tags": _tags(event, _public_talks(event)),
    }
    if event.location:
        metadata["location"] = event.location
    if event.url:
        metadata["event_url"] = event.url  # `url` is Jekyll's own: the page's address
    return Page(f"{_file_stem(event)}.md", _front_matter(metadata, event_body(event)))


def hugo(event: Event) -> Page:
    metadata: dict[str, Any] = {
        "title": event.title,
        "date": f"{event.date.isoformat()}T00:00:00Z",
        "tags": _tags(event, _public_talks(event)),
        "categories": [event.kind] if event.kind else [],
        "draft": False,
    }
    if event.location:
        metadata["location"] = event.location
    if event.url:
        metadata["event_url"] = event.url
    return Page(f"{_file_stem(event)}.md", _front_matter(metadata, event_body(event)))


def markdown(event: Event) -> Page:
    facts = " · ".join(f for f in (event.dates(), event.kind, event.location) if f)
    text = f"# {_escape(event.title)}\n\n{facts}\n\n" + event_body(event, anchor_style="html")
    return Page(f"{_file_stem(event)}.md", text)


def json_page(event: Event) -> Page:
    return Page(f"{_file_stem(event)}.json", json_text([event]))


def json_text(events: Sequence[Event]) -> str:
    return (
        json.dumps({"events": [public_record(e) for e in events]}, indent=2, ensure_ascii=False)
        + "\n"
    )


FORMATS: dict[str, Callable[[Event], Page]] = {
    "jekyll": jekyll,
    "hugo": hugo,
    "markdown": markdown,
    "json": json_page,
}


def digest_name(digest: Digest, format_name: str) -> str:
    """The file name of a digest's post: the newest event's date and the digest's title."""
    newest = digest.groups[0][0].date if digest.groups else None
    stem = (
        f"{newest.isoformat()}-{slugify(digest.title, fallback='digest')}"
        if newest
        else slugify(digest.title)
    )
    return f"{stem}.{'json' if format_name == 'json' else 'md'}"


def digest_chunks(digest: Digest, format_name: str) -> Iterator[str]:
    """Every matching talk across events as one post, in the given format, a piece at a time:
    a digest of thousands of talks is written as it is made, never held whole."""
    newest = digest.groups[0][0].date if digest.groups else None
    talks = [talk for _, group in digest.groups for talk in group if not is_private(talk)]
    if format_name == "json":
        events = (public_record(event, group) for event, group in digest.groups)
        yield from json_pieces({"title": digest.title, "query": digest.query}, "events", events)
        return
    if format_name == "markdown":
        yield f"# {_escape(digest.title)}\n\n{len(talks)} talks matching `{digest.query}`.\n\n"
        yield from _joined(_digest_parts(digest, anchor_style="html"))
        return
    tags = list(dict.fromkeys(tag for talk in talks for tag in talk.tags))
    metadata: dict[str, Any] = {"title": digest.title}
    if format_name == "jekyll":
        metadata = {
            "layout": "post",
            **metadata,
            "date": newest,
            "categories": ["digest"],
            "tags": tags,
        }
    else:
        metadata.update(
            date=f"{newest.isoformat()}T00:00:00Z" if newest else None,
            tags=tags,
            categories=["digest"],
            draft=False,
        )
    yield _front_matter(metadata, "").rstrip("\n") + "\n\n"
    yield from _joined(_digest_parts(digest, anchor_style="attribute"), stripped=True)


def digest_page(digest: Digest, format_name: str) -> Page:
    """Every matching talk across events as one post, in the given format."""
    return Page(digest_name(digest, format_name), "".join(digest_chunks(digest, format_name)))


def write_pages(root: Path, out: Path, pages: Sequence[Page]) -> int:
    """Write the pages into `out` (never into the collection); returns how many changed.

    A page whose file already holds the same text is left alone, so re-exporting unchanged
    notes touches nothing.
    """
    from .files import atomic_write, is_temporary, remove_abandoned

    target = out.expanduser().resolve()
    inside = root.expanduser().resolve()
    if target == inside or inside in target.parents:
        raise NotesError(
            f"{out} is inside the collection ({root}): export somewhere else, e.g. your blog's _posts/"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotesError(f"{out}: cannot create the folder ({exc.strerror or exc})") from exc
    with contextlib.suppress(OSError):  # what an export that was killed left: ours, and gone
        remove_abandoned([str(path) for path in target.iterdir() if is_temporary(path.name)])
    written = 0
    for page in pages:
        path = target / page.name
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if path.read_text(encoding="utf-8") == page.text:
                continue
        atomic_write(path, page.text)
        written += 1
    return written
