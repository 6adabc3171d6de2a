"""The `notes` command line: thin commands over the core modules."""

from __future__ import annotations

import copy
import os
import sys
from typing import TYPE_CHECKING

# Importing the modules registers their commands.
from . import (  # noqa: F401
    conference,
    importing,
    notetaking,
    publishing,
    reading,
    searching,
    sharing,
    tidying,
    writing,
)
from .app import app

if TYPE_CHECKING:
    import typer


def main() -> None:
    """Run the command, then leave without tearing the interpreter down.

    Freeing every object and module of a process that is about to end costs a search 30 to
    45 ms; the operating system frees it all at once. Everything a command writes is flushed
    (and every note it changed was already replaced atomically) before it leaves, and the exit
    handlers still run.
    """
    try:
        _named_alone(sys.argv[1:])()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    leave(status)


def _named_alone(args: list[str]) -> typer.Typer:
    """The app, holding only the command `args` name when they name one.

    Typer makes the Click command of every command from its signature at each start (18 ms,
    as long as a small search takes to answer), and a command needs only its own: the group's
    options, its callback and what the command prints are the same. Anything else (`notes`,
    `notes --help`, `notes --help COMMAND`, a command that does not exist, shell completion)
    gets every command.
    """
    name = _command_word(args)
    if name is None or "_NOTES_COMPLETE" in os.environ:
        return app
    kept = [info for info in app.registered_commands if _name_of(info) == name]
    if not kept:
        return app
    alone = copy.copy(app)
    alone.registered_commands = kept
    # The group's options that install shell completion come before the command's name, and
    # `_command_word` leaves those to the whole app: alone, it offers none (so that Typer's
    # completion module is not loaded: __main__._COMPLETION).
    alone._add_completion = False
    return alone


def command_names() -> set[str]:
    """The names of the commands, as typed."""
    return {_name_of(info) for info in app.registered_commands}


def _name_of(info: typer.models.CommandInfo) -> str:
    from typer.main import get_command_name

    return info.name or get_command_name(getattr(info.callback, "__name__", ""))


def _command_word(args: list[str]) -> str | None:
    """The first word of `args` that is not one of the group's options (--dir takes a value)."""
    waiting = False
    for arg in args:
        if waiting:
            waiting = False
        elif arg == "--dir":
            waiting = True
        elif arg in ("--", "-h", "--help", "--install-completion", "--show-completion"):
            return None  # the group's help lists every command; `--` is rare enough
        elif not arg.startswith("-"):
            return arg
    return None


def leave(status: object) -> None:
    """Exit with `status` as sys.exit would, after flushing stdout and stderr."""
    import atexit

    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:
        print(status, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when the command started (`notes list >&-`)
            continue
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # a reader that went away (`notes list | head`) has all it wanted
        except OSError:
            code = code or 1
    atexit._run_exitfuncs()
    os._exit(code)


__all__ = ["app", "command_names", "main"]
