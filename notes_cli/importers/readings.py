"""The readings of one line as a talk: title and people split every way the grammar allows.

`read_line` strips what frames a title (numbering, an agenda time, a session code, a format
such as `Keynote:`), then tries each separator both ways and scores each reading by how much
its people part reads as people, how little its title part does, and whether the split falls
where the markup changes (a linked title, then the speaker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from notes_cli.importers.document import Span, plain
from notes_cli.importers.grammar import People, Reading, parse_people
from notes_cli.importers.names import event_words, is_role, name_score, words_of

_SEPARATORS = re.compile(
    r"\s+[-–—]{1,2}\s+|\s*[–—]\s*|:\s+|\s+\|\s+|,\s+|\s+(?P<word>by|with|from|av|von|par|por|met|door|mit|con|com)\s+",
    re.I,
)
# Words that put the people after them; the people come first before none of them.
_PEOPLE_AFTER = {
    "by",
    "av",
    "von",
    "par",
    "por",
    "door",
    "met",
    "mit",
    "con",
    "com",
    "with",
    "from",
}
_STRONG_AFTER = {"by", "av", "von", "par", "por", "door"}
_NUMBERING = re.compile(r"^\s*(?:#?\d{1,3}[.):]|\d{1,3}\s*[-–—]|[ivx]{1,5}[.)]|#\d{1,3})\s+", re.I)
_TIME = re.compile(
    r"^(?P<start>\d{1,2}[:.h]\d{2}|\d{1,2}\s?[ap]\.?m\.?)(?:\s*(?:[ap]\.?m\.?))?"
    r"(?:\s*(?:-|–|—|to|till|bis)\s*(?P<end>\d{1,2}[:.h]\d{2}|\d{1,2}\s?[ap]\.?m\.?)(?:\s*[ap]\.?m\.?)?)?"
    r"\s*(?:[:\-–—|]\s*)?(?=\S)",
    re.I,
)
_CODE = re.compile(r"^\(?(?P<code>[A-Z]{2,9}\d{3,4}(?:-[A-Z0-9]+)?)\)?\s*(?:[-–—:|]\s*)?(?=\S)")
FORMATS = {
    "keynote": "keynote", "keynotes": "keynote", "lightning": "lightning", "workshop": "workshop",
    "panel": "panel", "tutorial": "workshop", "vortrag": "talk", "palestra": "talk",
    "conférence": "talk", "lyntale": "lightning", "blixttal": "lightning", "föredrag": "talk",
}  # fmt: skip
_FORMAT_PREFIX = re.compile(
    r"^(?P<all>(?:(?:opening|closing|sponsored|guest|morning|afternoon|day \w+)\s+)?"
    r"(?P<format>keynote|lightning(?: talk)?|workshop|panel(?: discussion)?|tutorial|vortrag|palestra|lyntale)s?)"
    r"\s*[:\-–—]\s*",
    re.I,
)
_POSSESSIVE = re.compile(
    r"^(?P<who>[^'’]{3,40}?)['’]s?\s+(?P<form>(?:opening |closing )?(?:keynote|talk|session|presentation|workshop|lightning talk|tutorial))$",
    re.I,
)
_LEAD_SYMBOLS = re.compile(r"^[^\w\"'“‘«(\[]+")
# `Title - Ann Lee - Slides | Video`: the links after the people are no part of them.
_TRAILING_LINKS = re.compile(
    r"(?:\s*[-–—|,]\s*(?:slides?|video|recording|code|demo|repo|pdf|deck)\b\.?)+\s*$", re.I
)
# `Title (Ann Lee)`, `Title (Ann Lee e Bo Chan)`: the people in parentheses closing the line.
_TRAILING_PEOPLE = re.compile(r"^(?P<title>.*[^\s(])\s*\((?P<who>[^()]{2,80})\)\s*$")


@dataclass(frozen=True)
class Framed:
    text: str
    extra: dict[str, str]
    format: str
    prefix: str  # a format prefix (`Keynote: `) the text started with, now removed


def frame(text: str) -> Framed:
    """A line without its numbering, agenda time, session code and format prefix."""
    extra: dict[str, str] = {}
    text = _LEAD_SYMBOLS.sub("", " ".join(text.split()))
    time = _TIME.match(text)
    if time and len(text) > time.end():
        extra["start"] = time["start"]
        if time["end"]:
            extra["end"] = time["end"]
        text = text[time.end() :]
    text = _NUMBERING.sub("", text)
    code = _CODE.match(text)
    if code and len(text) > code.end():
        extra["code"] = code["code"]
        text = text[code.end() :]
    text = _TRAILING_LINKS.sub("", text) or text
    prefix = _FORMAT_PREFIX.match(text)
    form = ""
    removed = ""
    if prefix and len(text) > prefix.end():
        form = format_of(prefix["format"])
        removed = text[: prefix.end()]
        text = text[prefix.end() :]
    return Framed(text.strip(), extra, form, removed)


def format_of(word: str) -> str:
    first = word.lower().split()[0] if word.split() else ""
    return FORMATS.get(first, "")


def clean_title(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:|-–—•*=~_#·")
    if not text:
        return ""
    if len(text) > 2 and text[0] in "\"“‘«'" and text[-1] in "\"”’»'":
        text = text[1:-1]
    elif text[:1] in '"“«' and text.count(text[0]) == 1:
        text = text[1:]
    return text.strip(" ,;:")


def read_line(spans: tuple[Span, ...] | list[Span], *, handles: bool = False) -> list[Reading]:
    """Every reading of one line, best first; the last is always the title alone."""
    return list(_read_line(tuple(spans), handles, event_words()))


@lru_cache(maxsize=2048)
def _read_line(
    spans: tuple[Span, ...], handles: bool, _event: frozenset[str]
) -> tuple[Reading, ...]:
    text = plain(spans).replace("\n", " ")
    framed = frame(text)
    bounds = _markup_bounds(spans, text, framed)
    readings: list[Reading] = []
    bodies = [(framed.prefix + framed.text, False)]
    if framed.prefix:  # `Keynote: Ann Lee - Title`: the format is no part of the people
        bodies.append((framed.text, True))
    linked = _link_texts(spans)
    for body, people_first_only in bodies:
        for match in _SEPARATORS.finditer(body):
            found = _both_ways(body, match, bounds, people_first_only, handles)
            readings.extend(_linked_title_first(found, body, match, linked))
    readings.extend(_people_in_parentheses(framed.text, handles))
    own = _POSSESSIVE.match(framed.text)
    if own:  # `Andy Jassey's Keynote`
        people = parse_people(own["who"])
        if people:
            readings.append(
                Reading(
                    own["form"].strip().capitalize(), people, people.score + 0.05, "people's title"
                )
            )
    readings.sort(key=lambda r: -r.score)
    extra = dict(framed.extra)
    if framed.format:
        extra["_format"] = framed.format
    out = [Reading(r.title, r.people, r.score, r.how, extra) for r in readings if r.title]
    out.append(Reading(clean_title(framed.prefix + framed.text), None, 0.0, "title", extra))
    return tuple(out)


def _people_in_parentheses(text: str, handles: bool) -> list[Reading]:
    """`Title (Ann Lee)`: people alone in the parentheses that close a line, after a title
    that is no name itself (`Ann Lee (CTO, Acme)` is one person with a role)."""
    match = _TRAILING_PEOPLE.match(text)
    if not match or not re.search(r"\w", match["title"]) or name_score(match["title"]) >= 0.5:
        return []
    people = parse_people(match["who"], handles=handles)
    if not people or is_role(match["who"]):
        return []
    return [_reading(match["title"], people, 0.05, "title (people)")]


def _link_texts(spans: tuple[Span, ...] | list[Span]) -> list[str]:
    """The text of each link of a line (consecutive spans of one link joined)."""
    out: list[str] = []
    previous = ""
    for span in spans:
        if span.href and span.href == previous and out:
            out[-1] += span.text
        elif span.href:
            out.append(span.text)
        previous = span.href
    return [" ".join(t.split()).strip(" ,") for t in out if t.strip()]


def _linked_title_first(
    found: list[Reading], body: str, match: re.Match[str], linked: list[str]
) -> list[Reading]:
    """`[Gadget Meshes](url) - Widget Summit`: a linked first part, the rest not linked, is
    the title, however much it reads like a name."""
    left = clean_title(body[: match.start()])
    right = body[match.end() :]
    if left not in linked or any(text and text in right for text in linked):
        return found
    return [
        replace(r, score=round(r.score - 0.45, 3)) if r.how == "people - title" else r
        for r in found
    ]


def _both_ways(
    body: str, match: re.Match[str], bounds: set[int], people_first_only: bool, handles: bool
) -> list[Reading]:
    left, right = body[: match.start()], body[match.end() :]
    if left.count("(") != left.count(")") or left.count("[") != left.count("]"):
        return []  # a separator inside parentheses: `(Technical Architect, Zen Internet)`
    word = (match["word"] or "").lower()
    out = []
    on_bound = 0.1 if match.start() in bounds or match.end() in bounds else 0.0
    people = None if people_first_only else parse_people(right, handles=handles)
    if people and left.strip():
        prior = 0.15 if word in _STRONG_AFTER else 0.0 if ":" in match[0] else 0.05
        out.append(_reading(left, people, prior + on_bound, "title - people"))
    if word not in _PEOPLE_AFTER and left.strip():
        people = parse_people(left, handles=handles)
        if people and right.strip():
            prior = 0.05 if ":" in match[0] else 0.0
            if "," in match[0] and (len(right.split()) <= 3 or is_role(right.split(",")[0])):
                prior -= 0.45  # `Ann Lee, Acme`, `Ann Lee, Staff Engineer`: a company or role
            if ":" in match[0] and len(right.split()) > 12:
                prior -= 0.3  # `Webflux: a reactive framework that…`: a term and its gloss

            out.append(_reading(right, people, prior + on_bound, "people - title"))
    return out


def _reading(title: str, people: People, prior: float, how: str) -> Reading:
    title = clean_title(title)
    score = people.score + prior
    if len(people.speakers) > 1 or any(s.role or s.company for s in people.speakers):
        score += 0.1  # several people, or a role or company: surely people
    score += min(0.15, 0.03 * (len(people.speakers) - 1))  # the split that takes them all
    as_people = parse_people(title)
    if name_score(title) >= 0.8 or (as_people and as_people.score >= 0.5):
        score -= 0.35  # both sides read as people: which is which is unsure
    if not re.search(r"\w", title) or (is_role(title) and len(words_of(title)) <= 4):
        score -= 0.6
    if len(title) > 160:
        score -= 0.3
    return Reading(title, people, round(score, 3), how)


def _markup_bounds(spans: tuple[Span, ...] | list[Span], text: str, framed: Framed) -> set[int]:
    """Positions in the framed text where a link, bold or italic run starts or ends."""
    bounds: set[int] = set()
    offset = len(text) - len(framed.prefix + framed.text)
    at = 0
    previous: tuple[str, bool, bool] | None = None
    for span in spans:
        if span.br:
            continue
        style = (span.href, span.strong, span.em)
        if previous is not None and style != previous:
            bounds.add(max(0, at - offset))
        at += len(" ".join(span.text.split())) + (1 if span.text[-1:].isspace() else 0)
        previous = style
    return bounds
