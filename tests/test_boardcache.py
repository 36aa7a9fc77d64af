"""The remembered board (.cds/board.json): the same answers as working the board out, and
never an answer for files that have changed since."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

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
    key = json.loads(cache.read_text())["fingerprint"]
    for junk in (
        "not json",
        "[]",
        json.dumps({"fingerprint": key, "cards": "x"}),
        json.dumps({"fingerprint": key, "cards": [{"id": "reasons"}]}),
        json.dumps({"fingerprint": key, "cards": [{"id": c["id"]} for c in expected]}),
        json.dumps(
            {
                "fingerprint": key,
                "cards": [
                    {"id": c["id"], "state": "on fire", "missing": [], "problems": [], "draft": 0}
                    for c in expected
                ],
            }
        ),
    ):
        cache.write_text(junk)
        assert _as_data(boardcache.board(project)) == expected, junk
        assert json.loads(cache.read_text())["fingerprint"] == key  # written again


def test_a_card_cds_cannot_read_is_reported_not_remembered(belfast: Path) -> None:
    project = _open(belfast)
    path = project.card_path("team")
    path.unlink()
    path.symlink_to("/dev/zero")
    assert boardcache.fingerprint(project) is None
    by_id = {s.card.id: s for s in boardcache.board(project)}
    assert by_id["team"].state is State.NEEDS_ATTENTION
    assert "/dev/zero" in by_id["team"].problems[0].message
    assert not (project.state_dir / "board.json").exists()


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

    def refuse(path: Path, text: str | bytes) -> None:
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


def test_a_save_leaves_the_board_for_the_next_status(cds: Cds, belfast: Path) -> None:
    answers = belfast.parent / "answers.yaml"
    answers.write_text("card: data-systems\nchecked_how: Asked again\n")
    result = cds("-C", str(belfast), "discover", "data-systems", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    project = _open(belfast)
    key = boardcache.fingerprint(project)
    assert key is not None
    assert boardcache.recall(project, key) is not None
