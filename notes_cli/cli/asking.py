"""Questions to the person at the terminal, behind one seam.

Every question a command asks goes through here, and only when `interactive()` says a person
can answer: tests replace that one function to act as a terminal (answers come through the
test runner's input).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer


def interactive() -> bool:
    """True when a person can answer questions."""
    return sys.stdin.isatty()


def text(question: str, default: str | None = None) -> str:
    """An answer typed at the terminal (`default` when the person just presses Enter)."""
    if default is None:
        return str(typer.prompt(question, err=True))
    return str(typer.prompt(question, default=default, show_default=bool(default), err=True))


def confirm(question: str) -> bool:
    return bool(typer.confirm(question, err=True))


def date_of(path: Path) -> str | None:
    """The date of a post that says nothing of it, as typed; None when no one can be asked."""
    return text(f"Date of {path} (YYYY-MM-DD)") if interactive() else None


def day(question: str, *, default: dt.date | None = None, after: dt.date | None = None) -> dt.date:
    """A date, asked again until it is one (`default`, else today, when the person just presses
    Enter); not before `after` when given."""
    from notes_cli import render

    while True:
        answer = text(question, default=(default or dt.date.today()).isoformat())
        try:
            found = dt.date.fromisoformat(answer.strip())
        except ValueError:
            render.info(f"'{answer}' is not a date; write it as YYYY-MM-DD")
            continue
        if after is not None and found < after:
            render.info(f"{found} is before {after}: the last day is on or after the first")
            continue
        return found
