"""Reading ahead: while the command loads, a process of its own looks at every note file.

Before a search, the index checks every note file's stat against what it saw last (see
index/scanning.py). With the files' inodes in memory that is 10,000 stats in about 30 ms; after
a reboot, or once other work has pushed them out of the page cache, each stat waits for the
disk (about 115 ms for 10,000 files), and the command would start waiting only after loading
Python, Typer and Whoosh, which waits for the disk too. So the `notes` command first forks a
process that stats the collection's note files meanwhile, on another core if there is one;
when the command's own scan comes, the inodes are in memory.

The process changes nothing and is nobody's business but the page cache's: it writes nothing,
its standard streams are /dev/null (a pipe to `head` ends when the command does, not when it
does), it is no child of the command (it is forked from a child that leaves at once, so the
command never has one to wait for), and it stops after its first 64 stats if they took under
5 µs each: the inodes were in memory already. Where there is no fork (Windows), nothing is
read ahead. The tests, which run the command line in their own process, never fork.
"""

from __future__ import annotations

import os
import time

from .walk import collection_folder, walk

# The first stats tell whether the inodes were in memory: this many, under this many ns each.
SAMPLE = 64
IN_MEMORY_NS = 5_000

# Arguments after which a command looks at no collection.
_NOTHING_TO_READ = frozenset({"--help", "-h", "--version", "--show-completion"})


def start(argv: list[str]) -> None:
    """Read the collection that `argv` (the command's arguments) works on ahead, in a process
    of its own, unless the command only prints its help or version."""
    folder = folder_of(argv)
    if folder is None or not hasattr(os, "fork"):
        return
    try:
        first = os.fork()
    except OSError:
        return  # no process to spare: the command reads its notes itself, as without this
    if first == 0:
        try:
            if os.fork() == 0:
                _detached(folder)
        finally:
            os._exit(0)
    os.waitpid(first, 0)


def folder_of(argv: list[str]) -> str | None:
    """The collection folder a command with these arguments works on (its last --dir, as
    Typer takes it, else the default one), or None when it works on none."""
    explicit = None
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            break
        if argument in _NOTHING_TO_READ or argument.startswith("--install-completion"):
            return None
        if argument == "--dir":
            explicit = next(arguments, None)
        elif argument.startswith("--dir="):
            explicit = argument[len("--dir=") :]
    return collection_folder(explicit) if argv else None  # (`notes` alone prints its help)


def _detached(folder: str) -> None:
    """Stat the notes of `folder`, with no stream of the command's held, then leave."""
    try:  # (whatever goes wrong here, even Ctrl-C, only leaves less in memory: no traceback)
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        read_ahead(folder)
    finally:
        os._exit(0)


def read_ahead(folder: str) -> int:
    """Stat every note file of the collection at `folder`, as the index's scan will; stop
    early when the first stats say the inodes are in memory. How many were stat'ed."""
    done = 0
    spent = 0
    for found in walk(folder):
        began = time.perf_counter_ns()
        for name in found.notes:
            try:  # noqa: SIM105 (contextlib is not loaded in this process)
                os.stat(name, dir_fd=found.fd)
            except OSError:
                pass
        done += len(found.notes)
        spent += time.perf_counter_ns() - began
        if done >= SAMPLE and spent < done * IN_MEMORY_NS:
            break
    return done
