"""HTML as Markdown: WordPress, Blogger, Ghost and meetup.com bodies, and HTML inside Markdown.

The standard library's HTML parser reads the tags into a tree (closing what browsers close
implicitly: a paragraph at the next block, an item at the next item, a cell at the next cell),
and the tree is written out as Markdown: headings, paragraphs, nested lists, GFM tables (a line
break inside a cell as `<br>`), quotes, code, links, bold and italics. Layout tables (one column,
or one row) become their cells' paragraphs. Scripts and styles carry no words and are dropped.

Nothing live is written (sanitise.py): text that was escaped in the HTML (`&lt;script&gt;`)
stays escaped in the Markdown, and a link, image or frame whose address runs code or carries a
document (`javascript:`, `data:`) keeps its words only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from notes_cli.sanitise import unsafe_address

_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "embed"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "blockquote", "pre", "hr", "dl", "dt", "dd", "form", "center",
    "body", "html", "iframe", "caption",
}  # fmt: skip
_CLOSED_BY = {  # an open element that a new one of these implicitly closes
    "p": _BLOCK - {"td", "th", "tr", "tbody", "thead", "tfoot", "caption"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "tbody", "thead", "tfoot"},
    "td": {"td", "th", "tr", "tbody", "thead", "tfoot"},
    "th": {"td", "th", "tr", "tbody", "thead", "tfoot"},
}
MAX_DEPTH = 200


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in _SKIP:
            self.skipping += tag not in _VOID  # count what opens inside a dropped element
            return
        while len(self.stack) > 1 and tag in _CLOSED_BY.get(self.stack[-1].tag, ()):
            self.stack.pop()
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.skipping and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def markdown_of_html(html: str) -> str:
    """The Markdown an HTML text reads as."""
    blocks = _render_blocks(parse_html(html).children)
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def _render_blocks(children: list[Node | str]) -> list[str]:
    """Markdown blocks (paragraphs, headings, lists...) of a run of nodes."""
    out: list[str] = []
    inline: list[Node | str] = []

    def flush() -> None:
        text = _inline(inline).strip()
        if text:
            out.append(text)
        inline.clear()

    for child in children:
        if isinstance(child, str) or child.tag not in _BLOCK:
            inline.append(child)
            continue
        flush()
        out.extend(_render_block(child))
    flush()
    return out


def _render_block(node: Node) -> list[str]:
    tag = node.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _inline(node.children).strip().replace("\n", " ")
        return [f"{'#' * int(tag[1])} {text}"] if text else []
    if tag in ("ul", "ol"):
        return [_list(node)]
    if tag == "table":
        return _table(node)
    if tag == "blockquote":
        inner = "\n\n".join(_render_blocks(node.children))
        return ["\n".join("> " + line if line else ">" for line in inner.split("\n"))]
    if tag == "pre":
        code = _text(node).strip("\n")
        return [f"```\n{code}\n```"] if code.strip() else []
    if tag == "hr":
        return ["---"]
    if tag == "iframe":  # a video or slides: their address, if it is one to follow
        src = node.attrs.get("src", "")
        return [src] if src and re.match(r"(?i)https?://", src.strip()) else []
    return _render_blocks(node.children)


def _list(node: Node) -> str:
    items = []
    number = 1
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                items.append(f"- {child.strip()}")
            continue
        marker = f"{number}." if node.tag == "ol" else "-"
        number += 1
        body = "\n\n".join(_render_blocks(child.children if child.tag == "li" else [child]))
        pad = " " * (len(marker) + 1)
        lines = body.split("\n") or [""]
        items.append(
            "\n".join(
                [f"{marker} {lines[0]}", *((pad + line) if line else "" for line in lines[1:])]
            )
        )
    return "\n".join(items)


def _table(node: Node) -> list[str]:
    """A GFM table, or the cells' own blocks for a table used for layout."""
    rows: list[tuple[list[str], bool]] = []
    for row in _rows(node):
        cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
        if cells:
            header = all(c.tag == "th" for c in cells)
            rows.append(([_cell(c) for c in cells], header))
    width = max((len(r) for r, _ in rows), default=0)
    if width < 2 or len(rows) < 2:
        return [
            b
            for row in _rows(node)
            for c in row.children
            if isinstance(c, Node)
            for b in _render_blocks(c.children)
        ]
    if not rows[0][1]:
        rows.insert(0, ([""] * width, True))
    lines: list[str] = []
    for number, (texts, _) in enumerate(rows):
        padded = texts + [""] * (width - len(texts))
        lines.append("| " + " | ".join(padded) + " |")
        if number == 0:
            lines.append("|" + "---|" * width)
    return ["\n".join(lines)]


def _rows(node: Node) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                found.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                found.extend(_rows(child))
    return found


def _cell(node: Node) -> str:
    blocks = _render_blocks(node.children)
    text = "<br>".join(b.replace("\n", "<br>") for b in blocks)
    return text.replace("|", "\\|")


def _inline(children: list[Node | str], *, code: bool = False) -> str:
    """Inline Markdown of a run of nodes; whitespace collapsed as a browser does; a `<` that
    would start a tag (it was `&lt;` in the HTML) written `&lt;` again, except in code."""
    parts: list[str] = []
    for child in children:
        if isinstance(child, str):
            text = re.sub(r"\s+", " ", child)
            parts.append(text if code else _escaped(text))
            continue
        parts.append(_inline_node(child))
    text = "".join(parts)
    return re.sub(r" *\n *", "\n", text)


def _escaped(text: str) -> str:
    """Text as its HTML wrote it: what reads as a tag is written `&lt;b&gt;` again."""
    text = re.sub(r"<([A-Za-z/!?][^<>]*)>", r"&lt;\1&gt;", text)
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)


def _inline_node(node: Node) -> str:
    tag = node.tag
    if tag == "br":
        return "\n"
    if tag == "img":
        alt, src = node.attrs.get("alt", ""), node.attrs.get("src", "")
        return f"![{alt}]({src})" if src and not unsafe_address(src) else ""
    inner = _inline(node.children, code=tag == "code")
    if tag in _BLOCK:  # a block inside inline content (a div in a cell): its own line
        return "\n" + "\n".join(_render_blocks(node.children)) + "\n"
    if not inner.strip():
        return inner
    lead, core, trail = _edges(inner)
    if tag in ("strong", "b"):
        return f"{lead}**{core}**{trail}"
    if tag in ("em", "i"):
        return f"{lead}*{core}*{trail}"
    if tag == "code":
        return f"{lead}`{core}`{trail}"
    if tag == "a" and node.attrs.get("href") and not unsafe_address(node.attrs["href"]):
        return f"{lead}[{core}]({node.attrs['href'].replace(' ', '%20')}){trail}"
    return inner


def _edges(text: str) -> tuple[str, str, str]:
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead, core, trail


def _text(node: Node) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in node.children)
