"""Everything the user sees: tables, rendered notes, JSON, messages. The only code that prints.

Data goes to stdout, messages (errors, notices, summaries) to stderr. Text that comes from
notes is never read as Rich markup, so a title with `[brackets]` prints as written. Only this
package imports Rich (ruff bans it elsewhere); commands call `render.<what>` from here:

    console.py    the consoles, one-line messages, JSON, the progress bar
    tables.py     events and talks one row per line, in columns that fit the terminal
    writeups.py   one writeup or talk (in a pipe, the terminal, the pager); talks and notes changed
    hitlist.py    search hits grouped under their events (plain, styled, paged) or as rows
    search.py     related talks, bar charts, what the index holds
    outcomes.py   what check, import and export found or did
    sharing.py    what init and sync did
    conference.py star, plan, now, import --update; a talk's programme facts in a writeup
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names, for type checkers; at run time each is loaded when first used
    from .conference import (
        calendar_written,
        now_view,
        plan_view,
        problems_found,
        starred,
        updated,
    )
    from .console import (
        error,
        flush,
        info,
        json_document,
        json_lines,
        json_stream,
        line,
        notice,
        plural,
        problems,
        progress_bar,
        raw,
        raw_pieces,
        report,
        speakers_text,
        to_terminal,
        unreadable,
        visible,
    )
    from .hitlist import (
        ROW_KEYS,
        grouped_hits,
        record_rows,
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
        index_facts,
        related_list,
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

# Which module holds each name: `render.info(...)` loads console.py alone, and Rich only
# when something styled is printed, so that a command that says one plain line (jot)
# starts as fast as `notes --help`.
_WHERE = {
    "calendar_written": "conference",
    "now_view": "conference",
    "plan_view": "conference",
    "problems_found": "conference",
    "starred": "conference",
    "updated": "conference",
    "bar_chart": "search",
    "checked": "outcomes",
    "counts": "search",
    "decisions": "outcomes",
    "error": "console",
    "event_markdown": "writeups",
    "events_table": "tables",
    "exported": "outcomes",
    "flush": "console",
    "git_output": "sharing",
    "grouped_hits": "hitlist",
    "imported": "outcomes",
    "index_facts": "search",
    "info": "console",
    "init_result": "sharing",
    "jotted": "writeups",
    "json_document": "console",
    "line": "console",
    "json_lines": "console",
    "json_stream": "console",
    "notice": "console",
    "planned_talks": "outcomes",
    "plural": "console",
    "problems": "console",
    "progress_bar": "console",
    "raw": "console",
    "raw_pieces": "console",
    "related_list": "search",
    "removed_talk": "writeups",
    "renamed": "writeups",
    "report": "console",
    "restored": "writeups",
    "record_rows": "hitlist",
    "ROW_KEYS": "hitlist",
    "to_terminal": "console",
    "shown": "writeups",
    "speakers_text": "console",
    "stream_rows": "tables",
    "sync_result": "sharing",
    "sync_status": "sharing",
    "talk_markdown": "writeups",
    "talks_table": "tables",
    "trash_list": "writeups",
    "unreadable": "console",
    "visible": "console",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ROW_KEYS",
    "bar_chart",
    "calendar_written",
    "checked",
    "counts",
    "decisions",
    "error",
    "event_markdown",
    "events_table",
    "exported",
    "flush",
    "git_output",
    "grouped_hits",
    "imported",
    "index_facts",
    "info",
    "init_result",
    "jotted",
    "json_document",
    "json_lines",
    "json_stream",
    "line",
    "notice",
    "now_view",
    "plan_view",
    "planned_talks",
    "plural",
    "problems",
    "problems_found",
    "progress_bar",
    "raw",
    "raw_pieces",
    "record_rows",
    "related_list",
    "removed_talk",
    "renamed",
    "report",
    "restored",
    "shown",
    "speakers_text",
    "starred",
    "stream_rows",
    "sync_result",
    "sync_status",
    "talk_markdown",
    "talks_table",
    "to_terminal",
    "trash_list",
    "unreadable",
    "updated",
    "visible",
]
