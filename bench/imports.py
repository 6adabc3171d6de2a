"""Time `notes import` on posts, as a user runs it: whole processes, medians, and `rg -il` (or
`grep -ril`) over the same files as the reference in the same loop.

    python bench/imports.py [--runs 9] [--work DIR] [--posts DIR]

Generates (fixed seed) a 40 KB post of the shapes import reads (headings with speakers, list
entries with links, an agenda table, prose) and a folder of 35 posts of about 10 KB, in --work
(default: a `notes-bench-import` folder in the system's temporary folder). `--posts DIR` times
a folder of real posts as well (a dev set of writeups). Every run is a `--dry-run` into a
scratch collection, so nothing is written, but one: the 40 KB post imported for real, into an
empty collection each time (removed before the run, untimed). The table goes to stdout,
Markdown-ready.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NOTES, Scenario, measure  # noqa: E402  (bench/run.py, beside this file)

FIRST = "Ann Bo Cy Di Ed Fay Gus Hal Ida Jo Kim Lou Max Ned Ola Pia Quin Rob Sue Tom".split()
LAST = "Lee Chan Dee Eve Fox Gee Hart Ives Jung Kerr Lund Moss Nord Ortiz Park Quist Ross".split()
WORDS = (
    "widget gadget pipeline cluster cache queue stream index schema deploy scale observe test "
    "release secure design measure migrate refactor automate monitor budget latency"
).split()
COMPANIES = ["Acme", "Initech", "Globex", "Umbrella Labs", "Northwind", "Contoso"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 6))
    return " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(words))


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 22))).capitalize() + "."


def post(rng: random.Random, size: int) -> str:
    """A writeup of about `size` bytes, its talks in the shapes real posts use."""
    parts = ["---", f"title: Widgetconf {rng.randint(2010, 2024)}", "date: 2019-05-14", "---", ""]
    parts.append(" ".join(sentence(rng) for _ in range(4)) + "\n")
    shape = 0
    while len("\n".join(parts)) < size:
        shape += 1
        if shape % 4 == 1:
            who = f"{person(rng)} ({rng.choice(['Engineer', 'CTO', 'Architect'])}, {rng.choice(COMPANIES)})"
            parts.append(f"## {title(rng)} - {who}\n")
            parts += [" ".join(sentence(rng) for _ in range(5)) + "\n" for _ in range(3)]
        elif shape % 4 == 2:
            parts.append("## More talks\n")
            parts += [
                f"- [{title(rng)}](https://example.org/{rng.randint(1, 999)}) – {person(rng)}, {rng.choice(COMPANIES)}"
                for _ in range(8)
            ]
            parts.append("")
        elif shape % 4 == 3:
            parts += ["| Time | Talk | Speaker |", "| --- | --- | --- |"]
            parts += [f"| {9 + i}:00 | {title(rng)} | {person(rng)} |" for i in range(6)]
            parts.append("")
        else:
            parts.append(
                f"{person(rng)} talked about {title(rng).lower()}. " + sentence(rng) + "\n"
            )
    return "\n".join(parts) + "\n"


def generate(work: Path) -> tuple[Path, Path]:
    rng = random.Random(20261201)
    big = work / "2019-05-14-widgetconf.md"
    folder = work / "posts"
    if not big.exists():
        work.mkdir(parents=True, exist_ok=True)
        big.write_text(post(rng, 40_000), encoding="utf-8")
    if not folder.exists():
        folder.mkdir()
        for number in range(35):
            (folder / f"2019-01-{number + 1:02d}-post.md").write_text(post(rng, 10_000))
    return big, folder


def reference(target: Path) -> list[str]:
    grep = shutil.which("rg")
    return [grep, "-il", "widget", str(target)] if grep else ["grep", "-ril", "widget", str(target)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "notes-bench-import"
    )
    parser.add_argument("--posts", type=Path, help="a folder of real posts to time as well")
    args = parser.parse_args()
    if not Path(NOTES).exists():
        raise SystemExit(f"no notes command beside {sys.executable}: pip install . first")
    big, folder = generate(args.work)
    tiny = args.work / "2019-01-01-tiny.md"
    tiny.write_text("---\ntitle: Widget night\ndate: 2019-01-01\n---\nHello.\n", encoding="utf-8")
    notes = [NOTES, "--dir", str(args.work / "collection"), "import", "--dry-run"]
    written = args.work / "written"
    scenarios = [
        Scenario("reference: notes --help (start-up alone)", [NOTES, "--help"]),
        Scenario("import a 5-line post (the command's fixed cost)", [*notes, str(tiny)]),
        Scenario("import a 40 KB post", [*notes, str(big)], "≤ 0.3 s"),
        Scenario(
            "import a 40 KB post, written into an empty collection",
            [NOTES, "--dir", str(written), "import", str(big)],
            "≤ 0.3 s",
            before=lambda: shutil.rmtree(written, ignore_errors=True),
        ),
        Scenario(f"reference: {reference(big)[0]} over it", reference(big)),
        Scenario("import 35 posts, one process", [*notes, str(folder)], "≤ 10 s"),
        Scenario(f"reference: {reference(folder)[0]} over them", reference(folder)),
    ]
    if args.posts:
        scenarios += [
            Scenario(
                f"import {args.posts.name}/, one process",
                [*notes, "--date", "2000-01-01", str(args.posts)],
                "≤ 10 s",
            ),
            Scenario(f"reference: {reference(args.posts)[0]} over them", reference(args.posts)),
        ]
    env = {**os.environ, "NOTES_CACHE_DIR": str(args.work / "cache"), "COLUMNS": "120"}
    env.pop("NOTES_DIR", None)
    # An installed notes runs from compiled bytecode: let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print("| scenario | median s | min s | max s | peak MiB | target |")
    print("|---|---:|---:|---:|---:|---|")
    for scenario in scenarios:
        median, low, high, peak = measure(scenario, env, args.runs)
        print(
            f"| {scenario.name} | {median:.3f} | {low:.3f} | {high:.3f} | {peak} | {scenario.target} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
