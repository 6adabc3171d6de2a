"""Time `notes jot` as a user runs it during a talk: separate processes, medians of runs
taken in turn (one of each scenario, then again: a busy machine slows them all alike), wall and
CPU time, with `notes --help` (the start-up alone) and `rg -il` (or `grep -ril`) over the same
files as references.

    python bench/jot.py [--events 1000] [--runs 15] [--work DIR]

In --work (default: a `notes-bench-jot` folder in the system's temporary folder), a copy of the
generated collection (bench/generate.py, fixed seed) takes the jotted lines, made afresh on
every run of this script; its index is built once before the timings. The table goes to stdout.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NOTES, Scenario  # noqa: E402  (bench/run.py, beside this file)
from sync import interleaved  # noqa: E402  (bench/sync.py)


def collection(work: Path, events: int) -> Path:
    """A fresh copy of the generated collection of `events` events."""
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
    copy = work / f"jot-{events}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(generated, copy)
    return copy


def talks(folder: Path) -> list[tuple[str, str]]:
    """(talk id, title) of every talk, as `notes list --talks --json` gives them."""
    import json

    result = subprocess.run(
        [NOTES, "--dir", str(folder), "list", "--talks", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return [(t["id"], t["title"]) for t in json.loads(result.stdout)["talks"]]


def unique_piece(found: list[tuple[str, str]]) -> str:
    """A piece of one talk's title that no other title holds: how a user names a talk."""
    titles = [title.casefold() for _, title in found]
    for title in titles:
        words = title.split()
        for start in range(len(words) - 2):
            piece = " ".join(words[start : start + 3])
            if sum(piece in other for other in titles) == 1:
                return piece
    raise SystemExit("no title piece names a single talk in this collection")


def common_word(found: list[tuple[str, str]]) -> str:
    """The word most titles hold: a piece that many notes mention (the index answers it)."""
    words = collections.Counter(
        word for _, title in found for word in set(title.casefold().split()) if len(word) > 6
    )
    return words.most_common(1)[0][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "notes-bench-jot"
    )
    args = parser.parse_args()
    if not Path(NOTES).exists():
        raise SystemExit(f"no notes command beside {sys.executable}: pip install . first")
    args.work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "NOTES_DIR"}
    env["NOTES_CACHE_DIR"] = str(args.work / "cache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed notes runs from compiled bytecode
    print("| events | scenario | median s | min s | max s | CPU s | peak MiB | target |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    for events in args.events:
        folder = collection(args.work, events)
        found = talks(folder)  # builds the index, untimed
        talk_id = found[0][0]
        event_id, _, slug = talk_id.partition("/")
        notes = [NOTES, "--dir", str(folder), "jot"]
        rg = shutil.which("rg")
        grep = [rg, "-il"] if rg else ["grep", "-ril"]
        scenarios = [
            Scenario(
                "jot TALK_ID (an id from list --talks --ids)",
                [*notes, talk_id, "a line"],
                "≤ 0.15 s",
            ),
            Scenario(
                "jot EVENT/piece (a start of the event's id, of the talk's)",
                [*notes, f"{event_id[:10]}/{slug[:8]}", "a line"],
                "≤ 0.15 s",
            ),
            Scenario(
                f"jot '{unique_piece(found)}' (a piece of one title)",
                [*notes, unique_piece(found), "--time", "a line"],
                "≤ 0.15 s",
            ),
            Scenario(
                f"jot '{common_word(found)}' (many notes mention it: the index answers, ambiguous)",
                [*notes, common_word(found), "a line"],
            ),
            Scenario("reference: notes --help (start-up alone)", [NOTES, "--help"]),
            Scenario(
                f"reference: {Path(grep[0]).name} {grep[1]} lambda", [*grep, "lambda", str(folder)]
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
        jot, help_, reference = (medians[scenarios[n].name] for n in (2, 4, 5))
        print(
            f"\n{events:,} events: jot by a piece of a title takes {jot / help_:.2f}× notes --help "
            f"({(jot - help_) * 1000:.0f} ms more) and {jot / reference:.1f}× "
            f"{Path(grep[0]).name} over the files",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
