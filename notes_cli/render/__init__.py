"""Everything the user sees: tables, rendered notes, JSON, messages. The only code that prints.

Data goes to stdout, messages (errors, notices, summaries) to stderr. Text that comes from
notes is never read as Rich markup, so a title with `[brackets]` prints as written. Only this
package imports Rich (ruff bans it elsewhere); commands call `render.<what>` from here:

    console.py    the consoles, one-line messages, JSON, the progress bar
    tables.py     events and talks one row per line; one writeup in the terminal
    search.py     hits and snippets, related talks, bar charts, what the index holds
    outcomes.py   what check, import and export found or did
    sharing.py    what init and sync did
"""

from __future__ import annotations

from .console import (
    error,
    info,
    json_document,
    line,
    notice,
    plural,
    problems,
    progress_bar,
    raw,
    report,
    speakers_text,
    unreadable,
)
from .outcomes import (
    checked,
    decisions,
    exported,
    imported,
    planned_talks,
)
from .search import (
    bar_chart,
    counts,
    hits,
    index_facts,
    no_hits,
    related_list,
    search_result,
)
from .sharing import (
    git_output,
    init_result,
    sync_result,
    sync_status,
)
from .tables import (
    events_table,
    stream_rows,
    talks_table,
)
from .writeups import (
    event_markdown,
    jotted,
    removed_talk,
    renamed,
    restored,
    shown,
    talk_markdown,
    trash_list,
)

__all__ = [
    "bar_chart",
    "checked",
    "counts",
    "decisions",
    "error",
    "event_markdown",
    "events_table",
    "exported",
    "git_output",
    "hits",
    "imported",
    "index_facts",
    "info",
    "init_result",
    "jotted",
    "json_document",
    "line",
    "no_hits",
    "notice",
    "planned_talks",
    "plural",
    "problems",
    "progress_bar",
    "raw",
    "related_list",
    "removed_talk",
    "renamed",
    "report",
    "restored",
    "search_result",
    "shown",
    "speakers_text",
    "stream_rows",
    "sync_result",
    "sync_status",
    "talk_markdown",
    "talks_table",
    "trash_list",
    "unreadable",
]
