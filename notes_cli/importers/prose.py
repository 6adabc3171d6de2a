"""Talks told in sentences: "Ann Lee (CTO, Acme) talked about Z", "the next talk was by Ann Lee
on Z", "Ann Lee's talk on Z", "[Z](url) by Ann Lee", "Ann Lee a parlé de Z", "snakket Ann Lee om
Z", "The keynote speakers were Ann Lee and Bo Chan".

Prose is where a name and a topic meet by chance, so the bar is higher than for a heading: a
person's full name, a verb of speaking next to it, and a title that is a link, a quotation or a
short clause. `speakers_told` finds who spoke in the first sentences under a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from notes_cli.importers.grammar import role_and_company
from notes_cli.importers.names import company_score, is_role, name_score
from notes_cli.model import Speaker

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
NAME = rf"(?:{_CAP}\s+(?:(?:de|da|van|von|der|den|del|di|du|le|la|el|dos|das|ter)\s+){{0,2}}){{1,3}}{_CAP}"
_WHO = rf"(?P<who>{NAME})(?:'s?|’s?)?"
_WHOS = rf"(?P<who>{NAME})(?:\s*(?:,|and|&|und|et|och|og|e|y)\s+(?P<who3>{NAME}))?"
_QUAL = r"(?:\s*\((?P<qual>[^()]{2,90})\)|,\s+(?P<qual2>[^,.]{2,90}?)(?:,|\s*$))?"
_ORG = r"(?:\s+(?:from|of|at|@|de|von|fra|från)\s+(?P<org>(?:the\s+)?[A-Z0-9][\w&.+-]*(?:\s+[A-Z][\w&.+-]*){0,3}))?"
_JOINED = rf"(?:\s+(?:was|were)\s+joined\s+by\s+(?P<who2>{NAME})(?:\s+(?:from|of|at)\s+(?P<org2>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,2}}))?)?"
SPEAK = (
    r"(?:talked|spoke|speaks|talks|presented|presents|(?:gave|gives)\s+(?:a|an|the|us\s+a|us\s+an)\s+(?:\w+\s+){0,3}?"
    r"(?:talk|keynote|presentation|session|workshop|tutorial|lightning talk|overview|introduction|demo)|"
    r"showed|demoed|demonstrated|discussed|explained|introduced|shared|walked\s+(?:us|the audience)\s+through|"
    r"to\s+(?:discuss|talk\s+about|present|explain|show|speak\s+about)|"
    r"took\s+us\s+through|opened|kicked\s+off|closed|"
    r"a\s+parlé|a\s+présenté|nous\s+a\s+(?:parlé|présenté|montré)|parle|présente|"
    r"sprach|spricht|hat\s+(?:über\s+)?(?:\w+\s+){0,4}?(?:gesprochen|vorgestellt|gezeigt|erzählt)|stellte|zeigte|"
    r"falou|apresentou|mostrou|habló|presentó|"
    r"pratade|talade|berättade|presenterade|visade|snakket|pratet|fortalte|presenterte|viste|"
    r"covered|described|highlighted|stated|emphasi[sz]ed|elaborated\s+on|went\s+through|"
    r"(?:did|prepared|ran|led|lead|hosted)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:demo|presentation|talk|session|live-coding session|workshop)|"
    r"(?:held|holdt|höll|hielt|gab|dio|deu|a\s+donné|a\s+fait|hat\s+gehalten)\s+(?:a|an|et|en|ett|einen|eine|una|uma|une)\s+"
    r"(?:\w+\s+)?(?:talk|foredrag|föredrag|vortrag|charla|palestra|conférence|présentation|presentasjon|presentation|keynote|workshop))"
)
_ABOUT_WORD = r"\s+(?:about|on|of|de|du|des|sur|über|sobre|om|kring|over|regarding)"
_ABOUT = rf"(?:{_ABOUT_WORD})?"
_TITLE_QUOTE = r"[\"“«‘]([^\"”»’]{3,140})[\"”»’]"


@dataclass(frozen=True)
class Told:
    title: str
    speakers: tuple[Speaker, ...]
    score: float
    how: str
    format: str = ""
    event: str = ""  # the event a talk was given at, when the post names another one


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“\[(«*_])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def speakers_told(text: str) -> tuple[Speaker, ...]:
    """Who spoke, in a sentence that names them next to a verb of speaking or a role."""
    for sentence in sentences(text)[:3]:
        match = re.search(
            rf"{_WHO}{_QUAL}{_ORG}{_JOINED}\s+(?:[\w,]+\s+){{0,6}}?{SPEAK}\b", sentence
        )
        if not match:
            match = re.search(
                rf"\b(?:by|with|from|found|saw|heard|see|watch)\s+{_WHOS}{_QUAL}{_ORG}{_JOINED}",
                sentence,
            )
        if not match:
            match = re.match(
                rf"{_WHO}(?:\s*\((?P<qual>[^()]{{2,90}})\)|,\s+(?P<qual2>[^,.]{{2,70}}),)", sentence
            )
        found = _speakers(match) if match else ()
        if found:
            return found
    return ()


def names_in(text: str) -> tuple[Speaker, ...]:
    """The full names in the first two sentences of a paragraph (`the origin stories of Kevin
    Liang, Markus Hofmann…`): weak evidence, for siblings to confirm."""
    out: dict[str, Speaker] = {}
    for sentence in sentences(text)[:2]:
        for match in re.finditer(NAME, sentence):
            name = match[0]
            if sentence[match.end() : match.end() + 1] in "!?" or sentence[
                : match.start()
            ].rstrip().endswith(":"):
                continue  # `is quite simple: Build Something!`: a slogan, no one's name
            if name_score(name) >= 0.85 and len(name.split()) <= 3:
                out.setdefault(name.casefold(), Speaker(name))
    return tuple(out.values())[:8]


def subject_of(text: str) -> Speaker | None:
    """The person a paragraph opens with (`Laurie Berth was a delight…`), if it does."""
    first = sentences(text)[:1]
    match = re.match(rf"(?P<who>{NAME})\s+(?:[a-zà-ÿ]+)\b", first[0]) if first else None
    if match and name_score(match["who"]) >= 0.85:
        return Speaker(match["who"])
    return None


def _speakers(match: re.Match[str]) -> tuple[Speaker, ...]:
    out = []
    who = re.sub(r"(?<=[a-zà-ÿ]{2})\.$", "", match["who"].strip())
    first, _, rest = who.partition(" ")
    if (
        match.start("who") == 0
        and name_score(who) < 0.6
        and name_score(first) == 0
        and len(rest.split()) >= 2
        and name_score(rest) >= 0.85
    ):
        who = rest  # `Here Ann Lee gives…`: the word opening the sentence is no part of the name
    if name_score(who) < 0.6:
        return ()
    qual = match.groupdict().get("qual") or match.groupdict().get("qual2") or ""
    role, company = role_and_company(qual) if qual else ("", "")
    if qual and not is_role(qual):  # an apposition: a company if it reads as one, else a role
        role, company = (
            ("", qual) if company_score(qual) >= 0.6 or name_score(qual) >= 0.8 else (qual, "")
        )

    org = (match.groupdict().get("org") or "").strip()
    out.append(Speaker(who, role, company or _org(org)))
    third = match.groupdict().get("who3")
    if third and name_score(third) >= 0.6:
        out.append(Speaker(third.strip()))
    second = match.groupdict().get("who2")
    if second and name_score(second) >= 0.6:
        out.append(Speaker(second.strip(), "", _org(match.groupdict().get("org2") or "")))
    return tuple(out)


def _org(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip())
    return text if text and name_score(text) < 0.85 else ""


def told_in(text: str, links: list[tuple[str, str]]) -> list[Told]:
    """The talks the sentences of a paragraph tell, with `links` (text, url) it holds."""
    found: list[Told] = []
    previous = ""
    for sentence in sentences(text):
        told = (
            _spoke_about(sentence, links)
            or _talk_by(sentence, links)
            or _keynotes(sentence)
            or _quoted_after_names(sentence)
            or _quoted_links(sentence, links)
            or _their_talk(sentence, previous, links)
        )
        found.extend(told)
        previous = sentence
    return found or _quoted_talk(text)


_THEIR_TALK = re.compile(
    r"^(?:His|Her|Their)\s+(?:[\w-]+\s+){0,3}?(?P<form>talk|keynote|session|presentation|workshop)"
    r"\s+(?:on|about|called)\s+(?P<rest>.+)$"
)


def _their_talk(sentence: str, previous: str, links: list[tuple[str, str]]) -> list[Told]:
    """`Ann Lee always opens eyes. Her talk on [Z](url) was late.`: the one person the sentence
    before names gave the talk, under a linked or quoted title."""
    match = _THEIR_TALK.match(sentence)
    title, sure = _object(match["rest"], links) if match else ("", False)
    people = {s.name for s in names_in(previous)}
    if not match or not sure or len(people) != 1:
        return []
    return [Told(title, (Speaker(people.pop()),), 0.62, "their talk", _form(match["form"]))]


_TALK_WORD = re.compile(
    r"\b(?:talks?|session|presentation|keynote|attended|conférence|vortrag|palestra)\b", re.I
)


def _quoted_links(sentence: str, links: list[tuple[str, str]]) -> list[Told]:
    """`I liked the "[On working from home](url)" talk`: a linked title in quotation marks, in a
    sentence about talks, names a talk whose speaker the post does not give."""
    if not _TALK_WORD.search(sentence):
        return []
    out = []
    for text, href in links:
        title = text.strip(" ,.")
        if href and len(title) > 3 and re.search(rf"[\"“«]\s*{re.escape(text)}\s*[\"”»]", sentence):
            out.append(Told(title, (), 0.62, "a quoted link to a talk"))
    return out


def _quoted_talk(text: str) -> list[Told]:
    """`Ann Lee - engineer at Acme - presented Z in her talk "Title"`: a quoted title after a
    talk word, in a paragraph that opens with the speaker's name."""
    quoted = re.search(
        rf"\b(?:talk|presentation|keynote|session)\b[^\"“.]{{0,25}}?{_TITLE_QUOTE}", text
    )
    opening = re.match(rf"\s*(?P<who>{NAME})(?=\s*(?:[-–—,(]|\s+(?:from|of|at)\s))", text)
    if not quoted or not opening or name_score(opening["who"]) < 0.85:
        return []
    return [Told(quoted[1].strip(" ,"), (Speaker(opening["who"]),), 0.64, "quoted talk")]


def _quoted_after_names(sentence: str) -> list[Told]:
    """`Jeremy Ashkenas ("Symbiotic languages"), Brian Leroux ("…")`: a name, its talk quoted."""
    out = []
    for match in re.finditer(rf"(?P<who>{NAME})\s*\(\s*{_TITLE_QUOTE}\s*\)", sentence):
        if name_score(match["who"]) >= 0.8:
            out.append(
                Told(match[2].strip(" ,."), (Speaker(match["who"]),), 0.66, "name (quoted title)")
            )
    return out


def _spoke_about(sentence: str, links: list[tuple[str, str]]) -> list[Told]:
    """`Ann Lee (CTO, Acme) talked about Z`, `Ann Lee spoke at Scala Days about Z`, `Ann Lee
    a parlé de Z`, `snakket Ann Lee om Z`; `Ann Lee spoke at Scala Days.` (no title given)."""
    match = re.search(
        rf"{_WHOS}{_QUAL}{_ORG}{_JOINED}\s+(?:\w+\s+){{0,2}}?{SPEAK}(?P<mid>\s+(?:at|to|in|a|for)\s+[^.]{{2,120}}?)?"
        rf"(?:{_ABOUT_WORD}|\s+(?:entitled|titled|called)|\s+(?:with\s+)?us|(?=\s*[\"“«]))\s+(?P<rest>.+)$",
        sentence,
    )
    if not match:  # `I [Title](url) snakket Ann Lee om …`: the link before is the title
        for text, _ in links:
            inverted = re.search(
                rf"{re.escape(text)}\s*,?\s+(?:snakket|pratet|pratade|talade|sprach|parle|parlait)\s+{_WHOS}",
                sentence,
            )
            if inverted and _speakers(inverted):
                return [Told(text.strip(" ,."), _speakers(inverted), 0.72, "told")]
        match = re.search(
            rf"\b(?:snakket|pratet|pratade|talade)\s+{_WHOS}{_QUAL}\s+om\s+(?P<rest>.+)$", sentence
        )
    if not match:
        return _spoke_at(sentence)
    speakers = _speakers(match)
    title, sure = _object(match["rest"], links)
    mid_text = match.groupdict().get("mid") or ""
    in_mid = [
        t for t, _ in links if len(t) > 3 and t in mid_text and not re.search(r"\bat\s", mid_text)
    ]
    if in_mid:  # `Ann Lee speaks in [Type Widgets] about…`
        title, sure = in_mid[0].strip(" ,."), True
    if not speakers or not title:
        return []
    told = Told(title, speakers, 0.72 if sure else 0.6, "told")
    mid = (match.groupdict().get("mid") or "").strip()
    event = re.match(r"^(?:at|to)\s+(.+)$", mid)
    return [replace(told, event=event[1].strip()) if event else told]


def _spoke_at(sentence: str) -> list[Told]:
    """`Ann Lee spoke at Scala Days in Berlin.`: a talk whose title the post does not give."""
    match = re.match(
        rf"^{_WHOS}\s+(?:spoke|presented|talked|gave a talk)\s+at\s+(?P<event>[^.,;]{{3,80}}?)(?:\s+in\s+[A-Z][\w ]+)?\.?$",
        sentence,
    )
    speakers = _speakers(match) if match else ()
    if not match or not speakers:
        return []
    event = match["event"].strip()
    return [
        Told(f"Talk at {re.sub(r'^the ', 'the ', event)}", speakers, 0.62, "spoke at", event=event)
    ]


def _talk_by(sentence: str, links: list[tuple[str, str]]) -> list[Told]:
    """`the next talk was by Ann Lee on Z`, `Ann Lee's talk on Z`, `[Z](url) by Ann Lee`."""
    by = re.search(
        rf"\b(?P<form>talk|keynote|session|presentation|workshop|lightning talk)(?:\s+(?:on|about|called|titled|entitled)\s+(?P<pre>{_TITLE_QUOTE}))?\s+(?:was\s+)?(?:(?:given|taken|presented|delivered|led|run|hosted)\s+)?by\s+{_WHO}{_QUAL}{_ORG}(?:\s+(?:on|about|called|titled|entitled)\s+(?P<rest>.+))?",
        sentence,
    )
    if by:
        speakers = _speakers(by)
        title, sure = _object(by["pre"] or by["rest"] or "", links)
        if not title:
            title, sure = _named_topic(sentence[: by.start()], links)

        if speakers and (title or by["form"].lower() == "keynote"):
            title = title or f"Keynote by {speakers[0].name}"
            return [
                Told(
                    title,
                    speakers,
                    0.72 if sure or not by["rest"] else 0.6,
                    "talk by",
                    _form(by["form"]),
                )
            ]
    own = re.search(
        rf"(?P<who>{NAME})(?:'s?|’s?)\s+(?:[\w-]+\s+){{0,4}}?(?P<form>talk|keynote|session|presentation|workshop)\s+(?:on|about|called)\s+(?P<rest>.+)$",
        sentence,
    )
    if own:
        speakers = _speakers(own)
        title, sure = _object(own["rest"], links)
        if speakers and title:
            return [Told(title, speakers, 0.72 if sure else 0.6, "own talk", _form(own["form"]))]
    for text, _ in links:
        after = re.search(rf"{re.escape(text)}\s*[,]?\s+(?:by|av|von|par|por)\s+{_WHO}", sentence)
        if after and _speakers(after):
            return [Told(text.strip(" ,"), _speakers(after), 0.72, "link by")]
    return []


def _named_topic(before: str, links: list[tuple[str, str]]) -> tuple[str, bool]:
    """`our topic was `Widgets at Scale` and the session was taken by…`: the topic named."""
    match = re.search(
        r"\b(?:topic|title|subject|theme|thème|tema|thema)\s+(?:was|is|:)\s+(?P<rest>.+)$",
        before,
        re.I,
    )
    return _object(match["rest"], links) if match else ("", False)


def _keynotes(sentence: str) -> list[Told]:
    """`The keynote speakers were AWS CEO Ann Lee and CTO Bo Chan`: a keynote each."""
    match = re.search(
        r"\bkeynote(?:s| speakers?)?\s+(?:were|was|came|by|from)\b(?P<rest>.{5,160})",
        sentence,
        re.I,
    )
    if not match:
        return []
    people = []
    company = ""
    for who in re.finditer(NAME, match["rest"]):
        words = who[0].split()
        last_role = max((i for i, w in enumerate(words) if is_role(w)), default=-1)
        roles = [w for w in words[: last_role + 1] if is_role(w)]
        lead = [w for w in words[: last_role + 1] if not is_role(w)]
        company = company or " ".join(lead)  # `Acme CEO Ann Lee and CTO Bo Chan`
        words = words[last_role + 1 :]
        while words and words[0].isupper() and len(words) > 2:
            company = company or words[0]
            words = words[1:]
        roles += [w for w in match["rest"][: who.start()].split()[-1:] if is_role(w)]
        name = " ".join(words)
        if name_score(name) >= 0.8:
            people.append(Speaker(name, " ".join(roles), company))

    return [Told(f"Keynote by {p.name}", (p,), 0.66, "keynote speakers", "keynote") for p in people]


def _object(rest: str, links: list[tuple[str, str]]) -> tuple[str, bool]:
    """The title after a verb: a link or a quotation right there (sure), else a short clause."""
    rest = rest.strip()
    for text, _ in links:
        at = rest.find(text)
        if 0 <= at <= 30 and len(text) > 3:
            return text.strip(" ,.:;"), True
    quoted = re.match(rf"^(?:\w+\s+){{0,3}}?{_TITLE_QUOTE}", rest)
    if quoted:
        return quoted[1].strip(" ,."), True
    rest = (
        rest
        if len(rest.split(",")[0].split()) > 14 or len(rest.split()) <= 14
        else rest.split(",")[0]
    )
    clause = re.split(
        r"[.;!?()]|:\s+(?=[a-z])|,\s+(?:and|but|which|where|who|while)\b|\s+(?:and how|which|where)\s+",
        rest,
    )[0]
    words = clause.split()
    tool = len(words) == 1 and re.fullmatch(r"\w+(?:[-.]\w+)+", words[0])  # `swagger-codegen`
    if not (2 <= len(words) <= 14 or tool):
        return "", False
    text = " ".join(words).strip(" ,")
    if tool:
        return text, False  # a tool keeps its own spelling
    return text[:1].upper() + text[1:], False  # a clause made a title: `Why widgets fail`


def _form(word: str) -> str:
    word = word.lower()
    return (
        "keynote"
        if word == "keynote"
        else "workshop"
        if word == "workshop"
        else "lightning"
        if "lightning" in word
        else ""
    )
