"""The business case card: the Green Book arithmetic, the five cases, links and summary."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share.cards.base import CardModel
from citydata_share.cards.business_case import (
    ESTIMATES_CAVEAT,
    BusinessCase,
    CostBenefit,
    CostOrBenefit,
    Recurrence,
    advice,
    appraise,
    bcr_in_words,
    benefit_cost_ratio,
    case_statuses,
    cash_flows,
    discount_factor,
    discount_rate_text,
    empty_cases,
    item_years,
    pounds,
    present_value,
    strategic_inputs,
    unpriced_benefits,
)
from citydata_share.cards.reasons import Reasons
from citydata_share.cards.team import Team
from citydata_share.cli.summaries import summary
from citydata_share.errors import InvalidFileError
from citydata_share.project import ProjectConfig
from citydata_share.questions import missing, questions_of
from citydata_share.registry import CARDS, get_card
from citydata_share.store import Project, load_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
PROJECT = ProjectConfig.model_validate(
    {
        "name": "Test",
        "organisation": "Test Council",
        "role": "both",
        "partners": [{"name": "Data Partner", "role": "provider"}],
    }
)


def _item(what: str, kind: str = "cost", **fields: Any) -> dict[str, Any]:
    return {"what": what, "kind": kind, "recurrence": "one-off", **fields}


def _case(*items: dict[str, Any], **fields: Any) -> BusinessCase:
    model = BusinessCase.model_validate({"costs_and_benefits": list(items), **fields})
    assert isinstance(model, BusinessCase)
    return model


def _render(parts: Any) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    for part in parts:
        console.print(part)
    return out.getvalue()


def _belfast_cards() -> tuple[Project, dict[str, CardModel]]:
    project = load_project(BELFAST)
    cards = {c.id: project.load_card(c.id) for c in CARDS}
    return project, {k: v for k, v in cards.items() if v is not None}


# Discounting, worked by hand ---------------------------------------------------------------


def test_discount_factor_follows_the_green_book_rates() -> None:
    assert discount_factor(0) == 1.0
    assert discount_factor(1) == pytest.approx(1 / 1.035)
    # 1.035^30 = 2.806793704702633...
    assert discount_factor(30) == pytest.approx(1 / 2.806793704702634, rel=1e-12)
    # From year 31 the rate is 3.0%, compounding on the factor reached at year 30.
    assert discount_factor(31) == pytest.approx(1 / (2.806793704702634 * 1.03), rel=1e-12)
    assert discount_factor(75) == pytest.approx(1 / (1.035**30 * 1.03**45), rel=1e-12)
    assert discount_factor(31) / discount_factor(30) == pytest.approx(1 / 1.03)
    for year in (-1, 76):
        with pytest.raises(ValueError, match="from 0 to 75"):
            discount_factor(year)


def test_present_values_worked_by_hand() -> None:
    # 1000 in year 0 and 1000 in year 1 as costs; 1000 in year 31 as a benefit.
    #   year 0:  1000 / 1                       = 1000
    #   year 1:  1000 / 1.035                   =  966.1835748792271
    #   year 31: 1000 / (1.035^30 * 1.03)       =  345.9013695167976
    model = _case(
        _item("Set-up", amount=1000, first_year=0),
        _item("Second year", amount=1000, first_year=1),
        _item("Late benefit", "benefit", monetised=True, amount=1000, first_year=31),
        appraisal_period=32,
    )
    result = appraise(model)
    assert result.costs == 2000
    assert result.benefits == 1000
    assert result.pv_costs == pytest.approx(1966.1835748792271, rel=1e-12)
    assert result.pv_benefits == pytest.approx(345.9013695167976, rel=1e-12)
    assert result.npsv == pytest.approx(345.9013695167976 - 1966.1835748792271, rel=1e-12)
    assert result.npsv == pytest.approx(-1620.2822053624294, rel=1e-12)
    assert result.bcr == pytest.approx(0.17592526656014031, rel=1e-12)
    assert present_value(1000, 1) == pytest.approx(966.1835748792271, rel=1e-12)
    figures = {f.item.what: f for f in result.items}
    assert figures["Second year"].present_value == pytest.approx(966.1835748792271)
    assert figures["Late benefit"].years == (31,)
    assert result.warnings == []


def test_benefit_cost_ratio_and_npsv_without_costs() -> None:
    model = _case(
        _item("Rates", "benefit", recurrence="recurring", amount=100, first_year=0, last_year=1)
    )
    result = appraise(model)
    assert result.pv_costs == 0
    assert result.npsv == pytest.approx(100 + 100 / 1.035)
    assert result.bcr is None
    assert bcr_in_words(result.bcr) == "not defined: no costs are recorded"
    assert benefit_cost_ratio(50, 0) is None
    assert benefit_cost_ratio(300, 100) == 3
    assert bcr_in_words(2.5).startswith("2.50: every £1 of cost brings £2.50")


def test_recurring_items_expand_into_years_and_one_off_items_do_not() -> None:
    one_off = CostBenefit.model_validate(_item("Set-up", amount=10, first_year=3))
    assert item_years(one_off, 10) == [3]
    recurring = CostBenefit.model_validate(
        _item("Licence", recurrence="recurring", amount=10, first_year=2, last_year=4)
    )
    assert item_years(recurring, 10) == [2, 3, 4]
    open_ended = CostBenefit.model_validate(
        _item("Hosting", recurrence="recurring", amount=10, first_year=7)
    )
    assert item_years(open_ended, 10) == [7, 8, 9]  # to the end of the appraisal period
    late = CostBenefit.model_validate(_item("Late", recurrence="recurring", first_year=12))
    assert item_years(late, 10) == [12]
    assert item_years(CostBenefit.model_validate({"what": "No year"}), 10) == []


def test_cash_flows_add_items_year_by_year() -> None:
    model = _case(
        _item("Set-up", amount=50, first_year=0),
        _item("Support", recurrence="recurring", amount=100, first_year=1, last_year=3),
        _item("Savings", "benefit", recurrence="recurring", amount=80, first_year=2),
        appraisal_period=5,
    )
    flows = cash_flows(model)
    assert [f.year for f in flows] == [0, 1, 2, 3, 4]
    assert [f.costs for f in flows] == [50, 100, 100, 100, 0]
    assert [f.benefits for f in flows] == [0, 0, 80, 80, 80]
    assert [f.net for f in flows] == [-50, -100, -20, -20, 80]
    assert flows[2].pv_costs == pytest.approx(100 / 1.035**2)
    assert flows[4].pv_benefits == pytest.approx(80 / 1.035**4)
    result = appraise(model)
    assert (result.costs, result.benefits) == (350, 240)
    assert result.pv_costs == pytest.approx(sum(f.pv_costs for f in flows))


def test_items_past_the_appraisal_period_are_cut_and_said_so() -> None:
    model = _case(
        _item("Upkeep", recurrence="recurring", amount=10, first_year=8, last_year=12),
        _item("Far off", amount=99, first_year=15),
        appraisal_period=10,
    )
    result = appraise(model)
    assert result.costs == 20  # years 8 and 9 only
    assert [f.years for f in result.items] == [(8, 9), ()]
    first, second = result.warnings
    assert first.field == "costs_and_benefits[0].last_year"
    assert "past the appraisal period (years 0-9)" in first.message
    assert "for years 10-12" in first.message
    assert second.field == "costs_and_benefits[1].first_year"
    assert "entirely" in second.message
    assert "Lengthen the appraisal period" in second.hint


def test_incomplete_items_are_not_counted_and_say_why() -> None:
    model = _case(
        {"what": "Unsorted", "amount": 5, "first_year": 0},
        _item("No amount", first_year=0),
        _item("No year", amount=5),
        _item("Counted", amount=5, first_year=0),
    )
    result = appraise(model)
    assert [f.item.what for f in result.items] == ["Counted"]
    assert [w.field for w in result.warnings] == [
        "costs_and_benefits[0].kind",
        "costs_and_benefits[1].amount",
        "costs_and_benefits[2].first_year",
    ]


def test_benefits_without_a_price_are_listed_apart() -> None:
    model = _case(
        _item("Better data", "benefit", monetised=False, amount=500, first_year=0),
        _item("Rates", "benefit", monetised=True, amount=100, first_year=0),
    )
    assert [b.what for b in unpriced_benefits(model)] == ["Better data"]
    result = appraise(model)
    assert [b.what for b in result.unpriced_benefits] == ["Better data"]
    assert result.benefits == 100  # the unpriced benefit's stray amount is not counted


def test_answers_that_no_longer_apply_are_dropped() -> None:
    unpriced = CostBenefit.model_validate(
        _item("Trust", "benefit", monetised=False, amount=500, first_year=0)
    )
    assert unpriced.amount is None and not unpriced.priced
    cost = CostBenefit.model_validate(_item("Fee", monetised=False, amount=5, first_year=0))
    assert cost.monetised is None and cost.priced and cost.amount == 5
    one_off = CostBenefit.model_validate(_item("Set-up", amount=5, first_year=2, last_year=9))
    assert one_off.last_year is None


def test_pounds_rounds_only_for_display() -> None:
    assert pounds(1234.6) == "£1,235"
    assert pounds(-800.2) == "-£800"
    assert pounds(0) == "£0"
    assert pounds(1_000_000) == "£1,000,000"


def test_discount_rate_text_names_the_later_rate_only_when_it_applies() -> None:
    assert discount_rate_text(10) == "3.5% a year"
    assert discount_rate_text(31) == "3.5% a year"  # years 0-30
    assert discount_rate_text(40) == "3.5% a year to year 30, then 3.0% a year after"


# Validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (_item("Refund", amount=-5, first_year=0), "cannot be negative"),
        (_item("Too late", amount=5, first_year=76), "beyond year 75"),
        (_item("Too early", amount=5, first_year=-1), "years count from 0"),
        (
            _item("Backwards", recurrence="recurring", amount=5, first_year=4, last_year=2),
            "ends in year 2, before it starts in year 4",
        ),
        (_item("Odd", kind="saving", amount=5), "kind"),
    ],
)
def test_bad_items_are_refused_with_a_clear_message(item: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _case(item)


@pytest.mark.parametrize("period", [0, 77])
def test_appraisal_period_must_fit_the_discount_rates(period: int) -> None:
    with pytest.raises(ValidationError, match="1 to 76 years"):
        _case(appraisal_period=period)


def test_defaults_and_labels_are_accepted() -> None:
    model = _case(
        {"what": "Licence", "kind": "Cost", "recurrence": "Recurring, every year", "amount": 1}
    )
    assert model.appraisal_period == 10
    assert model.costs_and_benefits[0].recurrence is Recurrence.RECURRING
    assert model.costs_and_benefits[0].kind is CostOrBenefit.COST
    assert get_card("business-case").model() is BusinessCase


# Questions by role ---------------------------------------------------------------------------


def test_commercial_questions_differ_for_providers_and_receivers() -> None:
    empty_groups = BusinessCase.empty().model_dump(mode="json")  # as a saved card is checked
    provider = missing(BusinessCase, empty_groups, "provider")
    receiver = missing(BusinessCase, empty_groups, "receiver")
    assert "commercial.licence" in provider and "commercial.licence" not in receiver
    assert "commercial.sources_compared" in receiver
    assert "commercial.sources_compared" not in provider
    both = missing(BusinessCase, empty_groups, "both")
    assert {"commercial.licence", "commercial.sources_compared"} <= set(both)
    by_name = {q.name: q for q in questions_of(BusinessCase)}
    items = by_name["costs_and_benefits"]
    assert "provide the data" in items.prompt_for("provider")
    assert "cleaning" in items.prompt_for("receiver")
    assert by_name["consulted"].ask.pick == "people"
    assert by_name["signs_off"].ask.pick == "people"


def test_follow_up_questions_appear_only_when_they_apply() -> None:
    case = {"commercial": {"charge": True}, "financial": {"funding": "further-funding"}}
    gaps = missing(BusinessCase, case, "provider")
    assert "commercial.charging_structure" in gaps
    assert "financial.further_funding" in gaps
    assert "estimation_note" not in gaps  # no costs or benefits yet
    unpriced = {"what": "Trust", "kind": "benefit", "monetised": False}
    priced = {"what": "Fee", "kind": "cost", "recurrence": "recurring"}
    gaps = missing(BusinessCase, {"costs_and_benefits": [unpriced, priced]}, "provider")
    assert "estimation_note" in gaps
    # A benefit without a price is asked no amount and no years; a cost is asked both.
    assert [g for g in gaps if g.startswith("costs_and_benefits")] == [
        "costs_and_benefits[1].amount",
        "costs_and_benefits[1].first_year",
    ]


# The five cases and advice -----------------------------------------------------------------


def test_empty_cases_are_named_and_counted_for_the_role() -> None:
    assert [c.label for c in empty_cases(BusinessCase.empty(), "both")] == [  # type: ignore[arg-type]
        "Strategic case",
        "Economic case",
        "Commercial case",
        "Financial case",
        "Management case",
    ]
    model = _case(
        _item("Set-up", amount=5, first_year=0),
        strategic={"case_for_change": "Missing rates"},
        commercial={"sources_compared": [{"source": "Directory"}]},
    )
    # The economic case counts its costs and benefits; receiver-only answers count only
    # for a receiver.
    assert [c.field for c in empty_cases(model, "provider")] == [
        "commercial",
        "financial",
        "management",
    ]
    assert [c.field for c in empty_cases(model, "receiver")] == ["financial", "management"]
    counts = {c.field: c.answered for c in case_statuses(model, "both")}
    assert counts == {
        "strategic": 1,
        "economic": 1,
        "commercial": 1,
        "financial": 0,
        "management": 0,
    }


def test_advice_on_options_and_self_funding() -> None:
    assert advice(BusinessCase.empty()) == []  # type: ignore[arg-type]
    two = _case(economic={"options": [{"name": "Do nothing"}, {"name": "Share"}]})
    messages = [a.message for a in advice(two)]
    assert any("at least three options" in m for m in messages)
    assert any("Mark the option you recommend" in m for m in messages)
    many = _case(
        economic={
            "options": [
                {"name": "Do nothing"},
                {"name": "A", "preferred": True},
                {"name": "B", "preferred": True},
            ]
        }
    )
    assert [a.message for a in advice(many)] == [
        "More than one option is marked preferred (A, B): the economic case should recommend one."
    ]
    unpaid = _case(
        _item("Set-up", amount=100, first_year=0),
        _item("Rates", "benefit", amount=50, first_year=0),
        financial={"funding": "self-funding"},
    )
    (found,) = advice(unpaid)
    assert found.field == "financial.funding"
    assert "(£50) are less than the costs (£100)" in found.message
    paid = _case(
        _item("Set-up", amount=100, first_year=0),
        _item("Rates", "benefit", amount=150, first_year=0),
        financial={"funding": "self-funding"},
    )
    assert advice(paid) == []
    no_figures = _case(_item("Set-up", first_year=0))
    assert [a.field for a in advice(no_figures)] == ["costs_and_benefits"]


def test_strategic_inputs_come_from_the_reasons_card() -> None:
    assert strategic_inputs({}) is None
    reasons = Reasons.model_validate(
        {"user_needs": ["Find premises"], "organisational_aims": ["Collect rates"]}
    )
    found = strategic_inputs({"reasons": reasons})
    assert found is not None
    assert found.user_needs == ["Find premises"]
    assert found.aims == ["Collect rates"]
    assert found.policy_links == []


# Links to other cards ------------------------------------------------------------------------


def _team() -> Team:
    team = Team.model_validate(
        {"people": [{"role": "chief-executive"}, {"role": "head-of-it", "name": "Ana Diaz"}]}
    )
    assert isinstance(team, Team)
    return team


def test_cross_check_people_against_the_team_card() -> None:
    model = _case(
        consulted=["ana  diaz", "Head of IT", "Finance Director"],
        signs_off=["chief executive"],
        management={"milestones": [{"name": "Go live", "owner": "Bob"}]},
    )
    issues = model.cross_check({"team": _team()}, PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("consulted[2]", "'Finance Director' is not on the team card"),
        ("management.milestones[0].owner", "'Bob' is not on the team card"),
    ]
    assert "cds discover team" in (issues[0].hint or "")
    assert model.cross_check({}, PROJECT) == []  # no team card yet: nothing to compare


def test_cross_check_organisations_against_the_project() -> None:
    from citydata_share.cards.ecosystem import Ecosystem

    model = _case(
        _item("Hosting", amount=5, first_year=0, who=["test council", "Cloud Co", "Mystery Ltd"]),
        financial={"who_pays": ["Data Partner", "Funder"]},
    )
    issues = model.cross_check({}, PROJECT)
    assert [i.field for i in issues] == [
        "financial.who_pays[1]",
        "costs_and_benefits[0].who[1]",
        "costs_and_benefits[0].who[2]",
    ]
    assert issues[0].message == "'Funder' is not one of the project's organisations"
    assert "cds discover ecosystem" in (issues[0].hint or "")
    ecosystem = Ecosystem.model_validate({"organisations": [{"name": "Cloud Co"}]})
    with_ecosystem = model.cross_check({"ecosystem": ecosystem}, PROJECT)
    assert [i.field for i in with_ecosystem] == [
        "financial.who_pays[1]",
        "costs_and_benefits[0].who[2]",
    ]


# Summary -----------------------------------------------------------------------------------


def test_summary_of_the_belfast_business_case() -> None:
    project, cards = _belfast_cards()
    text = _render(summary("business-case", cards["business-case"], project, cards))
    assert "Costs and benefits" in text
    assert "Total costs" in text and "£122,000" in text and "£120,394" in text
    assert "Total benefits" in text and "£360,000" in text and "£330,577" in text
    assert "£90,000 a year" in text
    assert "Net present social value: £210,183" in text
    assert "Benefit-cost ratio: 2.75" in text
    assert "Benefits without a price" in text
    assert "A more complete and accurate valuation list (Land & Property Services)" in text
    assert "All five cases have answers." in text
    assert "3 user needs" in text
    assert "optimism bias" in text
    assert "Links to other cards" not in text  # every name is on the other cards


def test_summary_of_an_early_draft_shows_what_is_missing() -> None:
    model = _case(
        _item("Rates [bold]", "benefit", amount=100, first_year=12),
        _item("Goodwill", "benefit", monetised=False),
        consulted=["Nobody Known"],
    )
    team = _team()
    text = _render(summary("business-case", model, PROJECT, {"team": team}))
    assert "Rates [bold]" in text  # user text is never read as markup
    assert "runs past the appraisal period (years 0-9)" in text
    assert "not defined: no costs are recorded" in text
    assert "Goodwill" in text
    assert (
        "Cases with no answers yet: Strategic case, Commercial case, Financial case, "
        "Management case." in text
    )
    assert "fill it with `cds discover reasons`" in text
    assert "'Nobody Known' is not on the team card" in text
    assert ESTIMATES_CAVEAT[:40] in text
    empty = _render(summary("business-case", BusinessCase.empty(), PROJECT, {}))
    assert "No cost or benefit has a figure yet." in empty


# Through an answers file -------------------------------------------------------------------


@pytest.fixture
def belfast_copy(tmp_path: Path) -> Project:
    root = tmp_path / "belfast"
    shutil.copytree(BELFAST, root, ignore=shutil.ignore_patterns("reports"))
    (root / "cards" / "business-case.yaml").unlink()
    return load_project(root)


def test_the_belfast_card_fills_the_card_through_an_answers_file(belfast_copy: Project) -> None:
    run = run_card(
        belfast_copy, "business-case", answers_path=BELFAST / "cards" / "business-case.yaml"
    )
    assert run.saved and run.missing == []
    saved = belfast_copy.load_card("business-case")
    assert isinstance(saved, BusinessCase)
    assert saved.appraisal_period == 5
    assert len(saved.costs_and_benefits) == 9
    assert appraise(saved).npsv == pytest.approx(210183, abs=1)
    cards = {c.id: belfast_copy.load_card(c.id) for c in CARDS}
    known = {k: v for k, v in cards.items() if v is not None}
    assert saved.cross_check(known, belfast_copy.config) == []


def test_an_answers_file_with_a_bad_year_names_the_line(project: Project, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "card: business-case\n"
        "costs_and_benefits:\n"
        "  - what: Hosting\n"
        "    kind: cost\n"
        "    recurrence: recurring\n"
        "    amount: 100\n"
        "    first_year: 80\n"
    )
    with pytest.raises(InvalidFileError) as caught:
        run_card(project, "business-case", answers_path=answers)
    (problem,) = caught.value.problems
    assert problem.line == 7
    assert "beyond year 75" in problem.message
    assert project.load_card("business-case") is None


def test_a_partial_answers_file_is_saved_with_what_is_missing(
    project: Project, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "costs_and_benefits:\n"
        "  - what: Analyst time\n"
        "    kind: Cost\n"
        "    recurrence: One-off\n"
        "    amount: 2000\n"
        "    first_year: 0\n"
        "    who: [Test Council]\n"
    )
    run = run_card(project, "business-case", answers_path=answers)
    assert run.saved
    assert "estimation_note" in run.missing and "process" in run.missing
    assert "economic.options" in run.missing
    saved = project.load_card("business-case")
    assert isinstance(saved, BusinessCase)
    assert appraise(saved).costs == 2000
    text = _render(summary("business-case", saved, project, {}))
    assert "Cases with no answers yet: Strategic case, Commercial case" in text
