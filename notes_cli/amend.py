"""Changing a note's talks in place: keys of a talk set or removed, talks added.

What `star`, `unstar` and `import --update` write. The note is changed as text, line by line,
never re-dumped: a key the tool changes is rewritten where it stands (its line, and the lines
of its value), a new key goes after the talk's last one, a new talk after the last talk with an
empty section at the end of the body. Every other byte stays: comments, order, the user's own
keys and text. A talk written in a form that has no lines of its own to change (`- Keynote`, a
flow mapping `{title: …}`) is rewritten as a block mapping, that talk alone.

The result is parsed again and compared with what was meant: anything else changed, and the
change is refused rather than written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .addtalk import insert_talk, section_appended
from .errors import NotesError
from .model import Talk
from .notebody import lines_of, split_note
from .yamlfront import compose, dump_yaml, mapping_nodes, talk_mapping, yaml

# A value that means "remove this key".
REMOVE: Any = None


@dataclass(frozen=True)
class TalkChange:
    """New values for keys of one talk (REMOVE takes a key out). The talk is found by the file
    line its item starts on (Talk.line), which names it even when two talks share a title."""

    line: int
    keys: Mapping[str, Any]


def change_talks(
    text: str,
    path: Path,
    changes: Sequence[TalkChange],
    added: Sequence[Talk] = (),
    event_keys: Mapping[str, Any] | None = None,
) -> str:
    """`text` with the talks' keys changed, the talks `added` appended (each with an empty
    `## Title` section unless the body has one) and the event's own `event_keys` set (a new
    one goes before `talks:`). NotesError when it cannot be done without changing anything
    else."""
    split = split_note(text, path)
    offset = split.front_line
    node, data = compose(split.front, path, offset)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise NotesError(
            f"{path}: the front matter is not a plain 'key: value' block; change the talk by hand"
        )
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = lines_of(split.front)
    expected = {**data}
    edits: list[tuple[int, int, list[str]]] = []
    if changes:
        edits, expected["talks"] = _talk_edits(node, data, changes, lines, path, offset)
    if event_keys:
        edits += _top_edits(node, event_keys, lines)
        expected = _top_changed(expected, event_keys)
    # Bottom up, so that the lines of the edits still to come stay where they were; of two at
    # the same line, the one replacing lines first, then the one inserting before them.
    for start, stop, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:stop] = [line.replace("\n", newline) for line in replacement]
    front = "".join(lines)
    closing = text[split.front_end : len(text) - len(split.body)]
    body = split.body
    if added:
        front = _with_talks(front, added, path, offset).replace("\n", newline)
        expected["talks"] = [
            *(expected.get("talks") or []),
            *(compose(dump_yaml(talk_mapping(talk)), path, 0)[1] for talk in added),
        ]
        for talk in added:
            closing, body = section_appended(closing, body, talk.title, newline)
    new_text = text[: split.front_start] + front + closing + body

    _, new_data = compose(split_note(new_text, path).front, path, offset)
    if not _same(new_data, expected):
        raise NotesError(
            f"{path}: could not change the talks without changing other text; change them by hand"
        )
    return new_text


def _talk_edits(
    node: Any,
    data: dict[str, Any],
    changes: Sequence[TalkChange],
    lines: list[str],
    path: Path,
    offset: int,
) -> tuple[list[tuple[int, int, list[str]]], list[Any]]:
    """The line replacements that make the changes, and the talks as they should read after."""
    talks_node = mapping_nodes(node).get("talks", (None, None))[1]
    talks = data.get("talks")
    if not isinstance(talks_node, yaml.SequenceNode) or not isinstance(talks, list):
        raise NotesError(f"{path}: the note has no list of talks to change")
    if talks_node.flow_style:
        raise NotesError(
            f"{path}: the talks are written as one [ … ] list; change the talk by hand"
        )
    items = talks_node.value
    by_line = {item.start_mark.line + offset + 1: number for number, item in enumerate(items)}
    ends = _item_ends(node, talks_node, len(lines))
    new_talks = list(talks)
    edits: list[tuple[int, int, list[str]]] = []
    for change in changes:
        number = by_line.get(change.line)
        if number is None:
            raise NotesError(f"{path}: no talk starts on line {change.line}; try again")
        named = _aliased(talks[number], change.keys)
        new_talks[number] = _changed(talks[number], named)
        edits += _item_edits(items[number], new_talks[number], named, lines, ends[number])
    return edits, new_talks


def _with_talks(front: str, added: Sequence[Talk], path: Path, offset: int) -> str:
    """The front matter with the talks added at the end of its list, in the list's style."""
    front = front.replace("\r\n", "\n")
    for talk in added:
        talks = mapping_nodes(compose(front, path, offset)[0]).get("talks")
        front = insert_talk(front, talks, talk_mapping(talk))
    return front


def _top_changed(data: dict[str, Any], keys: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter's mapping with `keys` set: a new key goes before `talks`."""
    out: dict[str, Any] = {}
    fresh = {k: v for k, v in keys.items() if k not in data and v is not REMOVE}
    for key, value in data.items():
        if key == "talks":
            out.update(_changed({}, fresh))
            fresh = {}
        if key in keys:
            if keys[key] is not REMOVE:
                out[key] = _changed({}, {key: keys[key]})[key]
        else:
            out[key] = value
    out.update(_changed({}, fresh))
    return out


def _top_edits(
    node: Any, keys: Mapping[str, Any], lines: list[str]
) -> list[tuple[int, int, list[str]]]:
    """The line replacements that set the event's own keys."""
    pairs = [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
    starts = [key.start_mark.line for key, _ in pairs]
    bounds = [*starts[1:], len(lines)]
    position = {str(key.value): number for number, (key, _) in enumerate(pairs)}
    edits = []
    for key, new in keys.items():
        number = position.get(key)
        if number is None:
            continue
        stop = _trimmed(lines, starts[number], bounds[number], 0)
        replacement = [] if new is REMOVE else _block("", "", {key: new})
        edits.append((starts[number], stop, replacement))
    fresh = {k: v for k, v in keys.items() if k not in position and v is not REMOVE}
    if fresh:
        at = starts[position["talks"]] if "talks" in position else len(lines)
        if "talks" not in position and starts:
            at = _trimmed(lines, starts[-1], len(lines), 0)
        edits.append((at, at, _block("", "", fresh)))
    return edits


def _aliased(value: Any, keys: Mapping[str, Any]) -> Mapping[str, Any]:
    """`speakers` changed in a talk that names them under `speaker:` changes that key."""
    if (
        isinstance(value, dict)
        and "speakers" in keys
        and "speaker" in value
        and "speakers" not in value
    ):
        return {("speaker" if key == "speakers" else key): new for key, new in keys.items()}
    return keys


def _changed(value: Any, keys: Mapping[str, Any]) -> dict[str, Any]:
    """The talk's mapping as it should read afterwards (values as YAML gives them back)."""
    out = dict(value) if isinstance(value, dict) else {"title": value}
    for key, new in keys.items():
        if new is REMOVE:
            out.pop(key, None)
        else:
            out[key] = compose(dump_yaml({key: new}), Path("value"), 0)[1][key]
    return out


def _item_ends(front: Any, talks: Any, count: int) -> list[int]:
    """The line (0-based, in the front matter) after each talk item: where the next item, or
    the key after the talks list, starts."""
    starts = [item.start_mark.line for item in talks.value[1:]]
    after = count
    found = False
    for key, _ in front.value:
        if found:
            after = key.start_mark.line
            break
        found = isinstance(key, yaml.ScalarNode) and key.value == "talks"
    return [*starts, after]


def _trimmed(lines: list[str], start: int, stop: int, column: int) -> int:
    """`stop`, moved up past blank lines and comments at or left of `column`: those belong to
    what follows."""
    while stop > start + 1:
        line = lines[stop - 1]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if stripped and not (stripped.startswith("#") and indent <= column):
            break
        stop -= 1
    return stop


def _block(prefix: str, indent: str, data: Mapping[str, Any]) -> list[str]:
    """`data` dumped as block YAML, its first line after `prefix`, the others after `indent`."""
    dumped = dump_yaml(dict(data)).splitlines()
    return [
        ((prefix if number == 0 else indent) + line if line.strip() else "") + "\n"
        for number, line in enumerate(dumped)
    ]


def _item_edits(
    item: Any, wanted: dict[str, Any], keys: Mapping[str, Any], lines: list[str], end: int
) -> list[tuple[int, int, list[str]]]:
    """The line replacements that turn one talk item into `wanted`."""
    start_line, column = item.start_mark.line, item.start_mark.column
    prefix = lines[start_line][:column]
    pairs = item.value if isinstance(item, yaml.MappingNode) else []
    first_key = str(pairs[0][0].value) if pairs else None
    if (
        not isinstance(item, yaml.MappingNode)
        or item.flow_style
        or not all(isinstance(key, yaml.ScalarNode) for key, _ in pairs)
        or (first_key is not None and first_key in keys and keys[first_key] is REMOVE)
    ):
        # No lines of its own per key: the whole talk, rewritten as a block mapping.
        stop = _trimmed(lines, start_line, end, column)
        return [(start_line, stop, _block(prefix, " " * column, wanted))]
    starts = [key.start_mark.line for key, _ in pairs]
    if len(set(starts)) != len(starts):  # two keys on one line: not a plain block
        stop = _trimmed(lines, start_line, end, column)
        return [(start_line, stop, _block(prefix, " " * column, wanted))]
    edits = []
    bounds = [*starts[1:], end]
    position = {str(key.value): number for number, (key, _) in enumerate(pairs)}
    for key, new in keys.items():
        number = position.get(key)
        if number is None:
            continue
        first, stop = starts[number], _trimmed(lines, starts[number], bounds[number], column)
        lead = lines[first][: pairs[number][0].start_mark.column]
        replacement = [] if new is REMOVE else _block(lead, " " * column, {key: wanted[key]})
        edits.append((first, stop, replacement))
    fresh = {key: wanted[key] for key in keys if key not in position and keys[key] is not REMOVE}
    if fresh:
        at = _trimmed(lines, starts[-1], end, column)
        edits.append((at, at, _block(" " * column, " " * column, fresh)))
    return edits


def _same(new: Any, expected: Any) -> bool:
    """Equal, with every mapping's keys in the same order."""
    if isinstance(new, dict) and isinstance(expected, dict):
        return list(new) == list(expected) and all(_same(new[k], expected[k]) for k in new)
    if isinstance(new, list) and isinstance(expected, list):
        return len(new) == len(expected) and all(
            _same(a, b) for a, b in zip(new, expected, strict=True)
        )
    return bool(new == expected)
