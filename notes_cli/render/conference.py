"""The conference day: what star, plan and now say, the programme's facts of a talk in a
writeup, and what `import --update` changed. Rich is imported by the functions that print."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from notes_cli.model import Event, Speaker, Talk
from notes_cli.talkref import TalkRef

from .console import info, line, notice, plural, speakers_text, stdout, visible

if TYPE_CHECKING:
    from rich.text import Text

    from notes_cli.planning import Clash, Now, Plan
    from notes_cli.results import UpdatePlan
    from notes_cli.timetable import Slot


def starred(found: TalkRef, *, starred: bool, changed: bool) -> None:
    """What `notes star` / `notes unstar` did."""
    what = "starred" if starred else "unstarred"
    title = found.talk.title
    if changed:
        info(f"{what} '{title}' ({found.event.title}): {found.id}")
    else:
        info(f"'{title}' was already {what if starred else 'not starred'}; nothing changed")


def problems_found(found: Sequence[str]) -> None:
    """Talks whose time could not be read as it is (an unknown zone...), one line each."""
    for problem in found:
        notice(problem)


def _clock(slot: Slot) -> str:
    """`11:00–11:45` on the programme's clock (`11:00` when the length is unknown)."""
    assert slot.start is not None
    start = slot.start.strftime("%H:%M")
    if not slot.minutes or slot.end is None:
        return start
    end = slot.end.strftime("%H:%M")
    return f"{start}–{end}"


def _yours(slot: Slot) -> str:
    """The same times on the user's clock, when it shows others: `(05:00–05:45 yours)`."""
    from notes_cli.timetable import for_user

    assert slot.start is not None
    if slot.floating:
        return ""
    start = for_user(slot.start)
    if start is None:
        return ""
    end = for_user(slot.end) if slot.minutes and slot.end else None
    shown = start.strftime("%H:%M") + (f"–{end.strftime('%H:%M')}" if end else "")
    if start.date() != slot.start.date():
        shown += f" {start.strftime('%a')}"
    return f"({shown} your time)"


def _slot_lines(slot: Slot, lead: str = "  ", below: str = "") -> list[Text]:
    from rich.text import Text

    assert slot.start is not None
    first = Text(lead)
    first.append(f"{_clock(slot):<11}", style="cyan")
    first.append("  ")
    first.append(visible(slot.title), style="strike" if slot.cancelled else "bold green")
    if slot.cancelled:
        first.append("  cancelled", style="red")
    if slot.room:
        first.append(f"  · {visible(slot.room)}")
    lines = [first]
    about = [p for p in (speakers_text(slot.speakers), slot.code, _yours(slot), _length(slot)) if p]
    if about:
        lines.append(Text((below or lead) + " " * 13 + visible(" · ".join(about)), style="dim"))
    return lines


def _length(slot: Slot) -> str:
    return "" if slot.minutes else "length unknown"


def _clash_line(clash: Clash, lead: str = "  ") -> Text:
    from rich.text import Text

    first, second = clash.first, clash.second
    if clash.kind == "overlap":
        what = f"overlap: '{first.title}' ({_clock(first)}) and '{second.title}' ({_clock(second)})"
    else:
        gap = f"{clash.gap} min" if clash.gap > 0 else "no time"
        what = (
            f"tight: {gap} from '{first.title}' ({first.venue}) to '{second.title}' "
            f"({second.venue})"
        )
    return Text(f"{lead}! {visible(what)}", style="yellow")


def plan_view(plan: Plan) -> None:
    """`notes plan`: per event, per day, the starred talks in time order and what clashes."""
    from rich.text import Text

    console = stdout()
    for number, event in enumerate(plan.events):
        if number:
            console.print()
        header = Text(visible(event.event_title), style="bold")
        header.append(
            f" · times {event.zone}" if event.zone else " · times as the programme gives them",
            style="dim",
        )
        console.print(header, soft_wrap=True)
        for day in event.days:
            console.print(Text(day.day.strftime("%A %Y-%m-%d"), style="bold cyan"), soft_wrap=True)
            for slot in day.slots:
                for text in _slot_lines(slot):
                    console.print(text, soft_wrap=True)
            for clash in day.clashes:
                console.print(_clash_line(clash), soft_wrap=True)
        if event.unknown:
            console.print(Text("time unknown", style="bold cyan"), soft_wrap=True)
            for slot in event.unknown:
                row = Text("  ")
                row.append(visible(slot.title), style="bold green")
                extra = [
                    p
                    for p in (slot.code, slot.room, f"{slot.minutes} min" if slot.minutes else "")
                    if p
                ]
                if extra:
                    row.append("  · " + visible(" · ".join(extra)))
                console.print(row, soft_wrap=True)
    counted = sum(len(day.slots) for event in plan.events for day in event.days)
    unknown = sum(len(event.unknown) for event in plan.events)
    clashing = sum(len(day.clashes) for event in plan.events for day in event.days)
    summary = f"{plural(counted, 'starred talk')} with a time"
    if unknown:
        summary += f", {unknown} without"
    summary += f"; {plural(clashing, 'clash', 'clashes')} (transfer {plan.transfer} min)"
    info(summary)


def now_view(found: Now) -> None:
    """`notes now`: what is on, what starts next, starred first."""
    from rich.text import Text

    from notes_cli.planning import minutes_until

    console = stdout()
    at = found.at
    console.print(
        Text(f"{at.strftime('%A %Y-%m-%d %H:%M')} ({_at_zones(at)})", style="bold"), soft_wrap=True
    )
    for label, slots in (("on now", found.on), ("next", found.next)):
        console.print(Text(label, style="bold cyan"), soft_wrap=True)
        if not slots:
            console.print(Text("  nothing"), soft_wrap=True)
        for slot in slots:
            lines = _slot_lines(slot, lead="  " + ("★ " if slot.starred else "  "), below="    ")
            to_go = minutes_until(slot, at)
            if to_go > 0:
                lines[0].append(f"  in {_minutes(to_go)}", style="magenta")
            elif slot.end is not None and slot.minutes:
                left = int((slot.end - at).total_seconds() // 60)
                lines[0].append(f"  {_minutes(left)} left", style="magenta")
            for text in lines:
                console.print(text, soft_wrap=True)
    if found.untimed:
        info(
            f"{plural(found.untimed, 'starred talk')} of these events {'has' if found.untimed == 1 else 'have'} no time (see notes plan)"
        )


def _at_zones(at: Any) -> str:
    """`Europe/Berlin`, and the same moment on the user's clock when it shows another time:
    `Europe/Berlin; 09:05 your time`."""
    from notes_cli.timetable import for_user

    mine = for_user(at)
    if mine is None:
        return zone_text(at)
    day = f" {mine.strftime('%a')}" if mine.date() != at.date() else ""
    return f"{zone_text(at)}; {mine.strftime('%H:%M')}{day} your time"


def _minutes(count: int) -> str:
    """`25 min`, `1 h 05`, `7 h`."""
    if count < 60:
        return f"{count} min"
    hours, minutes = divmod(count, 60)
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def zone_text(when: Any) -> str:
    from notes_cli.timetable import zone_label

    return zone_label(when)


def calendar_written(path: Any, written: int, left_out: int) -> None:
    more = f"; {left_out} without a time left out" if left_out else ""
    info(f"wrote {plural(written, 'talk')} to {path}{more}")


def _value_text(key: str, value: Any) -> str:
    if value is None:
        return "none"
    if key == "speakers" and isinstance(value, list):
        return ", ".join(
            Speaker(
                str(s.get("name", "")), str(s.get("role") or ""), str(s.get("company") or "")
            ).label()
            if isinstance(s, dict)
            else str(s)
            for s in value
        )
    if key == "abstract":
        return "(abstract)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(value)


def _change_text(change: Any) -> str:
    if change.key == "abstract":
        return "abstract changed" if change.old else "abstract added"
    return f"{change.key} {_value_text(change.key, change.old)} → {_value_text(change.key, change.new)}"


def updated(plan: UpdatePlan) -> None:
    """What `import --update` changed (or, in a dry run, would change), talk by talk."""
    for failure in plan.failed:
        notice(f"not imported: {failure}")
    marks = {"changed": "~", "added": "+", "cancelled": "-", "restored": "+"}
    for item in plan.events:
        if item.new:
            verb = "wrote" if plan.written else "would write"
            line(
                f"{verb} {item.path}  ({plural(len(item.draft.talks), 'talk')}; not imported before)"
            )
            continue
        if item.unchanged:
            line(f"{item.path}  up to date")
            continue
        verb = "updated" if plan.written else "would update"
        line(f"{verb} {item.path}")
        for change in item.event_changes:
            line(
                f"    ~ the event's {change.key}: {_value_text(change.key, change.old)} → {_value_text(change.key, change.new)}"
            )
        for talk in item.updates:
            what = {
                "changed": "; ".join(_change_text(c) for c in talk.changes),
                "added": "new in the programme",
                "cancelled": "no longer in the programme: cancelled: true",
                "restored": "back in the programme"
                + ("; " + "; ".join(_change_text(c) for c in talk.changes) if talk.changes else ""),
            }[talk.what]
            line(f"    {marks[talk.what]} {talk.title}: {what}")
    from notes_cli.refresh import summary

    changed = [item for item in plan.events if not item.new and not item.unchanged]
    parts = [
        summary(item.updates)
        if item.updates
        else "the event's " + " and ".join(change.key for change in item.event_changes) + " changed"
        for item in changed
    ]
    new = sum(item.new for item in plan.events)
    said = "; ".join(p for p in parts if p) or "nothing to change"
    if new:
        said += f"; {plural(new, 'new event')}"
    info(("" if plan.written else "dry run: ") + said)


def programme_parts(event: Event, talk: Talk) -> list[str]:
    """What the programme says of a talk: when, where, its star; its abstract, quoted as the
    organiser's text, apart from the user's notes."""
    from notes_cli.talkfacts import facts_of
    from notes_cli.timetable import slot_of

    slot = slot_of(facts_of(event, talk), id="", event_id=event.id, event_title="", title="")
    when = []
    if slot.start is not None:
        clock = _clock(slot)
        zone = "" if slot.floating else zone_text(slot.start)
        yours = _yours(slot).strip("()")
        detail = "; ".join(p for p in (zone, yours) if p)
        when.append(
            slot.start.strftime("%A %Y-%m-%d ") + clock + (f" ({detail})" if detail else "")
        )
    elif talk.extra.get("start"):
        when.append(f"time unknown ({slot.problem})" if slot.problem else "time unknown")
    if slot.start is None and slot.minutes:
        when.append(f"{slot.minutes} min")
    if slot.room:
        when.append(slot.room)
    if slot.code:
        when.append(slot.code)
    if slot.starred:
        when.append("★ starred")
    if slot.cancelled:
        when.append("CANCELLED")
    parts = ["*" + " · ".join(_escaped(w) for w in when) + "*"] if when else []
    abstract = talk.extra.get("abstract")
    if isinstance(abstract, str) and abstract.strip():
        quoted = "\n".join(
            f"> {line}" if line.strip() else ">" for line in abstract.strip().split("\n")
        )
        parts.append("> **From the programme:**\n>\n" + quoted)
    return parts


def _escaped(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")
