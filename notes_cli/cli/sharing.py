"""Commands that share a collection through git: init, sync."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import Directory, app, notebook


def _default_collection(root: Path) -> bool:
    from notes_cli.folders import find_root

    try:
        return root.resolve() == find_root(None).resolve()
    except OSError:
        return False


@app.command()
def init(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="The folder. Default: the collection the other commands use.",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="Make it a git repository with a first commit (used as it is if it is in one).",
        ),
    ] = False,
    directory: Directory = None,
) -> None:
    """Make a new collection; with --git, a git repository to share it through.

    Example: notes init ~/team-notes --git
    """
    from notes_cli import render
    from notes_cli.errors import GitFailed

    opened = notebook(folder if folder is not None else directory)
    try:
        result = opened.init(git=git)
    except GitFailed as failed:
        render.git_output(failed.output)
        raise
    render.init_result(result, elsewhere=directory is None and not _default_collection(opened.root))


@app.command()
def sync(
    message: Annotated[
        str | None,
        typer.Option(
            "--message",
            "-m",
            help="The commit's message. Default: one naming the events changed.",
            show_default=False,
        ),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option("--merge", help="Merge what came in, instead of rebasing your commits."),
    ] = False,
    status: Annotated[
        bool,
        typer.Option(
            "--status", help="Show what would be committed, and ahead/behind; change nothing."
        ),
    ] = False,
    directory: Directory = None,
) -> None:
    """Share the collection through git: commit the notes that changed, pull, push.

    Commits only notes (new, edited, trashed), then rebases onto the branch's upstream (or
    merges with --merge) and pushes. Prints what came in and what went out.

    Example: notes sync    ·    notes sync --status    ·    notes sync -m "KubeCon, day two"
    """
    from notes_cli import render
    from notes_cli.errors import GitFailed

    opened = notebook(directory)
    if status:
        render.sync_status(opened.sync_status())
        return
    try:
        result = opened.sync(message=message, merge=merge)
    except GitFailed as failed:
        render.git_output(failed.output)
        raise
    render.sync_result(result)
