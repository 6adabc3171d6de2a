"""Words that say a block is a talk, or is not, in the languages of the writeups we read
(English, French, German, Spanish, Portuguese, Swedish, Norwegian, Dutch, Finnish)."""

from __future__ import annotations

import re

# In a title or heading: this is a talk.
TALK_CUE = re.compile(
    r"\b(?:keynotes?|talks?|lightning|session|sessions|presentation|workshop|panel|tutorial|"
    r"fireside chat|vortrag|vorträge|keynote-vortrag|palestras?|conférences?|présentation|"
    r"ponencia|charla|föredrag|föreläsning|foredrag|lyntale|presentatie|lezing|esitelmä)\b",
    re.I,
)
# In the text under a heading: the heading was a talk ("this talk", "her keynote", "il a parlé").
SECTION_CUE = re.compile(
    r"\b(?:(?:this|the|his|her|their|whose|a|great|good|excellent|fun|first|next|last) "
    r"(?:talks?|keynotes?|sessions?|presentations?|workshop|panel)|talked about|spoke about|presented|"
    r"gave (?:a|an|the|us)|walked us through|showed us|speaker|demoed|"
    r"a parlé|a présenté|nous a (?:montré|présenté|parlé)|sa (?:conférence|présentation)|"
    r"hat (?:gezeigt|vorgestellt|erzählt|gesprochen)|sprach über|sein vortrag|ihr vortrag|"
    r"falou sobre|apresentou|a palestra|habló (?:de|sobre)|presentó|la charla|"
    r"pratade om|talade om|berättade|föredraget|snakket om|fortalte|foredraget|presenterte|"
    r"vertelde|presenteerde)\b",
    re.I,
)
# Right under a title: "This talk focused on…", "Her keynote was…": the title was a talk.
STRONG_CUE = re.compile(
    r"^(?:[^.!?]{0,80}\b)?(?:this|the|his|her|their)\s+(?:talk|keynote|session|presentation|workshop|"
    r"panel|lightning talk|conférence|présentation|vortrag|keynote-vortrag|palestra|charla|föredraget|foredraget)\b|"
    # `Présentation de yield…`, `Deuxième présentation sur…`: a section that opens on its talk
    r"^(?:\w+\s+)?(?:présentation|conférence|talk|vortrag|palestra|charla|apresentação)\s+(?:de|sur|du|des|about|on|über|sobre|om)\b",
    re.I,
)
# A heading that is no talk: the post's own parts, days, breaks, thanks.
NOT_TALK = re.compile(
    r"^(?:conclusions?|closing(?: thoughts| remarks| words| ceremon(?:y|ies))?|summary|sum(?:ming)? up|"
    r"wrap[- ]?up|final thoughts|in summary|intro(?:duction)?|overview|announcements?|agenda|"
    r"programme|program|schedule|sponsors?|partners|thanks?(?: you)?(?: everybody| all)?!*|"
    r"acknowledg\w*|(?:key )?takeaways?(?: and tips)?|links|resources|references|further reading|"
    r"highlights?|all talks|talks|sessions|other talks|speakers|organi[sz]ers|description|"
    r"about(?: me| us)?|photos|pictures|slides|videos?|recordings?|event details|details|venue|the venue|"
    r"location|registration|lunch|(?:coffee |lunch )?break|dinner|party|networking|drinks|"
    r"aftermath|after[- ]?party|afterwards|join us|"
    r"breakfast|the day|the conference|what'?s next|next steps|tl;?dr|updates?|news|"
    r"table of contents|contents|toc|preparations?|faq|getting there|travel|"
    r"inledning|sammanfattning|avslutning|slutsats|einleitung|zusammenfassung|fazit|"
    r"résumé|conclusion générale|introducción|conclusión|resumen|introdução|conclusão|resumo|"
    r"oppsummering|innledning|johdanto|yhteenveto)[.!:]*$",
    re.I,
)
_DAY = (
    r"(?:day|dag|tag|jour|journée|día|dia|päivä)\s*(?:\d+|one|two|three|four|five|[ivx]+|zero)|"
    r"(?:\d+|first|second|third|1st|2nd|3rd|\d+th|1ère|\d+ème|erster|zweiter)\s+(?:day|journée|tag)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:lun|mar|mercre|jeu|vendre|same)di|dimanche|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)|"
    r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|mandag|tirsdag|lørdag|søndag)|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"(?:morning|afternoon|evening)"
)
DAY_HEADING = re.compile(rf"^(?:the\s+)?(?:{_DAY})\b(?!\s*[:\-–—]\s*\w)", re.I)
# A slot of an agenda that is no talk.
BREAK_SLOT = re.compile(
    r"\b(?:break|lunch|dinner|doors|welcome|drinks|pizza|food|network(?:ing)?|arrive|arrival|"
    r"registration|wrap|closing|opening|coffee|snacks|mingle|mingling|social|reception|"
    r"check-in|fika|pause|déjeuner|mittag|almoço|almuerzo|lunsj)\b",
    re.I,
)
# Under a plain line: a product announced, not a talk given.
ANNOUNCEMENT = re.compile(
    r"\b(?:announced|released|launched|a new (?:feature|product|service))\b", re.I
)


# `Slides: https://…`, `Date: 4 April`: a labelled detail of a talk or an event, no talk.
LABELLED = re.compile(
    r"^(?:slides?|video|recording|photos?|pictures|links?|url|website|meetup link|event link|"
    r"date|time|when|where|venue|location|address|attendees|rsvp|tickets?|sponsors?|venue sponsor|"
    r"other sponsor|host|hosted by|organi[sz]ers?|code|repo|github|twitter|blog|abstract|bio)\s*:",
    re.I,
)
# A section of people who are not speakers: its items and rows are no talks.
PEOPLE_SECTION = re.compile(
    r"^(?:organi[sz]ers?|organi[sz]ing team|team|the team|crew|volunteers|sponsors?|partners|"
    r"hosts?|contacts?|about( us| me)?|authors?|arrangører|organisatörer|veranstalter|organisateurs)$",
    re.I,
)


_PLURALS = {
    "talks", "sessions", "speakers", "keynotes", "presentations", "and", "the", "all", "other",
    "some", "my", "our", "favourite", "favorite", "best", "highlights", "&", "of", "day",
    "vorträge", "palestras", "conférences", "föredrag", "foredrag", "sesiones", "charlas",
}  # fmt: skip


def is_not_talk(title: str) -> bool:
    text = " ".join(title.split()).strip(" *_#")
    words = text.lower().rstrip(":").split()
    if words and all(w in _PLURALS for w in words) and len(words) <= 6:
        return True  # `Talks and speakers`, `All the sessions`: a heading over talks

    if LABELLED.match(text):
        return True
    if DAY_HEADING.match(text) and len(text.split()) <= 6:
        return True
    return bool(NOT_TALK.match(text))
