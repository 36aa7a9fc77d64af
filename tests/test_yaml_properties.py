"""Property-based and adversarial tests of the YAML layer's promises.

* Whatever text a user gives, it is written so that cds and any other YAML reader read the
  same text back.
* Rewriting a file never changes data, never loses or duplicates a hand-written comment
  whose key survives, and reports exactly the comments it cannot place.
* find_comments finds exactly what the YAML parser ignores as comments.
* loads never fails with anything but a YamlProblem, and names the line when it can.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydata_share import yamldump, yamlio, yamlload
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
        "\n\n\n",
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


# Finding comments ---------------------------------------------------------------------


def without(text: str, comments: list[yamlio.Comment]) -> str:
    lines = text.split("\n")
    for comment in comments:
        line = lines[comment.line - 1]
        lines[comment.line - 1] = line[: line.rindex(comment.text.lstrip(" \t").rstrip())]
    return "\n".join(lines)


@PROPERTY
@given(YAMLISH)
def test_find_comments_agrees_with_the_parser(text: str) -> None:
    text = text.replace("\r", "")
    try:
        parsed = events(text)
    except yaml.YAMLError:
        return
    comments = find_comments(text)
    # Removing every comment found changes nothing the parser sees...
    assert events(without(text, comments)) == parsed
    # ...and cutting a line at any other '#' does (it was text, not a comment).
    found = {c.line for c in comments}
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if number in found:
            continue
        at = line.find("#")
        while at >= 0:
            cut = "\n".join([*lines[: number - 1], line[:at], *lines[number:]])
            with contextlib.suppress(yaml.YAMLError):
                assert events(cut) != parsed, (number, at)
            at = line.find("#", at + 1)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('a: "x # y"\nb: |\n  text # kept\nc: d#e\n', []),
        ("a: 'it''s # not'\nb: >\n  # folded text\n", []),
        # The header line of a block scalar is not its text: this comment was lost.
        ("k: |  # note\n  text\n", [(1, "# note")]),
        ("k: >-2 # note\n   text\n", [(1, "# note")]),
        # PyYAML also ends a value at a '#' without a space after a quote or a comma.
        ("k: 'v'#note\n", [(1, "#note")]),
        ("k: [a,#note\n  b]\n", [(1, "#note")]),
        # A byte order mark (Windows Notepad) before the first comment.
        ("\ufeff# about\nk: v\n", [(1, "# about")]),
        ("k: v\r\n  # indented\r\nj: w # x\r\n", [(2, "  # indented"), (3, "# x")]),
        ("k: 'line\u2028# in quotes'\nj: w # x\n", [(3, "# x")]),
    ],
)
def test_find_comments_examples(text: str, found: list[tuple[int, str]]) -> None:
    assert [(c.line, c.text) for c in find_comments(text)] == found


# Carrying comments over ---------------------------------------------------------------

comment_bodies = st.lists(
    st.one_of(
        st.sampled_from(["'", '"', ": ", "#", " - ", "key: value", "{{ x }}", "|", "\t", "é"]),
        st.text(
            alphabet=st.characters(
                codec="utf-8",
                exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                exclude_characters="\ufeff\ufffe\uffff",
            ),
            max_size=6,
        ),
    ),
    max_size=6,
).map("".join)

scalar_values = st.one_of(
    st.sampled_from(["x", "NO", "0123", "a # b", "multi\nline", " lead\n", "keep\n\n", ""]),
    texts,
)
section = st.dictionaries(names, scalar_values, min_size=1, max_size=3)
field_values = st.one_of(
    scalar_values,
    st.lists(scalar_values, min_size=1, max_size=3),
    st.lists(section, min_size=1, max_size=3),
    section,
)
cards = st.dictionaries(names, field_values, min_size=1, max_size=5)


@st.composite
def changed(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """The data after an edit: answers changed, removed, added, list items dropped."""
    new: dict[str, Any] = {}
    for key, value in data.items():
        action = draw(st.sampled_from(["keep", "keep", "change", "remove", "shorten"]))
        if action == "keep":
            new[key] = value
        elif action == "change":
            new[key] = draw(field_values)
        elif action == "shorten" and isinstance(value, list) and len(value) > 1:
            drop = draw(st.integers(0, len(value) - 1))
            new[key] = value[:drop] + value[drop + 1 :]
        elif action == "shorten" and isinstance(value, dict):
            new[key] = dict(list(value.items())[1:])
    extra = draw(st.dictionaries(names, field_values, max_size=2))
    return new | {k: v for k, v in extra.items() if k not in new}


# libyaml, when there, is much faster: an independent judge of what is a comment.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def reads_as(text: str, plain: Any) -> bool:
    """Whether ``text`` holds the same data as ``plain`` (read by the fast loader)."""
    try:
        return bool(yaml.load(text, Loader=FAST_LOADER) == plain)
    except yaml.YAMLError:
        return False


@st.composite
def commented(draw: st.DrawFn) -> tuple[dict[str, Any], str, list[tuple[int, str, bool]]]:
    """A file cds wrote, with hand-written comments where YAML reads them as comments.

    Returns the data, the text and each comment as (line in the plain text it belongs to,
    text, inline): an own-line comment belongs to the line below it.
    """
    data = draw(cards)
    plain = dumps(data).split("\n")[:-1]
    judged = yaml.load(dumps(data), Loader=FAST_LOADER)
    lines: list[str] = []
    comments: list[tuple[int, str, bool]] = []
    for number, line in enumerate([*plain, None], start=1):
        for _ in range(draw(st.integers(0, 2))):
            text = " " * draw(st.integers(0, 6)) + "#" + draw(comment_bodies).rstrip()
            if reads_as("\n".join([*lines, text, *plain[number - 1 :]]) + "\n", judged):
                lines.append(text)
                comments.append((number, text, False))
        if line is None:
            break
        if draw(st.booleans()):
            text = "#" + draw(comment_bodies).rstrip()
            candidate = f"{line}{draw(st.sampled_from([' ', '  ', '   ']))}{text}"
            if reads_as("\n".join([*lines, candidate, *plain[number:]]) + "\n", judged):
                comments.append((number, text, True))
                line = candidate
        lines.append(line)
    return data, "\n".join(lines) + "\n", comments


def expected_fate(
    old_data: dict[str, Any], new_text: str, comments: list[tuple[int, str, bool]]
) -> tuple[list[str], list[str]]:
    """Which comments stay (their key or item is still there) and which are reported."""
    old_lines = loads(dumps(old_data)).lines
    new_lines = loads(new_text).lines
    kept, lost = [], []
    for number, text, inline in comments:
        on_line = [p for p, n in old_lines.items() if n == number] if inline else []
        later = sorted((n, len(p), p) for p, n in old_lines.items() if n >= number + inline)
        path = max(on_line, key=len) if on_line else (later[0][2] if later else None)
        (kept if path is None or path in new_lines else lost).append(text.strip())
    return kept, lost


@PROPERTY
@given(commented(), st.data())
def test_merge_keeps_data_and_exactly_the_comments_whose_key_survives(
    old: tuple[dict[str, Any], str, list[tuple[int, str, bool]]], draw: st.DataObject
) -> None:
    old_data, old_text, comments = old
    new_data = draw.draw(changed(old_data))
    new_text = dumps(new_data)
    merged, dropped = merge_comments(old_text, new_text)

    # Not one answer changes, in cds or in any other reader.
    assert loads(merged).data == new_data
    for read in other_readers(merged):
        assert read == new_data
    # Each comment whose key survives is there once; the others are reported, once each.
    kept, lost = expected_fate(old_data, new_text, comments)
    assert Counter(c.text.strip() for c in find_comments(merged)) == Counter(kept)
    assert Counter(c.text.strip() for c in dropped) == Counter(lost)
    # Rewriting again changes nothing and loses nothing.
    assert merge_comments(merged, new_text) == (merged, [])
    # A file saved on Windows (CRLF) gives the same result.
    crlf_merged, crlf_dropped = merge_comments(old_text.replace("\n", "\r\n"), new_text)
    assert crlf_merged == merged
    assert [(c.line, c.text) for c in crlf_dropped] == [(c.line, c.text) for c in dropped]


@FEWER
@given(commented())
def test_find_comments_finds_exactly_the_hand_written_comments(
    old: tuple[dict[str, Any], str, list[tuple[int, str, bool]]],
) -> None:
    _, old_text, comments = old
    found = find_comments(old_text)
    assert [c.text.strip() for c in found] == [text.strip() for _, text, _ in comments]
    assert [c.inline for c in found] == [inline for _, _, inline in comments]


@FEWER
@given(commented())
def test_unchanged_data_keeps_the_file_byte_for_byte(
    old: tuple[dict[str, Any], str, list[tuple[int, str, bool]]],
) -> None:
    old_data, old_text, comments = old
    merged, dropped = merge_comments(old_text, dumps(old_data))
    assert dropped == []
    assert loads(merged).data == old_data
    # Own-line comments at the margin are put back exactly where they were.
    if all(not inline and text == text.lstrip() for _, text, inline in comments):
        assert merged == old_text


@pytest.mark.parametrize(
    ("old", "new_data", "expected"),
    [
        # An indented comment after a value that becomes a block of text was read as
        # more lines of that text: the answer changed and the comment vanished.
        (
            "a: x\n  # about b\nb: y\n",
            {"a": "l1\nl2", "b": "y"},
            "a: |-\n  l1\n  l2\n# about b\nb: y\n",
        ),
        ("a: x\n    # the end\n", {"a": "l1\nl2"}, "a: |-\n  l1\n  l2\n# the end\n"),
        # "- # note" has no key on its line: it stays with the item, not reported as lost.
        (
            "partners:\n  - # the main partner\n    name: A\n",
            {"partners": [{"name": "B"}]},
            "partners:\n  # the main partner\n  - name: B\n",
        ),
        # Two comments that land on one line: the first was silently overwritten.
        (
            "p:\n  - {   # c1\n    name: A}  # c2\n",
            {"p": [{"name": "A"}]},
            "p:\n  - name: A  # c1  # c2\n",
        ),
        # A comment on a block header is carried (it used to be invisible and lost).
        ("k: |  # note\n  a\n  b\n", {"k": "a\nc\n"}, "# note\nk: |\n  a\n  c\n"),
        ("k: x  # note\n", {"k": " lead\nx"}, "# note\nk: |2-\n   lead\n  x\n"),
        # A value containing '#' keeps the comment off its line.
        ("k: x  # note\n", {"k": "a # b"}, "# note\nk: 'a # b'\n"),
        ("\ufeff# about\nk: v\n", {"k": "w"}, "# about\nk: w\n"),
        ("# only comments\n", {"k": "v"}, "k: v\n# only comments\n"),
    ],
)
def test_merge_examples(old: str, new_data: dict[str, Any], expected: str) -> None:
    merged, dropped = merge_comments(old, dumps(new_data))
    assert (merged, dropped) == (expected, [])
    assert loads(merged).data == new_data


@pytest.mark.parametrize(
    "old",
    [
        "# keep me\nk: 'unclosed\n",  # find_comments could not scan it: [] and silent loss
        "# keep me\nk: &a x\n",
        "# keep me\nk: x\nk: y\n",
    ],
)
def test_merge_refuses_to_overwrite_a_file_it_cannot_read(old: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        merge_comments(old, dumps({"k": "v"}))
    assert caught.value.line is not None


def test_merge_keeps_raw_unicode_line_breaks_of_any_new_text() -> None:
    # merge_comments numbers lines as YAML does and puts every line break back as it was.
    new = "k: 'a\u2028b'\nj: 'c\x85d'\r\nz: y\n"
    merged, dropped = merge_comments("k: x  # one\nj: x\n# two\nz: y\n", new)
    assert dropped == []
    assert loads(merged).data == loads(new).data
    assert [c.text.strip() for c in find_comments(merged)] == ["# one", "# two"]


# libyaml and the Python parser ---------------------------------------------------------


@contextlib.contextmanager
def python_parser() -> Iterator[None]:
    """Load as where libyaml is not installed: with PyYAML's Python parser."""
    saved = yamlload._CParser
    yamlload._CParser = None
    try:
        yield
    finally:
        yamlload._CParser = saved


def both_parsers(text: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What libyaml and the Python parser make of a text: ("read", data, lines),
    ("problem", message, line) for what cds refuses, or ("refused",) for invalid YAML."""

    def read(fast: bool) -> tuple[Any, ...]:
        lines: dict[yamlio.PathKey, int] = {}
        try:
            return "read", yamlload._parse(text, fast, lines), lines
        except YamlProblem as problem:
            return "problem", problem.message, problem.line
        except (yaml.YAMLError, UnicodeEncodeError):
            return ("refused",)

    return read(True), read(False)


needs_libyaml = pytest.mark.skipif(yamlload._CParser is None, reason="no libyaml")

unicode_texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
)


@needs_libyaml
@FEWER
@given(commented())
def test_libyaml_reads_commented_files_as_the_python_parser_does(
    old: tuple[dict[str, Any], str, list[tuple[int, str, bool]]],
) -> None:
    # The same data and the same line for every key, however much non-ASCII text and how
    # many comments there are: libyaml's marks count characters and lines as PyYAML does.
    _, text, _ = old
    fast, slow = both_parsers(text)
    assert fast == slow
    assert fast[0] == "read"
    with python_parser():
        slow_comments = find_comments(text)
    assert find_comments(text) == slow_comments


@needs_libyaml
@PROPERTY
@given(
    st.dictionaries(
        keys,
        st.recursive(
            unicode_texts,
            lambda inner: st.one_of(
                st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)
            ),
            max_leaves=10,
        ),
        max_size=5,
    )
)
def test_libyaml_reads_written_unicode_as_the_python_parser_does(data: dict[str, Any]) -> None:
    fast, slow = both_parsers(dumps(data))
    assert fast == slow
    assert fast[1] == data


UNICODE_YAMLISH = st.lists(
    st.sampled_from(
        [
            *"[]{}:,-?!&*#|>'\"%~ \n\rab0.\\@`=<",
            *["é", "😀", "\u2028", "\x85", "\u3000", "\xa0", "\r\n", "...", "---"],
            *["\\u00e9", "\\ud800", "\\x41", "  - ", ": "],
        ]
    ),
    max_size=40,
).map("".join)


@needs_libyaml
@PROPERTY
@given(st.one_of(UNICODE_YAMLISH, YAMLISH.filter(lambda t: "\t" not in t)))
def test_where_both_parsers_read_a_text_they_read_the_same(text: str) -> None:
    # Where they differ is only whether to read at all: libyaml allows a tab as a separating
    # space, as YAML does, where PyYAML's Python scanner refuses it (and a byte order mark at
    # the start of any line); and loads() asks the Python parser whenever libyaml refuses.
    fast, slow = both_parsers(text)
    if fast[0] == slow[0]:
        assert fast == slow
    else:  # one refuses; never does one refuse what the other reads
        assert "read" not in (fast[0], slow[0]) or "refused" in (fast[0], slow[0])


@PROPERTY
@given(
    st.dictionaries(
        names,
        st.recursive(
            st.one_of(
                texts,
                st.sampled_from(FRAGMENTS),
                st.none(),
                st.booleans(),
                st.integers(),
                st.floats(),
            ),
            lambda inner: st.one_of(
                st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=4)
            ),
            max_leaves=20,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_fast_writer_writes_what_pyyaml_writes(data: dict[str, Any]) -> None:
    assert yamldump.dumps(data) == yamldump.pyyaml_dumps(data)


@pytest.mark.parametrize(
    "data",
    [
        {"k": "a\n\n"},  # a |+ block last: PyYAML ends the document with '...'
        {"k": "a\n\n", "j": "b"},
        {"k": ["a\n\n"]},
        {"k": " lead\n", "l": ["\n", "x\n\n\n"]},
        {"k": "x" * 60_000},  # too long for one line of PyYAML's: it writes it whole
        {"yes": "a key YAML 1.1 reads as a boolean"},
        {"k" * 130: "a key written as '? key'"},
        {"shared": [(same := ["a"]), same]},  # PyYAML writes an anchor for a repeated list
        {"k": [[], {}, [[]], [{"a": None, "b": [1.5, -2, True, 1e20, float("nan")]}]]},
        {"k": {"a": "x\n\n"}},  # a |+ block last, deeper down
        {"k": "x\n\n", "l": {}},  # ... not last: no '...'
        {"k": ["x\n\n", []]},
        {"k": [{"a": "x\n\n"}, "b"]},
        {"a b": 1, "a: b": 2, "a #b": 3, "-a": 4, "...": 5},  # keys needing quotes, or not
        {"k": ["same", "same", {"k": "same"}], "l": "same"},  # one value written many times
    ],
)
def test_the_fast_writer_on_awkward_data(data: dict[str, Any]) -> None:
    assert yamldump.dumps(data) == yamldump.pyyaml_dumps(data)


# The writer's test for a plain value, with string methods, is the regular expression's.


@PROPERTY
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_the_plain_test_is_the_regular_expression(value: str) -> None:
    assert yamldump._is_plain(value) == bool(yamldump._PLAIN.fullmatch(value))


@pytest.mark.parametrize(
    "value",
    ["a", "a b", "a  b", "a #b", "a#b", "a:b", "a: b", "a:", "a ", " a", "...a", "..a", "-a",
     "a\tb", "é", "a\x7f", "~", "a: ", "#", "a,b", "[a", "a]", ":a", "", ".", "a.b"],
)  # fmt: skip
def test_the_plain_test_on_the_edges(value: str) -> None:
    assert yamldump._is_plain(value) == bool(yamldump._PLAIN.fullmatch(value))
