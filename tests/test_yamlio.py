"""The YAML layer: literal reading, refusals with line numbers, dumping, comments."""

from __future__ import annotations

import pytest

from citydata_share import yamlio
from citydata_share.yamlio import YamlProblem, dumps, loads, merge_comments

TRAPS = [
    "NO",
    "no",
    "yes",
    "Yes",
    "on",
    "off",
    "0123",
    "1.10",
    "1e3",
    "0x1F",
    "2024-01-05",
    "null-ish",
    "~tilde",
    "12:30",
    "+44 28 9032 0202",
    "BT1 5GS",
    "007",
    "true",
    ".inf",
]


@pytest.mark.parametrize("text", TRAPS)
def test_plain_scalars_are_read_as_typed(text: str) -> None:
    # A hand-written plain value is the text the user meant, whatever YAML 1.1 says.
    assert loads(f"value: {text}\n").data == {"value": text}


@pytest.mark.parametrize("text", TRAPS)
def test_written_text_round_trips_exactly(text: str) -> None:
    data = {"value": text, "items": [text], "nested": {"k": text}}
    written = dumps(data)
    assert loads(written).data == data
    # Any other YAML reader sees the same text too: the dumper quotes what it must.
    import yaml

    assert yaml.safe_load(written) == data


def test_multiline_text_is_a_block_and_round_trips() -> None:
    text = "First line\nSecond: with colon # and hash\n\n  indented\n"
    written = dumps({"notes": text})
    assert "notes: |" in written
    assert loads(written).data == {"notes": text}


def test_null_forms_mean_no_answer() -> None:
    assert loads("a:\nb: ~\nc: null\n").data == {"a": None, "b": None, "c": None}


def test_line_numbers_of_keys_and_items() -> None:
    loaded = loads("a: 1\nlist:\n  - name: x\n  - name: y\n    role: z\n")
    assert loaded.lines[("a",)] == 1
    assert loaded.lines[("list", 1)] == 4
    assert loaded.lines[("list", 1, "role")] == 5


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: &x 2\n", 2, "anchor"),
        ("a: &x [1]\nb: *x\n", 1, "anchor"),
        ("a: !!python/object/apply:os.system ['ls']\n", 1, "!!python"),
        ("a: !custom x\n", 1, "tag"),
        ("a: 1\nb: 2\na: 3\n", 3, "appears twice"),
        ("a: [1, 2\nb: 3\n", 2, "not valid YAML"),
        ("a: 1\n---\nb: 2\n", 2, "not valid YAML"),
    ],
)
def test_refusals_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert caught.value.line == line
    assert words in caught.value.message
    assert caught.value.hint


def test_explicit_str_tag_is_allowed() -> None:
    assert loads("a: !!str 0123\n").data == {"a": "0123"}


def test_size_cap() -> None:
    with pytest.raises(YamlProblem, match="larger than"):
        loads("a: " + "x" * (yamlio.MAX_BYTES + 1) + "\n")


def test_dump_keeps_order_and_never_wraps() -> None:
    long = "word " * 100
    written = dumps({"z": 1, "a": long.strip(), "m": [1, 2]})
    assert written.splitlines()[0].startswith("z:")
    assert len(written.splitlines()) == 5


def test_comments_survive_a_rewrite() -> None:
    old = (
        "# about this file\n"
        "name: Old  # the working title\n"
        "partners:\n"
        "  # the main partner\n"
        "  - name: A\n"
        "  - name: B\n"
        "tail: x\n"
        "# the end\n"
    )
    new_text = dumps({"name": "New", "partners": [{"name": "A"}, {"name": "B"}], "tail": "y"})
    merged, dropped = merge_comments(old, new_text)
    assert dropped == []
    assert merged == (
        "# about this file\n"
        "name: New  # the working title\n"
        "partners:\n"
        "  # the main partner\n"
        "  - name: A\n"
        "  - name: B\n"
        "tail: y\n"
        "# the end\n"
    )


def test_comments_of_removed_keys_are_reported() -> None:
    old = "name: x\n# why we chose B\nchoice: B  # decided in May\n"
    merged, dropped = merge_comments(old, dumps({"name": "x"}))
    assert [c.line for c in dropped] == [2, 3]
    assert "#" not in merged


def test_hash_inside_values_is_not_a_comment() -> None:
    text = 'a: "x # y"\nb: |\n  text # kept\nc: d#e\n'
    assert yamlio.find_comments(text) == []
