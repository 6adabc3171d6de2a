"""How much a piece of text reads as a person's name, a job title or a company.

No dictionary of given names is used: the free ones are dated or under a copyleft licence, and
they know English and German names far better than Finnish, Indian or Filipino ones (measured on
the dev set, the best covered 88% of its speakers' first names, and also "May", "Max", "Deep").
The shape of a name is more telling in a writeup: two to four capitalised words (particles such
as `van` or `de` and initials allowed), no digits, no word of a sentence ("the", "of", "how"…
in the languages the importer reads), no acronym, product casing (DynamoDB) or technology word,
no job-title word (a first word ending as a title's words do, `Automation`, is one, but for a
few given names that end so: Louise, Lance, Charity). The score says how sure: a lone word is
a weak name, three clean words a strong one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from notes_cli.importers.people import ROLE_WORDS

PARTICLES = frozenset(
    """
    de da del della der den di du van von la le bin al el ter dos das do ten zu st. st y
    """.split()  # noqa: SIM905 - a word list reads best as one string
)
HONORIFICS = re.compile(
    r"^(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|herr|frau|mme|m|sr|sra)\.?\s+", re.I
)
# Words of sentences and titles, in the languages of the writeups we read: never in a name.
FUNCTION_WORDS = frozenset(
    """
    a an the of and or but in on at to for from with without by about into over under how
    why what when where who which that this these those your our my their his her its is are
    was were be been being do does did not no yes all any some more most less than then so
    as if it we you they i me us them please rsvp join register important note vs versus via
    per new next first last part day days week track room keynote keynotes talk talks
    session sessions panel workshop lightning intro introduction opening closing welcome
    remarks conclusion summary agenda schedule lunch break coffee dinner drinks networking
    registration q&a qa update updates news recap review overview demo deep dive le la les
    un une des du et ou en dans sur pour par avec sans au aux ce cette est sont mais donc
    car ni qui que quoi notre votre leur der die das ein eine und oder im am zum zur mit von
    für über ist sind wie was warum el los las y o con para por una es o os as um uma e com
    para por em no na é och i på av för med till om det en ett är hur vad og på av for med
    til om det en et er hvordan hva
    best practices practice tips tricks basics guide lessons learned getting started watch video
    videos slides read more notes question questions answers resources tools key takeaways
    highlights steps history state story journey thoughts ideas world special thanks here there
    build make use try see

    """.split()  # noqa: SIM905 - a word list reads best as one string
)
# Technology and product words that head many talk titles and are no one's name.
TECH_WORDS = frozenset(
    """
    aws amazon azure google microsoft ibm oracle cloud clouds data web api apis app apps
    mobile kubernetes k8s docker container containers serverless lambda devops security
    platform platforms service services microservices micro frontend frontends backend
    javascript js typescript python java ruby rails go golang rust php scala kotlin swift
    node react angular vue linux windows git github gitlab sql nosql database databases
    machine learning ai ml infrastructure network networking systems system software code
    testing tests test design architecture performance scale scaling monitoring
    observability analytics engine engines framework frameworks library libraries tools tool
    open source community communities edge functional reactive async streams streaming
    events event native hybrid multi spot instance instances storage compute edition summit
    conference meetup group team user users booth lounge hall stage expo village
    project projects plugin plugins builder builders server servers client clients module
    modules package packages runtime compiler collector string strings pattern patterns
    """.split()  # noqa: SIM905 - a word list reads best as one string
)
COMPANY_WORDS = frozenset(
    """
    labs lab inc inc. ltd ltd. llc gmbh ag corp corporation co. sa s.a. bv b.v. plc oy ab as
    university universität université universidad college institute school foundation bank
    media solutions consulting group technologies technology software systems networks
    agency studio studios digital international hat
    """.split()  # noqa: SIM905 - a word list reads best as one string
)
_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_NAME_PREFIX = re.compile(
    r"^(?:Mc|Mac|Fitz|O'|O’|D'|D’|De|Del|Di|Da|Du|La|Le|Van|Vande[nr]?|Von|Ter|St)[A-ZÀ-Þ]"
)
_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_TITLE_SUFFIX = re.compile(
    r"(?:[a-z]{3}ing|tion|sion|ment|ness|ity|ics|ance|ence|ism|ful|less|able|ible|ous|[a-z]{4}ive|ware|ology|[a-z]{3}ed|ise|ize|ify)s?$"
)
# Given names that end as a word of a title does (Louise: -ise, Lance: -ance, Jared: -ed,
# Charity: -ity): common enough in any country's conference programmes not to be taken for one.
_NAMES_LIKE_TITLE_WORDS = frozenset(
    """
    louise denise elise eloise therese lance vance constance florence lawrence laurence
    clarence terence prudence clement charity felicity verity trinity jared alfred manfred
    wilfred winifred mildred siegfried mohamed mohammed muhammed irving sterling
    """.split()  # noqa: SIM905 - a word list reads best as one string
)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_][\w.-]*")


# The words of the event's own name ("Devoxx France"): within one post, never a person.
_EVENT_WORDS: ContextVar[frozenset[str]] = ContextVar("event_words", default=frozenset())


@contextmanager
def event_named(title: str) -> Iterator[None]:
    """Within the block, a name made only of words of `title` is the event, not a person
    (unless the title names them as the speaker: `Ann Lee's keynote`)."""
    words = frozenset(
        fold(w) for w in words_of(title) if w[:1].isupper() and not re.search(r"['’]s$", w)
    )
    token = _EVENT_WORDS.set(words)
    try:
        yield
    finally:
        _EVENT_WORDS.reset(token)


def event_words() -> frozenset[str]:
    """The words of the event's name in force (a key for caches of readings)."""
    return _EVENT_WORDS.get()


def words_of(text: str) -> list[str]:
    return [w.strip(',;:!?"“”()[]') for w in text.split() if w.strip(',;:!?"“”()[]')]


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_score(text: str) -> float:
    """0 when `text` cannot be a person's name, up to 1 for a clean two or three word name."""
    return _name_score(text, _EVENT_WORDS.get())


@lru_cache(maxsize=4096)
def _name_score(text: str, avoid: frozenset[str]) -> float:
    text = HONORIFICS.sub("", text.strip())
    words = words_of(text)
    if not words or len(text) > 48 or any(ch.isdigit() for ch in text):
        return 0.0
    if words[0].lower() in PARTICLES and len(words) > 1 and words[0][0].islower():
        return 0.0
    if avoid and all(fold(w) in avoid for w in words):
        return 0.0
    capitals = 0
    for number, word in enumerate(words):
        lower = word.lower()
        if lower in PARTICLES and 0 < number < len(words) - 1:
            continue
        if lower in PARTICLES and number == len(words) - 1 > 0 and word[:1].isupper():
            capitals += 1  # a surname such as Du, Le or Da
            continue
        if not _word_is_name_like(word, number, words):
            return 0.0
        capitals += 1
    if capitals == 0:
        return 0.0
    if (
        (_TITLE_SUFFIX.search(words[0]) and fold(words[0]) not in _NAMES_LIKE_TITLE_WORDS)
        or (len(words) > 2 and words[-1].endswith(("ence", "ance")))
        or (
            len(words) > 1
            and _TITLE_SUFFIX.search(words[-1])
            and words[-1].endswith(("tion", "ment", "ness", "ity"))
        )
    ):
        return 0.2  # Testing, Automation, Compliance: words of a title, not a given name
    if len(words) == 1:
        return 0.35
    return {2: 0.9, 3: 0.85, 4: 0.6}.get(capitals, 0.3)  # `van`, `de la` not counted


def _word_is_name_like(word: str, number: int, words: list[str]) -> bool:
    lower = word.lower().rstrip(".")
    if lower in FUNCTION_WORDS or lower in ROLE_WORDS or lower in TECH_WORDS:
        return False
    if lower in COMPANY_WORDS:
        return False
    if re.fullmatch(r"[A-ZÀ-Þ]\.?", word):  # an initial
        return True
    if lower.endswith(("'s", "’s")) and number < len(words) - 1:
        return False  # `Every Song's Band`: a possessive inside a phrase, not in a name
    if not _WORD.match(word) or not word[0].isupper() or word.count("-") > 1:
        return False  # `M-M-Multi-Cluster`: a name has one hyphen at most
    if word.isupper() and len(word) > 1:
        # an acronym (AWS); a surname in capitals after a given name (Mathieu ANCELIN) is a name
        return number == len(words) - 1 and number > 0 and not words[0].isupper()
    return not (_CAMEL.search(word) and not _NAME_PREFIX.match(word))


def handle_score(text: str) -> float:
    """A nickname or handle standing for a person (`jam1garner`, `@maggiepint`, `GlitchWitch`)."""
    text = text.strip().lstrip("@")
    if not re.fullmatch(r"[A-Za-z][\w.-]{1,30}", text):
        return 0.0
    if text.lower() in FUNCTION_WORDS or text.lower() in TECH_WORDS or text.lower() in ROLE_WORDS:
        return 0.0
    return 0.3


def company_score(text: str) -> float:
    """How much `text` reads as an organisation: a company word, an acronym, product casing."""
    words = words_of(text)
    if not words or len(words) > 8:
        return 0.0
    if any(fold(w) in COMPANY_WORDS for w in words):
        return 0.9
    if any(w.isupper() and len(w) > 1 for w in words) or any(
        _CAMEL.search(w) and not _NAME_PREFIX.match(w) for w in words
    ):
        return 0.7
    if any(w.lower() in TECH_WORDS for w in words):
        return 0.6
    if re.search(r"\.\w{2,4}$", text):  # backtothelab.io, Solo.io
        return 0.7
    return 0.3 if all(w[0].isupper() or not w[0].isalpha() for w in words) else 0.1


def is_role(text: str) -> bool:
    """Whether a phrase holds a job-title word ("Principal Engineer", "VP/CTO")."""
    return any(fold(w).strip(".()") in ROLE_WORDS for w in re.split(r"[\s/,&|]+", text))
