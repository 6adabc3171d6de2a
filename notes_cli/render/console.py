"""The two consoles (data on stdout, messages on stderr), the one-line messages, JSON, and the
progress bar.

Rich is loaded when something styled is printed: a plain line (`info`, `line`) is written as it
is, so a command that prints nothing else never pays for loading Rich.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from notes_cli.errors import NoteProblem
from notes_cli.model import Speaker
from notes_cli.results import (
    Report,
)

if TYPE_CHECKING:
    from rich.console import Console


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def error(message: str) -> None:
    from rich.text import Text

    stderr().print(Text(f"error: {message}", style="red"), soft_wrap=True)


def notice(message: str) -> None:
    from rich.text import Text

    stderr().print(Text(message, style="yellow"), soft_wrap=True)


def info(message: str) -> None:
    """One line of a message on stderr, as given, unstyled."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def line(text: str) -> None:
    """One line of data on stdout, exactly as given (paths, ids)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def raw(text: str) -> None:
    """Text on stdout exactly as given (an exported post)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def json_document(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def problems(found: Sequence[NoteProblem]) -> None:
    for problem in found:
        line(str(problem))


def unreadable(found: Iterable[NoteProblem]) -> None:
    """Files skipped because they hold no usable event: one notice each, on stderr."""
    for problem in found:
        notice(f"skipped {problem}")


def report(told: Report) -> None:
    """What a command's Notebook has to say (a rebuild, skipped notes), once, at its end."""
    for message in told.notices:
        notice(message)
    unreadable(told.unreadable)


def plural(count: int, word: str, many: str = "") -> str:
    """`1 note`, `2 notes` (`many` when the plural is not `word` + s)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def speakers_text(speakers: Iterable[Speaker], *, roles: bool = False) -> str:
    """`Carl Simpson (Zen Internet), Ann Lee`: with roles too when asked."""
    parts = []
    for speaker in speakers:
        if roles:
            parts.append(speaker.label())
        else:
            parts.append(f"{speaker.name} ({speaker.company})" if speaker.company else speaker.name)
    return ", ".join(parts)


@contextlib.contextmanager
def progress_bar(label: str, at_least: int = 0) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr; the context value is a `(done, total)` callback.

    The bar appears on the first call whose total is `at_least` or more, so a sync that reads
    two changed files prints nothing while a first sync of a large collection shows its way.
    Until then nothing of it is made (Rich's progress module is 3 ms of every search).
    """
    shown: list[Any] = []  # the Progress and its task, once it appears

    def update(done: int, total: int) -> None:
        if not shown:
            if total < at_least:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            progress = Progress(
                TextColumn(label),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr(),
            )
            shown.extend((progress, progress.add_task(label, total=None)))
            progress.start()
        shown[0].update(shown[1], completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            shown[0].stop()
