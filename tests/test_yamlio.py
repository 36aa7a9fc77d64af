"""The YAML layer: literal reading, refusals with line numbers, dumping, comments.

Every loading test runs twice: on libyaml (PyYAML's C parser, used wherever it is
installed) and on PyYAML's Python parser (the fallback, and the one that names problems).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citydata_share import yamlio, yamlload
from citydata_share.yamlio import YamlProblem, dumps, loads, merge_comments


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test on both parsers: libyaml, and the Python one as where libyaml is absent."""
    if request.param == "libyaml" and yamlload._CParser is None:
        pytest.skip("this PyYAML was built without libyaml")
    if request.param == "python":
        monkeypatch.setattr(yamlload, "_CParser", None)
    yield request.param


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


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('a: 1\nb: "x\\ud800"\n', 2),
        ("a: 1\nb: 'ok'\nc: [\"\\udfff\"]\n", 3),
        ('a: 1\n"\\ud83d\\ude00": x\n', 2),  # a pair written as two halves: still halves
    ],
)
def test_escaped_half_of_a_surrogate_pair_is_refused_with_its_line(text: str, line: int) -> None:
    # PyYAML's Python scanner let "\ud800" through: `check` passed, and `status` and
    # `report` crashed when they wrote the text out.
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert caught.value.line == line
    assert caught.value.hint


def test_line_numbers_count_non_ascii_text_and_unicode_line_breaks() -> None:
    text = (
        "\ufeffname: Café 😀\n"
        "notes: 'first\u2028second'\n"  # U+2028 is a line break to YAML 1.1
        "items:\n"
        "  - Ærø\r\n"
        "  - 'x\x85y'\n"
        "last: é\n"
    )
    loaded = loads(text)
    assert loaded.data["notes"] == "first\u2028second"
    assert loaded.lines == {
        ("name",): 1,
        ("notes",): 2,
        ("items",): 4,
        ("items", 0): 5,
        ("items", 1): 6,
        ("last",): 8,
    }


def test_a_duplicate_key_names_both_lines() -> None:
    with pytest.raises(YamlProblem) as caught:
        loads("a: 1\nlist:\n  - k: x\n    j: y\n    k: z\n")
    assert caught.value.line == 5
    assert "(lines 3 and 5)" in caught.value.message


@pytest.mark.parametrize("text", ["a: !\n", "a: ! null\n", "a: ! ~\n", "a:\n"])
def test_the_non_specific_tag_resolves_as_untagged(text: str) -> None:
    assert loads(text).data == {"a": None}


@pytest.mark.parametrize(
    "text",
    ["a: 1\n---\nb: 2\n", "--- 1\n--- 2\n", "a: 1\n...\n---\nb: 2\n"],
)
def test_a_second_document_is_refused_at_its_start(text: str) -> None:
    with pytest.raises(YamlProblem, match="not valid YAML") as caught:
        loads(text)
    assert (
        caught.value.line
        == text.splitlines().index(
            next(line for line in text.splitlines()[1:] if line.startswith("---"))
        )
        + 1
    )


def test_nesting_is_refused_before_anything_is_built() -> None:
    # 8 MB of brackets: refused at the 65th, without recursion or a deep structure.
    with pytest.raises(YamlProblem, match="nested more than 64") as caught:
        loads("a: " + "[" * 3_000_000 + "]" * 3_000_000 + "\n")
    assert caught.value.line == 1


def test_an_alias_bomb_is_refused_at_the_first_anchor() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    with pytest.raises(YamlProblem, match="anchor &a") as caught:
        loads(bomb)
    assert caught.value.line == 1


def test_lines_are_worked_out_only_when_asked_for() -> None:
    loaded = loads("a: 1\nb:\n  - c\n")
    assert loaded._lines is None  # a load that needs no line pays for none
    assert loaded.lines == {("a",): 1, ("b",): 2, ("b", 0): 3}


HEADER = "# Reasons: a card kept by cds.\n# Edit it by hand.\n"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (HEADER + "card: reasons\nnotes: old\n", "card: reasons\nnotes: new\n"),
        ("\ufeff" + HEADER + "\ncard: reasons\n", "card: reasons\nnotes: new\n"),
        ("  # indented\r\n# two\r\ncard: x\r\n", "card: x\nlist:\n  - a\n"),
        (HEADER + "card: x\nnotes: 'a # b'\n", "card: x\n"),  # '#' in a value: the full way
        (HEADER + "first: x\n", "other: y\n"),  # another first key: the full way
        (HEADER + "- a\n", "card: x\n"),  # not a mapping: the full way
    ],
)
def test_a_header_only_file_merges_as_the_full_way_would(old: str, new: str) -> None:
    quick = yamlio._header_only(old, new)
    full = yamlio._merge_all(old, new)
    assert quick is None or (quick, []) == full
    assert merge_comments(old, new) == full


def test_merge_refuses_a_broken_file_whose_only_comment_is_the_header() -> None:
    with pytest.raises(YamlProblem):
        merge_comments(HEADER + "card: x\ncard: y\n", "card: x\n")
