"""`cds init`, `cds status`, `cds check` as a user runs them (CliRunner)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from citydata_share.registry import CARDS
from citydata_share.store import load_project

Cds = Any


def test_init_with_options_makes_a_git_project(cds: Cds, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    target = tmp_path / "rates"
    result = cds(
        "init",
        str(target),
        "--no-input",
        "--name",
        "Rates share",
        "--organisation",
        "Belfast City Council",
        "--role",
        "provider",
        "--partner",
        "Future Cities Catapult:receiver",
        "--partner",
        "Uni:support",
        "--reach",
        "external",
        "--frequency",
        "one-off",
        "--personal-data",
        "no",
    )
    assert result.exit_code == 0, result.output
    assert "Next steps" in result.output
    config = load_project(target).config
    assert config.name == "Rates share"
    assert [(p.name, p.role.value) for p in config.partners] == [
        ("Future Cities Catapult", "receiver"),
        ("Uni", "support"),
    ]
    assert (target / ".gitignore").read_text().count(".cds/") == 1
    log = subprocess.run(["git", "log", "--oneline"], cwd=target, capture_output=True, text=True)
    assert "Start data sharing project: Rates share" in log.stdout
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=target, capture_output=True, text=True
    )
    assert status.stdout == ""


def test_init_inside_a_repository_makes_no_nested_one(cds: Cds, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = cds("init", str(tmp_path / "inner"), "--no-input")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "inner" / ".git").exists()
    assert "commit it there" in result.output


def test_init_no_git(cds: Cds, tmp_path: Path) -> None:
    result = cds("init", str(tmp_path / "p"), "--no-input", "--no-git", "--name", "P")
    assert result.exit_code == 0
    assert not (tmp_path / "p" / ".git").exists()
    assert load_project(tmp_path / "p").config.name == "P"


def test_init_refuses_an_existing_project(cds: Cds, tmp_path: Path) -> None:
    cds("init", str(tmp_path), "--no-input", "--no-git", "--name", "First")
    before = (tmp_path / "cds.yaml").read_text()
    result = cds("init", str(tmp_path), "--no-input", "--no-git", "--name", "Second")
    assert result.exit_code == 1
    assert "already holds a cds project" in result.output
    assert (tmp_path / "cds.yaml").read_text() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--role", "boss"], "--role: 'boss' is not one of the choices"),
        (["--partner", "no-colon"], "should be NAME:ROLE"),
        (["--partner", "A:friend"], "--partner"),
    ],
)
def test_init_bad_options_are_explained(
    cds: Cds, tmp_path: Path, args: list[str], words: str
) -> None:
    result = cds("init", str(tmp_path / "x"), "--no-input", "--no-git", *args)
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_init_without_terminal_says_what_to_do(cds: Cds, tmp_path: Path) -> None:
    result = cds("init", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "--no-input" in result.output


def test_status_shows_every_card(cds: Cds, project: Any) -> None:
    result = cds("status", "-C", str(project.root))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for card in CARDS:
        first_word = card.title.split()[0]
        assert first_word in flat
    assert "Next:" in result.output


def test_status_json_for_scripts(cds: Cds, project: Any) -> None:
    result = cds("-C", str(project.root), "status", "--json")
    data = json.loads(result.output)
    assert [c["id"] for c in data["cards"]] == [c.id for c in CARDS]
    assert {c["state"] for c in data["cards"]} == {"not started"}
    assert data["next"]


def test_status_finds_the_project_upwards(
    cds: Cds, project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root / "cards")
    result = cds("status", "--json")
    assert json.loads(result.output)["project"] == "Test share"


def test_status_outside_a_project(
    cds: Cds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cds("status")
    assert result.exit_code == 1
    assert "not inside a cds project" in result.output
    assert "cds init" in result.output


def test_check_clean_project(cds: Cds, project: Any) -> None:
    result = cds("check", "-C", str(project.root))
    assert result.exit_code == 0
    assert "All is well" in result.output


def test_check_reports_broken_files_with_line_and_field(cds: Cds, project: Any) -> None:
    (project.root / "cards" / "business-case.yaml").write_text(
        "card: business-case\ntitle: Build your business case\nschema_version: 1\n"
        "notes: fine\ncolour: blue\n"
    )
    (project.root / "cards" / "governance.yaml").write_text("card: governance\nnotes: [unclosed\n")
    (project.root / "cards" / "stray.yaml").write_text("a: 1\n")
    result = cds("check", "-C", str(project.root))
    assert result.exit_code == 1
    out = result.output
    assert "business-case.yaml" in out and "line 5" in out and "'colour'" in out
    assert "governance.yaml" in out and "not valid YAML" in out
    assert "stray.yaml" in out
    assert "3 problems in 3 files" in out
    assert "Traceback" not in out


def test_check_reports_a_broken_project_file(cds: Cds, project: Any) -> None:
    (project.root / "cds.yaml").write_text("schema_version: 1\nname: X\nrole: boss\n")
    result = cds("check", "-C", str(project.root))
    assert result.exit_code == 1
    assert "line 3" in result.output and "role" in result.output


def test_status_marks_broken_card_as_needing_attention(cds: Cds, project: Any) -> None:
    (project.root / "cards" / "governance.yaml").write_text("card: governance\ncolour: x\n")
    data = json.loads(cds("status", "-C", str(project.root), "--json").output)
    states = {c["id"]: c["state"] for c in data["cards"]}
    assert states["governance"] == "needs attention"
    assert "governance.yaml" in data["next"]


def test_every_command_has_help_and_is_in_the_readme(cds: Cds) -> None:
    from citydata_share.cli.app import app

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        result = cds(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output, f"cds {name} --help has no example"
        assert f"cds {name}" in readme, f"cds {name} is not in the README"


def test_ctrl_c_ends_cleanly_with_130(
    cds: Cds, project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("citydata_share.boardcache.work_out", interrupted)
    result = cds("status", "-C", str(project.root))
    assert result.exit_code == 130
    assert "Interrupted" in result.output
    assert "Traceback" not in result.output


def test_a_missing_answers_file_is_a_message_not_a_traceback(cds: Cds, project: Any) -> None:
    result = cds("readiness", "-C", str(project.root), "--answers", "/nowhere/answers.yaml")
    assert result.exit_code == 1
    assert "No such file or directory: /nowhere/answers.yaml" in result.output
    assert "Traceback" not in result.output


def test_check_prints_its_findings_on_standard_output(project: Any) -> None:
    import subprocess
    import sys

    (project.root / "cards" / "team.yaml").write_text("card: team\ncolour: x\n")
    done = subprocess.run(
        [sys.executable, "-m", "citydata_share", "check", "-C", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "line 2" in done.stdout and "'colour'" in done.stdout
    # Not a terminal: lines are not wrapped, so paths and commands stay whole.
    assert all(len(line) < 200 for line in done.stdout.splitlines())


def test_a_card_saved_with_no_answers_is_not_complete(cds: Cds, project: Any) -> None:
    cds("discover", "canvas", "--no-input", "-C", str(project.root))
    data = json.loads(cds("status", "-C", str(project.root), "--json").output)
    states = {c["id"]: c["state"] for c in data["cards"]}
    assert states["canvas"] == "in progress"
