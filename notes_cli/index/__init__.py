"""The search index: a Whoosh cache of every talk, kept in step with the note files.

The Markdown files are the truth; the index is a disposable cache in the user cache folder, one
folder per collection:

    <cache>/<collection>-<hash>/
        manifest.json      schema version, current generation, every file's path and (size, mtime,
                           ctime, inode), packed in the order the scan meets them, and what the
                           settled folders held (the next scan lists only those that changed)
        index-<gen>/       the Whoosh index of that generation
        lock               held while writing

Every reader brings it up to date first, doing only the work that changed, and a damaged or
outdated index is rebuilt beside the old one (sync.py says how).

The package, along its seams:

    analysis.py    how text becomes words (stemming, accents, weighted parts) and the schema
    layout.py      the schema's version and the weighted parts' separator, without Whoosh
    documents.py   the documents of one note, and the values read back from stored fields
    store.py       the cache folder and its litter
    storage.py     Whoosh's storage in it
    manifest.py    what the index has read: every note file's stat, packed
    scanning.py    the stat scan of the collection, and the folders it need not list again
    sync.py        NoteIndex: opening, syncing, building, healing
    queries.py     search, related, stats, facts, the events `notes list --talks` looks at
    listed.py      the rows of `notes list`, from two columns
    writing.py     the writer of segments: words worked out a token at a time, lengths read once
    pool.py        a segment's postings, term by term, written a block at a time
    snippets.py    the highlighted passages of search hits and "did you mean"
    lean.py        Whoosh loaded without what notes never uses, by every module that loads it

The modules a scan of the collection needs (scanning, manifest, store, documents, layout) load
no Whoosh: readahead.py's process scans with them while the command loads it. Every other
module loads Whoosh, lean (lean.py): only the commands that read the index import them.
"""
