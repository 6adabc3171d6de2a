"""Search as every search box behaves: exclusion, true counts, suggestions, a help that teaches."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

CONTAINERS = """\
---
title: Cloud Native Night, {month} 2024
date: 2024-03-{number:02d}
kind: meetup
talks:
  - title: {title}
    speakers: ["{speaker}"]
    tags: [kubernetes]
---
## {title}

{notes}
"""


def meetup(write_note, number: int, title: str, notes: str, speaker: str = "Ann Lee (Acme)"):
    month = ["January", "February", "March", "April", "May", "June", "July"][number % 7]
    return write_note(
        f"2024/2024-03-{number:02d}-cloud-native-night-{number}.md",
        CONTAINERS.format(month=month, number=number, title=title, speaker=speaker, notes=notes),
    )


@pytest.fixture
def podman(root: Path, write_note) -> Path:
    meetup(write_note, 1, "Kubernetes on a laptop", "Podman runs the pods without a daemon.")
    meetup(write_note, 2, "Kubernetes operators", "Operators reconcile; no podman here.", "Bo Chan")
    meetup(
        write_note, 3, "Kubernetes upgrades", "Upgrade the control plane first.", "Cy Dee (Acme)"
    )
    return root


def titles(run, *query: str) -> list[str]:
    result = run("search", "--json", *query)
    assert result.exit_code == 0, result
    return [hit["title"] for hit in json.loads(result.stdout)["hits"]]


@pytest.mark.parametrize(
    "query",
    [
        ["kubernetes", "-podman"],
        ["kubernetes -podman"],
        ["kubernetes NOT podman"],
        ["-podman kubernetes"],
        ['kubernetes -"without a daemon"'],
        ["kubernetes -(podman OR operators)"],
    ],
)
def test_a_minus_or_not_leaves_out_what_matches(run, podman: Path, query: list[str]) -> None:
    found = titles(run, *query)
    assert "Kubernetes on a laptop" not in found
    assert "Kubernetes upgrades" in found


def test_a_minus_inside_a_word_or_a_phrase_is_no_exclusion(run, podman: Path) -> None:
    assert titles(run, "control-plane") == ["Kubernetes upgrades"]
    assert titles(run, '"no podman here"') == ["Kubernetes operators"]


def test_an_excluded_word_is_not_highlighted(run, podman: Path) -> None:
    hits = json.loads(run("search", "--json", "operators -daemon").stdout)["hits"]
    assert [hit["snippet"][a:b] for hit in hits for a, b in hit["highlights"]] == ["Operators"]


def test_the_count_after_deleting_notes_is_never_more_than_there_are(
    run, root: Path, write_note
) -> None:
    paths = [
        meetup(write_note, n, f"Kubernetes part {n}", "Pods and more pods.") for n in range(1, 15)
    ]
    first = run("search", "kubernetes", "--limit", "2")
    assert first.exit_code == 0, first
    for path in paths[:3]:
        path.unlink()
    result = run("search", "kubernetes", "--limit", "2")
    assert result.exit_code == 0, result
    counted = result.stderr.strip().splitlines()[-1]
    assert counted.startswith("2 of ")
    if "more than" in counted:  # a bound: true, however the index keeps its deleted documents
        assert int(counted.split("more than ")[1].split()[0]) < 11
    else:
        assert counted.startswith("2 of 11 matches")
    assert json.loads(run("search", "kubernetes", "--json").stdout)["total"] == 11


def test_a_bound_says_more_than_only_when_it_is_so(run, root: Path, write_note) -> None:
    for n in range(1, 6):
        meetup(write_note, n, f"Kubernetes part {n}", "Pods.")
    assert "5 talks match 'kubernetes'" in run("search", "kubernetes").stderr
    # With nothing deleted, a word's count in the index is exact.
    assert "4 of 5 matches" in run("search", "kubernetes", "--limit", "4").stderr
    # Every match of words is scored, so two words together are counted exactly too.
    assert "4 of 5 matches" in run("search", "kubernetes pods", "--limit", "4").stderr
    # A phrase is checked on the best candidates only, until the page is full: that more
    # than 4 match is certain, how many more is not known.
    assert "4 of more than 4 matches" in run("search", '"kubernetes part"', "--limit", "4").stderr
    assert json.loads(run("search", '"kubernetes part"', "--json").stdout)["total"] == 5


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("speaker:lea", 'speaker:"lee"'),
        ('speaker:"ann lea"', 'speaker:"ann lee"'),
        ("company:acne", 'company:"acme"'),
        ("topic:kubernetis", "topic:kubernetes"),
        ("kubernetis", "kubernetes"),
        ("kind:meetp AND upgrades", "kind:meetup AND upgrades"),
    ],
)
def test_field_queries_with_no_hits_get_suggestions(
    run, podman: Path, query: str, suggestion: str
) -> None:
    result = run("search", query)
    assert result.exit_code == 0
    assert "no talks match" in result.stderr
    assert f"did you mean: {suggestion}?" in result.stderr


def test_a_field_value_the_index_knows_gets_no_suggestion(run, podman: Path) -> None:
    assert "did you mean" not in run("search", "speaker:lee AND kind:webinar").stderr


def test_search_help_teaches_the_query_language(run) -> None:
    result = run("search", "--help")
    assert result.exit_code == 0
    for piece in (
        'speaker:"',
        "company:",
        "topic:",
        "date:[",
        "OR",
        "NOT",
        "-podman",
        '"',
        "*",
        "~",
    ):
        assert piece in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines() if line.startswith("    "))


def test_the_help_lists_commands_in_the_order_of_a_day(run) -> None:
    out = run("--help").stdout
    commands = out.split("Commands:")[1].split("\n\n")[0]
    names = [
        line.split()[0]
        for line in commands.splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert names[:9] == [
        "new",
        "add-talk",
        "jot",
        "search",
        "list",
        "show",
        "edit",
        "export",
        "import",
    ]
    assert "..." not in commands  # descriptions are whole, never cut
    assert "Example" in out.split("Commands:")[1]


def test_no_count_touches_the_files_of_a_deleted_note(run, podman: Path) -> None:
    run("search", "kubernetes")
    os.remove(next(podman.glob("2024/*-night-1.md")))
    assert titles(run, "kubernetes") == ["Kubernetes operators", "Kubernetes upgrades"]
