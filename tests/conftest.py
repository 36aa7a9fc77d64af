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

GIT_IDENTITY = "[user]\n\tname = Test User\n\temail = test@example.org\n"


@pytest.fixture(autouse=True)
def git_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Git reads no settings of the machine's: its own global file (with a known identity,
    which a test may empty) and no system file, so tests pass the same on any machine and in
    CI without an identity. Returns the global settings file."""
    settings = tmp_path_factory.mktemp("git-settings") / "gitconfig"
    settings.write_text(GIT_IDENTITY + "[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{name}_{part}", raising=False)
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    return settings


@pytest.fixture
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """cds's caches on, whatever the environment says (``CDS_NO_CACHE``)."""
    monkeypatch.delenv("CDS_NO_CACHE", raising=False)


@pytest.fixture
def belfast_copy(tmp_path: Path) -> Project:
    """A copy of the Belfast example, without its reports or caches."""
    import shutil

    from citydata_share.store import open_project

    root = tmp_path / "belfast"
    example = Path(__file__).parent.parent / "examples" / "belfast"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns("reports", ".cds"))
    return open_project(root)


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
