"""The import command: blog posts and conference schedules as notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from notes_cli.errors import NotesError

from .app import Directory, app, interactive


@app.command("import")
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Posts, schedules, or folders of them (a blog's _posts/).", show_default=False
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    json: Annotated[
        bool,
        typer.Option("--json", help="With --dry-run: the events as notes list --json prints them."),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say, block by block, why each part of a post was or was not taken as a talk; writes nothing.",
        ),
    ] = False,
    skip_existing: Annotated[
        bool,
        typer.Option(
            "--skip-existing",
            help="Leave an event that is already in the collection (same date and title) alone.",
        ),
    ] = False,
    track: Annotated[
        str | None,
        typer.Option(help="From a schedule, only the talks of this track.", show_default=False),
    ] = None,
    match: Annotated[
        str | None,
        typer.Option(
            help="Only the talks that mention this (title, speakers, tags, abstract).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="The date of a post that gives none.", show_default=False
        ),
    ] = None,
    directory: Directory = None,
) -> None:
    """Import blog posts and conference schedules as notes; never overwrites a note.

    Posts: Markdown or HTML, with YAML, TOML or no front matter. Schedules: pretalx/frab schedule.json and schedule.xml, Sessionize JSON, iCalendar .ics, the re:Invent catalogue.

    Example: notes import ~/blog/_posts --dry-run    ·    notes import post.md --explain
    """
    from notes_cli import render
    from notes_cli.collection import create_event, event_ids, find_root
    from notes_cli.errors import ImportFailed, MissingDate
    from notes_cli.importers import explain_file, files_to_import, read_file, selected
    from notes_cli.importers.posts import UNDATED
    from notes_cli.model import Event, event_id, event_record

    root = find_root(directory)
    files = list(files_to_import(paths))
    if not files:
        raise NotesError("no posts or schedules to import in " + ", ".join(str(p) for p in paths))
    if explain:
        for path in files:
            render.decisions(path, explain_file(path))
        return

    failed: list[ImportFailed] = []
    drafts = []
    # A bar for a folder of posts or a big schedule (the re:Invent catalogue is 3 MB); a file
    # or two of ordinary size are read before a bar could say anything.
    size = sum(p.stat().st_size for p in files if p.is_file())
    with render.progress_bar("importing", at_least=1 if size > 1_000_000 else 20) as update:
        for number, path in enumerate(files, start=1):
            try:
                found = read_file(path, default_date=date.date() if date else None)
            except MissingDate as missing:
                if dry_run:  # show what was found; the real run asks, or needs --date
                    render.notice(f"{missing}")
                    found = getattr(missing, "drafts", [])
                elif not interactive():
                    failed.append(missing)
                    continue
                else:
                    asked = _ask_date(path, read_file, failed)
                    if asked is None:
                        continue
                    found = asked

                drafts += [(path, selected(draft, track=track, match=match)) for draft in found]
                update(number, len(files))
                continue
            except ImportFailed as problem:
                failed.append(problem)
                continue
            drafts += [(path, selected(draft, track=track, match=match)) for draft in found]
            update(number, len(files))
    for failure in failed:
        render.notice(f"not imported: {failure}")
    taken = set(event_ids(root))
    written: list[tuple[Path, Event]] = []
    skipped = 0
    for _, draft in drafts:
        wanted = event_id(draft.date, draft.title)
        if skip_existing and wanted in taken:
            skipped += 1
            continue
        if dry_run:
            folder = "undated" if draft.date == UNDATED else f"{draft.date.year:04d}"
            name = wanted if draft.date != UNDATED else wanted.split("-", 3)[-1]
            written.append((root / folder / f"{name}.md", Event.of(draft, id=name, path=root)))
            continue
        path = create_event(root, draft, taken=taken)
        written.append((path, Event.of(draft, id=path.stem, path=path)))
    if dry_run and json:
        records = [event_record(e) | {"path": str(p.absolute())} for p, e in written]
        for record in records:
            if record["date"] == UNDATED.isoformat():
                record["date"] = None
        render.json_document({"events": records})
    else:
        for path, event in written:
            render.line(f"{'would write ' if dry_run else ''}{path}  ({len(event.talks)} talks)")
            if dry_run:
                render.planned_talks(event)

    talks = sum(len(event.talks) for _, event in written)
    verb = "would write" if dry_run else "wrote"
    render.info(
        f"{verb} {len(written)} event{'s' if len(written) != 1 else ''} and {talks} talks to {root}"
        + (f"; {skipped} already there, left alone" if skipped else "")
    )
    if failed:
        raise NotesError(
            f"{len(failed)} file{'s' if len(failed) != 1 else ''} could not be imported (named above)"
        )


def _ask_date(path: Path, read_file: Any, failed: list[Any]) -> list[Any] | None:
    """The events of an undated post, dated as the person at the terminal says."""
    from notes_cli.errors import ImportFailed

    answer = typer.prompt(f"Date of {path} (YYYY-MM-DD)", err=True)
    try:
        return list(read_file(path, default_date=dt.date.fromisoformat(answer.strip())))
    except (ValueError, ImportFailed) as again:
        failed.append(
            again
            if isinstance(again, ImportFailed)
            else ImportFailed(path, f"'{answer}' is not a date")
        )
        return None
