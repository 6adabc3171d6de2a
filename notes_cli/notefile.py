"""Read and write one note file: YAML front matter describing an event and its talks, then a
Markdown body with one `## Talk title` section per talk.

Reading is strict about what it cannot understand and lenient about everything else: a file
that has no usable title or date raises `NoteProblem` (the caller skips it); smaller faults (a
talk without a title, a speaker of the wrong type, a section that matches no talk) are collected
as problems beside the event, so `notes check` can list them all with their line numbers.

Writing never rewrites what the tool does not own. `add_talk` inserts text into the file as it
is, then parses the result and checks that the only change is the new talk; every other byte,
comments and unknown keys included, stays. Every write goes through files.atomic_write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from .errors import NoteProblem, NotesError
from .files import atomic_write, locked
from .lazy import lazy_import
from .model import CodeBlocks, Draft, Event, Speaker, Talk, heading_key

# Loaded on first use: a search that only reads talk sections for its snippets parses no YAML.
yaml = lazy_import("yaml")


@cache
def _loader() -> type:
    """The safe loader (the C one, several times faster, when there is one), reading an
    impossible date (2020-02-30) as text, so that the note's reader can say which line holds
    it instead of failing the whole front matter."""

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return loader.construct_yaml_timestamp(node)
        except ValueError:
            return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


_SECTION = re.compile(r"^ {0,3}(#{1,2})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?!\d)")

SPEAKER_HINT = "write 'Name (Role, Company)' or a mapping with name, role, company"


@dataclass(frozen=True)
class Note:
    """One file as read: the event, and the smaller problems found while reading it."""

    event: Event
    problems: list[NoteProblem] = field(default_factory=list)


@dataclass(frozen=True)
class _Split:
    front: str  # the YAML between the --- lines
    front_line: int  # 0-based line of the file where `front` starts
    front_start: int  # offsets of `front` in the text
    front_end: int
    body: str
    body_line: int  # 0-based line of the file where the body starts


@dataclass(frozen=True)
class Section:
    heading: str
    line: int  # 1-based line of the heading in the file
    text: str


def _lines(text: str) -> list[str]:
    """Lines with their endings, split on \\n only (YAML and editors agree on that)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _split(text: str, path: Path) -> _Split:
    lines = _lines(text)
    first = lines[0].lstrip("\ufeff").rstrip() if lines else ""
    if first != "---":
        raise NoteProblem(
            path, 1, "no front matter: a note starts with a '---' line, then title: and date:"
        )
    offset = len(lines[0])
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            front_end = offset
            body_start = offset + len(line)
            return _Split(
                front=text[len(lines[0]) : front_end],
                front_line=1,
                front_start=len(lines[0]),
                front_end=front_end,
                body=text[body_start:],
                body_line=number + 1,
            )
        offset += len(line)
    raise NoteProblem(path, 1, "the front matter opened on line 1 is never closed with '---'")


def _compose(front: str, path: Path, line_offset: int) -> tuple[Any, Any]:
    """Parse YAML into (node, data): the node tree keeps line numbers for messages."""
    loader = _loader()(front)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_FRONT_MATTER_NODES:
            raise NoteProblem(
                path,
                line_offset + 1,
                "front matter expands to too much data (anchors and aliases repeated): remove the aliases",
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (
            exc.context_mark
            and mark
            and (mark.line >= front.count("\n") or "flow" in (exc.context or ""))
        ):
            # An unclosed bracket or a runaway block: where it began is where to look.
            mark = exc.context_mark
        line = mark.line + line_offset + 1 if mark else line_offset
        what = exc.problem or exc.context or "cannot be read"
        raise NoteProblem(path, line, f"front matter is not valid YAML: {what}") from exc
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise NoteProblem(path, line_offset, f"front matter is not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return node, data


MAX_FRONT_MATTER_NODES = 100_000


def _expanded_size(node: Any) -> int:
    """How many values the YAML holds once every alias is expanded (a "billion laughs" document
    is small on disk and enormous expanded). Shared nodes are counted once per use, computed
    once each, so this takes time in the size of the file, not of the expansion."""
    sizes: dict[int, int] = {}

    def size(current: Any) -> int:
        known = sizes.get(id(current))
        if known is not None:
            return known
        sizes[id(current)] = 1  # a node that contains itself counts once
        if isinstance(current, yaml.MappingNode):
            total = 1 + sum(size(key) + size(value) for key, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in current.value)
        else:
            total = 1
        sizes[id(current)] = total
        return min(total, MAX_FRONT_MATTER_NODES + 1)

    try:
        return size(node)
    except RecursionError:
        return MAX_FRONT_MATTER_NODES + 1


def _mapping_nodes(node: Any) -> dict[str, tuple[Any, Any]]:
    """Key text -> (key node, value node) of a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): (key, value)
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def _twice(node: Any, path: Path, offset: int) -> list[NoteProblem]:
    """Keys written twice in one mapping: YAML keeps the last silently, so say so."""
    first: dict[str, int] = {}
    found = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = _line(key, offset)
        if key.value in first:
            found.append(
                NoteProblem(
                    path,
                    line,
                    f"'{key.value}' is written twice (lines {first[key.value]} and {line}); only the last counts: remove one",
                )
            )
        first[key.value] = line
    return found


def _line(node: Any, offset: int) -> int:
    return int(node.start_mark.line) + offset + 1


def _text(value: Any, node: Any) -> str | None:
    """A scalar as the user typed it (so `title: 2016` stays `2016`); None if not a scalar."""
    if isinstance(node, yaml.ScalarNode):
        return "" if value is None else " ".join(str(node.value).split())
    return None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.match(value)
        if match:
            with contextlib.suppress(ValueError):
                return dt.date.fromisoformat(match[1])
    return None


def _words(
    value: Any, node: Any, path: Path, offset: int, what: str
) -> tuple[tuple[str, ...], list[NoteProblem]]:
    """Tags: a list of words, or one comma-separated string."""
    if value is None:
        return (), []
    if isinstance(node, yaml.ScalarNode):
        return tuple(t.strip() for t in str(node.value).split(",") if t.strip()), []
    if isinstance(node, yaml.SequenceNode):
        words = [
            str(item.value).strip() for item in node.value if isinstance(item, yaml.ScalarNode)
        ]
        if len(words) != len(node.value):
            problem = NoteProblem(path, _line(node, offset), f"{what} should be a list of words")
            return tuple(w for w in words if w), [problem]
        return tuple(w for w in words if w), []
    return (), [NoteProblem(path, _line(node, offset), f"{what} should be a list of words")]


def _speakers(
    node: Any, value: Any, path: Path, offset: int
) -> tuple[tuple[Speaker, ...], list[NoteProblem]]:
    if value is None:
        return (), []
    items = (
        list(zip(node.value, value, strict=True))
        if isinstance(node, yaml.SequenceNode)
        else [(node, value)]
    )
    speakers: list[Speaker] = []
    problems: list[NoteProblem] = []
    for item_node, item in items:
        if isinstance(item, str) and item.strip():
            speakers.append(Speaker.parse(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            parts = {k: item.get(k) for k in ("role", "company")}
            if all(v is None or isinstance(v, str | int | float) for v in parts.values()):
                speakers.append(
                    Speaker(
                        name=" ".join(item["name"].split()),
                        role=" ".join(str(parts["role"] or "").split()),
                        company=" ".join(str(parts["company"] or "").split()),
                    )
                )
                continue
            problems.append(
                NoteProblem(
                    path,
                    _line(item_node, offset),
                    f"speaker role and company should be text: {SPEAKER_HINT}",
                )
            )
        elif isinstance(item, dict):
            problems.append(
                NoteProblem(path, _line(item_node, offset), f"speaker has no name: {SPEAKER_HINT}")
            )
        else:
            problems.append(
                NoteProblem(
                    path,
                    _line(item_node, offset),
                    f"speaker is neither text nor a mapping: {SPEAKER_HINT}",
                )
            )
    return tuple(speakers), problems


def _talk(node: Any, value: Any, path: Path, offset: int) -> tuple[Talk | None, list[NoteProblem]]:
    line = _line(node, offset)
    if isinstance(value, str):  # `- Keynote` is a talk with a title and nothing else
        return (
            (Talk(title=" ".join(value.split()), line=line), [])
            if value.strip()
            else (None, [NoteProblem(path, line, "talk without a title: give it a title: line")])
        )
    if not isinstance(value, dict):
        return None, [
            NoteProblem(path, line, "talk should be a mapping with title:, speakers:, tags:")
        ]
    keys = _mapping_nodes(node)
    title = _text(value.get("title"), keys.get("title", (None, None))[1])
    if not title:
        return None, [NoteProblem(path, line, "talk without a title: give it a title: line")]
    problems: list[NoteProblem] = _twice(node, path, offset)
    speaker_key = "speakers" if "speakers" in keys else "speaker"
    speakers, found = _speakers(
        keys.get(speaker_key, (None, None))[1], value.get(speaker_key), path, offset
    )
    problems += found
    tags, found = _words(
        value.get("tags"), keys.get("tags", (None, None))[1], path, offset, "talk tags"
    )
    problems += found
    fields: dict[str, str] = {}
    for name in ("format", "track"):
        if name in keys:
            text = _text(value[name], keys[name][1])
            if text is None:
                problems.append(
                    NoteProblem(path, _line(keys[name][1], offset), f"talk {name} should be a word")
                )
            fields[name] = (text or "").lower() if name == "format" else (text or "")
    known = {"title", "speakers", "speaker", "tags", "format", "track"}
    extra = {k: v for k, v in value.items() if k not in known}
    return Talk(
        title=title, speakers=speakers, tags=tags, line=line, extra=extra, **fields
    ), problems


def sections(body: str, first_line: int) -> tuple[str, list[Section]]:
    """Split a body into the text before the first `#`/`##` heading and the sections after.

    Headings inside fenced code blocks are text. Level-3 and deeper headings stay inside the
    section they are in. `first_line` is the 0-based file line where the body starts.
    """
    preamble: list[str] = []
    found: list[tuple[str, int, list[str]]] = []
    blocks = CodeBlocks()
    for number, line in enumerate(_lines(body)):
        match = None if blocks.is_code(line) else _SECTION.match(line.rstrip("\r\n"))
        if match and len(match[1]) == 2 and match[2]:
            found.append((match[2], first_line + number + 1, []))
        elif match:  # a `#` heading starts a part of the event's own text
            found.append(("", first_line + number + 1, [line]))
        elif found:
            found[-1][2].append(line)
        else:
            preamble.append(line)
    return "".join(preamble), [Section(h, n, "".join(t)) for h, n, t in found]


def body_sections(text: str, path: Path) -> tuple[str, dict[str, str]]:
    """The body's text before its first section, and each `##` section's text by heading key.

    Reads no YAML: a search that needs a few talks' notes for its snippets gets them at the
    cost of a file read.
    """
    split = _split(text, path)
    preamble, found = sections(split.body, split.body_line)
    by_key: dict[str, str] = {}
    for section in found:
        if section.heading:
            by_key.setdefault(heading_key(section.heading), section.text.strip("\n"))
    return preamble.strip("\n"), by_key


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
    for number, line in enumerate(_lines(text), start=1):
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
    split = _split(text, path)
    offset = split.front_line
    node, data = _compose(split.front, path, offset)
    if not isinstance(data, dict):
        raise NoteProblem(
            path, offset + 1, "front matter should be a mapping of keys such as title: and date:"
        )
    keys = _mapping_nodes(node)
    problems: list[NoteProblem] = _twice(node, path, offset)

    title = _text(data.get("title"), keys.get("title", (None, None))[1])
    if title is None and "title" in keys:
        raise NoteProblem(
            path, _line(keys["title"][1], offset), "title should be text, on one line"
        )
    if not title:
        raise NoteProblem(
            path, offset + 1, "missing title: add a 'title:' line to the front matter"
        )
    if "date" not in data or data["date"] is None:
        raise NoteProblem(
            path, offset + 1, "missing date: add a 'date: YYYY-MM-DD' line to the front matter"
        )
    date = parse_date(data["date"])
    if date is None:
        raise NoteProblem(
            path,
            _line(keys["date"][1], offset),
            f"date '{data['date']}' is not a date: write it as YYYY-MM-DD",
        )
    end_date = None
    if data.get("end_date") is not None:
        end_date = parse_date(data["end_date"])
        if end_date is None:
            problems.append(
                NoteProblem(
                    path,
                    _line(keys["end_date"][1], offset),
                    "end_date is not a date: write it as YYYY-MM-DD",
                )
            )

    fields: dict[str, str] = {}
    for name in ("kind", "location", "url"):
        if data.get(name) is not None:
            text_value = _text(data[name], keys[name][1])
            if text_value is None:
                problems.append(
                    NoteProblem(path, _line(keys[name][1], offset), f"{name} should be text")
                )
            fields[name] = (text_value or "").lower() if name == "kind" else (text_value or "")
    tags, found = _words(data.get("tags"), keys.get("tags", (None, None))[1], path, offset, "tags")
    problems += found

    talks: list[Talk] = []
    talks_node = keys.get("talks", (None, None))[1]
    raw_talks = data.get("talks")
    if isinstance(raw_talks, list):
        for item_node, item in zip(talks_node.value, raw_talks, strict=True):
            talk, found = _talk(item_node, item, path, offset)
            problems += found
            if talk:
                talks.append(talk)
    elif raw_talks is not None:
        problems.append(
            NoteProblem(
                path,
                _line(talks_node, offset),
                "talks should be a list, one '- title: ...' per talk",
            )
        )

    preamble, found_sections = sections(split.body, split.body_line)
    waiting: dict[str, list[int]] = {}
    for index, talk in enumerate(talks):
        waiting.setdefault(heading_key(talk.title), []).append(index)
    notes: dict[int, str] = {}
    event_text = [preamble]
    for section in found_sections:
        queue = waiting.get(heading_key(section.heading)) if section.heading else None
        if queue:
            notes[queue.pop(0)] = section.text.strip("\n")
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
    for queue in waiting.values():
        for index in queue:
            talk = talks[index]
            problems.append(
                NoteProblem(
                    path,
                    talk.line,
                    f"talk '{talk.title}' has no '## {talk.title}' section in the body",
                )
            )
    talks = [replace(talk, notes=notes.get(index, "")) for index, talk in enumerate(talks)]
    event = Event(
        id=path.stem,
        path=path,
        title=title,
        date=date,
        end_date=end_date,
        tags=tags,
        talks=tuple(talks),
        text="".join(event_text).strip("\n"),
        **fields,
    )
    return Note(event=event, problems=problems)


def front_matter(text: str, path: Path) -> Any:
    """The front matter's data as YAML reads it: every key, the tool's and the user's."""
    split = _split(text, path)
    return _compose(split.front, path, split.front_line)[1]


def read_text(path: Path) -> str:
    """A note's text, exactly (no newline translation), or NoteProblem saying why not."""
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise NoteProblem(path, None, "is a folder, not a note file") from exc
    except OSError as exc:
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


# --- writing ---------------------------------------------------------------------------------


@cache
def _dumper() -> type:
    """Writes front matter the way people write it by hand: indented lists, short flow lists."""

    class Dumper(yaml.SafeDumper):  # type: ignore[misc,name-defined]
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)

    def represent_list(dumper: Any, data: list[Any]) -> Any:
        short = all(isinstance(item, str) and len(item) < 40 for item in data)
        return dumper.represent_sequence(
            "tag:yaml.org,2002:seq", data, flow_style=short and len(data) < 8
        )

    def represent_text(dumper: Any, data: str) -> Any:
        # An abstract of several paragraphs reads best as a block, as a person would write it.
        style = "|" if "\n" in data.strip() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(list, represent_list)
    Dumper.add_representer(str, represent_text)
    return Dumper


def dump_yaml(data: Any) -> str:
    return str(yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=1000))


def talk_mapping(talk: Talk) -> dict[str, Any]:
    """A talk as the tool writes it into front matter."""
    out: dict[str, Any] = {"title": talk.title}
    if talk.speakers:
        out["speakers"] = [speaker.to_dict() for speaker in talk.speakers]
    if talk.tags:
        out["tags"] = list(talk.tags)
    if talk.format:
        out["format"] = talk.format
    if talk.track:
        out["track"] = talk.track
    out.update(talk.extra)
    return out


def new_note_text(draft: Draft) -> str:
    """The full text of a new note: front matter, the event's text, one section per talk."""
    front: dict[str, Any] = {"title": draft.title, "date": draft.date}
    if draft.end_date and draft.end_date != draft.date:
        front["end_date"] = draft.end_date
    for name in ("kind", "location", "url"):
        if getattr(draft, name):
            front[name] = getattr(draft, name)
    if draft.tags:
        front["tags"] = list(draft.tags)
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


def add_talk_text(text: str, talk: Talk, path: Path) -> str:
    """`text` with `talk` appended to its front matter and an empty section for it in the body.

    The talk goes in as text inserted where the talks list ends, in the list's own style (block
    or flow); the section is appended to the body, unless the body already has a section for
    that title. The result is parsed again and compared with the original, so that a file the
    insertion would change in any other way is refused, not written.
    """
    split = _split(text, path)
    node, data = _compose(split.front, path, split.front_line)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise NotesError(
            f"{path}: the front matter is not a plain 'key: value' block; add the talk by hand"
        )
    talks = data.get("talks")
    if talks is not None and not isinstance(talks, list):
        raise NoteProblem(
            path, split.front_line + 1, "talks should be a list; fix it, then add the talk"
        )
    key = heading_key(talk.title)
    if any(
        heading_key(str(t.get("title", "")) if isinstance(t, dict) else str(t)) == key
        for t in talks or []
    ):
        raise NotesError(f"{path}: the event already has a talk '{talk.title}'")

    newline = "\r\n" if "\r\n" in text else "\n"
    front = _insert_talk(split.front, _mapping_nodes(node).get("talks"), talk_mapping(talk))
    closing = text[split.front_end : len(text) - len(split.body)]
    body = split.body
    _, found = sections(body, 0)
    if not any(heading_key(section.heading) == key for section in found):
        if not closing.endswith("\n"):
            closing += newline
        if body and not body.endswith("\n"):
            body += newline
        fence = _open_fence(body)
        if fence:  # an unclosed code block would swallow the new heading
            body += fence + newline
        gap = "" if not body or body.endswith(newline * 2) else newline
        body += f"{gap}## {talk.title}{newline}"
    new_text = (
        text[: split.front_start]
        + front.replace("\n", newline).replace("\r\r", "\r")
        + closing
        + body
    )

    _, new_data = _compose(_split(new_text, path).front, path, split.front_line)
    expected = {
        **data,
        "talks": [*(talks or []), _compose(dump_yaml(talk_mapping(talk)), path, 0)[1]],
    }
    if new_data != expected or list(new_data) != list(expected):
        raise NotesError(
            f"{path}: could not add the talk without changing other text; add it by hand"
        )
    return new_text


def _insert_talk(front: str, talks: tuple[Any, Any] | None, mapping: dict[str, Any]) -> str:
    """The front matter text with one more talk, inserted in the style the list already has."""
    if talks is None:  # no talks key yet: add one at the end
        return front + dump_yaml({"talks": [mapping]})
    key_node, value = talks
    item_indent = key_node.start_mark.column + 2
    if isinstance(value, yaml.SequenceNode) and value.flow_style and value.value:
        # `[A, B]`: in the same style, after the last item (before a trailing comma or comment)
        item = yaml.safe_dump(
            mapping, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6
        ).strip()
        at = value.value[-1].end_mark.index
        return front[:at] + ", " + item + front[at:]
    if isinstance(value, yaml.SequenceNode) and value.value:
        item_indent = value.start_mark.column
        lines = _lines(front)
        end = value.end_mark
        at = end.line if end.column == 0 else end.line + 1
        # Blank lines and comments at the start of a line after the list belong to what follows.
        while at > value.value[-1].start_mark.line + 1 and (
            not lines[at - 1].strip() or lines[at - 1].startswith("#")
        ):
            at -= 1
        offset = sum(len(line) for line in lines[:at])
    else:  # `talks:`, `talks: []`, `talks: ~`: block items go on the line after the value
        start, stop = value.start_mark.index, value.end_mark.index
        end_of_line = front.find("\n", max(stop, key_node.end_mark.index))
        offset = len(front) if end_of_line < 0 else end_of_line + 1
        if stop > start:  # `[]`, `~` or `null` goes; a comment after it stays
            if not front[stop:end_of_line].strip():  # nothing after it: no trailing spaces either
                while start > 0 and front[start - 1] in " \t":
                    start -= 1
                stop = end_of_line if end_of_line >= 0 else len(front)
            front = front[:start] + front[stop:]
            offset -= stop - start
        if offset == len(front) and front and not front.endswith("\n"):
            front += "\n"
            offset += 1
    block = "".join(" " * item_indent + line + "\n" for line in dump_yaml([mapping]).splitlines())
    return front[:offset] + block + front[offset:]


def _open_fence(body: str) -> str:
    """The marker of a code fence left open at the end of `body`, or ""."""
    blocks = CodeBlocks()
    for line in _lines(body):
        blocks.is_code(line)
    return blocks.open


def update_note(path: Path, change: Callable[[str], str]) -> str:
    """Read, change and atomically rewrite a note, one writer at a time. Returns the new text."""
    # A symlinked note is changed where it lives; replacing the link would fork the note.
    path = Path(os.path.realpath(path))
    try:
        with locked(path):
            new_text = change(read_text(path))
            atomic_write(path, new_text)
    except FileNotFoundError as exc:
        raise NotesError(f"{path}: the note disappeared while it was being changed") from exc
    return new_text
