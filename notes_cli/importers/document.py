"""A post's body as a tree of blocks, whatever it was written in.

Markdown is parsed by markdown-it-py (CommonMark with GFM tables); an HTML body, and every HTML
block inside Markdown, is first rendered as Markdown by `htmltext` (the standard library's HTML
parser), and reStructuredText by `rsttext` (docutils), so one tree serves them all. Each block
knows the lines of text it came from, so that whatever is not a talk is kept word for word.

A block's inline content is a flat run of `Span`s: text with its emphasis and link target, and
line breaks, which is what the recogniser needs to see a bold lead, a linked title or a speaker
on the next line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

MAX_DEPTH = 60  # nesting beyond this is no post but an attack on the parser


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False
    em: bool = False
    href: str = ""
    code: bool = False
    br: bool = False  # a line break inside the block


@dataclass(eq=False)
class Block:
    kind: str  # heading paragraph item table row code html quote rule
    level: int = 0  # heading level; for items, the list's depth (1 for a top-level list)
    spans: tuple[Span, ...] = ()
    children: list[Block] = field(default_factory=list)
    start: int = 0  # source lines [start, end) of `lines`
    end: int = 0
    lines: tuple[str, ...] = ()  # the text the line numbers refer to
    cells: tuple[tuple[Span, ...], ...] = ()  # a row's cells
    header: tuple[str, ...] = ()  # a row's table header, lower case
    ordered: bool = False
    parent: Block | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return plain(self.spans)

    def source(self) -> str:
        """The block's text as written (Markdown), for the notes."""
        return "\n".join(self.lines[self.start : self.end])

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


def plain(spans: tuple[Span, ...] | list[Span]) -> str:
    """The words of a run of spans, breaks as newlines, spaces collapsed."""
    out = "".join("\n" if s.br else s.text for s in spans)
    return "\n".join(" ".join(line.split()) for line in out.split("\n")).strip()


def lines_of(spans: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """The spans of each line of a block (split at breaks), empty lines dropped."""
    out: list[list[Span]] = [[]]
    for span in spans:
        if span.br:
            out.append([])
        else:
            out[-1].append(span)
    return [tuple(line) for line in out if plain(line)]


@cache
def _parser() -> Any:
    """One Markdown parser for every post of an import (markdown-it loads with the first)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"maxNesting": MAX_DEPTH}).enable(["table", "strikethrough"])


def parse_markdown(text: str, *, original: str | None = None) -> list[Block]:
    """The blocks of a Markdown text; HTML blocks become the blocks of their Markdown.

    `original` is the text as written when `text` is a line-for-line reading of it (MDX
    components as their words): the blocks keep the original's lines."""
    lines = tuple((original if original is not None else text).split("\n"))
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, lines, depth=1)
    return blocks


def _blocks(
    tokens: list[Any], at: int, lines: tuple[str, ...], depth: int
) -> tuple[list[Block], int]:
    """The blocks from token `at` up to the closing token of the enclosing container."""
    out: list[Block] = []
    while at < len(tokens):
        token = tokens[at]
        kind = token.type
        if kind.endswith("_close") and kind not in ("heading_close", "paragraph_close"):
            return out, at + 1
        start, end = token.map or (0, 0)
        if kind == "heading_open":
            out.append(
                Block("heading", int(token.tag[1]), _spans(tokens[at + 1]), [], start, end, lines)
            )
            at += 3
        elif kind == "paragraph_open":
            out.append(Block("paragraph", 0, _spans(tokens[at + 1]), [], start, end, lines))
            at += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items, at = _blocks(tokens, at + 1, lines, depth + 1)
            for item in items:
                item.ordered = kind == "ordered_list_open"
            out.extend(items)
        elif kind == "list_item_open":
            children, at = _blocks(tokens, at + 1, lines, depth)
            lead = children[0].spans if children and children[0].kind == "paragraph" else ()
            rest = children[1:] if lead else children
            out.append(Block("item", depth - 1, lead, rest, start, end, lines))
        elif kind == "blockquote_open":
            children, at = _blocks(tokens, at + 1, lines, depth)
            out.append(Block("quote", 0, (), children, start, end, lines))
        elif kind == "table_open":
            table, at = _table(tokens, at, lines)
            out.append(table)
        elif kind == "html_block":
            out.append(_html_block(token.content, start, end, lines, depth))
            at += 1
        elif kind in ("fence", "code_block"):
            out.append(Block("code", 0, (), [], start, end, lines))
            at += 1
        elif kind == "hr":
            out.append(Block("rule", 0, (), [], start, end, lines))
            at += 1
        else:
            at += 1
    return out, at


def _table(tokens: list[Any], at: int, lines: tuple[str, ...]) -> tuple[Block, int]:
    """A table block whose children are its body rows, each knowing the header."""
    start, end = tokens[at].map or (0, 0)
    header: tuple[str, ...] = ()
    rows: list[Block] = []
    cells: list[tuple[Span, ...]] = []
    row_map: tuple[int, int] = (0, 0)
    in_head = False
    at += 1
    while at < len(tokens) and tokens[at].type != "table_close":
        token = tokens[at]
        if token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "tr_open":
            cells, row_map = [], (token.map or (0, 0))[:2]
        elif token.type == "inline":
            cells.append(_spans(token))
        elif token.type == "tr_close" and in_head:
            header = tuple(plain(c).lower() for c in cells)
        elif token.type == "tr_close":
            rows.append(Block("row", 0, (), [], row_map[0], row_map[1], lines, tuple(cells)))
        at += 1
    table = Block("table", 0, (), rows, start, end, lines, header=header)
    for row in rows:
        row.header = header
    return table, at + 1


def _html_block(html: str, start: int, end: int, lines: tuple[str, ...], depth: int) -> Block:
    """An HTML block: kept as written, its content parsed as the Markdown it renders to."""
    from .htmltext import markdown_of_html

    block = Block("html", 0, (), [], start, end, lines)
    if depth < 3 and re.search(r"<(?!!--)[a-zA-Z]", html):
        rendered = markdown_of_html(html)
        block.children = parse_markdown(rendered) if rendered.strip() else []
    return block


def _spans(inline: Any) -> tuple[Span, ...]:
    """The spans of an inline token: emphasis and links as flags, images dropped."""
    out: list[Span] = []
    strong = em = 0
    links: list[str] = []
    for child in inline.children or ():
        kind = child.type
        if kind == "text":
            out.append(Span(child.content, strong > 0, em > 0, links[-1] if links else ""))
        elif kind == "code_inline":
            out.append(
                Span(child.content, strong > 0, em > 0, links[-1] if links else "", code=True)
            )
        elif kind in ("softbreak", "hardbreak"):
            out.append(Span("\n", br=True))
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            links.append(str(child.attrs.get("href", "")))
        elif kind == "link_close" and links:
            links.pop()
        elif kind == "html_inline":
            out.extend(_inline_html(child.content, strong, em, links))
    return tuple(out)


def _inline_html(content: str, strong: int, em: int, links: list[str]) -> list[Span]:
    """`<br>` is a line break; other inline tags carry no words."""
    if re.match(r"<br\s*/?>", content, re.I):
        return [Span("\n", br=True)]
    return []


def blocks_in_order(blocks: list[Block]) -> Iterator[Block]:
    """Every block of a tree, parents before children, with `parent` set."""
    for block in blocks:
        yield from _ordered(block, None)


def _ordered(block: Block, parent: Block | None) -> Iterator[Block]:
    block.parent = parent
    yield block
    for child in block.children:
        yield from _ordered(child, block)
