"""Values read from a schedule someone else wrote, checked as they are read.

A value of the wrong kind raises Malformed with where it is (`schedule.conference.days[0].date`)
and what it should be; read_schedule turns that into one ImportFailed line. A missing value is
an empty one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from notes_cli.errors import ImportFailed

BOM = b"\xef\xbb\xbf"


class Malformed(Exception):
    """A value of the wrong kind in a schedule: where it is, what it should be, what it is."""

    def __init__(self, where: str, expected: str, value: Any) -> None:
        super().__init__(where)
        self.where = where
        self.expected = expected
        self.found = _described(value)


def _described(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def mapping(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise Malformed(where, "a mapping", value)


def optional_mapping(value: Any, where: str) -> dict[str, Any]:
    """A mapping; a missing value (null) is an empty one."""
    return {} if value is None else mapping(value, where)


def listed(value: Any, where: str) -> list[Any]:
    """A list; a missing value (null) is an empty one."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise Malformed(where, "a list", value)


def text_of(value: Any, where: str) -> str:
    """Text; a missing value is "", a number its digits (ids are numbers in some exports)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise Malformed(where, "text", value)


def number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise Malformed(where, "a number", value)


def field_text(record: dict[str, Any], key: str, where: str) -> str:
    """The text under `key` of a JSON record."""
    return text_of(record.get(key), f"{where}.{key}" if where else key)


def date_of(text: str, where: str) -> dt.date | None:
    """The date at the start of `text` (a date or a date and time), None for no text."""
    if not text.strip():
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", text)
    if match:
        try:
            return dt.date.fromisoformat(match[1])
        except ValueError:
            pass
    raise Malformed(where, "a date (YYYY-MM-DD)", text)


def datetime_of(text: str, where: str) -> dt.datetime | None:
    """An ISO 8601 date and time, with its offset when it has one; None for no text."""
    if not text.strip():
        return None
    value = text.strip()
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise Malformed(where, "a date and time (YYYY-MM-DDTHH:MM)", text) from None


def minutes(text: str, where: str) -> int | None:
    """Minutes from a frab duration (`HH:MM`, `HH:MM:SS`); None for no text."""
    if not text.strip():
        return None
    match = re.fullmatch(r"\s*(\d{1,3}):(\d{2})(?::(\d{2}))?\s*", text)
    if not match:
        raise Malformed(where, "a duration (HH:MM)", text)
    return int(match[1]) * 60 + int(match[2])


def minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None):
        return None
    length = int((end - start).total_seconds() // 60)
    return length if length > 0 else None


def json_or_fail(path: Path, data: bytes) -> Any:
    try:
        return parse_json(data)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            path,
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "the file may be cut short: download or export it again",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(path, "is not UTF-8 text: re-save it as UTF-8") from exc
    except RecursionError as exc:
        raise ImportFailed(path, "is JSON nested too deeply to be a schedule") from exc
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise ImportFailed(path, f"is not valid JSON ({exc})") from exc


def parse_json(data: bytes) -> Any:
    """The parsed JSON document; ValueError (or RecursionError when nested absurdly deep)."""
    return json.loads(data.removeprefix(BOM))
