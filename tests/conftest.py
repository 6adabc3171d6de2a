from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_cli.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "notes"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's folders; stable, colourless, wide output."""
    monkeypatch.setenv("NOTES_DIR", str(tmp_path / "notes"))
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    for variable in ("VISUAL", "EDITOR", "NOTES_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The (empty) collection the CLI uses in a test."""
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


@pytest.fixture
def sample(root: Path) -> Path:
    """A copy of the sample collection shipped in the repository."""
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    return root


Run = Callable[..., "Result"]


class Result:
    def __init__(self, raw: object) -> None:
        self.exit_code: int = raw.exit_code  # type: ignore[attr-defined]
        self.stdout: str = raw.stdout  # type: ignore[attr-defined]
        self.stderr: str = raw.stderr  # type: ignore[attr-defined]
        self.exception = raw.exception  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<exit {self.exit_code}\nstdout: {self.stdout}\nstderr: {self.stderr}>"


@pytest.fixture
def run() -> Callable[..., Result]:
    def invoke(*args: str, input: str | None = None) -> Result:
        return Result(CliRunner().invoke(app, list(args), input=input))

    return invoke


@pytest.fixture
def write_note(root: Path) -> Callable[[str, str], Path]:
    """Write a note file (dedented) at a path relative to the collection."""

    def write(relative: str, text: str) -> Path:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as if a person sits at a terminal (prompts are answered through `input=`)."""
    monkeypatch.setattr("notes_cli.cli.asking.interactive", lambda: True)
