"""Markdown that runs nothing when a blog renders it: what an import writes and an export
publishes.

Taken out of the text, outside code (fenced and indented blocks, inline code spans, which a
renderer shows as text): `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>` and their
kin with what they hold, event-handler attributes (`onclick=` ...), and every link, image or
attribute whose address runs code or carries a document (`javascript:`, `vbscript:`, `data:`);
a link's words stay. Text that was escaped (`&lt;script&gt;`) stays escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .model import Draft

# Patterns, not compiled: loading this module costs none of it.
_QUICK = r"(?i)<|script|data\s*:"
_LIVE = "script|style|iframe|object|embed|applet|frame|frameset|noscript|template|base|meta|link"
_LIVE_ELEMENT = rf"(?is)<({_LIVE})\b[^>]*>.*?</\1\s*>"
_LIVE_TAG = rf"(?i)</?(?:{_LIVE})\b[^>]*>"
_TAG = r"<[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>"
_ATTRIBUTE = r"""(?is)\s+([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"""
_LINK = r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)((?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*)\)"
_REFERENCE = r"(?im)^ {0,3}\[[^\]]+\]:[ \t]*<?(\S*?)>?(?:[ \t].*)?$"
_AUTOLINK = r"(?i)<[a-z][a-z0-9+.-]*:[^<>\s]*>"
_CODE_SPAN = r"(`+)(?!`).*?(?<!`)\1(?!`)"
_HOLE = "\ue000{}\ue001"


def unsafe_address(address: str) -> bool:
    """Whether a link's address runs code or carries a document: `javascript:`, `vbscript:`,
    `data:`, however spelled (entities, case, spaces and control characters inside)."""
    import html  # with its table of entities (1.5 ms): only for a link, not for every note read

    plain = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(address)).lower()
    return plain.startswith(("javascript:", "vbscript:", "data:", "livescript:"))


def _maybe_live(text: str) -> bool:
    """Whether `_QUICK` finds something in `text`. ASCII text without a `<` and without the
    words is passed by `in`, a dozen times faster than the pattern that ignores case (other
    text may hold letters that case folding matches: the long s, the Kelvin sign)."""
    if text.isascii():
        lower = text.lower()
        if "<" not in text and "script" not in lower and "data" not in lower:
            return False
    return re.search(_QUICK, text) is not None


def safe_markdown(text: str) -> str:
    """`text` with everything live taken out (see the module's docstring), code left as is."""
    if not _maybe_live(text):
        return text  # the usual case
    lines = text.split("\n")
    code = _code_lines(text)
    out: list[str] = []
    prose: list[str] = []
    for number, line in enumerate(lines):
        if number in code:
            if prose:
                out.append(_safe_prose("\n".join(prose)))
                prose = []
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.append(_safe_prose("\n".join(prose)))
    return "\n".join(out)


def _code_lines(text: str) -> set[int]:
    """The lines of fenced and indented code blocks, as markdown-it reads them."""
    if "```" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return set()
    from markdown_it import MarkdownIt

    lines: set[int] = set()
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines


def _safe_prose(text: str) -> str:
    spans: list[str] = []

    def hole(match: re.Match[str]) -> str:
        spans.append(match[0])
        return _HOLE.format(len(spans) - 1)

    text = re.sub(_CODE_SPAN, hole, text, flags=re.S)
    text = re.sub(_LIVE_ELEMENT, "", text)
    text = re.sub(_LIVE_TAG, "", text)
    text = re.sub(_TAG, _safe_tag, text)
    text = re.sub(_AUTOLINK, lambda m: "" if unsafe_address(m[0][1:-1]) else m[0], text)
    text = re.sub(_LINK, _safe_link, text)
    text = re.sub(_REFERENCE, lambda m: "" if unsafe_address(m[1]) else m[0], text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: spans[int(m[1])], text)


def _safe_tag(match: re.Match[str]) -> str:
    """An HTML tag without its event handlers and live addresses."""

    def attribute(found: re.Match[str]) -> str:
        name, value = found[1].lower(), found[2].strip("\"'")
        if name.startswith("on") or name in ("srcdoc", "formaction") or unsafe_address(value):
            return ""
        return found[0]

    return re.sub(_ATTRIBUTE, attribute, match[0])


def _safe_link(match: re.Match[str]) -> str:
    image, words, address = match[1], match[2], match[3].strip("<>")
    if not unsafe_address(address):
        return match[0]
    return "" if image else words


def safe_draft(draft: Draft) -> Draft:
    """An imported event with nothing live in its text, its talks' notes and its other values
    (an abstract, a slides address)."""
    talks = tuple(
        replace(talk, notes=safe_markdown(talk.notes), extra=_safe_values(talk.extra))
        for talk in draft.talks
    )
    return replace(
        draft,
        text=safe_markdown(draft.text),
        url="" if unsafe_address(draft.url) else draft.url,
        talks=talks,
        extra=_safe_values(draft.extra),
    )


def _safe_values(value: Any) -> Any:
    if isinstance(value, str):
        return "" if unsafe_address(value) else safe_markdown(value)
    if isinstance(value, Mapping):
        return {key: _safe_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_safe_values(item) for item in value)
    return value
