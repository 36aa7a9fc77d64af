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


def test_the_reliability_figures_are_what_the_suite_runs() -> None:
    from test_crash_kill import ROUNDS
    from test_hostile_inputs import KNOWN_ELSEWHERE, PROBES

    text = " ".join((ROOT / "README.md").read_text().split())
    assert f"**{PROBES:,} hostile probes**" in text
    assert f"**{ROUNDS} saves killed with SIGKILL**" in text
    if KNOWN_ELSEWHERE:  # probes marked as expected failures, until their fix lands
        words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}
        count = len(KNOWN_ELSEWHERE)
        assert f"{words.get(count, str(count))} of the probes" in text
    else:
        assert "expected failures" not in text
