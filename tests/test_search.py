from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notes_cli.index import documents as index_documents
from notes_cli.index import sync as index_sync
from notes_cli.index.queries import search
from notes_cli.index.store import cache_folder
from notes_cli.index.sync import open_index

HIT_KEYS = [
    "id",
    "type",
    "event_id",
    "event_title",
    "event_kind",
    "date",
    "location",
    "title",
    "speakers",
    "tags",
    "format",
    "score",
    "snippet",
    "highlights",
    "path",
]
KUBECON = """\
---
title: KubeCon Europe 2019
date: 2019-05-20
kind: conference
location: Barcelona
tags: [kubernetes]
talks:
  - title: Operating Containers at the Café
    speakers: ["Zoë Müller (Staff Engineer, Acme)"]
    tags: [containers]
    format: keynote
    track: Operations
---
Three days of talks.

## Operating Containers at the Café

Running a container fleet for a café chain, containerised from day one.
"""


def titles(run, *args: str) -> list[str]:
    result = run("search", "--json", *args)
    assert result.exit_code == 0, result
    return [hit["title"] for hit in json.loads(result.stdout)["hits"]]


@pytest.fixture
def notes(sample: Path, write_note) -> Path:
    write_note("2019/2019-05-20-kubecon-europe-2019.md", KUBECON)
    return sample


def test_search_lambda_finds_the_lambda_talks_grouped_under_their_event(run, sample: Path) -> None:
    result = run("search", "lambda")
    assert result.exit_code == 0, result
    out = result.stdout
    assert out.index("AWS User Group North, September 2016") < out.index(
        "Lambda, Good for the little things"
    )
    assert "2016-09-08" in out and "Zen Internet, Rochdale" in out
    assert "Carl Simpson (Technical Architect, Zen Internet)" in out
    assert '"Mummy, where are the servers?"' in out
    assert "AWS re:Invent 2016" in out and "Automation and Scaling Infrastructure" in out
    assert "Lambda functions to automate remedial actions" in out  # the snippet
    assert "Cost Management" not in out
    assert "3 talks match 'lambda'" in result.stderr


def test_titles_and_tags_rank_above_the_notes(run, sample: Path) -> None:
    assert titles(run, "lambda")[0] == "Lambda, Good for the little things"
    assert titles(run, "lambda")[-1] == "Automation and Scaling Infrastructure"


def test_json_pins_the_hit_keys(run, sample: Path) -> None:
    document = json.loads(run("search", "--json", "lambda").stdout)
    assert list(document) == ["query", "total", "hits"]
    assert document["query"] == "lambda" and document["total"] == 3
    for hit in document["hits"]:
        assert list(hit) == HIT_KEYS
    first = document["hits"][0]
    assert (
        first["id"]
        == "2016-09-08-aws-user-group-north-september-2016/lambda-good-for-the-little-things"
    )
    assert (
        first["type"] == "talk"
        and first["event_kind"] == "meetup"
        and first["format"] == "lightning"
    )
    assert first["speakers"] == [
        {"name": "Carl Simpson", "role": "Technical Architect", "company": "Zen Internet"}
    ]
    # The snippet is plain text; the matched words are ranges of it (it used to mark them **bold**).
    assert "**" not in first["snippet"]
    assert {first["snippet"][a:b] for a, b in first["highlights"]} == {"Lambda"}
    assert Path(first["path"]).is_file()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('speaker:"carl simpson"', ["Lambda, Good for the little things"]),
        (
            "company:netflix",
            ["How Netflix Achieves Email Delivery at Global Scale with Amazon SES"],
        ),
        ("role:architect", ["Lambda, Good for the little things"]),
        (
            "topic:serverless",
            ["Lambda, Good for the little things", '"Mummy, where are the servers?"'],
        ),
        (
            "tag:SERVERLESS",
            ["Lambda, Good for the little things", '"Mummy, where are the servers?"'],
        ),
        (
            "format:lightning",
            [
                "Lambda, Good for the little things",
                "Having a Bash at AWS Management",
                "Five AWS features that shouldn't exist",
            ],
        ),
        ("track:operations", ["Operating Containers at the Café"]),
        ("title:lambda", ["Lambda, Good for the little things"]),
        ("year:2019", ["Operating Containers at the Café"]),
        ("date:2016-11-30 AND keynote", ["Keynote: Andy Jassy", "Keynote: Werner Vogels"]),
        (
            "date:>2016-12-01 AND ses",
            ["How Netflix Achieves Email Delivery at Global Scale with Amazon SES"],
        ),
        ("location:barcelona AND format:keynote", ["Operating Containers at the Café"]),
        (
            "date:[2016-11-01 TO 2016-12-31] AND company:aws AND keynote",
            ["Keynote: Andy Jassy", "Keynote: Werner Vogels"],
        ),
        ("event:reinvent AND lambda", ["Automation and Scaling Infrastructure"]),
        (
            "kind:meetup AND lambda",
            ["Lambda, Good for the little things", '"Mummy, where are the servers?"'],
        ),
        ("lambda NOT kind:meetup", ["Automation and Scaling Infrastructure"]),
        (
            "netflix OR kubernetes",
            [
                "How Netflix Achieves Email Delivery at Global Scale with Amazon SES",
                "Operating Containers at the Café",
            ],
        ),
        ('"little things"', ["Lambda, Good for the little things"]),
        ("servers AND clam*", ['"Mummy, where are the servers?"']),
        ("clamv~ AND virus", ['"Mummy, where are the servers?"']),
        ("cafe", ["Operating Containers at the Café"]),
        ("zoe muller", ["Operating Containers at the Café"]),
    ],
)
def test_the_query_language(run, notes: Path, query: str, expected: list[str]) -> None:
    assert sorted(titles(run, query)) == sorted(expected)


def test_plain_words_are_stemmed(run, notes: Path) -> None:
    assert "Containers and Amazon ECS" in titles(run, "container")
    assert "Operating Containers at the Café" in titles(run, "containerised")


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("lambda AND (", "'(' at column 12 is never closed"),
        ('"lambda', "quote at column 1 is never closed"),
        ("lambda)", "')' at column 7 closes nothing"),
        ("speeker:carl", "unknown field 'speeker:'"),
        ("re:invent", "unknown field 're:'"),
        ("AND lambda", "'AND' has nothing before it"),
        ("lambda OR", "'OR' has nothing after it"),
        ("NOT", "'NOT' has nothing after it"),
        ("date:[someday TO 2016]", "cannot read '[someday TO 2016]' as dates"),
        ("date:2016-13-45", "cannot read '2016-13-45' as dates"),
        ("speaker: carl", "'speaker:' at column 1 has no value"),
        ("x" * 10_000, "10,000 characters"),
    ],
)
def test_a_malformed_query_is_one_line(run, sample: Path, query: str, words: str) -> None:
    result = run("search", query)
    assert result.exit_code == 1
    assert words in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_no_hits_suggests_a_word_from_the_index(run, sample: Path) -> None:
    result = run("search", "lamda")
    assert result.exit_code == 0
    assert "no talks match" in result.stderr
    assert "did you mean: lambda?" in result.stderr
    assert "did you mean" not in run("search", "zzzzqqq").stderr
    # a word near none is not offered back lowercased or without its accents
    for word in ("Zzzzqqq", "Qüxzjv"):
        result = run("search", word)
        assert "no talks match" in result.stderr and "did you mean" not in result.stderr
    assert "did you mean: lambda?" in run("search", "Lamda").stderr


def test_sort_by_date_and_limit(run, notes: Path) -> None:
    dates = [
        h["date"]
        for h in json.loads(run("search", "--json", "--sort", "date", "aws OR kubernetes").stdout)[
            "hits"
        ]
    ]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2019-05-20"
    result = run("search", "--limit", "1", "lambda")
    assert "1 of 3 matches for 'lambda'" in result.stderr  # exact: a word's count, none deleted
    assert json.loads(run("search", "--json", "--limit", "1", "lambda").stdout)["total"] == 3


def test_an_edit_in_any_editor_is_seen_by_the_next_search(run, sample: Path) -> None:
    assert titles(run, "kinesis") == []
    path = sample / "2016" / "2016-11-28-aws-reinvent-2016.md"
    before = path.stat()
    path.write_text(path.read_text().replace("Comfortable shoes help.", "Kinesis everywhere."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert titles(run, "kinesis") == ["AWS re:Invent 2016"]


def test_a_deleted_note_takes_its_talks_with_it(run, sample: Path) -> None:
    assert len(titles(run, "lambda")) == 3
    (sample / "2016" / "2016-09-08-aws-user-group-north-september-2016.md").unlink()
    assert titles(run, "lambda") == ["Automation and Scaling Infrastructure"]


def test_a_new_note_is_found_without_notes_index(run, sample: Path, write_note) -> None:
    assert titles(run, "kubernetes") == []
    write_note("2019/2019-05-20-kubecon.md", KUBECON)
    assert "Operating Containers at the Café" in titles(run, "kubernetes")


def test_an_unreadable_note_is_reported_and_the_rest_stay_searchable(
    run, sample: Path, write_note
) -> None:
    bad = write_note("2017/2017-01-01-bad.md", "---\ntitle: [broken\ndate: 2017-01-01\n---\n")
    for _ in range(2):  # reported again while it stays broken, from the index's memory
        result = run("search", "lambda")
        assert result.exit_code == 0
        assert f"skipped {bad}:2: front matter is not valid YAML" in result.stderr
        assert "Lambda, Good for the little things" in result.stdout


def test_the_index_lives_in_the_cache_folder_never_in_the_collection(
    run, sample: Path, tmp_path: Path
) -> None:
    before = sorted(p.relative_to(sample) for p in sample.rglob("*"))
    run("search", "lambda")
    assert sorted(p.relative_to(sample) for p in sample.rglob("*")) == before
    folder = cache_folder(sample)
    assert folder.parent == tmp_path / "cache"
    assert (folder / "manifest.json").is_file()


def damage_truncate(folder: Path) -> None:
    for segment in folder.glob("index-*/*.seg"):
        segment.write_bytes(segment.read_bytes()[:40])


def damage_delete_toc(folder: Path) -> None:
    for toc in folder.glob("index-*/*.toc"):
        toc.unlink()


def damage_garbage_toc(folder: Path) -> None:
    for toc in folder.glob("index-*/*.toc"):
        toc.write_bytes(b"\x00garbage" * 50)


def damage_old_schema(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["schema"] = 0
    (folder / "manifest.json").write_text(json.dumps(manifest))


def damage_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_text("{not json")


def damage_remove_all(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder)


@pytest.mark.parametrize(
    "damage",
    [
        damage_truncate,
        damage_delete_toc,
        damage_garbage_toc,
        damage_old_schema,
        damage_manifest,
        damage_remove_all,
    ],
)
def test_a_damaged_index_is_rebuilt_with_one_notice(run, sample: Path, damage) -> None:
    assert len(titles(run, "lambda")) == 3
    notes_before = {p: p.read_bytes() for p in sample.rglob("*.md")}
    damage(cache_folder(sample))
    result = run("search", "lambda")
    assert result.exit_code == 0, result
    assert "Traceback" not in result.stderr
    assert result.stdout.count("Lambda, Good for the little things") == 1
    assert result.stderr.count("rebuilding") <= 1
    assert {p: p.read_bytes() for p in sample.rglob("*.md")} == notes_before
    assert "rebuilding" not in run("search", "lambda").stderr  # healed for good


def test_a_writer_lock_held_by_another_process_answers_from_the_index_as_it_is(
    run, sample: Path, write_note, monkeypatch
) -> None:
    run("search", "lambda")  # builds the index
    write_note("2019/2019-05-20-kubecon.md", KUBECON)  # a change to sync
    monkeypatch.setattr(index_sync, "LOCK_TIMEOUT", 0.1)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(cache_folder(sample) / "lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = run("search", "lambda")
    finally:
        holder.communicate("")  # closing stdin lets it go
    assert result.exit_code == 0, result
    assert "another notes process is updating the search index" in result.stderr
    assert "Lambda, Good for the little things" in result.stdout
    assert "Operating Containers" in run("search", "kubernetes").stdout  # synced once free


HOLD_LOCK = """
import fcntl, sys
with open(sys.argv[1], "a+b") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_read_only_cache_still_answers(run, sample: Path, tmp_path: Path, monkeypatch) -> None:
    if os.geteuid() == 0:
        # root writes anywhere: point the cache at a path under a file, which no one can create
        (tmp_path / "a-file").write_text("")
        monkeypatch.setenv("NOTES_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    else:
        (tmp_path / "cache").mkdir(mode=0o500)
    result = run("search", "lambda")
    assert result.exit_code == 0, result
    assert "searching without it" in result.stderr
    assert "Lambda, Good for the little things" in result.stdout


def test_sync_reads_only_changed_files(sample: Path, write_note, monkeypatch) -> None:
    open_index(sample)
    write_note("2019/2019-05-20-kubecon.md", KUBECON)
    read = []
    original = index_documents.read_note
    monkeypatch.setattr(
        index_documents, "read_note", lambda path: read.append(path.name) or original(path)
    )
    index = open_index(sample)
    assert read == ["2019-05-20-kubecon.md"]
    read.clear()
    open_index(sample)
    assert read == []
    assert "Operating Containers at the Café" in [h.title for h in search(index, "kubernetes").hits]


def test_related_lists_talks_like_one_talk(run, sample: Path) -> None:
    result = run("related", "good for the little things", "--json")
    assert result.exit_code == 0, result
    document = json.loads(result.stdout)
    assert document["talk"]["title"] == "Lambda, Good for the little things"
    related = [h["title"] for h in document["hits"]]
    assert '"Mummy, where are the servers?"' in related
    assert document["talk"]["title"] not in related
    assert run("related", "aws").exit_code == 1  # a piece of several titles
    assert "matches" in run("related", "aws").stderr


def test_stats_count_talks_largest_first(run, sample: Path) -> None:
    document = json.loads(run("stats", "--by", "company", "--json").stdout)
    assert document["counts"][0] == {"value": "AWS", "talks": 6}
    by_year = json.loads(run("stats", "--by", "year", "--query", "lambda", "--json").stdout)
    assert by_year == {"by": "year", "query": "lambda", "counts": [{"value": "2016", "talks": 3}]}
    kinds = {
        c["value"]: c["talks"]
        for c in json.loads(run("stats", "--by", "kind", "--json").stdout)["counts"]
    }
    assert kinds == {"meetup": 6, "conference": 6}
    chart = run("stats", "--by", "topic")
    assert chart.exit_code == 0
    assert "lambda\t3" in chart.stdout.splitlines()  # a pipe gets the numbers, tab-separated


def test_index_says_what_it_holds_and_rebuilds(run, sample: Path) -> None:
    result = run("index")
    assert result.exit_code == 0, result
    assert "events    2" in result.stdout and "talks     12" in result.stdout
    assert str(cache_folder(sample)) in result.stdout
    rebuilt = run("index", "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt
    assert "talks     12" in rebuilt.stdout
    assert len(list(cache_folder(sample).glob("index-*"))) == 1


def test_field_queries_answer_with_talks_and_words_also_find_an_events_own_text(
    run, sample: Path
) -> None:
    kinds = json.loads(run("search", "--json", "kind:meetup").stdout)
    assert kinds["total"] == 6
    assert {hit["type"] for hit in kinds["hits"]} == {"talk"}
    shoes = json.loads(run("search", "--json", "shoes").stdout)["hits"]
    assert [(h["type"], h["id"], h["title"]) for h in shoes] == [
        ("event", "2016-11-28-aws-reinvent-2016", "AWS re:Invent 2016")
    ]
    result = run("search", "shoes")
    assert "(the event's own notes)" in result.stdout and "Las Vegas" in result.stdout
    assert "1 event's notes match 'shoes'" in result.stderr


def test_a_note_fixed_without_changing_its_size_or_time_is_read_again(
    run, sample: Path, write_note
) -> None:
    broken = "---\ntitle: [Fixed later\ndate: 2017-01-01\n---\n"
    path = write_note("2017/2017-01-01-later.md", broken)
    stat = path.stat()
    assert "skipped" in run("search", "lambda").stderr
    path.write_text(broken.replace("[Fixed", " Fixed"))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time
    assert path.stat().st_size == stat.st_size
    result = run("search", "lambda")
    assert "skipped" not in result.stderr
    assert (
        json.loads(run("list", "--json", "--year", "2017").stdout)["events"][0]["title"]
        == "Fixed later"
    )


def test_a_large_build_in_several_processes_finds_the_same(run, sample: Path, monkeypatch) -> None:
    expected = titles(run, "lambda")
    monkeypatch.setattr(index_sync, "PARALLEL_FROM", 1)  # the sample is small: pretend
    assert run("index", "--rebuild").exit_code == 0
    assert titles(run, "lambda") == expected
    assert "talks     12" in run("index").stdout


def test_a_search_waits_for_another_process_building_the_first_index(
    sample: Path, tmp_path: Path
) -> None:
    folder = cache_folder(sample)
    folder.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(folder / "lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    search = subprocess.Popen(
        [sys.executable, "-m", "notes_cli", "search", "lambda"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            search.wait(timeout=0.5)  # still waiting: it builds no second index meanwhile
    finally:
        holder.communicate("")
    out, err = search.communicate(timeout=60)
    assert search.returncode == 0, err
    assert "Lambda, Good for the little things" in out
    assert "without it" not in err
