"""One JSON document written a piece at a time: the keys first, then a list that comes last,
item by item, so that a document of thousands of items is never held whole."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def json_pieces(
    head: dict[str, Any], key: str, items: Iterable[Any], *, compact: bool = False
) -> Iterator[str]:
    """The text of `{**head, key: [items]}` as json.dumps(indent=2) writes it, a piece per
    item; with `compact`, each item on one line of its own (the C encoder: the one that
    indents is pure Python, and takes most of the time of thousands of items)."""
    text = json.dumps({**head, key: None}, indent=2, ensure_ascii=False)
    yield text[: -len("null\n}")] + "["  # `{ ... "key": `, then the list
    written = False
    for item in items:
        if compact:
            item_text = json.dumps(item, ensure_ascii=False)
        else:
            item_text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        yield (",\n    " if written else "\n    ") + item_text
        written = True
    yield ("\n  ]" if written else "]") + "\n}\n"
