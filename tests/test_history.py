"""`cds history`: who changed which answer, when, from what to what, read from real git."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citydata_share.history import line, read_history
from citydata_share.store import Project, load_project
from git_support import git, needs_git, new_project, save, team

pytestmark = needs_git
Cds = Any


def as_person(
    monkeypatch: pytest.MonkeyPatch, settings: Path, name: str, date: str, root: Path
) -> Project:
    """The project as ``name`` opens it on ``date`` (a fresh run: a fresh git memory)."""
    email = name.split()[0].lower() + "@example.org"
    settings.write_text(f"[user]\n\tname = {name}\n\temail = {email}\n")
    monkeypatch.setenv("GIT_AUTHOR_DATE", f"{date}T10:00:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{date}T10:00:00+00:00")
    return load_project(root)


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_settings: Path) -> Project:
    """Ana fills the team card; Bo changes a role; Ana adds a person and a note."""
    root = new_project(tmp_path).root
    save(as_person(monkeypatch, git_settings, "Ana Diaz", "2026-11-18", root), team())
    changed = team()
    changed["people"][1]["role"] = "ig-lead"
    save(as_person(monkeypatch, git_settings, "Bo Li", "2026-11-20", root), changed)
    changed["people"].append({"role": "lawyer", "name": "Dee Ng"})
    changed["notes"] = "Who is involved, and the lawyer"
    save(as_person(monkeypatch, git_settings, "Ana Diaz", "2026-11-21", root), changed)
    return load_project(root)


def test_one_line_per_changed_answer_newest_first(cds: Cds, story: Project) -> None:
    result = cds("-C", str(story.root), "history", "team")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "2026-11-21 Ana Diaz  team notes: Who is involved in the rates share -> Who is "
        "involved, and the lawyer",
        "2026-11-21 Ana Diaz  team people[3]: added 'Dee Ng'",
        "2026-11-20 Bo Li     team people[1].role: head-of-analysis -> ig-lead",
    ]
    assert "2026-11-18 Ana Diaz  team people[0]: added 'Ana Diaz'" in lines
    assert all(" team " in line for line in lines)


def test_one_answer_by_its_path(cds: Cds, story: Project) -> None:
    exact = cds("-C", str(story.root), "history", "team", "--field", "people[1].role")
    assert exact.output.splitlines() == [  # names padded to the widest one shown
        "2026-11-20 Bo Li  team people[1].role: head-of-analysis -> ig-lead"
    ]
    loose = cds("-C", str(story.root), "history", "team", "--field", "people.role")
    assert loose.output == exact.output
    listed = cds("-C", str(story.root), "history", "team", "--field", "people")
    assert len(listed.output.splitlines()) == 5  # three added, one role, one more added
    assert len(cds("-C", str(story.root), "history", "-n", "2").output.splitlines()) == 2


def test_every_card_and_the_project_file(story: Project) -> None:
    entries = read_history(story.root)
    assert {e.file for e in entries} == {"team", "cds.yaml"}
    first = [e for e in entries if e.file == "cds.yaml"]
    assert [e.change.line() for e in first][:2] == [
        "name: (none) -> Rates share",
        "organisation: (none) -> Belfast City Council",
    ]


def test_a_field_with_no_history_names_the_card_s_answers(cds: Cds, story: Project) -> None:
    result = cds("-C", str(story.root), "history", "team", "--field", "peple")
    assert result.exit_code == 0
    assert "No changes to the team card under peple are recorded in git yet." in result.output
    assert "Its answers: notes, people, raci." in result.output


def test_an_unknown_card_is_refused_with_a_suggestion(cds: Cds, story: Project) -> None:
    result = cds("-C", str(story.root), "history", "tema")
    assert result.exit_code == 1
    assert "Did you mean 'team'?" in result.output


def test_changes_not_committed_are_pointed_out(cds: Cds, story: Project) -> None:
    card = story.root / "cards" / "team.yaml"
    card.write_text(card.read_text().replace("Dee Ng", "Dee Ngo"))
    result = cds("-C", str(story.root), "history", "team")
    assert "Not in the history yet: cards/team.yaml" in " ".join(result.output.split())


def test_not_a_repository(cds: Cds, project: Project) -> None:
    result = cds("-C", str(project.root), "history")
    assert result.exit_code == 1
    assert "is not in a git repository" in " ".join(result.output.split())


def test_merged_branches_list_each_change_once(story: Project) -> None:
    root = story.root
    git(root, "checkout", "-qb", "partner")
    changed = team()
    changed["people"][1]["role"] = "ig-lead"
    changed["people"].append({"role": "lawyer", "name": "Dee Ng"})
    changed["notes"] = "Changed by the partner"
    save(load_project(root), changed)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "--no-ff", "partner")
    lines = [e.change.line() for e in read_history(root, "team", "notes")]
    assert lines.count("notes: Who is involved, and the lawyer -> Changed by the partner") == 1


def test_a_version_committed_with_merge_markers_does_not_stop_it(story: Project) -> None:
    card = story.root / "cards" / "team.yaml"
    good = card.read_text()
    card.write_text(good + "<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> b\n")
    git(story.root, "commit", "-qam", "Committed by mistake")
    card.write_text(good)
    git(story.root, "commit", "-qam", "Fixed")
    entries = read_history(story.root, "team")
    assert entries[0].change.line().startswith("notes: (none) -> ")  # read as empty, then back


def test_control_characters_in_an_old_version_never_reach_the_terminal(story: Project) -> None:
    card = story.root / "cards" / "team.yaml"
    card.write_text(card.read_text() + '"evil\\e[31m": "red\\e]0;title\\a"\n')
    git(story.root, "commit", "-qam", "Hand-made")
    [entry] = read_history(story.root, "team")[:1]
    assert "\x1b" not in line(entry) and "\x07" not in line(entry)
    assert "evil[31m: (none) -> red]0;title" in line(entry)
