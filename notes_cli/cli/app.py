"""The Typer app, the options every command shares, and the one place errors become exit codes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from notes_cli.errors import NotesError

if TYPE_CHECKING:
    from notes_cli.notebook import Notebook


# `notes --help` lists the commands in the order of a day of note taking; commands not named
# here follow, in the order they were registered.
DAILY_ORDER = (
    "new",
    "add-talk",
    "jot",
    "search",
    "list",
    "show",
    "edit",
    "export",
    "import",
    "related",
    "stats",
    "check",
    "mv",
    "rm-talk",
    "rm",
    "restore",
    "index",
)


def first_line(help_text: str | None) -> str:
    """A command's whole first line of help (its docstring's first paragraph, on one line)."""
    import inspect

    paragraph = inspect.cleandoc(help_text or "").split("\n\n")[0]
    return " ".join(paragraph.split())


class NotesGroup(TyperGroup):
    """Turns a NotesError from any command into one red line and exit 1.

    Any other exception is a bug: it too becomes one line (with a pointer to --debug) rather
    than a traceback, unless --debug or NOTES_DEBUG asks for the traceback. Before either, the
    report of the command's Notebook is printed: what it says comes before the error it led to.
    """

    def invoke(self, ctx: Any) -> Any:
        from notes_cli import render

        debug = bool(ctx.params.get("debug")) or bool(os.environ.get("NOTES_DEBUG"))
        if ctx.params.get("directory") is not None:
            # `notes --dir X search ...` means the same as `notes search ... --dir X`: hand the
            # folder to the command (every command has --dir; a later --dir of its own wins).
            ctx.args = ["--dir", str(ctx.params["directory"]), *ctx.args]
        try:
            try:
                return super().invoke(ctx)
            finally:
                _tell()
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # Typer's own: usage errors exit 2, a closed pipe (notes list | head) quietly
        except NotesError as exc:
            if debug:
                raise
            render.error(exc.message)
            raise typer.Exit(1) from None
        except Exception as exc:
            if debug:
                raise
            render.error(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)")
            raise typer.Exit(1) from None

    def list_commands(self, ctx: Any) -> list[str]:
        registered = list(self.commands)
        known = [name for name in DAILY_ORDER if name in self.commands]
        return known + [name for name in registered if name not in known]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with its whole first line of help, wrapped rather than cut short."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, first_line(command.help)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    cls=NotesGroup,
    name="notes",
    epilog=(
        "\b\nExample: a day at a conference\n"
        '  notes new "PyCon UK 2024" --date 2024-09-20 --kind conference --no-edit\n'
        '  notes add-talk pycon "Typing in anger" --speaker "Ann Lee (Acme)"\n'
        '  notes jot "typing in anger" --time "Protocols beat ABCs for plugins"'
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


_opened: list[Notebook] = []


def notebook(directory: Path | None) -> Notebook:
    """The Notebook a command works on (--dir, else the collection found by default): built
    once per command, its report printed once when the command ends."""
    from notes_cli import render
    from notes_cli.notebook import Notebook

    opened = Notebook.open(directory, bars=render.progress_bar)
    _opened.append(opened)
    return opened


def _tell() -> None:
    if not _opened:
        return
    from notes_cli import render

    while _opened:
        render.report(_opened.pop().report)


def _version(value: bool) -> None:
    if value:
        from notes_cli import __version__, render

        render.line(f"notes {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="The folder of notes, for any command (also accepted after the command).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep notes of the conferences and meetups you attend: every talk, searchable and publishable.

    Notes live as Markdown files in a folder (--dir, $NOTES_DIR, ./notes, or your data folder).
    Every command has --help with an example.
    """


def complete_event(ctx: typer.Context, incomplete: str) -> list[str]:
    """Event ids for shell completion, from file names alone (fast, opens nothing)."""
    from notes_cli.collection import event_ids, find_root

    directory = ctx.params.get("directory")
    try:
        ids = event_ids(find_root(Path(directory) if directory else None))
    except OSError:
        return []
    return sorted(i for i in ids if i.startswith(incomplete))


Directory = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help="The folder of notes. Default: $NOTES_DIR, else ./notes if it exists, else your data folder.",
        show_default=False,
    ),
]
EventRef = Annotated[
    str,
    typer.Argument(
        help="The event: its id, a unique start of the id, or a unique piece of its title.",
        autocompletion=complete_event,
        show_default=False,
    ),
]
