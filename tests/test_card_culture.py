"""The culture card: actions under the toolkit's four headings, open, overdue and missing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share.cards.base import CardModel
from citydata_share.cards.culture import (
    SUGGESTIONS,
    Culture,
    CultureAction,
    Heading,
    Status,
    actions_by_heading,
    empty_headings,
    open_actions,
    overdue_actions,
    unfiled_actions,
)
from citydata_share.cli.summaries import summary
from citydata_share.cli.summary_culture import culture_summary
from citydata_share.project import ProjectConfig
from citydata_share.questions import missing, questions_of
from citydata_share.registry import BY_ID
from citydata_share.store import Project, load_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
PROJECT = ProjectConfig.model_validate({"name": "Test", "organisation": "Test Council"})
TODAY = dt.date(2024, 6, 15)


def _culture(*actions: dict[str, Any]) -> Culture:
    model = Culture.model_validate({"actions": list(actions)})
    assert isinstance(model, Culture)
    return model


def _action(name: str, heading: str | None, status: str | None, due: str | None = None) -> Any:
    found = {"action": name, "heading": heading, "status": status, "due": due}
    return {k: v for k, v in found.items() if v is not None}


MIXED = _culture(
    _action("Blog", "transparency", "done", "2024-01-31"),
    _action("Publish code", "transparency", "in-progress", "2024-06-14"),  # overdue by a day
    _action("IG training", "training", "planned", "2024-06-15"),  # due today: not overdue
    _action("Slack channel", "technology", "dropped"),
    _action("Show and tell", "meetings-and-events", None, "2024-05-01"),  # no status: planned
    _action("Meet-up", None, "planned"),  # no heading yet, no date
)


def _names(actions: list[Any]) -> list[str]:
    return [a.action for a in actions]


def test_actions_by_heading_in_the_toolkit_order() -> None:
    grouped = actions_by_heading(MIXED)
    assert list(grouped) == list(Heading)
    assert _names(grouped[Heading.TRANSPARENCY]) == ["Blog", "Publish code"]
    assert _names(grouped[Heading.TECHNOLOGY]) == ["Slack channel"]
    assert _names(unfiled_actions(MIXED)) == ["Meet-up"]
    assert actions_by_heading(_culture()) == {h: [] for h in Heading}


def test_open_actions_are_neither_done_nor_dropped() -> None:
    assert _names(open_actions(MIXED)) == [
        "Publish code",
        "IG training",
        "Show and tell",
        "Meet-up",
    ]


def test_overdue_actions_depend_on_today() -> None:
    assert _names(overdue_actions(MIXED, TODAY)) == ["Publish code", "Show and tell"]
    assert _names(overdue_actions(MIXED, TODAY + dt.timedelta(days=1))) == [
        "Publish code",
        "IG training",
        "Show and tell",
    ]
    assert overdue_actions(MIXED, dt.date(2024, 1, 1)) == []  # the done action never counts


def test_headings_with_no_action_dropped_ones_not_counting() -> None:
    assert empty_headings(MIXED) == [Heading.TECHNOLOGY]
    assert empty_headings(_culture()) == list(Heading)
    only_unfiled = _culture(_action("Meet-up", None, "planned"))
    assert empty_headings(only_unfiled) == list(Heading)


def test_every_heading_has_suggestions_from_the_toolkit() -> None:
    assert set(SUGGESTIONS) == set(Heading)
    text = questions_of(CultureAction)[0].ask.help
    for phrase in ("blog", "GitHub", "mandatory IG training", "Slack", "show and tell", "meet-up"):
        assert phrase in text


def test_questions_and_what_is_missing() -> None:
    record = {"action": "Blog", "heading": "transparency", "owner": "CEO", "status": "dropped"}
    assert missing(Culture, {"actions": [record]}, "both") == []  # a dropped action needs no date
    record["status"] = "planned"
    assert missing(Culture, {"actions": [record]}, "both") == ["actions[0].due"]
    assert missing(Culture, {}, "both") == ["actions"]


def test_bad_values_are_clear_errors() -> None:
    with pytest.raises(ValidationError, match="status"):
        _culture(_action("Blog", "transparency", "finished"))
    with pytest.raises(ValidationError, match="heading"):
        _culture(_action("Blog", "gossip", "done"))
    with pytest.raises(ValidationError, match="due"):
        _culture(_action("Blog", "transparency", "done", "2024-02-30"))
    with pytest.raises(ValidationError, match="action"):
        Culture.model_validate({"actions": [{"heading": "training"}]})
    labels = _culture(_action("Blog", "Meetings and events", "In progress"))
    assert labels.actions[0].heading is Heading.MEETINGS
    assert labels.actions[0].status is Status.IN_PROGRESS


def _team(*roles: str) -> dict[str, CardModel]:
    team = BY_ID["team"].model().model_validate({"people": [{"role": r} for r in roles]})
    return {"team": team}


def test_owners_are_checked_against_the_team() -> None:
    model = _culture(
        {"action": "Blog", "owner": "communications  officer"},
        {"action": "Meet-up", "owner": "Mayor"},
        {"action": "Slack"},
    )
    issues = model.cross_check(_team("communications-officer"), PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("actions[1].owner", "'Mayor' (Meet-up) is not on the team card")
    ]
    assert "cds discover team" in (issues[0].hint or "")
    assert model.cross_check({}, PROJECT) == []  # no team card yet: nothing to check against


def _render(parts: Any) -> str:
    console = Console(file=io.StringIO(), width=100)
    console.print(*parts) if isinstance(parts, list) else console.print(parts)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def test_summary_shows_actions_open_overdue_and_gaps() -> None:
    text = _render(culture_summary(MIXED, {}, PROJECT, today=TODAY))
    for heading in ("Transparency", "Training", "Meetings and events", "No heading yet"):
        assert heading in text
    assert "4 open actions, 2 overdue (as of 2024-06-15)." in text
    overdue = text.split("Overdue:")[1]
    assert "Publish code (no owner, 2024-06-14)" in overdue and "IG training" not in overdue
    gaps = text.split("Nothing planned yet under:")[1]
    assert "Technology: e.g. set up a channel the teams share" in gaps
    assert "Transparency" not in gaps


def test_summary_escapes_user_text_and_runs_through_summary() -> None:
    model = _culture(_action("[red]Blog[/]", "transparency", "done", "2024-01-01"))
    text = _render(summary("culture", model, PROJECT))
    assert "[red]Blog[/]" in text
    assert "Overdue:" not in text


def test_the_belfast_card_through_an_answers_file(project: Project) -> None:
    result = run_card(project, "culture", answers_path=BELFAST / "cards" / "culture.yaml")
    assert result.saved and result.missing == []
    model = project.load_card("culture")
    assert isinstance(model, Culture)
    assert empty_headings(model) == []
    assert open_actions(model) == []


def test_the_belfast_card_links_cleanly() -> None:
    belfast = load_project(BELFAST)
    team = belfast.load_card("team")
    model = belfast.load_card("culture")
    assert team is not None and model is not None
    assert model.notes and "illustrative" in model.notes
    assert model.cross_check({"team": team}, belfast.config) == []
