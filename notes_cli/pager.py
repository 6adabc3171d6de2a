"""Show a long text through the user's pager: $PAGER, else `less -R`.

The command is split as a shell would split it and run directly, never through a shell (as the
editor is). `less` gets `LESS=FRX` when the user set no LESS of their own, as git does: colours
pass through, and a text that fits the screen is printed and left.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess


def pager_command() -> list[str] | None:
    """The pager to run, or None when there is none to be found."""
    value = os.environ.get("PAGER", "").strip()
    if value:
        try:
            return shlex.split(value)
        except ValueError:
            return None
    return ["less", "-R"] if shutil.which("less") else None


def open_pager() -> subprocess.Popen[bytes] | None:
    """The pager, running, reading what is written to its stdin (bytes, UTF-8); None when
    there is no pager to run. Close its stdin and wait for it when done."""
    command = pager_command()
    if not command:
        return None
    environment = {**os.environ}
    environment.setdefault("LESS", "FRX")
    try:
        return subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return None


def page(text: str) -> bool:
    """Show `text` through the pager; False when there is no pager to show it (print it)."""
    process = open_pager()
    if process is None:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit early (q in less): nothing more to show
    process.wait()
    return True
