"""Every save committed: exactly the files cds wrote, as the user, with a readable message.

Real git in temporary repositories; git's settings come from the test's own global file
(conftest.git_settings), never the machine's.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from citydata_share.project import ProjectConfig
from citydata_share.store import create_project, load_project
from git_support import TEAM, files_of, git, log, needs_git, new_project, save, team

pytestmark = needs_git
Cds = Any


def test_init_commits_only_the_files_it_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / "budget.xlsx").write_text("the user's own file")
    config = ProjectConfig.model_validate({"name": "Rates share"})
    created = create_project(folder, config)
    assert created.committed
    assert sorted(files_of(folder)) == [
        ".gitattributes",
        ".gitignore",
        "cards/.gitkeep",
        "cds.yaml",
    ]
    assert log(folder) == ["Start data sharing project: Rates share"]
    assert git(folder, "status", "--porcelain") == "?? budget.xlsx\n"
    assert load_project(folder).config.settings.git_commit is True


def test_a_saved_card_is_committed_as_the_user(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, TEAM)
    assert log(project.root)[0] == "team: first answers saved (notes; people; raci)"
    assert files_of(project.root) == ["cards/team.yaml"]
    assert git(project.root, "log", "-1", "--format=%an <%ae>") == "Test User <test@example.org>\n"
    assert git(project.root, "status", "--porcelain") == ""
    [note] = project.git.take_notes()
    assert note.committed and note.text == log(project.root)[0]


def test_the_message_names_the_answers_that_changed(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, TEAM)
    changed = team()
    changed["people"][0]["role"] = "head-of-analysis"
    changed["people"].insert(0, {"role": "lawyer", "name": "Dee Ng"})
    changed["raci"][0]["consulted"] = ["Cai Roe", "Dee Ng"]
    save(project, changed)
    message = git(project.root, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == (  # the first line stays short; the body has all
        "team: 3 answers changed (added 'Dee Ng' to people; role of 'Ana Diaz'; and 1 more)"
    )
    assert "- people[1].role: data-analyst -> head-of-analysis" in message
    assert "- people[0]: added 'Dee Ng'" in message
    assert "- raci[0].consulted: Cai Roe -> Cai Roe, Dee Ng" in message


def test_saving_the_same_answers_makes_no_commit(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, TEAM)
    before = log(project.root)
    save(project, TEAM)
    assert log(project.root) == before


def test_nothing_the_user_staged_or_changed_is_swept_in(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    root = project.root
    (root / "minutes.md").write_text("agreed\n")
    git(root, "add", "minutes.md")
    git(root, "commit", "-qm", "Minutes")
    (root / "minutes.md").write_text("agreed, then changed\n")  # changed, not staged
    (root / "plan.md").write_text("a plan\n")
    git(root, "add", "plan.md")  # staged
    (root / "scratch.txt").write_text("untracked\n")
    save(project, TEAM)
    assert files_of(root) == ["cards/team.yaml"]
    assert git(root, "diff", "--cached", "--name-only") == "plan.md\n"
    assert git(root, "status", "--porcelain").splitlines() == [
        " M minutes.md",
        "A  plan.md",
        "?? scratch.txt",
    ]


def test_the_project_file_is_committed_too(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    config = project.config.model_copy(update={"description": "Find missing rates"})
    project.save_config(config)
    assert log(project.root)[0] == "cds.yaml: 1 answer changed (description)"
    assert files_of(project.root) == ["cds.yaml"]


def test_no_identity_saves_without_committing_and_says_how_once(
    tmp_path: Path, git_settings: Path
) -> None:
    project = new_project(tmp_path)
    git_settings.write_text("")  # no name, no email: git must not guess one from the host
    save(project, TEAM)
    save(project, team(notes="Changed again"))
    assert log(project.root) == ["Start data sharing project: Rates share"]
    assert project.load_card("team") is not None
    notes = project.git.take_notes()
    assert len(notes) == 1 and not notes[0].committed
    assert "does not know your name and email" in notes[0].text
    assert notes[0].hint is not None and "git config --global user.name" in notes[0].hint


def test_init_without_an_identity_makes_the_repository_but_no_commit(
    tmp_path: Path, git_settings: Path
) -> None:
    git_settings.write_text("")
    config = ProjectConfig.model_validate({"name": "Rates share"})
    created = create_project(tmp_path / "share", config)
    assert created.git == "repository" and not created.committed
    assert created.git_note is not None and "user.email" in created.git_note
    assert git(created.project.root, "log", check=False) == ""


def test_detached_head_saves_without_committing(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, TEAM)
    git(project.root, "checkout", "-q", "--detach")
    head = git(project.root, "rev-parse", "HEAD")
    save(project, team(notes="Changed on a detached HEAD"))
    assert git(project.root, "rev-parse", "HEAD") == head
    [note] = project.git.take_notes()[1:]
    assert "detached" in note.text
    assert "Changed on a detached HEAD" in (project.root / "cards" / "team.yaml").read_text()


def test_a_merge_in_progress_saves_without_committing(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    root = project.root
    (root / "minutes.md").write_text("first\n")
    git(root, "add", "minutes.md")
    git(root, "commit", "-qm", "Minutes")
    git(root, "checkout", "-qb", "partner")
    (root / "minutes.md").write_text("the partner's\n")
    git(root, "commit", "-qam", "Partner's minutes")
    git(root, "checkout", "-q", "main")
    (root / "minutes.md").write_text("ours\n")
    git(root, "commit", "-qam", "Our minutes")
    git(root, "merge", "partner", check=False)
    assert (Path(git(root, "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").exists()
    before = log(root)
    save(project, TEAM)
    assert log(root) == before
    [note] = project.git.take_notes()
    assert "in the middle of a merge" in note.text
    assert (root / "cards" / "team.yaml").exists()


def test_git_commit_false_turns_it_off(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    settings = project.config.settings.model_copy(update={"git_commit": False})
    project.save_config(project.config.model_copy(update={"settings": settings}))
    before = log(project.root)
    save(project, TEAM)
    assert log(project.root) == before
    assert project.git.take_notes() == []
    assert "git_commit: false" in (project.root / "cds.yaml").read_text()


def test_without_the_setting_cds_commits_in_its_own_repository_only(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    config = ProjectConfig.model_validate({"name": "Inner"})
    inner = create_project(outer / "inner", config, git=False).project  # no setting
    save(inner, TEAM)
    assert git(outer, "log", check=False) == ""  # someone else's repository: left alone
    own = create_project(tmp_path / "own", config, git=False).project
    git(own.root, "init", "-q")
    save(own, TEAM)
    assert log(own.root) == ["team: first answers saved (notes; people; raci)"]


def test_no_repository_no_commit_and_no_note(project: Any) -> None:
    save(project, TEAM)
    assert project.git.take_notes() == []


def test_git_missing_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    save(project, TEAM)
    save(project, team(notes="again"))
    notes = project.git.take_notes()
    assert [n.text for n in notes] == ["git was not found, so cds saved without committing."]


def test_the_wizard_commits_and_says_so(cds: Cds, tmp_path: Path) -> None:
    project = new_project(tmp_path)
    answers = tmp_path / "team.yaml"
    answers.write_text(_yaml(TEAM))
    result = cds("-C", str(project.root), "discover", "team", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    saved = lines.index("Saved cards/team.yaml")
    assert lines[saved + 1].startswith("Committed to git: team: first answers saved")
    assert log(project.root)[0].startswith("team: first answers saved")


def test_the_cli_says_once_why_it_did_not_commit(
    cds: Cds, tmp_path: Path, git_settings: Path
) -> None:
    project = new_project(tmp_path)
    git_settings.write_text("")
    answers = tmp_path / "team.yaml"
    answers.write_text(_yaml(TEAM))
    result = cds("-C", str(project.root), "discover", "team", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert result.output.count("Not committed:") == 1
    assert "git config --global user.email" in result.output


def test_report_commits_the_documents_it_wrote(cds: Cds, tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, TEAM)
    result = cds("-C", str(project.root), "report", "team")
    assert result.exit_code == 0, result.output
    subject = log(project.root)[0]
    assert subject == "reports: 1 document written (Team and stakeholder map)"
    assert sorted(files_of(project.root)) == ["reports/team.html", "reports/team.md"]
    assert f"Committed to git: {subject}" in result.output
    again = cds("-C", str(project.root), "report", "team")
    assert again.exit_code == 0 and log(project.root)[0] == subject  # nothing new to commit
    elsewhere = cds("-C", str(project.root), "report", "team", "--out", str(tmp_path / "out"))
    assert elsewhere.exit_code == 0 and log(project.root)[0] == subject


def test_status_says_what_is_not_committed(cds: Cds, tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, TEAM)
    card = project.root / "cards" / "team.yaml"
    card.write_text(card.read_text() + "# a note added by hand\n")
    result = cds("-C", str(project.root), "status")
    text = " ".join(result.output.split())
    assert "Not committed: cards/team.yaml has changes git has not recorded" in text
    assert "git add cards/team.yaml && git commit" in text
    as_json = cds("-C", str(project.root), "status", "--json")
    assert '"uncommitted": [\n    "cards/team.yaml"\n  ]' in as_json.output
    git(project.root, "commit", "-qam", "By hand")
    assert "Not committed" not in cds("-C", str(project.root), "status").output


def test_cds_init_turns_it_on(cds: Cds, tmp_path: Path) -> None:
    result = cds("init", str(tmp_path / "share"), "--no-input", "--name", "Rates")
    assert result.exit_code == 0, result.output
    assert "A git repository was made with a first commit." in result.output
    assert "git_commit: false" in result.output  # how to turn it off
    assert "git_commit: true" in (tmp_path / "share" / "cds.yaml").read_text()


def _yaml(data: dict[str, Any]) -> str:
    from citydata_share import yamlio

    return yamlio.dumps(copy.deepcopy(data))


def test_a_hook_that_refuses_leaves_the_save_and_the_index_as_they_were(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    hook = Path(git(project.root, "rev-parse", "--absolute-git-dir").strip()) / "hooks"
    hook.mkdir(exist_ok=True)
    (hook / "pre-commit").write_text("#!/bin/sh\necho 'lint failed' >&2\nexit 1\n")
    (hook / "pre-commit").chmod(0o755)
    save(project, TEAM)
    assert log(project.root) == ["Start data sharing project: Rates share"]
    [note] = project.git.take_notes()
    assert note.text == "git did not commit the save: lint failed"
    assert note.hint is not None and "git add cards/team.yaml && git commit" in note.hint
    assert git(project.root, "status", "--porcelain") == "?? cards/team.yaml\n"
