"""The review-and-retire card (cds's addition): review dates, end-of-share actions, retirement."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share.cards.base import CardModel
from citydata_share.cards.review import (
    Review,
    add_months,
    fully_retired,
    next_review_date,
    outstanding_end_actions,
    overdue_end_actions,
    retirement_gaps,
    review_due,
    review_overdue,
)
from citydata_share.cli.summaries import summary
from citydata_share.cli.summary_review import review_summary
from citydata_share.project import ProjectConfig
from citydata_share.questions import missing
from citydata_share.registry import ADDITION_NOTE, BY_ID
from citydata_share.store import Project, load_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
PROJECT = ProjectConfig.model_validate(
    {
        "name": "Test",
        "organisation": "Test Council",
        "partners": [{"name": "Water Co", "role": "receiver"}],
    }
)
TODAY = dt.date(2024, 6, 15)
DELETED = {
    "party": "Water Co",
    "action": "delete",
    "by_when": "2024-05-31",
    "confirmed": True,
    "confirmed_on": "2024-05-20",
    "evidence": "Email",
}
RETURNED = {
    "party": "Test Council",
    "action": "return",
    "by_when": "2024-06-30",
    "confirmed": False,
}
RETIRED = {
    "end_actions": [DELETED],
    "access_revoked": True,
    "access_revoked_on": "2024-05-01",
    "access_revoked_by": "Head of IT",
    "retirement_confirmed": True,
    "retirement_confirmed_by": "Head of Service",
    "retirement_confirmed_on": "2024-06-01",
}


def _review(**answers: Any) -> Review:
    model = Review.model_validate(answers)
    assert isinstance(model, Review)
    return model


# Review dates --------------------------------------------------------------------------------


def test_add_months_worked_by_hand() -> None:
    assert add_months(dt.date(2017, 1, 31), 3) == dt.date(2017, 4, 30)  # April has 30 days
    assert add_months(dt.date(2015, 11, 30), 3) == dt.date(2016, 2, 29)  # a leap year
    assert add_months(dt.date(2016, 12, 31), 1) == dt.date(2017, 1, 31)  # into a new year
    assert add_months(dt.date(2016, 11, 15), 1) == dt.date(2016, 12, 15)  # December itself
    assert add_months(dt.date(2016, 12, 15), 12) == dt.date(2017, 12, 15)


def test_next_review_date() -> None:
    assert next_review_date(_review(next_review="2024-09-01")) == dt.date(2024, 9, 1)
    worked = _review(last_reviewed="2024-01-31", review_every="quarterly")
    assert next_review_date(worked) == dt.date(2024, 4, 30)
    both = _review(next_review="2024-07-01", last_reviewed="2024-01-31", review_every="yearly")
    assert next_review_date(both) == dt.date(2024, 7, 1)  # a date set wins
    assert next_review_date(_review(last_reviewed="2024-01-31", review_every="milestones")) is None
    assert next_review_date(_review(review_every="monthly")) is None  # no review yet
    assert next_review_date(_review()) is None


def test_review_overdue_depends_on_today_and_retirement() -> None:
    model = _review(next_review="2024-06-10")
    due = review_due(model, TODAY)
    assert due.overdue and due.days_overdue == 5 and due.date == dt.date(2024, 6, 10)
    assert not review_overdue(model, dt.date(2024, 6, 10))  # due today is not overdue
    assert not review_overdue(_review(), TODAY)  # no date: nothing to be late for
    retired = _review(next_review="2024-06-10", **RETIRED)
    assert not review_overdue(retired, TODAY)  # a retired share has no reviews left
    assert review_due(retired, TODAY).date == dt.date(2024, 6, 10)


# End of share and retirement -------------------------------------------------------------------


def test_outstanding_and_overdue_end_actions() -> None:
    late = {**RETURNED, "by_when": "2024-06-01"}
    model = _review(end_actions=[DELETED, RETURNED, late, {"party": "Gas Co"}])
    assert [e.party for e in outstanding_end_actions(model)] == [
        "Test Council",
        "Test Council",
        "Gas Co",
    ]
    overdue = overdue_end_actions(model, TODAY)
    assert [e.by_when for e in overdue] == [dt.date(2024, 6, 1)]  # no deadline: never overdue


def test_fully_retired_needs_every_part() -> None:
    assert fully_retired(_review(**RETIRED))
    assert retirement_gaps(_review(**RETIRED)) == []
    gaps = retirement_gaps(_review(**{**RETIRED, "end_actions": [DELETED, RETURNED]}))
    assert gaps == ["Test Council has not confirmed: return it."]
    assert retirement_gaps(_review(**{**RETIRED, "access_revoked": False})) == [
        "Access to the shared data has not been revoked."
    ]
    assert retirement_gaps(_review(**{**RETIRED, "retirement_confirmed": None})) == [
        "The retirement has not been confirmed."
    ]
    assert retirement_gaps(_review(**{**RETIRED, "end_actions": []})) == [
        "No party's end-of-share action is recorded."
    ]
    assert len(retirement_gaps(_review())) == 3


def test_other_action_is_named_in_words() -> None:
    other = {"party": "Water Co", "action": "other", "action_other": "Anonymise it"}
    model = _review(end_actions=[other, {"party": "Gas Co", "action": "other"}])
    assert [e.action_label for e in model.end_actions] == ["Anonymise it", "Something else"]
    assert _review(end_actions=[{"party": "X"}]).end_actions[0].action_label == "not decided"


# Questions and validation ----------------------------------------------------------------------


def test_follow_up_questions_only_after_a_yes() -> None:
    base = {
        "review_every": "yearly",
        "review_criteria": ["Still needed"],
        "retirement_triggers": ["Project ends"],
        "end_actions": [{"party": "Water Co", "action": "delete", "confirmed": False}],
        "access_revoked": False,
        "retirement_confirmed": False,
    }
    assert missing(Review, base, "both") == []
    said_yes = {
        **base,
        "end_actions": [{"party": "Water Co", "action": "delete", "confirmed": True}],
        "access_revoked": True,
        "retirement_confirmed": True,
    }
    assert missing(Review, said_yes, "both") == [
        "end_actions[0].confirmed_on",
        "access_revoked_on",
        "access_revoked_by",
        "retirement_confirmed_by",
        "retirement_confirmed_on",
    ]


def test_answers_left_after_a_yes_became_a_no_play_no_part() -> None:
    stale = {**RETIRED, "access_revoked": False, "retirement_confirmed": False}
    model = _review(**stale)
    assert not fully_retired(model)
    team = _team("head-of-service")  # "Head of IT" is not on it, but is no longer an answer
    assert model.cross_check(team, PROJECT) == []


def test_bad_values_are_clear_errors() -> None:
    with pytest.raises(ValidationError, match="action"):
        _review(end_actions=[{"party": "Water Co", "action": "burn"}])
    with pytest.raises(ValidationError, match="party"):
        _review(end_actions=[{"action": "delete"}])
    with pytest.raises(ValidationError, match="planned_end"):
        _review(planned_end="2024-02-30")
    with pytest.raises(ValidationError, match="review_every"):
        _review(review_every="fortnightly")
    with pytest.raises(ValidationError, match=r"next review \(2024-01-01\) is before the last"):
        _review(next_review="2024-01-01", last_reviewed="2024-03-01")
    labels = _review(
        review_every="Every three months", end_actions=[{"party": "X", "action": "Archive it"}]
    )
    assert labels.review_every is not None and labels.review_every.value == "quarterly"


# Links to other cards -------------------------------------------------------------------------


def _team(*roles: str) -> dict[str, CardModel]:
    team = BY_ID["team"].model().model_validate({"people": [{"role": r} for r in roles]})
    return {"team": team}


def test_cross_check_parties_and_people() -> None:
    model = _review(
        **{
            **RETIRED,
            "end_actions": [DELETED, {"party": "water  co"}, {"party": "Gas Co"}],
            "access_revoked_by": "Caretaker",
        }
    )
    issues = model.cross_check(_team("head-of-service"), PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("end_actions[2].party", "'Gas Co' is not an organisation of the project"),
        ("access_revoked_by", "'Caretaker' is not on the team card"),
    ]
    assert "cds discover ecosystem" in (issues[0].hint or "")
    assert [i.field for i in model.cross_check({}, PROJECT)] == ["end_actions[2].party"]


# The addition note, and the summary ---------------------------------------------------------


def test_the_card_says_it_is_cds_addition() -> None:
    assert not BY_ID["review"].toolkit
    assert Review.guidance.startswith(ADDITION_NOTE)


def _render(parts: Any) -> str:
    console = Console(file=io.StringIO(), width=100)
    console.print(*parts) if isinstance(parts, list) else console.print(parts)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return " ".join(out.split())


def test_summary_of_a_share_still_running() -> None:
    model = _review(
        next_review="2024-06-10",
        review_every="quarterly",
        review_criteria=["[b]Still[/] needed"],
        end_actions=[DELETED, {**RETURNED, "by_when": "2024-06-01"}],
        access_revoked=False,
    )
    text = _render(review_summary(model, {}, PROJECT, today=TODAY))
    assert ADDITION_NOTE in text
    assert "Next review 2024-06-10 (overdue by 5 days)" in text
    assert "Reviewed Every three months" in text
    assert "[b]Still[/] needed" in text
    assert "Access revoked not yet" in text
    assert "Water Co" in text and "yes, 2024-05-20" in text
    assert "Before the share is retired:" in text
    assert "Test Council has not confirmed: return it." in text


def test_summary_of_a_retired_share() -> None:
    text = _render(summary("review", _review(**RETIRED), PROJECT))
    assert "The share is retired: confirmed by Head of Service on 2024-06-01." in text
    assert "Access revoked yes, on 2024-05-01 by Head of IT" in text
    assert "Next review not set" in text
    assert "Before the share is retired" not in text


def test_the_belfast_card_through_an_answers_file(project: Project) -> None:
    result = run_card(project, "review", answers_path=BELFAST / "cards" / "review.yaml")
    assert result.saved and result.missing == []
    model = project.load_card("review")
    assert isinstance(model, Review)
    assert fully_retired(model)
    assert {e.action.value for e in model.end_actions if e.action} == {"delete", "other"}


def test_the_belfast_card_links_cleanly_and_says_what_is_illustrative() -> None:
    belfast = load_project(BELFAST)
    cards = {c: m for c in ("team", "ecosystem") if (m := belfast.load_card(c)) is not None}
    model = belfast.load_card("review")
    assert model is not None and model.notes
    assert "cds's addition" in model.notes and "illustrative" in model.notes
    assert "remove the data from their systems" in model.notes
    assert model.cross_check(cards, belfast.config) == []
