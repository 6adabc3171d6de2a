"""The search index: a Whoosh cache of every talk, kept in step with the note files.

The Markdown files are the truth; the index is a disposable cache in the user cache folder, one
folder per collection:

    <cache>/<collection>-<hash>/
        manifest.json      schema version, current generation, (mtime, size) of every file
        index-<gen>/       the Whoosh index of that generation
        lock               held while writing

Every reader syncs first: a stat scan of the collection against the manifest. When nothing
changed (the usual case) no lock is taken and nothing is written. Otherwise, under the lock, the
changed files' documents are replaced in one writer and one commit, then the manifest is
replaced atomically. A rebuild (first use, new schema version, damage) writes a new generation
beside the old one and switches the manifest to it, so a reader never sees half an index.

A writer lock held by another process is waited on briefly; then the command answers from the
index as it is. A cache folder that cannot be written gives an index in memory instead.

The package, along its seams:

    analysis.py    how text becomes words (stemming, accents, weighted parts) and the schema
    documents.py   the documents of one note, and the values read back from stored fields
    store.py       the cache folder, the manifest, the stat scan of the collection
    sync.py        NoteIndex: opening, syncing, building, healing
    queries.py     search, related, stats, facts, the events `notes list` shows
    snippets.py    the highlighted passages of search hits and "did you mean"

Importing any part of it loads Whoosh: only the commands that read the index do.
"""

from __future__ import annotations

from notes_cli.lazy import whoosh_without_urllib

whoosh_without_urllib()  # before the first whoosh import
