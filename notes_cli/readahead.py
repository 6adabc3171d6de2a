"""Reading ahead: while the command loads, a process of its own reads what it will need.

Before a search, the index checks every note file's stat against what it saw last (see
index/scanning.py): 10,000 stats take 30 ms when the files' inodes are in memory, and about 115
ms after a reboot, or once other work has pushed them out of the page cache. Loading Python's,
Typer's and Whoosh's modules (about 100 ms) waits for the disk too, one file at a time, and the
command did both in turn. So the `notes` command first forks a process that goes ahead of it,
on another core if there is one. It stats the first 64 note files; if they took under 5 µs
each, the inodes (and most likely the modules) are in memory already, and it is done.
Otherwise it opens the files the same command's modules were loaded from last time, in the
order they were, asking the system to read them in (they are kept in the cache folder at each
command's end, written only when they change: `remember_loaded`), then stats every note.

And when a core is free (the load over the last minute at least half a core under their
number), a command that opens the index before it could write a note (TELLS: search, list,
related, stats) loads what the scan takes first (the command needs it anyway; none of it is
Whoosh: index/lean.py) and forks a second process that scans the collection as the index
would (its manifest read, every note stat'ed, the notes edited since read) while the command
loads Typer, Whoosh and the rest. It tells the command, on a pipe, what it found: that every
note is as the manifest says (the usual case), or the scan itself; the command then need not
scan again (`told`). Without an answer in time, or with one for another index or an older
manifest, the command scans as it would have.

Neither process changes anything of the user's: they write no file (the scan leaves the
temporary files a killed writer left behind to the command), and they hold none of the
command's descriptors but their own pipe (their standard streams are /dev/null: a pipe to
`head` ends when the command does, not when they do). The command never waits for them: it
reaps those that have ended when it ends, and the system the others. Where there is no fork
(Windows), nothing is read ahead. The tests, which run the command line in their own process,
never fork.
"""

from __future__ import annotations

import os
import stat
import sys
import time

from .folders import cache_base, collection_folder
from .walk import walk

TYPE_CHECKING = False  # (typing itself is not loaded here: see walk.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from .index.scanning import Scan

# The first stats tell whether the inodes were in memory: this many, under this many ns each.
SAMPLE = 64
IN_MEMORY_NS = 5_000

# The commands the read-ahead tells what its scan found (see told):
# those that open the index before they could write a note, so that what it found is still so.
TELLS = frozenset({"search", "list", "related", "stats"})
# How long the command waits for the scan ahead's answer, at most, before it scans itself:
# about as long as its own scan would take (3 µs a note here), and its reading of the notes
# edited since (15 ms: the first note read loads the YAML parser). The scan ahead started
# first, so at the same speed it answers sooner than that; slowed down (a busy machine, a
# cold disk), it costs the command that wait at most.
WAIT_PER_NOTE = 3e-6
WAIT_AT_LEAST = 0.005
WAIT_FOR_READING = 0.015
# The scan ahead reads the notes to read again too, when they are no more than this many
# (an edit or two since the last command), so that the command only writes their documents.
READ_AHEAD = 8

# The read end of the pipe on which the scan ahead answers (see told).
_told: int | None = None
# The processes forked, for `finish` to reap.
_children: list[int] = []
# The descriptors a forked process closes are below this.
_MAX_DESCRIPTORS = 65536

# Arguments after which a command looks at no collection.
_NOTHING_TO_READ = frozenset({"--help", "-h", "--version", "--show-completion"})


def start(argv: list[str]) -> str | None:
    """Read ahead what a command with these arguments (the command's, without the program's
    name) needs, in a process of its own, unless it only prints its help or version; and for
    a command that opens the index first (TELLS), scan its collection in another. The
    command's word, whose loaded files its end should remember (None: nothing to remember).
    Nothing that goes wrong here stops the command: it then does it all itself."""
    try:
        command, folder = named(argv)
        if folder is None or not hasattr(os, "fork"):
            return None
        _forked(lambda: _read_ahead(command, folder))
        if command in TELLS and _spare_core():
            _scan_ahead(folder)
    except Exception:
        return None
    return command


def _forked(work: Callable[[], object], keep: int = -1) -> bool:
    """Run `work` in a process of its own, with /dev/null for its standard streams and no
    other descriptor of this one's but `keep`. Whether it could fork.

    The command does not wait for it: it is reaped at the command's end (`finish`), or, when it
    is still at work then, by the system once the command has left."""
    try:
        pid = os.fork()
    except OSError:
        return False  # no process to spare: the command does what it needs itself
    if pid == 0:
        try:  # (whatever goes wrong in there, even Ctrl-C, changes nothing: no traceback)
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            # (what the command was handed, a pipe someone reads to its end, is not held)
            os.closerange(3, keep if keep > 2 else 3)
            os.closerange(max(keep + 1, 3), _MAX_DESCRIPTORS)
            work()
        finally:
            os._exit(0)
    _children.append(pid)
    return True


def finish(command: str | None) -> None:
    """At the command's end: reap the read-ahead's processes that have ended (the system
    reaps the others), and remember what `command` (a command's name, or None) loaded."""
    import contextlib

    for pid in _children:
        with contextlib.suppress(OSError):  # (reaped already: a SIGCHLD ignored, say)
            os.waitpid(pid, os.WNOHANG)
    _children.clear()
    if command is not None:
        remember_loaded(command)


def _read_ahead(command: str | None, folder: str) -> None:
    """Read in what `command` loads and stat the notes of `folder`, unless the first notes'
    stats say that the collection's inodes, and so likely the rest, are in memory already."""
    _, in_memory = read_ahead(folder, at_most=SAMPLE)
    if not in_memory:
        if command is not None:
            read_loaded(command)
        read_ahead(folder)


def _scan_ahead(folder: str) -> None:
    """Load what scanning the collection at `folder` as the index does, and reading the notes
    edited since, take (the command needs it; none of it is Whoosh: index/lean.py), then scan
    in a process of its own, which tells the command what it found on a pipe (see told)."""
    global _told
    from pathlib import Path

    from .index.documents import read_documents  # noqa: F401 (see what_to_tell)
    from .index.manifest import as_read_ahead
    from .index.store import cache_folder

    root = Path(folder)
    cache = cache_folder(root)
    told, telling = os.pipe()

    def tell() -> None:
        answer = what_to_tell(root, cache, *as_read_ahead(root, cache))
        with open(telling, "wb") as pipe:
            pipe.write(answer)

    if _forked(tell, keep=telling):
        _told = told
    else:
        os.close(told)
    os.close(telling)


def told(
    folder: Path,
    stamp: tuple[int, int] | None,
    notes: int = 0,
    *,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[bool, Scan | None]:
    """What the scan ahead found, asked once, by the first index a command opens, whose cache
    `folder` holds a manifest with this `stamp` (None: no manifest): (True, None) when every
    note file is as that manifest says; (False, the scan) when it scanned against that
    manifest (against none, for no manifest) and found otherwise; (False, None) when it
    scanned for another index or another manifest, or had no answer in time (see
    WAIT_PER_NOTE: `notes` is how many the manifest holds).

    When the answer is not there yet, `meanwhile` is done first, inside the wait: what the
    command does next when the scan found a change (a scan still at work is most often one
    reading the notes edited since)."""
    global _told
    fd, _told = _told, None
    if fd is None:
        return False, None
    chunks = []
    try:
        import select

        wait = max(WAIT_AT_LEAST, notes * WAIT_PER_NOTE) + WAIT_FOR_READING
        if meanwhile is not None and not select.select([fd], [], [], 0)[0]:
            began = time.monotonic()
            meanwhile()
            wait = max(0.0, wait - (time.monotonic() - began))
        if not select.select([fd], [], [], wait)[0]:
            return False, None
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    except OSError:
        return False, None
    finally:
        os.close(fd)
    told_folder, _, rest = b"".join(chunks).partition(b"\n")
    told_stamp, _, scanned = rest.partition(b"\n")
    if told_folder != os.fsencode(folder) or told_stamp[2:] != _against(stamp):
        return False, None
    if told_stamp.startswith(b"= "):
        return True, None
    import pickle

    try:
        return False, pickle.loads(scanned)
    except Exception:  # a scan ahead that died while telling: no answer
        return False, None


def _spare_core() -> bool:
    """Whether a core is likely free for the scan ahead (half of one at least, over the last
    minute): on a machine as busy as its cores, it would only take the command's time."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return busy < cores - 0.5 and cores > 1


def named(argv: list[str]) -> tuple[str | None, str | None]:
    """The command word (a plain word: anything else is not remembered under its name) and
    the collection folder (its last --dir, as Typer takes it, else the default one) of a
    command with these arguments; no folder when it works on none."""
    explicit = None
    command = None
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            break
        if argument in _NOTHING_TO_READ or argument.startswith("--install-completion"):
            return None, None
        if argument == "--dir":
            explicit = next(arguments, None)
        elif argument.startswith("--dir="):
            explicit = argument[len("--dir=") :]
        elif command is None and not argument.startswith("-"):
            command = argument if _plain(argument) else ""
    if not argv:
        return None, None  # `notes` alone prints its help
    return command or None, collection_folder(explicit)


def _plain(word: str) -> bool:
    return 0 < len(word) <= 32 and all(c.isascii() and (c.isalnum() or c == "-") for c in word)


def _loaded_list(command: str) -> str:
    """The file of what `command`'s modules were loaded from, for this Python and its
    packages (one per installation: two sharing a cache would rewrite each other's)."""
    import zlib

    identity = f"{sys.prefix}\0{sys.implementation.cache_tag}".encode("utf-8", "surrogateescape")
    return os.path.join(cache_base(), f"loaded-{command}-{zlib.crc32(identity):08x}.txt")


def remember_loaded(command: str) -> None:
    """Keep, for the next read-ahead of `command`, the files its modules were loaded from, in
    the order loaded: each folder looked in, each source (its stat is checked) and each
    compiled file or extension read. Written only when they changed; losing it only loses
    the next read-ahead."""
    import types

    files: list[str] = []
    folders: set[str] = set()
    for module in list(sys.modules.values()):
        if type(module) is not types.ModuleType:
            continue  # a module loaded when first used, not used yet
        spec = module.__dict__.get("__spec__")
        origin = getattr(spec, "origin", None)
        if not getattr(spec, "has_location", False) or not isinstance(origin, str):
            continue
        folder = os.path.dirname(origin)
        for looked_in in (os.path.dirname(folder), folder):
            if looked_in not in folders:
                folders.add(looked_in)
                files.append(looked_in + os.sep)
        files.append(origin)
        cached = module.__dict__.get("__cached__")
        if isinstance(cached, str):
            files.append(cached)
    text = "\n".join(files)
    path = _loaded_list(command)
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as kept:
            if kept.read() == text:
                return
    except OSError:
        pass
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8", errors="surrogateescape") as written:
            written.write(text)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass  # a read-only cache: the next command is read ahead less, nothing more


def read_loaded(command: str) -> int:
    """Ask the system to read in the files `command`'s modules were loaded from last time,
    in that order (see remember_loaded). How many were looked at."""
    try:
        with open(_loaded_list(command), encoding="utf-8", errors="surrogateescape") as kept:
            files = kept.read().split("\n")
    except OSError:
        return 0
    advise = getattr(os, "posix_fadvise", None)
    for name in files:
        try:
            if name.endswith(os.sep):
                os.listdir(name)
            elif name.endswith(".py"):
                os.stat(name)
            else:
                fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
                try:
                    if not stat.S_ISREG(os.fstat(fd).st_mode):
                        continue  # (a list someone changed: no pipe or device is read)
                    if advise is not None:
                        advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
                    else:
                        os.read(fd, 1 << 20)
                finally:
                    os.close(fd)
        except OSError:
            continue
    return len(files)


def what_to_tell(
    root: Path, cache: Path, stamp: tuple[int, int] | None, current: Scan, changed: list[str] | None
) -> bytes:
    """What the scan ahead tells the command, of the collection at `root` whose index is in
    `cache`, from what manifest.as_read_ahead found: nothing changed (`changed` None), or the
    scan, with the documents of the notes to read again when they are a few (READ_AHEAD) and
    there is a manifest (with none, the command scans again under the lock it builds under)."""
    if stamp is not None and changed is not None and len(changed) <= READ_AHEAD:
        from .index.documents import read_documents

        current.read = {rel: read_documents(root, rel) for rel in changed}
    return _found(cache, stamp, None if changed is None else current)


def _found(cache: Path, stamp: tuple[int, int] | None, changed: Scan | None) -> bytes:
    """What the scan ahead tells the command (see told): the cache folder, then the stamp of
    the manifest it scanned against ("none" for none), after "=" when it found every note as
    that manifest says, else after "+", and then its scan, pickled."""
    import pickle

    head = os.fsencode(cache) + b"\n"
    if changed is None:
        return head + b"= " + _against(stamp) + b"\n"
    return head + b"+ " + _against(stamp) + b"\n" + pickle.dumps(changed, pickle.HIGHEST_PROTOCOL)


def _against(stamp: tuple[int, int] | None) -> bytes:
    """A manifest's stamp as the scan ahead names it (none: no manifest)."""
    return f"{stamp[0]} {stamp[1]}".encode() if stamp is not None else b"none"


def read_ahead(folder: str, at_most: int | None = None) -> tuple[int, bool]:
    """Stat every note file of the collection at `folder` (or the first `at_most`), as the
    index's scan will; stop early when the first stats say the inodes are in memory. How many
    were stat'ed, and whether they took under IN_MEMORY_NS each (a collection with no note
    has nothing to read in)."""
    done = 0
    spent = 0
    for found in walk(folder):
        names = found.notes if at_most is None else found.notes[: at_most - done]
        began = time.perf_counter_ns()
        for name in names:
            try:  # noqa: SIM105 (contextlib is not loaded in this process)
                os.stat(name, dir_fd=found.fd)
            except OSError:
                pass
        done += len(names)
        spent += time.perf_counter_ns() - began
        if (done >= SAMPLE and spent < done * IN_MEMORY_NS) or done == at_most:
            break
    return done, spent < done * IN_MEMORY_NS or done == 0
