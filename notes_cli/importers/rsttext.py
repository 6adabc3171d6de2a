"""reStructuredText as Markdown, through docutils' own parser (Nikola and Pelican posts).

Sections become headings by depth, lists, tables, quotes and literal blocks their Markdown
forms, references `[text](url)`. Directives that would read other files or raw HTML are off,
and docutils' complaints about the markup are kept to itself: a post with a broken table still
gives its words.
"""

from __future__ import annotations

from typing import Any


def markdown_of_rst(text: str) -> str:
    from docutils.core import publish_doctree

    settings = {
        "report_level": 5,
        "halt_level": 5,
        "warning_stream": False,
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "input_encoding": "unicode",
        "syntax_highlight": "none",
        "doctitle_xform": False,
        "sectsubtitle_xform": False,
    }
    tree = publish_doctree(text, settings_overrides=settings)
    return "\n\n".join(b for b in _blocks(tree.children, 1) if b.strip()) + "\n"


def _blocks(nodes: Any, depth: int) -> list[str]:
    out: list[str] = []
    for node in nodes:
        name = node.tagname
        if name == "section":
            title = next((c for c in node.children if c.tagname == "title"), None)
            if title is not None:
                out.append(f"{'#' * min(depth, 6)} {_inline(title)}")
            out.extend(_blocks([c for c in node.children if c is not title], depth + 1))
        elif name in ("paragraph", "line_block", "line"):
            out.append(
                _inline(node)
                if name != "line_block"
                else "\n".join(_inline(c) for c in node.children)
            )
        elif name in ("bullet_list", "enumerated_list"):
            out.append(_list(node, name == "enumerated_list"))
        elif name in ("literal_block", "doctest_block"):
            out.append("```\n" + node.astext() + "\n```")
        elif name == "block_quote":
            inner = "\n\n".join(_blocks(node.children, depth))
            out.append("\n".join("> " + line if line else ">" for line in inner.split("\n")))
        elif name == "table":
            out.append(_table(node))
        elif name in ("comment", "system_message", "substitution_definition", "target"):
            continue
        elif name == "title":
            out.append(f"{'#' * min(depth, 6)} {_inline(node)}")
        elif (
            node.children
            and not isinstance(node.children[0], str)
            and hasattr(node.children[0], "tagname")
        ):
            out.extend(_blocks(node.children, depth))
        else:
            out.append(node.astext())
    return out


def _list(node: Any, ordered: bool) -> str:
    items = []
    for number, item in enumerate(node.children, start=1):
        marker = f"{number}." if ordered else "-"
        body = "\n\n".join(_blocks(item.children, 1)).split("\n")
        pad = " " * (len(marker) + 1)
        items.append("\n".join([f"{marker} {body[0]}", *(pad + b if b else "" for b in body[1:])]))
    return "\n".join(items)


def _table(node: Any) -> str:
    rows = [
        [_inline(entry).replace("|", "\\|").replace("\n", "<br>") for entry in row.children]
        for row in node.traverse(lambda n: n.tagname == "row")
    ]
    if not rows:
        return node.astext()
    width = max(len(r) for r in rows)
    lines = []
    for number, row in enumerate(rows):
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
        if number == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


def _inline(node: Any) -> str:
    parts = []
    for child in node.children:
        name = getattr(child, "tagname", "#text")
        if name == "#text":
            parts.append(str(child).replace("\n", " "))
        elif name == "strong":
            parts.append(f"**{_inline(child)}**")
        elif name == "emphasis":
            parts.append(f"*{_inline(child)}*")
        elif name == "literal":
            parts.append(f"`{child.astext()}`")
        elif name == "reference" and child.get("refuri"):
            parts.append(f"[{_inline(child)}]({child['refuri']})")
        elif name in ("paragraph", "entry"):
            parts.append(_inline(child))
        elif name in ("target", "system_message", "problematic"):
            parts.append("" if name != "problematic" else child.astext())
        else:
            parts.append(child.astext().replace("\n", " "))
    return "".join(parts).strip()
