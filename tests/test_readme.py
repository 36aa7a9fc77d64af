"""The README's first two commands are the ones CI runs, so they stay true."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent.parent


def readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text().splitlines()
    return [line.strip() for line in lines[:12] if line.startswith("    ")]


def test_readme_starts_with_the_two_commands() -> None:
    run, test = readme_commands()[:2]
    assert run.startswith("python -m pip install . && cds ")
    assert "examples/belfast" in run
    assert test == 'python -m pip install ".[test]" && python -m pytest'


def test_ci_runs_the_readme_commands_word_for_word() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    for command in readme_commands()[:2]:
        assert command in ci.splitlines(), f".ci/run does not run: {command}"


def test_readme_credits_the_toolkit() -> None:
    text = (ROOT / "README.md").read_text()
    assert "Future Cities Catapult" in text and "CC BY-NC" in text
