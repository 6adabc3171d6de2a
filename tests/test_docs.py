"""The README is the manual: every command is in it, and its commands are the ones CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from notes_cli.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    return sorted(name.rstrip("-") for name in names)


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme_and_has_help_with_an_example(run, name: str) -> None:
    assert f"`notes {name}" in README
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example: notes " + name in result.stdout.replace("\n", " ")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    # From the line that makes the virtualenv to the end: tests, lint and format, types.
    start = next(n for n, line in enumerate(ci) if line.startswith("python3 -m venv"))
    command = "\n".join(ci[start:])
    assert command.startswith("python3 -m venv .venv && ")
    assert f"```sh\n{command}\n```" in README


def test_the_quick_start_runs_notes_search_on_the_sample() -> None:
    first = re.search(r"```sh\n(.*)\n```", README)
    assert first and first[1].endswith("notes search lambda")


RUFF = Path(sys.executable).parent / "ruff"


@pytest.mark.skipif(
    not RUFF.exists(), reason="ruff is not installed beside this Python (pip install -e '.[test]')"
)
def test_the_code_is_ruff_clean() -> None:
    result = subprocess.run(
        [str(RUFF), "check", "--quiet", "notes_cli", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_merge_conflict_was_left_in_the_readme() -> None:
    """Conflict markers appear only inside a fenced example (the sharing session shows one)."""
    fenced, stray = False, []
    for number, line in enumerate(README.splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"(<{7}|={7}|>{7})( |$)", line):
            stray.append(number)
    assert stray == []
