"""What a note marks private, found on the parsed Markdown, failing closed.

A part is private when it is
- a section whose heading ends with `(private)`: an ATX (`## x (private)`) or a setext heading
  (`x (private)` underlined), at any depth (in a quote, a list), down to the next heading of its
  level or above;
- text between `<!-- private -->` and `<!-- /private -->`, the marks nested (each opening mark
  needs its own closing one), to the end of the text when a closing mark is missing, and from
  the end of the last private part when a closing mark has no opening one;
- a talk whose title ends with `(private)`, or whose heading lies in a private part.

The marks are looked for on the whole body of a note, not section by section, so a private part
that opens in the event's text and closes in a talk's notes is private in both. Headings are
found by markdown-it (CommonMark), so `## x` in a closed code block is code; a fence that is
never closed is code to a renderer, but its heading-shaped lines still count here: when in doubt,
a part is private. A `<!-- private -->` counts wherever it is, in code too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .model import Event, Talk
from .sanitise import safe_markdown

# Patterns, not compiled: loading this module (every command that parses a note) costs none.
_MARK = r"(?is)<!--\s*(/|end\s*)?private\b.*?(?:-->|\Z)"
_HEADING_LINE = r"^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)*(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$"
_PRIVATE_END = r"(?i)\(\s*private\s*\)[\s*_~`]*$"
_FENCE = r"^[ \t>]*(`{3,}|~{3,})"


@dataclass(frozen=True)
class Published:
    """The public form of a text read from a note: `source` is the text as read (so a text
    changed since is worked out afresh), `text` what may be published, None: nothing (a talk
    whose heading is private)."""

    source: str
    text: str | None


def is_private(talk: Talk) -> bool:
    """A talk whose title ends with `(private)`, or whose heading is inside a private part."""
    published = talk.published
    hidden = isinstance(published, Published) and published.text is None
    return hidden or bool(re.search(_PRIVATE_END, talk.title))


def public_notes(talk: Talk) -> str:
    """A talk's notes as they may be published: without their private parts (worked out on
    the whole note when it was read), and with nothing live in them (sanitise.py)."""
    return safe_markdown(_public(talk.published, talk.notes))


def public_text(event: Event) -> str:
    """The event's own text as it may be published (see public_notes)."""
    return safe_markdown(_public(event.published, event.text))


def _public(published: Any, text: str) -> str:
    if isinstance(published, Published) and published.source == text:
        return published.text or ""
    return without_private(text)


def without_private(markdown: str) -> str:
    """`markdown` with every part marked private taken out (see the module's docstring)."""
    return tidy(masked(markdown))


def tidy(text: str) -> str:
    """Blank lines left by what was taken out made one, the text's edges trimmed."""
    return re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", text).strip("\n")


def masked(markdown: str) -> str:
    """`markdown` with its private parts taken out but every line break kept, so that a line
    of the result is the public part of the same line of `markdown` ("" if nothing)."""
    if "private" not in markdown.lower():
        return markdown  # the usual case: one scan of the text
    return _masked_with(markdown, private_spans(markdown))


def _masked_with(markdown: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return markdown
    out: list[str] = []
    at = 0
    for start, end in spans:
        out += [markdown[at:start], "\n" * markdown.count("\n", start, end)]
        at = end
    out.append(markdown[at:])
    touched = _touched_lines(markdown, spans)
    lines = "".join(out).split("\n")
    return "\n".join("" if n in touched and not s.strip() else s for n, s in enumerate(lines))


def private_spans(markdown: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of every private part of `markdown`, sorted and merged."""
    starts = _line_starts(markdown)
    spans = _marked(markdown)
    for first, last in _private_sections(markdown):
        spans.append((starts[first], starts[last] if last < len(starts) else len(markdown)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _touched_lines(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """The lines (0-based) holding some of the spans."""
    touched: set[int] = set()
    for start, end in spans:
        first = text.count("\n", 0, start)
        touched.update(range(first, first + text.count("\n", start, max(start, end - 1)) + 1))
    return touched


def _marked(text: str) -> list[tuple[int, int]]:
    """The parts between `<!-- private -->` and `<!-- /private -->`, nesting counted."""
    spans: list[tuple[int, int]] = []
    depth, start, last_end = 0, 0, 0
    for mark in re.finditer(_MARK, text):
        if not mark[1]:
            start = mark.start() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, mark.end()))
                last_end = mark.end()
        else:  # a closing mark with none open: what came before it was meant to be private
            spans.append((last_end, mark.end()))
            last_end = mark.end()
    if depth:
        spans.append((start, len(text)))
    return spans


def _private_sections(text: str) -> list[tuple[int, int]]:
    """The (first, past-last) lines of each section whose heading ends with `(private)`."""
    headings = sorted(set(_headings(text)))
    sections = []
    for number, (line, level, private) in enumerate(headings):
        if not private:
            continue
        end = next((n for n, lv, _ in headings[number + 1 :] if lv <= level and n > line), None)
        sections.append((line, text.count("\n") + 1 if end is None else end))
    return sections


def _headings(text: str) -> list[tuple[int, int, bool]]:
    """(line, level, private) of every heading: those markdown-it reads, and heading-shaped
    lines inside a fence that is never closed."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    lines = text.split("\n")
    found: list[tuple[int, int, bool]] = []
    for number, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            content = tokens[number + 1].content if number + 1 < len(tokens) else ""
            found.append((token.map[0], int(token.tag[1]), _marked_private(content)))
        elif token.type == "fence" and token.map and not _closed(token, lines):
            found.extend(_heading_lines(lines, token.map[0] + 1, token.map[1]))
    return found


def _marked_private(heading: str) -> bool:
    return bool(re.search(_PRIVATE_END, heading))


def _closed(fence: Any, lines: list[str]) -> bool:
    start, end = fence.map
    if end - 1 <= start or end - 1 >= len(lines):
        return False
    closing = re.match(_FENCE, lines[end - 1])
    return bool(
        closing and closing[1][0] == fence.markup[0] and len(closing[1]) >= len(fence.markup)
    )


def _heading_lines(lines: list[str], first: int, last: int) -> list[tuple[int, int, bool]]:
    found = []
    for number in range(first, min(last, len(lines))):
        heading = re.match(_HEADING_LINE, lines[number])
        if heading:
            found.append((number, len(heading[1]), _marked_private(heading[2])))
    return found


class _Section(Protocol):
    @property
    def heading(self) -> str: ...  # "" for a `#` heading, whose line is part of `text`
    @property
    def line(self) -> int: ...  # 1-based line of the heading in the file
    @property
    def text(self) -> str: ...


def publish(
    talks: list[Talk],
    text: str,
    body: str,
    sections: Sequence[_Section],
    placed: dict[int, int],
    body_line: int,
) -> tuple[list[Talk], Published | None]:
    """The talks with their notes' public form, and the event text's (`text`), worked out on
    the whole `body`: `sections` are its sections (notefile.sections), `placed` the section of
    each talk by index, `body_line` the file line where the body starts. Nothing marked
    private (the usual case): the talks as they are, and None."""
    if "private" not in body.lower():
        return talks, None
    spans = private_spans(body)
    lines = _masked_with(body, spans).split("\n")
    touched = _touched_lines(body, spans)

    def public(first: int, past: int) -> str:
        return tidy("\n".join(lines[first:past]))

    owner = {number: talk for talk, number in placed.items()}
    first = sections[0].line - body_line - 1 if sections else len(lines)
    event_parts = [public(0, first)]
    published = list(talks)
    for number, section in enumerate(sections):
        heading = section.line - body_line - 1  # the heading's line in `body`
        past = heading + _line_count(section.text) + (1 if section.heading else 0)
        if number in owner:
            talk = published[owner[number]]
            notes = None if heading in touched else public(heading + 1, past)
            published[owner[number]] = replace(talk, published=Published(talk.notes, notes))
        else:
            event_parts.append(public(heading, past))
    return published, Published(text, "\n\n".join(part for part in event_parts if part))


def _line_count(text: str) -> int:
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)
