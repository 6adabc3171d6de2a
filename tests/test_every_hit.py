"""Every hit of a search (issue 17): `--all` and `--limit 0` give the same talks in the same
order as a ranked search, as rows into a pipe, as one JSON document or JSON Lines, with the
keys `--fields` picks; `--count` the number alone; a reader that stops early ends it quietly;
in a terminal a long answer goes through the pager, snippets and all."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE
from test_ranking import _generated

from notes_cli.notefile import parse_note
from notes_cli.records import HIT_KEYS
from notes_cli.render.console import stdout


def _json(run, *args: str) -> dict:
    result = run("search", *args, "--json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_every_hit_is_the_ranked_search_in_full(run, root: Path) -> None:
    _generated(root)
    for query, sort in (
        ("lambda", "relevance"),
        ("lambda", "date"),
        ('"cold starts"', "relevance"),
    ):
        ranked = _json(run, query, "--sort", sort, "--limit", "100000")
        assert ranked["total"] == len(ranked["hits"]) > 20
        every = _json(run, query, "--sort", sort, "--all")
        assert every["total"] == ranked["total"]
        # The same hits in the same order, every key the same but the snippets past the first page.
        assert every["hits"][:20] == ranked["hits"][:20]
        for mine, theirs in zip(every["hits"], ranked["hits"], strict=True):
            assert {**mine, "snippet": "", "highlights": []} == {
                **theirs,
                "snippet": "",
                "highlights": [],
            }
        ids = [hit["id"] for hit in ranked["hits"]]
        rows = run("search", query, "--sort", sort, "--limit", "0").stdout.splitlines()
        assert rows[0].split("\t") == ["id", "date", "event_title", "title", "speakers", "tags"]
        assert [row.split("\t")[0] for row in rows[1:]] == ids
        lines = run("search", query, "--sort", sort, "--all", "--jsonl", "--fields", "id")
        assert [json.loads(line) for line in lines.stdout.splitlines()] == [{"id": i} for i in ids]
        count = run("search", query, "--count")
        assert count.stdout == f"{len(ids)}\n", count
    # The first twenty, as a search shows them by default, keep their scores and order.
    assert [h["id"] for h in _json(run, "lambda")["hits"]] == [
        h["id"] for h in _json(run, "lambda", "--all")["hits"][:20]
    ]


def test_rows_in_a_pipe_are_one_hit_per_line_with_the_fields_asked(run, sample: Path) -> None:
    result = run("search", "lambda", "--all", "--fields", "title,speakers,tags,type")
    assert result.exit_code == 0, result
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["title", "speakers", "tags", "type"]
    assert rows[1][:2] == ["Lambda, Good for the little things", "Carl Simpson (Zen Internet)"]
    assert len(rows) == 1 + 3 and all(len(row) == 4 for row in rows)
    assert {row[3] for row in rows[1:]} == {"talk"}


def test_fields_picks_the_keys_and_names_the_ones_there_are(run, sample: Path) -> None:
    hits = _json(run, "lambda", "--fields", "id,title,snippet")["hits"]
    assert [list(hit) for hit in hits] == [["id", "title", "snippet"]] * 3
    assert all(hit["snippet"] for hit in hits)
    lines = run("search", "lambda", "--jsonl", "--fields", "date, id").stdout.splitlines()
    assert [list(json.loads(line)) for line in lines] == [["date", "id"]] * 3
    wrong = run("search", "lambda", "--json", "--fields", "id,speaker")
    assert wrong.exit_code == 2
    assert "'speaker'" in wrong.stderr and ",".join(HIT_KEYS) in wrong.stderr
    assert run("search", "lambda", "--fields", "id").exit_code == 2  # the grouped text has no keys


def test_json_of_every_hit_is_one_document_with_every_key(run, sample: Path) -> None:
    document = _json(run, "lambda OR keynote", "--all")
    assert list(document) == ["query", "total", "hits"]
    assert document["total"] == len(document["hits"]) > 3
    assert document == _json(run, "lambda OR keynote", "--limit", "100")  # all on the first page
    assert all(list(hit) == list(HIT_KEYS) for hit in document["hits"])
    empty = _json(run, "nothingmatchesthis", "--all")
    assert empty == {"query": "nothingmatchesthis", "total": 0, "hits": []}
    assert run("search", "nothingmatchesthis", "--count").stdout == "0\n"


def test_no_hits_with_all_says_so_on_stderr(run, sample: Path) -> None:
    result = run("search", "lambad", "--all")
    assert result.stdout == ""
    assert "no talks match" in result.stderr and "did you mean: lambda?" in result.stderr


def _long_collection(sample: Path) -> None:
    for number in range(300):  # more than a pipe holds
        (sample / f"2020-01-{number:03d}-copy.md").write_text(
            (sample / "2016" / "2016-09-08-aws-user-group-north-september-2016.md").read_text()
        )


def test_a_reader_that_stops_early_ends_every_output_quietly(sample: Path) -> None:
    """`notes search lambda --all | head -1`: the first line, and not a word on stderr."""
    _long_collection(sample)
    notes = shlex.join([sys.executable, "-m", "notes_cli", "search", "lambda"])
    for output in ("--all", "--all --json", "--all --jsonl", "--limit 100000"):
        piped = subprocess.run(
            f"{notes} {output} | head -1", shell=True, capture_output=True, text=True, timeout=120
        )
        assert len(piped.stdout.splitlines()) == 1, output
        assert [line for line in piped.stderr.splitlines() if not line.startswith("indexing")] == []


def test_in_a_terminal_every_hit_goes_through_the_pager_with_its_snippet(
    run, sample: Path, monkeypatch, tmp_path: Path
) -> None:
    _long_collection(sample)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("LINES", "30")
    stdout.cache_clear()
    script = tmp_path / "pager.py"
    script.write_text(
        f"import sys\nopen({str(tmp_path / 'paged')!r}, 'w').write(sys.stdin.read())\n"
    )
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    try:
        result = run("search", "little things", "--all")
        assert result.exit_code == 0, result
        paged = re.sub(r"\x1b\[[0-9;]*m", "", (tmp_path / "paged").read_text())
        assert paged.count("Lambda, Good for the little things") == 301
        assert paged.count("Carl made the case for using Lambda") == 301  # every snippet
        assert "301 talks match 'little things'" in result.stderr
        assert "little things" not in result.stdout
        (tmp_path / "paged").unlink()
        unpaged = run("search", "little things", "--all", "--no-pager")
        assert unpaged.stdout.count("Carl made the case") == 301
        assert not (tmp_path / "paged").exists()
    finally:
        stdout.cache_clear()


def test_the_digest_written_as_it_is_made_is_the_post_written_into_out(
    run, sample: Path, tmp_path: Path
) -> None:
    for format_name in ("markdown", "jekyll", "hugo", "json"):
        args = ["export", "--query", "lambda", "--title", "Every Lambda talk"]
        printed = run(*args, "--format", format_name)
        assert printed.exit_code == 0, printed
        out = tmp_path / f"out-{format_name}"
        assert run(*args, "--format", format_name, "--out", str(out)).exit_code == 0
        [written] = out.iterdir()
        assert written.read_text(encoding="utf-8") == printed.stdout


def test_the_digest_reads_its_talks_from_the_index_as_the_notes_give_them(
    run, root: Path, monkeypatch
) -> None:
    """The digest takes the talks' facts from the index and parses no front matter, unless a
    talk has links: the same post as when every note is parsed whole."""
    from notes_cli import finding

    _generated(root)
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    (root / "2016" / "2016-12-01-private-bits.md").write_text(
        "---\ntitle: Private bits\ndate: 2016-12-01\ntalks:\n"
        "  - {title: Lambda in private, slides: 'https://example.com/s'}\n"
        "  - title: Lambda out loud\n  - title: Lambda, hidden (private)\n---\n"
        "Own text.\n\n## Lambda in private\n\nSeen.\n<!-- private -->zebrawhisper<!-- /private -->\n\n"
        "## Lambda out loud\n\nLoud.\n\n## Lambda, hidden (private)\n\nHidden.\n",
        encoding="utf-8",
    )
    # Talks of one title paired with their sections in turn, a `#` part and a stray section in
    # the event's text, a private part (found on the whole body), a talk with no section.
    (root / "2016" / "2016-12-02-twice.md").write_text(
        "---\ntitle: Twice\ndate: 2016-12-02\ntalks:\n  - title: Lambda at night\n"
        "  - title: Lambda at night\n  - title: lambda AT night!\n  - title: Lambda, no notes\n"
        "---\nOwn <!-- private -->hushhush<!-- /private -->.\n\n## Lambda at night\n\nFirst.\n"
        "\n# Day two\n\n## Lambda at Night\n\nSecond.\n\n## Stray\n\nStray.\n\n"
        "## lambda at night\n\nThird.\n",
        encoding="utf-8",
    )
    # Line ends of Windows and a fenced heading, which is code.
    (root / "2016" / "2016-12-03-fenced.md").write_bytes(
        b"---\r\ntitle: Fenced\r\ndate: 2016-12-03\r\ntalks:\r\n  - title: Lambda in code\r\n"
        b"---\r\n## Lambda in code\r\n\r\n```\r\n## not a heading\r\n```\r\nAfter.\r\n"
    )
    parsed = []
    monkeypatch.setattr(finding, "parse_note", lambda *a: parsed.append(a) or parse_note(*a))
    for format_name in ("markdown", "jekyll", "hugo", "json"):
        args = ["export", "--query", "lambda", "--title", "All of them", "--format", format_name]
        parsed.clear()
        fast = run(*args)
        assert len(parsed) == 1  # the note with links
        with monkeypatch.context() as parsed_whole:
            parsed_whole.setattr(finding, "_has_links", lambda front: True)  # all parsed
            whole = run(*args)
        assert fast.exit_code == whole.exit_code == 0, fast
        assert fast.stdout == whole.stdout
        assert "zebrawhisper" not in fast.stdout and "Hidden." not in fast.stdout
        assert "hushhush" not in fast.stdout
        if format_name == "markdown":  # the event's own text is json's only
            assert "(https://example.com/s)" in fast.stdout and "Loud." in fast.stdout
            assert fast.stdout.index("First.") < fast.stdout.index("Second.")
            assert "Third." in fast.stdout and "## not a heading" in fast.stdout
            assert "Stray." not in fast.stdout


def test_the_digest_shows_a_note_as_it_is_now_not_as_the_index_last_saw_it(
    run, sample: Path
) -> None:
    """The talks' facts come from the index, which is synced first: a speaker and notes
    changed since the last search are in the next digest."""
    args = ["export", "--query", "lambda", "--title", "Lambda", "--format", "markdown"]
    assert "Carl Simpson" in run(*args).stdout
    [note] = sample.rglob("*september-2016.md")
    text = note.read_text(encoding="utf-8")
    changed = text.replace("Carl Simpson", "Carla Simpsonn").replace(
        "## Lambda, Good for the little things\n",
        "## Lambda, Good for the little things\n\nzebrafresh\n",
    )
    assert changed.count("zebrafresh") == 1 and "Carla Simpsonn" in changed
    note.write_text(changed, encoding="utf-8")
    stat = note.stat()
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    digest = run(*args).stdout
    assert "Carla Simpsonn" in digest and "Carl Simpson (" not in digest
    assert "zebrafresh" in digest


def test_the_digest_finds_each_event_wherever_the_index_keeps_its_document(
    sample: Path,
) -> None:
    """An event's document is looked for after its talks' first; one kept elsewhere (the
    documents of another note in between) is found by its id: every event either way."""
    from notes_cli.index import queries
    from notes_cli.notebook import Notebook

    def events(index, moved: bool) -> dict:
        found = queries.Found(index, "aws", snippets=0, talks=True)
        try:
            near = {
                hit.path: (hit.event_id, 0 if moved else docnum)
                for (docnum, _), hit in zip(found.docs, found.hits(), strict=True)
            }
        finally:
            found.close()
        return queries.events_at(index, near)

    book = Notebook(sample)
    where_written, elsewhere = (
        book._read(lambda i: events(i, False)),
        book._read(lambda i: events(i, True)),
    )
    assert len(where_written) == 2 and where_written == elsewhere
    assert {event.title for event in elsewhere.values()} == {
        "AWS re:Invent 2016",
        "AWS User Group North, September 2016",
    }


def test_talks_of_a_tag_are_the_rows_every_events_talks_give(run, root: Path, monkeypatch) -> None:
    """`list --talks --tag` makes rows of the tagged talks alone: the same rows, ids and order
    as filtering every event's talks, for a tag on talks or on their event, in any case."""
    from notes_cli.listing import filter_talks
    from notes_cli.notebook import Notebook

    _generated(root)
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    (root / "2016" / "2016-12-04-same-titles.md").write_text(
        "---\ntitle: Same titles\ndate: 2016-12-04\ntags: [Tagged-Event]\ntalks:\n"
        "  - {title: Lambda, tags: [LAMBDA]}\n  - {title: Other}\n  - {title: lambda, tags: [x]}\n"
        "  - {title: Lambda!, tags: [Lambda], speakers: ['Ann Lee (Dev, AWS)']}\n---\n",
        encoding="utf-8",
    )
    cases = [["lambda"], ["LAMBDA", "--ids"], ["tagged-event"], ["aws", "--json"]]
    cases += [["lambda", "--company", "aws", "--year", "2016"], ["nothing-has-it"]]
    for case in cases:
        args = ["list", "--talks", "--tag", *case]
        tagged = run(*args)
        with monkeypatch.context() as every_event:
            every_event.setattr(
                Notebook, "talks", lambda self, wanted: filter_talks(self._all_events(), wanted)
            )
            filtered = run(*args)
        assert tagged.exit_code == filtered.exit_code == 0, tagged
        assert tagged.stdout == filtered.stdout and tagged.stderr == filtered.stderr
    rows = run("list", "--talks", "--tag", "LAMBDA", "--ids").stdout
    assert "same-titles/lambda\t" in rows and "same-titles/lambda-3\t" in rows
    assert "same-titles/lambda-2\t" not in rows
