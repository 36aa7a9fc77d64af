"""The prepare-data card: its model, derived results, links to other cards and summary."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share import yamlio
from citydata_share.cards.base import CardModel
from citydata_share.cards.data_systems import DataSystems
from citydata_share.cards.prepare_data import (
    Confidence,
    DataStandard,
    GlossaryTerm,
    Identifier,
    KnownProblem,
    PrepareData,
    PreparedDataset,
    ProblemStatus,
    advice,
    identifier_coverage,
    not_prepared,
    open_problems,
    quality_statement,
    quality_statements,
    standards_text,
)
from citydata_share.cards.team import Team
from citydata_share.cli.summaries import summary
from citydata_share.project import ProjectConfig
from citydata_share.questions import missing, questions_of
from citydata_share.registry import BY_ID
from citydata_share.store import Project, load_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).parent.parent / "examples" / "belfast"
PROJECT = ProjectConfig.model_validate({"name": "Test", "role": "both"})


def _card(**answers: Any) -> PrepareData:
    return PrepareData.model_validate(answers)


def _entry(**answers: Any) -> PreparedDataset:
    return PreparedDataset.model_validate({"dataset": "Rates", **answers})


def _data_systems(*titles: str) -> DataSystems:
    return DataSystems.model_validate({"datasets": [{"title": t} for t in titles]})


def _team() -> Team:
    return Team.model_validate(
        {"people": [{"role": "data-analyst", "name": "Priya Shah"}, {"role": "head-of-it"}]}
    )


def _belfast_cards() -> tuple[Project, dict[str, CardModel]]:
    project = load_project(BELFAST)
    cards: dict[str, CardModel] = {}
    for card_id in ("team", "data-systems", "prepare-data"):
        loaded = project.load_card(card_id)
        assert loaded is not None
        cards[card_id] = loaded
    return project, cards


def _render(parts: Any) -> str:
    out = io.StringIO()
    Console(file=out, width=100).print(parts)
    return out.getvalue()


# the model --------------------------------------------------------------------------------


def test_registered_with_a_wizard() -> None:
    card = BY_ID["prepare-data"]
    assert card.has_wizard and card.model() is PrepareData
    assert PrepareData.empty().title == "Prepare data"


def test_required_questions_on_an_empty_card_and_an_empty_dataset() -> None:
    empty = PrepareData.empty().model_dump(mode="json")
    assert missing(PrepareData, empty, "both") == [
        "user_needs",
        "specification",
        "datasets",
        "matching_tools",
        "continual_evaluation",
    ]
    card = {"datasets": [{"dataset": "Rates"}]}
    assert missing(PrepareData, card, "both") == [
        "user_needs",
        "specification",
        *(
            f"datasets[0].{name}"
            for name in (
                "standard",
                "identifiers",
                "licence_to_include",
                "quality_checks",
                "provenance",
                "verification",
                "accuracy",
                "completeness",
                "currency",
                "update_frequency",
                "embedded_ip",
                "format",
            )
        ),
        "matching_tools",
        "continual_evaluation",
    ]


def test_an_other_identifier_or_check_answers_the_question() -> None:
    card = {"datasets": [{"dataset": "Rates", "other_identifiers": ["Licence number"]}]}
    gaps = missing(PrepareData, card, "both")
    assert "datasets[0].identifiers" not in gaps
    assert "datasets[0].quality_checks" in gaps


def test_wording_for_provider_and_receiver() -> None:
    (needs,) = [q for q in questions_of(PrepareData) if q.name == "user_needs"]
    assert "who will use your data" in needs.prompt_for("provider")
    assert "prepare your own data" in needs.prompt_for("receiver")
    assert needs.prompt_for("both") == needs.prompt


def test_repeated_questions_name_their_record_but_the_first_does_not() -> None:
    for model in (PreparedDataset, KnownProblem, GlossaryTerm):
        questions = questions_of(model)
        assert "{record}" not in questions[0].prompt
        asked = [q for q in questions[1:] if q.ask.required]
        assert all("{record}" in q.prompt for q in asked), [q.name for q in asked]
    (accuracy,) = [q for q in questions_of(PreparedDataset) if q.name == "accuracy"]
    assert accuracy.prompt == "How confident are you in the accuracy of '{record}'?"


def test_names_from_other_cards_are_picked() -> None:
    picks = {q.name: q.ask.pick for q in questions_of(PreparedDataset)}
    assert picks["dataset"] == "datasets"
    (problems,) = [q for q in questions_of(PreparedDataset) if q.name == "problems"]
    assert problems.model is not None
    assert {q.name: q.ask.pick for q in questions_of(problems.model)}["owner"] == "people"


def test_choices_accept_labels_and_refuse_nonsense() -> None:
    entry = _entry(accuracy="Medium", identifiers=["UPRN", "postcode"], standard="schema.org")
    assert entry.accuracy is Confidence.MEDIUM
    assert entry.identifiers == [Identifier.UPRN, Identifier.POSTCODE]
    assert entry.standard is DataStandard.SCHEMA_ORG
    with pytest.raises(ValidationError, match="accuracy"):
        _entry(accuracy="very")
    with pytest.raises(ValidationError, match="currency_as_at"):
        _entry(currency_as_at="2016-02-30")
    with pytest.raises(ValidationError, match="dataset"):
        PrepareData.model_validate({"datasets": [{"format": "CSV"}]})
    with pytest.raises(ValidationError, match="colour"):
        _entry(colour="blue")


def test_round_trip_through_the_file_form() -> None:
    card = _card(
        specification="agreed",
        datasets=[{"dataset": "Rates", "currency_as_at": "2016-06-30", "accuracy": "high"}],
    )
    again = PrepareData.model_validate(card.to_file_data())
    assert again == card
    assert card.answers()["datasets"][0]["currency_as_at"] == "2016-06-30"


# Data Quality Statement ------------------------------------------------------------------


def test_a_full_statement_has_the_facts_in_order() -> None:
    entry = _entry(
        provenance="Billing",
        verification="Audited",
        accuracy="high",
        completeness="low",
        confidence_note="5% lack postcodes",
        currency="Weekly extract",
        currency_as_at="2016-06-30",
        update_frequency="Daily",
        standard="esd",
        standards_used="BS7666 addresses",
        embedded_ip="None",
        format="CSV",
        quality_checks=["deduplication"],
        other_checks=["Spot checks"],
        problems=[{"problem": "Duplicates"}],
    )
    statement = quality_statement(entry)
    assert [(i.heading, i.text) for i in statement.items] == [
        ("Provenance", "Billing"),
        ("Verification and validation", "Audited"),
        ("Confidence in accuracy", "High"),
        ("Confidence in completeness", "Low"),
        ("About the confidence", "5% lack postcodes"),
        ("Currency", "Weekly extract (as at 2016-06-30)"),
        ("Update frequency", "Daily"),
        ("Standards used", "ESD / LG Inform standards; BS7666 addresses"),
        ("Embedded intellectual property", "None"),
        ("Format", "CSV"),
    ]
    assert statement.checks == ["De-duplication", "Spot checks"]
    assert [p.problem for p in statement.problems] == ["Duplicates"]
    assert statement.gaps == [] and statement.complete


def test_an_empty_statement_names_every_gap_and_no_note() -> None:
    statement = quality_statement(_entry())
    assert statement.dataset == "Rates"
    assert "About the confidence" not in [i.heading for i in statement.items]
    assert statement.gaps == [
        "Provenance",
        "Verification and validation",
        "Confidence in accuracy",
        "Confidence in completeness",
        "Currency",
        "Update frequency",
        "Standards used",
        "Embedded intellectual property",
        "Format",
    ]
    assert not statement.complete


def test_currency_with_only_a_date() -> None:
    statement = quality_statement(_entry(currency_as_at=dt.date(2016, 1, 5)))
    (currency,) = [i for i in statement.items if i.heading == "Currency"]
    assert currency.text == "As at 2016-01-05"
    assert "Currency" not in statement.gaps


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, None),
        ({"standard": "other", "standard_other": "INSPIRE"}, "INSPIRE"),
        ({"standard": "other"}, "Another standard (not named)"),
        ({"standard": "none-yet"}, "None yet"),
        ({"standards_used": "ISO 8601 dates"}, "ISO 8601 dates"),
        (
            {"standard": "five-star", "standards_used": "CSV on the web"},
            "5-star open data; CSV on the web",
        ),
    ],
)
def test_standards_text(answers: dict[str, Any], expected: str | None) -> None:
    assert standards_text(_entry(**answers)) == expected


def test_statements_follow_the_datasets() -> None:
    card = _card(datasets=[{"dataset": "A"}, {"dataset": "B", "format": "CSV"}])
    assert [s.dataset for s in quality_statements(card)] == ["A", "B"]


# open problems, datasets not prepared, identifiers ----------------------------------------


def test_open_problems_leave_out_only_the_fixed_ones() -> None:
    card = _card(
        datasets=[
            {
                "dataset": "A",
                "problems": [
                    {"problem": "p1", "status": "open", "owner": "Priya Shah"},
                    {"problem": "p2", "status": "fixed"},
                    {"problem": "p3", "status": "accepted"},
                ],
            },
            {"dataset": "B", "problems": [{"problem": "p4"}]},
            {"dataset": "C"},
        ]
    )
    found = open_problems(card)
    assert [(o.dataset, o.problem.problem) for o in found] == [
        ("A", "p1"),
        ("A", "p3"),
        ("B", "p4"),
    ]
    assert found[0].problem.owner == "Priya Shah"
    assert found[2].problem.status is None


def test_not_prepared_compares_titles_loosely() -> None:
    card = _card(datasets=[{"dataset": "business  RATES"}])
    cards: dict[str, CardModel] = {"data-systems": _data_systems("Business rates", "Waste")}
    assert not_prepared(card, cards) == ["Waste"]
    assert not_prepared(_card(), cards) == ["Business rates", "Waste"]
    assert not_prepared(card, {}) == []


def test_identifier_coverage_by_identifier_in_the_toolkit_order() -> None:
    card = _card(
        datasets=[
            {"dataset": "Waste", "identifiers": ["postcode"]},
            {
                "dataset": "Building control",
                "identifiers": ["postcode", "uprn"],
                "other_identifiers": ["Licence number"],
            },
            {
                "dataset": "Licensing",
                "identifiers": ["uprn"],
                "other_identifiers": ["licence NUMBER", "Licence  number"],
            },
            {"dataset": "Flood inspections"},
            {"dataset": "Suppliers", "identifiers": ["companies-house"]},
        ]
    )
    coverage = identifier_coverage(card)
    assert coverage.by_identifier == {
        "UPRN": ["Building control", "Licensing"],
        "Postcode": ["Waste", "Building control"],
        "Companies House number": ["Suppliers"],
        "Licence number": ["Building control", "Licensing"],
    }
    assert coverage.without == ["Flood inspections"]
    assert list(coverage.linkable) == ["UPRN", "Postcode", "Licence number"]


def test_identifier_coverage_of_an_empty_card() -> None:
    coverage = identifier_coverage(_card())
    assert coverage.by_identifier == {} and coverage.without == [] and coverage.linkable == {}


# advice ------------------------------------------------------------------------------------


def _good(name: str, **answers: Any) -> dict[str, Any]:
    return {"dataset": name, "identifiers": ["uprn"], "quality_checks": ["visualised"], **answers}


def test_advice_is_quiet_on_a_well_prepared_card() -> None:
    card = _card(
        specification="agreed",
        datasets=[_good("A", licence_to_include="yes"), _good("B")],
        glossary=[{"term": "UPRN", "meaning": "..."}],
    )
    assert advice(card) == []
    assert advice(_card()) == []  # nothing to say before anything is answered


def test_advice_rules() -> None:
    card = _card(
        specification="not-yet",
        datasets=[
            {"dataset": "A", "identifiers": ["postcode"], "licence_to_include": "no"},
            {
                "dataset": "B",
                "identifiers": ["uprn"],
                "quality_checks": ["visualised"],
                "problems": [
                    {"problem": "Duplicates"},
                    {"problem": "Old", "status": "fixed"},
                    {"problem": "Owned", "owner": "Data Analyst"},
                ],
            },
        ],
    )
    found = {a.field: a for a in advice(card)}
    assert list(found) == [
        "specification",
        "datasets",
        "datasets[0].licence_to_include",
        "datasets[0].quality_checks",
        "datasets[1].problems",
        "glossary",
    ]
    assert found["datasets[1].problems"].message == "Give an owner to: Duplicates."
    assert "'A'" in found["datasets[0].licence_to_include"].message
    assert "Source:" in found["specification"].reason


@pytest.mark.parametrize(
    ("matching", "advised"),
    [(None, True), ("no", True), ("alongside", False), ("instead", False)],
)
def test_no_shared_identifier_is_advised_on_unless_matching_tools_are_used(
    matching: str | None, advised: bool
) -> None:
    card = _card(
        matching_tools=matching,
        datasets=[_good("A", identifiers=["postcode"]), _good("B", identifiers=[])],
    )
    assert ("datasets" in [a.field for a in advice(card)]) is advised


def test_other_checks_count_as_checks() -> None:
    card = _card(datasets=[_good("A", quality_checks=[], other_checks=["Compared with LPS"])])
    assert "datasets[0].quality_checks" not in [a.field for a in advice(card)]


# links to other cards ------------------------------------------------------------------------


def test_cross_check_datasets_owners_and_duplicates() -> None:
    card = _card(
        datasets=[
            {
                "dataset": "business RATES",  # differs only in case: fine
                "problems": [
                    {"problem": "p1", "owner": "priya shah"},
                    {"problem": "p2", "owner": "Head of IT"},  # a role on the team: fine
                    {"problem": "p3", "owner": "Sam Jones"},
                    {"problem": "p4"},
                ],
            },
            {"dataset": "Parking fines"},
            {"dataset": "Business  rates"},
        ]
    )
    cards: dict[str, CardModel] = {
        "data-systems": _data_systems("Business rates"),
        "team": _team(),
    }
    issues = card.cross_check(cards, PROJECT)
    assert [(i.field, i.message) for i in issues] == [
        ("datasets[1].dataset", "'Parking fines' is not a dataset on the data-systems card"),
        ("datasets[2].dataset", "'Business  rates' is prepared twice"),
        ("datasets[0].problems[2].owner", "'Sam Jones' (p3) is not on the team card"),
    ]
    assert "cds discover data-systems" in (issues[0].hint or "")
    assert "cds discover team" in (issues[2].hint or "")


def test_cross_check_without_the_other_cards() -> None:
    card = _card(datasets=[{"dataset": "Rates", "problems": [{"problem": "p", "owner": "X"}]}])
    issues = card.cross_check({}, PROJECT)
    assert [i.field for i in issues] == ["datasets[0].dataset"]  # no team: owners not checked
    assert _card().cross_check({}, PROJECT) == []


def test_the_belfast_card_links_cleanly() -> None:
    project, cards = _belfast_cards()
    card = cards["prepare-data"]
    assert isinstance(card, PrepareData)
    assert card.cross_check(cards, project.config) == []
    data_systems = cards["data-systems"]
    assert isinstance(data_systems, DataSystems)
    assert [d.dataset for d in card.datasets] == [d.title for d in data_systems.datasets]
    assert not_prepared(card, cards) == []
    assert card.notes and "illustrative" in card.notes
    assert {"NAV", "UPRN", "LPS"} <= {t.term for t in card.glossary}
    assert missing(PrepareData, card.answers(), "both") == []


# summary -------------------------------------------------------------------------------------


def test_summary_of_the_belfast_card() -> None:
    project, cards = _belfast_cards()
    text = _render(summary("prepare-data", cards["prepare-data"], project, cards))
    assert "Datasets prepared" in text
    assert "Commercial waste collections" in text and "Medium" in text
    assert "Remedy" in text and "Inconsistent address" in text
    assert "Data Analyst" in text and "Skip permits" in text and "Accepted" in text
    assert "Duplicate customers" not in text  # fixed
    assert "on UPRN: Building control, Property licensing" in text
    assert "Not yet prepared" not in text
    assert "Links to other cards" not in text


def test_summary_names_gaps_missing_datasets_advice_and_link_issues() -> None:
    card = _card(
        specification="not-yet",
        datasets=[
            {
                "dataset": "Rates [draft]",  # markup-like text is shown as it is
                "problems": [{"problem": "No postcodes", "owner": "Nobody Known"}],
            }
        ],
    )
    cards: dict[str, CardModel] = {
        "data-systems": _data_systems("Rates [draft]", "Waste"),
        "team": _team(),
    }
    text = _render(summary("prepare-data", card, PROJECT, cards))
    assert "Rates [draft]" in text
    assert "│ none " in text  # no identifiers
    assert "Not yet prepared: Waste" in text
    assert "Data Quality Statement gaps:" in text and "Provenance" in text
    assert "Agree a specification" in text
    assert "'Nobody Known' (No postcodes) is not on the team card" in text
    assert "Can be linked" not in text


def test_summary_of_an_empty_card() -> None:
    text = _render(summary("prepare-data", _card(), PROJECT, {}))
    assert "No dataset prepared yet." in text
    assert "Remedy" not in text


def test_summary_of_a_problem_with_no_owner_or_status() -> None:
    card = _card(datasets=[{"dataset": "A", "problems": [{"problem": "Gaps"}]}])
    text = _render(summary("prepare-data", card, None, {}))
    assert "no owner" in text and "not given" in text


# through an answers file ---------------------------------------------------------------------


def test_the_belfast_card_through_an_answers_file(project: Project) -> None:
    for card_id in ("team", "data-systems"):
        shutil.copy(BELFAST / "cards" / f"{card_id}.yaml", project.card_path(card_id))
    source = BELFAST / "cards" / "prepare-data.yaml"
    run = run_card(project, "prepare-data", answers_path=source)
    assert run.saved and run.missing == []
    saved = project.load_card("prepare-data")
    assert isinstance(saved, PrepareData)
    assert saved.answers() == PrepareData.model_validate(yamlio.read(source).data).answers()
    assert saved.datasets[2].currency_as_at == dt.date(2016, 6, 30)
    assert [o.problem.status for o in open_problems(saved)].count(ProblemStatus.OPEN) == 3


def test_a_partial_answers_file_reports_what_is_missing(project: Project, tmp_path: Path) -> None:
    partial = tmp_path / "answers.yaml"
    partial.write_text(
        "specification: Agreed with the partners\n"
        "datasets:\n"
        "  - dataset: Rates\n"
        "    accuracy: High\n",
        encoding="utf-8",
    )
    run = run_card(project, "prepare-data", answers_path=partial)
    saved = project.load_card("prepare-data")
    assert isinstance(saved, PrepareData)
    assert saved.datasets[0].accuracy is Confidence.HIGH
    assert "datasets[0].provenance" in run.missing and "user_needs" in run.missing
