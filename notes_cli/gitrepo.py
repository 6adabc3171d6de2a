"""Running the user's git for a collection, and reading what changed in its notes.

The user's own `git` does the work, so their config, credentials and hooks apply. It is run
with argument lists built here (`git -C ROOT ...`), never through a shell, and no git library
stands in for it. The notes git carries for a collection are its `.md` files outside hidden
folders, plus `.trash/`: nothing else of the work tree. gitsync.py builds on this.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .collection import TRASH
from .errors import GitFailed, NotesError
from .results import Change


@dataclass(frozen=True)
class Done:
    """What one git command did."""

    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace")

    def fields(self) -> list[str]:
        """NUL-separated output (`-z`), as paths."""
        return [os.fsdecode(part) for part in self.out.split(b"\0") if part]

    def said(self) -> str:
        """What git said, in one line: its first `fatal:`/`error:` line, else its last line."""
        lines = [line.strip() for line in (self.err + "\n" + self.text).splitlines()]
        lines = [line for line in lines if line and not line.startswith("hint:")]
        for line in lines:
            for lead in ("fatal: ", "error: "):
                if line.startswith(lead):
                    return line[len(lead) :]
        return lines[-1] if lines else f"exit status {self.code}"

    @property
    def output(self) -> str:
        return (self.text + self.err).strip("\n")


def git_command() -> str:
    found = shutil.which("git")
    if found is None:
        raise NotesError(
            "git is not installed (no git on PATH): install git to share a collection through it"
        )
    return found


def run(where: Path, *args: str, input: bytes | None = None, editor: bool = False) -> Done:
    """`git -C where ARGS`, its output captured. With `editor`, git opens no editor: a rebase
    or a merge keeps the messages it has."""
    env = {**os.environ, "GIT_EDITOR": "true"} if editor else None
    try:
        process = subprocess.run(
            [git_command(), "-C", os.fspath(where), *args],
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            env=env,
            check=False,
        )
    except OSError as exc:
        raise NotesError(f"could not run git ({exc.strerror or exc})") from exc
    return Done(process.returncode, process.stdout, process.stderr.decode("utf-8", "replace"))


def nul(paths: Iterable[str]) -> bytes:
    return b"".join(os.fsencode(path) + b"\0" for path in paths)


@dataclass(frozen=True)
class Repo:
    """The git work tree a collection is in."""

    root: Path  # the collection
    top: Path  # the work tree's top folder
    prefix: str  # the collection's folder inside the work tree: "" or "notes/"
    git_dir: Path

    def run(self, *args: str, input: bytes | None = None, editor: bool = False) -> Done:
        return run(self.root, *args, input=input, editor=editor)

    def check(self, *args: str, input: bytes | None = None) -> Done:
        done = self.run(*args, input=input)
        if done.code != 0:
            raise GitFailed(f"git {args[0]} failed: {done.said()}", done.output)
        return done

    def relative(self, path: str) -> str | None:
        """A path of the work tree (as git prints it) relative to the collection, or None."""
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    def rebase_folder(self) -> Path | None:
        """git's folder for the rebase in progress, if one is."""
        for name in ("rebase-merge", "rebase-apply"):
            if (self.git_dir / name).is_dir():
                return self.git_dir / name
        return None

    def operation(self) -> str | None:
        """The rebase or merge in progress, if any."""
        if self.rebase_folder() is not None:
            return "rebase"
        if (self.git_dir / "MERGE_HEAD").exists():
            return "merge"
        return None

    def branch(self) -> str | None:
        """The branch checked out (during a rebase: the one being rebased), or None."""
        done = self.run("symbolic-ref", "--quiet", "--short", "HEAD")
        if done.code == 0:
            return done.text.strip()
        for state in ("rebase-merge", "rebase-apply"):
            with_name = self.git_dir / state / "head-name"
            if with_name.is_file():
                return with_name.read_text(encoding="utf-8").strip().removeprefix("refs/heads/")
        return None


def open_repo(root: Path) -> Repo:
    """The work tree holding the collection, or one line saying how to make one."""
    git_command()
    if not root.is_dir():
        raise NotesError(f"{root}: no collection here; make one with notes init {root} --git")
    done = run(
        root,
        "rev-parse",
        "--is-inside-work-tree",
        "--show-toplevel",
        "--show-prefix",
        "--absolute-git-dir",
    )
    lines = done.text.split("\n")
    if done.code != 0 or len(lines) < 4 or lines[0] != "true":
        raise NotesError(
            f"{root} is not in a git work tree: make it one with notes init {root} --git "
            "(or git init), or clone your team's repository"
        )
    return Repo(root=root, top=Path(lines[1]), prefix=lines[2], git_dir=Path(lines[3]))


def is_note(relative: str) -> bool:
    """Whether a path of the collection is a note git should carry: a `.md` file outside hidden
    folders, or inside `.trash/` (moving a note to the trash is a change to share)."""
    parts = relative.split("/")
    if not parts[-1].endswith(".md"):
        return False
    if parts[0] == TRASH:
        parts = parts[1:]
    return bool(parts) and not any(part.startswith(".") for part in parts)


# --- what changed ----------------------------------------------------------------------------


def _originals(trashed: str) -> list[str]:
    """Where a note in the trash may have come from: `.trash/2016/x-2.md` -> 2016/x(-2).md."""
    inner = trashed[len(TRASH) + 1 :]
    found = [inner]
    numbered = re.fullmatch(r"(.*)-\d+\.md", inner)
    if numbered:
        found.append(numbered[1] + ".md")
    return found


def _event(relative: str) -> str:
    return relative.rsplit("/", 1)[-1].removesuffix(".md")


def changes(entries: Iterable[tuple[str, str]]) -> tuple[Change, ...]:
    """(A|M|D, path) of notes as Changes; a note leaving for `.trash/` (or coming back) is one
    change, not an addition and a deletion."""
    added: dict[str, None] = {}
    deleted: dict[str, None] = {}
    found = []
    for kind, path in entries:
        if kind == "A":
            added[path] = None
        elif kind == "D":
            deleted[path] = None
        else:
            found.append(Change("edited", _event(path), path))
    for path in [p for p in added if p.startswith(TRASH + "/")]:
        origin = next((o for o in _originals(path) if o in deleted), None)
        if origin is not None:
            del added[path], deleted[origin]
            found.append(Change("trashed", _event(origin), path))
    for path in [p for p in deleted if p.startswith(TRASH + "/")]:
        origin = next((o for o in _originals(path) if o in added), None)
        if origin is not None:
            del deleted[path], added[origin]
            found.append(Change("restored", _event(origin), origin))
    for path in added:
        trashed = path.startswith(TRASH + "/")
        found.append(Change("trashed" if trashed else "added", _event(path), path))
    found += [Change("deleted", _event(path), path) for path in deleted]
    return tuple(sorted(found, key=lambda change: (change.event, change.path)))


@dataclass(frozen=True)
class WorkTree:
    """What one `git status` says: the notes changed, the notes in conflict, and the branch."""

    entries: tuple[tuple[str, str], ...]  # (A|M|D, path) of the notes changed
    conflicted: tuple[str, ...]
    branch: str | None  # None: HEAD is detached (as it is during a rebase)
    # (ahead, behind) of the upstream as last fetched; None when git could not say (no
    # upstream, or none fetched yet, or HEAD with no commit).
    ahead_behind: tuple[int, int] | None


def work_tree(repo: Repo) -> WorkTree:
    """The notes changed in the work tree and where the branch stands, from one `git status`."""
    done = repo.check(
        "status", "--porcelain=v2", "--branch", "--ahead-behind", "-z", "--no-renames",
        "--untracked-files=all", "--", ".",
    )  # fmt: skip
    kinds: dict[str, str] = {}
    conflicted: list[str] = []
    branch: str | None = None
    counted: tuple[int, int] | None = None
    for entry in done.fields():
        if entry.startswith("# branch.head "):
            head = entry[len("# branch.head ") :]
            branch = None if head == "(detached)" else head
        elif entry.startswith("# branch.ab "):
            ahead, behind = entry.split()[2:4]
            if ahead.lstrip("+").isdigit() and behind.lstrip("-").isdigit():
                counted = (int(ahead.lstrip("+")), int(behind.lstrip("-")))
        elif entry[:2] in ("1 ", "u ", "? "):
            fields = entry.split(" ", {"1": 8, "u": 10, "?": 1}[entry[0]])
            xy = "??" if entry[0] == "?" else fields[1].replace(".", " ")
            relative = repo.relative(fields[-1])
            if relative is not None and is_note(relative):
                _note_entry(kinds, conflicted, xy, relative)
    entries = tuple((kind, path) for path, kind in kinds.items())
    return WorkTree(entries, tuple(conflicted), branch, counted)


def _note_entry(kinds: dict[str, str], conflicted: list[str], xy: str, relative: str) -> None:
    if "U" in xy or xy in ("AA", "DD"):
        conflicted.append(relative)
    elif xy == "AD":  # added, then deleted again: nothing to commit
        return
    elif relative in kinds:  # `D ` and `??`: removed from the index, still on disk
        kinds[relative] = "M"
    elif xy == "??" or xy[0] == "A":
        kinds[relative] = "A"
    elif "D" in xy:
        kinds[relative] = "D"
    else:
        kinds[relative] = "M"


def tree_changes(repo: Repo, *revisions: str) -> tuple[Change, ...]:
    """The notes that differ between two commits or trees (`A B`, or `A...B`: since they forked)."""
    done = repo.check("diff", "--name-status", "-z", "--no-renames", "--relative", *revisions, "--")
    parts = done.fields()
    entries = []
    for status, path in zip(parts[::2], parts[1::2], strict=False):
        if is_note(path):
            entries.append((status[0] if status[0] in "AD" else "M", path))
    return changes(entries)


def empty_tree(repo: Repo) -> str:
    return repo.check("hash-object", "-t", "tree", "--stdin", input=b"").text.strip()


def unmerged(repo: Repo) -> dict[str, dict[int, str]]:
    """Paths in conflict (relative to the work tree's top): stage number -> blob id."""
    found: dict[str, dict[int, str]] = {}
    for entry in repo.check("ls-files", "-u", "-z", "--full-name", "--", ":/").fields():
        info, _, path = entry.partition("\t")
        _, blob, stage = info.split()
        found.setdefault(path, {})[int(stage)] = blob
    return found


@dataclass(frozen=True)
class Upstream:
    """The branch a branch syncs with."""

    remote: str  # "origin", or "." for a branch of the same repository
    ref: str  # the branch on the remote: refs/heads/main
    tracking: str  # the local ref following it: refs/remotes/origin/main
    name: str  # origin/main


def upstream(repo: Repo, branch: str) -> Upstream | None:
    done = repo.run(
        "for-each-ref",
        "--format=%(upstream)%00%(upstream:remotename)%00%(upstream:remoteref)%00%(upstream:short)",
        f"refs/heads/{branch}",
    )
    parts = done.text.rstrip("\n").split("\0")
    if done.code == 0 and len(parts) == 4 and parts[0]:
        return Upstream(remote=parts[1], ref=parts[2], tracking=parts[0], name=parts[3])
    # A branch with no commit yet (a clone of an empty repository) is not listed: ask its config.
    remote = repo.run("config", "--get", f"branch.{branch}.remote").text.strip()
    ref = repo.run("config", "--get", f"branch.{branch}.merge").text.strip()
    if not remote or not ref:
        return None
    short = ref.removeprefix("refs/heads/")
    if remote == ".":
        return Upstream(remote=remote, ref=ref, tracking=ref, name=short)
    return Upstream(remote, ref, f"refs/remotes/{remote}/{short}", f"{remote}/{short}")


def counts(repo: Repo, up: Upstream) -> tuple[int, int, bool, bool]:
    """(commits ahead, commits behind, HEAD has a commit, the upstream has one) as last fetched."""
    done = repo.run("rev-list", "--left-right", "--count", f"HEAD...{up.tracking}", "--")
    if done.code == 0:
        ahead, behind = (int(n) for n in done.text.split())
        return ahead, behind, True, True
    sizes = []
    for revision in ("HEAD", up.tracking):
        known = repo.run("rev-list", "--count", revision, "--")
        sizes.append(int(known.text) if known.code == 0 else -1)
    return max(sizes[0], 0), max(sizes[1], 0), sizes[0] >= 0, sizes[1] >= 0
