"""Where things are: the collection folder, and the folder under which the index caches go.

Both with os alone: readahead.py's process needs them before anything else is loaded.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (typing itself is not loaded here: see walk.py)
if TYPE_CHECKING:
    from pathlib import Path


def collection_folder(explicit: str | None = None) -> str:
    """The collection folder's path: `explicit` (--dir), then $NOTES_DIR, then ./notes when it
    exists, then the user data folder."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get("NOTES_DIR")
    if from_env:
        return os.path.expanduser(from_env)
    if os.path.isdir("notes"):
        return "notes"
    import platformdirs

    return platformdirs.user_data_dir("notes", appauthor=False)


def find_root(explicit: Path | None = None) -> Path:
    """The collection folder: `--dir`, then $NOTES_DIR, then ./notes, then the data folder."""
    from pathlib import Path

    return explicit if explicit is not None else Path(collection_folder())


def cache_base() -> str:
    """The folder that holds every collection's index cache (and never a collection):
    $NOTES_CACHE_DIR, else the user cache folder."""
    base = os.environ.get("NOTES_CACHE_DIR")
    if base:
        return os.path.expanduser(base)
    import platformdirs

    return platformdirs.user_cache_dir("notes", appauthor=False)
