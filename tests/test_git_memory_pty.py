"""The wizard in a real terminal commits the card it saves, when the project is a repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from git_support import files_of, log, needs_git, new_project
from test_pty_wizard import ENTER, FINISH, UP, answer, finish, spawn

pytestmark = [needs_git, pytest.mark.pty]


def test_a_card_filled_in_the_terminal_is_committed(tmp_path: Path) -> None:
    share = new_project(tmp_path)
    child = spawn("discover", "ecosystem", cwd=share.root)
    answer(child, "clear idea of the outside organisations", UP + ENTER)
    answer(child, "0 so far", ENTER)  # Add
    answer(child, "Organisation's name", "MK Data Hub" + ENTER)
    answer(child, "What kind of organisation is 'MK Data Hub'?", UP * 14 + ENTER)
    answer(child, "How could it be involved?", " " + ENTER)
    answer(child, "Notes", ENTER)
    answer(child, "1 so far", ENTER)  # Done
    answer(child, "could use your data?", "Researchers" + FINISH)
    answer(child, "Anything else to record", FINISH)
    answer(child, "Review “", ENTER)  # Save
    child.expect_exact("Saved cards/ecosystem.yaml")
    child.expect_exact("Committed to git:")  # dim, so styled even with NO_COLOR
    child.expect_exact("ecosystem: first answers saved")
    assert finish(child) == 0
    assert log(share.root)[0].startswith("ecosystem: first answers saved (")
    assert files_of(share.root) == ["cards/ecosystem.yaml"]
