"""The talks recognised, with their notes, and the rest of the post as the event's text.

Each talk owns the text that belongs to it: a heading talk its section (to the next heading of
its level or the next talk), a list item its nested items, a plain line or a lead the
paragraphs after it, a talk told in a paragraph that paragraph. The lines that only carried a
title or speakers become the talk's structure; every other line is kept as written, in the
talk's notes or the event's text, so nothing of the post is lost. Headings at levels one and
two are written at level three: in a note, `##` headings are the talks.
"""

from __future__ import annotations

import re
import textwrap

from notes_cli.importers.document import Block
from notes_cli.importers.lines import pseudo_heading
from notes_cli.importers.units import Candidate, Unit
from notes_cli.model import Speaker, Talk

EVENT = -1


def owners(units: list[Unit], talks: list[Candidate]) -> tuple[list[int], dict[int, int], set[int]]:
    """Per unit, the talk (index in `talks`) it belongs to or EVENT; lines to skip per unit;
    and the units that carried only a title or speakers."""
    owner = [EVENT] * len(units)
    skip: dict[int, int] = {}
    consumed: set[int] = set()
    starts = {c.unit for c in talks}
    for number, c in enumerate(talks):
        unit = units[c.unit]
        for used in c.uses:
            consumed.add(used)
        if c.kind in ("heading", "item", "row", "line"):
            consumed.add(c.unit)
        elif c.kind == "lead":
            skip[c.unit] = c.skip_lines
        first_line_of = c.extra.pop("_skip_first_line_of", None)
        if isinstance(first_line_of, int):
            skip[first_line_of] = 1
        if c.kind == "item" and c.skip_lines:
            skip[c.unit] = c.skip_lines
        for index in _owned(units, unit, c, starts):
            owner[index] = number
    return owner, skip, consumed


def _owned(units: list[Unit], unit: Unit, c: Candidate, starts: set[int]) -> list[int]:
    if c.kind == "row":
        return [unit.index]
    if c.kind == "item":
        return [unit.index, *descendants(units, unit)]
    if c.kind in ("told", "link"):
        return [unit.index] if sum(1 for s in starts if s == unit.index) == 1 else []
    out = [unit.index]
    last = unit.block
    for other in units[unit.index + 1 :]:
        gap = other.block.start - last.end if other.block.lines is last.lines else 0
        if c.kind in ("line", "lead") and other.parent == unit.parent and gap >= 2:
            break  # two blank lines end a section in a plain-text post
        if other.parent == unit.parent:
            last = other.block

        if other.index in starts and not _inside(units, other, unit):
            break
        if other.kind == "heading" and (c.kind != "heading" or other.level <= unit.level):
            break
        if (
            c.kind in ("line", "lead")
            and other.parent != unit.parent
            and not _inside_any(units, other, unit.parent)
        ):
            break
        if c.kind in ("line", "lead") and other.kind == "paragraph" and pseudo_heading(other.block):
            break  # the next line standing alone starts something else
        out.append(other.index)
    return out


def descendants(units: list[Unit], unit: Unit) -> list[int]:
    """The units nested in `unit`: they follow it in reading order, all together."""
    out = []
    for other in units[unit.index + 1 :]:
        if not _inside(units, other, unit):
            break
        out.append(other.index)
    return out


def _inside(units: list[Unit], unit: Unit, container: Unit) -> bool:
    at = unit.parent
    while at >= 0:
        if at == container.index:
            return True
        at = units[at].parent
    return False


def _inside_any(units: list[Unit], unit: Unit, parent: int) -> bool:
    return parent >= 0 and _inside(units, unit, units[parent])


def text_of(
    units: list[Unit],
    owner: list[int],
    who: int,
    skip: dict[int, int],
    consumed: set[int],
    within: range | None = None,
) -> str:
    """The Markdown of the units that belong to `who`, each as it was written."""
    out: list[str] = []
    handled: set[int] = set()
    for unit in units:
        if unit.index in handled or owner[unit.index] != who:
            continue
        if within is not None and unit.index not in within:
            continue
        block = unit.block
        inner = descendants(units, unit)
        if block.kind == "html" and all(owner[i] == who and i not in consumed for i in inner):
            out.append(block.source())
            handled.update(inner)
            continue
        if block.kind == "html" or unit.index in consumed:
            continue
        lines = _own_lines(block, units, unit)
        lines = lines[skip.get(unit.index, 0) :]
        if block.kind == "table" and not any(owner[i] == who and i not in consumed for i in inner):
            continue
        if block.kind == "heading" and block.level <= 2 and lines:
            lines = [f"### {block.text}"]
        out.append("\n".join(lines))
    return _tidy("\n\n".join(part for part in out if part.strip()))


def _own_lines(block: Block, units: list[Unit], unit: Unit) -> list[str]:
    """A block's lines, without those of the blocks nested in it (they are units of their own)."""
    end = block.end
    for child in block.children:
        if child.lines is block.lines and child.start >= block.start:
            end = min(end, child.start)
            break
    lines = list(block.lines[block.start : end])
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _tidy(text: str) -> str:
    text = textwrap.dedent(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def talks_of(
    units: list[Unit], talks: list[Candidate], group_format: dict[int, str] | None = None
) -> tuple[list[Talk], str]:
    """The talks with their notes, and the event's own text."""
    owner, skip, consumed = owners(units, talks)
    out = []
    for number, c in enumerate(talks):
        notes = text_of(units, owner, number, skip, consumed)
        extra = {k: v for k, v in c.extra.items() if not k.startswith("_")}
        links = (
            _links(units[c.unit].block)
            if c.kind in ("heading", "item", "row", "line", "lead")
            else []
        )
        if links and "links" not in extra:
            extra["links"] = links
        out.append(
            Talk(
                title=" ".join(c.title.split()),
                speakers=c.speakers,
                format=c.format,
                extra=extra,
                notes=notes,
            )
        )
    return out, text_of(units, owner, EVENT, skip, consumed)


def _links(block: Block) -> list[str]:
    spans = block.spans if block.kind != "row" else tuple(s for cell in block.cells for s in cell)
    first_line = []
    for span in spans:
        if span.br:
            break
        first_line.append(span)
    urls = [s.href for s in first_line if s.href.startswith(("http://", "https://"))]
    return list(dict.fromkeys(urls))


def merged(pairs: list[tuple[Talk, Candidate]]) -> list[tuple[Talk, Candidate]]:
    """A talk found twice (an agenda, then a section per talk) as one talk: the first place,
    the speakers that say most, both notes."""
    from dataclasses import replace

    from notes_cli.model import heading_key

    out: list[tuple[Talk, Candidate]] = []
    seen: dict[str, int] = {}
    for talk, c in pairs:
        key = heading_key(talk.title)
        at = seen.get(key)
        if at is None or not _same_people(out[at][0], talk):
            seen[key] = len(out)
            out.append((talk, c))
            continue
        first = out[at][0]
        speakers = _richer(first.speakers, talk.speakers)
        notes = "\n\n".join(n for n in (first.notes, talk.notes) if n)
        extra = {**talk.extra, **first.extra}
        out[at] = (
            replace(
                first,
                speakers=speakers,
                notes=notes,
                extra=extra,
                format=first.format or talk.format,
            ),
            out[at][1],
        )
    return out


def _same_people(a: Talk, b: Talk) -> bool:
    if not a.speakers or not b.speakers:
        return True
    return bool({s.name.casefold() for s in a.speakers} & {s.name.casefold() for s in b.speakers})


def _richer(a: tuple[Speaker, ...], b: tuple[Speaker, ...]) -> tuple[Speaker, ...]:
    """The speakers of both, once each, with the role and company either gives."""
    by_name: dict[str, Speaker] = {}
    for speaker in (*a, *b):
        key = speaker.name.casefold()
        known = by_name.get(key)
        if known is None:
            by_name[key] = speaker
        else:
            by_name[key] = Speaker(
                known.name, known.role or speaker.role, known.company or speaker.company
            )
    return tuple(by_name.values())
