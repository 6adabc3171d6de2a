"""The two consoles (data on stdout, messages on stderr), the one-line messages, JSON, the
progress bar, and `visible`: the one function everything printed from a note passes through.

`visible` makes control characters visible (an escape sequence in a title never reaches the
terminal) and bytes that are not UTF-8 (a file name) readable; text is never read as Rich
markup, so a title with `[brackets]` prints as written. JSON carries the same characters as
JSON escapes: exact for a program, inert in a terminal.

An output that is closed, full or cannot encode the text is one NotesError (one line on
stderr, exit 1); a reader that stops early (`notes list | head`) ends the command quietly.

Rich is loaded when something styled is printed: a plain line (`info`, `line`) is written as it
is, so a command that prints nothing else never pays for loading Rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from notes_cli.errors import NoteProblem, OutputFailed
from notes_cli.lazy import pattern
from notes_cli.model import Speaker
from notes_cli.report import Report

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 controls, DEL, the bidirectional overrides and isolates (they reorder what follows:
# "Trojan source"), and the stand-ins of bytes that are not UTF-8 (surrogateescape).
_MARKS = "\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff"
# (compiled when first needed: their classes, as wide as the surrogates, take 1.4 ms)
_INVISIBLE = pattern(f"[\\x00-\\x1f{_MARKS}]")
_LINE_INVISIBLE = pattern(f"\\r\\n|[\\x00-\\x08\\x0b-\\x1f{_MARKS}]")
_JSON_INVISIBLE = pattern(f"[{_MARKS}]")  # json.dumps escapes the C0 controls itself
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _written_out(match: re.Match[str]) -> str:
    char = match[0]
    if char == "\r\n":
        return "\n"
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """`text` as it may reach a terminal: control characters written out (`\\x1b`, `\\t`),
    bytes that are not UTF-8 as `\\xe9`, everything else as it is. With `lines` (notes, a
    post), line breaks and tabs stay, and a CRLF is a line break."""
    if text.isprintable():  # (so none of the characters written out: each is unprintable)
        return text
    invisible = _LINE_INVISIBLE if lines else _INVISIBLE
    return invisible.sub(_written_out, text) if invisible.search(text) else text


def _json_safe(document: str) -> str:
    """JSON text with what json.dumps leaves raw (DEL, C1 controls, bidi marks, lone
    surrogates) as \\u escapes. They occur only inside strings, where an escape is the same
    character: the same document to a program, inert in a terminal."""
    return _JSON_INVISIBLE.sub(lambda m: f"\\u{ord(m[0]):04x}", document)


class _Stdout:
    """sys.stdout (whichever it is now) as everything writes to it: a write that fails is
    OutputFailed, and an output that failed is pointed at the null device, so that the
    interpreter's last flush has nothing left to fail on."""

    def write(self, text: str) -> int:
        return int(_guarded(lambda stream: stream.write(text)))

    def flush(self) -> None:
        _guarded(lambda stream: stream.flush())

    def isatty(self) -> bool:
        with contextlib.suppress(Exception):
            return bool(sys.stdout.isatty())
        return False

    def __getattr__(self, name: str) -> Any:
        if sys.stdout is None:
            raise AttributeError(name)
        return getattr(sys.stdout, name)


def _guarded(act: Callable[[Any], Any]) -> Any:
    stream = sys.stdout
    if stream is None:
        raise OutputFailed("the standard output is closed: nothing could be printed")
    try:
        return act(stream)
    except BrokenPipeError:
        _discard(stream)
        raise  # the reader has gone (`notes list | head`): the command ends quietly
    except UnicodeEncodeError as exc:
        raise OutputFailed(
            f"the output's encoding ({getattr(stream, 'encoding', '?')}) cannot show "
            f"{exc.object[exc.start : exc.end]!r}: set PYTHONIOENCODING=utf-8 or use a UTF-8 locale"
        ) from None
    except OSError as exc:
        _discard(stream)
        raise OutputFailed(f"could not write the output ({exc.strerror or exc})") from None


def _discard(stream: Any) -> None:
    with contextlib.suppress(Exception):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


class _Stderr:
    """sys.stderr as messages are written to it: what it cannot encode is escaped, and a
    message that cannot be written at all is dropped (there is nowhere left to say so)."""

    def write(self, text: str) -> int:
        stream = sys.stderr
        if stream is not None:
            try:
                stream.write(text)
            except UnicodeEncodeError:
                encoding = getattr(stream, "encoding", None) or "ascii"
                with contextlib.suppress(OSError):
                    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
            except OSError:
                pass
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            sys.stderr.flush()

    def __getattr__(self, name: str) -> Any:
        if sys.stderr is None:
            raise AttributeError(name)
        return getattr(sys.stderr, name)


OUT = _Stdout()
# Rows or records written between flushes: a reader sees the first of thousands at once.
_FLUSH_EVERY = 200
ERR = _Stderr()


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(file=OUT, highlight=False)  # type: ignore[arg-type]


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(file=ERR, highlight=False)  # type: ignore[arg-type]


def flush() -> None:
    """Write out what is still buffered, so that a full output fails here, as one line."""
    if sys.stdout is not None:
        OUT.flush()


def error(message: str) -> None:
    from rich.text import Text

    stderr().print(Text(f"error: {visible(message)}", style="red"), soft_wrap=True)


def notice(message: str) -> None:
    from rich.text import Text

    stderr().print(Text(visible(message), style="yellow"), soft_wrap=True)


def info(message: str) -> None:
    """One line of a message on stderr, unstyled, control characters made visible."""
    ERR.write(visible(message) + "\n")
    ERR.flush()


def line(text: str) -> None:
    """One line of data on stdout (paths, ids), control characters made visible."""
    OUT.write(visible(text) + "\n")
    OUT.flush()


def raw(text: str) -> None:
    """Text from notes on stdout (an exported post, a writeup's Markdown): exactly as given
    into a file or a pipe; in a terminal, with control characters made visible."""
    OUT.write(visible(text, lines=True) if OUT.isatty() else text)
    OUT.flush()


def raw_pieces(pieces: Iterable[str]) -> None:
    """Text from notes on stdout as `raw` writes it, a piece at a time, as the pieces come."""
    terminal = OUT.isatty()
    for number, piece in enumerate(pieces, start=1):
        OUT.write(visible(piece, lines=True) if terminal else piece)
        if number % _FLUSH_EVERY == 0:
            OUT.flush()
    OUT.flush()


def styled(text: str) -> None:
    """Text Rich has rendered from visible text, with its own styles, on stdout as it is."""
    OUT.write(text)
    OUT.flush()


def json_document(document: Any) -> None:
    OUT.write(_json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
    OUT.flush()


def json_stream(head: dict[str, Any], key: str, items: Iterable[Any]) -> None:
    """One JSON document, `head` and then `key` (last) holding `items`, written as the items
    come, one item a line (jsontext.json_pieces): never all of it held."""
    from notes_cli.jsontext import json_pieces

    for number, piece in enumerate(json_pieces(head, key, items, compact=True)):
        OUT.write(_json_safe(piece))
        if number % _FLUSH_EVERY == 0:
            OUT.flush()
    OUT.flush()


def _compact(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False)


def json_lines(items: Iterable[Any]) -> None:
    """One JSON document per line (JSON Lines), written as the items come."""
    for number, item in enumerate(items, start=1):
        OUT.write(_json_safe(_compact(item)) + "\n")
        if number % _FLUSH_EVERY == 0:
            OUT.flush()
    OUT.flush()


def to_terminal() -> bool:
    """Whether stdout is a terminal, as Rich's console decides it (TTY_COMPATIBLE, FORCE_COLOR,
    isatty), decided without loading Rich, which output into a pipe does not need."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    return OUT.isatty()


def problems(found: Sequence[NoteProblem]) -> None:
    for problem in found:
        line(str(problem))


def unreadable(found: Iterable[NoteProblem]) -> None:
    """Files skipped because they hold no usable event: one notice each, on stderr."""
    for problem in found:
        notice(f"skipped {problem}")


def report(told: Report) -> None:
    """What a command's Notebook has to say (a rebuild, skipped notes), once, at its end."""
    for message in told.notices:
        notice(message)
    unreadable(told.unreadable)


def plural(count: int, word: str, many: str = "") -> str:
    """`1 note`, `2 notes` (`many` when the plural is not `word` + s)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def speakers_text(speakers: Iterable[Speaker], *, roles: bool = False) -> str:
    """`Carl Simpson (Zen Internet), Ann Lee`: with roles too when asked."""
    parts = []
    for speaker in speakers:
        if roles:
            parts.append(speaker.label())
        else:
            parts.append(f"{speaker.name} ({speaker.company})" if speaker.company else speaker.name)
    return ", ".join(parts)


@contextlib.contextmanager
def progress_bar(label: str, at_least: int = 0) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr; the context value is a `(done, total)` callback.

    The bar appears on the first call whose total is `at_least` or more, so a sync that reads
    two changed files prints nothing while a first sync of a large collection shows its way.
    Until then nothing of it is made (Rich's progress module is 3 ms of every search).
    """
    shown: list[Any] = []  # the Progress and its task, once it appears

    def update(done: int, total: int) -> None:
        if not shown:
            if total < at_least:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            progress = Progress(
                TextColumn(label),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr(),
            )
            shown.extend((progress, progress.add_task(label, total=None)))
            progress.start()
        shown[0].update(shown[1], completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            shown[0].stop()
