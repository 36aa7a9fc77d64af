"""The installed `cds` in a real pseudo-terminal: fill a card, Ctrl-C and resume, go back."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from citydata_share import yamlio
from citydata_share.project import ProjectConfig
from citydata_share.store import Project, create_project

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

ENTER = "\r"
UP = "\x1b[A"
DOWN = "\x1b[B"
FINISH = "\x1b\r"  # Esc then Enter: ends a multi-line answer
CLEAR = "\x15"  # Ctrl-U
CTRL_C = "\x03"


def cds_executable() -> str:
    found = Path(sys.executable).parent / "cds"
    return str(found) if found.exists() else (shutil.which("cds") or "cds")


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
        "COLUMNS": "160",
        "LINES": "60",
    }
    env.pop("CDS_NO_INPUT", None)
    return pexpect.spawn(
        cds_executable(),
        list(args),
        cwd=str(cwd),
        env=env,
        timeout=10,
        encoding="utf-8",
        dimensions=(60, 160),
    )


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else -(child.signalstatus or 0))


@pytest.fixture
def share(tmp_path: Path) -> Project:
    config = ProjectConfig.model_validate({"name": "Pty share", "role": "both"})
    return create_project(tmp_path / "share", config, git=False).project


def test_fill_a_whole_card(share: Project) -> None:
    child = spawn("discover", "ecosystem", cwd=share.root)
    answer(child, "clear idea of the outside organisations", UP + ENTER)
    answer(child, "0 so far", ENTER)  # Add
    answer(child, "Organisation's name", "MK Data Hub" + ENTER)
    # The question names its record; the cursor starts on Skip, after the 14 kinds.
    answer(child, "What kind of organisation is 'MK Data Hub'?", UP * 14 + ENTER)
    answer(child, "How could it be involved?", " " + ENTER)  # the first way
    answer(child, "Notes", ENTER)
    answer(child, "1 so far", ENTER)  # Done
    answer(child, "could use your data?", "Researchers" + FINISH)
    answer(child, "Anything else to record", FINISH)
    answer(child, "Review “", ENTER)  # Save
    child.expect_exact("Saved cards/ecosystem.yaml")
    child.expect_exact("Next:")
    assert finish(child) == 0
    saved = yamlio.read(share.card_path("ecosystem")).data
    assert saved["organisations"][0]["name"] == "MK Data Hub"
    assert saved["organisations"][0]["type"] == "city-data-platform"
    assert saved["who_could_use_our_data"] == ["Researchers"]
    assert not share.draft_path("ecosystem").exists()


def test_ctrl_c_keeps_a_draft_and_the_next_run_resumes_it(share: Project) -> None:
    child = spawn("discover", "reasons", cwd=share.root)
    answer(child, "Which user needs will the data help meet?", "Find a charger" + FINISH)
    answer(child, "organisation's aims", "Half-typed" + CTRL_C)
    child.expect_exact("kept as a draft")
    assert finish(child) == 130
    draft = yamlio.read(share.draft_path("reasons")).data
    assert draft["user_needs"] == ["Find a charger"]
    assert not share.card_path("reasons").exists()

    child = spawn("discover", "reasons", cwd=share.root)
    answer(child, "Resume them?", ENTER)
    answer(child, "How would you like to go on?", ENTER)  # only what is not answered yet
    answer(child, "organisation's aims", "Cut carbon" + FINISH)
    child.expect_exact("Why do you want to share data?")
    child.send(CTRL_C)
    assert finish(child) == 130
    draft = yamlio.read(share.draft_path("reasons")).data
    assert draft["user_needs"] == ["Find a charger"]
    assert draft["organisational_aims"] == ["Cut carbon"]


def test_the_review_screen_changes_an_earlier_answer(share: Project) -> None:
    child = spawn("discover", "reasons", cwd=share.root)
    answer(child, "Which user needs will the data help meet?", "First need" + FINISH)
    answer(child, "organisation's aims", CTRL_C)
    assert finish(child) == 130

    child = spawn("discover", "reasons", cwd=share.root)
    answer(child, "Resume them?", ENTER)
    answer(child, "How would you like to go on?", DOWN + DOWN + ENTER)  # straight to review
    # The cursor starts on Save; two steps down wrap round to the first answer.
    answer(child, "Review “", DOWN + DOWN + ENTER)
    # The review list shows the question too: wait for the text prompt's own instruction.
    answer(child, "(one per line;", CLEAR + "Better need" + FINISH)
    answer(child, "Review “", UP + UP + ENTER)  # from the first answer up to Save
    child.expect_exact("Saved cards/reasons.yaml")
    assert finish(child) == 0
    saved = yamlio.read(share.card_path("reasons")).data
    assert saved["user_needs"] == ["Better need"]
    assert not share.draft_path("reasons").exists()


def test_help_on_demand_shows_guidance_and_resources(share: Project) -> None:
    child = spawn("discover", "reasons", cwd=share.root)
    answer(child, "Which user needs will the data help meet?", "?" + FINISH)
    child.expect_exact("About this card:")
    child.expect_exact("Resources from the toolkit:")
    child.expect_exact("Which user needs will the data help meet?")
    child.send(CTRL_C)
    assert finish(child) == 130


def test_discover_menu_offers_the_cards_with_their_state(share: Project) -> None:
    child = spawn("discover", cwd=share.root)
    child.expect_exact("Which card would you like to work on?")
    child.expect_exact("not started")
    child.send(UP + ENTER)  # Finish for now (the last entry)
    child.expect_exact("cds status")
    assert finish(child) == 0


def test_init_asks_through_the_wizard(tmp_path: Path) -> None:
    child = spawn("init", "new-share", "--no-git", cwd=tmp_path)
    answer(child, "What is the data sharing project called?", CLEAR + "Parking share" + ENTER)
    answer(child, "what is it for?", "Fewer empty bays" + FINISH)
    answer(child, "Which organisation are you in?", "Test Council" + ENTER)
    answer(child, "provide data, receive it, or both?", ENTER)
    answer(child, "0 so far", DOWN + ENTER)  # Done: no partners yet
    answer(child, "internal or external?", ENTER)
    answer(child, "one-off share or ongoing?", ENTER)
    answer(child, "identify a living person?", ENTER)
    answer(child, "Review “", ENTER)  # Create the project
    child.expect_exact("Started")
    assert finish(child) == 0
    config = yamlio.read(tmp_path / "new-share" / "cds.yaml").data
    assert config["name"] == "Parking share"
    assert config["description"] == "Fewer empty bays"
    assert config["organisation"] == "Test Council"


def test_walk_governance_down_one_path(share: Project) -> None:
    """No, no, yes: the flowchart lands on the service's own arrangements, and says so."""
    child = spawn("prepare", "governance", cwd=share.root)
    answer(child, "Could working-level contacts cover", UP + ENTER)  # No (from "Skip")
    answer(child, "existing arrangements for personal data", UP + ENTER)  # No
    answer(child, "existing arrangements for the service", UP + UP + ENTER)  # Yes
    answer(child, "Which arrangements will the share's governance be folded into?", "")
    child.send("Rates programme board" + ENTER)
    answer(child, "signs the formal agreements?", "")
    child.send("Chief Executive" + FINISH)
    answer(child, "Anything else to record", FINISH)
    answer(child, "Review “", ENTER)  # Save
    child.expect_exact("Saved cards/governance.yaml")
    child.expect_exact("Existing arrangements for the service")
    assert finish(child) == 0
    saved = yamlio.read(share.card_path("governance")).data
    assert saved["working_level"] is False or saved["working_level"] == "false"
    assert saved["service_arrangements_which"] == "Rates programme board"
    assert "specific" not in saved  # not on the path, so never asked


def test_interrupt_prepare_and_resume_from_its_menu(share: Project) -> None:
    child = spawn("prepare", cwd=share.root)
    child.expect_exact("Which card would you like to work on?")
    child.expect_exact("Build your business case")
    child.send(ENTER)  # the first card not complete: the business case
    answer(child, "template", "Council business case form" + FINISH)
    child.expect_exact("consulted")
    child.send(CTRL_C)
    child.expect_exact("kept as a draft")
    assert finish(child) == 130
    assert share.draft_path("business-case").exists()

    child = spawn("prepare", cwd=share.root)
    child.expect_exact("Which card would you like to work on?")
    child.expect_exact("unsaved draft")  # the menu says which card has one
    child.send(ENTER)  # the business case is still the default
    answer(child, "Resume them?", ENTER)
    answer(child, "How would you like to go on?", DOWN + DOWN + ENTER)  # straight to review
    child.expect_exact("Council business case form")  # the answer given before Ctrl-C
    child.send(CTRL_C)
    assert finish(child) == 130


def test_answer_once_picks_a_holder_and_adds_a_new_organisation(share: Project) -> None:
    share.card_path("ecosystem").write_text(
        "card: ecosystem\norganisations:\n  - name: Land & Property Services\n"
        "  - name: Northern Ireland Water\n"
    )
    child = spawn("discover", "others-data", cwd=share.root)
    answer(child, "0 so far", ENTER)  # Add
    answer(child, "Dataset's title", "Rates data" + ENTER)
    # The ecosystem's organisations, '+ Add a new organisation', Skip (the cursor), help.
    child.expect_exact("Which organisation holds 'Rates data'?")
    child.expect_exact("+ Add a new organisation (recorded on the ecosystem card")
    child.send(UP * 3 + ENTER)  # Land & Property Services
    for prompt in ("How did you find 'Rates data'?", "available?", "licence", "A link", "Notes"):
        answer(child, prompt, ENTER)
    answer(child, "1 so far", UP + UP + ENTER)  # from Done up to Add
    answer(child, "Dataset's title", "Waste data" + ENTER)
    answer(child, "Which organisation holds 'Waste data'?", UP + ENTER)  # + Add a new one
    answer(child, "The new organisation's name", "Foo Ltd" + ENTER)
    child.expect_exact("'Foo Ltd' will be added to the ecosystem card")
    for prompt in ("How did you find 'Waste data'?", "available?", "licence", "A link", "Notes"):
        answer(child, prompt, ENTER)
    answer(child, "2 so far", ENTER)  # Done
    answer(child, "canonical models", ENTER)
    answer(child, "experts", DOWN + ENTER)  # Done: no experts
    answer(child, "Anything else to record", ENTER)
    answer(child, "Review “", ENTER)  # Save
    child.expect_exact("Saved cards/others-data.yaml")
    child.expect_exact("Added 'Foo Ltd' to the ecosystem card: run `cds discover ecosystem`")
    assert finish(child) == 0
    others = yamlio.read(share.card_path("others-data")).data
    assert [(d["title"], d["holder"]) for d in others["datasets"]] == [
        ("Rates data", "Land & Property Services"),
        ("Waste data", "Foo Ltd"),
    ]
    ecosystem = yamlio.read(share.card_path("ecosystem")).data
    assert [o["name"] for o in ecosystem["organisations"]] == [
        "Land & Property Services",
        "Northern Ireland Water",
        "Foo Ltd",
    ]
    assert not share.draft_path("others-data").exists()


def test_a_long_menu_narrows_as_you_type_and_still_shows_help(share: Project) -> None:
    # More than 15 choices (the kinds of organisation, Skip and help): typing filters them.
    child = spawn("discover", "ecosystem", cwd=share.root)
    answer(child, "clear idea of the outside organisations", UP + ENTER)
    answer(child, "0 so far", ENTER)  # Add
    answer(child, "Organisation's name", "Stats Lab" + ENTER)
    child.expect_exact("What kind of organisation is 'Stats Lab'?")
    child.expect_exact("type to filter")
    child.send("data sci")
    child.expect_exact("data sci")  # the filter, shown under the list
    child.send("?")  # help, from a narrowed list
    child.expect_exact("About this card")
    answer(child, "What kind of organisation is 'Stats Lab'?", "science" + ENTER)
    answer(child, "How could it be involved?", " " + ENTER)
    answer(child, "Notes", ENTER)
    answer(child, "1 so far", ENTER)  # Done
    answer(child, "could use your data?", FINISH)
    answer(child, "Anything else to record", FINISH)
    answer(child, "Review “", ENTER)  # Save
    child.expect_exact("Saved cards/ecosystem.yaml")
    assert finish(child) == 0
    saved = yamlio.read(share.card_path("ecosystem")).data
    assert saved["organisations"][0]["type"] == "data-science-provider"
