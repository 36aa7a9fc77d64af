"""Answer once in the wizard: pick= questions through real questionary prompts on a pipe,
"Other" choices with their own text, {record} in prompts, '?' in a list, and a session that
adds a new organisation to the ecosystem card after saving."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from citydata_share import yamlio
from citydata_share.known import KnownValue, known_values
from citydata_share.questions import Ask, missing, questions_of
from citydata_share.store import Project
from citydata_share.wizard import drafts
from citydata_share.wizard.engine import ADD, DONE, NEW, SAVE, SKIP, Engine, Option
from citydata_share.wizard.picks import NewName, Picks, still_used
from citydata_share.wizard.session import RESUME, REVIEW, AddedName, run_card
from wizard_support import DOWN, ENTER, SPACE, UP, ScriptedPrompter, piped


class Holding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str | None, Ask("Title?")] = None
    holder: Annotated[
        str | None, Ask("Who holds '{record}'?", help="Holder help.", pick="organisations")
    ] = None
    helpers: Annotated[list[str], Ask("Who helps?", help="Helpers help.", pick="organisations")] = (
        Field(default_factory=list)
    )
    system: Annotated[str | None, Ask("Which system?", pick="systems")] = None


ORGANISATIONS = [
    KnownValue("Land & Property Services", "Land & Property Services"),
    KnownValue("Foo Ltd", "Foo Ltd (partner: Provides data)"),
]


def known(*found: KnownValue) -> Picks:
    """Picks for the others-data card, over a fixed list of organisations."""
    return Picks(known=lambda source: list(found), card_id="others-data")


def ask(engine: Engine, model: type[BaseModel], name: str, answers: dict[str, Any]) -> None:
    engine.ask(model, next(q for q in questions_of(model) if q.name == name), answers)


# One name ------------------------------------------------------------------------------


def test_a_known_value_is_picked_from_the_list_with_its_label() -> None:
    answers: dict[str, Any] = {"title": "Rates"}
    # Offered: the two organisations, Add, Skip (where the cursor starts), Help.
    with piped(UP + UP + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "holder", answers)
    assert answers["holder"] == "Foo Ltd"
    (offered,) = prompter.offered.values()
    assert [o.label for o in offered] == [
        "Land & Property Services",
        "Foo Ltd (partner: Provides data)",
        "+ Add a new organisation (recorded on the ecosystem card (organisations))",
        "Skip for now (leave unanswered)",
        "? Show help for this question",
    ]
    assert engine.picks.new == []


def test_a_new_name_for_another_card_is_kept_until_saving_and_offered_next_time() -> None:
    answers: dict[str, Any] = {}
    with piped(UP + ENTER + "Baz Trust" + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "holder", answers)
    assert answers["holder"] == "Baz Trust"
    assert engine.picks.new == [NewName("organisations", "Baz Trust")]
    assert "'Baz Trust' will be added to the ecosystem card" in prompter.shown[0]
    assert answers == {"holder": "Baz Trust"}  # nothing else written into this card
    offered = [v.label for v in engine.picks.values("organisations")]
    assert offered[-1] == "Baz Trust (new: added to the ecosystem card)"


def test_a_new_name_for_the_card_being_edited_is_added_to_it_at_once() -> None:
    root: dict[str, Any] = {"systems": [{"name": "CRM"}], "datasets": [{"title": "Rates"}]}
    record = root["datasets"][0]
    picks = Picks(
        known=lambda source: known_values(source, {}, None, editing=("data-systems", root)),
        card_id="data-systems",
    )
    changes: list[int] = []
    with piped(UP + ENTER + "Finance DB" + ENTER) as prompter:
        engine = Engine(prompter, "both", root=root, picks=picks)
        engine.on_change = lambda: changes.append(1)
        ask(engine, Holding, "system", record)
    assert record["system"] == "Finance DB"
    assert root["systems"] == [{"name": "CRM"}, {"name": "Finance DB"}]
    assert picks.new == []
    assert "this card's systems" in prompter.offered["Which system?"][1].label
    assert "Added 'Finance DB' to this card's systems" in prompter.shown[0]
    assert changes  # the draft was written


def test_a_retyped_name_that_differs_in_case_or_spacing_takes_the_known_spelling() -> None:
    answers: dict[str, Any] = {}
    with piped(UP + ENTER + "foo   LTD" + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "holder", answers)
    assert answers["holder"] == "Foo Ltd"
    assert engine.picks.new == []
    assert "is on the list as 'Foo Ltd'" in prompter.shown[0]


def test_a_saved_name_not_on_the_list_is_kept_and_offered() -> None:
    answers: dict[str, Any] = {"holder": "Old Org"}
    with piped(ENTER) as prompter:  # the cursor starts on the saved name
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "holder", answers)
    assert answers["holder"] == "Old Org"
    (offered,) = prompter.offered.values()
    assert Option("Old Org", "Old Org (not on the list)") in offered
    assert engine.picks.new == []  # not typed in this session: not added anywhere


def test_an_empty_source_asks_as_text_and_says_where_new_names_go() -> None:
    answers: dict[str, Any] = {}
    with piped("New Org" + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known())
        ask(engine, Holding, "holder", answers)
    assert answers["holder"] == "New Org"
    assert "new names are recorded on the ecosystem card" in prompter.instructions[0]
    assert engine.picks.new == [NewName("organisations", "New Org")]

    saved: dict[str, Any] = {"holder": "Kept"}
    with piped(ENTER) as prompter:  # the saved answer kept as it was: not new
        engine = Engine(prompter, "both", root=saved, picks=known())
        ask(engine, Holding, "holder", saved)
    assert saved["holder"] == "Kept" and engine.picks.new == []


def test_the_first_question_of_a_record_can_cancel_the_add_from_the_list() -> None:
    from citydata_share.cards.reasons import Reasons
    from citydata_share.wizard.engine import CANCEL

    answers: dict[str, Any] = {}
    question = next(q for q in questions_of(Reasons) if q.name == "exchanges")
    prompter = ScriptedPrompter(ADD, CANCEL, DONE)
    picks = known(*ORGANISATIONS)
    Engine(prompter, "both", root=answers, picks=picks).ask(Reasons, question, answers)
    assert answers == {"exchanges": []}
    assert CANCEL in prompter.asked[1][1] and NEW in prompter.asked[1][1]


# Several names -------------------------------------------------------------------------


def test_several_names_are_ticked_and_new_ones_typed_one_per_line() -> None:
    answers: dict[str, Any] = {"helpers": ["Old Org"]}
    # Offered: Land & Property Services, Foo Ltd, Old Org (ticked), Other / new..., Help.
    keys = SPACE + DOWN * 3 + SPACE + ENTER + "foo ltd" + ENTER + "New One" + ENTER + ENTER
    with piped(keys) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "helpers", answers)
    assert answers["helpers"] == ["Land & Property Services", "Old Org", "Foo Ltd", "New One"]
    assert engine.picks.new == [NewName("organisations", "New One")]
    labels = [o.label for o in prompter.offered["Who helps?"]]
    assert "Old Org (not on the list)" in labels
    assert "Other / new... (recorded on the ecosystem card (organisations))" in labels


def test_question_mark_in_a_checkbox_shows_help_and_keeps_the_ticks() -> None:
    answers: dict[str, Any] = {}
    with piped(SPACE + "?" + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "helpers", answers)
    assert answers["helpers"] == ["Land & Property Services"]
    assert "Helpers help." in prompter.shown[0]
    assert "? for help" in prompter.instructions[0]


def test_question_mark_in_a_select_shows_help_then_asks_again() -> None:
    answers: dict[str, Any] = {"title": "Rates"}
    with piped("?" + UP * 3 + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=known(*ORGANISATIONS))
        ask(engine, Holding, "holder", answers)
    assert answers["holder"] == "Land & Property Services"
    assert "Holder help." in prompter.shown[0]
    assert prompter.asked == ["Who holds it?", "Who holds it?"]  # not in a record: "it"
    assert "? for help" in prompter.instructions[0]


# Other, with its own text --------------------------------------------------------------


def test_an_other_choice_asks_its_text_and_another_choice_clears_it() -> None:
    from citydata_share.cards.team import Person, TeamRole

    person: dict[str, Any] = {"name": "Kim"}
    # The cursor starts on Skip, just after "Other role" (the last role).
    with piped(UP + ENTER + "Project Manager" + ENTER) as prompter:
        engine = Engine(prompter, "both", root=person)
        ask(engine, Person, "role", person)
    assert person == {"name": "Kim", "role": "other", "role_other": "Project Manager"}
    (role,) = [q for q in questions_of(Person) if q.name == "role"]
    assert engine.describe(Person, role, person) == "Project Manager"
    assert Person.model_validate(person).label == "Kim (Project Manager)"

    with piped(UP * (len(TeamRole) - 1) + ENTER) as prompter:  # from "Other role" to the first
        ask(Engine(prompter, "both", root=person), Person, "role", person)
    assert person == {"name": "Kim", "role": "chief-executive", "role_other": None}


def test_an_other_choice_left_without_text_goes_back_to_the_choices() -> None:
    from citydata_share.cards.team import Person

    person: dict[str, Any] = {}
    prompter = ScriptedPrompter("other", "", "other", "Caretaker")
    ask(Engine(prompter, "both", root=person), Person, "role", person)
    assert person == {"role": "other", "role_other": "Caretaker"}
    assert missing(Person, {"role": "other"}, "both") == ["role_other", "power", "interest"]
    assert missing(Person, person, "both") == ["power", "interest"]


def test_resuming_asks_again_an_other_choice_that_does_not_say_what() -> None:
    from citydata_share.cards.team import Person

    class Staff(BaseModel):
        people: Annotated[list[Person], Ask("Who?", item="person", label="name")] = Field(
            default_factory=list
        )

    answers: dict[str, Any] = {"people": [{"name": "Kim", "role": "other", "power": "high"}]}
    prompter = ScriptedPrompter("other", "Caretaker", None, "low", None, DONE)
    Engine(prompter, "both", root=answers).ask_all(Staff, answers, only_missing=True)
    assert answers["people"][0]["role_other"] == "Caretaker"
    asked = [message for message, _ in prompter.asked]
    assert asked[:2] == ["What is their role?", "What is their role called?"]


def test_other_cards_are_read_once_per_source() -> None:
    calls: list[str] = []

    def known(source: str) -> list[KnownValue]:
        calls.append(source)
        return list(ORGANISATIONS)

    picks = Picks(known=known, card_id="others-data")
    picks.values("organisations")
    picks.values("organisations")
    picks.values("systems")
    assert calls == ["organisations", "systems"]


# {record} ------------------------------------------------------------------------------


def test_raci_questions_name_the_decision_and_pick_from_the_people_listed() -> None:
    from citydata_share.cards.team import Team

    answers: dict[str, Any] = {
        "people": [{"role": "head-of-service", "name": "Ana Diaz"}, {"role": "ig-lead"}],
        "raci": [{"decision": "Sign the data sharing agreement"}],
    }
    picks = Picks(
        known=lambda source: known_values(source, {}, None, editing=("team", answers)),
        card_id="team",
    )
    keys = (
        UP * 3  # from Done up to the decision
        + ENTER
        + ENTER  # its name kept
        + SPACE  # Responsible: Ana Diaz
        + ENTER
        + UP * 2  # Accountable: from Skip up to the IG Lead
        + ENTER
        + DOWN * 2  # Consulted: Other / new...
        + SPACE
        + ENTER
        + "Sam Lee"
        + ENTER
        + ENTER
        + ENTER  # Informed: no one
        + ENTER  # Done
    )
    with piped(keys) as prompter:
        engine = Engine(prompter, "both", root=answers, picks=picks)
        ask(engine, Team, "raci", answers)
    assert answers["raci"] == [
        {
            "decision": "Sign the data sharing agreement",
            "responsible": ["Ana Diaz"],
            "accountable": "Information Governance Lead",
            "consulted": ["Sam Lee"],
            "informed": [],
        }
    ]
    assert answers["people"][-1] == {"name": "Sam Lee"}  # added to the team at once
    assert "Who is Consulted on 'Sign the data sharing agreement' before it is made?" in (
        prompter.asked
    )
    assert [
        o.label
        for o in prompter.offered[
            "Who is Responsible for 'Sign the data sharing agreement' (does the work)?"
        ]
    ][:2] == [
        "Ana Diaz (Head of Service)",
        "Information Governance Lead",
    ]
    Team.model_validate(answers)


def test_a_record_without_a_name_yet_is_called_by_its_number_or_its_first_answer() -> None:
    from citydata_share.cards.team import Team

    engine = Engine(ScriptedPrompter(), "both")
    (people,) = [q for q in questions_of(Team) if q.name == "people"]
    assert engine.named(people, {"role": "ig-lead"}) == "Information Governance Lead"
    assert engine.record_label(people, {"role": "ig-lead"}, 0) == "Information Governance Lead"
    engine.open_records.append((people, {}, 2))
    (key_player,) = [q for q in questions_of(people.model) if q.name == "key_player"]  # type: ignore[arg-type]
    assert engine.message(key_player) == "Is 'person 3' a key player for this share?"


# After saving: the session -------------------------------------------------------------

ECOSYSTEM = "card: ecosystem\norganisations:\n  - name: Land & Property Services\n"


def _others_data_script(*then: Any) -> ScriptedPrompter:
    """Two datasets: one held by an organisation on the ecosystem card, one by a new one."""
    return ScriptedPrompter(
        ADD,
        "Rates data",
        "Land & Property Services",  # the holder, from the ecosystem list
        SKIP,
        SKIP,
        "",
        "",
        "",
        ADD,
        "Waste data",
        NEW,
        "Foo Ltd",  # a new organisation
        *then,
    )


def _finish() -> tuple[Any, ...]:
    return (SKIP, SKIP, "", "", "", DONE, [], DONE, "", SAVE)


def test_a_new_organisation_picked_on_others_data_is_added_to_the_ecosystem_card(
    project: Project,
) -> None:
    project.card_path("ecosystem").write_text(ECOSYSTEM)
    result = run_card(project, "others-data", prompter=_others_data_script(*_finish()))
    assert result.saved
    saved = yamlio.read(project.card_path("others-data")).data
    assert [d["holder"] for d in saved["datasets"]] == ["Land & Property Services", "Foo Ltd"]
    ecosystem = yamlio.read(project.card_path("ecosystem")).data
    assert ecosystem["organisations"] == [
        {"name": "Land & Property Services"},
        {"name": "Foo Ltd"},
    ]
    assert result.added == [AddedName("organisations", "Foo Ltd")]
    assert result.added[0].follow_up == (
        "run `cds discover ecosystem` to say what kind of organisation it is"
    )


def test_a_name_that_cannot_be_added_comes_back_with_the_reason(project: Project) -> None:
    project.card_path("ecosystem").write_text(ECOSYSTEM)
    with project.editing("ecosystem"):  # someone is answering the ecosystem card meanwhile
        result = run_card(project, "others-data", prompter=_others_data_script(*_finish()))
    assert result.saved  # this card is saved all the same
    (added,) = result.added
    assert added.name == "Foo Ltd" and added.problem is not None
    assert "already asking the questions of the 'ecosystem' card" in added.problem
    assert project.card_path("ecosystem").read_text() == ECOSYSTEM


def test_a_new_name_survives_an_interruption_and_is_added_when_the_card_is_saved(
    project: Project,
) -> None:
    project.card_path("ecosystem").write_text(ECOSYSTEM)
    with pytest.raises(KeyboardInterrupt):
        run_card(project, "others-data", prompter=_others_data_script(KeyboardInterrupt))
    draft = drafts.read(project.draft_path("others-data"))
    assert draft is not None and draft.new_names == (("organisations", "Foo Ltd"),)

    result = run_card(project, "others-data", prompter=ScriptedPrompter(RESUME, REVIEW, SAVE))
    assert result.added == [AddedName("organisations", "Foo Ltd")]
    ecosystem = yamlio.read(project.card_path("ecosystem")).data
    assert {"name": "Foo Ltd"} in ecosystem["organisations"]


def test_a_new_name_no_longer_used_is_not_added(project: Project) -> None:
    from citydata_share.cards.others_data import OthersData

    new = [NewName("organisations", "Foo Ltd"), NewName("organisations", "Bar plc")]
    answers = {"datasets": [{"title": "A", "holder": "foo  ltd"}, {"title": "B"}]}
    assert still_used(new, OthersData, answers) == [NewName("organisations", "Foo Ltd")]


def test_a_new_name_is_also_put_in_the_other_cards_unsaved_draft(project: Project) -> None:
    project.card_path("ecosystem").write_text(ECOSYSTEM)
    drafts.write(
        project.draft_path("ecosystem"),
        "ecosystem",
        "Understand your data sharing ecosystem",
        {"organisations": [{"name": "Land & Property Services", "type": "data-producer"}]},
        based_on=drafts.fingerprint(ECOSYSTEM),
        changed=["organisations"],
    )
    run_card(project, "others-data", prompter=_others_data_script(*_finish()))
    draft = drafts.read(project.draft_path("ecosystem"))
    assert draft is not None
    assert draft.answers["organisations"][-1] == {"name": "Foo Ltd"}
    assert draft.changed == ("organisations",)
    # Resuming that draft over the changed file keeps both the typed type and the new name.
    result = run_card(project, "ecosystem", prompter=ScriptedPrompter(RESUME, REVIEW, SAVE))
    organisations = result.model.answers()["organisations"]  # type: ignore[union-attr]
    assert organisations == [
        {"name": "Land & Property Services", "type": "data-producer"},
        {"name": "Foo Ltd"},
    ]


def test_data_systems_asks_the_systems_before_the_datasets() -> None:
    from citydata_share.cards.data_systems import DataSystems

    names = [q.name for q in questions_of(DataSystems)]
    assert names.index("systems") < names.index("datasets")


def test_the_cli_says_what_was_added_and_what_to_add_by_hand(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from citydata_share.cli.wizard_cmds import _show_added
    from citydata_share.registry import get_card
    from citydata_share.wizard.session import CardRun

    result = CardRun(
        get_card("others-data"),
        project.card_path("others-data"),
        saved=True,
        added=[
            AddedName("organisations", "Foo Ltd"),
            AddedName("people", "Sam [b]Lee", "The team card is open elsewhere."),
        ],
    )
    _show_added(result)
    out, err = capsys.readouterr()
    assert (
        "Added 'Foo Ltd' to the ecosystem card: run `cds discover ecosystem` to say what "
        "kind of organisation it is." in " ".join(out.split())
    )
    assert (
        "Not added: 'Sam [b]Lee' could not be added to the team card: The team card is open "
        "elsewhere. Add it by hand: run `cds discover team` and add 'Sam [b]Lee'."
        in " ".join(err.split())
    )
