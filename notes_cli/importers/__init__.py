"""Importers: what was written elsewhere (blog posts, conference schedules) as note drafts.

Each importer reads one file into Drafts: a post is one event, a schedule one conference. None
of them writes anything: the import command decides what to write and where, and never
overwrites a note.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed, NotesError
from notes_cli.files import Refused, read_bytes
from notes_cli.model import Draft
from notes_cli.sanitise import safe_draft

__all__ = ["ImportFailed", "explain_file", "files_to_import", "read_file", "selected"]

# In a folder, the files that may be posts or schedules (a file named on the command line is
# read whatever its extension).
EXTENSIONS = (
    ".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".json", ".xml", ".ics", ".csv", ".tsv",
)  # fmt: skip


# A post is a page; the largest programme (the re:Invent catalogue) is a few MB. Past this, a
# file is named and left out rather than read into memory.
MAX_IMPORT_BYTES = 64 << 20


def read_file(path: Path, *, default_date: dt.date | None = None) -> list[Draft]:
    """The events in one file, whatever its kind: a schedule if it looks like one, else a post."""
    from . import posts, schedules

    data = _read(path)
    with _one_file(path):
        kind = schedules.detect(path, data)
        if kind:
            drafts = schedules.read_schedule(path, data, kind, default_date=default_date)
        else:
            drafts = posts.read_post(path, data, default_date=default_date)
        return [safe_draft(draft) for draft in drafts]  # nothing live reaches a note


def explain_file(path: Path) -> list[Any]:
    """Every block of a post weighed as a talk (recognise.Decision), or [] for a schedule,
    whose sessions are all talks."""
    from . import posts, schedules

    data = _read(path)
    with _one_file(path):
        if schedules.detect(path, data):
            return []
        return list(posts.explain_post(path, data))


def _read(path: Path) -> bytes:
    """The bytes of a regular file, never more than MAX_IMPORT_BYTES (a named pipe is not
    waited on), or ImportFailed saying why not."""
    try:
        return read_bytes(path, limit=MAX_IMPORT_BYTES)
    except Refused as refused:
        raise ImportFailed(path, refused.what) from refused
    except IsADirectoryError as exc:
        raise ImportFailed(path, "is a folder") from exc
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read ({exc.strerror or exc})") from exc


@contextlib.contextmanager
def _one_file(path: Path) -> Iterator[None]:
    """Whatever reading one file raises is that file's failure, named with it, so that the
    other files of an import go on: a document nested too deeply for the parsers, an encoding
    that does not exist, or a fault of the importer itself."""
    try:
        yield
    except ImportFailed:
        raise
    except RecursionError:
        raise ImportFailed(path, "is nested too deeply to be read") from None
    except MemoryError:
        raise ImportFailed(path, "is too large to be read") from None
    except LookupError as exc:
        if type(exc) is not LookupError:  # KeyError, IndexError: a fault of the importer
            raise ImportFailed(path, f"cannot be read ({type(exc).__name__}: {exc})") from exc
        raise ImportFailed(path, f"names an encoding that does not exist ({exc})") from exc
    except NotesError:
        raise
    except Exception as exc:
        raise ImportFailed(path, f"cannot be read ({type(exc).__name__}: {exc})") from exc


def files_to_import(paths: Sequence[Path]) -> Iterator[Path]:
    """The files named, and in each folder named the posts and schedules it holds (not in
    hidden folders), in a stable order."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(EXTENSIONS) and not name.startswith("."):
                    yield Path(folder, name)


def selected(draft: Draft, *, track: str | None = None, match: str | None = None) -> Draft:
    """The draft with only the talks of `track` (case aside) that mention `match` in their
    title, speakers, tags or abstract."""
    talks = draft.talks
    if track:
        talks = tuple(t for t in talks if t.track.casefold() == track.casefold())
    if match:
        wanted = match.casefold()
        talks = tuple(
            t
            for t in talks
            if wanted
            in " ".join(
                [
                    t.title,
                    *(s.label() for s in t.speakers),
                    *t.tags,
                    str(t.extra.get("abstract", "")),
                ]
            ).casefold()
        )
    programme = draft.extra.get("programme")
    if isinstance(programme, dict) and (track or match):
        # The note says which part of the programme it took: `import --update` takes it again.
        chosen = {
            **programme,
            **({"track": track} if track else {}),
            **({"match": match} if match else {}),
        }
        return replace(draft, talks=talks, extra={**draft.extra, "programme": chosen})
    return replace(draft, talks=talks)
