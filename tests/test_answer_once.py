"""Answer once, without a terminal: pick kinds, {record}, "Other" choices with their text,
loose name checks on the DISCOVER cards, and the documents for roles and types outside the
toolkit's lists."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, ValidationError
from rich.console import Console

from citydata_share.cards.data_systems import DataSystems
from citydata_share.cards.ecosystem import Ecosystem, EcosystemType, partner_coverage
from citydata_share.cards.others_data import OthersData
from citydata_share.cards.team import Person, RoleGroup, Team, TeamRole, gaps, raci_matrix
from citydata_share.project import ProjectConfig
from citydata_share.questions import Ask, Kind, fill_record, questions_of
from citydata_share.registry import CARDS
from citydata_share.store import Project
from citydata_share.wizard.answers import normalise_choices, prompts_along

PROJECT = ProjectConfig.model_validate(
    {
        "name": "Rates",
        "organisation": "Belfast City Council",
        "role": "both",
        "reach": "external",
        "partners": [{"name": "Land & Property Services", "role": "provider"}],
    }
)


def test_pick_makes_a_text_field_a_pick_and_a_list_of_text_a_pick_list() -> None:
    class Picky(BaseModel):
        one: Annotated[str | None, Ask("One?", pick="people")] = None
        many: Annotated[list[str], Ask("Many?", pick="organisations")] = []

    kinds = {q.name: q.kind for q in questions_of(Picky)}
    assert kinds == {"one": Kind.PICK, "many": Kind.PICK_LIST}


def test_an_unknown_pick_source_is_refused_when_the_questions_are_read() -> None:
    class Typo(BaseModel):
        one: Annotated[str | None, Ask("One?", pick="persons")] = None

    with pytest.raises(ValueError, match="pick='persons' is not one of"):
        questions_of(Typo)


def test_every_card_picks_from_a_known_source() -> None:
    """Every registered card's pick= names a source (so other helpers' cards fail here)."""

    def walk(model: type[BaseModel]) -> None:
        for question in questions_of(model):  # raises on an unknown source
            if question.model is not None:
                walk(question.model)

    for card in CARDS:
        walk(card.model())


def test_record_is_filled_with_the_name_or_it() -> None:
    prompt = "Who is Consulted on '{record}' before it is made?"
    assert fill_record(prompt, "Sign the agreement") == (
        "Who is Consulted on 'Sign the agreement' before it is made?"
    )
    assert fill_record(prompt, None) == "Who is Consulted on it before it is made?"
    (raci,) = [q for q in questions_of(Team) if q.name == "raci"]
    assert raci.model is not None
    prompts = {q.name: q.prompt_for("both") for q in questions_of(raci.model)}
    assert prompts["accountable"] == "Who is Accountable for it (signs it off)?"


def test_prompts_along_a_path_name_the_records() -> None:
    data = {"raci": [{"decision": "Agree"}, {"decision": "Sign the agreement"}]}
    assert prompts_along(Team, "raci[1].informed", data) == [
        "Who is Informed of 'Sign the agreement' afterwards?"
    ]
    others = {"datasets": [{"title": "Rates"}]}
    assert prompts_along(OthersData, "datasets[0].licence", others) == [
        "Which datasets held by other organisations are relevant?",
        "'Rates'",
        "Under what licence?",
    ]
    assert prompts_along(OthersData, "datasets[0].availability", others) == [
        "How is 'Rates' available?"
    ]


def test_an_other_text_without_its_choice_in_an_answers_file_means_other() -> None:
    fixed = normalise_choices(Person, {"role_other": "Caretaker"})
    assert fixed == {"role": "other", "role_other": "Caretaker"}
    assert normalise_choices(Person, {"role": "lawyer"}) == {"role": "lawyer"}


# Team ----------------------------------------------------------------------------------


def test_a_person_needs_a_role_or_a_name() -> None:
    assert Person.model_validate({"name": "Sam Lee"}).label == "Sam Lee"
    assert Person.model_validate({"role": "siro"}).label == "Senior Information Risk Owner"
    with pytest.raises(ValidationError, match="a role or a name"):
        Person.model_validate({})


def test_an_other_role_is_called_by_its_own_words() -> None:
    person = Person.model_validate({"role": "other", "role_other": "Project Manager"})
    assert person.label == "Project Manager"
    assert person.group is RoleGroup.OTHER
    assert person.is_called("project  MANAGER")
    assert not person.is_called("other")
    unnamed_other = Person.model_validate({"role": "other"})
    assert unnamed_other.label == TeamRole.OTHER.label


def test_raci_names_are_checked_loosely_against_the_team() -> None:
    team = Team.model_validate(
        {
            "people": [
                {"role": "head-of-service", "name": "Ana Diaz"},
                {"role": "other", "role_other": "Project Manager"},
            ],
            "raci": [
                {
                    "decision": "Sign",
                    "responsible": ["ana   diaz", "project manager"],
                    "accountable": "Head of Service",
                    "consulted": ["Bob Stranger"],
                }
            ],
        }
    )
    issues = team.cross_check({}, PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("raci[0].consulted", "'Bob Stranger' (Sign) is not on the team list")
    ]
    matrix = raci_matrix(team)
    assert matrix.people == ["Ana Diaz (Head of Service)", "Project Manager", "Bob Stranger"]
    assert matrix.cell("Sign", "Ana Diaz (Head of Service)") == "R/A"


def test_a_person_added_from_another_card_is_a_gap_until_given_a_role() -> None:
    team = Team.model_validate({"people": [{"role": "siro"}, {"name": "Sam Lee"}]})
    messages = [g.message for g in gaps(team)]
    assert "No role given for: Sam Lee." in messages


# Ecosystem, others' data, data and systems ---------------------------------------------


def test_an_other_type_is_shown_in_its_own_words() -> None:
    model = Ecosystem.model_validate(
        {
            "organisations": [
                {"name": "NIHE", "type": "other", "type_other": "Housing executive"},
                {"name": "PSNI", "type": "public-sector-partner"},
            ]
        }
    )
    kinds = [o.kind_label for o in model.organisations]
    assert kinds == ["Housing executive", "Public-sector partner"]
    assert EcosystemType.PUBLIC_SECTOR_PARTNER.help.count("NHS trust") == 1


def test_partners_and_holders_are_found_whatever_their_case_or_spacing() -> None:
    ecosystem = Ecosystem.model_validate(
        {"organisations": [{"name": "land &  property services"}, {"name": "NI Water"}]}
    )
    assert partner_coverage(ecosystem, PROJECT).missing == []
    others = OthersData.model_validate(
        {
            "datasets": [
                {"title": "A", "holder": "ni water"},
                {"title": "B", "holder": "BELFAST CITY COUNCIL"},  # cds.yaml's organisation
                {"title": "C", "holder": "Nobody Ltd"},
            ]
        }
    )
    issues = others.cross_check({"ecosystem": ecosystem}, PROJECT)
    assert [i.field for i in issues] == ["datasets[2].holder"]
    assert others.cross_check({}, PROJECT) == []  # not checked before the ecosystem card


def test_a_datasets_system_is_found_whatever_its_case_or_spacing() -> None:
    card = DataSystems.model_validate(
        {
            "systems": [{"name": "Waste  System"}],
            "datasets": [
                {"title": "A", "system": "waste system"},
                {"title": "B", "system": "CRM"},
            ],
        }
    )
    assert [i.field for i in card.cross_check({}, PROJECT)] == ["datasets[1].system"]


# Documents and the summary -------------------------------------------------------------


def _write(project: Project, card_id: str, text: str) -> None:
    project.card_path(card_id).write_text(text, encoding="utf-8")


def test_documents_show_other_roles_and_types_in_their_own_words(
    project: Project, tmp_path: Path
) -> None:
    from citydata_share.render.documents import render

    _write(
        project,
        "team",
        "card: team\npeople:\n  - role: other\n    role_other: Caretaker\n"
        "  - name: Sam Lee\n  - role: siro\n",
    )
    _write(
        project,
        "ecosystem",
        "card: ecosystem\norganisations:\n  - name: NIHE\n    type: other\n"
        "    type_other: Housing executive\n",
    )
    render(project, ["team", "ecosystem"], ("md",), tmp_path, dt.date(2024, 5, 17))
    team = (tmp_path / "team.md").read_text()
    assert "| **Other roles** | Caretaker |" in team
    assert "| Other roles | Role not given | Sam Lee |" in team
    assert "other roles" not in team.split("No one is listed from:")[1].split("\n")[0]
    ecosystem = (tmp_path / "ecosystem.md").read_text()
    assert "| NIHE (Housing executive) |" in ecosystem


def test_a_team_without_other_roles_does_not_list_them_as_missing(
    project: Project, tmp_path: Path
) -> None:
    from citydata_share.render.documents import render

    _write(project, "team", "card: team\npeople:\n  - role: siro\n")
    render(project, ["team"], ("md",), tmp_path, dt.date(2024, 5, 17))
    assert "other roles" not in (tmp_path / "team.md").read_text().lower()


def test_the_ecosystem_summary_shows_an_other_type_in_its_own_words() -> None:
    from citydata_share.cli.summaries import ecosystem_summary

    model = Ecosystem.model_validate(
        {"organisations": [{"name": "NIHE", "type": "other", "type_other": "Housing [b]exec"}]}
    )
    out = io.StringIO()
    console = Console(file=out, width=100)
    for renderable in ecosystem_summary(model, {}, PROJECT):
        console.print(renderable)
    assert "NIHE (Housing [b]exec)" in out.getvalue()
