"""A post file as front matter and a body in one known markup.

Front matter: YAML between `---` lines (Jekyll, Hugo, Gatsby), TOML between `+++` (Hugo), or
Nikola's `.. key: value` comment lines at the top of a reStructuredText post. The body is
Markdown, HTML (an export: WordPress, Blogger, Ghost, meetup.com) or reStructuredText. MDX
components (`<Speaker name='…' position='…' />`) and Liquid or Hugo tags (`{% … %}`, `{{< … >}}`)
are read as the words they carry, line for line, so that the rest of the post keeps its lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed

MAX_BYTES = 5_000_000  # a post is a few dozen KB; a file this big is no post


@dataclass(frozen=True)
class Source:
    meta: dict[str, Any]
    body: str  # Markdown (HTML and reStructuredText rendered as Markdown)
    markup: str  # markdown | html | rst
    original: str  # the body as written (for an HTML post, the HTML)
    offset: int = 0  # lines of the file before the body (front matter)


def read_source(path: Path, data: bytes) -> Source:
    if len(data) > MAX_BYTES:
        raise ImportFailed(path, f"is {len(data) // 1_000_000} MB, too big to be a post")
    text = _decode(path, data).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # Composed characters (NFC): a name typed on a Mac may carry its accents as marks of their
    # own (o + ¨), which no word pattern reads as part of a word.
    text = unicodedata.normalize("NFC", text)
    meta, body = _front_matter(path, text)
    offset = text[: len(text) - len(body)].count("\n")
    if path.suffix.lower() in (".rst", ".rest") or _looks_like_rst(body):
        meta, body = _nikola_meta(meta, body)
        return Source(meta, _rst(path, body), "rst", body)
    if path.suffix.lower() in (".html", ".htm") or _is_html(body):
        from .htmltext import markdown_of_html

        return Source(meta, markdown_of_html(body), "html", body)
    return Source(meta, readable_markup(body), "markdown", body, offset)


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise ImportFailed(path, "is a binary file, not a post")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # old WordPress exports


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    for fence, parse in (("---", _yaml), ("+++", _toml)):
        if text.startswith(fence + "\n"):
            end = re.search(rf"^{re.escape(fence)}\s*$", text[len(fence) + 1 :], re.M)
            if not end:
                raise ImportFailed(path, f"the front matter opened with {fence} is never closed")
            raw = text[len(fence) + 1 : len(fence) + 1 + end.start()]
            try:
                meta = parse(raw)
            except Exception as exc:
                line = getattr(getattr(exc, "problem_mark", None), "line", None)
                where = f" (line {line + 2})" if isinstance(line, int) else ""
                raise ImportFailed(
                    path,
                    f"its front matter cannot be read{where} ({exc.__class__.__name__}): fix it or remove it",
                ) from exc
            body = text[len(fence) + 1 + end.end() :].lstrip("\n")
            return (meta if isinstance(meta, dict) else {}), body
    return {}, text


def _yaml(raw: str) -> Any:
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass  # the C loader where PyYAML has one: several times faster

    # Post dates are often invalid YAML timestamps or empty: read them as text.
    Loader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    return yaml.load(raw, Loader=Loader)


def _toml(raw: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        return _toml_lines(raw)
    return tomllib.loads(raw)


def _toml_lines(raw: str) -> dict[str, Any]:
    """`key = value` lines, for a Python without tomllib."""
    meta: dict[str, Any] = {}
    for line in raw.split("\n"):
        match = re.match(r"^\s*([\w-]+)\s*=\s*(.+?)\s*$", line)
        if match:
            meta[match[1]] = match[2].strip("'\"")
    return meta


_NIKOLA = re.compile(r"^\.\. (\w[\w-]*): ?(.*)$")


def _looks_like_rst(body: str) -> bool:
    head = body.lstrip("\n").split("\n", 3)
    return bool(head and _NIKOLA.match(head[0]))


def _nikola_meta(meta: dict[str, Any], body: str) -> tuple[dict[str, Any], str]:
    lines = body.split("\n")
    taken = dict(meta)
    count = 0
    for line in lines:
        match = _NIKOLA.match(line)
        if not match:
            break
        taken.setdefault(match[1].lower(), match[2].strip())
        count += 1
    return taken, "\n".join(lines[count:])


def _rst(path: Path, body: str) -> str:
    from .rsttext import markdown_of_rst

    try:
        return markdown_of_rst(body)
    except Exception:  # docutils gave up on the markup: the words are still the post
        return body


_HTML = re.compile(r"<(p|div|h[1-6]|br|table|ul|ol|article|section)\b[^>]*>", re.I)
_MARKDOWN_LINE = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s|```|\|)")


def _is_html(body: str) -> bool:
    """An HTML body (an export), not Markdown with some HTML in it."""
    markdown_lines = sum(1 for line in body.split("\n") if _MARKDOWN_LINE.match(line))
    return len(_HTML.findall(body)) >= 2 and markdown_lines < 3


# --- MDX and template tags, read as their words --------------------------------------------

_JSX_TAG = re.compile(
    r"</?[A-Z][\w.]*(?:\s+[^<>{}]*?(?:\{(?:[^{}]|\{[^{}]*\})*\}[^<>{}]*?)*)?\s*/?>", re.S
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:'([^']*)'|"([^"]*)"|\{((?:[^{}]|\{[^{}]*\})*)\})""", re.S)
_TECHNICAL = re.compile(
    r"^(?:src|href|url|image\w*|img|id|key|type|icon|class(?:name)?|style|width|height|alt|"
    r"lang|language|size|color|variant|target|rel|slot|ref|on\w+)$",
    re.I,
)
_WORDY = {
    "name", "title", "position", "role", "company", "job", "jobtitle", "org", "organization",
    "organisation", "speaker", "speakers", "author", "subtitle", "caption", "label", "heading",
}  # fmt: skip
_TEMPLATE = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{<?%?\s*(.*?)\s*%?>?\}\}", re.S)
_MDX_LINE = re.compile(r"^(?:import\s.+\sfrom\s|export\s+(?:default|const|function)\b)")


def readable_markup(body: str) -> str:
    """Markdown with MDX components and template tags replaced by their words, keeping lines."""
    if "<" in body and re.search(r"<[A-Z]", body):
        lines = body.split("\n")
        body = "\n".join("" if _MDX_LINE.match(line) else line for line in lines)
        body = _JSX_TAG.sub(_jsx_words, body)
    if "{%" in body or "{{" in body:
        body = _TEMPLATE.sub(_template_words, body)
    return body


def _jsx_words(match: re.Match[str]) -> str:
    """A component's words: a `title` as a bold line, other text attributes on one line."""
    tag = match[0]
    padding = "\n" * tag.count("\n")
    if tag.startswith("</"):
        return padding
    title = ""
    words = []
    for name, single, double, braced in _ATTR.findall(tag):
        value = single or double or re.sub(r"<[^>]*>", "", braced or "")
        value = " ".join(value.split()).strip("'\"` ")
        wordy = name.lower() in _WORDY or not re.fullmatch(r"[\w-]{1,12}", value)
        if not value or _TECHNICAL.match(name) or not wordy:
            continue
        if name.lower() in ("title", "heading", "label") and not title:
            title = value
        else:
            words.append(value)
    text = ", ".join(words)
    if title:
        text = f"**{title}**" + (f"\n{text}" if text else "")
    lines = text.split("\n")
    needed = tag.count("\n") + 1
    if len(lines) > needed:
        lines = [*lines[: needed - 1], " ".join(lines[needed - 1 :])]
    return "\n".join(lines + [""] * (needed - len(lines)))


def _template_words(match: re.Match[str]) -> str:
    """`{% include x.html caption="Ann Lee" %}` reads as its quoted words."""
    inner = match[1] if match[1] is not None else match[2] or ""
    quoted = re.findall(r"\"([^\"]*)\"|'([^']*)'", inner)
    words = " ".join(
        a or b for a, b in quoted if (a or b) and not re.match(r"^[\w/.-]+\.\w+$", a or b)
    )
    return words + "\n" * match[0].count("\n")
