"""The `notes` command line: thin commands over the core modules."""

from __future__ import annotations

import os
import sys

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


def main() -> None:
    """Run the command, then leave without tearing the interpreter down.

    Freeing every object and module of a process that is about to end costs a search 30 to
    45 ms; the operating system frees it all at once. Everything a command writes is flushed
    (and every note it changed was already replaced atomically) before it leaves, and the exit
    handlers still run.
    """
    try:
        app()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    leave(status)


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


__all__ = ["app", "main"]
