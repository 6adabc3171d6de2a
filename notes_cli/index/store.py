"""Where the index of a collection lives (the manifest of what it holds is manifest.py's, the
scan that finds what changed scanning.py's, Whoosh's storage in it storage.py's), and the
litter a killed build leaves. No Whoosh is loaded here (see lean.py)."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from notes_cli.files import is_temporary
from notes_cli.folders import cache_base
from notes_cli.lazy import digest
from notes_cli.model import slugify


def cache_folder(root: Path) -> Path:
    """Where the index of the collection at `root` lives: never inside the collection."""
    parent = Path(cache_base())
    absolute = root.expanduser().absolute()
    named = digest("sha256")(str(absolute).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return parent / f"{slugify(absolute.name, fallback='notes')}-{named}"


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def clear_litter(folder: Path, generation: str) -> None:
    """Remove what killed or failed builds left in the cache folder: generations other than
    `generation` and temporary files. Only under the writer lock: nothing else is being
    written then."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = folder / name
        if name.startswith("index-") and name != generation:
            shutil.rmtree(path, ignore_errors=True)
        elif _is_stray_temporary(name):
            with contextlib.suppress(OSError):
                path.unlink()


def _is_stray_temporary(name: str) -> bool:
    """This tool's temporary files, and the manifest's of earlier versions (`manifest.json.<pid>.tmp`)."""
    if is_temporary(name):
        return True
    return name.endswith(".tmp") and name.startswith((".manifest.json.", "manifest.json."))


def has_litter(folder: Path, generation: str) -> bool:
    """Whether the cache folder holds anything clear_litter would remove (one listing)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(name not in ("manifest.json", "lock", generation) for name in names)
