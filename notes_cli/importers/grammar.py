"""One grammar for a talk's line: its title and its people, in either order.

A line is split at a separator (` - `, ` – `, ` — `, `:`, `|`, `,`, `by`, `with`, `from`,
`av`, `von`, `par`, `por`, …) or where its markup changes (a link then another link, bold then
italics, a line break). Each split is read both ways, title then people and people then title,
and the reading whose people part reads most as people wins. People are joined by `&`, `and`,
`und`, `et`, `e`, `y`, `och`, `og`, `+`, `;` and commas; each may carry a role and a company as
`(Role, Company)`, `, Role, Company`, `Role at/@ Company`, `from Company`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from notes_cli.importers.names import (
    HANDLE,
    HONORIFICS,
    TECH_WORDS,
    company_score,
    event_words,
    handle_score,
    is_role,
    name_score,
    words_of,
)
from notes_cli.model import Speaker

# `Presented by:`, `Speaker -`, `Referent:`, `Palestrante:`…: a label before the people.
_LABEL = re.compile(
    r"^(?:presented by|presenters?|speakers?|speaker\(s\)|by|with|hosted by|featuring|feat\.|"
    r"referent(?:in)?|referenten|sprecher(?:in)?|vortragende[rn]?|palestrantes?|orateurs?|"
    r"oratrices?|intervenants?|ponentes?|talare|föreläsare|foredragsholder|av|von|par|por|"
    r"facilitated by|moderated by|moderator)\s*[:\-–—]?\s+",
    re.I,
)
_JOINERS = re.compile(r"\s*;\s*|\s+(?:&|and|und|et|e|y|och|og|\+|with)\s+|\s*&\s*")
_LINK_WORDS = {
    "contact", "website", "site", "twitter", "github", "linkedin", "blog", "homepage", "slides",
    "video", "mastodon", "bluesky", "x", "web", "bio", "profile",
}  # fmt: skip
_AT = re.compile(
    r"^(?P<left>.+?)\s*(?:\s@\s*|\s(?:at|from|of|with|bei|chez|från|fra)\s)\s*(?P<right>.+)$"
)


# Link texts that name their own web site (`[Polar Squad](https://polarsquad.com)`): companies.
_ORGS: ContextVar[frozenset[str]] = ContextVar("orgs", default=frozenset())


def orgs_in(spans: Iterable[Any]) -> frozenset[str]:
    """The link texts of spans whose link goes to a site of that name: organisations."""
    out = set()
    for span in spans:
        href, text = getattr(span, "href", ""), getattr(span, "text", "")
        host = re.sub(r"^https?://(?:www\.)?", "", href).split("/")[0].split(".")[0].lower()
        squashed = re.sub(r"[^a-z0-9]", "", text.lower())
        if host and squashed and len(squashed) >= 3 and (squashed in host or host in squashed):
            out.add(" ".join(text.split()).casefold())
    return frozenset(out)


@dataclass(frozen=True)
class People:
    speakers: tuple[Speaker, ...]
    score: float  # how surely these are people, 0..1


@dataclass(frozen=True)
class Reading:
    title: str
    people: People | None
    score: float
    how: str  # "title - people", "people - title", "title"
    extra: dict[str, str] = field(default_factory=dict)


def parse_people(
    text: str, *, handles: bool = False, orgs: frozenset[str] = frozenset()
) -> People | None:
    """The people a piece of text names, with how surely, or None when it names none.

    `Ann Lee (CTO, Acme) & Bo Chan`, `Ann Lee, Senior Engineer, Acme`, `Ann Lee, CTO @ Acme`,
    `Ann Lee from Acme`, `Ann, Bo and Cy Dee`, `Ann Lee, Bo Chan, Acme`; handles and nicknames
    (`jam1garner`, `@maggiepint`) only when `handles` says the context expects a person.
    """
    return _parse_cached(text, handles, orgs, event_words())


@lru_cache(maxsize=4096)
def _parse_cached(
    text: str, handles: bool, orgs: frozenset[str], _event: frozenset[str]
) -> People | None:
    text = _cleaned(text)
    if not text or len(text) > 240:
        return None
    token = _ORGS.set(orgs)
    try:
        return _parse(text, handles)
    finally:
        _ORGS.reset(token)


def _chunks(text: str) -> list[tuple[str, bool]]:
    """The pieces between joiners, each with whether commas in it may separate names: not
    between `;` (`Ann Lee, Acme; Bo Chan, Initech`) nor after the last `&` (`Ann Lee & Bo
    Chan, Acme`), where a comma brings a role or a company."""
    groups = [g for g in re.split(r"\s*;\s*", text) if g.strip(" ,.")]
    out: list[tuple[str, bool]] = []
    for group in groups:
        parts = [c.strip(" ,.") for c in _JOINERS.split(group) if c and c.strip(" ,.")]
        for number, part in enumerate(parts):
            lists = len(groups) == 1 and (len(parts) == 1 or number < len(parts) - 1)
            if len(groups) == 1 and len(parts) == 1 and part.count(",") == 1:
                lists = False  # `Ann Lee, Liquid Reply`: two people would be joined by `&`
            out.append((part, lists))
    return out


def _parse(text: str, handles: bool) -> People | None:
    chunks = _chunks(text)
    several = len(chunks) > 1
    speakers: list[Speaker] = []
    scores: list[float] = []
    previous = ""
    for chunk, lists in chunks:
        found = _people_in_chunk(chunk, several=several, handles=handles, lists=lists)
        if not found and previous:  # `Alex Ek, Product and Design Engineer`: `and` in a role
            previous = f"{previous} and {chunk}"
            found = _people_in_chunk(previous, several=several, handles=handles, lists=lists)
            if found:
                del speakers[-1], scores[-1]
        else:
            previous = chunk
        if not found:
            return None
        for speaker, score in found:
            speakers.append(speaker)
            scores.append(score)
    if not speakers:
        return None
    unique = tuple(dict((s.name.casefold(), s) for s in reversed(speakers)).values())[::-1]
    return People(unique, min(scores))


def _cleaned(text: str) -> str:
    text = " ".join(text.replace("\n", " ").split())
    text = _LABEL.sub("", text.strip(" \t:-–—*_"))
    text = re.sub(r"\(\s*@[\w.-]+\s*\)", "", text)  # Ann Lee (@annlee)
    text = HANDLE.sub(lambda m: m[0] if text.strip() == m[0] else "", text)
    text = re.sub(r"\s+,", ",", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"(?<=[a-zà-ÿ]{2})\.$", "", " ".join(text.split()))  # `David Beazley.`
    return text.strip(" ;:-–—|")


def _people_in_chunk(
    chunk: str, *, several: bool, handles: bool, lists: bool = True
) -> list[tuple[Speaker, float]]:
    """One chunk between joiners: `Name (Role, Company)`, `Name, Role, Company`, or names."""
    inside = re.fullmatch(r"(?P<name>[^()]+?)\s*\((?P<inside>[^()]*)\)\s*(?P<rest>.*)", chunk)
    if inside and not inside["rest"].strip(" ,"):
        if not re.search(r"[^\W\d_]", inside["inside"]):
            return []  # `Spring Boot (74%)`: a figure, not a role or a company
        person = _person(inside["name"], several=several, handles=handles)
        if person:
            role, company = role_and_company(inside["inside"])
            return [
                (
                    Speaker(person[0].name, role or person[0].role, company or person[0].company),
                    person[1],
                )
            ]
    parts = [p.strip() for p in chunk.split(",") if p.strip()]
    parts = [p for p in parts if p.lower() not in _LINK_WORDS]
    if lists and _first_names(parts, several):  # `Allythy, Geraldo, Sedir`
        return [(Speaker(p), 0.5 if several else 0.4) for p in parts]
    found: list[tuple[Speaker, float]] = []
    for number, part in enumerate(parts):
        person = _person(part, several=several, handles=handles and number == 0)
        if person and (number == 0 or (lists and _starts_a_person(part, found))):
            found.append(person)
            continue
        if not found or not _qualify(found, part):
            return []
    return found


def _first_names(parts: list[str], several: bool) -> bool:
    """Lone given names in a row (`Ann, Bo, Cy`, or `Ann, Bo` before `and Cy`)."""
    return len(parts) >= (2 if several else 3) and all(
        len(words_of(p)) == 1 and name_score(p) > 0.3 for p in parts
    )


def _starts_a_person(part: str, found: list[tuple[Speaker, float]]) -> bool:
    """After a name, a comma brings another name only if it is a full one, and the one before
    has no role or company yet (`Ann Lee, Bo Chan`, not `Ann Lee, Acme`)."""
    if len(words_of(part)) < 2 or company_score(part) >= 0.7 or part.casefold() in _ORGS.get():
        return False
    return not (found[-1][0].role or found[-1][0].company) or name_score(part) >= 0.85


def _qualify(found: list[tuple[Speaker, float]], part: str) -> bool:
    """Give the last person a role or a company from `part`; False when it fits neither."""
    speaker, score = found[-1]
    role, company = role_and_company(part)
    if company and not role and not _company_like(company):
        return False  # `speaks in Type Hints about`: a sentence goes on, no company
    if role and not speaker.role:
        found[-1] = (Speaker(speaker.name, role, company or speaker.company), score)
    elif company and not speaker.company:
        found[-1] = (Speaker(speaker.name, speaker.role, company), score)
    elif role and speaker.role and not company:
        found[-1] = (Speaker(speaker.name, f"{speaker.role}, {role}", speaker.company), score)
    elif company and not role and speaker.role and speaker.company:
        # `Product Manager for OpenShift, Red Hat`: what came after `for` was the role's
        found[-1] = (Speaker(speaker.name, f"{speaker.role}, {speaker.company}", company), score)
    else:
        return False
    return True


def _company_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 7:
        return False
    return words[0][:1].isupper() or words[0][:1].isdigit() or company_score(text) >= 0.7


def _person(part: str, *, several: bool, handles: bool) -> tuple[Speaker, float] | None:
    """`Ann Lee`, `Ann Lee from Acme`, `Ann Lee @ Acme`, `Ann Lee, CTO at Acme`: a person."""
    part = HONORIFICS.sub("", part.strip())
    at = _AT.match(part)
    if at and name_score(at["left"]) >= 0.5:
        role, company = role_and_company(at["right"])
        return Speaker(at["left"].strip(), role, company or at["right"].strip()), name_score(
            at["left"]
        )
    score = name_score(part)
    if len(words_of(part)) == 1 and score > 0:
        # a lone first name is weak, unless beside others (`Danny & Alex`)
        score = 0.5 if several else min(score, 0.3)
    if score < 0.3 and handles:
        score = handle_score(part)
    return (Speaker(part.strip()), score) if score >= 0.3 else None


def role_and_company(text: str) -> tuple[str, str]:
    """`Senior Engineer @ Acme` -> (role, company); `Senior Engineer` -> (role, ""); `Acme` ->
    ("", "Acme"); `Engineer, Acme`; `Netflix Engineering Director` -> (role, company)."""
    text = " ".join(text.split()).strip(" ,;")
    match = re.fullmatch(
        r"(?P<role>.+?)\s*(?:\s@\s*|@|\sat\s|\sfor\s|\swith\s|\sfrom\s|\sbei\s|\schez\s|\spå\s|\shos\s)\s*(?P<company>.+)",
        text,
    )
    if match and (("@" in text) or is_role(match["role"])):
        return match["role"].strip(" |"), match["company"].strip()
    if "," in text:
        role, _, company = text.rpartition(",")
        if is_role(role) and not is_role(company):
            return role.strip(), company.strip()
    if is_role(text):
        return _company_before_role(text)
    return "", text


def _company_before_role(text: str) -> tuple[str, str]:
    """`Netflix Engineering Director`: a leading capitalised word that is no role word is the
    company; otherwise the whole is the role."""
    words = text.split()
    if (
        len(words) >= 3
        and not is_role(words[0])
        and words[0].lower() not in TECH_WORDS
        and words[0][:1].isupper()
        and company_score(words[0]) >= 0.3
    ):
        lead = words[0].lower()
        if lead not in {
            "senior",
            "junior",
            "lead",
            "principal",
            "staff",
            "chief",
            "head",
            "engineering",
            "software",
        }:
            return " ".join(words[1:]), words[0]
    return text, ""
