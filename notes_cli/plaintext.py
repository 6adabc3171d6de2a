"""Markdown as the plain text a reader sees: what a search snippet shows.

Headings lose their `#`s, emphasis its `**` and `_`, links keep their words and lose their
addresses, HTML comments (private marks included) and tags go, and so do fences, rules,
list and quote marks and table rules. The result is one line: spaces collapsed.
"""

from __future__ import annotations

import re

# Patterns, not compiled: `re` compiles and caches them on first use.
_COMMENT = r"(?s)<!--.*?(?:-->|\Z)"
_FENCE_OR_RULE = r"(?m)^ {0,3}(?:`{3,}|~{3,}|[-*_](?:[ \t]*[-*_]){2,}[ \t]*$).*$"
_TABLE_RULE = r"(?m)^ {0,3}\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$"
_LINK_DEFINITION = r"(?m)^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$"
_HEADING = r"(?m)^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$"
_PRIVATE_MARK = r"(?im)[ \t]*\(\s*private\s*\)[ \t]*$"
_LINE_MARK = r"(?m)^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+)?"
_IMAGE_OR_LINK = r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"
_AUTOLINK = r"<((?:https?|mailto):[^>\s]+)>"
_TAG = r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"
_CODE = r"(`+)(.+?)\1"
_STRONG = r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"
_STAR = r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"
_UNDERSCORE = r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"
_STRIKE = r"~~(?=\S)(.+?)(?<=\S)~~"


# Each pass, what it puts in place of a match, and a piece of text it cannot match without: a
# text that holds none of them is left as it is, for a scan of the text instead of the pattern's
# (the passes only take characters out, so what one leaves, the next can look for).
_PASSES = (
    (_COMMENT, " ", ("<!--",)),
    (_FENCE_OR_RULE, "", ("```", "~~~", "-", "*", "_")),
    (_TABLE_RULE, "", ("--",)),
    (_LINK_DEFINITION, "", ("]:",)),
    (_HEADING, r"\1", ("#",)),
    (_PRIVATE_MARK, "", ("(",)),
    (_LINE_MARK, "", ()),  # any line's leading spaces
    (_IMAGE_OR_LINK, r"\1", ("]",)),
    (_AUTOLINK, r"\1", ("<",)),
    (_TAG, " ", ("<",)),
    (_CODE, r"\2", ("`",)),
    (_STRONG, r"\2", ("**", "__")),
    (_STAR, r"\1", ("*",)),
    (_UNDERSCORE, r"\1", ("_",)),
    (_STRIKE, r"\1", ("~~",)),
)


def plain_text(markdown: str) -> str:
    """The words of `markdown` on one line, without its marks."""
    text = markdown
    for pattern, keep, needed in _PASSES:
        if not needed or any(piece in text for piece in needed):
            text = re.sub(pattern, keep, text)
    text = text.replace("|", " ")
    return " ".join(text.split())
