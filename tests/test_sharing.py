"""A collection shared through git: notes init --git, notes sync, notes sync --status.

Every test runs the real git, with a bare repository in tmp_path as the team's remote and two
clones of it, Alice's and Bob's. The user's git config is never read: GIT_CONFIG_GLOBAL points
at a file in tmp_path, and the system config is off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

MEETUP = """\
---
title: Platform Guild, March 2024
date: 2024-03-14
kind: meetup
location: The Old Mill, Halifax
talks:
  - title: Paving the road
    speakers:
      - name: Dana Okafor
        role: Staff Engineer
        company: Fernwood
    tags: [platform]
---
Twenty people and a lot of pizza.

## Paving the road

Golden paths beat gatekeeping: templates that people want to use.
"""


GIT_CONFIG = (
    "[user]\n\tname = Alice Example\n\temail = alice@example.org\n"
    "[init]\n\tdefaultBranch = main\n"
    "[advice]\n\tdetachedHead = false\n"
)


def _git_environment(folder: Path) -> dict[str, str]:
    """The environment git runs in here: a config file in `folder`, no system config, no
    GIT_* variable of the machine's."""
    config = folder / "gitconfig"
    config.write_text(GIT_CONFIG, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {
        **environment,
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(folder / "home"),
        "XDG_CONFIG_HOME": str(folder / "xdg"),
    }


@pytest.fixture(autouse=True)
def _own_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git reads this test's config only: never the user's, never the system's."""
    for variable in list(os.environ):
        if variable.startswith("GIT_"):
            monkeypatch.delenv(variable)
    for variable, value in _git_environment(tmp_path).items():
        monkeypatch.setenv(variable, value)


def git(where: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
    assert GIT is not None
    done = subprocess.run(
        [GIT, "-C", str(where), *args], capture_output=True, text=True, check=False, env=env
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout


@dataclass
class Team:
    remote: Path
    alice: Path
    bob: Path


@pytest.fixture(scope="session")
def _team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's remote and both clones, made once and copied for each test."""
    from notes_cli.gitsync import ATTRIBUTES

    folder = tmp_path_factory.mktemp("team")
    env = _git_environment(folder)
    git(folder, "init", "--quiet", "--bare", "team.git", env=env)
    alice = folder / "alice"
    git(folder, "init", "--quiet", "alice", env=env)
    (alice / ".gitattributes").write_text(ATTRIBUTES, encoding="utf-8")
    meetup(alice).parent.mkdir()
    meetup(alice).write_text(MEETUP, encoding="utf-8")
    git(alice, "add", "-A", env=env)
    git(alice, "commit", "--quiet", "-m", "notes: added the first meetup", env=env)
    git(alice, "remote", "add", "origin", "../team.git", env=env)
    git(alice, "push", "--quiet", "-u", "origin", "main", env=env)
    git(folder, "clone", "--quiet", "team.git", "bob", env=env)
    git(folder / "bob", "config", "user.name", "Bob Example", env=env)
    return folder


@pytest.fixture
def team(tmp_path: Path, _team_template: Path) -> Team:
    """A shared collection holding one meetup: Alice made it, Bob cloned it."""
    for name in ("team.git", "alice", "bob"):
        shutil.copytree(_team_template / name, tmp_path / name, symlinks=True)
    team = Team(tmp_path / "team.git", tmp_path / "alice", tmp_path / "bob")
    for clone in (team.alice, team.bob):
        git(clone, "remote", "set-url", "origin", str(team.remote))
    return team


def meetup(clone: Path) -> Path:
    return clone / "2024" / "2024-03-14-platform-guild-march-2024.md"


def sync(run: Run, clone: Path, *args: str) -> Any:
    return run("sync", "--dir", str(clone), *args)


# --- init ------------------------------------------------------------------------------------


def test_init_makes_a_collection_without_git(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "new" / "notes"))
    assert result.exit_code == 0, result
    assert (tmp_path / "new" / "notes").is_dir()
    assert not (tmp_path / "new" / "notes" / ".git").exists()
    assert "made a new collection" in result.stderr


def test_init_git_makes_a_repository_with_a_first_commit(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    result = run("init", str(folder), "--git")
    assert result.exit_code == 0, result
    assert "* -text" in (folder / ".gitattributes").read_text(encoding="utf-8")
    assert git(folder, "ls-files").split() == [".gitattributes"]
    assert git(folder, "status", "--porcelain") == ""
    assert "git remote add origin" in result.stderr


def test_init_git_commits_the_notes_a_folder_already_has(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "old"
    (folder / "2024").mkdir(parents=True)
    meetup(folder).write_text(MEETUP, encoding="utf-8")
    (folder / "scratch.txt").write_text("not a note", encoding="utf-8")
    assert run("init", str(folder), "--git").exit_code == 0
    assert sorted(git(folder, "ls-files").split()) == [
        ".gitattributes",
        "2024/2024-03-14-platform-guild-march-2024.md",
    ]


def test_init_in_a_work_tree_uses_it_as_it_is(run: Run, tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet", str(tmp_path / "team"))
    result = run("init", str(tmp_path / "team" / "notes"), "--git")
    assert result.exit_code == 0, result
    assert "used as it is" in result.stderr
    assert not (tmp_path / "team" / "notes" / ".git").exists()
    assert git(tmp_path / "team", "rev-list", "--all") == ""  # no commit made


def test_the_attributes_keep_line_endings_as_written(run: Run, team: Team) -> None:
    # With autocrlf, git would hand Bob CRLF lines for a note Alice wrote with LF.
    git(team.bob, "config", "core.autocrlf", "true")
    (team.alice / "2024" / "2024-04-01-lf.md").write_bytes(
        b"---\ntitle: LF\ndate: 2024-04-01\n---\nText.\n"
    )
    assert sync(run, team.alice).exit_code == 0
    assert sync(run, team.bob).exit_code == 0
    assert (team.bob / "2024" / "2024-04-01-lf.md").read_bytes().count(b"\r") == 0


# --- sync: what is committed -----------------------------------------------------------------


def test_sync_commits_only_notes_and_names_the_events(run: Run, team: Team) -> None:
    run(
        "new",
        "Platform Guild, April 2024",
        "--date",
        "2024-04-11",
        "--no-edit",
        "--dir",
        str(team.alice),
    )
    (team.alice / "todo.txt").write_text("buy milk", encoding="utf-8")
    (team.alice / ".drafts").mkdir()
    (team.alice / ".drafts" / "idea.md").write_text("# not yet", encoding="utf-8")
    result = run("sync", "--dir", str(team.alice))
    assert result.exit_code == 0, result
    assert "out  added    2024-04-11-platform-guild-april-2024" in result.stdout
    assert git(team.alice, "log", "-1", "--format=%s").strip() == (
        "notes: added 2024-04-11-platform-guild-april-2024"
    )
    assert git(team.alice, "show", "--name-only", "--format=", "HEAD").split() == [
        "2024/2024-04-11-platform-guild-april-2024.md"
    ]
    untracked = git(team.alice, "status", "--porcelain", "--untracked-files=all")
    assert "todo.txt" in untracked and ".drafts/idea.md" in untracked


def test_sync_leaves_what_else_is_staged_alone(run: Run, team: Team) -> None:
    (team.alice / "README.txt").write_text("how we take notes", encoding="utf-8")
    git(team.alice, "add", "README.txt")
    meetup(team.alice).write_text(MEETUP.replace("pizza", "curry"), encoding="utf-8")
    assert sync(run, team.alice, "-m", "Curry, not pizza").exit_code == 0
    assert git(team.alice, "log", "-1", "--format=%s").strip() == "Curry, not pizza"
    assert "README.txt" not in git(team.alice, "show", "--name-only", "--format=", "HEAD")
    assert git(team.alice, "status", "--porcelain").startswith("A  README.txt")


def test_a_note_moved_to_the_trash_is_shared(run: Run, team: Team) -> None:
    assert run("rm", "platform guild", "--yes", "--dir", str(team.bob)).exit_code == 0
    result = run("sync", "--dir", str(team.bob))
    assert "out  trashed  2024-03-14-platform-guild-march-2024" in result.stdout
    result = run("sync", "--dir", str(team.alice))
    assert "in   trashed  2024-03-14-platform-guild-march-2024" in result.stdout
    assert not meetup(team.alice).exists()
    assert (team.alice / ".trash" / "2024" / meetup(team.alice).name).exists()


def test_sync_with_nothing_to_do_says_so(run: Run, team: Team) -> None:
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert "up to date with origin/main" in result.stderr


def test_a_message_with_nothing_to_commit_is_not_ignored_silently(run: Run, team: Team) -> None:
    result = run("sync", "--dir", str(team.bob), "--message", "KubeCon, day two")
    assert result.exit_code == 0, result
    assert "nothing to commit, so --message was not used" in result.stderr
    assert "KubeCon" not in git(team.bob, "log", "--format=%s")


def test_what_a_fetch_by_hand_brought_is_synced_though_the_next_fetch_brings_nothing(
    run: Run, team: Team
) -> None:
    meetup(team.alice).write_text(MEETUP.replace("pizza", "soup"), encoding="utf-8")
    assert sync(run, team.alice).exit_code == 0
    git(team.bob, "fetch", "--quiet")  # the sync's own fetch will have nothing to bring
    result = sync(run, team.bob)
    assert result.exit_code == 0, result
    assert "in   edited   2024-03-14-platform-guild-march-2024" in result.stdout
    assert "soup" in meetup(team.bob).read_text(encoding="utf-8")


def test_a_commit_made_by_hand_goes_out_with_a_sync_that_has_nothing_to_commit(
    run: Run, team: Team
) -> None:
    meetup(team.bob).write_text(MEETUP.replace("pizza", "soup"), encoding="utf-8")
    git(team.bob, "commit", "--quiet", "-am", "soup, not pizza")
    result = sync(run, team.bob)
    assert result.exit_code == 0, result
    assert "out  edited   2024-03-14-platform-guild-march-2024" in result.stdout
    assert git(team.remote, "log", "-1", "--format=%s", "main").strip() == "soup, not pizza"


# --- sync: two people ------------------------------------------------------------------------


def test_two_people_adding_events_both_get_both(run: Run, team: Team) -> None:
    run("new", "Alice's meetup", "--date", "2024-05-02", "--no-edit", "--dir", str(team.alice))
    run(
        "new",
        "Bob's conference",
        "--date",
        "2024-05-20",
        "--kind",
        "conference",
        "--no-edit",
        "--dir",
        str(team.bob),
    )
    assert sync(run, team.alice).exit_code == 0
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert "in   added    2024-05-02-alice-s-meetup" in result.stdout
    assert "out  added    2024-05-20-bob-s-conference" in result.stdout
    assert (
        "in   added    2024-05-20-bob-s-conference" in run("sync", "--dir", str(team.alice)).stdout
    )
    for clone in (team.alice, team.bob):
        assert {p.name for p in (clone / "2024").iterdir()} == {
            meetup(clone).name,
            "2024-05-02-alice-s-meetup.md",
            "2024-05-20-bob-s-conference.md",
        }


def test_two_people_adding_talks_to_one_event_sync_without_a_conflict(run: Run, team: Team) -> None:
    # Both talks go at the end of the talks list and of the body: git alone stops there.
    add = ["add-talk", "platform guild"]
    run(
        *add,
        "Service meshes, gently",
        "--speaker",
        "Ife Bello (SRE, Ashgrove)",
        "--dir",
        str(team.alice),
    )
    run(
        *add,
        "Cost dashboards",
        "--speaker",
        "Tom Reyes (FinOps, Birchfield)",
        "--tag",
        "cost",
        "--dir",
        str(team.bob),
    )
    assert sync(run, team.alice).exit_code == 0
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert "both kept" in result.stderr
    assert run("sync", "--dir", str(team.alice)).exit_code == 0
    assert meetup(team.alice).read_text(encoding="utf-8") == meetup(team.bob).read_text(
        encoding="utf-8"
    )
    text = meetup(team.bob).read_text(encoding="utf-8")
    assert "## Service meshes, gently\n\n## Cost dashboards\n" in text
    check = run("check", "--dir", str(team.bob))
    assert check.exit_code == 0, check
    listed = run("list", "--talks", "--dir", str(team.bob)).stdout
    assert "Service meshes" in listed and "Cost dashboards" in listed and "Paving" in listed
    assert git(team.bob, "status", "--porcelain") == ""


def test_a_new_talk_and_notes_on_the_last_talk_merge_where_they_belong(
    run: Run, team: Team
) -> None:
    run("add-talk", "platform guild", "Secrets at scale", "--dir", str(team.alice))
    with meetup(team.bob).open("a", encoding="utf-8") as handle:
        handle.write("\nQuestions ran long: everyone wants templates.\n")
    assert sync(run, team.alice).exit_code == 0
    assert sync(run, team.bob).exit_code == 0
    found = run("list", "--talks", "--json", "--dir", str(team.bob))
    assert found.exit_code == 0
    shown = run("show", "platform guild", "--dir", str(team.bob)).stdout
    paving, secrets = shown.index("Paving the road"), shown.index("Secrets at scale")
    assert paving < shown.index("Questions ran long") < secrets


def test_what_came_in_is_found_by_the_next_search(run: Run, team: Team) -> None:
    assert "Paving" in run("search", "templates", "--dir", str(team.bob)).stdout  # index built
    run("add-talk", "platform guild", "Kubernetes operators for humans", "--dir", str(team.alice))
    assert sync(run, team.alice).exit_code == 0
    assert sync(run, team.bob).exit_code == 0
    assert "Kubernetes operators" in run("search", "operators", "--dir", str(team.bob)).stdout


def test_merge_instead_of_rebase(run: Run, team: Team) -> None:
    run("new", "Alice's meetup", "--date", "2024-05-02", "--no-edit", "--dir", str(team.alice))
    run("new", "Bob's meetup", "--date", "2024-05-03", "--no-edit", "--dir", str(team.bob))
    assert sync(run, team.alice).exit_code == 0
    result = run("sync", "--merge", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert len(git(team.bob, "log", "--merges", "--format=%H").split()) == 1
    assert git(team.remote, "rev-parse", "main") == git(team.bob, "rev-parse", "HEAD")


# --- conflicts -------------------------------------------------------------------------------


def _same_line_changed(run: Run, team: Team) -> Any:
    for clone, town in ((team.alice, "Leeds"), (team.bob, "York")):
        text = meetup(clone).read_text(encoding="utf-8")
        meetup(clone).write_text(text.replace("The Old Mill, Halifax", town), encoding="utf-8")
    assert sync(run, team.alice).exit_code == 0
    return run("sync", "--dir", str(team.bob))


def test_both_changing_the_same_line_stops_with_the_note_named(run: Run, team: Team) -> None:
    result = _same_line_changed(run, team)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0
    assert "2024/2024-03-14-platform-guild-march-2024.md" in message
    assert "notes sync again" in message and "git rebase --abort" in message
    # The work tree is as git leaves it: a rebase in progress, the note with git's markers.
    assert git(team.bob, "status", "--porcelain").startswith("UU ")
    text = meetup(team.bob).read_text(encoding="utf-8")
    assert "<<<<<<< " in text and ">>>>>>> " in text
    status = run("sync", "--status", "--dir", str(team.bob)).stdout
    assert "conflict   2024/2024-03-14-platform-guild-march-2024.md" in status
    assert "rebase is in progress" in status


def test_check_list_and_search_see_the_conflict_markers(run: Run, team: Team) -> None:
    run("new", "Another evening", "--date", "2024-02-01", "--no-edit", "--dir", str(team.bob))
    _same_line_changed(run, team)
    lines = meetup(team.bob).read_text(encoding="utf-8").splitlines()
    marker = next(n for n, line in enumerate(lines, start=1) if line.startswith("<<<<<<< "))
    check = run("check", "--dir", str(team.bob))
    assert check.exit_code == 1
    assert f"{meetup(team.bob)}:{marker}: unresolved merge conflict" in check.stdout
    listed = run("list", "--dir", str(team.bob))
    assert listed.exit_code == 0
    assert "Another evening" in listed.stdout and "Platform Guild" not in listed.stdout
    assert f"skipped {meetup(team.bob)}:{marker}: unresolved merge conflict" in listed.stderr
    found = run("search", "templates", "--dir", str(team.bob))
    assert "Paving" not in found.stdout and "unresolved merge conflict" in found.stderr


def test_after_fixing_the_lines_notes_sync_finishes_the_sync(run: Run, team: Team) -> None:
    _same_line_changed(run, team)
    # Still marked: the sync says where, and changes nothing.
    again = run("sync", "--dir", str(team.bob))
    assert again.exit_code == 1 and "still in conflict" in again.stderr
    fixed = MEETUP.replace("The Old Mill, Halifax", "York")
    meetup(team.bob).write_text(fixed, encoding="utf-8")
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert "finished the rebase" in result.stderr
    assert git(team.bob, "status", "--porcelain") == ""
    run("sync", "--dir", str(team.alice))
    assert meetup(team.alice).read_text(encoding="utf-8") == fixed


def test_a_rebase_the_user_started_is_left_to_the_user(run: Run, team: Team) -> None:
    _same_line_changed(run, team)
    git(team.bob, "rebase", "--abort")
    git(team.bob, "rebase", "origin/main", check=False)  # by hand this time
    meetup(team.bob).write_text(MEETUP, encoding="utf-8")
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 1
    assert "that notes sync did not start" in result.stderr
    assert (team.bob / ".git" / "rebase-merge").is_dir()


def test_a_note_with_conflict_markers_is_never_committed(run: Run, team: Team) -> None:
    meetup(team.alice).write_text(
        MEETUP.replace(
            "Twenty people", "<<<<<<< mine\nThirty\n=======\nTwenty\n>>>>>>> theirs\npeople"
        ),
        encoding="utf-8",
    )
    before = git(team.alice, "rev-parse", "HEAD")
    result = run("sync", "--dir", str(team.alice))
    assert result.exit_code == 1
    line = MEETUP.splitlines().index("Twenty people and a lot of pizza.") + 1
    assert (
        f"{meetup(team.alice)}:{line}: unresolved merge conflict, so nothing was committed"
        in result.stderr
    )
    assert git(team.alice, "rev-parse", "HEAD") == before


def test_markers_quoted_in_a_code_block_are_text(
    run: Run, write_note: Callable[[str, str], Path]
) -> None:
    write_note(
        "2024/2024-06-01-git-night.md",
        """
        ---
        title: Git night
        date: 2024-06-01
        ---
        What a conflict looks like:

        ```
        <<<<<<< HEAD
        mine
        =======
        theirs
        >>>>>>> main
        ```
        """,
    )
    assert run("check").exit_code == 0


# --- status ----------------------------------------------------------------------------------


def test_status_shows_what_would_be_committed_and_ahead_behind(run: Run, team: Team) -> None:
    run("new", "Alice's meetup", "--date", "2024-05-02", "--no-edit", "--dir", str(team.alice))
    assert sync(run, team.alice).exit_code == 0
    git(team.bob, "fetch", "--quiet")
    meetup(team.bob).write_text(MEETUP.replace("pizza", "soup"), encoding="utf-8")
    result = run("sync", "--status", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert "to commit  edited   2024-03-14-platform-guild-march-2024" in result.stdout
    assert "main is 0 commits ahead of origin/main and 1 behind" in result.stdout
    assert git(team.bob, "status", "--porcelain").startswith(" M")  # nothing changed


# --- failures, each one line and exit 1 ------------------------------------------------------


def _one_line_error(result: Any) -> str:
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result
    return lines[0]


def test_no_git_on_path(
    run: Run, root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert "no git on PATH" in _one_line_error(run("sync"))
    assert "no git on PATH" in _one_line_error(run("init", "--git"))


def test_not_a_work_tree_says_how_to_start(run: Run, root: Path) -> None:
    line = _one_line_error(run("sync"))
    assert "is not in a git work tree" in line and "notes init" in line and "git init" in line
    assert "not in a git work tree" in _one_line_error(run("sync", "--status"))


def test_no_upstream_keeps_the_local_commit(run: Run, tmp_path: Path) -> None:
    solo = tmp_path / "solo"
    run("init", str(solo), "--git")
    run("new", "Solo evening", "--date", "2024-07-01", "--no-edit", "--dir", str(solo))
    line = _one_line_error(run("sync", "--dir", str(solo)))
    assert "committed here" in line and "git remote add origin" in line
    assert "2024-07-01-solo-evening" in git(solo, "log", "-1", "--format=%s")


def test_an_unreachable_remote_keeps_the_local_commit(run: Run, team: Team, tmp_path: Path) -> None:
    git(team.bob, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    run("new", "Offline evening", "--date", "2024-07-02", "--no-edit", "--dir", str(team.bob))
    line = _one_line_error(run("sync", "--dir", str(team.bob)))
    assert "could not fetch from origin" in line and "committed here" in line
    assert "2024-07-02-offline-evening" in git(team.bob, "log", "-1", "--format=%s")


def test_a_failing_commit_hook_shows_its_output(run: Run, team: Team) -> None:
    hook = team.bob / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook: no notes on Fridays' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    changed = MEETUP.replace("pizza", "cake")
    meetup(team.bob).write_text(changed, encoding="utf-8")
    before = git(team.bob, "rev-parse", "HEAD")
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 1
    assert "hook: no notes on Fridays" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: git commit stopped")
    assert git(team.bob, "rev-parse", "HEAD") == before
    assert meetup(team.bob).read_text(encoding="utf-8") == changed


def test_init_on_a_file_is_one_line(run: Run, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert "is a file" in _one_line_error(run("init", str(tmp_path / "afile")))


# --- the merge of one note, directly ---------------------------------------------------------


def _merge(base: str, ours: str, theirs: str, tmp_path: Path) -> str | None:
    from notes_cli.gitrepo import run as run_git
    from notes_cli.notemerge import MARKER_SIZE, merge_note

    files = []
    for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    done = run_git(tmp_path, "merge-file", "-p", f"--marker-size={MARKER_SIZE}", *files)
    return merge_note(base, ours, theirs, done.out.decode(), tmp_path / "note.md")


def _with_talk(text: str, title: str, line: str = "") -> str:
    front, body = text.split("\n---\n", 1)
    extra = f'    speakers: ["{line}"]\n' if line else ""
    return f"{front}\n  - title: {title}\n{extra}---\n{body}\n## {title}\n"


def test_merge_note_keeps_both_new_talks(tmp_path: Path) -> None:
    ours = _with_talk(MEETUP, "Ours", "Ann Lee (CTO, Acme)")
    theirs = _with_talk(MEETUP, "Theirs")
    merged = _merge(MEETUP, ours, theirs, tmp_path)
    assert merged is not None
    assert merged.index("- title: Ours") < merged.index("- title: Theirs") < merged.index("## Ours")
    assert 'speakers: ["Ann Lee (CTO, Acme)"]' in merged


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        pytest.param(
            MEETUP.replace("kind: meetup", "kind: conference"),
            MEETUP.replace("kind: meetup", "kind: workshop"),
            id="one-value-changed-twice",
        ),
        pytest.param(
            _with_talk(MEETUP, "Same title", "Ann Lee"),
            _with_talk(MEETUP, "Same title", "Bo Chan"),
            id="one-talk-added-twice-differently",
        ),
        pytest.param(
            MEETUP.replace("Golden paths", "Paved paths"),
            MEETUP.replace("Golden paths", "Gold paths"),
            id="one-paragraph-edited-twice",
        ),
    ],
)
def test_merge_note_leaves_real_conflicts_to_the_user(
    ours: str, theirs: str, tmp_path: Path
) -> None:
    assert _merge(MEETUP, ours, theirs, tmp_path) is None


def test_merge_note_never_moves_notes_under_another_talk(tmp_path: Path) -> None:
    ours = _with_talk(MEETUP, "Late talk")
    theirs = MEETUP + "\nAnd the questions went on.\n"
    merged = _merge(MEETUP, ours, theirs, tmp_path)
    assert merged is not None
    assert merged.index("And the questions") < merged.index("## Late talk")


def test_a_clone_made_before_anything_was_pushed(run: Run, tmp_path: Path) -> None:
    remote = tmp_path / "empty.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    early = tmp_path / "early"
    git(tmp_path, "clone", "--quiet", str(remote), str(early))
    line = _one_line_error(run("sync", "--dir", str(early)))
    assert "nothing to sync" in line and "no commit yet" in line
    late = tmp_path / "late"
    git(tmp_path, "clone", "--quiet", str(remote), str(late))
    run("new", "First evening", "--date", "2024-08-01", "--no-edit", "--dir", str(late))
    assert run("sync", "--dir", str(late)).exit_code == 0  # the first push makes the branch
    result = run("sync", "--dir", str(early))
    assert result.exit_code == 0, result
    assert "in   added    2024-08-01-first-evening" in result.stdout
    assert (early / "2024" / "2024-08-01-first-evening.md").exists()


def test_a_collection_in_a_folder_of_a_bigger_repository(run: Run, team: Team) -> None:
    # The team keeps its notes in notes/ beside other things: only notes/ is the collection.
    git(team.alice, "mv", "2024", "guild-2024")
    git(team.alice, "commit", "--quiet", "-m", "a folder per year")
    git(team.alice, "push", "--quiet")
    (team.alice / "site").mkdir()
    (team.alice / "site" / "index.md").write_text("# Our site", encoding="utf-8")
    run(
        "new",
        "Sub evening",
        "--date",
        "2024-09-01",
        "--no-edit",
        "--dir",
        str(team.alice / "guild-2024"),
    )
    result = run("sync", "--dir", str(team.alice / "guild-2024"))
    assert result.exit_code == 0, result
    assert "out  added    2024-09-01-sub-evening" in result.stdout
    assert "out  added    2024-03-14" not in result.stdout
    assert "site/index.md" in git(team.alice, "status", "--porcelain", "--untracked-files=all")
    assert git(team.remote, "ls-tree", "-r", "--name-only", "main").split() == [
        ".gitattributes",
        "guild-2024/2024-03-14-platform-guild-march-2024.md",
        "guild-2024/2024/2024-09-01-sub-evening.md",
    ]


def test_someone_pushing_in_between_is_brought_in_and_the_push_tried_again(
    run: Run, team: Team
) -> None:
    # Bob's pre-push hook lets Alice push first, once: Bob's push is then rejected.
    run("new", "Alice's race", "--date", "2024-10-01", "--no-edit", "--dir", str(team.alice))
    git(team.alice, "add", "-A")
    git(team.alice, "commit", "--quiet", "-m", "Alice's race")
    hook = team.bob / ".git" / "hooks" / "pre-push"
    hook.write_text(
        "#!/bin/sh\n"
        f"if [ ! -e '{team.bob}/.git/raced' ]; then\n"
        f"  touch '{team.bob}/.git/raced'\n"
        "  unset $(env | sed -n 's/^\\(GIT_[A-Z_]*\\)=.*/\\1/p' | grep -v GIT_CONFIG)\n"
        f"  git -C '{team.alice}' push --quiet\n"
        "fi\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    run("new", "Bob's race", "--date", "2024-10-02", "--no-edit", "--dir", str(team.bob))
    result = run("sync", "--dir", str(team.bob))
    assert result.exit_code == 0, result
    assert "in   added    2024-10-01-alice-s-race" in result.stdout
    assert git(team.remote, "rev-parse", "main") == git(team.bob, "rev-parse", "HEAD")
    assert (team.bob / "2024" / "2024-10-01-alice-s-race.md").exists()


def test_an_init_git_could_not_commit_is_finished_by_running_it_again(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nameless = tmp_path / "nameless-gitconfig"
    nameless.write_text(
        "[init]\n\tdefaultBranch = main\n[user]\n\tuseConfigOnly = true\n", encoding="utf-8"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(nameless))
    monkeypatch.delenv("EMAIL", raising=False)
    folder = tmp_path / "shared"
    result = run("init", str(folder), "--git")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: the git repository is made in")
    assert "notes init --git again" in result.stderr
    git(folder, "config", "user.name", "Carol Example")
    git(folder, "config", "user.email", "carol@example.org")
    again = run("init", str(folder), "--git")
    assert again.exit_code == 0, again
    assert git(folder, "log", "--format=%an %s").strip() == (
        "Carol Example notes: a collection shared through git"
    )
