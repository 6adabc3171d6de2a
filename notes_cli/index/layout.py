"""What the modules that load no Whoosh (those a scan of the collection needs: see lean.py)
must know of the index's documents: the version of their shape, and the separator of a text
value's weighted parts. The schema itself is analysis.py's."""

from __future__ import annotations

# The documents' shape (schema and stored values): a change means a rebuild, with a notice.
# Raised whenever analysis.py's schema or what documents.py puts in a document changes.
SCHEMA_VERSION = 8

PART = "\x1e"  # separates the weighted parts of a `text` value
