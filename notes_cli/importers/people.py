"""Names, roles and companies: the words shared by the importers to tell a job title from a
name or a company, and the reading of a speaker's free-text tag line (a schedule's "Senior
Engineer @ Acme")."""

from __future__ import annotations

import re

# A phrase with one of these words reads as a job title ("Principal Engineer", "VP/CTO").
ROLE_WORDS = frozenset(
    """
    admin administrator adviser advisor advocate ambassador analyst architect associate auditor
    author blogger ceo cfo chair champion chief cio ciso co-founder coach cofounder committer
    community consultant contributor coo cpo cso cto designer developer devops director editor
    engineer evangelist executive expert fellow founder freelance freelancer guy head hero host
    independent instructor intern lead leader lecturer maintainer manager mct member mentor mvp
    officer organiser organizer owner partner physicist president principal producer product
    professor programmer researcher scientist senior speaker specialist sre staff strategist
    student tech technical technologist tester trainer vp writer
    """.split()  # noqa: SIM905 - a word list reads best as one string
)


def has_role_word(text: str) -> bool:
    return any(word in ROLE_WORDS for word in re.split(r"[^a-z0-9-]+", text.lower()))


_CONNECTORS = frozenset("& and of for the de du la le von van der und y e".split())  # noqa: SIM905
_SEGMENT = re.compile(r"\s*[|•·]\s*")
_AT_SIGN = re.compile(r"\s*@\s*")
_AT_WORD = re.compile(r"\s+at\s+", re.I)
_DASH = re.compile(r"\s[-–—]\s")
_COMMA = re.compile(r"\s*,\s*")
_COMPANY_END = re.compile(r",|;|\||\s/\s|\s[-–—]\s|\(")


def read_tag_line(tag_line: str) -> tuple[str, str]:
    """Role and company from a speaker's free-text tag line, only where it reads like them.

    `Role @ Company`, `Role at Company`, `Role, Company`, `Role - Company` (or `Company, Role`
    when only the second part is a job title), in any `|`-separated part of the line. Otherwise a
    short part that is a job title is the role. Anything else (slogans, lists of awards) gives
    nothing: a wrong company is worse than none.
    """
    text = " ".join(tag_line.split())  # the caller has dropped control characters
    segments = [segment for segment in _SEGMENT.split(text) if segment]
    for segment in segments:
        for pattern, at_sign in ((_AT_SIGN, True), (_AT_WORD, False)):
            match = pattern.search(segment)
            if match:
                role = segment[: match.start()].strip(" ,-–—")
                company = _company(segment[match.end() :], first_any=at_sign)
                if company and _is_role(role):
                    return role, company
    for segment in segments:
        for separator in (_DASH, _COMMA):
            parts = separator.split(segment)
            if len(parts) != 2:
                continue
            first, second = (part.strip() for part in parts)
            if _is_role(first) and not has_role_word(second) and _company(second) == second:
                return first, second
            if _is_role(second) and not has_role_word(first) and _company(first) == first:
                return second, first
    for segment in segments:
        if _is_role(segment) and len(segment) <= 60:
            return segment, ""
    return "", ""


def _is_name_word(word: str) -> bool:
    """A capitalised word, a number, or a brand with a capital inside (eBay, proMX)."""
    return word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word)


def _is_role(text: str) -> bool:
    return bool(text) and len(text) <= 80 and len(text.split()) <= 12 and has_role_word(text)


def _company(text: str, *, first_any: bool = False) -> str:
    """The name at the start of `text`: up to its first comma, dash, slash or bracket, then its
    leading run of capitalised words ("NetApp working in …" -> "NetApp"). A lower-case first word
    counts only after `@` (handles such as `@dhino`). "" when that is no name of 1-5 words or it
    holds a job title ("Microsoft MVP")."""
    text = _COMPANY_END.split(text, maxsplit=1)[0]
    words = text.split()
    kept: list[str] = []
    for index, word in enumerate(words):
        joins = (
            word.lower() in _CONNECTORS
            and index + 1 < len(words)
            and _is_name_word(words[index + 1])
        )
        if not (_is_name_word(word) or joins or (index == 0 and first_any)):
            break
        kept.append(word)
    if not 1 <= len(kept) <= 5 or has_role_word(" ".join(kept)):
        return ""
    return " ".join(kept)
