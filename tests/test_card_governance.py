"""The governance card: the toolkit's flowchart walked branch by branch, as data and questions."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share.cards.base import CardModel
from citydata_share.cards.governance import (
    FLOWCHART,
    Q_PERSONAL_DATA,
    Q_SERVICE,
    Q_WORKING_LEVEL,
    START,
    Governance,
    NodeKind,
    Outcome,
    as_bool,
    governance_cautions,
    governance_recommendation,
    path_in_words,
)
from citydata_share.cli.summaries import summary
from citydata_share.project import ProjectConfig
from citydata_share.questions import missing
from citydata_share.registry import BY_ID
from citydata_share.store import Project, load_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
PROJECT = ProjectConfig.model_validate(
    {
        "name": "Test",
        "organisation": "Test Council",
        "role": "both",
        "partners": [{"name": "Water Co", "role": "provider"}],
    }
)
SPECIFIC = {
    "seniority": "Directors",
    "meeting_frequency": "Quarterly",
    "lead_organisation": "Test Council",
    "secretariat": "Policy team",
    "organisations": ["Test Council", "Water Co"],
    "level_of_detail": "Risks and changes only",
}


def _gov(**answers: Any) -> Governance:
    model = Governance.model_validate(answers)
    assert isinstance(model, Governance)
    return model


def _render(parts: Any) -> str:
    console = Console(file=io.StringIO(), width=100)
    console.print(parts)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return " ".join(out.split())  # wrapped lines joined, so phrases can be found


# The flowchart as data ------------------------------------------------------------------


def test_the_flowchart_is_whole() -> None:
    ids = [n.id for n in FLOWCHART.nodes]
    edge_ids = [e.id for e in FLOWCHART.edges]
    assert len(ids) == len(set(ids)) and len(edge_ids) == len(set(edge_ids))
    for edge in FLOWCHART.edges:
        assert edge.source in ids and edge.target in ids
    for question in FLOWCHART.questions:  # every question has a yes and a no arrow
        assert {e.label for e in FLOWCHART.edges if e.source == question.id} == {"Yes", "No"}
        assert question.field in Governance.model_fields
    outcomes = {n.outcome for n in FLOWCHART.nodes if n.kind is NodeKind.OUTCOME}
    assert outcomes == set(Outcome) - {Outcome.UNDECIDED}
    assert FLOWCHART.edge_from(START).target == Q_WORKING_LEVEL
    assert [q.id for q in FLOWCHART.questions] == [Q_WORKING_LEVEL, Q_PERSONAL_DATA, Q_SERVICE]


# Every outcome -----------------------------------------------------------------------------


def test_working_level() -> None:
    found = governance_recommendation(_gov(working_level=True))
    assert found.outcome is Outcome.WORKING_LEVEL
    assert [(s.question.id, s.answer) for s in found.steps] == [(Q_WORKING_LEVEL, True)]
    assert found.next_question is None and found.existing is None and found.specific is None
    assert found.nodes == (START, Q_WORKING_LEVEL, "outcome-working-level")
    assert found.edges == ("start-to-working-level", "working-level-yes")


def test_existing_personal_data_arrangements() -> None:
    model = _gov(
        working_level=False,
        personal_data_arrangements=True,
        personal_data_arrangements_which="Information sharing board",
    )
    found = governance_recommendation(model)
    assert found.outcome is Outcome.PERSONAL_DATA
    assert [(s.question.id, s.answer) for s in found.steps] == [
        (Q_WORKING_LEVEL, False),
        (Q_PERSONAL_DATA, True),
    ]
    assert found.existing == "Information sharing board"
    assert found.edges == ("start-to-working-level", "working-level-no", "personal-data-yes")


def test_existing_service_arrangements() -> None:
    model = _gov(
        working_level=False,
        personal_data_arrangements=False,
        service_arrangements=True,
        service_arrangements_which="Waste programme board",
    )
    found = governance_recommendation(model)
    assert found.outcome is Outcome.SERVICE
    assert [s.answer for s in found.steps] == [False, False, True]
    assert found.existing == "Waste programme board"
    assert found.nodes[-1] == "outcome-service-arrangements"
    assert "Fold" in found.advice


def test_specific_new_arrangements() -> None:
    model = _gov(
        working_level=False,
        personal_data_arrangements=False,
        service_arrangements=False,
        specific=SPECIFIC,
    )
    found = governance_recommendation(model)
    assert found.outcome is Outcome.SPECIFIC
    assert [s.answer for s in found.steps] == [False, False, False]
    assert found.specific is not None and found.specific.lead_organisation == "Test Council"
    assert found.edges[-1] == "service-no"
    assert found.existing is None


# Every incomplete path ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "next_id", "answered"),
    [
        ({}, Q_WORKING_LEVEL, 0),
        ({"working_level": False}, Q_PERSONAL_DATA, 1),
        ({"working_level": False, "personal_data_arrangements": False}, Q_SERVICE, 2),
        # answers further down do not count while an earlier question is open
        ({"personal_data_arrangements": True, "service_arrangements": True}, Q_WORKING_LEVEL, 0),
        ({"working_level": False, "service_arrangements": True}, Q_PERSONAL_DATA, 1),
    ],
)
def test_an_incomplete_path_names_the_next_question(
    answers: dict[str, Any], next_id: str, answered: int
) -> None:
    found = governance_recommendation(_gov(**answers))
    assert found.outcome is Outcome.UNDECIDED
    assert found.next_question is not None and found.next_question.id == next_id
    assert len(found.steps) == answered
    assert found.nodes[-1] == next_id  # the open question is highlighted as where we are
    assert "Answer the next question" in found.advice


# Answers left behind when an earlier answer changed -----------------------------------------


def test_answers_off_the_path_are_ignored() -> None:
    everything = {
        "personal_data_arrangements": True,
        "personal_data_arrangements_which": "Old board",
        "service_arrangements": False,
        "service_arrangements_which": "Old service board",
        "specific": SPECIFIC,
    }
    found = governance_recommendation(_gov(working_level=True, **everything))
    assert found.outcome is Outcome.WORKING_LEVEL
    assert len(found.steps) == 1 and found.existing is None and found.specific is None

    # personal data changed from yes to no: its "which" stays in the file but plays no part
    changed = {**everything, "personal_data_arrangements": False}
    found = governance_recommendation(_gov(working_level=False, **changed))
    assert found.outcome is Outcome.SPECIFIC and found.existing is None
    assert found.specific is not None

    changed = {**changed, "service_arrangements": True}
    found = governance_recommendation(_gov(working_level=False, **changed))
    assert found.outcome is Outcome.SERVICE and found.existing == "Old service board"
    assert found.specific is None


def test_questions_are_asked_only_along_the_path() -> None:
    def gaps(**answers: Any) -> list[str]:
        return missing(Governance, answers, "both")

    assert gaps() == ["working_level", "signatories"]
    assert gaps(working_level=True) == ["signatories"]
    assert gaps(working_level=True, personal_data_arrangements=True) == ["signatories"]
    assert gaps(working_level=False) == ["personal_data_arrangements", "signatories"]
    assert gaps(working_level=False, personal_data_arrangements=True) == [
        "personal_data_arrangements_which",
        "signatories",
    ]
    assert gaps(working_level=False, personal_data_arrangements=False) == [
        "service_arrangements",
        "signatories",
    ]
    service_yes = {
        "working_level": False,
        "personal_data_arrangements": False,
        "service_arrangements": True,
    }
    assert gaps(**service_yes) == ["service_arrangements_which", "signatories"]
    no_no_no = {
        "working_level": False,
        "personal_data_arrangements": False,
        "service_arrangements": False,
    }
    assert gaps(**no_no_no) == ["specific", "signatories"]
    partial = {"lead_organisation": "Test Council"}
    assert gaps(**no_no_no, specific=partial, signatories=["CEO"]) == [
        "specific.seniority",
        "specific.meeting_frequency",
        "specific.organisations",
        "specific.level_of_detail",
    ]  # the secretariat is optional
    assert gaps(**no_no_no, specific=SPECIFIC, signatories=["CEO"]) == []


def test_yes_and_no_as_typed_in_an_answers_file() -> None:
    assert as_bool("Yes") is True and as_bool(" no ") is False and as_bool(True) is True
    assert as_bool(None) is None and as_bool("perhaps") is None and as_bool(1) is None
    assert missing(Governance, {"working_level": "no"}, "both")[0] == "personal_data_arrangements"
    found = governance_recommendation(_gov(working_level="no", personal_data_arrangements="yes"))
    assert found.outcome is Outcome.PERSONAL_DATA


def test_a_bad_answer_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="working_level"):
        _gov(working_level="perhaps")
    with pytest.raises(ValidationError, match="seniority"):
        _gov(specific={"seniority": ["not", "text"]})
    with pytest.raises(ValidationError, match="Extra inputs"):
        _gov(specific={"chair": "Someone"})


# The path in words ---------------------------------------------------------------------------


def test_the_path_in_words() -> None:
    found = governance_recommendation(
        _gov(working_level=False, personal_data_arrangements=False, service_arrangements=True)
    )
    assert path_in_words(found) == (
        "START -> Could working-level contacts cover it?: No -> Are there existing arrangements "
        "for personal data that include the right organisations?: No -> Are there existing "
        "arrangements for the service or function the data serves?: Yes -> Existing "
        "arrangements for the service"
    )
    open_path = path_in_words(governance_recommendation(_gov(working_level=False)))
    assert open_path.endswith(
        "include the right organisations?: (not answered yet) -> Not decided yet"
    )
    assert path_in_words(governance_recommendation(_gov())) == (
        "START -> Could working-level contacts cover it?: (not answered yet) -> Not decided yet"
    )


# Advice that depends on cds.yaml ------------------------------------------------------------


def test_cautions_about_working_level() -> None:
    model = _gov(working_level=True)
    ongoing = ProjectConfig.model_validate(
        {**PROJECT.model_dump(), "frequency": "ongoing", "reach": "external"}
    )
    assert any("ongoing" in c for c in governance_cautions(model, ongoing))
    personal = ProjectConfig.model_validate({**PROJECT.model_dump(), "personal_data": "unsure"})
    assert any("Data Protection Officer" in c for c in governance_cautions(model, personal))
    internal = ProjectConfig.model_validate(
        {**PROJECT.model_dump(), "frequency": "ongoing", "reach": "internal"}
    )
    assert governance_cautions(model, internal) == []
    specific = _gov(working_level=False, personal_data_arrangements=True)
    assert governance_cautions(specific, personal) == []


# Links to other cards ----------------------------------------------------------------------


def _team(*roles: str) -> dict[str, CardModel]:
    team = BY_ID["team"].model().model_validate({"people": [{"role": r} for r in roles]})
    return {"team": team}


def test_cross_check_organisations_and_signatories() -> None:
    model = _gov(
        working_level=False,
        personal_data_arrangements=False,
        service_arrangements=False,
        specific={**SPECIFIC, "organisations": ["test  council", "Gas Co"]},
        signatories=["Chief Executive", "Mayor"],
    )
    issues = model.cross_check(_team("chief-executive"), PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("specific.organisations[1]", "'Gas Co' is not an organisation of the project"),
        ("signatories[1]", "'Mayor' is not on the team card"),
    ]
    assert "cds discover ecosystem" in (issues[0].hint or "")
    assert "cds discover team" in (issues[1].hint or "")
    # without a team card, signatories are not checked yet
    assert [i.field for i in model.cross_check({}, PROJECT)] == ["specific.organisations[1]"]


def test_cross_check_ignores_arrangements_off_the_path() -> None:
    model = _gov(working_level=True, specific={**SPECIFIC, "lead_organisation": "Nobody Ltd"})
    assert model.cross_check({}, PROJECT) == []


# The summary -----------------------------------------------------------------------------


def test_summary_of_a_decided_path() -> None:
    model = _gov(
        working_level=False,
        personal_data_arrangements=False,
        service_arrangements=False,
        specific={**SPECIFIC, "secretariat": "[bold]Policy[/] team"},
        signatories=["Chief Executive"],
    )
    text = _render(summary("governance", model, PROJECT))
    assert "Governance: Specific new arrangements" in text
    assert "START -> Could working-level contacts cover it?: No ->" in text
    assert "Lead organisation Test Council" in text
    assert "[bold]Policy[/] team" in text  # user text is never read as markup
    assert "Signatories Chief Executive" in text
    assert "Next question" not in text


def test_summary_of_an_open_path_and_cautions() -> None:
    project = ProjectConfig.model_validate({**PROJECT.model_dump(), "personal_data": "yes"})
    text = _render(summary("governance", _gov(working_level=False), project))
    assert "Governance: Not decided yet" in text
    assert (
        "Next question: Are there existing arrangements for personal data that include the "
        "right organisations?" in text
    )
    text = _render(summary("governance", _gov(working_level=True), project))
    assert "To consider:" in text and "Data Protection Officer" in text
    existing = _gov(working_level=False, personal_data_arrangements=True)
    assert "Arrangements not named yet" in _render(summary("governance", existing, PROJECT))


# Through an answers file, and the Belfast example --------------------------------------------


def test_the_belfast_card_through_an_answers_file(project: Project) -> None:
    result = run_card(project, "governance", answers_path=BELFAST / "cards" / "governance.yaml")
    assert result.saved and result.missing == []
    model = project.load_card("governance")
    assert isinstance(model, Governance)
    found = governance_recommendation(model)
    assert found.outcome is Outcome.SPECIFIC
    assert [s.answer for s in found.steps] == [False, False, False]


def test_the_belfast_card_links_cleanly() -> None:
    belfast = load_project(BELFAST)
    cards = {c: m for c in ("team", "ecosystem") if (m := belfast.load_card(c)) is not None}
    model = belfast.load_card("governance")
    assert model is not None and model.notes and "collaboration agreement" in model.notes
    assert model.cross_check(cards, belfast.config) == []


# In the wizard -------------------------------------------------------------------------------


def test_the_wizard_asks_only_the_questions_on_the_path() -> None:
    from citydata_share.wizard.engine import Engine
    from wizard_support import ScriptedPrompter

    answers: dict[str, Any] = {"signatories": ["Chief Executive"], "notes": "n"}
    prompter = ScriptedPrompter("no", "no", "yes", "Waste programme board")
    Engine(prompter, "both", root=answers).ask_all(Governance, answers, only_missing=True)
    assert [message for message, _ in prompter.asked] == [
        "Could working-level contacts cover the oversight of this share?",
        "Are there existing arrangements for personal data that include the right organisations?",
        "Are there existing arrangements for the service or function the data serves?",
        "Which arrangements will the share's governance be folded into?",
    ]
    found = governance_recommendation(_gov(**answers))
    assert found.outcome is Outcome.SERVICE and found.existing == "Waste programme board"

    answers = {"signatories": ["Chief Executive"], "notes": "n"}
    prompter = ScriptedPrompter("yes")
    Engine(prompter, "both", root=answers).ask_all(Governance, answers, only_missing=True)
    assert len(prompter.asked) == 1 and answers["working_level"] is True
