"""Time `notes` as a user runs it: separate processes, medians of several runs, peak memory,
and each scenario beside `rg -il lambda` over the same files, timed in the same loop.

    python bench/run.py [--events 1000 10000] [--runs 11] [--work DIR] [--only WORD] [--skip WORD]
                        [--beside OTHER/bin/notes]

Generated collections (bench/generate.py, fixed seed) and their index caches are kept in
--work (default: a `notes-bench` folder in the system's temporary folder) and reused, so a
second run does not wait for generation. Every scenario runs the installed `notes` command
beside this Python, run after run in turn with the reference (`rg -il`, or `grep -ril` when
ripgrep is missing): a machine busy with other work slows both alike, so the ratio (`× rg`)
is the number to compare between machines. A scenario measured against another one (`over`:
an edit, then the search; the search with and without its sync) is run in turn with it too,
and shows the median and the largest difference of its runs, in wall-clock and in CPU time
(which a busy machine changes far less). The page-cache-cold row drops the kernel's caches
before every run of `notes` and of the reference (root only, Linux; the table says when the
machine did not allow it). `--only` keeps the scenarios whose name holds WORD, `--skip` leaves
them out. `--beside` names another installed `notes` (an earlier version in its own
virtualenv): every scenario runs with it too, in the same loop, over the same files and with its
own index cache, and a last column gives the ratio of the two medians (of the differences, for a
scenario measured over another), which a slower or busier machine leaves as it is. The table
goes to stdout, Markdown-ready; `uptime`'s load is printed below it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTES = str(Path(sys.executable).parent / "notes")


@dataclass
class Scenario:
    name: str
    argv: list[str]
    target: str = ""
    before: Callable[[], None] | None = None  # runs before each timed run, untimed
    runs: int | None = None
    env: dict[str, str] | None = None
    warm: bool = True  # one untimed run first (not for scenarios that rebuild every time)
    # Another scenario run in turn with this one: the row shows this one's difference from it.
    over: Scenario | None = None
    cold: bool = False  # the page cache dropped before every run (and the reference's)


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: int = 0  # MiB, the largest process of the runs (a build's workers are their own)

    def add(self, seconds: float, cpu: float, peak: int) -> None:
        self.seconds.append(seconds)
        self.cpu.append(cpu)
        self.peak = max(self.peak, peak)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def bench_arguments(
    doc: str, work: str, runs: int, more: Callable[[argparse.ArgumentParser], None]
) -> argparse.Namespace:
    """The options of a bench script (--runs, --work: a folder named `work` in the system's
    temporary folder, made) and its own (`more`), after checking that notes is installed."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    more(parser)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / work)
    args = parser.parse_args()
    if not Path(NOTES).exists():
        raise SystemExit(f"no notes command beside {sys.executable}: pip install . first")
    args.work.mkdir(parents=True, exist_ok=True)
    return args


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, float]:
    """(seconds, peak resident MiB, exit code, CPU seconds) of one process, its children
    included, stdout discarded. The seconds are until the process exits; the CPU seconds and
    the peak include what it left running (notes's read-ahead, which outlives no command by
    much), where this process can adopt it (see adopt_orphans)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if process.stderr:
        process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    while True:  # the orphans adopted: what the process forked and left behind
        try:
            _, _, left = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu, peak = cpu + left.ru_utime + left.ru_stime, max(peak, left.ru_maxrss)
    return elapsed, peak // 1024, process.returncode, cpu


def adopt_orphans() -> None:
    """Become the parent of what the measured processes leave running (Linux's child
    subreaper), so that its CPU time counts: notes's read-ahead is forked from a child that
    leaves at once, so that no command has a child to wait for."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


class Failed(SystemExit):
    """A run that exited with neither 0 nor 1 (a usage error, a crash)."""


def _run(scenario: Scenario, env: dict[str, str], into: Timing) -> None:
    if scenario.before:
        scenario.before()
    if scenario.cold:
        drop_caches()
    seconds, peak, code, cpu = timed(scenario.argv, {**env, **(scenario.env or {})})
    if code not in (0, 1):
        raise Failed(f"{shlex.join(scenario.argv)} exited with {code}")
    into.add(seconds, cpu, peak)


def measure(scenario: Scenario, env: dict[str, str], runs: int) -> tuple[float, float, float, int]:
    """Median, min and max seconds over the runs (after an untimed warm-up), and peak MiB."""
    timing, _, _ = measure_paired(scenario, None, env, runs)
    return timing.median, min(timing.seconds), max(timing.seconds), timing.peak


def measure_paired(
    scenario: Scenario, reference: Scenario | None, env: dict[str, str], runs: int
) -> tuple[Timing, Timing | None, Timing | None]:
    """The scenario's runs, each followed by a run of what it is measured over (if any) and
    of the reference (if given): (its timing, the reference's, the one it is over's)."""
    (mine, over), theirs, _ = measure_beside(scenario, reference, env, runs, None)
    return mine, theirs, over


Pair = tuple[Timing, Timing | None]  # a scenario's timing, and that of the one it is over


def measure_beside(
    scenario: Scenario,
    reference: Scenario | None,
    env: dict[str, str],
    runs: int,
    beside: tuple[Scenario, dict[str, str]] | None,
) -> tuple[Pair, Timing | None, Pair | None]:
    """As measure_paired, and when `beside` (the same scenario for another `notes`, and its
    environment) is given, each run is followed by its run too: (this scenario's timings, the
    reference's, the other's: None when that version cannot run it, a command it lacks)."""
    sides = [(scenario, env), *([beside] if beside else [])]
    if scenario.warm:
        for side, side_env in sides:
            for warming in (side.over, side):
                if warming is not None:
                    if warming.before:
                        warming.before()
                    timed(warming.argv, {**side_env, **(warming.env or {})})  # page cache, .pyc
    pairs = [(Timing(), Timing() if side.over else None) for side, _ in sides]
    theirs = Timing() if reference else None
    for run in range(scenario.runs or runs):
        for n, ((side, side_env), (timing, over)) in enumerate(zip(sides, pairs, strict=True)):
            try:
                _run(side, side_env, timing)
                if side.over and over is not None:
                    _run(side.over, side_env, over)
            except Failed:
                if n == 0 or run > 0:
                    raise  # this version failed, or the other one after it ran: a real failure
                del sides[1:], pairs[1:]  # the other version lacks it: this one runs alone
        if reference and theirs is not None:
            _run(Scenario(reference.name, reference.argv, cold=scenario.cold), env, theirs)
    return pairs[0], theirs, pairs[1] if len(pairs) > 1 else None


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")


def can_drop_caches() -> bool:
    try:
        drop_caches()
    except OSError:
        return False
    return True


def first_speaker(folder: Path) -> str:
    """A real speaker of the generated collection, for the selective query."""
    import yaml

    note = min(folder.rglob("*.md"))
    front = yaml.safe_load(note.read_text(encoding="utf-8").split("---\n")[1])
    return str(front["talks"][0]["speakers"][0]["name"])


def reference_of(folder: Path) -> Scenario:
    rg = shutil.which("rg")
    argv = [rg, "-il", "lambda", str(folder)] if rg else ["grep", "-ril", "lambda", str(folder)]
    return Scenario(f"reference: {Path(argv[0]).name} {' '.join(argv[1:3])}", argv)


def scenarios(folder: Path, cache: Path, events: int, command: str = NOTES) -> list[Scenario]:
    """Each scenario a separate entry, its target beside it (the 10,000-event targets are the
    ones of issue 15; a blank target is measured, not promised); `command` is the `notes` run."""
    notes = [command, "--dir", str(folder)]
    edited = min(folder.rglob("*.md"))
    speaker = first_speaker(folder).lower()
    big = events >= 10_000

    def edit_one_file() -> None:
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("\nOne more line.\n")

    def drop_index() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def piped(*args: str, into: str) -> list[str]:
        return ["sh", "-c", f"{shlex.join([*notes, *args])} | {into}"]

    broad = Scenario("search lambda (broad)", [*notes, "search", "lambda"])
    broad.target = "≤ 0.20 s, ≤ 3.5× rg" if big else "≤ 0.13 s"
    unsynced = Scenario(
        "search lambda, index not synced", broad.argv, env={"NOTES_BENCH_NO_SYNC": "1"}
    )
    return [
        Scenario("notes --help", [command, "--help"], "≤ 0.12 s"),
        broad,
        Scenario(
            f'search speaker:"{speaker}" (selective)',
            [*notes, "search", f'speaker:"{speaker}"'],
            "≤ 0.13 s" if big else "",
        ),
        Scenario(
            'search "cold starts" (phrase)',
            [*notes, "search", '"cold starts"'],
            "≤ 0.30 s" if big else "",
        ),
        Scenario("search lamdba (no match: did you mean)", [*notes, "search", "lamdba"]),
        Scenario(
            "list piped to head -30",
            piped("list", into="head -30 > /dev/null"),
            "≤ 0.15 s" if big else "",
        ),
        Scenario("list > /dev/null (all events)", [*notes, "list"], "≤ 0.35 s" if big else ""),
        Scenario("list --talks --company aws", [*notes, "list", "--talks", "--company", "aws"]),
        Scenario(
            "sync, nothing changed (search over the unsynced search)",
            broad.argv,
            "≤ 25 ms" if big else "",
            over=unsynced,
        ),
        Scenario(
            "one file edited, then search (over the broad search)",
            broad.argv,
            "≤ +40 ms, no run over +100 ms" if big else "",
            before=edit_one_file,
            over=broad,
            runs=30,
        ),
        Scenario(
            "page cache dropped, search lambda",
            broad.argv,
            "≤ 0.5× rg cold" if big else "",
            cold=True,
            runs=3,
        ),
        Scenario(
            "full rebuild (index --rebuild)",
            [*notes, "index", "--rebuild"],
            "≤ 80 s, ≤ 300 MB" if big else "≤ 8 s",
            runs=1,
            warm=False,
        ),
        Scenario(
            "first search, no index yet",
            broad.argv,
            before=drop_index,
            runs=1,
            warm=False,
        ),
        Scenario(
            "export --all", [*notes, "export", "--all", "--out", str(cache / "export")], runs=3
        ),
    ]


def every_hit_scenarios(
    folder: Path, cache: Path, events: int, command: str = NOTES
) -> list[Scenario]:
    """Issue 17, every Lambda talk: all the hits into a file, as rows and as JSON, the digest
    export of them, and the talks tagged lambda; each timed in turn with `rg -il lambda`."""
    notes = shlex.join([command, "--dir", str(folder)])
    out = shlex.quote(str(cache / "every-hit.out"))
    big = events >= 10_000

    def into_file(name: str, command: str, target: str) -> Scenario:
        return Scenario(name, ["sh", "-c", f"{notes} {command} > {out}"], target)

    return [
        into_file(
            "search lambda --limit 100000 > file",
            "search lambda --limit 100000",
            "≤ 2.0 s, ≤ 150 MiB" if big else "≤ 0.35 s",
        ),
        into_file(
            "search lambda --limit 100000 --json > file",
            "search lambda --limit 100000 --json",
            "≤ 2.0 s" if big else "≤ 0.35 s",
        ),
        into_file("search lambda --all > file (rows)", "search lambda --all", ""),
        into_file("search lambda --count", "search lambda --count", ""),
        into_file(
            "export --query lambda --format markdown > file",
            "export --query lambda --title 'Every Lambda talk' --format markdown",
            "≤ 5 s" if big else "≤ 0.6 s",
        ),
        into_file(
            "list --talks --tag lambda > file",
            "list --talks --tag lambda",
            "≤ 1.0 s" if big else "≤ 0.2 s",
        ),
    ]


def gaps(pair: Pair) -> list[float]:
    """Each run's seconds over the run of the scenario it is measured over."""
    mine, over = pair
    assert over is not None
    return [a - b for a, b in zip(mine.seconds, over.seconds, strict=True)]


def row(
    events: int,
    scenario: Scenario,
    env: dict[str, str],
    reference: Scenario,
    runs: int,
    beside: tuple[Scenario, dict[str, str]] | None = None,
) -> str:
    (mine, over), theirs, other = measure_beside(scenario, reference, env, runs, beside)
    assert theirs is not None
    ratio = mine.median / theirs.median
    difference = ""
    if over is not None:
        gap = gaps((mine, over))
        cpu = [a - b for a, b in zip(mine.cpu, over.cpu, strict=True)]
        difference = (
            f"{statistics.median(gap) * 1000:+.0f} ms (max {max(gap) * 1000:+.0f}); "
            f"CPU {statistics.median(cpu) * 1000:+.0f} ms (max {max(cpu) * 1000:+.0f})"
        )
    line = (
        f"| {events:,} | {scenario.name} | {mine.median:.3f} | {min(mine.seconds):.3f} | "
        f"{max(mine.seconds):.3f} | {statistics.median(mine.cpu):.3f} | {mine.peak} | "
        f"{difference} | {ratio:.{2 if ratio < 1 else 1}f}× | {scenario.target} |"
    )
    if other is None:
        return f"{line} the other cannot run it |" if beside else line
    return f"{line} {_beside_cell((mine, over), other)} |"


def _beside_cell(mine: Pair, other: Pair) -> str:
    """This version's median over the other's (of the differences, for a scenario measured over
    another: the ratio only when both are clearly more than nothing)."""
    if mine[1] is None:
        this, that = mine[0].median, other[0].median
        return f"{this:.3f} / {that:.3f} = {this / that:.2f}"
    this, that = statistics.median(gaps(mine)), statistics.median(gaps(other))
    shown = f"{this * 1000:+.0f} / {that * 1000:+.0f} ms"
    return f"{shown} = {this / that:.2f}" if this > 0.002 and that > 0.002 else shown


def chosen_scenarios(
    folder: Path, cache: Path, events: int, command: str, every_hit: bool
) -> list[Scenario]:
    """The scenarios of one run, for one `notes` command and its index cache."""
    hits = every_hit_scenarios(folder, cache, events, command)
    return hits if every_hit else [*scenarios(folder, cache / "", events, command), *hits]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "notes-bench")
    parser.add_argument("--only", action="append", default=[], metavar="WORD")
    parser.add_argument(
        "--every-hit", action="store_true", help="only the every-hit scenarios (issue 17)"
    )
    parser.add_argument("--skip", action="append", default=[], metavar="WORD")
    parser.add_argument(
        "--beside", type=Path, metavar="NOTES", help="another notes command, run in turn"
    )
    args = parser.parse_args()
    if not Path(NOTES).exists():
        raise SystemExit(f"no notes command beside {sys.executable}: pip install . first")
    if args.beside and not args.beside.is_file():
        raise SystemExit(f"--beside {args.beside}: no such command")
    adopt_orphans()
    cold = can_drop_caches()
    heading = (
        "| events | scenario | median s | min s | max s | CPU s | peak MiB | over | × rg | target |"
    )
    print(f"{heading} this / beside |" if args.beside else heading)
    print("|---:|---|---:|---:|---:|---:|---:|---|---:|---|" + ("---:|" if args.beside else ""))
    for events in args.events:
        folder = args.work / f"events-{events}"
        cache = args.work / f"cache-{events}"
        if not folder.exists():
            print(f"generating {events} events in {folder}…", file=sys.stderr)
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(folder), "--events", str(events)],
                check=True,
            )
        env = {**os.environ, "NOTES_CACHE_DIR": str(cache), "COLUMNS": "120"}
        env.pop("NOTES_DIR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run writes the .pyc files
        reference = reference_of(folder)
        chosen = chosen_scenarios(folder, cache, events, NOTES, args.every_hit)
        others: list[Scenario | None] = [None] * len(chosen)
        beside_env = env
        if args.beside:
            other_cache = args.work / f"cache-{events}-beside"
            beside_env = {**env, "NOTES_CACHE_DIR": str(other_cache)}
            others = list(
                chosen_scenarios(folder, other_cache, events, str(args.beside), args.every_hit)
            )
        for scenario, other in zip([*chosen, reference], [*others, None], strict=True):
            if args.only and not any(word in scenario.name for word in args.only):
                continue
            if any(word in scenario.name for word in args.skip):
                continue
            if scenario.cold and not cold:
                print(
                    f"| {events:,} | {scenario.name} | | | | | | | | not measured: this "
                    "machine does not let this user drop the page cache |",
                    flush=True,
                )
                continue
            pair = (other, beside_env) if other is not None else None
            shown = row(events, scenario, env, reference, args.runs, pair)
            print(f"{shown} |" if args.beside and other is None else shown, flush=True)
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"\nload: {load.split('load average:')[-1].strip() if load else 'unknown'}")


if __name__ == "__main__":
    main()
