"""Starting again never loses the unsaved answers (issue 9, defect 6).

"Start again" overwrote the saved draft with the first new answer, before anything was
saved: Ctrl-C then lost the earlier answers. Now the earlier draft stays until the card is
saved, and the next run offers every draft kept.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from citydata_share import yamlio
from citydata_share.store import Project
from citydata_share.wizard import drafts
from citydata_share.wizard.engine import DISCARD, SAVE
from citydata_share.wizard.session import FRESH, RESUME, REVIEW, run_card
from wizard_support import ScriptedPrompter

TITLE = "Define your reasons"


def _draft(project: Project, needs: list[str]) -> Path:
    path = project.draft_path("reasons")
    drafts.write(path, "reasons", TITLE, {"user_needs": needs})
    return path


def _needs(path: Path) -> object:
    return yamlio.read(path).data.get("user_needs")


# 6. Start again -------------------------------------------------------------------------


def test_starting_again_keeps_the_earlier_draft_until_the_new_answers_are_saved(
    project: Project,
) -> None:
    earlier = _draft(project, ["Earlier need"])
    stopped = ScriptedPrompter(FRESH, "New need", KeyboardInterrupt)
    with pytest.raises(KeyboardInterrupt):
        run_card(project, "reasons", prompter=stopped)
    assert _needs(earlier) == ["Earlier need"]  # not overwritten by the new session
    kept = drafts.read_all(earlier)
    assert [d.answers.get("user_needs") for d in kept] == [["New need"], ["Earlier need"]]

    # The next run offers both; the earlier answers can still be resumed and saved.
    resume = ScriptedPrompter(f"{RESUME}:{earlier.name}", REVIEW, SAVE)
    run_card(project, "reasons", prompter=resume)
    message, offered = resume.asked[0]
    assert "2 sets of unsaved answers" in message and offered[:1] == [RESUME] and FRESH in offered
    saved = project.load_card("reasons")
    assert saved is not None and saved.answers()["user_needs"] == ["Earlier need"]
    assert drafts.read_all(earlier) == []  # saving clears every draft of the card


def test_discarding_a_restarted_session_keeps_the_earlier_draft(project: Project) -> None:
    project.card_path("reasons").write_text("card: reasons\nuser_needs:\n  - Saved need\n")
    earlier = _draft(project, ["Earlier need"])
    discard = ScriptedPrompter(FRESH, REVIEW, "user_needs", "New", DISCARD, "yes")
    run_card(project, "reasons", prompter=discard)
    assert any(offered == "Saved need" for _, offered in discard.asked)  # started again
    assert _needs(earlier) == ["Earlier need"]
    assert [d.path for d in drafts.read_all(earlier)] == [earlier]


def test_discarding_the_resumed_draft_brings_forward_the_other_one(project: Project) -> None:
    earlier = _draft(project, ["Earlier need"])
    again = drafts.new_path(earlier)
    drafts.write(again, "reasons", TITLE, {"user_needs": ["Newer need"]})
    os.utime(earlier, (time.time() - 60, time.time() - 60))
    prompter = ScriptedPrompter(f"{RESUME}:{earlier.name}", REVIEW, DISCARD, "yes")
    run_card(project, "reasons", prompter=prompter)
    assert _needs(earlier) == ["Newer need"] and not again.exists()
    assert project.draft_path("reasons").exists()  # the board still shows a draft


def test_a_damaged_draft_is_not_overwritten_by_the_next_session(project: Project) -> None:
    damaged = project.draft_path("reasons")
    damaged.parent.mkdir(parents=True)
    damaged.write_text("user_needs: [unclosed\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_card(project, "reasons", prompter=ScriptedPrompter("New", KeyboardInterrupt))
    assert damaged.read_text(encoding="utf-8") == "user_needs: [unclosed\n"
