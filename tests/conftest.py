"""Shared fixtures: a fresh project folder, and a CLI runner that behaves like `cds`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import citydata_share.cli.main  # noqa: F401  (registers every command on the app)
from citydata_share.cli.app import app
from citydata_share.project import ProjectConfig
from citydata_share.store import Project, create_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A new project with no cards, not a git repository."""
    config = ProjectConfig.model_validate(
        {"name": "Test share", "organisation": "Test Council", "role": "both"}
    )
    return create_project(tmp_path / "share", config, git=False).project


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cds(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Run `cds ARGS...` in-process; returns the click Result."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    yield invoke
