"""Property-based and adversarial tests of the YAML layer's promises.

* Whatever text a user gives, it is written so that cds and any other YAML reader read the
  same text back.
* Rewriting a file never changes data, never loses or duplicates a hand-written comment
  whose key survives, and reports exactly the comments it cannot place.
* find_comments finds exactly what the YAML parser ignores as comments.
* loads never fails with anything but a YamlProblem, and names the line when it can.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydata_share import yamlio
from citydata_share.yamlio import YamlProblem, dumps, find_comments, loads, merge_comments

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# For properties whose cases are whole commented files (slower to make).
FEWER = settings(PROPERTY, max_examples=100)

# Pieces of text that are special somewhere in YAML (or in cds's templates).
FRAGMENTS = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "  ",
    "#",
    " #",
    "# ",
    ": ",
    ":",
    "'",
    '"',
    "''",
    "---",
    "...",
    "--- ",
    "{{ name }}",
    "{%",
    "|",
    "|-",
    ">",
    ">+",
    "- ",
    "-",
    "? ",
    "!",
    "!!str ",
    "&a ",
    "*a",
    "%YAML",
    "@",
    "`",
    ",",
    "[",
    "]",
    "{",
    "}",
    "~",
    "null",
    "NO",
    "on",
    "Off",
    "y",
    "0123",
    "1.10",
    "1e3",
    "0x1F",
    ".nan",
    "2024-01-05",
    "12:30:00",
    "<<",
    "=",
    "\\",
    "\\n",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\xa0",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u3000",
    "\ufffe",
    "\uffff",
    "é",
    "ß",
    "\U0001f600",
    "x" * 300,
]

texts = st.one_of(
    st.text(),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)),
        max_size=12,
    ).map("".join),
)
names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
keys = st.one_of(names, texts)
documents = st.recursive(
    texts,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=12,
)

EVENT_FIELDS = ("anchor", "tag", "implicit", "value")


def events(text: str) -> list[tuple[Any, ...]]:
    """What a YAML parser makes of a text, without positions or quoting styles."""
    return [
        (type(e).__name__, *(getattr(e, name, None) for name in EVENT_FIELDS))
        for e in yaml.parse(text, Loader=yamlio.LiteralLoader)
    ]


def other_readers(text: str) -> list[Any]:
    readers = [yaml.safe_load(text)]
    if yaml.__with_libyaml__:
        readers.append(yaml.load(text, Loader=yaml.CSafeLoader))
    return readers


# Writing text -------------------------------------------------------------------------


@PROPERTY
@given(texts)
def test_any_text_round_trips(value: str) -> None:
    data = {"k": value, "items": [value, value], "nested": {"k": value}}
    written = dumps(data)
    assert loads(written).data == data
    for read in other_readers(written):
        assert read == data


@PROPERTY
@given(st.dictionaries(keys, documents, max_size=5))
def test_any_nested_document_round_trips(data: dict[str, Any]) -> None:
    written = dumps(data)
    assert loads(written).data == data
    for read in other_readers(written):
        assert read == data


@PROPERTY
@given(texts)
def test_one_changed_answer_changes_only_its_lines(value: str) -> None:
    before = dumps({"a": "first", "k": "old", "z": "last"}).splitlines()
    after = dumps({"a": "first", "k": value, "z": "last"}).splitlines()
    assert after[0] == before[0] and after[-1] == before[-1]


@pytest.mark.parametrize(
    "value",
    [
        "a\u2028b",
        "a\x85b",
        "a\u2029b",
        "a\u2028b\nsecond line",
        "x" * 200_000,
        " leading\nand trailing \n",
        "tab\tinside\n\tand first",
        "---\n...\n",
        "# not a comment\n  # nor this",
    ],
)
def test_awkward_text_survives_a_rewrite_with_comments(value: str) -> None:
    # Writing a value and then carrying comments over must not change the value, in cds or
    # in any other reader (U+2028 written raw was a line break to PyYAML but not to YAML 1.2
    # readers, and splitting the text into lines for comments turned it into a space).
    old = "# about\nk: x  # note\nz: y\n"
    merged, dropped = merge_comments(old, dumps({"k": value, "z": "y"}))
    assert dropped == []
    assert loads(merged).data == {"k": value, "z": "y"}
    for read in other_readers(merged):
        assert read == {"k": value, "z": "y"}
    assert Counter(c.text.strip() for c in find_comments(merged)) == Counter(["# about", "# note"])


# Loading anything ---------------------------------------------------------------------

YAMLISH = st.text(alphabet=list("[]{}:,-?!&*#|>'\"%~ \t\n\rab0.\\@`=<"), max_size=60)


def check_loads(text: str) -> None:
    try:
        loaded = loads(text)
    except YamlProblem as problem:
        assert problem.message
        if problem.line is not None:
            assert 1 <= problem.line <= len(text.splitlines()) + 1
        return
    for path, line in loaded.lines.items():
        assert path and 1 <= line <= len(text.splitlines()) + 1


@PROPERTY
@given(st.text())
def test_loads_only_ever_raises_yaml_problem(text: str) -> None:
    check_loads(text)


@PROPERTY
@given(YAMLISH)
def test_loads_only_ever_raises_yaml_problem_on_yamlish_text(text: str) -> None:
    check_loads(text)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # A RecursionError escaped from PyYAML's composer.
        ("a: 1\nb: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested"),
        ("a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 200)), 65, "nested"),
        # ReaderError said "position 8" and no line.
        ("a: 1\nb: \x01\n", 2, "U+0001"),
        ("a: 1\n\nb: x\x7f\n", 3, "U+007F"),
        ("a: 1\r\nb: \ufffe\n", 2, "U+FFFE"),
        # Two null keys were one key: the first answer silently vanished.
        ("~: a\nnull: b\n", 1, "key"),
        ("a: 1\nNULL: b\n", 2, "key"),
    ],
)
def test_adversarial_input_is_refused_with_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert caught.value.line == line
    assert words in caught.value.message
    assert caught.value.hint


REFUSED = [
    ("key: &anchor value", "anchor"),
    ("key: *alias", "alias"),
    ("key: !!int 12", "!!int"),
    ("key: !!binary aGk=", "!!binary"),
    ("key: !!python/name:os.system", "!!python"),
    ("key: !local x", "tag"),
    ("key: !!map {a: 1}", "!!map"),
    ("list: !!seq [a]", "!!seq"),
    ("? !!set {a}", "!!set"),
    ("!!merge <<: {a: 1}", "!!merge"),
]


@PROPERTY
@given(
    st.sampled_from(REFUSED),
    st.lists(st.sampled_from(["a: 1", "b: [x, y]", "# c", "", "c: |\n  t\n  u"]), max_size=6),
)
def test_refusals_name_the_offending_line(bad: tuple[str, str], filler: list[str]) -> None:
    line, words = bad
    before = "\n".join(f"{f.replace(': ', f'{n}: ', 1)}" for n, f in enumerate(filler))
    before += "\n" if filler else ""
    text = before + line + "\nafter: 1\n"
    if "*alias" in line:
        text = "first: &alias x\n" + text
        words = "anchor"
        expected = 1
    else:
        expected = len(before.splitlines()) + 1
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert caught.value.line == expected
    assert words in caught.value.message


def test_size_cap_counts_bytes_not_characters() -> None:
    with pytest.raises(YamlProblem, match="larger than"):
        loads("a: " + "é" * (yamlio.MAX_BYTES // 2 + 1) + "\n")
