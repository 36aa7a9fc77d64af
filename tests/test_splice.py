"""Splicing changed top-level sections into a card (yamlio.splice), and rewriting only their
lines of the parse cache's entry (parsecache.keep_changed).

A save that changed a few answers of a large card writes again only those answers' sections
of the text: the result is what the full way (dump the whole data, carry the comments over)
gives, byte for byte for a file cds wrote, and the splice says None, leaving the full way,
whenever it cannot be sure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydata_share import parsecache, store, yamldump, yamlio
from citydata_share.store import Project, render_yaml

BELFAST = Path(__file__).parent.parent / "examples" / "belfast"
CARD_FILES = sorted((BELFAST / "cards").glob("*.yaml"))
PROPERTY = settings(
    max_examples=60,  # for each of the cards
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def full_way(text: str, old_data: Any, new_data: dict[str, Any]) -> str:
    return render_yaml(new_data, text, None, False, Path("card.yaml"), old_data)


def written_by_cds(text: str) -> tuple[str, Any]:
    """The card as cds writes its data (comments carried over), and that data."""
    data = yamlio.loads(text).data
    text = full_way(text, yamlio.NOT_GIVEN, data)
    return text, yamlio.loads(text).data


# Values a changed answer takes: empty, multi-line, quoted, with '#', lists, mappings.
TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "plain words",
            "it's 'quoted'",
            '"double"',
            "a # not a comment",
            "#start",
            "ends with a colon:",
            "key: value",
            "line one\nline two\n",
            "line one\nline two",
            "kept\n\n",
            "  leading spaces\n",
            "yes",
            "0123",
            "- dash",
            "...",
            "---",
            "tab\there",
            "ünïcödé — “quotes”",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)
VALUE = st.recursive(
    st.one_of(st.none(), TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["name", "owner", "note", "when"]), inner, max_size=3),
    ),
    max_leaves=6,
)
COMMENTS = st.lists(
    st.sampled_from(["before", "after", "inline", "inside"]), max_size=3, unique=True
)


def with_comments(text: str, key: str, where: list[str]) -> str:
    """``text`` with comments around the top-level ``key``'s section."""
    lines = text.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(
        (n for n in range(at + 1, len(lines)) if lines[n][:1] not in (" ", "\n", "#")),
        len(lines),
    )
    if "after" in where:
        lines.insert(end, "# after the section, # with a hash\n")
    if "inside" in where and end > at + 1 and lines[at + 1].startswith("  - "):
        lines.insert(at + 1, "  # about the first item\n")
    if "inline" in where:
        lines[at] = lines[at].rstrip("\n") + "  # on the key's line\n"
    if "before" in where:
        lines.insert(at, "# before the key\n")
    return "".join(lines)


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda path: path.stem)
@PROPERTY
@given(data=st.data())
def test_splice_is_the_full_way_byte_for_byte(path: Path, data: st.DataObject) -> None:
    text, old_data = written_by_cds(path.read_text(encoding="utf-8"))
    keys = list(old_data)
    commented = data.draw(st.sampled_from(keys))
    text, old_data = written_by_cds(with_comments(text, commented, data.draw(COMMENTS)))
    changed = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
    new_data = dict(old_data)
    for key in changed:
        new_data[key] = data.draw(VALUE)
    try:
        full = full_way(text, old_data, new_data)
    except store.CommentsWouldBeLostError:
        assert yamlio.splice(text, old_data, new_data) is None
        return
    spliced = yamlio.splice(text, old_data, new_data)
    if spliced is None:  # only when nothing changed (as read back)
        assert all(old_data[key] == yamldump.loaded_form(new_data[key], 99) for key in keys)
        return
    assert spliced[0] == full
    assert spliced[1] == yamlio.loads(full).data == yamlio.loads(spliced[0]).data
    assert yamlio.find_comments(spliced[0]) == yamlio.find_comments(full)


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda path: path.stem)
def test_one_answer_changed_splices(path: Path) -> None:
    text, old_data = written_by_cds(path.read_text(encoding="utf-8"))
    key = list(old_data)[-1]
    new_data = {**old_data, key: "Asked again, round 2"}
    spliced = yamlio.splice(text, old_data, new_data)
    assert spliced is not None
    assert spliced[0] == full_way(text, old_data, new_data)
    assert spliced[1] == new_data
    # Every section but the changed one kept as it was.
    assert spliced[0].startswith(text[: text.index(f"\n{key}:")])


CARD = (
    "# A header comment\n# and another\n"
    "card: demo\ntitle: Demo\nitems:\n  - one\n  - two\nnote: old\nlast: end\n"
)


def splice_of(text: str, **changes: Any) -> tuple[str, dict[str, Any]] | None:
    old_data = yamlio.loads(text).data
    return yamlio.splice(text, old_data, {**old_data, **changes})


def test_a_small_card_splices() -> None:
    spliced = splice_of(CARD, note="new\ntext\n")
    assert spliced is not None
    assert spliced[0] == CARD.replace("note: old\n", "note: |\n  new\n  text\n")


def test_a_keep_block_in_the_middle_has_no_end_of_document() -> None:
    spliced = splice_of(CARD, note="kept\n\n")
    assert spliced is not None
    assert "\n...\n" not in spliced[0]
    assert yamlio.loads(spliced[0]).data["note"] == "kept\n\n"
    last = splice_of(CARD, last="kept\n\n")
    assert last is not None and last[0].endswith("last: |+\n  kept\n\n...\n")


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + CARD,  # a byte order mark
        CARD.replace("\n", "\r\n"),  # other line ends
        "---\n" + CARD,  # document markers
        CARD + "...\n",
        CARD.replace("title: Demo\n", "'title': Demo\n"),  # a key written another way
        CARD.replace("title: Demo\n", 'title: "Demo\nmore"\n'),  # text at the margin
        CARD.replace("items:\n  - one\n  - two\n", "items: [one,\ntwo]\n"),  # flow at the margin
        CARD.replace("# and another\n", "  stray\n"),  # text above the first key
        "{card: demo, title: Demo, note: old}\n",  # flow style at the top
        CARD.replace("note: old\n", 'note: "old\nlast: x"\n'),  # a key's line in a text
    ],
)
def test_what_cannot_be_sure_is_not_spliced(text: str) -> None:
    try:
        old_data = yamlio.loads(text).data
    except yamlio.YamlProblem:
        old_data = {"card": "demo", "title": "Demo", "note": "old"}
    if isinstance(old_data, dict) and "note" in old_data:
        assert yamlio.splice(text, old_data, {**old_data, "note": "new"}) is None


def test_data_that_is_not_the_texts_is_not_spliced() -> None:
    old_data = yamlio.loads(CARD).data
    # The old section does not read as the data given: never trusted.
    wrong = {**old_data, "note": "not what the file says"}
    assert yamlio.splice(CARD, wrong, {**old_data, "note": "new"}) is None
    # Other keys, or another order: the full way.
    assert yamlio.splice(CARD, old_data, {**old_data, "extra": "x"}) is None
    reordered = dict(reversed(list({**old_data, "note": "new"}.items())))
    assert yamlio.splice(CARD, old_data, reordered) is None
    # Nothing changed: the full way (which also puts right a layout edited by hand).
    assert yamlio.splice(CARD, old_data, dict(old_data)) is None


def test_a_large_change_takes_the_full_way() -> None:
    items = [f"item {n}" for n in range(30_000)]
    text = yamlio.dumps({"card": "demo", "items": items, "note": "old"})
    old_data = yamlio.loads(text).data
    assert yamlio.splice(text, old_data, {**old_data, "items": [*items, "one more"]}) is None
    spliced = yamlio.splice(text, old_data, {**old_data, "note": "new"})
    assert spliced is not None and spliced[0] == text.replace("note: old", "note: new")


def test_a_comment_that_would_be_lost_is_left_to_the_full_way() -> None:
    text = CARD.replace("  - two\n", "  - two  # the second\n")
    assert splice_of(text, items=["one"]) is None
    assert splice_of(text, note="new") is not None  # another section: kept as it is


def test_yes_no_and_numbers_read_back_as_text_are_unchanged() -> None:
    text = "card: demo\nschema_version: 1\nflag: true\nnote: old\n"
    old_data = yamlio.loads(text).data
    spliced = yamlio.splice(text, old_data, {**old_data, "schema_version": 1, "flag": True})
    assert spliced is None  # nothing changed
    spliced = yamlio.splice(
        text, old_data, {**old_data, "schema_version": 1, "flag": True, "note": "new"}
    )
    assert spliced is not None
    assert spliced[0] == text.replace("note: old", "note: new")


# Saving -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _caches_on(cache_on: None) -> None:
    """Every test here is about the caches: on, whatever the environment says."""


@pytest.fixture
def belfast(belfast_copy: Project) -> Project:
    return belfast_copy


def test_a_save_writes_what_the_full_way_writes_and_keeps_its_data(belfast: Project) -> None:
    path = belfast.card_path("data-systems")
    with_note = path.read_text(encoding="utf-8") + "# a note at the end\n"
    path.write_text(with_note, encoding="utf-8")
    for round_ in range(3):
        model = belfast.load_card("data-systems")
        assert model is not None
        model = model.model_copy(update={"checked_how": f"Asked again, round {round_}"})
        old = path.read_text(encoding="utf-8")
        full = render_yaml(
            model.to_file_data(), old, store.card_header("data-systems"), False, path
        )
        belfast.save_card(model)
        raw = path.read_bytes()
        assert raw.decode("utf-8") == full
        kept = parsecache.recall(belfast.parsed_path("data-systems"), parsecache.key(raw))
        assert kept is not None and kept.data == yamlio.loads(full).data
    assert path.read_text(encoding="utf-8").endswith("# a note at the end\n")


def test_an_entry_rewritten_by_lines_is_the_entry_written_whole(tmp_path: Path) -> None:
    entry = tmp_path / "card.json"
    before = parsecache.Parsed("a" * 64, {"card": "x", "items": ["one", "two"], "note": "old"})
    parsecache.keep(entry, before)
    after = parsecache.Parsed("b" * 64, {**before.data, "note": "new\nlines ü \u2028"})
    assert parsecache._rewritten(entry, before.key, before.data, after.data) is not None
    parsecache.keep_changed(entry, before, after)
    rewritten = entry.read_bytes()
    assert parsecache.recall(entry, "b" * 64) == after
    parsecache.keep(entry, after)
    assert entry.read_bytes() == rewritten
    # An entry for other bytes is not rewritten but replaced whole.
    other = parsecache.Parsed("c" * 64, {**before.data, "note": "other"})
    parsecache.keep_changed(entry, before, other)
    assert parsecache.recall(entry, "c" * 64) == other
    # A damaged entry: likewise.
    entry.write_bytes(entry.read_bytes().replace(b"other", b"OTHER"))
    final = parsecache.Parsed("d" * 64, {**before.data, "note": "final"})
    parsecache.keep_changed(entry, other, final)
    assert parsecache.recall(entry, "d" * 64) == final
