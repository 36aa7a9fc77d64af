"""The parse cache (.cds/parsed/): a file read again is not parsed again, and the cache is
only ever a copy: never an answer for other bytes, another cds, a damaged or edited entry.

And what lets a save skip parsing the text it writes: reading what cds writes gives back
exactly the data it was written from, in its literal form (yamldump.loaded_form)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydata_share import gitlog, parsecache, store, yamldump, yamlio, yamlload
from citydata_share.errors import InvalidFileError
from citydata_share.registry import CARDS
from citydata_share.store import Project, open_project
from citydata_share.wizard.session import run_card
from git_support import git, needs_git

BELFAST = Path(__file__).parent.parent / "examples" / "belfast"
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _caches_on(cache_on: None) -> None:
    """Every test here is about the caches: on, whatever the environment says."""


@pytest.fixture
def belfast(belfast_copy: Project) -> Project:
    return belfast_copy


class Parses:
    """Counts the texts parsed (yamlload.loads), by their first line."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        real = yamlload.loads

        def counting(text: str, **kwargs: Any) -> yamlload.Loaded:
            self.texts.append(text)
            return real(text, **kwargs)

        monkeypatch.setattr(yamlload, "loads", counting)  # parsecache, store, yamlio.read
        monkeypatch.setattr(yamlio, "loads", counting)  # merge_comments, gitlog

    def of(self, marker: str) -> int:
        return sum(marker in text for text in self.texts)


def entry_of(project: Project, name: str) -> Path:
    return project.parsed_path(name)


def card_data(project: Project, card_id: str) -> Any:
    return yamlio.loads(project.card_path(card_id).read_text()).data


# Hits and misses ----------------------------------------------------------------------------


def test_a_card_read_again_is_not_parsed_again(
    belfast: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = belfast.load_card("data-systems")
    assert entry_of(belfast, "data-systems").is_file()
    expected = card_data(belfast, "data-systems")
    parses = Parses(monkeypatch)
    again = belfast.load_card("data-systems")
    assert parses.texts == []
    assert again == first
    held = parsecache.load(belfast.card_path("data-systems"), entry_of(belfast, "data-systems"))
    assert held.data == expected
    assert parses.texts == []


def test_other_bytes_are_parsed_and_replace_the_entry(belfast: Project) -> None:
    belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    before = entry.read_bytes()
    path = belfast.card_path("reasons")
    path.write_text(path.read_text().replace("notes:", "notes: Changed by hand.\nx_notes:", 1))
    with pytest.raises(InvalidFileError):  # x_notes is not a question: parsed, not recalled
        belfast.load_card("reasons")
    path.write_text(path.read_text().replace("notes: Changed by hand.\nx_notes:", "notes:", 1))
    assert belfast.load_card("reasons") is not None
    # One entry a file, whatever its history.
    assert sorted(p.name for p in entry.parent.iterdir()) == ["cds.yaml.json", "reasons.json"]
    assert entry.read_bytes() == before


JUNK = [
    b"",
    b"not json at all",
    b'{"format": 1}\n',
    b"\xff\xfe\x00junk\n[1, 2]",
    b'{"format": 1, "key": "x", "check": "y"}\n{"card": "reasons"}',
]


@pytest.mark.parametrize("junk", JUNK)
def test_a_junk_entry_is_ignored_and_replaced(belfast: Project, junk: bytes) -> None:
    expected = belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    good = entry.read_bytes()
    entry.write_bytes(junk)
    assert belfast.load_card("reasons") == expected
    assert entry.read_bytes() == good


def _rewrite(entry: Path, payload: bytes, **header: Any) -> None:
    """An entry with ``payload`` as its data and a header that vouches for it."""
    head = json.loads(entry.read_bytes().partition(b"\n")[0])
    head.update(check=parsecache._check(payload), **header)
    entry.write_bytes(json.dumps(head).encode() + b"\n" + payload)


def test_an_entry_edited_by_hand_is_ignored(belfast: Project) -> None:
    belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    raw = entry.read_bytes()
    edited = raw.replace(b"Belfast", b"Dublin", 1)
    assert edited != raw
    entry.write_bytes(edited)  # the data no longer matches its check
    path = belfast.card_path("reasons")
    key = parsecache.key(path.read_bytes())
    assert parsecache.recall(entry, key) is None
    assert parsecache.load(path, entry).data == card_data(belfast, "reasons")


def test_an_entry_of_another_version_or_format_is_ignored(
    belfast: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    path = belfast.card_path("reasons")
    key = parsecache.key(path.read_bytes())
    assert parsecache.recall(entry, key) is not None
    payload = entry.read_bytes().partition(b"\n")[2]
    _rewrite(entry, payload, format=parsecache.FORMAT + 1)
    assert parsecache.recall(entry, key) is None
    # Another cds (its code version is in the key): the same bytes have another key.
    belfast.load_card("reasons")
    parsecache._keyed.cache_clear()
    monkeypatch.setattr("citydata_share.boardcache.code_version", lambda: "another cds")
    try:
        assert parsecache.key(path.read_bytes()) != key
        assert parsecache.recall(entry, parsecache.key(path.read_bytes())) is None
    finally:
        parsecache._keyed.cache_clear()


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b'{"card": "reasons", "notes": "\\ud800"}', "a lone surrogate, escaped"),
        (b'{"card": "reasons", "notes": "a \\udfff b"}', "a lone low surrogate"),
        (b'{"card": "reasons", "schema_version": 1}', "a number"),
        (b'{"card": "reasons", "schema_version": 1.5}', "a number"),
        (b'{"card": "reasons", "x": NaN}', "not a number"),
        (b'{"card": "reasons", "notes": "\xed\xa0\x80"}', "a surrogate, encoded"),
    ],
)
def test_an_entry_with_what_no_parse_gives_is_ignored(
    belfast: Project, payload: bytes, why: str
) -> None:
    belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    path = belfast.card_path("reasons")
    _rewrite(entry, payload)
    assert parsecache.recall(entry, parsecache.key(path.read_bytes())) is None, why
    assert parsecache.load(path, entry).data == card_data(belfast, "reasons")


def test_an_escaped_backslash_before_u_d800_is_text(belfast: Project) -> None:
    belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    key = parsecache.key(belfast.card_path("reasons").read_bytes())
    _rewrite(entry, b'{"notes": "C:\\\\ud800"}')  # the text C:\ud800, not a surrogate
    recalled = parsecache.recall(entry, key)
    assert recalled is not None and recalled.data == {"notes": "C:\\ud800"}


def test_an_entry_too_large_or_not_a_file_is_never_read(
    belfast: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    key = parsecache.key(belfast.card_path("reasons").read_bytes())
    monkeypatch.setattr(parsecache, "MAX_ENTRY_BYTES", 100)
    assert parsecache.recall(entry, key) is None
    monkeypatch.undo()
    entry.unlink()
    if Path("/dev/zero").exists():
        entry.symlink_to("/dev/zero")
        assert parsecache.recall(entry, key) is None
        assert belfast.load_card("reasons") == expected
        assert entry.is_file() and not entry.is_symlink()  # replaced by an entry
        entry.unlink()
    if hasattr(os, "mkfifo"):
        os.mkfifo(entry)  # a pipe with no writer: refused, not waited on
        assert parsecache.recall(entry, key) is None
        assert belfast.load_card("reasons") == expected


def test_an_entry_larger_than_the_limit_is_not_written(
    belfast: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    belfast.load_card("reasons")
    entry = entry_of(belfast, "reasons")
    assert entry.is_file()
    monkeypatch.setattr(parsecache, "MAX_ENTRY_BYTES", 100)
    path = belfast.card_path("reasons")
    path.write_text(path.read_text() + "\n")
    assert belfast.load_card("reasons") is not None
    assert not entry.exists()  # the old entry is gone, and no new one


def test_no_cache_turns_it_off(belfast: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDS_NO_CACHE", "1")
    belfast.load_card("reasons")
    assert not entry_of(belfast, "reasons").exists()
    monkeypatch.delenv("CDS_NO_CACHE")
    expected = belfast.load_card("reasons")
    assert entry_of(belfast, "reasons").is_file()
    monkeypatch.setenv("CDS_NO_CACHE", "1")
    parses = Parses(monkeypatch)
    assert belfast.load_card("reasons") == expected
    assert parses.of("card: reasons") == 1  # parsed, though the entry is there


def test_a_folder_cds_cannot_write_to_means_no_cache(
    belfast: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = belfast.load_card("reasons")
    shutil.rmtree(belfast.state_dir)
    belfast.state_dir.write_text("not a folder")  # so nothing can be written under it
    assert belfast.load_card("reasons") == expected
    belfast.state_dir.unlink()

    def refuse(*args: Any, **kwargs: Any) -> bool:
        raise PermissionError(13, "Permission denied", str(args[0]))

    monkeypatch.setattr(store, "atomic_write", refuse)  # as a read-only folder does
    assert belfast.load_card("reasons") == expected
    assert not entry_of(belfast, "reasons").exists()


def test_errors_from_a_recalled_card_still_name_their_line(belfast: Project) -> None:
    path = belfast.card_path("data-systems")
    text = path.read_text()
    path.write_text(text.replace("schema_documented: false", "schema_documented: perhaps", 1))
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "perhaps" in t)
    messages = []
    for _ in range(2):  # parsed (and kept), then recalled
        with pytest.raises(InvalidFileError) as caught:
            belfast.load_card("data-systems")
        messages.append([(p.line, p.field) for p in caught.value.problems])
    assert entry_of(belfast, "data-systems").is_file()
    assert messages[0] == messages[1]
    assert messages[0][0][0] == line


# Saving -------------------------------------------------------------------------------------


@pytest.fixture
def committed(belfast: Project) -> Project:
    """Belfast in a repository of its own, committing every save."""
    root = belfast.root
    path = root / "cds.yaml"
    path.write_text(path.read_text() + "settings:\n  git_commit: true\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Belfast")
    return open_project(root)


@needs_git
def test_a_save_parses_neither_the_card_it_loaded_nor_the_text_it_writes(
    committed: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, root = committed, committed.root
    project.load_card("data-systems")  # as an earlier command did: the entry is there
    answers = tmp_path / "one.yaml"
    answers.write_text("card: data-systems\nchecked_how: Asked again\n")
    parses = Parses(monkeypatch)
    result = run_card(project, "data-systems", answers_path=answers)
    assert result.saved
    assert parses.of("card: data-systems\ntitle:") == 0, "the card was parsed"
    assert len(parses.texts) == 1  # the answers file
    subject = git(root, "log", "-1", "--format=%B")
    assert subject.startswith("data-systems: 1 answer changed (checked how)")
    assert "- checked_how:" in subject
    # The entry kept is the new text's, and it is what parsing the text gives.
    key = parsecache.key(project.card_path("data-systems").read_bytes())
    kept = parsecache.recall(entry_of(project, "data-systems"), key)
    assert kept is not None and kept.data == card_data(project, "data-systems")
    # A second save in the same run: nothing parsed either, the message as before.
    answers.write_text("card: data-systems\nchecked_how: Asked again, twice\n")
    parses.texts.clear()
    run_card(project, "data-systems", answers_path=answers)
    assert len(parses.texts) == 1  # the answers file
    assert "Asked again -> Asked again, twice" in git(root, "log", "-1", "--format=%B")


@needs_git
def test_the_message_from_data_held_is_the_message_from_parsing(
    committed: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = committed.card_path("team")
    old = path.read_bytes()
    data = yamlio.loads(old.decode()).data
    new = (
        store.card_header("team")
        + yamlio.dumps({**data, "notes": "Changed", "people": data["people"][1:]})
    ).encode()
    path.write_bytes(new)
    expected = gitlog._answers_message(committed.root, "cards/team.yaml")
    assert expected.startswith("team: 2 answers changed")
    held = {old: data, new: yamlio.loads(new.decode()).data}
    parses = Parses(monkeypatch)
    assert gitlog._answers_message(committed.root, "cards/team.yaml", held) == expected
    assert parses.texts == []
    # Data held for other contents is not used: both texts are parsed.
    other = {b"x: 1\n": {"x": "1"}}
    assert gitlog._answers_message(committed.root, "cards/team.yaml", other) == expected
    assert len(parses.texts) == 2


@needs_git
def test_blob_ids_are_gits(tmp_path: Path) -> None:
    for kind, length in (("sha1", 40), ("sha256", 64)):
        repo = tmp_path / kind
        git(tmp_path, "init", "-q", f"--object-format={kind}", str(repo), check=False)
        if not (repo / ".git").is_dir():
            continue  # a git too old for SHA-256 repositories
        for raw in (b"", b"card: team\n", "é\r\n".encode() * 1000):
            (repo / "f").write_bytes(raw)
            assert gitlog.blob_id(raw, length) == git(repo, "hash-object", "f").strip()


def test_a_save_with_comments_keeps_them_with_the_data_held(belfast: Project) -> None:
    path = belfast.card_path("reasons")
    path.write_text(path.read_text().replace("\nnotes:", "\n# kept by hand\nnotes:", 1))
    belfast.will_save("reasons")
    model = belfast.load_card("reasons")
    assert model is not None
    belfast.save_card(model.model_copy(update={"notes": "New notes"}))
    text = path.read_text()
    assert "# kept by hand\nnotes: New notes" in text
    key = parsecache.key(path.read_bytes())
    kept = parsecache.recall(entry_of(belfast, "reasons"), key)
    assert kept is not None and kept.data == yamlio.loads(text).data


def test_the_data_kept_for_a_save_is_one_cards_and_goes_once_saved(belfast: Project) -> None:
    belfast.will_save("reasons")
    belfast.load_card("team")
    reasons = belfast.load_card("reasons")
    assert set(belfast._kept) == {"reasons"}
    belfast.will_save("team")  # another session: the first's data goes
    assert belfast._kept == {}
    team = belfast.load_card("team")
    belfast.load_card("reasons")
    assert set(belfast._kept) == {"team"}
    assert team is not None and reasons is not None
    belfast.save_card(team.model_copy(update={"notes": "Saved"}))
    assert belfast._kept == {}
    belfast.load_card("team")
    assert belfast._kept == {}  # not kept again unless said


def test_a_save_without_data_kept_uses_the_cache_entry(
    belfast: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = belfast.load_card("data-systems")  # its entry is kept on disk
    assert model is not None
    parses = Parses(monkeypatch)
    belfast.save_card(model.model_copy(update={"notes": "Saved"}))
    assert parses.texts == []
    monkeypatch.setenv("CDS_NO_CACHE", "1")  # no cache: parsed, as before
    belfast.save_card(model.model_copy(update={"notes": "Saved again"}))
    assert parses.of("card: data-systems") == 1


def test_merging_comments_with_the_old_data_given_is_the_same(belfast: Project) -> None:
    for card in CARDS:
        path = belfast.card_path(card.id)
        if not path.exists():
            continue
        old = path.read_text()
        data = yamlio.loads(old).data
        new = yamlio.dumps({**data, "notes": "changed"})
        given = yamlio.merge_comments(old, new, old_data=data)
        assert given == yamlio.merge_comments(old, new), card.id


# What cds writes reads back as its literal form -------------------------------------------


def test_every_belfast_card_as_written_reads_back_as_its_literal_form(belfast: Project) -> None:
    for card in CARDS:
        model = belfast.load_card(card.id)
        if model is None:
            continue
        data = model.to_file_data()
        text = store.card_header(card.id) + yamlio.dumps(data)
        raw = text.encode()
        held = parsecache.of_written(raw, text, data)
        assert held is not None
        assert held.data == yamlio.loads(text).data, card.id
        assert held.key == parsecache.key(raw)
    config = belfast.config.to_file_data()
    text = yamlio.dumps(config)
    held = parsecache.of_written(text.encode(), text, config)
    assert held is not None and held.data == yamlio.loads(text).data


scalars = st.one_of(
    st.text(),
    st.sampled_from(["", "NO", "yes", "0123", "1.10", "~", "null", "a: b", "- x", "...", "'"]),
    st.booleans(),
    st.none(),
    st.integers(),
    st.floats(),
)
keys = st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), st.text(max_size=6))
plain_data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


@PROPERTY
@given(st.dictionaries(keys, plain_data, min_size=1, max_size=5))
def test_reading_what_cds_writes_gives_its_literal_form(data: dict[str, Any]) -> None:
    text = yamlio.dumps(data)
    try:
        expected = yamlio.loads(text).data
    except yamlio.YamlProblem:
        expected = None  # cds cannot read it back (a key like '<<<<<<< x'): nor may the cache
    held = parsecache.of_written(text.encode("utf-8", "surrogatepass"), text, data)
    if expected is None:
        assert held is None
    else:
        assert held is not None and held.data == expected
        assert yamldump.loaded_form(data, yamlload.MAX_DEPTH) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"k": "a\n\n"},  # a |+ block last: the text ends with '...'
        {"k": ["a\n\n"], "l": " lead\n"},
        {"k": "x" * 60_000},  # written by PyYAML's emitter whole
        {"yes": "a key YAML 1.1 reads as a boolean", "k" * 130: "a '? key'"},
        {"k": [[], {}, [[]], [{"a": None, "b": [1.5, -2, True, 1e20, float("nan")]}]]},
        {"k": [float("inf"), -float("inf"), 0.0, -0.0, 10**30, False]},
        {"k": "\u2028 \x85 \t \x7f é 😀", "l": "null", "m": "", "n": "~"},
    ],
)
def test_awkward_data_reads_back_as_its_literal_form(data: dict[str, Any]) -> None:
    text = yamlio.dumps(data)
    assert yamldump.loaded_form(data, yamlload.MAX_DEPTH) == yamlio.loads(text).data


def test_the_literal_form_refuses_what_reading_refuses() -> None:
    shared: list[str] = ["x"]
    for data in (
        {"a": shared, "b": shared},  # written with an anchor and an alias
        {1: "a"},  # a key that is not text
        {"a": object()},
    ):
        with pytest.raises(yamldump.NotSure):
            yamldump.loaded_form(data, yamlload.MAX_DEPTH)
    deep: Any = "end"
    for _ in range(yamlload.MAX_DEPTH - 1):
        deep = [deep]
    assert yamldump.loaded_form({"a": deep}, yamlload.MAX_DEPTH) == {"a": deep}
    yamlio.loads(yamlio.dumps({"a": deep}))  # 64 deep: read
    with pytest.raises(yamldump.NotSure):
        yamldump.loaded_form({"a": [deep]}, yamlload.MAX_DEPTH)
    with pytest.raises(yamlio.YamlProblem):
        yamlio.loads(yamlio.dumps({"a": [deep]}))  # 65 deep: refused
    too_deep = {"a": [deep]}
    text = yamlio.dumps(too_deep)
    assert parsecache.of_written(text.encode(), text, too_deep) is None
