"""Bringing in the upstream: the rebase (or merge) of a sync, the conflicts notes settles, and
finishing a sync that stopped on one a person had to fix.

git stops on every conflict; the ones between notes go to notemerge.py, which keeps both sides
only when the note that results means what each side meant. A conflict that needs a person is
left as git leaves it, marked as this sync's, so that the next `notes sync` (once the markers
are gone) finishes it, and never a rebase or merge the user started by hand.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .errors import GitFailed, NotesError, SyncConflict
from .gitrepo import Done, Repo, Upstream, is_note, unmerged, upstream

# Marks a rebase or merge that `notes sync` started and left for the user to finish: a file in
# git's own rebase folder (git removes it with the folder when the rebase ends or is aborted),
# or, for a merge, a file in the git folder holding the commit being merged.
MARK = "notes-sync"
# The most commits one sync replays (each may stop on a conflict that is settled here).
STEPS = 10_000


def integrate(repo: Repo, up: Upstream, *, merge: bool, unborn: bool) -> list[str]:
    if unborn:
        args = ["merge", "--ff-only", up.tracking]
    elif merge:
        args = ["merge", "--no-edit", "--autostash", up.name]
    else:
        args = ["rebase", "--autostash", up.tracking]
    return _finish(repo, up.name, repo.run(*args, editor=True))


def _finish(repo: Repo, name: str, done: Done) -> list[str]:
    """Carry a rebase or merge through, settling what conflicts notes can settle."""
    merged: list[str] = []
    for _ in range(STEPS):
        operation = repo.operation()
        conflicts = unmerged(repo) if operation else {}
        if not conflicts:
            if done.code != 0:
                raise GitFailed(
                    f"git stopped while bringing in {name}: {done.said()}; "
                    "see git status, then notes sync again",
                    done.output,
                )
            if operation is None:
                return merged
        left = []
        for path, stages in conflicts.items():
            relative = _settle(repo, path, stages)
            if relative is None:
                left.append(path)
            else:
                merged.append(relative)
        if left:
            _mark(repo)
            raise SyncConflict(_conflict_message(repo, left, conflicts, operation, name), left)
        done = _continue(repo, operation or "")
    raise NotesError(f"git kept stopping while bringing in {name}: see git status")


def _mark(repo: Repo) -> None:
    folder = repo.rebase_folder()
    if folder is not None:
        (folder / MARK).write_text("", encoding="utf-8")
    elif (repo.git_dir / "MERGE_HEAD").exists():
        merging = (repo.git_dir / "MERGE_HEAD").read_text(encoding="utf-8")
        (repo.git_dir / MARK).write_text(merging, encoding="utf-8")


def _marked(repo: Repo) -> bool:
    """Whether the rebase or merge in progress is one a sync started."""
    folder = repo.rebase_folder()
    if folder is not None:
        return (folder / MARK).exists()
    try:
        merging = (repo.git_dir / "MERGE_HEAD").read_text(encoding="utf-8")
        return (repo.git_dir / MARK).read_text(encoding="utf-8") == merging
    except OSError:
        return False


def _continue(repo: Repo, operation: str) -> Done:
    if operation == "rebase":
        return repo.run("rebase", "--continue", editor=True)
    return repo.run("commit", "--no-edit", editor=True)


def _settle(repo: Repo, path: str, stages: dict[int, str]) -> str | None:
    """Merge a note both sides changed, as notemerge.py allows; its path in the collection."""
    from .files import atomic_write
    from .notemerge import MARKER_SIZE, merge_note

    relative = repo.relative(path)
    if relative is None or not is_note(relative) or sorted(stages) != [1, 2, 3]:
        return None
    try:
        base, ours, theirs = (
            repo.check("cat-file", "blob", stages[n]).out.decode("utf-8") for n in (1, 2, 3)
        )
    except UnicodeDecodeError:
        return None
    with tempfile.TemporaryDirectory(prefix="notes-merge-") as folder:
        files = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            (Path(folder) / name).write_bytes(text.encode("utf-8"))
            files.append(str(Path(folder) / name))
        done = repo.run(
            "merge-file", "-p", f"--marker-size={MARKER_SIZE}",
            "-L", "ours", "-L", "base", "-L", "theirs", *files,
        )  # fmt: skip
    if not 0 <= done.code < 128:
        return None
    result = merge_note(
        base, ours, theirs, done.out.decode("utf-8", "replace"), repo.root / relative
    )
    if result is None:
        return None
    atomic_write(repo.root / relative, result)
    repo.check("--literal-pathspecs", "add", "--", relative)
    return relative


def _conflict_message(
    repo: Repo, left: list[str], stages: dict[str, dict[int, str]], operation: str | None, name: str
) -> str:
    shown = [repo.relative(path) or path for path in left]
    listed = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
    undo = f"git {operation or 'rebase'} --abort puts everything back as it was before the sync"
    if not all(
        repo.relative(path) is not None and is_note(repo.relative(path) or "") for path in left
    ):
        return f"{listed}: in conflict with {name}; resolve with git (git status says how), then notes sync again ({undo})"
    if all(2 in stages[path] and 3 in stages[path] for path in left):
        return (
            f"{listed}: you and {name} changed the same lines; keep what you want between the "
            f"<<<<<<< and >>>>>>> lines (notes check shows where), then notes sync again ({undo})"
        )
    return (
        f"{listed}: deleted or trashed on one side and changed on the other; keep the note as it "
        f"is now, or delete it, then notes sync again ({undo})"
    )


def resume(repo: Repo) -> tuple[str, list[str]]:
    """Finish the rebase or merge a previous sync stopped in, once its conflicts are fixed."""
    from .notefile import conflict_line, read_text

    operation = repo.operation() or ""
    if not _marked(repo):
        raise NotesError(
            f"a {operation} that notes sync did not start is in progress in {repo.top}: "
            "finish it with git (git status says how), then notes sync"
        )
    fixed = []
    for path in unmerged(repo):
        relative = repo.relative(path)
        if relative is None or not is_note(relative):
            raise NotesError(
                f"{path} is still in conflict: resolve it with git (then git add {path}), "
                "then notes sync again"
            )
        where = repo.root / relative
        line = conflict_line(read_text(where)) if where.exists() else None
        if line is not None:
            raise NotesError(
                f"{where}:{line}: still in conflict: keep the lines you want between <<<<<<< "
                f"and >>>>>>>, delete the marker lines, then notes sync again "
                f"(git {operation} --abort undoes the sync)"
            )
        fixed.append(relative)
    if fixed:
        repo.check("--literal-pathspecs", "add", "-A", "--", *fixed)
    branch = repo.branch()
    up = upstream(repo, branch) if branch else None
    merged = _finish(repo, up.name if up else "the upstream", _continue(repo, operation))
    return operation, merged


def unmark(repo: Repo) -> None:
    """Forget a merge a sync left, once the user finished or undid it."""
    (repo.git_dir / MARK).unlink(missing_ok=True)
