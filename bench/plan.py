"""Time `notes plan` and `notes now` on a re:Invent-sized programme, as a user runs them:
separate processes, medians of runs taken in turn, with `notes --help` (the start-up alone) and
`rg -il` (or `grep -ril`) over the same note as references.

    python bench/plan.py [--catalogue sessions.json] [--starred 30] [--runs 15] [--work DIR]

`--catalogue` is a re:Invent session catalogue (a JSON array of sessions with codes, titles,
abstracts, lengths, speakers, as the catalogue's own export gives it); without one, a catalogue
of 1,843 sessions in that shape is generated (fixed seed). In --work (default: a
`notes-bench-plan` folder in the system's temporary folder) it is imported into a collection of
its own, made afresh on every run of this script, and every `len/starred`-th talk is starred,
written into the note as `notes star` writes it. The catalogue gives no times or rooms, so its
plan lists every starred talk under "time unknown"; a second collection gives the same starred
talks a start and a room in one of three venues (a plan with overlaps and tight changes).
The index is built once before the timings; the last row is a plan made right after the note
changed (5 runs at most, not in turn with the others). The table goes to stdout,
Markdown-ready.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NOTES, Scenario, bench_arguments, measure  # noqa: E402  (bench/run.py, beside this file)
from sync import interleaved  # noqa: E402

WORDS = (
    "serverless agentic data lake stream cache queue migrate scale secure observe build deploy "
    "modernize optimize architect resilient global edge network storage compute analytics"
).split()
ROOMS = [
    "Venetian | Level 3 | Lido 3001",
    "Venetian | Level 2 | Titian 2205",
    "MGM | Level 1 | Room 116",
    "Mandalay Bay | Level 2 South | Breakers E",
]


def generated_catalogue(path: Path, sessions: int = 1843) -> Path:
    """A catalogue of `sessions` sessions in the re:Invent export's shape (fixed seed)."""
    rng = random.Random(2025)
    items = []
    for number in range(sessions):
        words = rng.sample(WORDS, rng.randint(3, 7))
        speakers = [
            {"fullName": f"Speaker {number}", "jobTitle": "Engineer", "companyName": "Example"}
        ]
        items.append(
            {
                "code": f"{rng.choice(['SVS', 'CMP', 'DAT', 'NET', 'SEC'])}{200 + number}",
                "title": " ".join(words).capitalize() + f" {number}",
                "abstract": " ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + ".",
                "type": rng.choice(["Breakout session", "Lightning talk", "Workshop"]),
                "length": rng.choice([20.0, 60.0, 120.0]),
                "eventId": "benchreinvent2025",
                "attributes": {"topics": rng.sample(["Compute", "Databases", "Serverless"], 2)},
                "speakers": speakers if number % 10 == 0 else [],
            }
        )
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def imported(catalogue: Path, folder: Path, env: dict[str, str]) -> Path:
    """The catalogue imported into a fresh collection at `folder`; the note's path."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    command = [NOTES, "--dir", str(folder), "import", str(catalogue)]
    subprocess.run(command, check=True, env=env, capture_output=True)
    [note] = folder.rglob("*.md")
    return note


def star_every(note: Path, count: int, *, timed: bool) -> list[str]:
    """Star `count` talks spread over the note (after each one's last key, as `notes star`
    writes it); with `timed`, give each a start and a room as well. Their codes."""
    text = note.read_text(encoding="utf-8")
    codes = re.findall(r"^    code: (\S+)$", text, re.M)
    chosen = codes[:: max(1, len(codes) // count)][:count]
    for number, code in enumerate(chosen):
        keys = "    starred: true\n"
        if timed:
            day, slot = divmod(number, 10)
            hour, minute = 8 + slot, (0, 30, 45)[number % 3]
            keys += (
                f"    start: 2025-12-0{day + 1}T{hour:02d}:{minute:02d}-08:00\n"
                f"    room: {ROOMS[number % len(ROOMS)]}\n"
            )
        talk = re.compile(
            rf"^    code: {re.escape(code)}\n(?:    (?!- )\S.*\n|      .*\n|\n(?=      ))*", re.M
        )
        found = talk.search(text)
        if found is None:
            raise SystemExit(f"no talk with the code {code} in {note}")
        text = text[: found.end()] + keys + text[found.end() :]
    note.write_text(text, encoding="utf-8")
    return chosen


def star_toggle(note: Path) -> Callable[[], None]:
    """Star one more talk of `note`, or take that star off again: the note changed, as after a
    `notes star`, so that the next command re-reads it into the index."""
    text = note.read_text(encoding="utf-8")
    code = re.findall(r"^    code: (\S+)$", text, re.M)[1]
    line = f"    code: {code}\n"

    def toggle() -> None:
        now = note.read_text(encoding="utf-8")
        starred = line + "    starred: true\n"
        now = now.replace(starred, line) if starred in now else now.replace(line, starred, 1)
        note.write_text(now, encoding="utf-8")

    return toggle


def main() -> None:
    def options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--catalogue", type=Path, help="a re:Invent session catalogue (JSON)")
        parser.add_argument("--starred", type=int, default=30)

    args = bench_arguments(__doc__, "notes-bench-plan", 15, options)
    env = {k: v for k, v in os.environ.items() if k not in ("NOTES_DIR", "TZ")}
    env["NOTES_CACHE_DIR"] = str(args.work / "cache")
    env["TZ"] = "Europe/London"  # another clock than the programme's: both are shown
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed notes runs from compiled bytecode
    catalogue = args.catalogue or generated_catalogue(args.work / "catalogue.json")

    as_published = imported(catalogue, args.work / "as-published", env)
    star_every(as_published, args.starred, timed=False)
    with_times = imported(catalogue, args.work / "with-times", env)
    star_every(with_times, args.starred, timed=True)
    talks = as_published.read_text(encoding="utf-8").count("\n  - title: ")
    for folder in (as_published.parent.parent, with_times.parent.parent):
        found = subprocess.run(  # builds the index, untimed; and checks the stars took
            [NOTES, "--dir", str(folder), "plan", "--json"],
            check=True,
            env=env,
            capture_output=True,
        )
        [event] = json.loads(found.stdout)["events"]
        planned = len(event["time_unknown"]) + sum(len(d["talks"]) for d in event["days"])
        if planned != args.starred:
            raise SystemExit(f"{folder}: {planned} talks in the plan, not {args.starred}")
    rg = shutil.which("rg")
    grep = [rg, "-il"] if rg else ["grep", "-ril"]
    plain = [NOTES, "--dir", str(as_published.parent.parent)]
    timed = [NOTES, "--dir", str(with_times.parent.parent)]
    scenarios = [
        Scenario(
            f"plan, {args.starred} starred (no times: the catalogue)", [*plain, "plan"], "≤ 0.3 s"
        ),
        Scenario(f"plan, {args.starred} starred with times and rooms", [*timed, "plan"], "≤ 0.3 s"),
        Scenario("plan --json, with times", [*timed, "plan", "--json"]),
        Scenario("now --at, with times", [*timed, "now", "--at", "2025-12-02 10:40"]),
        Scenario("reference: notes --help (start-up alone)", [NOTES, "--help"]),
        Scenario(
            f"reference: {Path(grep[0]).name} {grep[1]} lambda",
            [*grep, "lambda", str(as_published.parent.parent)],
        ),
    ]
    print(f"{talks:,} talks, {args.starred} starred; runs taken in turn, medians of {args.runs}\n")
    print("| scenario | median s | min s | max s | CPU s | target |")
    print("|---|---:|---:|---:|---:|---|")
    results = list(zip(scenarios, interleaved(scenarios, env, args.runs), strict=True))
    for scenario, numbers in results:
        cells = [scenario.name, *(f"{value:.3f}" for value in numbers[:4]), scenario.target]
        print("| " + " | ".join(cells) + " |", flush=True)
    medians = {scenario.name: numbers[0] for scenario, numbers in results}
    after_star = Scenario(
        "plan right after a star (the note of every talk read into the index again)",
        [*plain, "plan"],
        before=star_toggle(as_published),
    )
    median, low, high, _ = measure(after_star, env, min(args.runs, 5))
    print(f"| {after_star.name} | {median:.3f} | {low:.3f} | {high:.3f} |  |  |", flush=True)
    plan, help_, reference = (medians[scenarios[n].name] for n in (1, 4, 5))
    print(
        f"\nplan with times takes {plan / help_:.2f}× notes --help ({(plan - help_) * 1000:.0f} ms "
        f"more) and {plan / reference:.1f}× {Path(grep[0]).name} over the note",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
