"""The remembered board (.cds/board.json): the same answers as working the board out, and
never an answer for files that have changed since."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydata_share import boardcache
from citydata_share.progress import State, project_status
from citydata_share.store import Project

Cds = Any
BELFAST = Path(__file__).parent.parent / "examples" / "belfast"


def _as_data(statuses: list[Any]) -> list[dict[str, object]]:
    return [s.as_json() for s in statuses]


@pytest.fixture
def belfast(tmp_path: Path) -> Path:
    root = tmp_path / "belfast"
    shutil.copytree(BELFAST, root, ignore=shutil.ignore_patterns("reports", ".cds"))
    return root


def _open(root: Path) -> Project:
    from citydata_share.store import open_project

    return open_project(root)


def test_a_recalled_board_is_the_board_worked_out(belfast: Path) -> None:
    project = _open(belfast)
    # A card with a broken link and one with a missing answer: problems and gaps both kept.
    path = project.card_path("architecture")
    path.write_text(path.read_text().replace("dataset: ", "dataset: Not a dataset ", 1))
    (project.card_path("culture")).write_text("card: culture\ntitle: A sharing culture\n")
    worked_out = project_status(project)
    first = boardcache.board(project)  # works it out, and keeps it
    assert (project.state_dir / "board.json").is_file()
    again = boardcache.board(project)
    assert _as_data(first) == _as_data(again) == _as_data(worked_out)
    assert all(s.model is None for s in again)  # recalled, not loaded
    by_id = {s.card.id: s for s in again}
    assert by_id["architecture"].state is State.NEEDS_ATTENTION
    assert by_id["architecture"].problems[0].line is not None
    assert by_id["culture"].missing


def test_any_change_to_a_card_is_seen_at_once(belfast: Path) -> None:
    project = _open(belfast)
    boardcache.board(project)
    path = project.card_path("reasons")
    text = path.read_text()
    stat = path.stat()
    broken = text.replace("card: reasons", "card: reasonz", 1)  # same size, same time
    assert len(broken) == len(text)
    path.write_text(broken)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert by_id["reasons"].state is State.NEEDS_ATTENTION
    path.write_text(text)
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert by_id["reasons"].state is State.COMPLETE


def test_a_draft_a_new_card_and_cds_yaml_change_the_board(belfast: Path) -> None:
    project = _open(belfast)
    before = {s.card.id: s for s in boardcache.board(project)}
    assert not before["reasons"].has_draft
    project.drafts_dir.mkdir(parents=True, exist_ok=True)
    project.draft_path("reasons").write_text("card: reasons\n")
    after = {s.card.id: s for s in boardcache.board(project)}
    assert after["reasons"].has_draft
    project.card_path("culture").unlink()
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert by_id["culture"].state is State.NOT_STARTED


def test_a_board_file_that_is_not_what_cds_wrote_is_ignored(belfast: Path) -> None:
    project = _open(belfast)
    expected = _as_data(boardcache.board(project))
    cache = project.state_dir / "board.json"
    good = json.loads(cache.read_text())
    version = good["version"]
    reasons = good["cards"]["reasons"]
    for junk in (
        "not json",
        "[]",
        json.dumps({"version": version, "cards": "x"}),
        json.dumps({"version": "another cds", "cards": good["cards"]}),
        json.dumps({"version": version, "cards": {"reasons": {"bytes": 1}}}),
        json.dumps({"version": version, "cards": {"reasons": {**reasons, "missing": "x"}}}),
        json.dumps({"version": version, "cards": {"reasons": {**reasons, "loads": "yes"}}}),
        json.dumps({"version": version, "cards": {"reasons": {**reasons, "links": {"key": 1}}}}),
        json.dumps(
            {
                "version": version,
                "cards": {"reasons": {**reasons, "links": {**reasons["links"], "reads": [[1]]}}},
            }
        ),
        json.dumps(
            {
                "version": version,
                "cards": {
                    "architecture": {
                        **good["cards"]["architecture"],
                        "links": {
                            **good["cards"]["architecture"]["links"],
                            "reads": [["no-such-card", "x"]],
                        },
                    }
                },
            }
        ),
    ):
        cache.write_text(junk)
        assert _as_data(boardcache.board(project)) == expected, junk
        assert json.loads(cache.read_text()) == good  # written again


def test_a_card_cds_cannot_read_is_reported_not_remembered(belfast: Path) -> None:
    project = _open(belfast)
    path = project.card_path("team")
    path.unlink()
    path.symlink_to("/dev/zero")
    for _ in range(2):
        by_id = {s.card.id: s for s in boardcache.board(project)}
        assert by_id["team"].state is State.NEEDS_ATTENTION
        assert "/dev/zero" in by_id["team"].problems[0].message
        held = json.loads((project.state_dir / "board.json").read_text())["cards"]
        assert "team" not in held and "reasons" in held


def test_no_cache_in_the_environment_turns_it_off(
    belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDS_NO_CACHE", "1")
    project = _open(belfast)
    boardcache.board(project)
    assert not (project.state_dir / "board.json").exists()


def test_a_read_only_project_still_shows_its_board(
    belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _open(belfast)

    def refuse(path: Path, text: str | bytes, **how: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("citydata_share.store.atomic_write", refuse)
    assert len(boardcache.board(project)) == len(project_status(project))


def test_status_and_check_agree_with_and_without_the_cache(
    cds: Cds, belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = belfast / "cards" / "architecture.yaml"
    path.write_text(path.read_text().replace("dataset: ", "dataset: Not a dataset ", 1))
    shown = [cds("-C", str(belfast), command).output for command in ("status", "check")]
    assert (belfast / ".cds" / "board.json").is_file()
    assert [cds("-C", str(belfast), c).output for c in ("status", "check")] == shown
    monkeypatch.setenv("CDS_NO_CACHE", "1")
    assert [cds("-C", str(belfast), c).output for c in ("status", "check")] == shown
    assert "Not a dataset" in shown[1]


def test_a_save_leaves_the_board_for_the_next_status(
    cds: Cds, belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = belfast.parent / "answers.yaml"
    answers.write_text("card: data-systems\nchecked_how: Asked again\n")
    result = cds("-C", str(belfast), "discover", "data-systems", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    project = _open(belfast)
    loaded = _count_loads(monkeypatch)
    recalled = _as_data(boardcache.board(project))
    assert loaded == []  # nothing loaded: every card's state was kept by the save
    assert recalled == _as_data(project_status(_open(belfast)))


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cards loaded from now on, in order."""
    loaded: list[str] = []
    load = Project.load_card

    def counting(self: Project, card_id: str) -> Any:
        loaded.append(card_id)
        return load(self, card_id)

    monkeypatch.setattr(Project, "load_card", counting)
    return loaded


def _edit(project: Project, card_id: str, old: str, new: str) -> None:
    path = project.card_path(card_id)
    text = path.read_text()
    assert old in text, (card_id, old)
    path.write_text(text.replace(old, new, 1))


def test_only_the_cards_whose_inputs_changed_are_loaded(
    belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _open(belfast)
    boardcache.board(project)
    loaded = _count_loads(monkeypatch)
    # An answer no other card reads: only its own card is loaded again.
    _edit(project, "data-systems", "checked_how:", "checked_how: Asked twice.")
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert loaded == ["data-systems"]
    assert _as_data(by_id.values()) == _as_data(project_status(_open(belfast)))
    # A dataset's title, which the architecture card's flows name: it is checked again,
    # and the flow that named the old title is now a broken link.
    title = project.load_card("data-systems").datasets[0].title  # type: ignore[union-attr]
    loaded.clear()
    _edit(project, "data-systems", f"title: {title}", f"title: {title} (old)")
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert "data-systems" in loaded and "architecture" in loaded
    assert "culture" not in loaded and "reasons" not in loaded
    assert any(title in p.message for p in by_id["architecture"].problems)
    assert by_id["architecture"].state is State.NEEDS_ATTENTION
    assert _as_data(by_id.values()) == _as_data(project_status(_open(belfast)))


def test_a_card_that_stops_loading_is_seen_by_the_cards_that_read_it(belfast: Path) -> None:
    project = _open(belfast)
    before = _as_data(boardcache.board(project))
    path = project.card_path("data-systems")
    text = path.read_text()
    path.write_text("card: data-systems\ndatasets: [\n")
    assert _as_data(boardcache.board(project)) == _as_data(project_status(project))
    path.unlink()
    assert _as_data(boardcache.board(project)) == _as_data(project_status(project))
    path.write_text(text)
    assert _as_data(boardcache.board(project)) == before


def test_the_role_and_cds_yaml_are_inputs(belfast: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _open(belfast)
    boardcache.board(project)
    config = belfast / "cds.yaml"
    text = config.read_text()
    changed = 0
    swaps = (("role: both", "role: provider"), ("personal_data: unsure", "personal_data: no"))
    for old, new in swaps:
        if old in text:
            changed += 1
            config.write_text(text.replace(old, new, 1))
            fresh = _open(belfast)
            assert _as_data(boardcache.board(fresh)) == _as_data(project_status(fresh)), new
            config.write_text(text)
    assert changed
    boardcache.board(_open(belfast))
    loaded = _count_loads(monkeypatch)
    boardcache.board(_open(belfast))
    assert loaded == []


def test_many_edits_in_turn_keep_the_board_the_board(belfast: Path) -> None:
    """Whatever the order of edits, the board recalled is the board worked out."""
    project = _open(belfast)
    ecosystem = project.load_card("ecosystem")
    organisation = ecosystem.organisations[0].name  # type: ignore[union-attr]
    edits = [
        ("team", "- role: head-of-service", "- role: lawyer"),
        ("ecosystem", f"name: {organisation}", f"name: {organisation} Ltd"),
        ("team", "- role: lawyer", "- role: head-of-service"),
        ("culture", "card: culture", "card: culture\nbroken: [\n"),
        ("ecosystem", f"name: {organisation} Ltd", f"name: {organisation}"),
        ("culture", "card: culture\nbroken: [\n", "card: culture"),
    ]
    boardcache.board(project)
    for card_id, old, new in edits:
        _edit(project, card_id, old, new)
        assert _as_data(boardcache.board(project)) == _as_data(project_status(project)), new


@pytest.mark.parametrize(
    "card_id", ["others-data", "architecture", "canvas", "approvals", "culture", "team"]
)
def test_a_save_shows_the_same_summary_whatever_the_board_remembers(
    cds: Cds, tmp_path: Path, card_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary after a save reads other cards (a flow's dataset, the ecosystem's
    organisations): those not loaded for the board are loaded for it."""
    from citydata_share.registry import BY_ID

    shown = []
    for remembered in (True, False):
        root = tmp_path / str(remembered) / "belfast"
        shutil.copytree(BELFAST, root, ignore=shutil.ignore_patterns("reports", ".cds"))
        answers = tmp_path / str(remembered) / "answers.yaml"
        answers.write_text(f"card: {card_id}\nnotes: Looked at again.\n")
        monkeypatch.setenv("CDS_NO_CACHE", "0" if remembered else "1")
        assert cds("-C", str(root), "status").exit_code == 0
        phase = BY_ID[card_id].command.split()[1]
        result = cds("-C", str(root), phase, card_id, "--answers", str(answers))
        assert result.exit_code == 0, result.output
        shown.append(result.output.replace(str(tmp_path / str(remembered)), "ROOT"))
    assert shown[0] == shown[1]


def test_a_card_changed_while_the_board_is_worked_out_is_not_remembered(
    belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _open(belfast)
    path = project.card_path("reasons")
    text = path.read_text()
    work_out = boardcache.work_out

    def meanwhile(*args: Any) -> Any:
        done = work_out(*args)
        path.write_text(text.replace("card: reasons", "card: reasonz", 1))  # same size
        return done

    monkeypatch.setattr(boardcache, "work_out", meanwhile)
    boardcache.board(project)
    assert not (project.state_dir / "board.json").exists()
    monkeypatch.undo()
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert by_id["reasons"].state is State.NEEDS_ATTENTION


def test_a_file_changed_just_after_it_was_hashed_is_read_again(
    belfast: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = belfast / "cards" / "reasons.yaml"
    text = path.read_text()
    digest = boardcache._file_hash(path)
    assert boardcache._still(path, digest)
    stat = path.stat()
    path.write_text(text.replace("card: reasons", "card: reasonz", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert not boardcache._still(path, digest)
    # Long unchanged: its times and size are enough, and the file is not read.
    digest = boardcache._file_hash(path)
    seen = boardcache._HASHED[path]
    boardcache._HASHED[path] = (seen[0], seen[1], seen[2] + 10 * boardcache._RACY_NS)

    def unread(path: Path) -> str:
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(boardcache, "_file_hash", unread)
    assert boardcache._still(path, digest)


# Edits a user makes between two commands, each undone by another: any order of them must
# leave the remembered board the board worked out from scratch.
_EDITS: list[tuple[str, str, str]] = [
    ("data-systems", "- title: Building waste", "- title: Building wastes"),
    ("data-systems", "checked_how:", "checked_how: Asked once more."),
    ("ecosystem", "- name: Land & Property Services", "- name: LPS"),
    ("architecture", "- dataset: Building control", "- dataset: Building inspection"),
    ("team", "- role: head-of-service", "- role: lawyer"),
    ("culture", "card: culture", "card: culture\nbroken: [\n"),
    ("reasons", "card: reasons", "card: reasonz"),
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(
        st.tuples(st.integers(0, len(_EDITS) - 1), st.booleans(), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_any_edits_in_any_order_leave_the_board_the_board(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, bool, bool]]
) -> None:
    root = tmp_path_factory.mktemp("edits") / "belfast"
    shutil.copytree(BELFAST, root, ignore=shutil.ignore_patterns("reports", ".cds"))
    project = _open(root)
    boardcache.board(project)
    for index, undo, draft in steps:
        card_id, old, new = _EDITS[index]
        path = project.card_path(card_id)
        text = path.read_text()
        if undo:
            old, new = new, old
        if old in text:
            path.write_text(text.replace(old, new, 1))
        if draft:
            project.drafts_dir.mkdir(parents=True, exist_ok=True)
            project.draft_path(card_id).write_text(f"card: {card_id}\n")
        assert _as_data(boardcache.board(project)) == _as_data(project_status(project))


def test_a_saved_cards_problems_are_shown_as_its_check_says_them(belfast: Path) -> None:
    """After a save the summary takes the card's problems from the board: the same words
    as checking the card again."""
    from rich.console import Console

    from citydata_share.cli.summaries import summary
    from citydata_share.cli.wizard_cmds import _issues_of

    project = _open(belfast)
    _edit(project, "architecture", "- dataset: Building control", "- dataset: Not a dataset")
    model = project.load_card("architecture")
    assert model is not None
    statuses, cards = boardcache.board_and_cards(project, {"architecture": model})
    status = next(s for s in statuses if s.card.id == "architecture")
    assert status.problems

    def shown(issues: Any) -> str:
        console = Console(width=100, file=io.StringIO())
        console.print(summary("architecture", model, project, cards, issues))
        return console.file.getvalue()  # type: ignore[attr-defined]

    checked_again = shown(None)
    assert "Not a dataset" in checked_again
    assert shown(_issues_of(status)) == checked_again
