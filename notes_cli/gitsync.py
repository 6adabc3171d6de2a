"""Sharing a collection through git: `notes init --git`, `notes sync`, `notes sync --status`.

A sync commits the notes that changed (gitrepo.py says which), fetches the branch's upstream,
rebases onto it (or merges), settles the conflicts that two people adding talks to one event
always make (gitconflict.py, notemerge.py), and pushes to the upstream. When a conflict needs a person, the
work tree is left as git leaves it; once the markers are gone, the next sync finishes the
rebase or merge this one started (and never one the user started by hand). What came in
needs nothing more: the next command's index sync sees the files git changed.

Nothing here prints: results are frozen values, failures one NotesError line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from .errors import GitFailed, NotesError
from .gitconflict import integrate, resume, unmark
from .gitrepo import (
    Done,
    Repo,
    Upstream,
    changes,
    counts,
    empty_tree,
    git_command,
    nul,
    open_repo,
    run,
    tree_changes,
    upstream,
    work_tree,
)
from .results import Change, InitResult, SyncResult, SyncStatus

ATTRIBUTES = (
    "# Written by `notes init --git`: git keeps every file's bytes as written, line endings too.\n"
    "* -text\n"
)
# How many times a push that lost a race with someone else's is tried again.
ATTEMPTS = 3


# --- init ------------------------------------------------------------------------------------


def init(root: Path, *, git: bool) -> InitResult:
    """Make `root` a collection; with `git`, a git repository with a first commit, unless it
    is in a work tree already."""
    from .walk import note_files

    if root.exists() and not root.is_dir():
        raise NotesError(f"{root} is a file: choose another folder for the collection")
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotesError(f"{root}: cannot create the folder ({exc.strerror or exc})") from exc
    count = len(note_files(root))
    if not git:
        return InitResult(root, created, count, "", None, "")
    git_command()
    found = run(root, "rev-parse", "--show-toplevel")
    if found.code == 0:
        top = Path(found.text.strip())
        unfinished = _same(top, root) and run(root, "rev-parse", "-q", "--verify", "HEAD").code
        if not unfinished:  # (a first init that stopped before its commit is finished here)
            return InitResult(root, created, count, "existing", top, "")
    else:
        _check(run(root, "init", "--quiet"), "init")
    repo = open_repo(root)
    attributes = root / ".gitattributes"
    if not attributes.exists():
        from .files import atomic_write

        with contextlib.suppress(FileExistsError):
            atomic_write(attributes, ATTRIBUTES, exclusive=True)
    paths = [".gitattributes", *(path for _, path in work_tree(repo).entries)]
    subject = "notes: a collection shared through git"
    done = _commit_paths(repo, paths, ["-m", subject])
    if done.code != 0:
        raise GitFailed(
            f"the git repository is made in {root}, but git commit stopped (what it said is "
            "above): fix what it says, then run notes init --git again",
            done.output,
        )
    return InitResult(root, created, count, "created", repo.top, _head(repo))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _check(done: Done, what: str) -> Done:
    if done.code != 0:
        raise GitFailed(f"git {what} failed: {done.said()}", done.output)
    return done


def _head(repo: Repo) -> str:
    return repo.check("rev-parse", "--short", "HEAD").text.strip()


def _commit_paths(repo: Repo, paths: Sequence[str], message: list[str]) -> Done:
    """Stage `paths` (new, changed or gone) and commit them, and only them."""
    listed = nul(paths)
    repo.check(
        "--literal-pathspecs", "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul",
        input=listed,
    )  # fmt: skip
    return repo.run(
        "--literal-pathspecs", "commit", "--quiet", *message,
        "--pathspec-from-file=-", "--pathspec-file-nul",
        input=listed,
    )  # fmt: skip


# --- status ----------------------------------------------------------------------------------


def status(root: Path) -> SyncStatus:
    """What a sync would commit, and how the branch stands against its upstream (no fetch)."""
    repo = open_repo(root)
    tree = work_tree(repo)
    branch = tree.branch if tree.branch is not None else repo.branch()
    up = upstream(repo, branch) if branch else None
    ahead, behind = (tree.ahead_behind or counts(repo, up)[:2]) if up else (0, 0)
    return SyncStatus(
        branch=branch,
        upstream=up.name if up else None,
        pending=changes(tree.entries),
        conflicted=tree.conflicted,
        ahead=ahead,
        behind=behind,
        operation=repo.operation(),
    )


# --- sync ------------------------------------------------------------------------------------


def commit_message(found: Sequence[Change], message: str | None) -> list[str]:
    """`-m` arguments naming the events changed: a subject, then one line per event."""
    if message and message.strip():
        subject = message.strip()
    elif len(found) <= 3:
        by_what: dict[str, list[str]] = {}
        for change in found:
            by_what.setdefault(change.what, []).append(change.event)
        subject = "notes: " + "; ".join(f"{w} {', '.join(ids)}" for w, ids in by_what.items())
    else:
        counted: dict[str, int] = {}
        for change in found:
            counted[change.what] = counted.get(change.what, 0) + 1
        subject = (
            f"notes: {len(found)} events ({', '.join(f'{n} {w}' for w, n in counted.items())})"
        )
    arguments = ["-m", subject]
    if len(found) > 1 or (message and message.strip()):
        arguments += ["-m", "\n".join(f"{c.what:<9}{c.event}" for c in found)]
    return arguments


def sync(root: Path, *, message: str | None = None, merge: bool = False) -> SyncResult:
    """Commit the notes that changed, bring in the upstream's, push ours."""
    repo = open_repo(root)
    resumed, merged = resume(repo) if repo.operation() else ("", [])
    unmark(repo)  # a merge the user finished or undid
    tree = work_tree(repo)
    branch = tree.branch
    if branch is None:
        raise NotesError(
            f"no branch is checked out in {repo.top} (HEAD is detached): "
            "git switch BRANCH, then notes sync"
        )
    committed = changes(tree.entries)
    commit = _commit(repo, tree.entries, committed, message) if tree.entries else ""
    up = upstream(repo, branch)
    if up is None:
        raise _no_upstream(repo, branch, commit)
    incoming: dict[Change, None] = {}
    outgoing: tuple[Change, ...] = ()
    # Where the branch stood before the fetch holds after it when nothing was committed and
    # the fetch brought nothing: a sync with nothing to do runs no more git than that.
    known = tree.ahead_behind if not commit else None
    for _ in range(ATTEMPTS):
        if _fetch(repo, up, commit) or known is None:
            ahead, behind, has_head, has_upstream = counts(repo, up)
        else:
            (ahead, behind), has_head, has_upstream = known, True, True
        known = None
        if not (has_head or has_upstream):
            raise NotesError(
                f"nothing to sync: {branch} has no commit yet and {up.name} does not exist; if "
                "the team's notes are on another branch, git switch to it (git branch -r lists "
                "them), else add a note and notes sync"
            )
        if behind:
            since = [f"HEAD...{up.tracking}"] if has_head else [empty_tree(repo), up.tracking]
            incoming.update(dict.fromkeys(tree_changes(repo, *since)))
            merged += integrate(repo, up, merge=merge, unborn=not has_head)
            ahead = counts(repo, up)[0]
        if not ahead:
            break
        outgoing = tree_changes(repo, up.tracking if has_upstream else empty_tree(repo), "HEAD")
        if _push(repo, up, commit):
            break
    else:
        raise NotesError(
            f"{up.name} kept changing while syncing (others are pushing): run notes sync again"
        )
    return SyncResult(
        branch=branch,
        upstream=up.name,
        committed=committed,
        commit=commit,
        incoming=tuple(incoming),
        outgoing=outgoing,
        pushed=ahead,
        merged=tuple(dict.fromkeys(merged)),
        resumed=resumed,
    )


def _commit(
    repo: Repo, entries: Sequence[tuple[str, str]], found: tuple[Change, ...], message: str | None
) -> str:
    from .notefile import conflict_line

    for kind, path in entries:
        if kind == "D":
            continue
        with contextlib.suppress(OSError):
            data = (repo.root / path).read_bytes()
            line = conflict_line(data.decode("utf-8", "replace")) if b"<<<<<<<" in data else None
            if line is not None:
                raise NotesError(
                    f"{repo.root / path}:{line}: unresolved merge conflict, so nothing was "
                    "committed: keep the lines you want between <<<<<<< and >>>>>>>, delete "
                    "the marker lines, then notes sync again"
                )
    done = _commit_paths(repo, [path for _, path in entries], commit_message(found, message))
    if done.code != 0:
        raise GitFailed(
            "git commit stopped (what it said is above): nothing was committed and your notes "
            "are as you left them; fix what it says, then notes sync again",
            done.output,
        )
    return _head(repo)


def _kept(commit: str) -> str:
    return (
        f"your notes are committed here ({commit}) and go out with the next sync; "
        if commit
        else ""
    )


def _no_upstream(repo: Repo, branch: str, commit: str) -> NotesError:
    remotes = repo.run("remote").text.split()
    if not remotes:
        return NotesError(
            f"{_kept(commit)}{branch} has no remote to sync with: add your team's repository "
            f"with git remote add origin URL, then git push -u origin {branch}"
        )
    return NotesError(
        f"{_kept(commit)}{branch} has no upstream branch to sync with: "
        f"set it once with git push -u {remotes[0]} {branch}"
    )


def _fetch(repo: Repo, up: Upstream, commit: str) -> bool:
    """Fetch the upstream's remote; False when git said it updated nothing (a fetch that
    changes a ref names it: the upstream is as it was)."""
    if up.remote == ".":
        return False
    done = repo.run("fetch", up.remote)
    if done.code != 0:
        raise NotesError(
            f"could not fetch from {up.remote}: {done.said()}; {_kept(commit)}"
            "run notes sync again once it can be reached"
        )
    return bool(done.output.strip())


def _push(repo: Repo, up: Upstream, commit: str) -> bool:
    """Push HEAD to the upstream; False when someone else pushed first (fetch again)."""
    before = _tip(repo, up)
    done = repo.run("push", "--porcelain", up.remote, f"HEAD:{up.ref}")
    if done.code == 0:
        return True
    # Refused as not a fast-forward, or the remote's ref moved while it was being updated
    # ("cannot lock ref"): either way, if the upstream has moved, bring it in and push again.
    if any(line.startswith("!") for line in done.text.splitlines()) and up.remote != ".":
        moved = repo.run("fetch", "--quiet", up.remote).code == 0 and _tip(repo, up) != before
        if moved:
            return False
    raise GitFailed(
        f"could not push to {up.name}: {done.said()}; {_kept(commit) or 'nothing was lost; '}"
        "run notes sync again once it can be pushed",
        done.output,
    )


def _tip(repo: Repo, up: Upstream) -> str:
    return repo.run("rev-parse", "-q", "--verify", up.tracking).text.strip()
