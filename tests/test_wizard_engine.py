"""The question engine, driven through real questionary prompts on a pipe (no terminal)."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from citydata_share.questions import Ask, questions_of
from citydata_share.wizard.engine import ADD, DISCARD, DONE, HELP, OTHER, REMOVE, SAVE, Engine
from wizard_support import (
    CLEAR,
    DOWN,
    ENTER,
    FINISH,
    SPACE,
    UP,
    Person,
    Sample,
    ScriptedPrompter,
    piped,
)


def no_problems(answers: dict[str, Any]) -> list[str]:
    return []


def test_every_kind_through_questionary() -> None:
    keys = (
        "My title"
        + ENTER
        + "line one"
        + ENTER
        + "line two"
        + FINISH
        + UP
        + ENTER  # colour: from "Not sure yet" up to Blue
        + "the sky"
        + ENTER  # why blue: asked because of the answer before
        + SPACE
        + DOWN
        + DOWN
        + SPACE
        + ENTER  # colours: Red and Other...
        + "green"
        + FINISH  # the other colour
        + UP
        + UP
        + ENTER  # likes: Yes
        + "many"
        + ENTER
        + CLEAR
        + "12"
        + ENTER  # refused, then fixed
        + "2025-03-31"
        + ENTER
        + "https://example.org/data"
        + ENTER
        + ENTER  # people: Add
        + "Ann"
        + ENTER
        + ENTER  # her name; her colour left unanswered
        + ENTER  # Done
        + "receiver text"
        + ENTER
    )
    answers: dict[str, Any] = {}
    with piped(keys) as prompter:
        Engine(prompter, "receiver", root=answers).ask_all(Sample, answers)
    assert answers == {
        "title": "My title",
        "story": "line one\nline two",
        "colour": "blue",
        "why_blue": "the sky",
        "colours": ["red"],
        "other_colours": ["green"],
        "likes": True,
        "count": 12,
        "when": "2025-03-31",
        "link": "https://example.org/data",
        "people": [{"name": "Ann", "colour": None}],
        "receiver_only": "receiver text",
    }
    assert "Provider question?" not in prompter.asked  # a receiver is not asked it
    Sample.model_validate(answers)


def test_saved_answers_are_the_defaults() -> None:
    answers: dict[str, Any] = {"title": "Kept", "colour": "red", "count": 3, "likes": False}
    with piped(ENTER * 3 + ENTER + ENTER + ENTER) as prompter:
        engine = Engine(prompter, "both", root=answers)
        for name in ("title", "colour", "count", "likes"):
            question = next(q for q in engine.applicable(Sample, answers) if q.name == name)
            engine.ask(Sample, question, answers)
    assert answers == {"title": "Kept", "colour": "red", "count": 3, "likes": False}


def test_help_on_demand_then_the_question_again() -> None:
    answers: dict[str, Any] = {}
    with piped("?" + ENTER + "Named" + ENTER) as prompter:
        engine = Engine(
            prompter, "both", guidance="Cards guidance.", resources="  • A guide", root=answers
        )
        engine.ask(Sample, engine.applicable(Sample, answers)[0], answers)
    assert answers == {"title": "Named"}
    assert "The title is what people call it." in prompter.shown[0]
    assert "Cards guidance." in prompter.shown[0]
    assert "A guide" in prompter.shown[0]


def test_every_answer_reaches_the_draft_at_once() -> None:
    seen: list[dict[str, Any]] = []
    answers: dict[str, Any] = {}
    engine = Engine(ScriptedPrompter("T", "", KeyboardInterrupt), "both", root=answers)
    engine.on_change = lambda: seen.append(dict(answers))
    with pytest.raises(KeyboardInterrupt):
        engine.ask_all(Sample, answers)
    assert seen == [{"title": "T"}, {"title": "T", "story": None}]


def test_records_add_edit_remove() -> None:
    answers: dict[str, Any] = {"people": [{"name": "Ann"}, {"name": "Bob", "colour": "red"}]}
    prompter = ScriptedPrompter(
        "edit:1",
        "Robert",
        None,  # rename Bob, keep his colour
        ADD,
        "Cy",
        "blue",
        REMOVE,
        "0",
        "yes",  # remove Ann
        DONE,
    )
    engine = Engine(prompter, "both", root=answers)
    question = next(q for q in engine.applicable(Sample, answers) if q.name == "people")
    engine.ask(Sample, question, answers)
    assert answers["people"] == [
        {"name": "Robert", "colour": "red"},
        {"name": "Cy", "colour": "blue"},
    ]
    menu = prompter.asked[0][1]
    assert menu[:2] == ["edit:0", "edit:1"] and ADD in menu and DONE in menu


def test_unchecking_other_clears_its_text_and_help_keeps_ticks() -> None:
    answers: dict[str, Any] = {"colours": ["red"], "other_colours": ["green"]}
    prompter = ScriptedPrompter(["red", HELP], None)
    engine = Engine(prompter, "both", root=answers)
    question = next(q for q in engine.applicable(Sample, answers) if q.name == "colours")
    assert prompter.script  # the first checkbox call sees red and Other ticked
    engine.ask(Sample, question, answers)
    assert prompter.asked[0][1] == ["red", OTHER]
    assert answers == {"colours": ["red"], "other_colours": []}
    assert prompter.shown  # help was shown between the two


def test_review_changes_an_earlier_answer_and_asks_what_it_brings_in() -> None:
    answers: dict[str, Any] = {"title": "Old", "colour": "red"}
    prompter = ScriptedPrompter("colour", "blue", "because", SAVE)
    engine = Engine(prompter, "both", root=answers)
    assert engine.review(Sample, answers, title="Sample", check=no_problems)
    assert answers["colour"] == "blue" and answers["why_blue"] == "because"
    review_menu = prompter.asked[0][1]
    assert review_menu[:3] == ["title", "story", "colour"] and review_menu[-2:] == [SAVE, DISCARD]


def test_review_through_questionary() -> None:
    answers: dict[str, Any] = {"title": "Old"}
    # 11 questions apply, then Save and Discard; the cursor starts on Save.
    keys = UP * 11 + ENTER + CLEAR + "New" + ENTER + DOWN * 11 + ENTER
    with piped(keys) as prompter:
        engine = Engine(prompter, "both", root=answers)
        assert engine.review(Sample, answers, title="Sample", check=no_problems)
    assert answers == {"title": "New"}


def test_review_refuses_to_save_invalid_answers() -> None:
    answers: dict[str, Any] = {"title": "x"}
    prompter = ScriptedPrompter(SAVE, SAVE)
    calls = iter([["count: Please write a whole number"], []])
    engine = Engine(prompter, "both", root=answers)
    assert engine.review(Sample, answers, title="S", check=lambda a: next(calls))
    assert "count: Please write a whole number" in prompter.shown[0]


def test_review_discard_asks_first() -> None:
    prompter = ScriptedPrompter(DISCARD, "no", DISCARD, "yes")
    engine = Engine(prompter, "both", root={})
    assert engine.review(Sample, {}, title="S", check=no_problems) is False


def test_ctrl_c_in_questionary_raises_keyboard_interrupt() -> None:
    with piped("\x03") as prompter, pytest.raises(KeyboardInterrupt):
        Engine(prompter, "both").ask_all(Sample, {})


def test_provider_and_both_see_their_questions() -> None:
    for role, expected in (
        ("provider", {"Provider question?"}),
        ("both", {"Provider question?", "Receiver question?"}),
    ):
        engine = Engine(ScriptedPrompter(), role)
        prompts = {q.prompt for q in engine.applicable(Sample, {})}
        assert prompts >= expected
        if role == "provider":
            assert "Receiver question?" not in prompts


def test_enter_on_an_empty_line_finishes_a_multi_line_answer() -> None:
    # Non-developers do not guess Esc-Enter: Enter twice ends the answer too.
    with piped("first" + ENTER + "second" + ENTER + ENTER) as prompter:
        assert prompter.text("Lines?", multiline=True) == "first\nsecond"
    with piped(ENTER) as prompter:  # Enter at once leaves it unanswered
        assert prompter.text("Lines?", multiline=True) == ""
    with piped(ENTER + ENTER) as prompter:  # a saved answer as default: Enter adds a line
        assert prompter.text("Lines?", default="kept", multiline=True) == "kept"


class Crew(BaseModel):
    model_config = ConfigDict(extra="forbid")

    people: Annotated[list[Person], Ask("Who?", item="person", label="name")] = Field(
        default_factory=list
    )


def test_resuming_finishes_a_half_added_record_first() -> None:
    answers: dict[str, Any] = {"people": [{"name": "Ann"}]}  # stopped before her colour
    prompter = ScriptedPrompter("blue", DONE)
    Engine(prompter, "both", root=answers).ask_all(Crew, answers, only_missing=True)
    assert answers == {"people": [{"name": "Ann", "colour": "blue"}]}
    assert [message for message, _ in prompter.asked] == ["Their colour?", "Who?"]


def test_a_complete_record_list_is_skipped_when_only_missing() -> None:
    answers: dict[str, Any] = {"people": [{"name": "Ann", "colour": "red"}]}
    prompter = ScriptedPrompter()
    Engine(prompter, "both", root=answers).ask_all(Crew, answers, only_missing=True)
    assert prompter.asked == []


def test_records_are_labelled_with_words_not_stored_codes() -> None:
    engine = Engine(ScriptedPrompter(), "both")
    (question,) = questions_of(Crew)
    assert engine.record_label(question, {"name": "Ann (Leeds)", "colour": "blue"}, 0) == (
        "Ann (Leeds) (Blue)"
    )
    assert engine.describe(Crew, question, {"people": [{"name": "Ann (Leeds)"}]}) == (
        "1 person: Ann (Leeds)"
    )


def test_question_mark_after_a_saved_answer_asks_for_help() -> None:
    answers: dict[str, Any] = {"title": "Kept"}
    prompter = ScriptedPrompter("Kept?", None)
    engine = Engine(prompter, "both", root=answers)
    engine.ask(Sample, questions_of(Sample)[0], answers)
    assert answers["title"] == "Kept"
    assert "The title is what people call it." in prompter.shown[0]


def test_review_asks_a_whole_group_again_after_answering_only_what_was_missing() -> None:
    from citydata_share.cards.readiness import Readiness

    dimension = {"rating": "medium", "evidence": "ok", "actions": ["a"]}
    answers: dict[str, Any] = {
        name: dict(dimension)
        for name in ("technology", "mindset", "resources", "skills", "operations", "legal")
    }
    answers["notes"] = "n"
    prompter = ScriptedPrompter("technology", "low", None, None, SAVE)
    engine = Engine(prompter, "both", root=answers)
    engine.ask_all(Readiness, answers, only_missing=True)  # everything answered: asks nothing
    assert prompter.asked == []
    assert engine.review(Readiness, answers, title="Readiness", check=no_problems)
    assert answers["technology"]["rating"] == "low"
    assert len(prompter.asked) == 5


def test_an_add_can_be_cancelled_by_leaving_the_first_answer_empty() -> None:
    answers: dict[str, Any] = {"people": [{"name": "Ann", "colour": "red"}]}
    prompter = ScriptedPrompter(ADD, "", DONE)
    Engine(prompter, "both", root=answers).ask(Crew, questions_of(Crew)[0], answers)
    assert answers == {"people": [{"name": "Ann", "colour": "red"}]}


def test_a_question_mark_line_in_a_list_shows_help_and_keeps_the_rest() -> None:
    from citydata_share.cards.reasons import Reasons

    answers: dict[str, Any] = {}
    question = next(q for q in questions_of(Reasons) if q.name == "user_needs")
    prompter = ScriptedPrompter("?\nCut void periods", lambda offered: offered)
    Engine(prompter, "both", root=answers).ask(Reasons, question, answers)
    assert answers["user_needs"] == ["Cut void periods"]
    assert prompter.shown  # the help
    assert prompter.asked[1][1] == "Cut void periods"  # offered again without the "?"


def test_an_add_whose_first_question_is_a_choice_can_be_cancelled() -> None:
    from citydata_share.cards.team import Team
    from citydata_share.wizard.engine import CANCEL

    answers: dict[str, Any] = {}
    question = next(q for q in questions_of(Team) if q.name == "people")
    prompter = ScriptedPrompter(ADD, CANCEL, DONE)
    Engine(prompter, "both", root=answers).ask(Team, question, answers)
    assert answers == {"people": []}
    assert CANCEL in prompter.asked[1][1]  # offered on the role question


def test_an_impossible_date_is_called_impossible() -> None:
    from citydata_share.wizard.values import BadAnswer, accept

    with pytest.raises(BadAnswer, match="no such date as 2026-02-30"):
        accept(Sample, "when", "2026-02-30")


def test_the_review_shows_yes_or_no_not_stored_booleans() -> None:
    from citydata_share.cards.architecture import Architecture

    engine = Engine(ScriptedPrompter(), "both")
    security = next(q for q in questions_of(Architecture) if q.name == "security")
    shown = engine.describe(Architecture, security, {"security": {"access_log": True}})
    assert "true" not in shown.split("; ") and "Yes" in shown.split("; ")
