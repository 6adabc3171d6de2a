"""Open a note in the user's editor: $VISUAL, then $EDITOR, then vi.

The command is split the way a shell would split it (`code --wait`, `"/opt/My Editor/ed"`), and
run directly, never through a shell, so nothing in a file name or title is ever interpreted.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from .errors import NotesError

# Editors that open a file at a line given as `+LINE` before it.
AT_LINE = {
    "vi",
    "vim",
    "nvim",
    "gvim",
    "view",
    "nano",
    "emacs",
    "emacsclient",
    "micro",
    "kak",
    "joe",
    "ne",
    "mg",
    "jed",
}


def editor_command(*, fallback: bool = True) -> list[str]:
    """$VISUAL, else $EDITOR, split as a shell would; else (with `fallback`) vi or nano."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:
                raise NotesError(
                    f"${variable} cannot be read as a command ({exc}): fix its quotes"
                ) from exc
    if not fallback:
        raise NotesError(
            "not a terminal, and neither $VISUAL nor $EDITOR is set: set one (export EDITOR=nano), or open the note yourself"
        )
    for name in ("vi", "nano"):
        if shutil.which(name):
            return [name]
    raise NotesError("no editor found: set $EDITOR, e.g. export EDITOR=nano")


def edit(path: Path, *, line: int | None = None, fallback: bool = True) -> None:
    """Open `path` in the editor (at `line`, for an editor known to take `+LINE`) and wait for
    it to close. Without `fallback` (no terminal), only $VISUAL or $EDITOR is run."""
    command = editor_command(fallback=fallback)
    at = [f"+{line}"] if line and Path(command[0]).name in AT_LINE else []
    command = [*command, *at, str(path)]
    try:
        result = subprocess.run(command, check=False)
    except OSError as exc:
        raise NotesError(
            f"cannot start the editor '{command[0]}' ({exc.strerror or exc}): set $EDITOR to one that exists"
        ) from exc
    if result.returncode != 0:
        raise NotesError(
            f"the editor '{command[0]}' exited with status {result.returncode}; the note is at {path}"
        )
