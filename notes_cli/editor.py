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


def editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:
                raise NotesError(
                    f"${variable} cannot be read as a command ({exc}): fix its quotes"
                ) from exc
    for fallback in ("vi", "nano"):
        if shutil.which(fallback):
            return [fallback]
    raise NotesError("no editor found: set $EDITOR, e.g. export EDITOR=nano")


def edit(path: Path) -> None:
    """Open `path` in the editor and wait for it to close."""
    command = [*editor_command(), str(path)]
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
