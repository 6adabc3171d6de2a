"""Front matter written by libyaml, laid out as yamlfront's own dumper lays it out.

PyYAML's emitter in Python is most of what writing a new note costs (about 45 ms for the 205
talks of a long post, against 9 ms for libyaml's). libyaml cannot be told to indent a list
under its key (`talks:` then `  - title: …`, as people write front matter by hand), so its text
is indented afterwards, a line at a time. That is exact only for lines that are whole nodes:
data with a string that libyaml could break over lines or quote another way (a line break,
a control character, text longer than a line) goes to the Python emitter, and so does
anything but mappings, lists and plain scalars.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

# Characters whose quoting the two emitters might choose differently: controls, the Unicode
# line and paragraph separators, BOM, and what is neither printable ASCII nor a letter.
_ODD = re.compile(r"[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]|[\u2028\u2029]")


def fast_dump(data: Any, dumper: type) -> str | None:
    """`data` dumped by libyaml with the representers of `dumper` (a SafeDumper subclass whose
    lists under a key are indented), or None when only the Python emitter gives its layout."""
    import yaml

    c_dumper = _c_dumper(dumper)
    if c_dumper is None or not isinstance(data, dict) or not _plain(data, 0):
        return None
    text = yaml.dump(data, Dumper=c_dumper, sort_keys=False, allow_unicode=True, width=1000)
    return _indented(str(text))


@cache
def _c_dumper(dumper: type) -> type | None:
    import yaml

    base = getattr(yaml, "CSafeDumper", None)
    if base is None:
        return None

    class Dumper(base):  # type: ignore[misc,valid-type]
        yaml_representers = getattr(dumper, "yaml_representers")  # noqa: B009
        yaml_multi_representers = getattr(dumper, "yaml_multi_representers")  # noqa: B009

    return Dumper


def _plain(value: Any, depth: int) -> bool:
    if depth > 20:
        return False
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and 0 < len(k) < 100 and _plain_text(k) and _plain(v, depth + 1)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return all(not isinstance(v, list) and _plain(v, depth + 1) for v in value)
    if isinstance(value, str):
        return _plain_text(value)
    return value is None or isinstance(value, bool | int | float | dt.date)


def _plain_text(text: str) -> bool:
    return len(text) < 400 and not _ODD.search(text)


def _indented(text: str) -> str:
    """libyaml's lists under a key (`key:` then `- a` at the key's indent) indented by two."""
    out: list[str] = []
    opened: list[int] = []  # the indents of the lists under a key that are still open
    previous = ""
    for line in text.splitlines(keepends=True):
        body = line.lstrip(" ")
        at = len(line) - len(body)
        item = body.startswith("- ") or body.rstrip("\n") == "-"
        while opened and (opened[-1] > at or (opened[-1] == at and not item)):
            opened.pop()
        key = previous.lstrip(" ")
        column = len(previous) - len(key) + (2 if key.startswith("- ") else 0)
        if item and key.rstrip("\n").endswith(":") and column == at:
            opened.append(at)
        out.append(" " * (2 * len(opened)) + line)
        previous = line
    return "".join(out)
