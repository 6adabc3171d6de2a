"""Changes to one talk of a note, made as text: lines jotted into its section; the talk taken
out, its notes kept in the event's own text.

Like adding a talk, each change is made to the file's text as it is, and the result is parsed
again and compared with what was asked: any other difference refuses the change, so that no
byte the tool does not own is ever rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotesError
from .model import CodeBlocks, Talk, heading_key
from .notebody import lines_of, sections, split_note
from .notefile import parse_note
from .yamlfront import compose, mapping_nodes

_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s")


@dataclass(frozen=True)
class Place:
    """Where a talk's section is in a body: the lines of its heading and of what follows it."""

    heading: int  # index in the body's lines, or -1 when the body has no section for it
    end: int  # index of the first line after the section


def _place(body_lines: list[str], body_line: int, title: str, occurrence: int) -> Place:
    """The section of the `occurrence`-th talk titled `title` (as the reader pairs them)."""
    _, found = sections("".join(body_lines), body_line)
    starts = [section.line - body_line - 1 for section in found]
    key = heading_key(title)
    matching = [
        number for number, section in enumerate(found) if heading_key(section.heading) == key
    ]
    if occurrence >= len(matching):
        return Place(-1, len(body_lines))
    number = matching[occurrence]
    end = starts[number + 1] if number + 1 < len(starts) else len(body_lines)
    return Place(starts[number], end)


def section_line(text: str, path: Path, title: str, occurrence: int) -> int | None:
    """The line (1-based) of the talk's section heading, or None when it has none."""
    split = split_note(text, path)
    _, found = sections(split.body, split.body_line)
    key = heading_key(title)
    lines = [section.line for section in found if heading_key(section.heading) == key]
    return lines[occurrence] if occurrence < len(lines) else None


def bullets(lines: Sequence[str], stamp: str = "") -> list[str]:
    """The lines as list items (a line that is one already stays one), `stamp` before each."""
    found = []
    for line in lines:
        text = line.rstrip()
        if not text.strip():
            continue
        if _ITEM.match(text):
            marker, _, rest = text.strip().partition(" ")
            found.append(f"{marker} {stamp}{rest.strip()}" if stamp else text.strip())
        else:
            found.append(f"- {stamp}{text.strip()}")
    return found


def jot_text(text: str, path: Path, title: str, occurrence: int, lines: Sequence[str]) -> str:
    """`text` with `lines` (list items) at the end of the talk's section; the section is added
    at the end of the body when it has none. Nothing else of the text changes."""
    if not lines:
        raise NotesError("nothing to jot: give the text, or - to read it from stdin")
    newline = "\r\n" if "\r\n" in text else "\n"
    split = split_note(text, path)
    body_lines = lines_of(split.body)
    place = _place(body_lines, split.body_line, title, occurrence)
    added = [line + newline for line in lines]
    if place.heading < 0:
        new_lines = [*_closed(body_lines, newline)]
        if new_lines and new_lines[-1].strip():
            new_lines.append(newline)
        new_lines += [f"## {title}{newline}", newline, *added]
    else:
        last = place.end
        while last > place.heading + 1 and not body_lines[last - 1].strip():
            last -= 1
        inside = body_lines[place.heading + 1 : last]
        ending = [*_closed(inside, newline)][len(inside) :]
        if body_lines[last - 1 : last] and not body_lines[last - 1].endswith("\n"):
            body_lines[last - 1] += newline
        gap = [] if inside and not ending and _ITEM.match(inside[-1]) else [newline]
        after = [newline] if last < len(body_lines) and last == place.end else []
        new_lines = [
            *body_lines[:last],
            *ending,
            *gap,
            *added,
            *after,
            *body_lines[last:],
        ]
    head = text[: len(text) - len(split.body)]
    new_text = (head if head.endswith("\n") else head + newline) + "".join(new_lines)
    _check(text, new_text, path, title, occurrence, lines)
    return new_text


def _closed(lines: list[str], newline: str) -> list[str]:
    """`lines`, and a closing fence when they leave a code block open (it would swallow what
    comes after)."""
    blocks = CodeBlocks()
    for line in lines:
        blocks.is_code(line)
    if not blocks.open:
        return lines
    last = lines[-1] if lines[-1].endswith("\n") else lines[-1] + newline
    return [*lines[:-1], last, blocks.open + newline]


def _check(
    old: str, new: str, path: Path, title: str, occurrence: int, lines: Sequence[str]
) -> None:
    """Refuse a jot that would change anything but the end of the talk's section."""
    before, after = split_note(old, path), split_note(new, path)
    old_preamble, old_sections = sections(before.body, before.body_line)
    new_preamble, new_sections = sections(after.body, after.body_line)
    key = heading_key(title)
    ours = [n for n, s in enumerate(new_sections) if heading_key(s.heading) == key]
    target = ours[occurrence] if occurrence < len(ours) else -1
    others_new = [s.text.strip() for n, s in enumerate(new_sections) if n != target]
    others_old = [s.text.strip() for s in old_sections]
    if len(others_old) > len(others_new):  # the section was there before: compare without it
        old_ours = [n for n, s in enumerate(old_sections) if heading_key(s.heading) == key]
        del others_old[old_ours[occurrence]]
    written = new_sections[target].text if target >= 0 else ""
    if (
        before.front != after.front
        or old_preamble.strip() != new_preamble.strip()
        or others_old != others_new
        or not written.rstrip().endswith(lines[-1])
    ):
        raise NotesError(f"{path}: could not jot into '{title}' without changing other text")


# --- taking a talk out ---------------------------------------------------------------------


def removed_heading(title: str) -> str:
    """The heading a removed talk's notes go under; a private talk's stay private."""
    private = re.search(r"(?i)\s*\(\s*private\s*\)\s*$", title)
    if private:
        return f"### {title[: private.start()]} (removed talk) (private)"
    return f"### {title} (removed talk)"


def removed_lines(talk: Talk) -> list[str]:
    """What a removed talk leaves in the event's text before its notes: the heading, and what
    the front matter said of it as list items (speakers, format, tags, links, abstract...)."""
    about = [", ".join(s.label() for s in talk.speakers)]
    about += [talk.format if talk.format not in ("", "talk") else ""]
    about += [f"track: {talk.track}" if talk.track else ""]
    about += ["tags: " + ", ".join(talk.tags) if talk.tags else ""]
    facts = [" · ".join(a for a in about if a)] if any(about) else []
    for key, value in talk.extra.items():
        if isinstance(value, str | int | float) and str(value).strip():
            facts.append(f"{key}: {' '.join(str(value).split())}")
    return [removed_heading(talk.title), *(f"- {fact}" for fact in facts)]


def remove_talk_text(text: str, path: Path, talks: Sequence[Talk], index: int) -> str:
    """`text` without `talks[index]` (the talks as read from `text`) in its front matter, and
    with its section's notes moved to the end of the event's own text under `removed_heading`."""
    newline = "\r\n" if "\r\n" in text else "\n"
    talk = talks[index]
    key = heading_key(talk.title)
    occurrence = sum(heading_key(t.title) == key for t in talks[:index])
    on_its_line = sum(t.line == talk.line for t in talks[:index])  # [A, B] share a line
    split = split_note(text, path)
    front = _without_item(split.front, split.front_line, talk, on_its_line, path)
    body_lines = lines_of(split.body)
    place = _place(body_lines, split.body_line, talk.title, occurrence)
    if place.heading >= 0:
        notes = body_lines[place.heading + 1 : place.end]
        body_lines = body_lines[: place.heading] + body_lines[place.end :]
        _move_to_preamble(body_lines, notes, removed_lines(talk), newline)
    elif len(removed_lines(talk)) > 1:  # no section, but speakers or links to keep
        _move_to_preamble(body_lines, [], removed_lines(talk), newline)
    new_text = (
        text[: split.front_start] + front + text[split.front_end : len(text) - len(split.body)]
    ) + "".join(body_lines)
    _check_removed(text, new_text, path, index)
    return new_text


def _move_to_preamble(body: list[str], notes: list[str], header: list[str], newline: str) -> None:
    """Put `notes` under `header` (a heading and facts) at the end of the body's text before
    its first section."""
    while notes and not notes[0].strip():
        notes.pop(0)
    while notes and not notes[-1].strip():
        notes.pop()
    if not notes and len(header) < 2:
        return
    if notes and not notes[-1].endswith("\n"):
        notes[-1] += newline
    facts = [line + newline for line in header[1:]]
    moved = [header[0] + newline, newline, *facts, *([newline] if facts and notes else [])]
    moved += _closed(notes, newline) if notes else []
    preamble, _ = sections("".join(body), 0)
    at = len(lines_of(preamble))
    while at > 0 and not body[at - 1].strip():
        at -= 1
    if at and not body[at - 1].endswith("\n"):
        body[at - 1] += newline
    if not "".join(body[at:]).strip():
        del body[at:]  # nothing after: no blank lines left at the end either
    before = [newline] if at else []
    after = [newline] if at < len(body) and body[at].strip() else []
    body[at:at] = [*before, *moved, *after]


def _without_item(front: str, front_line: int, talk: Talk, on_its_line: int, path: Path) -> str:
    """The front matter text without the talks list's item read as `talk`: its lines in a
    block list (comments after it stay: they may be about what follows), its text in a flow
    list; `talks: []` when it was the only one."""
    node, _ = compose(front, path, front_line)
    key, items = mapping_nodes(node).get("talks", (None, None))
    found = [
        n
        for n, item in enumerate(getattr(items, "value", []))
        if item.start_mark.line + front_line + 1 == talk.line
    ]
    if len(found) <= on_its_line or key is None:
        raise NotesError(
            f"{path}: could not find '{talk.title}' in the front matter; remove it by hand"
        )
    number = found[on_its_line]
    item = items.value[number]
    if len(items.value) == 1:
        colon = front.index(":", key.end_mark.index)
        if items.flow_style:
            return front[: colon + 1] + " []" + front[items.end_mark.index :]
        return front[: colon + 1] + " []\n" + front[_end_of_item(front, item) :]
    if items.flow_style:
        if number + 1 < len(items.value):
            following = items.value[number + 1].start_mark.index
            return front[: item.start_mark.index] + front[following:]
        return front[: items.value[number - 1].end_mark.index] + front[item.end_mark.index :]
    start = sum(len(line) for line in lines_of(front)[: item.start_mark.line])
    return front[:start] + front[_end_of_item(front, item) :]


def _end_of_item(front: str, item: Any) -> int:
    """Where a block list item's own lines end: after the line its last value ends on (the
    item's own end mark lies at whatever follows it, comments about the next talk included)."""
    last = item
    while isinstance(getattr(last, "value", None), list) and last.value:
        last = last.value[-1]
        if isinstance(last, tuple):  # a mapping's (key, value)
            last = last[1]
    end = last.end_mark
    line = end.line if end.column == 0 else end.line + 1
    return sum(len(text) for text in lines_of(front)[:line])


def _check_removed(old: str, new: str, path: Path, index: int) -> None:
    """Refuse a removal that would change anything but the talk's place and notes: the other
    talks read the same, and the event's text is what it was plus the moved notes."""
    before, after = parse_note(old, path).event, parse_note(new, path).event
    talk = before.talks[index]

    def facts(talks: Sequence[Talk]) -> list[tuple[Any, ...]]:
        return [
            (t.title, t.speakers, t.tags, t.format, t.track, dict(t.extra), t.notes) for t in talks
        ]

    def words(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    header = removed_lines(talk)
    moved = [*header, *words(talk.notes)] if talk.notes.strip() or len(header) > 1 else []
    blocks = CodeBlocks()
    for line in talk.notes.splitlines():
        blocks.is_code(line)
    if moved and blocks.open:  # the fence that closes a code block the notes left open
        moved.append(blocks.open)
    now = words(after.text)
    at = next((n for n in range(len(now)) if now[n : n + len(moved)] == moved), -1)
    if moved and at >= 0:
        now = now[:at] + now[at + len(moved) :]
    fields = ("title", "date", "end_date", "kind", "location", "url", "tags")
    if (
        facts([t for n, t in enumerate(before.talks) if n != index]) != facts(after.talks)
        or any(getattr(before, f) != getattr(after, f) for f in fields)
        or (moved and at < 0)
        or now != words(before.text)
    ):
        raise NotesError(
            f"{path}: could not remove '{talk.title}' without changing other text; remove it by hand"
        )
