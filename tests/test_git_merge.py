"""Partners on two branches: different answers merge cleanly, the same answer leaves
conflict markers that every command reports with their lines (real git)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citydata_share.history import read_history
from citydata_share.store import Project, load_project
from git_support import git, log, needs_git, new_project, save, team

pytestmark = needs_git
Cds = Any


@pytest.fixture
def shared(tmp_path: Path) -> Project:
    """The team card saved on main; a partner's branch made from there."""
    project = new_project(tmp_path)
    save(project, team())
    git(project.root, "branch", "partner")
    return project


def on_branch(project: Project, branch: str, card: dict[str, Any]) -> None:
    git(project.root, "checkout", "-q", branch)
    save(load_project(project.root), card)


def test_different_answers_of_one_card_merge_without_conflict(cds: Cds, shared: Project) -> None:
    ours = team()
    ours["raci"][0]["informed"] = ["Ana Diaz", "Cai Roe"]
    on_branch(shared, "main", ours)
    theirs = team(notes="The partner's note on the team")
    on_branch(shared, "partner", theirs)
    git(shared.root, "checkout", "-q", "main")
    merged = git(shared.root, "merge", "--no-edit", "partner", check=False)
    assert "CONFLICT" not in merged
    assert log(shared.root)[0] == "Merge branch 'partner'"
    card = load_project(shared.root).load_card("team")
    assert card is not None
    answers = card.answers()
    assert answers["notes"] == "The partner's note on the team"
    assert answers["raci"][0]["informed"] == ["Ana Diaz", "Cai Roe"]
    assert cds("-C", str(shared.root), "check").exit_code == 0
    lines = {e.change.line() for e in read_history(shared.root, "team")}
    assert "notes: Who is involved in the rates share -> The partner's note on the team" in lines
    assert "raci[0].informed: Ana Diaz -> Ana Diaz, Cai Roe" in lines


@pytest.fixture
def conflicted(shared: Project) -> Project:
    ours = team()
    ours["people"][0]["role"] = "head-of-service"
    on_branch(shared, "main", ours)
    theirs = team()
    theirs["people"][0]["role"] = "lawyer"
    on_branch(shared, "partner", theirs)
    git(shared.root, "checkout", "-q", "main")
    merged = git(shared.root, "merge", "--no-edit", "partner", check=False)
    assert "CONFLICT (content): Merge conflict in cards/team.yaml" in merged
    return shared


def marker_lines(path: Path) -> tuple[int, int]:
    lines = path.read_text().splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.startswith("<<<<<<<"))
    end = next(n for n, line in enumerate(lines, 1) if line.startswith(">>>>>>>"))
    return start, end


def test_check_reports_the_markers_with_their_lines(cds: Cds, conflicted: Project) -> None:
    start, end = marker_lines(conflicted.root / "cards" / "team.yaml")
    result = cds("-C", str(conflicted.root), "check")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert f"line {start}: a git merge left this file with two versions" in text
    assert f"lines {start}-{end} (HEAD's answers, then partner's)" in text
    assert "git merge --abort" in text
    assert "not valid YAML" not in text


def test_every_command_shows_the_conflict_not_a_yaml_error(cds: Cds, conflicted: Project) -> None:
    root = str(conflicted.root)
    for args in (["discover", "team", "--no-input"], ["report", "team"]):
        result = cds("-C", root, *args)
        text = " ".join(result.output.split())
        assert "a git merge left this file with two versions" in text, args
        assert "not valid YAML" not in text
    status = cds("-C", root, "status")
    assert "team.yaml" in status.output and "needs attention" in status.output


def test_resolving_the_conflict_makes_the_card_readable_again(
    cds: Cds, conflicted: Project
) -> None:
    card = conflicted.root / "cards" / "team.yaml"
    kept = [line for line in card.read_text().splitlines(keepends=True)]
    start, end = marker_lines(card)
    middle = next(n for n, line in enumerate(kept, 1) if line.startswith("======="))
    resolved = kept[: start - 1] + kept[middle : end - 1] + kept[end:]  # keep the partner's
    card.write_text("".join(resolved))
    assert cds("-C", str(conflicted.root), "check").exit_code == 0
    loaded = load_project(conflicted.root).load_card("team")
    assert loaded is not None and loaded.answers()["people"][0]["role"] == "lawyer"
