"""The Typer app, the options every command shares, and the one place errors become exit codes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.types import StringParamType
from typer.core import TyperCommand, TyperGroup

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
                render.flush()  # a full output fails here, as one line, not at the exit
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


class WordsCommand(TyperCommand):
    """A command whose words may start with a minus: `notes search kubernetes -podman`,
    `notes jot talk -5% latency`.

    A word that starts with `-` and is none of the command's options is a word of the query,
    not an unknown option: the words are handed on after a `--`, in their order, so that the
    parser takes them as they are.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            for name in (*param.opts, *getattr(param, "secondary_opts", ())):
                if name.startswith("-"):
                    takes_value[name] = not getattr(param, "is_flag", False)
        options: list[str] = []
        words: list[str] = []
        waiting = False  # the last option needs a value: this is it
        for number, arg in enumerate(args):
            name = arg.split("=", 1)[0]
            if waiting:
                options.append(arg)
                waiting = False
            elif arg == "--":
                words += args[number + 1 :]
                break
            elif name in takes_value or (arg.startswith("--") and len(arg) > 2):
                options.append(arg)
                waiting = takes_value.get(name, False) and "=" not in arg
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


_opened: list[Notebook] = []


def _progress_bar(label: str, at_least: int = 0) -> Any:
    """render.progress_bar, loaded (with Rich) only by a command that shows one."""
    from notes_cli import render

    return render.progress_bar(label, at_least)


def notebook(directory: Path | None) -> Notebook:
    """The Notebook a command works on (--dir, else the collection found by default): built
    once per command, its report printed once when the command ends."""
    from notes_cli.notebook import Notebook

    opened = Notebook.open(directory, bars=_progress_bar)
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


def _completion_root(ctx: typer.Context) -> Path:
    from notes_cli.folders import find_root

    directory = ctx.params.get("directory")
    return find_root(Path(directory) if directory else None)


def complete_event(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]] | list[str]:
    """Event ids for shell completion: those that start with what was typed, from file names
    alone (fast, opens nothing); else those whose title holds it, with their titles."""
    from notes_cli.collection import event_ids

    try:
        root = _completion_root(ctx)
        ids = sorted(i for i in event_ids(root) if i.startswith(incomplete))
        if ids or not incomplete.strip():
            return ids
        from notes_cli.listing import TalkFilter
        from notes_cli.notebook import Notebook

        wanted = incomplete.casefold()
        events = Notebook(root).events(TalkFilter())
        return [(e.id, e.title) for e in events if wanted in e.id or wanted in e.title.casefold()]
    except Exception:  # completion never shows an error: it offers nothing
        return []


def complete_talk(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Talk ids for shell completion, with their titles: those that start with what was typed,
    else those whose title holds it."""
    from notes_cli.listing import TalkFilter
    from notes_cli.notebook import Notebook

    try:
        rows = list(Notebook(_completion_root(ctx)).talks(TalkFilter()))
    except Exception:  # completion never shows an error: it offers nothing
        return []
    by_id = [(talk_id, talk.title) for _, talk, talk_id in rows if talk_id.startswith(incomplete)]
    if by_id or not incomplete.strip():
        return by_id
    wanted = incomplete.casefold()
    return [(talk_id, talk.title) for _, talk, talk_id in rows if wanted in talk.title.casefold()]


def complete_event_or_talk(ctx: typer.Context, incomplete: str) -> list[Any]:
    """Events first (as complete_event), then talks (as complete_talk)."""
    if "/" in incomplete:
        return complete_talk(ctx, incomplete)
    return list(complete_event(ctx, incomplete)) or complete_talk(ctx, incomplete)


class Completed(StringParamType):
    """Text whose shell completion offers what `complete` gives, as it gives it: a piece of a
    title completes to the ids of the titles that hold it, which do not start with what was
    typed (Typer's `autocompletion` keeps only those that do)."""

    name = "text"

    def __init__(self, complete: Callable[[Any, str], list[Any]]) -> None:
        self.complete = complete

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        return [
            CompletionItem(item[0], help=item[1])
            if isinstance(item, tuple)
            else CompletionItem(item)
            for item in self.complete(ctx, incomplete)
        ]


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
        click_type=Completed(complete_event),
        show_default=False,
    ),
]
TalkArg = Annotated[
    str,
    typer.Argument(
        help="The talk: EVENT/piece (a talk id is one), or a unique piece of its title.",
        click_type=Completed(complete_talk),
        show_default=False,
    ),
]
EventOrTalk = Annotated[
    str,
    typer.Argument(
        help="The event (its id, a unique start of it, a unique piece of its title), or a talk (EVENT/piece, or a unique piece of its title).",
        click_type=Completed(complete_event_or_talk),
        show_default=False,
    ),
]
