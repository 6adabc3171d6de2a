"""Read and write one note file: YAML front matter describing an event and its talks, then a
Markdown body with one `## Talk title` section per talk.

Reading is strict about what it cannot understand and lenient about everything else: a file
that has no usable title or date raises `NoteProblem` (the caller skips it); smaller faults (a
talk without a title, a speaker of the wrong type, a section that matches no talk) are collected
as problems beside the event, so `notes check` can list them all with their line numbers.

Writing never rewrites what the tool does not own: a new note is written whole, a change goes
through saving.update_note (one writer at a time, read back before the rename), and adding a
talk inserts text into the file as it is (addtalk.py). YAML itself is yamlfront.py's.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Container
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import NoteProblem
from .files import Refused, read_bytes
from .model import EVENT_KEYS, CodeBlocks, Draft, Event, Talk, heading_key
from .notebody import Split, lines_of, sections, split_note
from .walk import LOOP
from .yamlfront import (
    compose,
    dump_yaml,
    line_of,
    mapping_nodes,
    parse_date,
    scalar_text,
    talk_mapping,
    talk_of,
    word_list,
    written_twice,
)


@dataclass(frozen=True)
class Note:
    """One file as read: the event, and the smaller problems found while reading it."""

    event: Event
    problems: list[NoteProblem] = field(default_factory=list)


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def conflict_line(text: str) -> int | None:
    """The 1-based line of the first git conflict marker left in a note, or None.

    A conflict is a `<<<<<<<` line, then `=======`, then `>>>>>>>`, each at the start of a line.
    A `<<<<<<<` inside a fenced code block is text (a writeup about git may quote one); once a
    conflict has started, fences are not followed, since either side may hold half of one.
    """
    if "<<<<<<<" not in text:  # the usual case costs one scan of the text
        return None
    blocks = CodeBlocks()
    expected, start = "<", 0
    for number, line in enumerate(lines_of(text), start=1):
        if expected == "<" and blocks.is_code(line):
            continue
        match = _CONFLICT.match(line.rstrip("\r\n"))
        if match and match[1][0] == expected:
            if expected == ">":
                return start
            expected, start = ("=", number) if expected == "<" else (">", start)
    return None


def parse_note(text: str, path: Path) -> Note:
    """Read a note's text. Raises NoteProblem when the file holds no usable event."""
    conflict = conflict_line(text)
    if conflict is not None:
        raise NoteProblem(
            path,
            conflict,
            "unresolved merge conflict: keep the lines you want between <<<<<<< and >>>>>>>, "
            "then delete the marker lines",
        )
    split = split_note(text, path)
    offset = split.front_line
    node, data = compose(split.front, path, offset)
    if not isinstance(data, dict):
        raise NoteProblem(
            path, offset + 1, "front matter should be a mapping of keys such as title: and date:"
        )
    front = _Front(data, mapping_nodes(node), path, offset)
    problems: list[NoteProblem] = written_twice(node, path, offset)
    title, date, missing = _title_and_date(front)
    end_date, fields, tags = _event_fields(front, problems)
    talks, published, event_text = _with_sections(_talks(front, problems), split, path, problems)
    if missing or title is None or date is None:
        # No usable event; but `notes check` lists every other problem of it too.
        raise missing[0].with_more([*missing[1:], *problems])
    event = Event(
        id=path.stem,
        path=path,
        title=title,
        date=date,
        end_date=end_date,
        tags=tags,
        talks=tuple(talks),
        text=event_text,
        published=published,
        extra={k: v for k, v in data.items() if isinstance(k, str) and k not in EVENT_KEYS},
        **fields,
    )
    return Note(event=event, problems=problems)


@dataclass(frozen=True)
class _Front:
    """A note's front matter as read: its data, the YAML node of each key, where it starts."""

    data: dict[str, Any]
    keys: dict[str, tuple[Any, Any]]
    path: Path
    offset: int

    def node(self, key: str) -> Any:
        return self.keys.get(key, (None, None))[1]

    def line(self, key: str) -> int:
        return line_of(self.keys[key][1], self.offset)


def _title_and_date(front: _Front) -> tuple[str | None, dt.date | None, list[NoteProblem]]:
    """The two values a note cannot do without, and what is wrong with them (a note with
    either missing or wrong holds no usable event)."""
    data, path, offset = front.data, front.path, front.offset
    problems = []
    title = scalar_text(data.get("title"), front.node("title"))
    if title is None and "title" in front.keys:
        problems.append(NoteProblem(path, front.line("title"), "title should be text, on one line"))
    elif not title:
        problems.append(
            NoteProblem(path, offset + 1, "missing title: add a 'title:' line to the front matter")
        )
    date = None
    if "date" not in data or data["date"] is None:
        problems.append(
            NoteProblem(
                path, offset + 1, "missing date: add a 'date: YYYY-MM-DD' line to the front matter"
            )
        )
    else:
        date = parse_date(data["date"])
        if date is None:
            problems.append(
                NoteProblem(
                    path,
                    front.line("date"),
                    f"date '{data['date']}' is not a date: write it as YYYY-MM-DD",
                )
            )
    return title or None, date, problems


def _event_fields(
    front: _Front, problems: list[NoteProblem]
) -> tuple[dt.date | None, dict[str, str], tuple[str, ...]]:
    """end_date, the text fields (kind, location, url) and the tags; problems added."""
    data, path = front.data, front.path
    end_date = None
    if data.get("end_date") is not None:
        end_date = parse_date(data["end_date"])
        if end_date is None:
            problems.append(
                NoteProblem(
                    path, front.line("end_date"), "end_date is not a date: write it as YYYY-MM-DD"
                )
            )
    fields: dict[str, str] = {}
    for name in ("kind", "location", "url"):
        if data.get(name) is not None:
            text_value = scalar_text(data[name], front.node(name))
            if text_value is None:
                problems.append(NoteProblem(path, front.line(name), f"{name} should be text"))
            fields[name] = (text_value or "").lower() if name == "kind" else (text_value or "")
    tags, found = word_list(data.get("tags"), front.node("tags"), path, front.offset, "tags")
    problems += found
    return end_date, fields, tags


def _talks(front: _Front, problems: list[NoteProblem]) -> list[Talk]:
    """The talks of the front matter that have a title; problems added."""
    talks: list[Talk] = []
    talks_node = front.node("talks")
    raw_talks = front.data.get("talks")
    if isinstance(raw_talks, list):
        for item_node, item in zip(talks_node.value, raw_talks, strict=True):
            talk, found = talk_of(item_node, item, front.path, front.offset)
            problems += found
            if talk:
                talks.append(talk)
    elif raw_talks is not None:
        problems.append(
            NoteProblem(
                front.path,
                line_of(talks_node, front.offset),
                "talks should be a list, one '- title: ...' per talk",
            )
        )
    return talks


def _with_sections(
    talks: list[Talk],
    split: Split,
    path: Path,
    problems: list[NoteProblem],
    wanted: Container[int] | None = None,
) -> tuple[list[Talk], Any, str]:
    """The talks with their notes (the body section whose heading is their title), the public
    form of the event's own text (privacy.publish), and that text (the rest of the body).
    With `wanted`, only those talks (by index) get their notes, unless the body marks a part
    private: then every talk's are needed to find what is private in each."""
    preamble, found_sections = sections(split.body, split.body_line)
    keys = {talk.title: heading_key(talk.title) for talk in talks}  # a heading often is one
    waiting: dict[str, list[int]] = {}
    for index, talk in enumerate(talks):
        waiting.setdefault(keys[talk.title], []).append(index)
    placed: dict[int, int] = {}  # talk -> its section
    event_text = [preamble]
    for number, section in enumerate(found_sections):
        heading = section.heading
        key = (keys[heading] if heading in keys else heading_key(heading)) if heading else None
        queue = waiting.get(key) if key is not None else None
        if queue:
            placed[queue.pop(0)] = number
            continue
        if section.heading:
            problems.append(
                NoteProblem(
                    path,
                    section.line,
                    f"section '## {section.heading}' matches no talk: add the talk "
                    "(notes add-talk) or make it a '###' heading of the event's text",
                )
            )
            event_text.append(f"## {section.heading}\n")
        event_text.append(section.text)
    for talk in (talks[index] for queue in waiting.values() for index in queue):
        message = f"talk '{talk.title}' has no '## {talk.title}' section in the body"
        problems.append(NoteProblem(path, talk.line, message))
    if wanted is not None and "private" not in split.body.lower():
        placed = {talk: number for talk, number in placed.items() if talk in wanted}
    notes = {talk: found_sections[number].text.strip("\n") for talk, number in placed.items()}
    with_notes = [
        talk if (text := notes.get(index, "")) == talk.notes else replace(talk, notes=text)
        for index, talk in enumerate(talks)
    ]
    text = "".join(event_text).strip("\n")
    from .privacy import publish  # with its sanitiser: only for a note that is read whole

    return (*publish(with_notes, text, split.body, found_sections, placed, split.body_line), text)


def front_matter(text: str, path: Path) -> Any:
    """The front matter's data as YAML reads it: every key, the tool's and the user's."""
    split = split_note(text, path)
    return compose(split.front, path, split.front_line)[1]


# A note is a writeup: the largest real ones are a few hundred KB. Past this, a file is named and
# skipped rather than read into memory (a 4 GB sparse file is cheap to make).
MAX_NOTE_BYTES = 32 << 20


def read_text(path: Path) -> str:
    """A note's text, exactly (no newline translation), or NoteProblem saying why not."""
    try:
        data = read_bytes(path, limit=MAX_NOTE_BYTES)
    except Refused as refused:
        raise NoteProblem(path, None, refused.what) from refused
    except IsADirectoryError as exc:
        raise NoteProblem(path, None, "is a folder, not a note file") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NoteProblem(path, None, LOOP) from exc
        raise NoteProblem(path, None, f"cannot be read ({exc.strerror or exc})") from exc
    if b"\x00" in data:
        raise NoteProblem(
            path, None, "is a binary file, not a Markdown note: move it out of the collection"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NoteProblem(path, line, "is not UTF-8 text: re-save it as UTF-8") from exc


def read_note(path: Path) -> Note:
    return parse_note(read_text(path), path)


def new_note_text(draft: Draft) -> str:
    """The full text of a new note: front matter, the event's text, one section per talk."""
    front: dict[str, Any] = {"title": draft.title, "date": draft.date}
    if draft.end_date and draft.end_date != draft.date:
        front["end_date"] = draft.end_date
    front.update({n: getattr(draft, n) for n in ("kind", "location", "url") if getattr(draft, n)})
    if draft.tags:
        front["tags"] = list(draft.tags)
    front.update({k: v for k, v in draft.extra.items() if k not in front})
    if draft.talks:
        front["talks"] = [talk_mapping(talk) for talk in draft.talks]
    parts = [f"---\n{dump_yaml(front)}---\n"]
    if draft.text.strip():
        parts.append(f"{draft.text.strip()}\n")
    for talk in draft.talks:
        parts.append(f"\n## {talk.title}\n")
        if talk.notes.strip():
            parts.append(f"\n{talk.notes.strip()}\n")
    return "".join(parts)
