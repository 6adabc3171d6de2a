"""Words shared by the importers to tell a job title from a name or a company."""

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
