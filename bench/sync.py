"""Time `notes sync` on a collection shared through git, as a user runs it: separate processes,
medians of runs taken in turn, with `notes --help`, `git pull --rebase` and `rg -il` over
the same files as references.

    python bench/sync.py [--events 1000] [--runs 9] [--work DIR]

In --work (default: a `notes-bench-sync` folder in the system's temporary folder), the
generated collection (bench/generate.py, fixed seed) becomes a clone of a bare repository
there, committed and pushed once; later runs reuse it. git runs with a config file of its own
in --work (a name and an email for the commits), never the user's. The table goes to stdout;
beside the wall-clock times it gives the CPU time of each process and its children (the git
commands), which a machine busy with other work changes far less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NOTES, Scenario  # noqa: E402  (bench/run.py, beside this file)

GIT = shutil.which("git") or "git"


def environment(work: Path) -> dict[str, str]:
    config = work / "gitconfig"
    if not config.exists():
        config.write_text(
            "[user]\n\tname = Bench\n\temail = bench@example.org\n[init]\n\tdefaultBranch = main\n",
            encoding="utf-8",
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.pop("NOTES_DIR", None)
    # An installed notes runs from compiled bytecode: let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return {
        **env,
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "NOTES_CACHE_DIR": str(work / "cache"),
    }


def shared_collection(work: Path, events: int, env: dict[str, str]) -> Path:
    """A clone holding `events` generated events, pushed to a bare repository beside it."""
    clone = work / f"clone-{events}"
    if clone.exists():
        return clone
    generated = work / f"events-{events}"
    if not generated.exists():
        print(f"generating {events} events in {generated}…", file=sys.stderr)
        command = [
            sys.executable,
            str(HERE / "generate.py"),
            str(generated),
            "--events",
            str(events),
        ]
        subprocess.run(command, check=True)
    remote = work / f"remote-{events}.git"

    def git(*args: str) -> None:
        subprocess.run([GIT, *args], check=True, env=env, stdout=subprocess.DEVNULL)

    git("init", "--quiet", "--bare", str(remote))
    shutil.copytree(generated, clone)
    subprocess.run(
        [NOTES, "init", str(clone), "--git"], check=True, env=env, stderr=subprocess.DEVNULL
    )
    git("-C", str(clone), "remote", "add", "origin", str(remote))
    git("-C", str(clone), "push", "--quiet", "-u", "origin", "main")
    return clone


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak resident MiB, exit code) of one process, its children
    (the git commands notes runs) included in the CPU time."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return (
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss // 1024,
        os.waitstatus_to_exitcode(status),
    )


def interleaved(
    scenarios: list[Scenario], env: dict[str, str], runs: int
) -> list[tuple[float, float, float, float, int]]:
    """Median, min and max wall seconds, median CPU seconds and peak MiB of each scenario, its
    runs taken in turn with the others' (one of each, then again), so that a machine busy with
    something else slows them all alike and the ratios stay fair."""
    walls: list[list[float]] = [[] for _ in scenarios]
    cpus: list[list[float]] = [[] for _ in scenarios]
    peaks = [0] * len(scenarios)
    for number in range(runs + 1):  # the first round warms the caches and is not counted
        for at, scenario in enumerate(scenarios):
            if scenario.before:
                scenario.before()
            wall, cpu, peak, code = timed(scenario.argv, {**env, **(scenario.env or {})})
            if code not in (0, 1):
                raise SystemExit(f"{' '.join(scenario.argv)} exited with {code}")
            if number:
                walls[at].append(wall)
                cpus[at].append(cpu)
                peaks[at] = max(peaks[at], peak)
    return [
        (statistics.median(w), min(w), max(w), statistics.median(c), p)
        for w, c, p in zip(walls, cpus, peaks, strict=True)
    ]


def git_commands(argv: list[str], env: dict[str, str], work: Path) -> tuple[int, int]:
    """(git commands notes runs, git processes in all) for one run of `argv`, from GIT_TRACE:
    every git process says it started, and one git starting another says so too."""
    trace = work / "git-trace"
    trace.unlink(missing_ok=True)
    subprocess.run(argv, env={**env, "GIT_TRACE": str(trace)}, capture_output=True, check=False)
    lines = trace.read_text(encoding="utf-8").splitlines()
    trace.unlink()
    processes = sum("trace: built-in: git " in line for line in lines)
    return processes - sum("trace: run_command: " in line for line in lines), processes


def appender(note: Path) -> Callable[[], None]:
    def append() -> None:
        with note.open("a", encoding="utf-8") as handle:
            handle.write("\nOne more line.\n")

    return append


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "notes-bench-sync"
    )
    args = parser.parse_args()
    if not Path(NOTES).exists():
        raise SystemExit(f"no notes command beside {sys.executable}: pip install . first")
    args.work.mkdir(parents=True, exist_ok=True)
    env = environment(args.work)
    print("| events | scenario | median s | min s | max s | CPU s | peak MiB | target |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    for events in args.events:
        clone = shared_collection(args.work, events, env)
        edit_one_note = appender(min(clone.rglob("*.md")))

        rg = shutil.which("rg")
        grep = [rg, "-il"] if rg else ["grep", "-ril"]
        scenarios = [
            Scenario("notes sync, nothing to do", [NOTES, "--dir", str(clone), "sync"], "≤ 0.3 s"),
            Scenario("reference: notes --help (start-up alone)", [NOTES, "--help"]),
            Scenario("notes sync --status", [NOTES, "--dir", str(clone), "sync", "--status"]),
            Scenario(
                "one note edited, then notes sync (commit and push)",
                [NOTES, "--dir", str(clone), "sync"],
                before=edit_one_note,
            ),
            Scenario(
                "reference: git pull --rebase, nothing to do",
                [GIT, "-C", str(clone), "pull", "--quiet", "--rebase"],
            ),
            Scenario(
                f"reference: {Path(grep[0]).name} {grep[1]} lambda", [*grep, "lambda", str(clone)]
            ),
        ]
        medians = {}
        for scenario, (median, low, high, cpu, peak) in zip(
            scenarios, interleaved(scenarios, env, args.runs), strict=True
        ):
            medians[scenario.name] = median
            print(
                f"| {events:,} | {scenario.name} | {median:.3f} | {low:.3f} | {high:.3f} | {cpu:.3f} | {peak} | {scenario.target} |",
                flush=True,
            )
        sync, start, pull, reference = (medians[s.name] for s in scenarios[:2] + scenarios[4:])
        commands, processes = git_commands(scenarios[0].argv, env, args.work)
        print(
            f"\n{events:,} events: notes sync with nothing to do takes {sync / reference:.1f}× "
            f"{Path(grep[0]).name} over the files, {sync / pull:.1f}× git pull --rebase, and "
            f"{(sync - start) * 1000:.0f} ms more than notes --help; it runs {commands} git "
            f"commands ({processes} git processes with the ones they start)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
