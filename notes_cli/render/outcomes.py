"""What `check`, `import` and `export` found or did, as their last lines say it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from notes_cli.model import Event
from notes_cli.results import Checked, ImportPlan

if TYPE_CHECKING:
    from notes_cli.export import Exported

from .console import (
    OUT,
    info,
    json_document,
    line,
    notice,
    plural,
    problems,
    speakers_text,
    stdout,
    visible,
)


def planned_talks(event: Event) -> None:
    """The talks an import would write, one a line under its event (`--dry-run`): plain
    lines, unstyled, so that a dry run of a long post never waits for Rich to load."""
    for talk in event.talks:
        who = speakers_text(talk.speakers, roles=True)
        kind = f" [{talk.format}]" if talk.format else ""
        OUT.write(visible(f"    - {talk.title}{kind}" + (f" — {who}" if who else "")) + "\n")
    OUT.flush()


def decisions(path: Any, found: Sequence[Any]) -> None:
    """`notes import --explain`: each block of a post weighed as a talk, and why."""
    from rich.text import Text

    stdout().print(Text(visible(str(path)), style="bold"), soft_wrap=True)
    if not found:
        stdout().print(
            Text("  a schedule, or a post with no block that could be a talk"), soft_wrap=True
        )
    for decision in found:
        mark = Text(
            "  talk  " if decision.taken else "  no    ", style="green" if decision.taken else "dim"
        )
        where = f"line {decision.line:<5}" if decision.line else " " * 10
        head = Text(f"{where} {decision.kind:<8} {decision.score:>5.2f}  ")

        what = Text(visible(decision.text))
        if decision.taken or decision.speakers:
            who = f" — {decision.speakers}" if decision.speakers else ""
            what.append(f"\n{' ' * 33}→ " + visible(f"{decision.title}{who}"))
        what.append(f"\n{' ' * 33}" + visible(decision.why), style="dim")
        stdout().print(Text.assemble(mark, head, what), soft_wrap=True)


def checked(found: Checked) -> None:
    """`notes check`: one line per problem; the count of notes checked when there is none."""
    problems(found.problems)
    if not found.problems:
        info(f"{plural(found.files, 'note')} checked, no problems")


def imported(plan: ImportPlan, *, as_json: bool = False) -> None:
    """What an import wrote (or would write, in a dry run), note by note, then in one line."""
    for failure in plan.failed:
        notice(f"not imported: {failure}")
    if as_json:
        from notes_cli.records import import_document

        json_document(import_document(plan))
    else:
        for note in plan.notes:
            verb = "" if plan.written else "would write "
            line(f"{verb}{note.path}  ({plural(len(note.draft.talks), 'talk')})")
            if not plan.written:
                planned_talks(note.event)
    for known in plan.known:
        info(f"{known.source}: already imported as {known.path.stem} ({known.path}); left alone")
    talks = sum(len(note.draft.talks) for note in plan.notes)
    verb = "wrote" if plan.written else "would write"
    left = f"; {plan.skipped} already there, left alone" if plan.skipped else ""
    left += f"; {len(plan.known)} imported before, left alone" if plan.known else ""
    info(
        f"{verb} {plural(len(plan.notes), 'event')} and {plural(talks, 'talk')} to {plan.root}{left}"
    )


def exported(found: Exported, out: object, written: int) -> None:
    """The one line an export into a folder ends with."""
    pages = len(found.pages)
    info(f"{plural(pages, 'post')} in {out} ({written} written, {pages - written} unchanged)")
