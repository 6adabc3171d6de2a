"""Time `notes` as a user runs it: separate processes, medians of several runs, peak memory.

    python bench/run.py [--events 1000 10000] [--runs 7] [--work DIR]

Generated collections (bench/generate.py, fixed seed) and their index caches are kept in
--work (default: a `notes-bench` folder in the system's temporary folder) and reused, so a
second run does not wait for generation. Every scenario runs the installed `notes` command
beside this Python; `rg -il` (or `grep -ril` when ripgrep is missing) over the same files is
the reference. The table goes to stdout, Markdown-ready.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
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


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds, peak resident MiB, exit code) of one process, stdout discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if process.stderr:
        process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss // 1024, process.returncode


def measure(scenario: Scenario, env: dict[str, str], runs: int) -> tuple[float, float, float, int]:
    """Median, min and max seconds over the runs (after an untimed warm-up), and peak MiB."""
    env = {**env, **(scenario.env or {})}
    if scenario.before:
        scenario.before()
    if scenario.warm:
        timed(scenario.argv, env)  # warm the page cache and the index
    times, peaks = [], []
    for _ in range(scenario.runs or runs):
        if scenario.before:
            scenario.before()
        seconds, peak, code = timed(scenario.argv, env)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(scenario.argv)} exited with {code}")
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), min(times), max(times), max(peaks)


def first_speaker(folder: Path) -> str:
    """A real speaker of the generated collection, for the selective query."""
    import yaml

    note = min(folder.rglob("*.md"))
    front = yaml.safe_load(note.read_text(encoding="utf-8").split("---\n")[1])
    return str(front["talks"][0]["speakers"][0]["name"])


def scenarios(folder: Path, cache: Path, events: int) -> list[Scenario]:
    notes = [NOTES, "--dir", str(folder)]
    edited = min(folder.rglob("*.md"))
    speaker = first_speaker(folder).lower()
    big = events >= 10_000

    def edit_one_file() -> None:
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("\nOne more line.\n")

    def drop_index() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    grep = shutil.which("rg")
    reference = (
        [grep, "-il", "lambda", str(folder)] if grep else ["grep", "-ril", "lambda", str(folder)]
    )
    search_target = "≤ 0.25 s, ≤ 48 MiB" if big else "≤ 0.18 s"
    return [
        Scenario("notes --help", [NOTES, "--help"], "≤ 0.12 s"),
        Scenario("search lambda (broad)", [*notes, "search", "lambda"], search_target),
        Scenario(
            f'search speaker:"{speaker}" (selective)',
            [*notes, "search", f'speaker:"{speaker}"'],
            "≤ 0.15 s" if big else "",
        ),
        Scenario(
            'search "cold starts" (phrase)',
            [*notes, "search", '"cold starts"'],
            "≤ 0.4 s" if big else "",
        ),
        Scenario(
            "list, first screen (piped to head -n 40)",
            ["sh", "-c", f"{shlex.join([*notes, 'list'])} | head -n 40"],
            "≤ 0.25 s" if big else "",
        ),
        Scenario("list, all events", [*notes, "list"]),
        Scenario("list --talks --company aws", [*notes, "list", "--talks", "--company", "aws"]),
        Scenario(
            "search lambda, index not synced",
            [*notes, "search", "lambda"],
            "sync ≤ 40 ms of the broad search" if big else "",
            env={"NOTES_BENCH_NO_SYNC": "1"},
        ),
        Scenario(
            "one file edited, then search",
            [*notes, "search", "lambda"],
            "≤ 60 ms over the broad search" if big else "",
            before=edit_one_file,
        ),
        Scenario(
            "full rebuild (index --rebuild)",
            [*notes, "index", "--rebuild"],
            "≤ 90 s, ≤ 400 MiB" if big else "≤ 8 s",
            runs=1,
            warm=False,
        ),
        Scenario(
            "first search, no index yet",
            [*notes, "search", "lambda"],
            before=drop_index,
            runs=1,
            warm=False,
        ),
        *(
            [Scenario("export --all", [*notes, "export", "--all", "--out", str(cache / "export")])]
            if has_export()
            else []
        ),
        Scenario(f"reference: {Path(reference[0]).name} {' '.join(reference[1:3])}", reference),
    ]


def every_hit_scenarios(folder: Path, cache: Path, events: int) -> list[Scenario]:
    """Issue 17, every Lambda talk: all the hits into a file, as rows and as JSON, the digest
    export of them, and the talks tagged lambda; each timed in turn with `rg -il lambda`."""
    notes = shlex.join([NOTES, "--dir", str(folder)])
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


def paired(
    scenarios: list[Scenario], reference: list[str], env: dict[str, str], runs: int
) -> list[tuple[Scenario, float, float, float, int, float]]:
    """Each scenario's runs taken in turn with a run of `reference`, so that load from
    elsewhere slows both alike: (scenario, median, min, max, peak MiB, median ratio)."""
    found = []
    for scenario in scenarios:
        timed(scenario.argv, env)  # warm-up
        timed(reference, env)
        times, ratios, peak = [], [], 0
        for _ in range(runs):
            seconds, mib, code = timed(scenario.argv, env)
            if code not in (0, 1):
                raise SystemExit(f"{' '.join(scenario.argv)} exited with {code}")
            base, _, _ = timed(reference, env)
            times.append(seconds)
            ratios.append(seconds / base)
            peak = max(peak, mib)
        found.append(
            (
                scenario,
                statistics.median(times),
                min(times),
                max(times),
                peak,
                statistics.median(ratios),
            )
        )
    return found


def has_export() -> bool:
    """Whether this notes has the export command yet."""
    shown = subprocess.run([NOTES, "--help"], capture_output=True, text=True, check=False).stdout
    return " export " in shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "notes-bench")
    parser.add_argument(
        "--every-hit", action="store_true", help="only the every-hit scenarios (issue 17)"
    )
    args = parser.parse_args()
    if not Path(NOTES).exists():
        raise SystemExit(f"no notes command beside {sys.executable}: pip install . first")
    print("| events | scenario | median s | min s | max s | peak MiB | target |")
    print("|---:|---|---:|---:|---:|---:|---|")
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
        for scenario in [] if args.every_hit else scenarios(folder, cache / "", events):
            median, low, high, peak = measure(scenario, env, args.runs)
            print(
                f"| {events:,} | {scenario.name} | {median:.3f} | {low:.3f} | {high:.3f} | {peak} | {scenario.target} |",
                flush=True,
            )
        reference = [shutil.which("rg") or "rg", "-il", "lambda", str(folder)]
        for scenario, median, low, high, peak, ratio in paired(
            every_hit_scenarios(folder, cache, events), reference, env, args.runs
        ):
            print(
                f"| {events:,} | {scenario.name} ({ratio:.1f}× rg -il, paired) | {median:.3f} | {low:.3f} | {high:.3f} | {peak} | {scenario.target} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
