"""Front matter as YAML: read with a safe loader, keeping each value's line for messages; written
the way people write it by hand.

A document whose aliases expand to too much ("billion laughs") is refused before it is built;
an impossible date is read as text so that the note's reader can say which line holds it. The
readers of one value each (text, a list of words, speakers, a talk) return what they could
read and the problems, with their lines, of what they could not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

from .errors import NoteProblem
from .lazy import lazy_import
from .model import Speaker, Talk

# Loaded on first use: a search that only reads talk sections for its snippets parses no YAML;
# and without compiling its patterns until they are needed (lazy.patterns_deferred).
yaml = lazy_import("yaml", patterns_when_used=True)

_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?!\d)")
SPEAKER_HINT = "write 'Name (Role, Company)' or a mapping with name, role, company"


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


def compose(front: str, path: Path, line_offset: int) -> tuple[Any, Any]:
    """Parse YAML into (node, data): the node tree keeps line numbers for messages."""
    loader = _loader()(front)
    try:
        node = loader.get_single_node()
        # Without an alias (`*name`) nothing expands: the walk is for documents that have one.
        if node is not None and "*" in front and _too_much(node):
            raise NoteProblem(
                path,
                line_offset + 1,
                "front matter expands to too much data (anchors and aliases repeated): remove the aliases",
            )
        if node is not None and "<<" in front:
            _keep_written_keys(node)
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
        # YAML counts a lone carriage return as a line break; the file's lines end at \n.
        line = front.count("\n", 0, mark.index) + line_offset + 1 if mark else line_offset
        what = exc.problem or exc.context or "cannot be read"
        raise NoteProblem(path, line, f"front matter is not valid YAML: {what}") from exc
    except ValueError as exc:
        raise _unreadable_value(front, path, line_offset, exc) from exc
    except (yaml.YAMLError, RecursionError, TypeError) as exc:
        raise NoteProblem(path, line_offset, f"front matter is not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return node, data


def _unreadable_value(front: str, path: Path, offset: int, exc: Exception) -> NoteProblem:
    """A value YAML read but Python cannot hold (an integer of 5,000 digits), named by its line."""
    digits = re.search(r"(?m)^[^#\n]*?[:-][ \t]+[-+]?(\d{4000,})[ \t]*$", front)
    if digits:
        line = front.count("\n", 0, digits.start(1)) + offset + 1
        return NoteProblem(
            path, line, f"a number of {len(digits[1]):,} digits is too long to read: quote it"
        )
    return NoteProblem(path, offset + 1, f"front matter is not valid YAML: {exc}")


MAX_FRONT_MATTER_NODES = 100_000
# How many times its own size the data may grow by aliases: a few shared lists are fine.
MAX_EXPANSION = 10


def _too_much(node: Any) -> bool:
    """Whether aliases expand the YAML to too much data (a "billion laughs" document is small
    on disk and enormous expanded). A large document without aliases (a programme of 5,000
    sessions) is as large as its text, and fine."""
    expanded, distinct = _expanded_size(node)
    return expanded > MAX_FRONT_MATTER_NODES and expanded > MAX_EXPANSION * distinct


def _expanded_size(node: Any) -> tuple[int, int]:
    """(how many values the YAML holds once every alias is expanded, how many nodes it has).
    Shared nodes are counted once per use, computed once each, so this takes time in the size
    of the file, not of the expansion; a node that contains itself counts once."""
    sizes: dict[int, int] = {}
    limit = MAX_EXPANSION * MAX_FRONT_MATTER_NODES

    def size(current: Any) -> int:
        known = sizes.get(id(current))
        if known is not None:
            return known
        sizes[id(current)] = 1
        if isinstance(current, yaml.MappingNode):
            total = 1 + sum(size(key) + size(value) for key, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in current.value)
        else:
            total = 1
        sizes[id(current)] = min(total, limit)
        return min(total, limit)

    try:
        return size(node), len(sizes)
    except RecursionError:  # nested deeper than the reader can follow: refused as too much
        return limit, 1


def _keep_written_keys(node: Any) -> None:
    """Remember the keys each mapping holding a merge key (`<<: *d`) was written with: building
    the data merges the other mapping's keys into it, and those were not written twice."""
    seen: set[int] = set()
    waiting = [node]
    while waiting:
        current = waiting.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            if any(getattr(key, "value", None) == "<<" for key, _ in current.value):
                current.written = [
                    (key, value) for key, value in current.value if key.value != "<<"
                ]
            waiting += [part for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            waiting += current.value


def mapping_nodes(node: Any) -> dict[str, tuple[Any, Any]]:
    """Key text -> (key node, value node) of a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): (key, value)
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def written_twice(node: Any, path: Path, offset: int) -> list[NoteProblem]:
    """Keys written twice in one mapping: YAML keeps the last silently, so say so."""
    first: dict[str, int] = {}
    found = []
    for key, _ in getattr(node, "written", node.value):
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = line_of(key, offset)
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


def line_of(node: Any, offset: int) -> int:
    return int(node.start_mark.line) + offset + 1


def scalar_text(value: Any, node: Any) -> str | None:
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


def word_list(
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
            problem = NoteProblem(path, line_of(node, offset), f"{what} should be a list of words")
            return tuple(w for w in words if w), [problem]
        return tuple(w for w in words if w), []
    return (), [NoteProblem(path, line_of(node, offset), f"{what} should be a list of words")]


def speaker_list(
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
                    line_of(item_node, offset),
                    f"speaker role and company should be text: {SPEAKER_HINT}",
                )
            )
        elif isinstance(item, dict):
            problems.append(
                NoteProblem(
                    path, line_of(item_node, offset), f"speaker has no name: {SPEAKER_HINT}"
                )
            )
        else:
            problems.append(
                NoteProblem(
                    path,
                    line_of(item_node, offset),
                    f"speaker is neither text nor a mapping: {SPEAKER_HINT}",
                )
            )
    return tuple(speakers), problems


def talk_of(
    node: Any, value: Any, path: Path, offset: int
) -> tuple[Talk | None, list[NoteProblem]]:
    line = line_of(node, offset)
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
    keys = mapping_nodes(node)
    title = scalar_text(value.get("title"), keys.get("title", (None, None))[1])
    if not title:
        return None, [NoteProblem(path, line, "talk without a title: give it a title: line")]
    problems: list[NoteProblem] = written_twice(node, path, offset)
    speaker_key = "speakers" if "speakers" in keys else "speaker"
    speakers, found = speaker_list(
        keys.get(speaker_key, (None, None))[1], value.get(speaker_key), path, offset
    )
    problems += found
    tags, found = word_list(
        value.get("tags"), keys.get("tags", (None, None))[1], path, offset, "talk tags"
    )
    problems += found
    fields: dict[str, str] = {}
    for name in ("format", "track"):
        if name in keys:
            text = scalar_text(value[name], keys[name][1])
            if text is None:
                problems.append(
                    NoteProblem(
                        path, line_of(keys[name][1], offset), f"talk {name} should be a word"
                    )
                )
            fields[name] = (text or "").lower() if name == "format" else (text or "")
    known = {"title", "speakers", "speaker", "tags", "format", "track"}
    extra = {k: v for k, v in value.items() if k not in known}
    return Talk(
        title=title, speakers=speakers, tags=tags, line=line, extra=extra, **fields
    ), problems


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
    from .yamlwrite import fast_dump

    fast = fast_dump(data, _dumper())  # the same text, by libyaml, when it can give it
    if fast is not None:
        return fast
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
