"""The Notebook's operations for the conference day: stars, the plan of the starred talks,
what is on now, a plan as a calendar file, and a programme imported again (`--update`).

Plans and `now` read the index (each talk's stored facts, timetable.py), never the notes; a
star and an update change one note as text (amend.py), under its lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ImportFailed, NotesError
from .handling import Operations
from .lazy import lazy_import
from .model import Draft, Event, Talk
from .notefile import read_note

if TYPE_CHECKING:
    from . import collection
    from .listing import TalkFilter
    from .planning import Now, Plan
    from .results import Updated, UpdatePlan
    from .talkref import TalkRef
else:  # loaded when first used: a search does not write notes (lazy.lazy_import)
    collection = lazy_import("notes_cli.collection")


class Conferencing(Operations):
    """Mixed into Notebook, which gives `root`, `resolve`, `talk`, `talks` and the index."""

    def star(self, ref: str, *, starred: bool = True) -> tuple[TalkRef, bool]:
        """Star (or unstar) the talk `ref` names (as `talk` reads it): `starred: true` in its
        mapping, or no `starred` key. Returns the talk and whether the note changed."""
        from .amend import REMOVE

        found = self.talk(ref)
        keys = {"starred": True if starred else REMOVE}
        return found, collection.change_talk(found.event.path, found.id, keys)

    def flagged_talks(
        self, wanted: TalkFilter, *, starred: bool = False, unwritten: bool = False
    ) -> Iterator[tuple[Event, Talk, str]]:
        """`notes list --talks --starred --unwritten`: the talks of `wanted` that are starred
        (when asked) and whose section is still empty (when asked)."""
        from .index import queries

        ids = self._read(lambda index: queries.flagged(index, starred=starred, unwritten=unwritten))
        return self.talks(replace(wanted, ids=ids))

    def plan(self, ref: str | None = None, *, day: str | None = None, transfer: int = 15) -> Plan:
        """The starred talks of the event `ref` names, per day in time order, with what clashes.
        Without `ref`: of every event with starred talks that has not ended, else of the last
        one that had starred talks."""
        from . import planning, timetable
        from .index import queries

        events = [self.resolve(ref).stem] if ref else []
        found = self._read(lambda index: queries.slots(index, events=events, starred=True))
        if not found:
            if ref:
                raise NotesError(
                    f"no starred talks in {events[0]}: star what you mean to see with "
                    f"notes star '{ref}/TITLE'"
                )
            raise NotesError("no starred talks yet: star what you mean to see with notes star TALK")
        by_event: dict[str, list[timetable.Slot]] = {}
        for slot in found:
            by_event.setdefault(slot.event_id, []).append(slot)
        if not ref and len(by_event) > 1:
            spans = self._read(lambda index: queries.event_spans(index, list(by_event)))
            today = dt.date.today()
            coming = [e for e in by_event if spans.get(e, (today, today))[1] >= today]
            latest = max(by_event, key=lambda e: spans.get(e, (dt.date.min,) * 2))
            by_event = {e: by_event[e] for e in coming or [latest]}
        plans = []
        for slots in by_event.values():
            try:
                plans.append(planning.event_plan(slots, transfer=transfer, day=day))
            except NotesError:
                if ref or len(by_event) == 1:
                    raise
        if not plans:
            raise NotesError(f"--day {day}: none of the events with starred talks has that day")
        plans.sort(key=lambda p: min((d.day for d in p.days), default=dt.date.max))
        shown = {plan.event_id for plan in plans}
        problems = planning.problems_of(s for s in found if s.event_id in shown)
        return planning.Plan(tuple(plans), transfer, problems)

    def now(self, ref: str | None = None, *, at: str | None = None) -> Now:
        """What is on at `at` (a moment as planning.moment reads it; default: now) and what
        starts next, at the event `ref` names or at any event then. A time without a zone is on
        the programme's clock when the talks around it keep one, else on the user's."""
        from . import planning, timetable
        from .index import queries

        events = [self.resolve(ref).stem] if ref else []
        utc = dt.timezone.utc
        guess = planning.moment(at, utc) if at else dt.datetime.now(utc)
        middle = guess.astimezone(utc).replace(tzinfo=None)
        window = (middle - dt.timedelta(days=2), middle + dt.timedelta(days=2))
        found = self._read(lambda index: queries.slots(index, events=events, between=window))
        clock = timetable.user_zone()
        clocks = {
            timetable.zone_label(s.start): s.start.tzinfo
            for s in found
            if s.start is not None and not s.floating
        }
        if len(clocks) == 1:
            clock = next(iter(clocks.values())) or clock
        moment = planning.moment(at, clock) if at else dt.datetime.now(clock)
        shown = sorted({slot.event_id for slot in found}) or events
        untimed = 0
        if shown:
            starred = self._read(lambda index: queries.slots(index, events=shown, starred=True))
            untimed = sum(1 for slot in starred if slot.start is None)
        return planning.now(found, moment, untimed=untimed)

    def write_calendar(self, path: Path, plan: Plan) -> tuple[int, int]:
        """Write `plan` as an iCalendar file at `path`; (talks written, talks left out because
        they have no time)."""
        from .errors import WriteFailed
        from .files import replace_file
        from .ics import calendar_of

        data, written, left_out = calendar_of(plan)
        if not written:
            raise NotesError(
                "none of the starred talks has a time: there is nothing to put in a calendar"
            )
        try:
            replace_file(path.expanduser(), data)
        except OSError as exc:
            raise WriteFailed(path, exc.strerror or str(exc)) from exc
        return written, left_out

    def plan_update(
        self, paths: Sequence[Path], *, track: str | None = None, match: str | None = None
    ) -> UpdatePlan:
        """`import --update`: what each programme changes in the event imported from it (or,
        for a programme never imported, the note it becomes), at the paths the real run uses."""
        from .importers import read_file
        from .refresh import refresh, target_of
        from .results import Updated, UpdatePlan

        files = _files(paths)
        events = list(self._all_events())
        failed: list[ImportFailed] = []
        planned: list[Updated] = []
        taken = set(collection.event_ids(self.root))
        for path in files:
            try:
                drafts = read_file(path)
                if not all("programme" in draft.extra for draft in drafts):
                    raise ImportFailed(
                        path,
                        "is not a conference programme: --update brings an imported "
                        "programme up to date; import a post without it",
                    )
                for draft in drafts:
                    targets = target_of(draft, events)
                    if len(targets) > 1:
                        raise ImportFailed(
                            path,
                            "was imported into more than one event ("
                            + ", ".join(e.id for e in targets)
                            + "): move the copies you do not use out of the collection",
                        )
                    chosen = _chosen(draft, track, match, targets[0] if targets else None)
                    if not targets:
                        place = collection.new_note_path(self.root, chosen, taken)
                        planned.append(Updated(place, chosen, new=True))
                        continue
                    event = read_note(targets[0].path).event
                    found = refresh(event, chosen)
                    planned.append(Updated(event.path, chosen, found.updates, found.event_changes))
            except ImportFailed as problem:
                failed.append(problem)
        return UpdatePlan(self.root, tuple(planned), tuple(failed))

    def apply_update(self, plan: UpdatePlan) -> UpdatePlan:
        """Write what `plan` says; each event's changes worked out again from its note as it
        is when it is written, under its lock."""
        from .amend import change_talks
        from .notefile import parse_note
        from .refresh import refresh
        from .results import UpdatePlan
        from .saving import update_note

        done: list[Updated] = []
        taken = set(collection.event_ids(self.root))
        for item in plan.events:
            if item.new:
                path = collection.create_event(self.root, item.draft, taken=taken)
                done.append(replace(item, path=path))
                continue
            if item.unchanged:
                done.append(item)
                continue
            seen: list[Updated] = []

            def change(text: str, item: Updated = item, seen: list[Updated] = seen) -> str:
                found = refresh(parse_note(text, item.path).event, item.draft)
                seen.append(replace(item, updates=found.updates, event_changes=found.event_changes))
                if found.empty:
                    return text
                return change_talks(
                    text, item.path, found.talk_changes, found.added, found.event_keys
                )

            update_note(item.path, change)
            done.append(seen[-1] if seen else item)
        return UpdatePlan(plan.root, tuple(done), plan.failed, written=True)


def _files(paths: Sequence[Path]) -> list[Path]:
    from .importers import files_to_import

    files = list(files_to_import(paths))
    if not files:
        raise NotesError("no schedules to import in " + ", ".join(str(p) for p in paths))
    return files


def _chosen(draft: Draft, track: str | None, match: str | None, event: Event | None) -> Draft:
    """The programme's talks an event takes: those of --track and --match, or, when neither is
    given, those of the selection the event was imported with (recorded under `programme:`)."""
    from .importers import selected

    recorded = event.extra.get("programme") if event is not None else None
    recorded = recorded if isinstance(recorded, dict) else {}
    if not (track or match):
        track, match = recorded.get("track"), recorded.get("match")
    return selected(draft, track=str(track) if track else None, match=str(match) if match else None)
