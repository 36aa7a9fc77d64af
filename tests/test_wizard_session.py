"""A card's session in-process: resume, discard, comments, the project's questions."""

from __future__ import annotations

import pytest

from citydata_share import yamlio
from citydata_share.store import CommentsWouldBeLostError, Project
from citydata_share.wizard import drafts
from citydata_share.wizard.engine import ADD, DISCARD, DONE, SAVE
from citydata_share.wizard.session import (
    FRESH,
    NO_TERMINAL,
    RESUME,
    REVIEW,
    Cancelled,
    ask_project,
    run_card,
)
from wizard_support import ScriptedPrompter


def write_draft(project: Project, answers: dict[str, object]) -> None:
    drafts.write(project.draft_path("reasons"), "reasons", "Define your reasons", answers)


def test_a_resumed_draft_is_saved_then_deleted(project: Project) -> None:
    write_draft(project, {"user_needs": ["From the draft"]})
    prompter = ScriptedPrompter(RESUME, REVIEW, SAVE)
    result = run_card(project, "reasons", prompter=prompter)
    assert result.saved
    saved = project.load_card("reasons")
    assert saved is not None and saved.answers()["user_needs"] == ["From the draft"]
    assert not project.draft_path("reasons").exists()


def test_starting_afresh_ignores_the_draft(project: Project) -> None:
    project.card_path("reasons").write_text("card: reasons\nuser_needs:\n  - Saved need\n")
    write_draft(project, {"user_needs": ["Draft need"]})
    prompter = ScriptedPrompter(FRESH, REVIEW, SAVE)
    run_card(project, "reasons", prompter=prompter)
    saved = project.load_card("reasons")
    assert saved is not None and saved.answers()["user_needs"] == ["Saved need"]


def test_discard_keeps_the_saved_file_and_drops_the_draft(project: Project) -> None:
    path = project.card_path("reasons")
    path.write_text("card: reasons\nuser_needs:\n  - Saved need\n")
    before = path.read_text()
    write_draft(project, {"user_needs": ["Draft need"]})
    result = run_card(project, "reasons", prompter=ScriptedPrompter(RESUME, REVIEW, DISCARD, "yes"))
    assert not result.saved
    assert path.read_text() == before
    assert not project.draft_path("reasons").exists()


def test_comments_that_would_be_lost_are_confirmed_in_a_terminal(project: Project) -> None:
    path = project.card_path("reasons")
    path.write_text("card: reasons\n# about the needs\nuser_needs:\n  - Saved need\n")
    write_draft(project, {})  # the draft has no user needs: their comment has nowhere to go
    with pytest.raises(CommentsWouldBeLostError):
        run_card(project, "reasons", prompter=ScriptedPrompter(RESUME, REVIEW, SAVE, "no"))
    assert project.draft_path("reasons").exists()  # nothing lost
    run_card(project, "reasons", prompter=ScriptedPrompter(RESUME, REVIEW, SAVE, "yes"))
    assert "user_needs" not in yamlio.read(path).data


def test_no_prompter_and_no_options_is_no_terminal(project: Project) -> None:
    with pytest.raises(type(NO_TERMINAL)):
        run_card(project, "reasons")


def test_ask_project_walks_the_project_questions() -> None:
    prompter = ScriptedPrompter(
        None,
        "For parking",
        "Test Council",
        "provider",  # name kept from the defaults
        ADD,
        "Uni",
        "support",
        DONE,
        "external",
        "ongoing",
        "no",
        SAVE,
    )
    config = ask_project({"name": "Parking"}, prompter)
    assert config.name == "Parking"
    assert config.role.value == "provider"
    assert [p.name for p in config.partners] == ["Uni"]
    assert config.personal_data is not None and config.personal_data.value == "no"


def test_ask_project_can_be_cancelled() -> None:
    prompter = ScriptedPrompter(None, "", "", None, DONE, None, None, None, DISCARD, "yes")
    with pytest.raises(Cancelled):
        ask_project({"name": "Parking"}, prompter)


def test_a_file_changed_during_the_session_is_not_overwritten(project: Project) -> None:
    from citydata_share.store import ChangedOnDiskError

    path = project.card_path("reasons")
    path.write_text("card: reasons\nuser_needs:\n  - Saved need\n")
    write_draft(project, {"user_needs": ["Mine"]})

    def someone_else_saves(offered: object) -> str:
        path.write_text("card: reasons\nuser_needs:\n  - Theirs\n")  # e.g. --answers elsewhere
        return SAVE

    with pytest.raises(ChangedOnDiskError, match="changed by someone else"):
        run_card(project, "reasons", prompter=ScriptedPrompter(RESUME, REVIEW, someone_else_saves))
    assert "Theirs" in path.read_text()
    assert project.draft_path("reasons").exists()  # my answers are kept for the next run


def test_one_wizard_session_per_card(project: Project) -> None:
    from citydata_share.errors import LockedError

    def second_session(offered: object) -> str:
        with pytest.raises(LockedError, match="already asking"):
            run_card(project, "reasons", prompter=ScriptedPrompter())
        return DISCARD

    project.card_path("reasons").write_text("card: reasons\nuser_needs:\n  - Saved need\n")
    run_card(project, "reasons", prompter=ScriptedPrompter(REVIEW, second_session, "yes"))
    # Once the first session is over, the card can be opened again.
    run_card(project, "reasons", prompter=ScriptedPrompter(REVIEW, DISCARD, "yes"))


def test_resuming_after_someone_else_saved_keeps_both_changes(project: Project) -> None:
    from citydata_share.store import ChangedOnDiskError

    path = project.card_path("reasons")
    path.write_text("card: reasons\nuser_needs:\n  - Saved need\n")

    def someone_else_saves(offered: object) -> str:
        path.write_text("card: reasons\nuser_needs:\n  - Saved need\nfrequency_needed: Hourly\n")
        return SAVE

    first = ScriptedPrompter(REVIEW, "user_needs", "Mine", someone_else_saves)
    with pytest.raises(ChangedOnDiskError):
        run_card(project, "reasons", prompter=first)
    second = ScriptedPrompter(RESUME, REVIEW, SAVE)
    run_card(project, "reasons", prompter=second)
    saved = project.load_card("reasons")
    assert saved is not None
    assert saved.answers()["user_needs"] == ["Mine"]  # my change
    assert saved.answers()["frequency_needed"] == "Hourly"  # theirs, kept
    assert any("changed on disk" in shown for shown in second.shown)
