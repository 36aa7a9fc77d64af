"""The wizard commands without a terminal: every card through --answers, and --no-input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citydata_share import yamlio
from citydata_share.registry import BY_ID, CARDS, Phase, cards_in
from citydata_share.store import Project
from citydata_share.wizard import drafts

Cds = Any
BELFAST = Path(__file__).parent.parent / "examples" / "belfast" / "cards"
WIZARD_CARDS = [c.id for c in CARDS if c.has_wizard]


def command(card_id: str) -> list[str]:
    """The card's command as the board names it, e.g. ["prepare", "governance"]."""
    return BY_ID[card_id].command.split()[1:]


@pytest.mark.parametrize("card_id", WIZARD_CARDS)
def test_every_card_through_an_answers_file(cds: Cds, project: Project, card_id: str) -> None:
    source = BELFAST / f"{card_id}.yaml"
    result = cds("-C", str(project.root), *command(card_id), "--answers", str(source))
    assert result.exit_code == 0, result.output
    assert f"Saved cards/{card_id}.yaml" in result.output
    assert "Next:" in result.output
    saved = project.load_card(card_id)
    expected = yamlio.read(source).data
    assert saved is not None
    assert saved.answers() == {k: v for k, v in saved.model_validate(expected).answers().items()}


def test_a_partial_answers_file_changes_only_what_it_names(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    root = str(project.root)
    cds("-C", root, "discover", "reasons", "--answers", str(BELFAST / "reasons.yaml"))
    before = project.load_card("reasons")
    partial = tmp_path / "partial.yaml"
    partial.write_text("analyses: 'Operational: running the service day to day'\n")
    result = cds("-C", root, "discover", "reasons", "--answers", str(partial))
    assert result.exit_code == 0, result.output
    after = project.load_card("reasons")
    assert before is not None and after is not None
    assert after.answers() == {**before.answers(), "analyses": "operational"}  # label accepted


def test_errors_name_the_question_and_the_value(cds: Cds, project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("card: reasons\nreasons:\n  - gain-insight\n  - world-peace\n")
    result = cds("-C", str(project.root), "discover", "--answers", str(bad))
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "line 4" in output
    assert "Why do you want to share data?" in output
    assert "world-peace" in output
    assert not project.card_path("reasons").exists()


def test_an_unknown_question_gets_a_suggestion(cds: Cds, project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("user_need:\n  - something\n")
    result = cds("-C", str(project.root), "discover", "reasons", "--answers", str(bad))
    assert result.exit_code == 1
    assert "Did you mean 'user_needs'?" in " ".join(result.output.split())


def test_an_answers_file_for_another_card_is_refused(cds: Cds, project: Project) -> None:
    answers = str(BELFAST / "reasons.yaml")
    result = cds("-C", str(project.root), "discover", "team", "--answers", answers)
    assert result.exit_code == 1
    assert "'reasons' card, not 'team'" in " ".join(result.output.split())


def test_no_input_keeps_answers_and_reports_what_is_missing(cds: Cds, project: Project) -> None:
    result = cds("-C", str(project.root), "discover", "ecosystem", "--no-input")
    assert result.exit_code == 0, result.output
    assert "Still to answer" in result.output
    assert project.card_path("ecosystem").exists()


def test_without_a_terminal_or_options_it_says_what_to_do(cds: Cds, project: Project) -> None:
    for args in (["discover", "reasons"], ["readiness"], ["discover"]):
        result = cds("-C", str(project.root), *args)
        assert result.exit_code == 2
        output = " ".join(result.output.split())
        assert "no terminal" in output and "--no-input" in output and "--answers FILE" in output


def test_an_invalid_card_file_is_reported_and_left_alone(cds: Cds, project: Project) -> None:
    path = project.card_path("reasons")
    path.write_text("card: reasons\ntitle: Define your reasons\nanalyses: sometimes\n")
    before = path.read_text()
    result = cds("-C", str(project.root), "discover", "reasons", "--no-input")
    assert result.exit_code == 1
    assert "line 3" in result.output
    assert path.read_text() == before


def test_a_draft_is_kept_and_mentioned_when_filling_without_a_terminal(
    cds: Cds, project: Project
) -> None:
    drafts.write(project.draft_path("team"), "team", "Identify internal team", {"notes": "x"})
    result = cds("-C", str(project.root), "discover", "team", "--no-input")
    assert result.exit_code == 0
    assert "unsaved answers" in result.output
    assert project.draft_path("team").exists()


def test_discover_refuses_cards_of_other_phases(cds: Cds, project: Project) -> None:
    result = cds("-C", str(project.root), "discover", "readiness", "--no-input")
    assert result.exit_code == 1
    assert "not a DISCOVER card" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["prepare", "team"], "Run `cds discover team` for that card."),
        (["share", "governance"], "Run `cds prepare governance` for that card."),
        (["discover", "teams"], "Did you mean 'team' (`cds discover team`)?"),
        (["prepare", "buisness-case"], "Did you mean 'business-case'"),
        (["share", "nonsense"], "SHARE cards: culture, review"),
    ],
)
def test_a_card_of_another_phase_says_where_it_is(
    cds: Cds, project: Project, args: list[str], said: str
) -> None:
    result = cds("-C", str(project.root), *args, "--no-input")
    assert result.exit_code == 1
    assert said in " ".join(result.output.split())


@pytest.mark.parametrize("phase", [Phase.DISCOVER, Phase.PREPARE, Phase.SHARE])
def test_every_phase_needs_a_card_without_a_terminal(
    cds: Cds, project: Project, phase: Phase
) -> None:
    first = cards_in(phase)[0].id
    result = cds("-C", str(project.root), phase.value, "--no-input")
    assert result.exit_code == 1
    assert f"cds {phase.value} {first} --no-input" in " ".join(result.output.split())


def test_every_command_the_board_names_exists(cds: Cds) -> None:
    for card in CARDS:
        result = cds(*card.command.split()[1:], "--help")
        assert result.exit_code == 0, (card.command, result.output)


def test_commands_have_help_with_an_example(cds: Cds) -> None:
    for name in ("readiness", "discover", "prepare", "share"):
        result = cds(name, "--help")
        assert result.exit_code == 0
        assert "Examples:\n    cds " + name in result.output
        assert "--answers" in result.output and "--no-input" in result.output


def test_a_partial_answers_file_changes_only_what_it_names_inside_a_group(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    full = tmp_path / "full.yaml"
    full.write_text(
        "technology:\n  rating: high\n  evidence: Siloed systems.\n  actions: [Buy a platform]\n"
    )
    cds("readiness", "-C", str(project.root), "--answers", str(full))
    partial = tmp_path / "partial.yaml"
    partial.write_text("technology: {rating: Medium}\n")
    result = cds("readiness", "-C", str(project.root), "--answers", str(partial))
    assert result.exit_code == 0, result.output
    card = project.load_card("readiness")
    assert card is not None
    technology = card.answers()["technology"]
    assert technology == {
        "rating": "medium",
        "evidence": "Siloed systems.",
        "actions": ["Buy a platform"],
    }
