"""Commands on one talk of an event: jot, rm-talk."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from .app import Directory, TalkArg, WordsCommand, app, notebook


def lines_to_jot(text: list[str], *, stamp: bool) -> list[str]:
    """The list items `jot` writes: the words given (or stdin's lines for `-`), one item a
    line, each with the time first when asked."""
    from notes_cli.talkedit import bullets

    lines = sys.stdin.read().splitlines() if text == ["-"] else " ".join(text).splitlines()
    return bullets(lines, f"{dt.datetime.now():%H:%M} " if stamp else "")


@app.command(cls=WordsCommand)
def jot(
    talk: TalkArg,
    text: Annotated[
        list[str],
        typer.Argument(help="What to write down; - reads it from stdin.", show_default=False),
    ],
    time: Annotated[
        bool, typer.Option("--time", help="Start the line with the time, as 14:05.")
    ] = False,
    directory: Directory = None,
) -> None:
    """Append a line to a talk's notes: note taking during a talk.

    Each line is a list item of the talk's section.

    The talk's section is made when it has none. Every other byte of the note stays as it was.

    Example: notes jot "cold starts" --time "provisioned concurrency fixed their p99"    ·    pbpaste | notes jot 2024-03-14-platform-guild/paved-roads -
    """
    from notes_cli import render

    lines = lines_to_jot(text, stamp=time)
    found = notebook(directory).jot(talk, lines)
    render.jotted(found, lines)


@app.command("rm-talk")
def rm_talk(talk: TalkArg, directory: Directory = None) -> None:
    """Remove a talk, keeping its notes in its event's own text.

    The notes go under a '### TITLE (removed talk)' heading at the end of the event's text, with a line naming its speakers and tags: nothing is lost.

    Example: notes rm-talk 2016-09-08-aws-user-group-north-september-2016/aws-update
    """
    from notes_cli import render

    render.removed_talk(notebook(directory).remove_talk(talk))
