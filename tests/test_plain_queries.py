"""A plain query (words, `field:word`s and phrases, lowercase) is made without Whoosh's parser,
to the same query the parser makes: same classes, fields, words, boosts and the character
ranges that highlighting and "did you mean" read. Anything else goes to the parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from notes_cli import query as queries
from notes_cli.index.analysis import schema

SCHEMA = schema()
# Words the index stems, stop words, operators in lower case, digits, one letter, a word that
# is also a field name.
WORDS = [
    "lambda",
    "starts",
    "cold",
    "the",
    "a",
    "and",
    "or",
    "not",
    "to",
    "2016",
    "x",
    "kinesis",
    "containers",
    "speaker",
    "aws",
    "re",
    "of",
    "running",
    "chloe",
    "ahmed",
    "ec2",
    "k8s",
    "0",
]
FIELD_NAMES = [*queries.FIELDS, "nosuchfield"]


def _shape(query: Any) -> Any:
    """Everything a query holds, nested queries included, to compare two of them whole."""
    if isinstance(query, wq.Query):
        return type(query).__name__, sorted((k, _shape(v)) for k, v in vars(query).items())
    if isinstance(query, list):
        return [_shape(item) for item in query]
    return query


def _by_whoosh(text: str) -> Any:
    """What parse() gives `text` through Whoosh's parser (the short way switched off)."""
    plain, queries._plain = queries._plain, lambda *_: None
    try:
        return queries.parse(text, SCHEMA)
    finally:
        queries._plain = plain


word = st.sampled_from(WORDS)
phrase = st.lists(word, min_size=1, max_size=3).map(lambda words: '"' + " ".join(words) + '"')
field = st.sampled_from(FIELD_NAMES).map(lambda name: name + ":")
unit = st.tuples(st.one_of(st.just(""), field), st.one_of(word, phrase)).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(unit, min_size=1, max_size=4).map(" ".join))
def test_a_plain_query_is_made_as_whoosh_makes_it(text: str) -> None:
    made = queries._plain(text, SCHEMA)
    if made is not None:
        assert _shape(made) == _shape(_by_whoosh(text))


def test_the_usual_queries_take_the_short_way_and_the_rest_the_parser() -> None:
    for text in [
        "lambda",
        "lambda serverless",
        'speaker:"chloe ahmed"',
        '"cold starts" lambda',
        "company:netflix",
        'speakers:"yusuf garcia"',
        "tag:security",
    ]:
        made = queries._plain(text, SCHEMA)
        assert made is not None, text
        assert _shape(made) == _shape(_by_whoosh(text)), text
    # operators, another case, a stop word, wildcards, fuzzy words, ranges, a date, a minus
    for text in [
        "lambda OR kinesis",
        "Lambda",
        "lambda and",
        "the",
        "contain*",
        "lamda~",
        "date:2016",
        "year:[2015 TO 2016]",
        "-lambda",
        "lambda  aws",
        '"cold starts"~2',
    ]:
        assert queries._plain(text, SCHEMA) is None, text


def test_a_plain_search_loads_no_query_parser(root: Path, write_note) -> None:
    write_note(
        "2016/2016-11-30-reinvent.md",
        """
        ---
        title: re:Invent 2016
        date: 2016-11-30
        talks:
          - title: Lambda at scale
        ---
        """,
    )
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from notes_cli.notebook import Notebook\n"
        f"book = Notebook(Path({str(root)!r}))\n"
        "found = book.search('lambda')\n"
        "print(found.total, 'whoosh.qparser' in sys.modules)\n"
        "book.search('lambda OR kinesis')\n"
        "print('whoosh.qparser' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["1", "False", "True"]
