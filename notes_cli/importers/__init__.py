"""Importers: what was written elsewhere (blog posts, conference schedules) as note drafts.

Each importer reads one file into Drafts: a post is one event, a schedule one conference. None
of them writes anything: the import command decides what to write and where, and never
overwrites a note.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportFailed
from ..model import Draft

__all__ = ["ImportFailed", "read_file"]


def read_file(path: Path) -> list[Draft]:
    """The events in one file, whatever its kind: a schedule if it looks like one, else a post."""
    from . import posts, schedules

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({exc.strerror or exc})") from exc
    kind = schedules.detect(path, data)
    if kind:
        return schedules.read_schedule(path, data, kind)
    return posts.read_post(path, data)
