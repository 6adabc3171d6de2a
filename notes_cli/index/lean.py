"""Whoosh, loaded without what notes never uses (lazy.whoosh_lean).

The first import of every module here that imports whoosh, before its whoosh imports (an
`isort: split` keeps it first). The modules a scan of the collection needs (scanning,
manifest, store, documents and layout) import no whoosh at all: readahead.py's process scans
without loading it, while the command loads it.
"""

from __future__ import annotations

from notes_cli.lazy import whoosh_lean

whoosh_lean()
