"""Blog posts about events, as note drafts: the talks recognised, the rest kept as the event's text.

A post becomes one event: its title, date and tags from the front matter (YAML `---`, TOML `+++`
or none; the date from the file name when the front matter has none), its kind guessed from
its words. HTML bodies (WordPress, Blogger, Ghost, meetup.com exports) become Markdown first.

Talks are recognised in the shapes real posts use:

- a heading holding the title and the speakers, in either order, joined by `-`, `–`, `—`,
  `:`, `,`, `by` or `from` (`Network Innovation at Scale - Colin Whittaker (Engineer, AWS)`,
  `Andrew Taylor - Testing`, `"Title" from [Speaker](url), role`, `3. Title, Ann Lee, Bo Chan`);
- a heading, then a line naming the speakers (`Presented by: Name, Role @ Company`, `Speaker
  (Company)`);
- list entries (`- [Title](url) – Speaker, Role, Company`, `* Ann spoke at X about [Title](url)`)
  and agenda lines (`- 18:00 - 18:30: Title`, speakers on the lines nested below).

Several speakers are joined by `&`, `and` or commas; role and company come from `(Role,
Company)`, `Role at Company`, `Role @ Company`, `Name from Company` or the parts after a name.
A heading under "Lightning talks" is a lightning talk; under "Keynotes" a keynote. Headings that
are not talks (Conclusion, Closing, Day 2...) and anything not recognised stay in the event's
text: nothing of the post is dropped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed, MissingDate
from notes_cli.importers.people import ROLE_WORDS
from notes_cli.model import CodeBlocks, Draft, Speaker, Talk
from notes_cli.notefile import parse_date

# --- people ---------------------------------------------------------------------------------

# fmt: off
_PARTICLES = {
    "de", "da", "del", "della", "der", "den", "di", "du", "van", "von", "la", "le", "bin", "al",
    "el", "ter", "dos",
}
# fmt: on
# fmt: off
_NOT_NAME_START = {
    "a", "an", "the", "how", "why", "what", "when", "where", "who", "building", "introduction",
    "intro", "getting", "lessons", "using", "day", "my", "our", "your", "keynote", "keynotes",
    "closing", "opening", "conclusion", "summary", "welcome", "lightning", "talks", "session",
    "sessions", "panel", "workshop", "about", "notes", "part", "track", "room", "break", "lunch",
    "coffee", "registration", "networking", "q&a", "qa", "agenda", "schedule", "update", "news",
}
# fmt: on
# fmt: off
_NOT_NAME_WORDS = {
    "update", "updates", "news", "recap", "review", "talk", "talks", "demo", "cloud", "data",
    "the", "of", "and", "for", "with", "in", "on", "to", "your", "our", "new", "future",
    "security", "platform", "keynote", "session", "panel", "workshop", "conference", "summit",
    "amazon", "aws", "azure", "microsoft", "instance", "instances", "spot", "serverless",
    "kubernetes", "docker", "lambda", "api", "apis", "web", "app", "apps", "service", "services",
    "scalable", "edition", "part", "day", "night", "meetup", "group", "team", "intro",
    "introduction", "deep", "dive", "remarks", "closing", "opening", "welcome", "all", "up", "we",
    "you", "it", "is", "are", "my", "how", "what", "why", "when", "not", "no", "more", "less",
    "than", "from", "at", "by", "or", "this", "that", "be", "get",
}
# fmt: on
_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|La|Le|Van|Von|St)[A-ZÀ-Þ]")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.)$")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_HANDLE = re.compile(r"(?<!\w)@\w[\w.-]*")  # @twitter or @github handles beside a name
_SPEAKER_LABEL = re.compile(r"^(?:presented by|presenter|speakers?|by|with)\s*[:\-–—]?\s+", re.I)


def _plain(text: str) -> tuple[str, list[str]]:
    """Text without Markdown links and emphasis, and the link targets it held."""
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        if match[2] and not match[0].startswith("!"):
            links.append(match[2])
        return match[1]

    text = _LINK.sub(keep, text)
    text = _EMPHASIS.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return " ".join(text.split()), links


def is_name(text: str, *, single: bool = False) -> bool:
    """Whether `text` reads as a person's name: two to four capitalised words (particles such
    as `van` allowed), or one when `single` (a first name among several speakers)."""
    words = text.replace("(", " ").replace(")", " ").split()
    if not (1 if single else 2) <= len(words) <= 5 or len(text) > 45:
        return False
    if words[0].lower().strip(":") in _NOT_NAME_START or any(ch.isdigit() for ch in text):
        return False
    if any(word.lower() in ROLE_WORDS or word.lower() in _NOT_NAME_WORDS for word in words):
        return False
    if any(len(word) > 1 and word.isupper() and not word.endswith(".") for word in words):
        return False  # AWS, IBM: an acronym, not a name
    if any(_CAMEL.search(word) and not _NAME_PREFIX.match(word) for word in words):
        return False  # DynamoDB, EventBridge, WordPress: a product (McCune, DeVries are names)
    capitals = 0
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word):
            return False
        capitals += 1
    return capitals >= 1


# fmt: off
COMPANY_WORDS = {
    "labs", "lab", "inc", "inc.", "ltd", "ltd.", "llc", "gmbh", "corp", "corporation", "co.",
    "university", "international", "systems", "technologies", "technology", "software",
    "foundation", "bank", "media", "solutions", "consulting", "group", "hat", "networks",
    "institute", "college", "agency", "studio", "studios", "digital", "cloud", "web", "services",
}
# fmt: on


def _is_company(text: str) -> bool:
    return any(word.strip(".,()").lower() in COMPANY_WORDS for word in text.split())


def _is_role(text: str) -> bool:
    words = re.split(r"[\s/,]+", text.lower())
    return any(word.strip(".()") in ROLE_WORDS for word in words)


def parse_people(text: str) -> tuple[Speaker, ...] | None:
    """The speakers a piece of text names, or None when it does not read as a list of people.

    `Ann Lee (CTO, Acme) & Bo Chan`, `Ann Lee, Senior Engineer, Acme`, `Ann Lee, CTO @ Acme`,
    `Ann Lee from Acme`, `Ann, Bo and Cy Dee`, `Ann Lee, Bo Chan, Acme`.
    """
    text, _ = _plain(text)
    text = _HANDLE.sub("", _SPEAKER_LABEL.sub("", text)).strip(" .;:-–—")
    text = re.sub(r"\s+,", ",", text)
    if not text or len(text) > 200:
        return None
    chunks = [c.strip() for c in re.split(r"\s+(?:&|and|\+)\s+|;", text) if c.strip()]
    # A lone first name counts only beside others joined by `&` or `and` ("Danny & Alex").
    several = len(chunks) > 1
    parts_of = [[p.strip() for p in chunk.split(",") if p.strip()] for chunk in chunks]
    if several and all(is_name(p) and not _is_company(p) for parts in parts_of for p in parts):
        chunks = [p for parts in parts_of for p in parts]  # "Ann Lee, Bo Chan and Cy Dee"
    speakers: list[Speaker] = []
    for chunk in chunks:
        inside = re.fullmatch(r"(?P<name>[^()]+?)\s*\((?P<inside>[^()]*)\)\s*(?P<rest>.*)", chunk)
        if inside and is_name(inside["name"].strip(), single=several):
            speaker = Speaker.parse(f"{inside['name']} ({inside['inside']})")
            if re.search(r"@|\bat\b", inside["inside"]):  # (Role @ Company)
                role, company = _role_company(inside["inside"])
                speaker = Speaker(speaker.name, role, company)
            speakers.append(speaker)
            continue
        parts = [p.strip() for p in chunk.split(",") if p.strip()]
        for number, part in enumerate(parts):
            # After a name, a comma brings a role or a company, unless a full name follows in
            # a list of names alone; between `&`s, one speaker and what qualifies them.
            if number and (several or _is_company(part)):
                person = None
            else:
                person = _person(part, single=several and number == 0)
            if person:
                speakers.append(person)
            elif not speakers:
                return None
            else:
                last = speakers[-1]
                role, company = _role_company(part)
                if role and not last.role:
                    speakers[-1] = Speaker(last.name, role, company or last.company)
                elif company and not last.company:
                    speakers[-1] = Speaker(last.name, last.role, company)
                elif not last.company and not _is_role(part):
                    speakers[-1] = Speaker(last.name, last.role, part)
                else:
                    return None
    return tuple(speakers) if speakers else None


def _person(part: str, *, single: bool) -> Speaker | None:
    """`Ann Lee`, `Ann Lee from Acme`, `Ann Lee @ Acme`: a person, else None."""
    match = re.fullmatch(r"(?P<name>.+?)\s+(?:from|@|at)\s+(?P<company>.+)", part)
    if match and is_name(match["name"], single=single):
        return Speaker(match["name"], "", match["company"].strip())
    return Speaker(part) if is_name(part, single=single) else None


def _role_company(part: str) -> tuple[str, str]:
    """`Senior Engineer @ Acme` -> (role, company); `Senior Engineer` -> (role, ""); `Acme` ->
    ("", "Acme")."""
    match = re.fullmatch(r"(?P<role>.+?)\s*(?P<at>@|\bat\b)\s*(?P<company>.+)", part)
    if match and (match["at"] == "@" or _is_role(match["role"])):  # `@` says so; `at` needs a role
        return match["role"].strip(), match["company"].strip()
    return (part, "") if _is_role(part) else ("", part)


# --- headings and entries ---------------------------------------------------------------------

_NOT_TALKS = re.compile(
    r"^(?:conclusions?|closing(?: thoughts| remarks)?|summary|wrap[- ]?up|final thoughts|"
    r"introduction|intro|overview|announcements?|agenda|schedule|sponsors?|thanks|thank you|"
    r"acknowledg\w*|takeaways?|key takeaways|links|resources|references|"
    r"(?:day|track|part)\s*(?:\d+|one|two|three|four|five|[ivx]+)\b.*|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*|other talks|talks|sessions|"
    r"what'?s next|next steps|tl;?dr|about|update|updates)$",
    re.I,
)
_GROUPS = {
    "lightning": re.compile(r"\blightning\b", re.I),
    "keynote": re.compile(r"^keynotes\b|^the keynotes?$", re.I),
}
_SEPARATORS = (" – ", " — ", " - ", " -- ", " by ", " from ", " with ", ", ", ": ", " | ")
_NUMBERING = re.compile(r"^\s*(?:\d+|[ivx]+)[.)]\s+", re.I)
_CODE = re.compile(
    r"^\(?(?P<code>[A-Z]{2,5}\d{2,4}(?:-[A-Z0-9]+)?)\)?\s*(?:[-–—:|]\s*)?(?P<rest>.+)$"
)
_FORMAT_PREFIX = re.compile(
    r"^(?P<format>keynote|lightning talk|lightning|workshop|panel)\s*[:\-–—]\s*", re.I
)
_QUOTES = "\"'“”‘’«»"


@dataclass
class _Found:
    title: str
    speakers: tuple[Speaker, ...] = ()
    format: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _clean_title(text: str) -> tuple[str, dict[str, Any], str]:
    """A title without numbering, quotes or a session code; (title, extra, format)."""
    extra: dict[str, Any] = {}
    form = ""
    text = _NUMBERING.sub("", text).strip()
    code = _CODE.match(text)
    if code and code["rest"].strip():
        extra["code"] = code["code"]
        text = code["rest"].strip()
    prefix = _FORMAT_PREFIX.match(text)
    if prefix and text[prefix.end() :].strip():
        form = (
            "lightning"
            if prefix["format"].lower().startswith("lightning")
            else prefix["format"].lower()
        )
    text = text.strip().strip(_QUOTES).strip().rstrip(":").strip()
    return text, extra, form


def split_title_speakers(text: str) -> _Found | None:
    """`Title - Speakers`, `Speakers – Title`, `"Title" from Speaker`...: a talk, or None."""
    plain, links = _plain(text)
    plain = _NUMBERING.sub("", plain)
    for separator in _SEPARATORS:
        positions = [m.start() for m in re.finditer(re.escape(separator), plain)]
        for at in positions:  # the first split whose right side is all names holds them all
            left, right = plain[:at].strip(), plain[at + len(separator) :].strip()
            speakers = parse_people(right)
            if left and speakers:
                title, extra, form = _clean_title(left)
                if title:
                    return _Found(title, speakers, form, _with_links(extra, links))
    for separator in _SEPARATORS[:4]:
        at = plain.find(separator)
        if at > 0:
            left, right = plain[:at].strip(), plain[at + len(separator) :].strip()
            prefix = _FORMAT_PREFIX.match(left)
            form = ""
            if prefix:
                form = (
                    "lightning"
                    if prefix["format"].lower().startswith("lightning")
                    else prefix["format"].lower()
                )
                left = left[prefix.end() :]
            speakers = parse_people(left)
            if speakers and right and not parse_people(right):
                title, extra, title_form = _clean_title(right)
                if title:
                    return _Found(title, speakers, form or title_form, _with_links(extra, links))
    return None


def _with_links(extra: dict[str, Any], links: list[str]) -> dict[str, Any]:
    urls = [link for link in links if link.startswith(("http://", "https://"))]
    return {**extra, "links": urls} if urls else extra


_ENTRY = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?P<text>.+)$")
_AGENDA = re.compile(
    r"^(?P<start>\d{1,2}[:.]\d{2})(?:\s*[-–—]\s*\d{1,2}[:.]\d{2})?\s*[:\-–—]?\s+(?P<rest>.+)$"
)
_NOT_A_SLOT = re.compile(
    r"\b(break|lunch|dinner|doors|welcome|drinks|pizza|food|network(?:ing)?|arrive|arrival|registration|wrap)\b",
    re.I,
)
_SPOKE = re.compile(
    r"^(?P<who>.+?)\s+(?:spoke|talked|presented|gave an? (?:talk|keynote|presentation|workshop)|"
    r"(?:lead|led|ran|gave|hosted) an? (?:workshop|session|tutorial|talk)(?: entitled)?)"
    r"(?:\s+an?)?(?:\s+at\s+(?P<event>.+?))?\s+(?:about|on|entitled|titled)\s+(?P<title>.+?)(?:\s+at\s+(?P<where>[^.]+))?\.?$",
    re.I,
)


def _entry_talk(text: str) -> _Found | None:
    """A talk in one list entry, or None."""
    plain, links = _plain(text)
    spoke = _SPOKE.match(plain)
    if spoke:
        speakers = parse_people(spoke["who"])
        title, extra, form = _clean_title(spoke["title"])
        if speakers and title:
            if spoke["event"]:
                extra["event"] = spoke["event"].strip()
            return _Found(title, speakers, form, _with_links(extra, links))
    agenda = _AGENDA.match(plain)
    if agenda:
        found = split_title_speakers(agenda["rest"])
        if found:
            found.extra["start"] = agenda["start"].replace(".", ":")
            return found
        title, extra, form = _clean_title(agenda["rest"])
        if title and not _NOT_TALKS.match(title) and not _NOT_A_SLOT.search(title):
            return _Found(title, (), form, {**extra, "start": agenda["start"].replace(".", ":")})
        return None
    if text.lstrip().startswith("[") and " " in plain:
        return split_title_speakers(text)
    return None


# --- the post -------------------------------------------------------------------------------

_DECORATED = re.compile(
    r"^\s*(?:•+|\*\*|__|==+|~~+)\s*(?P<text>[^•*=~_][^•]{0,120}?)\s*(?:•+|\*\*|__|==+|~~+)\s*$"
)
_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_HTML = re.compile(
    r"<(?:p|div|h[1-6]|br|ul|ol|li|a|strong|em|span|img|table|section|article)\b[^>]*>", re.I
)
_KINDS = [
    ("meetup", re.compile(r"\b(meet-?ups?|user groups?|usergroups?|aug\b|jug\b|meet)\b", re.I)),
    ("workshop", re.compile(r"\bworkshops?\b", re.I)),
    ("webinar", re.compile(r"\bwebinars?\b", re.I)),
    (
        "conference",
        re.compile(
            r"\b(conference|conf|summit|re:?invent|kubecon|devopsdays|pycon|wordcamp|jsconf|fosdem|expo|congress|camp)\b|(?-i:[a-z]Con\b)",
            re.I,
        ),
    ),
]


@dataclass
class _Line:
    text: str
    heading: int = 0  # heading level, 0 for other lines
    heading_text: str = ""


def read_post(path: Path, data: bytes, *, default_date: dt.date | None = None) -> list[Draft]:
    """One event from a blog post about it."""
    text = _decode(path, data).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = _front_matter(path, text)
    if _is_html(body):
        body = _markdown_of(body)
    lines = _lines(body)
    title = (
        _text_value(meta.get("title"))
        or _first_h1(lines)
        or path.stem.replace("-", " ").replace("_", " ")
    )
    title = " ".join(html.unescape(title).split())
    date = parse_date(meta.get("date")) or _date_in_name(path) or default_date
    if date is None:
        raise MissingDate(
            path, "no date in its front matter or its file name: give one with --date YYYY-MM-DD"
        )
    tags = _words(meta.get("tags")) + [
        t for t in _words(meta.get("categories")) if t not in _words(meta.get("tags"))
    ]
    talks, event_text = _recognise(lines)
    location = _text_value(meta.get("location")) or _text_value(
        (meta.get("venue") or {}).get("name") if isinstance(meta.get("venue"), dict) else None
    )
    return [
        Draft(
            title=title,
            date=date,
            kind=guess_kind(" ".join([title, *tags, body[:2000]])),
            location=location,
            tags=tuple(dict.fromkeys(t for t in tags if t)),
            talks=tuple(talks),
            text=event_text,
        )
    ]


def guess_kind(words: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(words):
            return kind
    return "other"


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
                raise ImportFailed(
                    path,
                    f"its front matter cannot be read ({exc.__class__.__name__}): fix it or remove it",
                ) from exc
            return (meta if isinstance(meta, dict) else {}), text[
                len(fence) + 1 + end.end() :
            ].lstrip("\n")
    return {}, text


def _yaml(raw: str) -> Any:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # Post dates are often invalid YAML timestamps or empty: read them as text.
    Loader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    return yaml.load(raw, Loader=Loader)


def _toml(raw: str) -> Any:
    import tomllib

    return tomllib.loads(raw)


_MARKDOWN_LINE = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s|```)")


def _is_html(body: str) -> bool:
    """An HTML body (a WordPress or meetup.com export), not Markdown with some HTML in it."""
    markdown_lines = sum(1 for line in body.split("\n") if _MARKDOWN_LINE.match(line))
    return bool(_HTML.search(body)) and markdown_lines < 3


def _markdown_of(body: str) -> str:
    from markdownify import markdownify

    converted = markdownify(body, heading_style="ATX", bullets="-", strip=["span", "font"])
    return re.sub(r"\n{3,}", "\n\n", converted).strip() + "\n"


def _text_value(value: Any) -> str:
    return (
        " ".join(str(value).split())
        if isinstance(value, str | int | float) and str(value).strip()
        else ""
    )


def _words(value: Any) -> list[str]:
    """Tags as a list, an inline list string `[a, b]`, commas or spaces."""
    if isinstance(value, list):
        return [
            " ".join(str(v).split())
            for v in value
            if isinstance(v, str | int | float) and str(v).strip()
        ]
    if isinstance(value, str):
        inner = value.strip().strip("[]")
        parts = inner.split(",") if "," in inner else inner.split()
        return [p.strip().strip("'\"") for p in parts if p.strip().strip("'\"")]
    return []


def _date_in_name(path: Path) -> dt.date | None:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", path.name)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _lines(body: str) -> list[_Line]:
    """The body's lines, headings (ATX and setext) marked, code blocks left alone."""
    raw = body.split("\n")
    lines: list[_Line] = []
    blocks = CodeBlocks()
    for number, text in enumerate(raw):
        if blocks.is_code(text):
            lines.append(_Line(text))
            continue
        atx = _ATX.match(text)
        if atx and atx[2].strip():
            lines.append(_Line(text, len(atx[1]), atx[2].strip()))
            continue
        decorated = _DECORATED.match(text)
        if decorated:  # `•• Title ••` or a line in bold alone: a heading in all but name
            lines.append(_Line(text, 4, decorated["text"].strip()))
            continue
        underline = _SETEXT.match(raw[number + 1]) if number + 1 < len(raw) else None
        if (
            underline
            and text.strip()
            and not _ENTRY.match(text)
            and (underline[1][0] == "=" or len(underline[1]) >= 3)
        ):
            lines.append(_Line(text, 1 if underline[1][0] == "=" else 2, text.strip()))
            continue
        if (
            _SETEXT.match(text)
            and lines
            and lines[-1].heading
            and lines[-1].text == raw[number - 1]
        ):
            continue  # the underline of the heading just taken
        lines.append(_Line(text))
    return lines


def _first_h1(lines: list[_Line]) -> str:
    return next((_plain(line.heading_text)[0] for line in lines if line.heading == 1), "")


def _speaker_line(
    lines: list[_Line], start: int, end: int
) -> tuple[tuple[Speaker, ...], int] | None:
    """Speakers named on the first non-empty line after a heading, and that line's index."""
    for index in range(start, end):
        text = lines[index].text.strip()
        if not text:
            continue
        if len(text) > 160 or lines[index].heading:
            return None
        speakers = parse_people(text.strip("*_ "))
        return (speakers, index) if speakers else None
    return None


def _recognise(lines: list[_Line]) -> tuple[list[Talk], str]:
    """The talks of a post, and its remaining text (the event's own)."""
    talks: list[Talk] = []
    kept: list[str] = []  # the event's text
    group = ""
    group_level = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.heading:
            plain, _ = _plain(line.heading_text)
            if group and line.heading <= group_level:
                group = ""
            named_group = next(
                (
                    name
                    for name, pattern in _GROUPS.items()
                    if pattern.search(plain) and not split_title_speakers(line.heading_text)
                ),
                "",
            )
            if named_group and (
                _NOT_TALKS.match(
                    re.sub(rf"\b{named_group}\w*\b", "", plain, flags=re.I).strip(" :-") or "talks"
                )
                or len(plain.split()) <= 3
            ):
                group, group_level = named_group, line.heading
                kept.append(_demoted(line))
                index += 1
                continue
            end = _section_end(lines, index)
            found = (
                None
                if _NOT_TALKS.match(plain.strip(" :"))
                else split_title_speakers(line.heading_text)
            )
            notes_from = index + 1
            if found is None and line.heading >= 2 and not _NOT_TALKS.match(plain.strip(" :")):
                under = _speaker_line(lines, index + 1, end)
                if under:
                    title, extra, form = _clean_title(plain)
                    found = _Found(title, under[0], form, extra)
                    notes_from = under[1] + 1
            if found is None and not _NOT_TALKS.match(plain.strip(" :")):
                found = _coded(plain) or _told_in_first_sentence(plain, lines, index + 1, end)
            if found is None:
                kept.append(_demoted(line))
                index += 1
                continue
            notes = "\n".join(_demoted(other) for other in lines[notes_from:end]).strip("\n")
            talks.append(_talk(found, notes, group))
            index = end
            continue
        entry = _ENTRY.match(line.text)
        found = _entry_talk(entry["text"]) if entry else None
        if entry and found:
            nested_end = index + 1
            indent = len(entry["indent"])
            while nested_end < len(lines) and _nested(lines, nested_end, indent):
                nested_end += 1
            nested = [other.text for other in lines[index + 1 : nested_end]]
            if not found.speakers and nested:
                people = [
                    parse_people(_ENTRY.sub(r"\g<text>", text)) for text in nested if text.strip()
                ]
                found.speakers = tuple(s for group_ in people if group_ for s in group_)
                nested = [
                    text
                    for text, who in zip([t for t in nested if t.strip()], people, strict=True)
                    if not who
                ]
            talks.append(_talk(found, _dedent("\n".join(nested)), group))
            index = nested_end
            continue
        pseudo = _pseudo_heading(lines, index)
        if pseudo:
            found, notes_from = pseudo
            end = notes_from
            while end < len(lines) and not lines[end].heading and not _pseudo_heading(lines, end):
                end += 1
            notes = "\n".join(_demoted(other) for other in lines[notes_from:end]).strip("\n")
            talks.append(_talk(found, notes, group))
            index = end
            continue
        kept.append(line.text)
        index += 1
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return talks, text


_LINK_LINE = re.compile(r"^\s*\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)\s*$")
_DECORATION = "•*=~_#·–—-: "
_TOLD = re.compile(
    r"^(?P<who>(?:[A-ZÀ-Þ][\w'’.-]+\s+){1,3}[A-ZÀ-Þ][\w'’.-]+)(?:\s*\([^)]{0,80}\)|,[^,.]{0,80},)?\s+"
    r"(?:talked|spoke|presented|gave|showed|shared|walked|explained|discussed|demonstrated|introduced|kicked|opened|closed|took)\b"
)


def _coded(plain: str) -> _Found | None:
    """A heading that starts with a session code (`(SVS402) Title`): a talk, speakers unknown."""
    code = _CODE.match(plain)
    if not code:
        return None
    title, extra, form = _clean_title(plain)
    return _Found(title, (), form, extra) if title and "code" in extra else None


def _told_in_first_sentence(plain: str, lines: list[_Line], start: int, end: int) -> _Found | None:
    """A heading whose section opens by naming who spoke (`Ann Lee, CTO at Acme, showed...`)."""
    for index in range(start, end):
        text = _plain(lines[index].text)[0]
        if not text:
            continue
        if _ENTRY.match(lines[index].text):
            return None  # a list under the heading: its entries are the talks, if any
        told = _TOLD.match(text)
        speakers = parse_people(told["who"]) if told else None
        if speakers:
            title, extra, form = _clean_title(plain)
            return _Found(title, speakers, form, extra) if title else None
        return None
    return None


def _pseudo_heading(lines: list[_Line], index: int) -> tuple[_Found, int] | None:
    """A talk that starts without a heading: a line that is only a link (the title) or a
    decorated title (`•• Title ••`), then a line naming the speakers."""
    line = lines[index].text.strip()
    if not line or index + 1 >= len(lines) or len(line) > 140 or _ENTRY.match(lines[index].text):
        return None
    following = lines[index + 1].text.strip()
    if not following or lines[index + 1].heading:
        return None
    link = _LINK_LINE.match(line)
    if link:
        speakers = parse_people(following)
        if speakers:
            title, extra, form = _clean_title(_plain(link["title"])[0])
            return _Found(title, speakers, form, _with_links(extra, [link["url"]])), index + 2
        return None
    if _SPEAKER_LABEL.match(_plain(following)[0]):
        speakers = parse_people(following)
        title, extra, form = _clean_title(_plain(line)[0].strip(_DECORATION))
        if speakers and title and not _NOT_TALKS.match(title):
            return _Found(title, speakers, form, extra), index + 2
    return None


def _nested(lines: list[_Line], index: int, indent: int) -> bool:
    """Whether line `index` belongs to the list entry above it (indented deeper, or a blank
    line followed by such a line)."""
    line = lines[index]
    if line.heading:
        return False
    if line.text.strip():
        return _indent(line.text) > indent
    return (
        index + 1 < len(lines)
        and bool(lines[index + 1].text.strip())
        and _indent(lines[index + 1].text) > indent
    )


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _section_end(lines: list[_Line], start: int) -> int:
    """Where the section of the heading at `start` ends: the next heading of its level or above,
    or the next heading that is itself a talk."""
    level = lines[start].heading
    for index in range(start + 1, len(lines)):
        other = lines[index]
        if other.heading and (other.heading <= level or split_title_speakers(other.heading_text)):
            return index
    return len(lines)


def _demoted(line: _Line) -> str:
    """A heading at level three or deeper: in a note, `##` headings are talks."""
    if not line.heading or line.heading >= 3:
        return line.text
    return f"### {line.heading_text}"


def _talk(found: _Found, notes: str, group: str) -> Talk:
    title = " ".join(found.title.split())
    return Talk(
        title=title,
        speakers=found.speakers,
        format=found.format or group,
        extra=found.extra,
        notes=notes,
    )
