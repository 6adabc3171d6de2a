"""What reaches the terminal (issue 12): everything printed from a note passes through one
function that makes control characters visible and never reads Rich markup from data; an
output that is closed, full or cannot encode the text gives one line and exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = (
    "---\n"
    'title: "\\e]0;X\\a\\e[31mRED"\n'
    "date: 2020-01-01\n"
    'location: "Room \\x9b2J\\u202e1"\n'
    "tags: ['[/foo]', '[bold]loud']\n"
    "talks:\n"
    '  - title: "Talk \\e[2J\\r over"\n'
    "    speakers:\n"
    '      - {name: "Ann \\e[5mBlink", company: "[b]Acme"}\n'
    "    tags: ['[/foo]']\n"
    "---\n"
    "\n"
    "## Talk \x1b[2J\r over\n"
    "\n"
    "Notes with \x1b]8;;http://evil.example\x07a link\x1b]8;;\x07 about escapes.\n"
)
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def no_raw_controls(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text)


@pytest.fixture
def hostile(sample: Path) -> Path:
    path = sample / "2020" / "2020-01-01-hostile.md"
    path.parent.mkdir()
    path.write_text(HOSTILE)
    return path


def test_shown_makes_control_characters_visible_and_keeps_the_rest() -> None:
    from notes_cli.render import visible as shown

    assert shown("\x1b]0;X\x07\x1b[31mRED") == "\\x1b]0;X\\x07\\x1b[31mRED"
    assert shown("a\tb\nc") == "a\\tb\\nc"
    assert shown("a\tb\nc\r\nd", lines=True) == "a\tb\nc\nd"
    assert shown("over\rwrite", lines=True) == "over\\rwrite"
    assert shown("caf" + os.fsdecode(b"\xe9")) == "caf\\xe9"
    assert shown("Zoë 東京 🎉 [b]x[/b] 👩‍💻") == "Zoë 東京 🎉 [b]x[/b] 👩‍💻"
    assert shown("\u202eevil\u2066") == "\\u202eevil\\u2066"


def test_every_character_written_out_is_one_python_calls_unprintable() -> None:
    """A text str.isprintable() passes is shown as it is, without the patterns (compiled only
    when a text is not: their classes are costly to compile); so every character the patterns
    write out must be one it refuses, and every other is shown as it is."""
    from notes_cli.render import console

    everything = "".join(map(chr, range(0x110000)))
    for lines in (False, True):
        invisible = console._LINE_INVISIBLE if lines else console._INVISIBLE
        written = set(invisible.findall(everything)) - {"\r\n"}
        assert len(written) > 2000  # (the surrogates among them)
        assert not [c for c in written if c.isprintable()]
        assert all(console.visible(f"a{c}b", lines=lines) != f"a{c}b" for c in written)
        kept = [c for c in everything[:0x3000] if c not in written and c not in "\t\n"]
        assert all(console.visible(c, lines=lines) == c for c in kept)


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--talks"],
        ["search", "escapes"],
        ["search", "blink"],
        ["show", "hostile"],
        ["stats", "--by", "topic"],
        ["stats", "--by", "company"],
        ["stats", "--by", "speaker"],
        ["stats", "--by", "event"],
        ["related", "over"],
        ["check"],
        ["import", "--dry-run", "2020/2020-01-01-hostile.md"],
    ],
)
def test_no_escape_sequence_from_a_note_reaches_the_terminal(
    run, hostile: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Row 9: `title: "\\e]0;X\\a\\e[31mRED"` reached the terminal raw (list, search)."""
    monkeypatch.chdir(hostile.parent.parent)
    result = run(*command)
    assert result.exit_code in (0, 1), result
    assert "unexpected" not in result.stderr
    no_raw_controls(result.stdout + result.stderr)


def test_an_exported_post_in_a_terminal_shows_escapes_and_into_a_file_keeps_them(
    hostile: Path,
) -> None:
    exported = subprocess.run(
        [sys.executable, "-m", "notes_cli", "export", "hostile", "--format", "markdown"],
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    assert "\x1b]8;;http://evil.example" in exported.stdout  # a pipe or a file: the bytes


def test_rich_markup_in_data_is_printed_as_written(run, hostile: Path) -> None:
    """Row 16: a tag `[/foo]` made `notes stats` fail (MarkupError); `[b]Acme` showed as `Acme`."""
    topics = run("stats", "--by", "topic")
    assert topics.exit_code == 0, topics
    assert "[/foo]" in topics.stdout
    companies = run("stats", "--by", "company")
    assert companies.exit_code == 0, companies
    assert "[b]Acme" in companies.stdout
    assert "[bold]loud" in run("list").stdout or "[bold]loud" in run("show", "hostile").stdout
    counted = run("stats", "--by", "topic", "--query", "tag:[/foo]")
    assert counted.exit_code in (0, 1) and "MarkupError" not in counted.stderr


def test_a_cache_path_with_brackets_is_shown_as_it_is(
    run, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 16: `NOTES_CACHE_DIR='/tmp/c[/x]' notes index` failed with MarkupError."""
    monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "c[/x]"))
    result = run("index")
    assert result.exit_code == 0, result
    assert str(tmp_path / "c[/x]") in result.stdout


def test_json_output_carries_control_characters_escaped(run, hostile: Path) -> None:
    result = run("list", "--json")
    assert result.exit_code == 0
    no_raw_controls(result.stdout)
    titles = [event["title"] for event in json.loads(result.stdout)["events"]]
    assert "\x1b]0;X\x07\x1b[31mRED" in titles  # escaped in the text, exact once read


# --- 18: closed, full or narrow output ----------------------------------------------------------


def notes(*args: str, **options: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "notes_cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        **options,  # type: ignore[arg-type]
    )


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "unexpected" not in stderr and "Exception ignored" not in stderr, (
        stderr
    )
    return lines[0]


def test_a_closed_output_is_one_line_and_exit_1(sample: Path) -> None:
    """Row 18: `notes export ID >&-` failed with AttributeError."""
    result = notes("export", "reinvent", preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    assert "output is closed" in one_error_line(result.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["list"], ["export", "reinvent"], ["list", "--json"]])
def test_a_full_output_is_one_line_and_exit_1(sample: Path, command: list[str]) -> None:
    """Row 18: `notes list >/dev/full` exited 120 with "Exception ignored"."""
    with open("/dev/full", "w") as full:
        result = notes(*command, stdout=full)
    assert result.returncode == 1
    assert "No space left on device" in one_error_line(result.stderr)


def test_an_output_that_cannot_encode_the_text_is_one_line_and_exit_1(sample: Path) -> None:
    """Row 18: `PYTHONIOENCODING=ascii notes list` failed with UnicodeEncodeError."""
    result = notes("list", stdout=subprocess.PIPE, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert "PYTHONIOENCODING=utf-8" in one_error_line(result.stderr)


def test_a_reader_that_stops_early_ends_the_command_quietly(sample: Path) -> None:
    """Row 18: `notes list --talks | head -1` exits without a word."""
    for number in range(300):  # more than a pipe holds
        (sample / f"2020-01-{number:03d}-copy.md").write_text(
            (sample / "2016" / "2016-11-28-aws-reinvent-2016.md").read_text()
        )
    listing = subprocess.Popen(
        [sys.executable, "-m", "notes_cli", "list", "--talks"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert listing.stdout is not None and listing.stdout.readline()
    listing.stdout.close()
    _, err = listing.communicate(timeout=120)
    assert listing.returncode in (0, 1, -13)
    assert [line for line in err.splitlines() if not line.startswith("indexing")] == []
