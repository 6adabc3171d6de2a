"""The two parts of a note's text, its YAML front matter and its Markdown body, and the
body's `#`/`##` sections: found without reading any YAML, by everything that reads or changes
a note (notefile.py pairs the sections with the talks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import NoteProblem
from .model import CodeBlocks, heading_key

_SECTION = re.compile(r"^ {0,3}(#{1,2})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")


@dataclass(frozen=True)
class Split:
    front: str  # the YAML between the --- lines
    front_line: int  # 0-based line of the file where `front` starts
    front_start: int  # offsets of `front` in the text
    front_end: int
    body: str
    body_line: int  # 0-based line of the file where the body starts


class Section(NamedTuple):  # a value, made a few times per note: a tuple is made fastest
    heading: str
    line: int  # 1-based line of the heading in the file
    text: str


def lines_of(text: str) -> list[str]:
    """Lines with their endings, split on \\n only (YAML and editors agree on that)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


# The line that closes the front matter: `---` or `...`, then only spaces of any kind (what
# str.rstrip takes off); `$` before a `\n` or at the end, as lines_of splits.
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def split_note(text: str, path: Path) -> Split:
    first_end = text.find("\n") + 1 or len(text)
    if text[:first_end].lstrip("\ufeff").rstrip() != "---":
        raise NoteProblem(
            path, 1, "no front matter: a note starts with a '---' line, then title: and date:"
        )
    closing = _CLOSING.search(text, first_end)
    if closing is None:
        raise NoteProblem(path, 1, "the front matter opened on line 1 is never closed with '---'")
    body_start = text.find("\n", closing.end()) + 1 or len(text)
    return Split(
        front=text[first_end : closing.start()],
        front_line=1,
        front_start=first_end,
        front_end=closing.start(),
        body=text[body_start:],
        body_line=text.count("\n", 0, closing.start()) + 1,
    )


def sections(body: str, first_line: int) -> tuple[str, list[Section]]:
    """Split a body into the text before the first `#`/`##` heading and the sections after.

    Headings inside fenced code blocks are text. Level-3 and deeper headings stay inside the
    section they are in. `first_line` is the 0-based file line where the body starts.
    """
    if "\r" not in body:
        found = _sections_found(body, first_line)  # None: a fence to follow, line by line
        if found is not None:
            return found
    return _sections_by_line(body, first_line)


def _sections_by_line(body: str, first_line: int) -> tuple[str, list[Section]]:
    """`sections`, following the code blocks line by line."""
    preamble: list[str] = []
    found: list[tuple[str, int, list[str]]] = []
    blocks = CodeBlocks()
    for number, line in enumerate(lines_of(body)):
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


_SECTION_LINE = re.compile(_SECTION.pattern, re.MULTILINE)
# A line that may be a heading, or a code fence (model.CodeBlocks): found as fast as a `\n`.
_MAYBE_HEADING = re.compile(r"\n {0,3}(?:#|```|~~~)")


def _sections_found(body: str, first_line: int) -> tuple[str, list[Section]] | None:
    """`sections` of a body with no carriage return, whose heading lines are found by one
    scan for the lines that start like one, not a match per line; None if a line of the body
    opens a code fence."""
    found: list[tuple[str, int, int]] = []  # heading ("" for `#`), its line, where text starts
    starts: list[int] = []  # where each heading line starts
    line, at = first_line, 0
    for maybe in _MAYBE_HEADING.finditer("\n" + body):
        if body[maybe.end() - 2] != "#":  # ``` or ~~~
            return None
        start = maybe.start()  # in the body: the line after the `\n`
        end = body.find("\n", start)
        match = _SECTION_LINE.match(body, start, len(body) if end < 0 else end)
        if not match:
            continue
        line += body.count("\n", at, start)
        at = start
        if len(match[1]) == 2 and match[2]:
            found.append((match[2], line + 1, len(body) if end < 0 else end + 1))
        else:  # a `#` heading starts a part of the event's own text, its line included
            found.append(("", line + 1, start))
        starts.append(start)
    if not starts:
        return body, []
    ends = [*starts[1:], len(body)]
    return body[: starts[0]], [
        Section(h, n, body[s:e]) for (h, n, s), e in zip(found, ends, strict=True)
    ]


def body_sections(text: str, path: Path) -> tuple[str, dict[str, str]]:
    """The body's text before its first section, and each `##` section's text by heading key.

    Reads no YAML: a search that needs a few talks' notes for its snippets gets them at the
    cost of a file read.
    """
    split = split_note(text, path)
    preamble, found = sections(split.body, split.body_line)
    by_key: dict[str, str] = {}
    for section in found:
        if section.heading:
            by_key.setdefault(heading_key(section.heading), section.text.strip("\n"))
    return preamble.strip("\n"), by_key
