"""Real git in temporary repositories, for the tests of cds's git memory (no mocks)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from citydata_share import yamlio
from citydata_share.project import ProjectConfig
from citydata_share.registry import BY_ID
from citydata_share.store import Project, create_project, load_project

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TEAM: dict[str, Any] = {
    "card": "team",
    "title": "Identify internal team",
    "notes": "Who is involved in the rates share",
    "people": [
        {"role": "data-analyst", "name": "Ana Diaz", "power": "low", "interest": "high"},
        {"role": "head-of-analysis", "name": "Bo Li", "power": "high", "interest": "high"},
        {"role": "ig-lead", "name": "Cai Roe", "power": "high", "interest": "low"},
    ],
    "raci": [
        {
            "decision": "Sign the data sharing agreement",
            "responsible": ["Bo Li"],
            "accountable": "Bo Li",
            "consulted": ["Cai Roe"],
            "informed": ["Ana Diaz"],
        }
    ],
}


def git(root: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def log(root: Path) -> list[str]:
    """The subjects of the commits, newest first."""
    return git(root, "log", "--format=%s").splitlines()


def files_of(root: Path, commit: str = "HEAD") -> list[str]:
    return git(root, "show", "--name-only", "--format=", commit).split()


def new_project(tmp_path: Path, name: str = "share") -> Project:
    """A project as `cds init` makes it: its own repository, git_commit on, first commit."""
    config = ProjectConfig.model_validate(
        {"name": "Rates share", "organisation": "Belfast City Council", "role": "both"}
    )
    created = create_project(tmp_path / name, config)
    assert created.committed, created.git_note
    return load_project(created.project.root)


def save(project: Project, card: dict[str, Any]) -> None:
    """Save a card as cds does (through the store)."""
    model = BY_ID[card["card"]].model().model_validate(card)
    project.save_card(model)


def team(**changes: Any) -> dict[str, Any]:
    """The test team card with top-level answers changed."""
    data = yamlio.loads(yamlio.dumps(TEAM)).data
    data.update(changes)
    return data
