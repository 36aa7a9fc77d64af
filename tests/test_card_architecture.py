"""The architecture card: patterns, each advice rule at its boundary, links, summary, files."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share import yamlio
from citydata_share.cards.architecture import (
    BY_HUMAN_EFFORT,
    Architecture,
    CurrentPattern,
    DataFlow,
    SharingPattern,
)
from citydata_share.cards.architecture_advice import (
    Advice,
    AdviceLevel,
    AdviceRule,
    advice_by_level,
    architecture_advice,
    flow_data,
    is_ongoing,
    pattern_change,
    pattern_changes,
    share_frequency,
    step_between,
)
from citydata_share.cards.base import CardModel
from citydata_share.cards.data_systems import DataSystems
from citydata_share.cards.ecosystem import Ecosystem
from citydata_share.cli.summaries import summary
from citydata_share.progress import check_project
from citydata_share.project import Frequency, PersonalData, ProjectConfig
from citydata_share.questions import missing, questions_of
from citydata_share.store import open_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).parent.parent / "examples" / "belfast"
P = SharingPattern

PROJECT = ProjectConfig.model_validate(
    {
        "name": "Test",
        "organisation": "Test Council",
        "role": "both",
        "partners": [{"name": "Partner Ltd", "role": "receiver"}],
        "frequency": "one-off",
        "personal_data": "no",
    }
)
DATA = DataSystems.model_validate(
    {
        "datasets": [
            {"title": "Personal", "personal_data": "yes"},
            {"title": "Unsure", "personal_data": "unsure"},
            {"title": "Places", "personal_data": "no", "publication_status": "not-published"},
            {"title": "Open places", "personal_data": "no", "publication_status": "open"},
            {"title": "Reported", "personal_data": "no", "publication_status": "published-other"},
            {"title": "Unanswered"},
        ]
    }
)
CARDS: dict[str, CardModel] = {"data-systems": DATA}


def _card(*flows: dict[str, Any], **answers: Any) -> Architecture:
    return Architecture.model_validate({"flows": list(flows), **answers})


def _flow(dataset: str = "Places", **answers: Any) -> dict[str, Any]:
    return {"dataset": dataset, **answers}


def _advice(
    model: Architecture,
    project: ProjectConfig | None = PROJECT,
    cards: dict[str, CardModel] | None = None,
) -> list[Advice]:
    return architecture_advice(model, CARDS if cards is None else cards, project)


def _rules(model: Architecture, **kwargs: Any) -> list[AdviceRule]:
    return [a.rule for a in _advice(model, **kwargs)]


def _only(model: Architecture, rule: AdviceRule, **kwargs: Any) -> Advice:
    (found,) = [a for a in _advice(model, **kwargs) if a.rule is rule]
    return found


# The eight patterns ----------------------------------------------------------------------


def test_the_eight_patterns_carry_the_toolkits_numbers() -> None:
    assert [p.number for p in SharingPattern] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert SharingPattern.API.label == "(8) Through an API"
    assert SharingPattern.INTERNET.in_words == "pattern 3 (one-off over the internet)"


def test_the_ranking_by_human_effort_is_the_toolkits() -> None:
    assert [p.number for p in BY_HUMAN_EFFORT] == [1, 2, 5, 6, 3, 4, 7, 8]


@pytest.mark.parametrize("typed", [8, "8", "(8)", " 8. ", "api", "API", "(8) Through an API"])
def test_a_pattern_can_be_written_by_number_or_label(typed: object) -> None:
    flow = DataFlow.model_validate({"dataset": "x", "target_pattern": typed})
    assert flow.target_pattern is SharingPattern.API
    assert flow.model_dump(mode="json")["target_pattern"] == "api"


def test_current_pattern_is_one_of_the_eight_or_not_yet() -> None:
    assert [c.value for c in CurrentPattern][1:] == [p.value for p in SharingPattern]
    assert CurrentPattern("not-yet").pattern is None
    assert CurrentPattern(6).pattern is SharingPattern.PHYSICAL_MEDIA
    assert DataFlow(dataset="x", current_pattern=CurrentPattern.NOT_YET).current is None


@pytest.mark.parametrize(
    ("answers", "where"),
    [
        ({"target_pattern": 9}, "target_pattern"),
        ({"target_pattern": "not-yet"}, "target_pattern"),  # only today's pattern can be none
        ({"frequency": "fortnightly"}, "frequency"),
        ({"receiver_can_consume": "perhaps"}, "receiver_can_consume"),
        ({"no_such": 1}, "no_such"),
    ],
)
def test_bad_flow_answers_are_refused_naming_the_field(answers: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _card(_flow(**answers))
    assert where in str(caught.value)


def test_investment_cannot_be_negative() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Architecture.model_validate({"current_systems": {"investment_needed": -1}})
    card = Architecture.model_validate({"current_systems": {"investment_needed": "1500.50"}})
    assert card.current_systems.investment_needed == 1500.5


def test_flows_pick_datasets_and_organisations_and_name_their_record() -> None:
    questions = {q.name: q for q in questions_of(DataFlow)}
    assert questions["dataset"].ask.pick == "datasets"
    assert "{record}" not in questions["dataset"].prompt
    assert questions["from_organisation"].ask.pick == "organisations"
    assert questions["to_organisation"].ask.pick == "organisations"
    later = [q for name, q in questions.items() if name != "dataset"]
    assert all("{record}" in q.prompt for q in later)


def test_what_an_empty_card_still_needs() -> None:
    gaps = missing(Architecture, Architecture.empty().model_dump(mode="json"), "both")
    assert gaps == [
        "drivers.our_systems",
        "drivers.partner_systems",
        "drivers.data_changes",
        "drivers.sensitivity",
        "flows",
        "current_systems.usable",
        "current_systems.cost_comparison",
        "sustainability.upkeep_paid_by",
        "build.approach",
        "build.skills_in_house",
        "security.meets_requirements",
        "security.ncsc_guidance",
        "security.nis_applies",
        "security.access_control",
        "security.access_log",
    ]


def test_upkeep_is_not_asked_of_a_one_off_share() -> None:
    one_off = {"sustainability": {"frequency": "one-off"}}
    assert "sustainability.upkeep_paid_by" not in missing(Architecture, one_off, "both")
    ongoing = {"sustainability": {"frequency": "ongoing"}}
    assert "sustainability.upkeep_paid_by" in missing(Architecture, ongoing, "both")


# Current -> target -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target", "text"),
    [
        ("physical-media", "api", "6 -> 8: less human effort"),
        ("internet", "analogue", "3 -> 5: more human effort"),
        ("third-party", "third-party", "4 -> 4: no change"),
        ("not-yet", "open-publication", "none -> 7: a new flow"),
        (None, "in-person", "none -> 1: a new flow"),
        ("physical-media", None, "6 -> ?: no target chosen yet"),
    ],
)
def test_pattern_change(current: str | None, target: str | None, text: str) -> None:
    flow = DataFlow.model_validate(
        {"dataset": "x", "current_pattern": current, "target_pattern": target}
    )
    assert pattern_change(flow).text == text


def test_pattern_changes_are_in_flow_order() -> None:
    card = _card(_flow("a", target_pattern=8), _flow("b", target_pattern=1))
    assert [(c.dataset, c.target) for c in pattern_changes(card)] == [
        ("a", P.API),
        ("b", P.IN_PERSON),
    ]


def test_step_between_is_the_nearest_to_the_target() -> None:
    assert step_between(P.PHYSICAL_MEDIA, P.API) is P.OPEN_PUBLICATION
    assert step_between(P.PHYSICAL_MEDIA, P.API, avoid_open=True) is P.THIRD_PARTY
    assert step_between(None, P.INTERNET) is P.PHYSICAL_MEDIA
    assert step_between(P.INTERNET, P.THIRD_PARTY) is None  # next to each other
    assert step_between(P.API, P.INTERNET) is None  # the target needs more effort
    assert step_between(None, P.IN_PERSON) is None


# Where the data's answers come from ------------------------------------------------------


def test_flow_data_reads_the_data_systems_card_by_loose_name() -> None:
    data = flow_data(DataFlow(dataset="  open   PLACES "), CARDS, PROJECT)
    assert data.on_card and data.openly_available
    assert data.personal is PersonalData.NO and data.personal_from == "the data-systems card"


def test_flow_data_falls_back_to_cds_yaml_then_to_not_sure() -> None:
    data = flow_data(DataFlow(dataset="Unanswered"), CARDS, PROJECT)
    assert data.on_card and data.personal is PersonalData.NO
    assert data.personal_from == "cds.yaml's answer for the whole share"
    nothing = flow_data(DataFlow(dataset="Elsewhere"), {}, None)
    assert not nothing.on_card and not nothing.openly_available
    assert nothing.personal is PersonalData.UNSURE and nothing.personal_from is None


def test_share_frequency_is_this_cards_answer_else_cds_yaml() -> None:
    assert share_frequency(Architecture.empty(), PROJECT) is Frequency.ONE_OFF  # type: ignore[arg-type]
    card = Architecture.model_validate({"sustainability": {"frequency": "ongoing"}})
    assert share_frequency(card, PROJECT) is Frequency.ONGOING
    assert share_frequency(Architecture.empty(), None) is None  # type: ignore[arg-type]


def test_a_flows_own_frequency_decides_whether_it_repeats() -> None:
    ongoing = Architecture.model_validate({"sustainability": {"frequency": "ongoing"}})
    assert is_ongoing(DataFlow(dataset="x"), ongoing, PROJECT)
    assert not is_ongoing(
        DataFlow.model_validate({"dataset": "x", "frequency": "once"}), ongoing, PROJECT
    )
    assert is_ongoing(
        DataFlow.model_validate({"dataset": "x", "frequency": "yearly"}), _card(), PROJECT
    )
    assert not is_ongoing(DataFlow(dataset="x"), _card(), PROJECT)  # cds.yaml: one-off


# Rule: an ongoing share on 1, 2, 3, 5 or 6 -> an automated pattern ------------------------


@pytest.mark.parametrize("pattern", [1, 2, 3, 5, 6])
def test_an_ongoing_manual_flow_gets_an_automation_suggestion(pattern: int) -> None:
    advice = _only(_card(_flow(target_pattern=pattern, frequency="weekly")), AdviceRule.AUTOMATE)
    assert advice.level is AdviceLevel.SUGGESTION
    assert advice.flow == 0 and advice.dataset == "Places"
    assert advice.field == "flows[0].target_pattern"
    for automated in ("(4) Through a third party", "(7) Open publication", "(8) Through an API"):
        assert automated in advice.advice
    assert f"pattern {pattern} (" in advice.reason and "least human effort" in advice.reason
    assert "City Data Sharing Toolkit" in advice.source


@pytest.mark.parametrize("pattern", [4, 7, 8])
def test_an_ongoing_automated_flow_gets_no_automation_suggestion(pattern: int) -> None:
    assert AdviceRule.AUTOMATE not in _rules(
        _card(_flow(target_pattern=pattern, frequency="weekly"))
    )


def test_a_one_off_flow_on_pattern_3_gets_no_automation_suggestion() -> None:
    assert _rules(_card(_flow(target_pattern=3, frequency="once"))) == []
    assert _rules(_card(_flow(target_pattern=3))) == []  # cds.yaml: one-off


def test_the_share_being_ongoing_counts_when_the_flow_gives_no_frequency() -> None:
    ongoing = PROJECT.model_copy(update={"frequency": Frequency.ONGOING})
    assert _rules(_card(_flow(target_pattern=3)), project=ongoing) == [AdviceRule.AUTOMATE]
    card = _card(_flow(target_pattern=3), sustainability={"frequency": "one-off"})
    assert _rules(card, project=ongoing) == []  # this card's answer wins over cds.yaml


def test_without_a_target_the_advice_looks_at_todays_pattern() -> None:
    card = _card(_flow(current_pattern=6, frequency="monthly"))
    assert _rules(card) == [AdviceRule.AUTOMATE]
    assert _rules(_card(_flow(current_pattern="not-yet", frequency="monthly"))) == []


# Rule: personal or unsure data on 3 or 6 -> warn -----------------------------------------


@pytest.mark.parametrize(("dataset", "pattern"), [("Personal", 3), ("Unsure", 6)])
def test_personal_data_by_email_or_post_is_warned(dataset: str, pattern: int) -> None:
    advice = _only(_card(_flow(dataset, target_pattern=pattern)), AdviceRule.LOOSE_COPIES)
    assert advice.level is AdviceLevel.WARNING
    assert "Encrypt" in advice.advice and "NCSC" in advice.advice
    assert "Encryption in transit is not agreed yet." in advice.advice
    assert "personal data (according to the data-systems card)" in advice.reason
    assert "NCSC" in advice.source and "Article 32" in advice.source


def test_the_warning_does_not_nag_about_encryption_once_agreed() -> None:
    card = _card(_flow("Personal", target_pattern=6, encrypted_in_transit=True))
    advice = _only(card, AdviceRule.LOOSE_COPIES)
    assert "not agreed" not in advice.advice and "USB stick, DVD or post" in advice.reason


@pytest.mark.parametrize(("dataset", "pattern"), [("Places", 3), ("Places", 6), ("Personal", 4)])
def test_no_loose_copy_warning_for_other_data_or_patterns(dataset: str, pattern: int) -> None:
    assert AdviceRule.LOOSE_COPIES not in _rules(_card(_flow(dataset, target_pattern=pattern)))


# Rule: personal data on 7 -> blocking ----------------------------------------------------


def test_personal_data_on_open_publication_is_blocking() -> None:
    advice = _only(_card(_flow("Personal", target_pattern=7)), AdviceRule.PERSONAL_OPEN)
    assert advice.level is AdviceLevel.BLOCKING
    assert advice.advice.startswith("Do not publish 'Personal' openly")
    assert "cannot be taken back" in advice.reason and "UK GDPR" in advice.source


def test_data_that_may_be_personal_on_open_publication_is_a_warning() -> None:
    advice = _only(_card(_flow("Unsure", target_pattern=7)), AdviceRule.PERSONAL_OPEN)
    assert advice.level is AdviceLevel.WARNING
    assert "privacy screening" in advice.advice


def test_non_personal_data_may_be_published_openly() -> None:
    assert _rules(_card(_flow("Places", target_pattern=7))) == []


# Rule: daily or faster, not on 8 -> an API -----------------------------------------------


@pytest.mark.parametrize("frequency", ["daily", "hourly"])
def test_frequent_updates_not_on_an_api_get_an_api_suggestion(frequency: str) -> None:
    card = _card(_flow(target_pattern=4, frequency=frequency))
    advice = _only(card, AdviceRule.FREQUENT_API)
    assert advice.level is AdviceLevel.SUGGESTION and "through an API" in advice.advice
    assert "GDS API" in advice.source


def test_weekly_is_not_frequent_and_an_api_needs_no_suggestion() -> None:
    assert _rules(_card(_flow(target_pattern=4, frequency="weekly"))) == []
    assert _rules(_card(_flow(target_pattern=8, frequency="hourly"))) == []


def test_without_a_flow_frequency_how_often_the_data_changes_counts() -> None:
    card = _card(_flow(target_pattern=4), drivers={"data_changes": "daily"})
    assert _rules(card) == [AdviceRule.FREQUENT_API]
    once = _card(_flow(target_pattern=4, frequency="once"), drivers={"data_changes": "daily"})
    assert _rules(once) == []  # a one-off snapshot of data that changes daily


# Rule: openly available but not published -> open publication ----------------------------


def test_open_data_shared_another_way_gets_an_open_publication_suggestion() -> None:
    advice = _only(_card(_flow("Open places", target_pattern=4)), AdviceRule.PUBLISH_OPENLY)
    assert advice.level is AdviceLevel.SUGGESTION
    assert "open licence" in advice.advice and "Open Government Licence" in advice.source


def test_no_open_publication_suggestion_when_published_or_not_open() -> None:
    assert _rules(_card(_flow("Open places", target_pattern=7))) == []
    assert _rules(_card(_flow("Reported", target_pattern=4))) == []  # published, not as open data


# Rule: sensitive data without access control and an access log -> warn --------------------


def test_commercially_sensitive_data_without_access_control_is_warned() -> None:
    card = _card(_flow(target_pattern=4, commercially_sensitive=True))
    advice = _only(card, AdviceRule.ACCESS)
    assert advice.level is AdviceLevel.WARNING
    assert "access control and an access log" in advice.advice
    assert "commercially sensitive" in advice.reason and "Belfast" in advice.reason
    assert advice.field == "flows[0].access_control"


def test_personal_data_with_access_control_but_no_log_is_warned_about_the_log() -> None:
    card = _card(_flow("Unsure", target_pattern=4, access_control=True, access_log=False))
    advice = _only(card, AdviceRule.ACCESS)
    assert "Give 'Unsure' an access log:" in advice.advice
    assert advice.field == "flows[0].access_log"


def test_no_access_warning_with_both_or_for_data_that_is_not_sensitive() -> None:
    both = _flow("Personal", target_pattern=4, access_control=True, access_log=True)
    assert _rules(_card(both)) == []
    assert _rules(_card(_flow("Places", target_pattern=4, commercially_sensitive=False))) == []


def test_a_flow_without_its_own_access_answers_goes_by_the_security_answers() -> None:
    flow = _flow("Personal", target_pattern=4)
    secured = _card(flow, security={"access_control": True, "access_log": True})
    assert _rules(secured) == []
    assert _rules(_card(flow, security={"access_control": True})) == [AdviceRule.ACCESS]
    overridden = _card({**flow, "access_log": False}, security=secured.security.model_dump())
    assert _rules(overridden) == [AdviceRule.ACCESS]


# Rule: the receiver cannot consume the target -> say so, suggest a step between ------------


def test_a_receiver_who_cannot_take_the_target_gets_a_step_between() -> None:
    flow = _flow(
        current_pattern=6,
        target_pattern=8,
        to_organisation="Partner Ltd",
        receiver_can_consume="no",
    )
    advice = _only(_card(flow), AdviceRule.RECEIVER)
    assert advice.level is AdviceLevel.WARNING
    assert "pattern 7 (open publication) for now" in advice.advice
    assert advice.reason.startswith("Partner Ltd cannot take the data as pattern 8")


def test_the_step_between_avoids_open_publication_for_sensitive_data() -> None:
    flow = _flow(current_pattern=6, target_pattern=8, receiver_can_consume="no")
    sensitive = {**flow, "commercially_sensitive": True, "access_control": True, "access_log": True}
    advice = _only(_card(sensitive), AdviceRule.RECEIVER)
    assert "pattern 4 (through a third party) for now" in advice.advice
    assert "The receiving organisation cannot" in advice.reason


def test_with_no_step_between_the_advice_is_to_agree_a_pattern() -> None:
    flow = _flow(current_pattern=3, target_pattern=4, receiver_can_consume="no")
    advice = _only(_card(flow), AdviceRule.RECEIVER)
    assert advice.advice == "Agree with the receiver a pattern they can take for 'Places'."


@pytest.mark.parametrize("answer", ["yes", "unsure", None])
def test_no_receiver_advice_unless_they_cannot(answer: str | None) -> None:
    flow = _flow(current_pattern=6, target_pattern=8, receiver_can_consume=answer)
    assert _rules(_card(flow)) == []


# Datasets the data-systems card does not hold --------------------------------------------


def test_a_flow_whose_dataset_is_not_on_the_data_systems_card_says_so() -> None:
    card = _card(_flow("Gritting routes", target_pattern=4))
    advice = _only(card, AdviceRule.UNKNOWN_DATASET)
    assert advice.level is AdviceLevel.WARNING and advice.field == "flows[0].dataset"
    assert "not on the data-systems card" in advice.reason
    assert "cds.yaml's answer for the whole share" in advice.reason
    # cds.yaml says personal data is involved: the privacy rules still apply to it.
    personal = PROJECT.model_copy(update={"personal_data": PersonalData.YES})
    card = _card(_flow("Gritting routes", target_pattern=7))
    assert _only(card, AdviceRule.PERSONAL_OPEN, project=personal).level is AdviceLevel.BLOCKING


def test_with_no_answer_anywhere_the_data_counts_as_possibly_personal() -> None:
    card = _card(_flow("Gritting routes", target_pattern=3))
    rules = _rules(card, project=None)
    assert rules == [AdviceRule.UNKNOWN_DATASET, AdviceRule.LOOSE_COPIES, AdviceRule.ACCESS]
    assert "nobody has said yet" in _only(card, AdviceRule.ACCESS, project=None).reason


def test_without_a_data_systems_card_the_advice_asks_for_it_once() -> None:
    card = _card(_flow("A", target_pattern=4), _flow("B", target_pattern=4))
    advice = _advice(card, cards={})
    assert [(a.rule, a.flow) for a in advice] == [(AdviceRule.UNKNOWN_DATASET, None)]
    assert "cds discover data-systems" in advice[0].advice
    assert _advice(_card(), cards={}) == []


def test_advice_is_grouped_most_serious_first() -> None:
    card = _card(
        _flow("Places", target_pattern=3, frequency="daily"),
        _flow("Personal", target_pattern=7),
    )
    grouped = advice_by_level(_advice(card))
    assert list(grouped) == [AdviceLevel.BLOCKING, AdviceLevel.WARNING, AdviceLevel.SUGGESTION]
    assert [a.rule for a in grouped[AdviceLevel.BLOCKING]] == [AdviceRule.PERSONAL_OPEN]
    assert [a.rule for a in grouped[AdviceLevel.SUGGESTION]] == [
        AdviceRule.AUTOMATE,
        AdviceRule.FREQUENT_API,
    ]


# cross_check -----------------------------------------------------------------------------


def test_cross_check_flags_unknown_datasets_and_organisations() -> None:
    card = _card(
        _flow("places", from_organisation="test  council", to_organisation="Partner Ltd"),
        _flow("Gritting routes", from_organisation="Nowhere Ltd", to_organisation="Ecosystem Org"),
        sustainability={"frequency": "ongoing", "upkeep_paid_by": "Someone Else"},
    )
    ecosystem = Ecosystem.model_validate({"organisations": [{"name": "Ecosystem Org"}]})
    issues = card.cross_check({"data-systems": DATA, "ecosystem": ecosystem}, PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("flows[1].dataset", "'Gritting routes' is not a dataset on the data-systems card"),
        ("flows[1].from_organisation", "'Nowhere Ltd' is not a known organisation"),
        ("sustainability.upkeep_paid_by", "'Someone Else' is not a known organisation"),
    ]
    assert "cds discover data-systems" in (issues[0].hint or "")
    assert "cds discover ecosystem" in (issues[1].hint or "")


def test_cross_check_leaves_datasets_alone_until_the_data_systems_card_exists() -> None:
    card = _card(_flow("Gritting routes", from_organisation="Test Council"))
    assert card.cross_check({}, PROJECT) == []


def test_blocking_advice_is_a_problem_for_cds_check() -> None:
    card = _card(_flow("Places", target_pattern=7), _flow("Personal", target_pattern=7))
    issues = card.cross_check(CARDS, PROJECT)
    assert [i.field for i in issues] == ["flows[1].target_pattern"]
    assert issues[0].message.startswith("Do not publish 'Personal' openly")
    warning_only = _card(_flow("Unsure", target_pattern=7))
    assert warning_only.cross_check(CARDS, PROJECT) == []


# Summary ---------------------------------------------------------------------------------


def _render(model: Architecture, cards: dict[str, CardModel], project: ProjectConfig) -> str:
    out = io.StringIO()
    Console(file=out, width=100, no_color=True).print(
        summary("architecture", model, project, cards)
    )
    return out.getvalue()


def test_summary_shows_each_change_and_the_advice_by_level_with_reasons() -> None:
    card = _card(
        _flow("[bold]Places[/]", current_pattern=6, target_pattern=3, frequency="daily"),
        _flow("Personal", current_pattern="not-yet", target_pattern=7),
        current_systems={"investment_needed": 25000},
    )
    text = _render(card, CARDS, PROJECT)
    assert "[bold]Places[/]" in text  # user text is never read as markup
    assert "6 -> 3: less human effort" in text and "none -> 7: a new flow" in text
    key = "Patterns: (3) One-off over the internet; (6) One-off on physical media; (7) Open"
    assert key in text
    assert "The share is one-off" in text
    assert "£25,000 (for the business case)" in text
    assert text.index("Blocking (1):") < text.index("Warning (") < text.index("Suggestion (2):")
    assert "Why: It holds personal data" in text
    assert "Source: UK GDPR Article 5" in text
    # blocking advice also shows among the problems `cds check` reports
    assert "flows[1].target_pattern: Do not publish 'Personal' openly" in text


def test_summary_of_an_empty_card() -> None:
    text = _render(_card(), {}, PROJECT.model_copy(update={"frequency": None}))
    assert "No data flows recorded yet." in text
    assert "No advice" in text and "The share is" not in text


def test_summary_names_who_pays_for_upkeep() -> None:
    card = _card(sustainability={"frequency": "ongoing", "upkeep_paid_by": "Partner Ltd"})
    assert "The share is ongoing; upkeep paid by Partner Ltd" in _render(card, {}, PROJECT)


# Belfast, and the card through an answers file --------------------------------------------


def test_belfast_card_is_clean_and_matches_the_case_study() -> None:
    project = open_project(BELFAST)
    card = project.load_card("architecture")
    assert isinstance(card, Architecture)
    problems = check_project(project)
    assert project.card_path("architecture") not in problems
    assert {f.target_pattern for f in card.flows} == {SharingPattern.THIRD_PARTY}
    assert all(f.access_control and f.access_log for f in card.flows)
    data = project.load_card("data-systems")
    assert isinstance(data, DataSystems)
    assert [f.dataset for f in card.flows] == [d.title for d in data.datasets]
    cards = {"data-systems": data, "architecture": card}
    assert architecture_advice(card, cards, project.config) == []
    assert "illustrative" in (card.notes or "")
    text = _render(card, cards, project.config)
    assert "none -> 4: a new flow" in text and "No advice" in text


def test_the_card_through_an_answers_file(tmp_path: Path) -> None:
    root = tmp_path / "belfast"
    shutil.copytree(BELFAST, root)
    (root / "cards" / "architecture.yaml").unlink()
    project = open_project(root)
    source = BELFAST / "cards" / "architecture.yaml"
    run = run_card(project, "architecture", answers_path=source)
    assert run.saved and run.missing == []
    assert (root / "cards" / "architecture.yaml").read_text() == source.read_text()


def test_an_answers_file_may_give_patterns_by_number(tmp_path: Path) -> None:
    root = tmp_path / "belfast"
    shutil.copytree(BELFAST, root)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "flows:\n  - dataset: Property licensing\n    current_pattern: 6\n"
        "    target_pattern: 8\n    frequency: hourly\n"
    )
    run = run_card(open_project(root), "architecture", answers_path=answers)
    saved = yamlio.read(root / "cards" / "architecture.yaml").data
    assert saved["flows"] == [
        {
            "dataset": "Property licensing",
            "current_pattern": "physical-media",
            "target_pattern": "api",
            "frequency": "hourly",
        }
    ]
    assert run.saved and "flows[0].from_organisation" in run.missing
