"""What `notes init` and `notes sync` did, and where a shared collection stands.

Plain lines, so that a sync with nothing to do never loads Rich; only git's own output, shown
dimmed above an error, does.
"""

from __future__ import annotations

from collections.abc import Iterable

from notes_cli.results import (
    Change,
    InitResult,
    SyncResult,
    SyncStatus,
)

from .console import info, line, plural, stderr, visible


def git_output(text: str) -> None:
    """What git (or one of its hooks) said, on stderr, above the error it led to."""
    from rich.text import Text

    for piece in text.splitlines():
        stderr().print(Text(f"  {visible(piece)}", style="dim"), soft_wrap=True)


def init_result(result: InitResult, *, elsewhere: bool) -> None:
    if result.created:
        info(f"made a new collection in {result.root}")
    else:
        info(f"{result.root}: a collection of {plural(result.notes, 'note')}")
    if result.git == "created":
        info(
            f"made a git repository there, first commit {result.commit}; share it with "
            "git remote add origin URL, then git push -u origin HEAD, and notes sync from then on"
        )
    elif result.git == "existing":
        info(f"it is in the git work tree at {result.top}: used as it is (notes sync shares it)")
    if elsewhere:
        info(f"use it with --dir {result.root}, or export NOTES_DIR={result.root}")


def _changes(lead: str, found: Iterable[Change]) -> None:
    for change in found:
        line(f"{lead}{change.what:<9}{change.event}")


def sync_result(result: SyncResult) -> None:
    """What went out and came in on stdout, one line per event; the summary on stderr."""
    if result.resumed:
        info(f"finished the {result.resumed} the last sync stopped in")
    for path in result.merged:
        info(f"{path}: changed here and in {result.upstream}; both kept (merged by notes)")
    _changes("in   ", result.incoming)
    _changes("out  ", result.outgoing)
    parts = []
    if result.commit:
        parts.append(f"committed {plural(len(result.committed), 'event')}")
    if result.incoming:
        parts.append(f"{plural(len(result.incoming), 'event')} came in")
    if result.pushed:
        parts.append(
            f"{plural(len(result.outgoing), 'event')} went out "
            f"({plural(result.pushed, 'commit')} pushed)"
        )
    if parts:
        info(f"synced with {result.upstream}: {', '.join(parts)}")
    else:
        info(f"up to date with {result.upstream}: nothing to commit, nothing new")


def sync_status(status: SyncStatus) -> None:
    for path in status.conflicted:
        line(f"conflict   {path}")
    _changes("to commit  ", status.pending)
    if not status.pending and not status.conflicted:
        line("nothing to commit")
    if status.operation:
        line(
            f"a {status.operation} is in progress: fix the conflicts, then notes sync "
            f"(or git {status.operation} --abort)"
        )
    elif status.branch is None:
        line("no branch checked out (HEAD is detached)")
    elif status.upstream is None:
        line(f"{status.branch} has no upstream branch: git push -u origin {status.branch}")
    elif not (status.ahead or status.behind):
        line(f"{status.branch} is up to date with {status.upstream} (as of the last fetch)")
    else:
        line(
            f"{status.branch} is {plural(status.ahead, 'commit')} ahead of {status.upstream} and "
            f"{status.behind} behind (as of the last fetch; notes sync brings both up to date)"
        )
