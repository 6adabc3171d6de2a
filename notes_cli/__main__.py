"""The `notes` command, and `python -m notes_cli`: the command line, loaded, then run."""

from __future__ import annotations

import atexit
import gc
import sys

from notes_cli import readahead

# New objects the cycle collector waits for before a pass of its youngest generation, in the
# `notes` command (Python's default is 700).
COLLECT_AFTER = 50_000
# What typer.main imports of its shell completion: the options that install it, which a
# command named alone leaves out (cli._named_alone), so that the module, with those it
# loads (subprocess and shellingham among them), is loaded only by a command that offers or
# uses completion (1.5 ms).
_COMPLETION = {"typer.completion": "get_completion_inspect_parameters"}


def run() -> None:
    """Run the command line, the cycle collector told first to wait for many more new objects
    between passes: at its default a search ran it 64 times (8 ms) while some 300 modules
    loaded, whose functions and classes live until the process ends, so that no pass found
    anything to free. A command that makes millions of objects still gets its passes, each
    over more of them; the tests, which import the package without running this, keep
    Python's default. Before anything else, what the command will read is read ahead, and
    what it loaded is remembered for the next time (readahead.py); shutil is imported
    without what it needs only to make archives (lazy.shutil_lean), and Typer without the
    subprocess module it imports only to open a browser (`typer.launch`, which notes never
    calls) and to install shell completion (`--install-completion`, which loads it then):
    with the signal, selectors and select modules it loads, 2 ms of every command that runs
    no other program. (Its `platform` stays: the uuid module typer.main imports asks platform
    for the system as it loads.) The patterns that platform, textwrap and gettext compile as
    they load (Typer imports all three; a command uses them to print help, if at all) are
    compiled when first used (lazy.patterns_deferred: 1.5 ms)."""
    command = readahead.start(sys.argv[1:])
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])
    from notes_cli.lazy import imported_without, patterns_deferred, shutil_lean

    shutil_lean()
    with patterns_deferred("platform", "textwrap", "gettext"):
        imported_without("typer.main", "subprocess", called=_COMPLETION)
    from notes_cli.cli import command_names, main

    atexit.register(readahead.finish, command if command in command_names() else None)
    main()


if __name__ == "__main__":
    run()
