"""The index store under trial (issue 12): what a sync removes, what it notices, how long it
waits, what it leaves behind, and its build workers.

Each test reproduces one way the store was broken: the row of the issue is in its name's
docstring. A command that could hang runs in a thread or a process with a deadline, so a
regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from notes_cli.index import documents as index_documents
from notes_cli.index import sync as index_sync
from notes_cli.index.store import cache_folder

NOTE = "---\ntitle: {title}\ndate: 2020-01-01\ntalks:\n  - title: {talk}\n---\n\n## {talk}\n\n{notes}\n"
HOLD_LOCK = """
import fcntl, sys
with open(sys.argv[1], "a+b") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()
"""


def note(title: str = "Store trial", talk: str = "Only talk", notes: str = "Some words.") -> str:
    return NOTE.format(title=title, talk=talk, notes=notes)


def notes_command(*args: str, timeout: float = 60, **options: Any) -> subprocess.CompletedProcess:
    """`notes ARGS` as its own process, killed (and the test failed) if it outlives `timeout`."""
    return subprocess.run(
        [sys.executable, "-m", "notes_cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **options,
    )


def finishes(work: Callable[[], Any], within: float = 30) -> Any:
    """`work()` in a thread: its value, or a failure if it has not returned `within` seconds."""
    done: list[Any] = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(within)
    assert done, f"still waiting after {within} s"
    return done[0]


class Holder:
    """Another process holding the cache's writer lock until closed."""

    def __init__(self, lock: Path) -> None:
        lock.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(lock)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "locked\n"

    def close(self) -> None:
        self.process.communicate("")


# --- 1: only the tool's own temporary files are removed ---------------------------------------


def test_a_users_hidden_file_shaped_like_a_temporary_file_is_kept(run, sample: Path) -> None:
    """Row 1: `.keep.md.999999.x.tmp` was deleted by the next sync (no process 999999)."""
    mine = sample / ".keep.md.999999.x.tmp"
    mine.write_text("mine")
    (sample / "2016" / ".draft.md.4194304.ab.tmp").write_text("also mine")
    assert run("search", "lambda").exit_code == 0
    assert mine.read_text() == "mine"
    assert (sample / "2016" / ".draft.md.4194304.ab.tmp").read_text() == "also mine"


KILLED_MID_WRITE = """
import os, sys
from pathlib import Path
from notes_cli import files
os.replace = lambda *_: os._exit(9)  # killed between writing the temporary file and the rename
files.atomic_write(Path(sys.argv[1]), "half a note")
"""


def test_a_killed_writers_temporary_file_is_removed_by_the_next_command(run, sample: Path) -> None:
    """Row 1, the other half: what the tool itself left behind still goes."""
    note_path = sample / "2016" / "2016-11-28-aws-reinvent-2016.md"
    before = note_path.read_bytes()
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(note_path)])
    assert killed.returncode == 9
    left = [p for p in note_path.parent.iterdir() if p.name.startswith(".")]
    assert len(left) == 1 and left[0].read_text() == "half a note"
    assert run("search", "lambda").exit_code == 0
    assert [p for p in note_path.parent.iterdir() if p.name.startswith(".")] == []
    assert note_path.read_bytes() == before


# --- 6: change detection -------------------------------------------------------------------


def test_an_edit_that_keeps_the_size_and_the_time_is_still_indexed(
    run, root: Path, write_note
) -> None:
    """Row 6: a word changed for one of the same length, the mtime restored: never found."""
    path = write_note("2020/2020-01-01-trial.md", note(notes="The speaker praised kiwis."))
    assert "Store trial" in run("search", "kiwis").stdout
    stat = path.stat()
    path.write_text(path.read_text().replace("kiwis", "mango"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert "Store trial" in run("search", "mango").stdout
    assert "no talks match" in run("search", "kiwis").stderr


def test_a_note_replaced_by_another_file_with_the_same_size_and_times_is_read_again(
    run, root: Path, write_note
) -> None:
    """Row 6: the inode is part of what is compared (a file swapped in by a rename)."""
    path = write_note("2020/2020-01-01-trial.md", note(notes="The speaker praised kiwis."))
    assert "Store trial" in run("search", "kiwis").stdout
    stat = path.stat()
    other = path.with_name("other.txt")
    other.write_text(path.read_text().replace("kiwis", "mango"))
    os.replace(other, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "Store trial" in run("search", "mango").stdout


# --- 10, 19, 22: only regular files, a size cap, loops and unreadable folders named ----------


@pytest.mark.parametrize(
    "command", [["search", "x"], ["check"], ["list"], ["export", "--all", "--format", "json"]]
)
def test_a_named_pipe_among_the_notes_hangs_nothing(sample: Path, command: list[str]) -> None:
    """Row 10: `mkfifo p.md` made search, check, list and import wait forever."""
    os.mkfifo(sample / "p.md")
    result = notes_command(*command, timeout=60)
    assert "p.md" in result.stdout + result.stderr
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_importing_a_named_pipe_hangs_nothing(root: Path, tmp_path: Path) -> None:
    """Row 10: `notes import` of a pipe waited for a writer forever."""
    os.mkfifo(tmp_path / "post.md")
    result = notes_command("import", str(tmp_path / "post.md"), timeout=60)
    assert result.returncode == 1
    assert f"not imported: {tmp_path / 'post.md'}: is not a regular file" in result.stderr


def test_a_huge_sparse_note_is_named_not_read(root: Path) -> None:
    """Row 19: a 4 GB sparse `x.md` under `ulimit -v 3000000` gave "unexpected MemoryError"."""
    import resource

    with open(root / "x.md", "wb") as huge:
        huge.truncate(4 * 1024**3)
    (root / "fine.md").write_text(note(title="Still fine"))

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3_000_000 * 1024, 3_000_000 * 1024))

    result = notes_command("check", preexec_fn=limited)
    assert result.returncode == 1, result.stderr
    assert f"{root / 'x.md'}: is 4.0 GB" in result.stdout
    assert "MemoryError" not in result.stderr
    listed = notes_command("list", preexec_fn=limited)
    assert listed.returncode == 0 and "Still fine" in listed.stdout
    assert f"skipped {root / 'x.md'}: is 4.0 GB" in listed.stderr


def test_a_symlink_loop_is_named_by_check_and_by_search(run, sample: Path) -> None:
    """Row 22: `a.md -> b.md -> a.md` was never named."""
    (sample / "a.md").symlink_to("b.md")
    (sample / "b.md").symlink_to("a.md")
    checked = run("check")
    assert checked.exit_code == 1
    assert f"{sample / 'a.md'}: is a symbolic link that loops" in checked.stdout
    assert f"{sample / 'b.md'}: is a symbolic link that loops" in checked.stdout
    searched = run("search", "lambda")
    assert searched.exit_code == 0
    assert f"skipped {sample / 'a.md'}: is a symbolic link that loops" in searched.stderr


def test_an_unreadable_folder_is_named_and_the_rest_are_read(
    run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 22: a mode-000 folder (of another user) was left out without a word."""
    hidden = sample / "2017"
    hidden.mkdir()
    (hidden / "2017-01-01-away.md").write_text(note(title="Behind a closed door"))
    real_open = os.open

    def opened(path: Any, flags: int, *args: Any, **options: Any) -> int:
        if os.fspath(path) == str(hidden):  # what a mode-000 folder answers (root reads it)
            raise PermissionError(13, "Permission denied", str(hidden))
        return real_open(path, flags, *args, **options)

    monkeypatch.setattr(os, "open", opened)
    checked = run("check")
    assert checked.exit_code == 1
    assert (
        f"{hidden}: the folder cannot be read (Permission denied): its notes are left out"
        in checked.stdout
    )
    searched = run("search", "lambda")
    assert searched.exit_code == 0 and "Lambda, Good for the little things" in searched.stdout
    assert f"skipped {hidden}: the folder cannot be read" in searched.stderr


@pytest.mark.parametrize("command", [["search", "lambda"], ["list"], ["check"]])
def test_a_dir_that_is_a_file_or_missing_is_an_error(
    run, tmp_path: Path, command: list[str]
) -> None:
    """Row 22: `--dir` a file or a missing path said "no talks match", exit 0."""
    (tmp_path / "a-file").write_text("not a folder")
    as_file = run(*command, "--dir", str(tmp_path / "a-file"))
    assert as_file.exit_code == 1
    assert as_file.stderr == f"error: {tmp_path / 'a-file'} is a file, not a folder of notes\n"
    missing = run(*command, "--dir", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1
    assert missing.stderr.startswith(f"error: {tmp_path / 'nowhere'}: no such folder")


# --- 11: no unbounded waits --------------------------------------------------------------------


def test_a_lock_held_with_no_index_yet_answers_from_the_files_after_a_short_wait(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 11a: a flock on the cache's `lock` with no manifest made every search wait forever."""
    from notes_cli.notebook import Notebook

    monkeypatch.setattr(index_sync, "FIRST_BUILD_WAIT", 0.2)
    holder = Holder(cache_folder(sample) / "lock")
    try:
        book = Notebook(sample)
        found = finishes(lambda: book.search("lambda"))
    finally:
        holder.close()
    assert "Lambda, Good for the little things" in [hit.title for hit in found.hits]
    assert any("searching without it" in notice for notice in book.report.notices)


def test_a_damaged_index_whose_lock_is_held_answers_from_the_files(
    run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 11b: a truncated segment while another process held the lock: exit 1 "try again"."""
    assert run("search", "lambda").exit_code == 0
    for segment in cache_folder(sample).glob("index-*/*.seg"):
        segment.write_bytes(segment.read_bytes()[:100])
    monkeypatch.setattr(index_sync, "LOCK_TIMEOUT", 0.1)
    holder = Holder(cache_folder(sample) / "lock")
    try:
        result = finishes(lambda: run("search", "lambda"))
    finally:
        holder.close()
    assert result.exit_code == 0, result
    assert "Lambda, Good for the little things" in result.stdout
    assert "searching without it" in result.stderr
    healed = run("search", "lambda")
    assert healed.exit_code == 0 and "Lambda, Good for the little things" in healed.stdout


# --- 12: names that are not UTF-8 --------------------------------------------------------------


def test_a_note_named_in_latin_1_is_listed_searched_and_shown_escaped(
    run, sample: Path, tmp_path: Path
) -> None:
    """Row 12: `caf\\xe9.md` made every search and list exit 1 (UnicodeEncodeError) and left an
    `index-*` folder behind each time."""
    name = os.fsdecode(b"2020-01-01-caf\xe9.md")
    (sample / name).write_text(note(title="Coffee evening", talk="Roasting at scale"))
    for _ in range(2):
        searched = run("search", "roasting")
        assert searched.exit_code == 0, searched
        assert "Roasting at scale" in searched.stdout
    listed = run("list")
    assert listed.exit_code == 0, listed
    assert "Coffee evening" in listed.stdout
    as_json = run("list", "--json")
    assert as_json.exit_code == 0, as_json
    ids = [event["id"] for event in json.loads(as_json.stdout)["events"]]
    assert name.removesuffix(".md") in ids  # the JSON escape \udce9 reads back as the name
    talks = run("list", "--talks")
    assert talks.exit_code == 0 and "Roasting at scale" in talks.stdout
    shown = run("search", "roasting", "--json")
    assert json.loads(shown.stdout)["hits"][0]["path"] == str(sample / name)
    assert run("check").exit_code == 0
    assert len(list(cache_folder(sample).glob("index-*"))) == 1


def test_a_failed_build_leaves_no_generation_behind(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 12: a build that fails half-way removes what it wrote."""

    def broken(*_: Any) -> Any:
        raise RuntimeError("a bug in the middle of a build")

    documents = index_documents.documents
    monkeypatch.setattr(index_documents, "documents", broken)
    with pytest.raises(RuntimeError):
        index_sync.open_index(sample)
    assert list(cache_folder(sample).glob("index-*")) == []
    monkeypatch.setattr(index_documents, "documents", documents)
    index_sync.open_index(sample)
    assert len(list(cache_folder(sample).glob("index-*"))) == 1


# --- 13, 23: the manifest -------------------------------------------------------------------


def _paths(manifest: dict[str, Any]) -> list[str]:
    """The paths of a manifest as written: a folder at a time, its notes' names joined by /."""
    return [prefix + name for prefix, names in manifest["paths"] for name in names.split("/")]


def _damaged(manifest: dict[str, Any], damage: str) -> None:
    stats = base64.b64decode(manifest["stats"])
    if damage == "an entry":  # the first file's stat wrong, and a file that is not there
        stats = bytes(32) + stats[32:] + bytes(32)
        manifest["paths"].append(["", "gone.md"])
        manifest["stats"] = base64.b64encode(stats).decode()
    elif damage == "stats not base64":
        manifest["stats"] = "@@" + manifest["stats"]
    elif damage == "stats cut short":
        manifest["stats"] = base64.b64encode(stats[:-8]).decode()
    elif damage == "paths not runs":
        manifest["paths"] = 5
    elif damage == "a run of no names":
        manifest["paths"][0][1] = ""
    elif damage == "a run of no folder":
        manifest["paths"][0][0] = "2016"
    elif damage == "a problem of no file":
        manifest["problems"] = {"gone.md": [1, 2]}


@pytest.mark.parametrize(
    "damage",
    [
        "an entry",
        "stats not base64",
        "stats cut short",
        "paths not runs",
        "a run of no names",
        "a run of no folder",
        "a problem of no file",
    ],
)
def test_a_damaged_manifest_entry_heals_by_itself(run, sample: Path, damage: str) -> None:
    """Row 13: one `files` entry set to `[1]` or `5`: IndexError/TypeError until --rebuild.
    The files are packed now; what is damaged of them is read again, without a rebuild."""
    assert run("search", "lambda").exit_code == 0
    manifest_path = cache_folder(sample) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    _damaged(manifest, damage)
    manifest_path.write_text(json.dumps(manifest))
    for _ in range(2):
        result = run("search", "lambda")
        assert result.exit_code == 0, result
        assert result.stdout.count("Lambda, Good for the little things") == 1
        assert "rebuilding" not in result.stderr
    healed = json.loads(manifest_path.read_text())
    assert "gone.md" not in _paths(healed) and healed["problems"] == {}


def test_a_manifest_of_the_format_before_is_read_without_reading_a_note_again(
    run, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest of the version before this one (its paths joined by NUL, format 3) is
    taken as it is: an upgrade costs no rebuild and no note read again; the next write is
    in the format of now."""
    first = run("search", "lambda")
    manifest_path = cache_folder(sample) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    earlier = {**manifest, "format": 3, "paths": "\x00".join(_paths(manifest)), "folders": {}}
    manifest_path.write_text(json.dumps(earlier))

    read = index_documents.read_note
    reading: list[Path] = []

    def read_note(path: Path) -> Any:
        reading.append(path)
        return read(path)

    monkeypatch.setattr(index_documents, "read_note", read_note)
    again = run("search", "lambda")
    assert again.exit_code == 0, again
    assert again.stdout == first.stdout and "rebuilding" not in again.stderr
    assert reading == []
    (sample / "2016" / "2016-12-30-late.md").write_text(note("Late", talk="Lambda at year end"))
    assert "Lambda at year end" in run("search", "lambda").stdout
    written = json.loads(manifest_path.read_text())
    assert written["format"] == 4
    assert sorted(_paths(written)) == sorted([*_paths(manifest), "2016/2016-12-30-late.md"])


def test_a_cache_that_cannot_be_written_is_not_called_damaged(
    run, sample: Path, write_note, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 23: a read-only cache after a change said "damaged; rebuilding" though it was not."""
    from whoosh.filedb.filestore import FileStorage

    assert run("search", "lambda").exit_code == 0
    write_note("2019/2019-05-20-new.md", note(title="A change", talk="Fresh talk"))

    create_file = FileStorage.create_file
    cache = str(cache_folder(sample))

    def read_only(storage: FileStorage, *args: Any, **options: Any) -> Any:
        if str(storage.folder).startswith(cache):
            raise PermissionError(13, "Permission denied")
        return create_file(storage, *args, **options)

    monkeypatch.setattr(FileStorage, "create_file", read_only)
    result = run("search", "fresh")
    assert result.exit_code == 0, result
    assert "Fresh talk" in result.stdout
    assert "damaged" not in result.stderr
    assert "cannot write the search index" in result.stderr and "Permission denied" in result.stderr


def test_a_manifest_replaced_by_a_folder_is_rebuilt_once(run, sample: Path) -> None:
    """Row 23: `manifest.json` a folder: "damaged; rebuilding" on every command, never rebuilt."""
    assert run("search", "lambda").exit_code == 0
    manifest_path = cache_folder(sample) / "manifest.json"
    manifest_path.unlink()
    manifest_path.mkdir()
    first = run("search", "lambda")
    assert first.exit_code == 0 and "Lambda, Good for the little things" in first.stdout
    assert "rebuilding" in first.stderr and "without it" not in first.stderr
    again = run("search", "lambda")
    assert again.stderr == "3 talks match 'lambda'\n"
    assert manifest_path.is_file()


# --- 24: litter -----------------------------------------------------------------------------


def test_old_generations_and_stray_temporary_files_are_cleared(run, sample: Path) -> None:
    """Row 24: old `index-*` generations and a `manifest.json.<pid>.tmp` were never removed."""
    assert run("search", "lambda").exit_code == 0
    folder = cache_folder(sample)
    current = json.loads((folder / "manifest.json").read_text())["generation"]
    old = folder / "index-18a2b3c4d5e6f708-999999"
    old.mkdir()
    (old / "_MAIN_1.toc").write_text("a build killed long ago")
    (folder / "manifest.json.4242.tmp").write_text("{")
    (folder / ".manifest.json.4242.abc.tmp").write_text("{")
    result = run("search", "lambda")  # nothing changed in the notes: the litter goes anyway
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([current, "lock", "manifest.json"])


# --- 14: build workers die with their parent --------------------------------------------------


BUILD = """
import sys
from pathlib import Path
from notes_cli.index.sync import open_index
open_index(Path(sys.argv[1]), rebuild=True)
"""


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as listed:
            found |= {int(child) for child in listed.read().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_build_workers_die_with_their_parent(root: Path) -> None:
    """Row 14: `index --rebuild` killed with SIGKILL left its two workers alive for minutes."""
    for number in range(index_sync.PARALLEL_FROM + 50):
        (root / f"2020-01-01-event-{number}.md").write_text(
            note(title=f"Event {number}", notes="Words about containers and queues. " * 200)
        )
    builder = subprocess.Popen([sys.executable, "-c", BUILD, str(root)])
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while not workers and time.monotonic() < deadline and builder.poll() is None:
            time.sleep(0.05)
            workers = _children(builder.pid)
        assert workers, "the build started no workers"
    finally:
        os.kill(builder.pid, signal.SIGKILL)
        builder.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def test_what_whoosh_loads_without_still_works_when_called() -> None:
    """The stand-ins whoosh loads with (lazy.whoosh_lean) leave nothing of it broken: each
    function they serve loads the real module when called, and gives what it gives."""
    printed = _printed(
        [
            "import sys",
            "import notes_cli.index.lean",
            "from whoosh import compat",
            "from whoosh.query import terms",
            "from whoosh.filedb import filetables",
            "skipped = ['html', 'whoosh.lang.morph_en', 'asyncio', 'urllib.request', 'hashlib',",
            "           'tempfile', 'random', 'calendar', 'bz2', 'lzma']",
            "print([name for name in skipped if name in sys.modules])",
            "print(compat.htmlescape('<b>', quote=False))",
            "print('containers' in terms.variations('container'))",
            "print(callable(compat.urlretrieve), 'html' in sys.modules)",
            "from whoosh import util",  # a new segment's name
            "from whoosh.util import times",
            "from whoosh.filedb import filestore",
            "print(len(util.random_name(8)), times.adatetime(2024, 2).ceil().day)",
            "import tempfile",
            "print(filestore.tempfile.gettempdir() == tempfile.gettempdir())",
            "import hashlib",  # a term's hash, by which an index built anywhere is read
            "real = int(hashlib.md5(b'lambda').hexdigest(), 16) & 0xFFFFFFFF",
            "print(filetables.md5_hash(b'lambda') == real)",
            "from notes_cli.lazy import digest",
            "print(digest('sha256')(b'x').hexdigest() == hashlib.sha256(b'x').hexdigest())",
        ]
    )
    assert printed == ["[]", "&lt;b&gt;", "True", "True True", "8 29", "True", "True", "True"]


# The modules readahead.py's process imports to scan the collection (index/lean.py).
_SCANS_WITH = ("scanning", "manifest", "store", "documents", "layout")


def test_the_scan_loads_no_whoosh(tmp_path: Path) -> None:
    """What the scan ahead imports loads no Whoosh at all (so it can be forked before the
    command loads it), and what it tells a command comes out the same: the scan, with the
    documents of a note edited since."""
    root = tmp_path / "notes"
    (root / "2020").mkdir(parents=True)
    note = root / "2020" / "2020-01-01-a.md"
    note.write_text("---\ntitle: A\ndate: 2020-01-01\ntalks:\n  - title: Lambda\n---\n")
    index_sync.open_index(root)
    note.write_text(note.read_text() + "\nEdited.\n")
    printed = _printed(
        [
            "import sys",
            "from pathlib import Path",
            *(f"import notes_cli.index.{name}" for name in _SCANS_WITH),
            "from notes_cli import readahead",
            "from notes_cli.index.manifest import as_read_ahead",
            "from notes_cli.index.store import cache_folder",
            f"root = Path({str(root)!r})",
            "cache = cache_folder(root)",
            "told = readahead.what_to_tell(root, cache, *as_read_ahead(root, cache))",
            "print(sorted(name for name in sys.modules if name.split('.')[0] == 'whoosh'))",
            "print(b'2020/2020-01-01-a.md' in told, len(told) > 100)",
        ]
    )
    assert printed == ["[]", "True True"]


def test_every_module_of_the_index_that_loads_whoosh_loads_it_lean() -> None:
    """Each module of the index package that imports whoosh imports lean.py before it does
    (whichever a command imports first, Whoosh comes without what notes never uses); those
    the scan ahead imports import neither."""
    import ast

    import notes_cli.index

    folder = Path(notes_cli.index.__file__).parent
    checked = 0
    for path in sorted(folder.glob("*.py")):
        imports = []  # what each import at the module's top level loads, in order
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                imports += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imports += [f"{node.module}.{alias.name}" for alias in node.names]
        whoosh = [n for n, name in enumerate(imports) if name.split(".")[0] == "whoosh"]
        if path.stem in _SCANS_WITH:
            assert not whoosh and "notes_cli.index.lean" not in imports, path.name
        elif whoosh:
            assert "notes_cli.index.lean" in imports[: whoosh[0]], path.name
            checked += 1
    assert checked >= 8  # (analysis, pool, queries, ranking, storage, weighting, ...)


def test_whoosh_patterns_compiled_when_used_still_stem_and_fold() -> None:
    """The Porter stemmer's patterns, compiled on first use (lazy.whoosh_lean), stem as the
    stemmer does; the character-table parser's, which notes never uses, are compiled only
    when asked for, and still parse; and `re` is left as it was."""
    printed = _printed(
        [
            "import re",
            "real = re.compile",
            "import notes_cli.index.lean",
            "from whoosh.lang import porter",
            "from whoosh.support import charset",
            "print(type(charset._char_map).__name__, type(porter._step2).__name__)",
            "print('match' in vars(porter._step2), 'match' in vars(charset._char_map))",
            f"print(' '.join(porter.stem(word) for word in {_WORDS!r}))",
            "print('match' in vars(porter._step2), 'match' in vars(charset._char_map))",
            "print(charset.charset_table_to_dict('U+0041->U+0061')[0x41] == 'a')",
            "print(re.compile is real)",
        ]
    )
    plain = _printed(  # the stemmer loaded as it is, without notes
        ["from whoosh.lang import porter", f"print(' '.join(map(porter.stem, {_WORDS!r})))"]
    )
    assert printed == [
        "DeferredPattern DeferredPattern",
        "False False",  # none compiled as whoosh loaded
        plain[0],
        "True False",  # the stemmer's, once it stemmed; the parser's, never asked for
        "True",
        "True",
    ]
    assert plain[0].split()[:3] == ["runn", "relat", "gener"]


# Words whose stemming goes through most of the Porter stemmer's steps.
_WORDS = ["running", "relational", "generalization", "ponies", "caresses", "hopeful", "lambda"]


def test_typer_loaded_without_subprocess_still_has_it() -> None:
    """lazy.imported_without, as the command imports Typer: subprocess is not loaded with it,
    what typer.main asks of it is the real module's, and it is the real one for whatever
    imports it later."""
    printed = _printed(
        [
            "import sys",
            "from notes_cli.lazy import imported_without",
            "imported_without('typer.main', 'subprocess')",
            "import typer, typer.main",
            "print('subprocess' in sys.modules)",
            "print(typer.main.subprocess.DEVNULL == -3, 'subprocess' in sys.modules)",
            "import subprocess",
            "print(subprocess.Popen.__module__, typer.main.subprocess.Popen is subprocess.Popen)",
        ]
    )
    assert printed == ["False", "True True", "subprocess True"]


def test_the_command_starts_without_subprocess(tmp_path: Path) -> None:
    """The `notes` command itself (notes_cli.__main__) loads Typer without subprocess: a
    search and the help leave without having loaded it. A search does not load Typer's shell
    completion either; the help, which offers to install it, does, and still shows it. Neither
    loads the modules that read and write whole notes (collection.py), list events or name
    talks."""
    env = {**os.environ, "NOTES_DIR": str(tmp_path / "notes"), "NOTES_CACHE_DIR": str(tmp_path)}
    (tmp_path / "notes").mkdir()
    loaded = "[name in sys.modules for name in ('subprocess', 'typer.completion')]"
    # (a module lazy.lazy_import gives is in sys.modules, as a lazy module, until it is used)
    lazy = ("notes_cli.collection", "notes_cli.listing", "notes_cli.talkref")
    read = f"[type(sys.modules.get(name)).__name__ == 'module' for name in {lazy!r}]"
    none = "[False, False, False]"
    helped = (["--help"], f"[False, True] {none}")
    searched = (["search", "lambda"], f"[False, False] {none}")
    for args, expected in (helped, searched):
        script = [
            "import atexit, sys",
            f"sys.argv = ['notes', *{args!r}]",
            f"atexit.register(lambda: print({loaded}, {read}, file=sys.stderr))",
            "from notes_cli.__main__ import run",
            "run()",
        ]
        done = _ran(script, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stderr.splitlines()[-1] == expected, args
        assert ("--install-completion" in done.stdout) == (args == ["--help"])


def test_whoosh_loads_on_a_python_without_its_own_sha512_or_md5() -> None:
    """lazy.whoosh_lean's hashlib stand-in: `random`, which whoosh imports, asks hashlib for
    sha512 when Python has none of its own, and gets the real one; without Python's own md5,
    no stand-in at all."""
    for missing in ("_sha512", "_sha2", "_md5"):
        printed = _printed(
            [
                "import sys",
                f"sys.modules[{missing!r}] = None",
                "import notes_cli.index.lean, random",
                "from whoosh.filedb import filetables",
                "print(random.Random(1).random() == random.Random(1).random())",
                "print(filetables.md5_hash(b'lambda'))",
            ]
        )
        real = int(hashlib.md5(b"lambda").hexdigest(), 16) & 0xFFFFFFFF
        assert printed == ["True", str(real)]


def test_shutil_loaded_without_its_archive_modules_still_makes_those_archives(
    tmp_path: Path,
) -> None:
    """lazy.shutil_lean: bz2 and lzma are not loaded with shutil, and it still makes (and
    unpacks) a .tar.bz2 and a .tar.xz, loading them then."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("kept")
    printed = _printed(
        [
            "import sys",
            "from notes_cli.lazy import shutil_lean",
            "shutil_lean()",
            "import shutil",
            "print('bz2' in sys.modules, 'lzma' in sys.modules)",
            f"base = {str(tmp_path)!r}",
            "for kind in ('bztar', 'xztar'):",
            "    made = shutil.make_archive(f'{base}/{kind}', kind, f'{base}/in')",
            "    shutil.unpack_archive(made, f'{base}/out-{kind}')",
            "    print(open(f'{base}/out-{kind}/a.md').read())",
        ]
    )
    assert printed == ["False False", "kept", "kept"]
    printed = _printed(  # a Python built without bz2: shutil is told so, as it would find
        [
            "import sys",
            "sys.modules['_bz2'] = None",
            "from notes_cli.lazy import shutil_lean",
            "shutil_lean()",
            "import shutil",
            "print(sorted(name for name, _ in shutil.get_archive_formats()))",
        ]
    )
    assert printed == ["['gztar', 'tar', 'xztar', 'zip']"]


def _printed(script: list[str]) -> list[str]:
    """The lines a fresh Python process prints running the lines of `script`."""
    done = _ran(script)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _ran(script: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh Python process that ran the lines of `script` (in `env`, else this one's)."""
    return subprocess.run(
        [sys.executable, "-c", "\n".join(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_yaml_read_with_its_patterns_compiled_when_used_reads_as_yaml_does() -> None:
    """PyYAML's patterns, compiled on first use (lazy.patterns_deferred), still tell a
    boolean, a number, a date and nothing from text, and its pure-Python reader still refuses
    a control character; the one notes never needs is never compiled, and `re` is left as
    it was."""
    printed = _printed(
        [
            "import re, sys",
            "real = re.compile",
            "from pathlib import Path",
            "from notes_cli.yamlfront import compose, yaml",
            "front = 'a: yes\\nb: 12\\nc: 1.5\\nd: 2016-05-01\\ne: ~\\nf: no way\\n'",
            "print(compose(front, Path('n.md'), 0)[1])",
            "print(re.compile is real, type(yaml.reader.Reader.NON_PRINTABLE).__name__)",
            "try:",
            "    yaml.load('a: \\x07', Loader=yaml.SafeLoader)",
            "except yaml.YAMLError as exc:",
            "    print(type(exc).__name__)",
        ]
    )
    assert printed == [
        "{'a': True, 'b': 12, 'c': 1.5, 'd': datetime.date(2016, 5, 1), 'e': None, 'f': 'no way'}",
        "True DeferredPattern",
        "ReaderError",
    ]


# --- an edit among thousands: only the edited notes read, every other entry kept as it was -----


def test_edits_spread_over_many_notes_are_each_read_again_and_the_rest_kept(
    run, root: Path, write_note, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update to notes already indexed keeps the manifest packed (issue 15): every edited
    note is read again, wherever it is in the scan, and what the others said is kept, a broken
    note's problem with it."""
    monkeypatch.setattr(index_sync, "PARALLEL_FROM", 10_000)  # one writer, in this process
    paths = [
        write_note(f"{2000 + n % 7}/note-{n:03d}.md", note(f"Trial {n}", notes="Praised kiwis."))
        for n in range(300)
    ]
    stays_broken = write_note("2009/broken.md", "---\ntitle: [broken\n---\n")

    def count(word: str) -> int:
        result = run("search", word, "--count")
        assert result.exit_code == 0, result
        return int(result.stdout.split()[0])

    assert count("kiwis") == 300
    edited = paths[::37]
    for path in edited:  # in the scan's order or not, across its slices
        path.write_text(path.read_text().replace("kiwis", "mangos"))
    broken_now = paths[5]
    broken_now.write_text("---\ntitle: [broken too\n---\n")
    result = run("search", "mangos", "--count")
    assert int(result.stdout.split()[0]) == len(edited)
    assert f"skipped {broken_now}:2" in result.stderr
    assert f"skipped {stays_broken}:2" in result.stderr
    assert count("kiwis") == 300 - len(edited) - 1

    broken_now.write_text(note("Trial 5", notes="Praised kiwis again."))
    result = run("search", "kiwis", "--count")
    assert int(result.stdout.split()[0]) == 300 - len(edited)
    assert str(broken_now) not in result.stderr
    assert f"skipped {stays_broken}:2" in result.stderr

    manifest = cache_folder(root) / "manifest.json"
    kept = json.loads(manifest.read_text())
    assert run("index", "--rebuild").exit_code == 0
    rebuilt = json.loads(manifest.read_text())
    for part in ("paths", "stats", "problems"):  # what the updates kept is what a build finds
        assert kept[part] == rebuilt[part], part
    assert count("mangos") == len(edited)
