"""Adding a talk to a note's text, changing no other byte of it.

The talk goes in as text inserted where the talks list ends, in the list's own style; the
result is parsed again and compared with the original, so a file the insertion would change in
any other way is refused, never written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import NoteProblem, NotesError
from .model import CodeBlocks, Talk, heading_key
from .notebody import lines_of, sections, split_note
from .yamlfront import compose, dump_yaml, mapping_nodes, talk_mapping, yaml


def add_talk_text(text: str, talk: Talk, path: Path) -> str:
    """`text` with `talk` appended to its front matter and an empty section for it in the body.

    The talk goes in as text inserted where the talks list ends, in the list's own style (block
    or flow); the section is appended to the body, unless the body already has a section for
    that title. The result is parsed again and compared with the original, so that a file the
    insertion would change in any other way is refused, not written.
    """
    split = split_note(text, path)
    node, data = compose(split.front, path, split.front_line)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise NotesError(
            f"{path}: the front matter is not a plain 'key: value' block; add the talk by hand"
        )
    talks = data.get("talks")
    if talks is not None and not isinstance(talks, list):
        raise NoteProblem(
            path, split.front_line + 1, "talks should be a list; fix it, then add the talk"
        )
    key = heading_key(talk.title)
    if any(
        heading_key(str(t.get("title", "")) if isinstance(t, dict) else str(t)) == key
        for t in talks or []
    ):
        raise NotesError(f"{path}: the event already has a talk '{talk.title}'")

    newline = "\r\n" if "\r\n" in text else "\n"
    front = insert_talk(split.front, _talks_node(node, path), talk_mapping(talk))
    closing = text[split.front_end : len(text) - len(split.body)]
    closing, body = section_appended(closing, split.body, talk.title, newline)
    new_text = (
        text[: split.front_start]
        + front.replace("\n", newline).replace("\r\r", "\r")
        + closing
        + body
    )

    _, new_data = compose(split_note(new_text, path).front, path, split.front_line)
    expected = {
        **data,
        "talks": [*(talks or []), compose(dump_yaml(talk_mapping(talk)), path, 0)[1]],
    }
    if not _same(new_data, expected):
        raise NotesError(
            f"{path}: could not add the talk without changing other text; add it by hand"
        )
    return new_text


def section_appended(closing: str, body: str, title: str, newline: str) -> tuple[str, str]:
    """The front matter's closing line and the body, with an empty `## title` section at the
    end of the body, unless the body already has a section for that title."""
    _, found = sections(body, 0)
    if any(heading_key(section.heading) == heading_key(title) for section in found):
        return closing, body
    if not closing.endswith("\n"):
        closing += newline
    if body and not body.endswith("\n"):
        body += newline
    fence = _open_fence(body)
    if fence:  # an unclosed code block would swallow the new heading
        body += fence + newline
    gap = "" if not body or body.endswith(newline * 2) else newline
    return closing, body + f"{gap}## {title}{newline}"


def _talks_node(node: Any, path: Path) -> tuple[Any, Any] | None:
    """The (key, value) nodes of `talks:`; NotesError when its value is written elsewhere (an
    alias, `talks: *t`, or a merge key): there is no list here to add to."""
    talks = mapping_nodes(node).get("talks")
    if talks is not None and talks[1].start_mark.index < talks[0].end_mark.index:
        raise NotesError(
            f"{path}: the talks list is written elsewhere (an alias such as 'talks: *t'); "
            "add the talk by hand"
        )
    return talks


def _same(new: Any, expected: Any) -> bool:
    """Whether two front matters hold the same data, keys in the same order. Data that contains
    itself (`loop: &l [*l]`) is compared by its YAML, which writes such a loop as an alias."""
    try:
        return bool(new == expected and list(new) == list(expected))
    except RecursionError:
        return bool(dump_yaml(new) == dump_yaml(expected))


def insert_talk(front: str, talks: tuple[Any, Any] | None, mapping: dict[str, Any]) -> str:
    """The front matter text with one more talk, inserted in the style the list already has."""
    if talks is None:  # no talks key yet: add one at the end
        return front + dump_yaml({"talks": [mapping]})
    key_node, value = talks
    item_indent = key_node.start_mark.column + 2
    if isinstance(value, yaml.SequenceNode) and value.flow_style and value.value:
        # `[A, B]`: in the same style, after the last item (before a trailing comma or comment)
        item = str(
            yaml.safe_dump(
                mapping, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6
            )
        ).strip()
        at: int = value.value[-1].end_mark.index
        return front[:at] + ", " + item + front[at:]
    if isinstance(value, yaml.SequenceNode) and value.value:
        item_indent = value.start_mark.column
        lines = lines_of(front)
        # Lines as the file has them: YAML also breaks lines at a CR, NEL or U+2028.
        end = value.end_mark.index
        at = front.count("\n", 0, end) + (0 if end == 0 or front[end - 1] == "\n" else 1)
        last = front.count("\n", 0, value.value[-1].start_mark.index)
        # Blank lines and comments at the start of a line after the list belong to what follows.
        while at > last + 1 and (not lines[at - 1].strip() or lines[at - 1].startswith("#")):
            at -= 1
        offset = sum(len(line) for line in lines[:at])
    else:  # `talks:`, `talks: []`, `talks: ~`: block items go on the line after the value
        start, stop = value.start_mark.index, value.end_mark.index
        end_of_line = front.find("\n", max(stop, key_node.end_mark.index))
        offset = len(front) if end_of_line < 0 else end_of_line + 1
        if stop > start:  # `[]`, `~` or `null` goes; a comment after it stays
            if not front[stop:end_of_line].strip():  # nothing after it: no trailing spaces either
                while start > 0 and front[start - 1] in " \t":
                    start -= 1
                stop = end_of_line if end_of_line >= 0 else len(front)
            front = front[:start] + front[stop:]
            offset -= stop - start
        if offset == len(front) and front and not front.endswith("\n"):
            front += "\n"
            offset += 1
    # A blank line of a block scalar (an abstract's paragraphs) stays blank: no trailing spaces.
    block = "".join(
        (" " * item_indent + line if line.strip() else "") + "\n"
        for line in dump_yaml([mapping]).splitlines()
    )
    return front[:offset] + block + front[offset:]


def _open_fence(body: str) -> str:
    """The marker of a code fence left open at the end of `body`, or ""."""
    blocks = CodeBlocks()
    for line in lines_of(body):
        blocks.is_code(line)
    return blocks.open
