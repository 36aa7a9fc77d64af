"""The approvals card: the DPIA screening rules, the risk grid, the checklist, validation,
links to the other cards, the terminal summary, and the card through an answers file."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from rich.console import Console

from citydata_share import yamlio
from citydata_share.cards.approvals import (
    Agreement,
    Approvals,
    Art35Criterion,
    EdpbCriterion,
    IcoCriterion,
    IcoWithAnotherCriterion,
    Likelihood,
    Outcome,
    Risk,
    RiskLevel,
    ScreeningCriterion,
    Severity,
    Status,
    agreement_warnings,
    approvals_checklist,
    criteria_ticked,
    dpia_screening,
    open_items,
    risk_grid,
    risk_level,
    risk_score,
)
from citydata_share.cards.base import CardModel
from citydata_share.cli.summaries import summary
from citydata_share.errors import InvalidFileError
from citydata_share.project import ProjectConfig
from citydata_share.registry import BY_ID
from citydata_share.store import Project, load_project
from citydata_share.wizard.session import run_card

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
BELFAST_CARD = BELFAST / "cards" / "approvals.yaml"


def _card(**answers: Any) -> Approvals:
    return Approvals.model_validate(answers)


def _belfast() -> tuple[Project, dict[str, CardModel]]:
    project = load_project(BELFAST)
    cards: dict[str, CardModel] = {}
    for card_id in BY_ID:
        loaded = project.load_card(card_id)
        if loaded is not None:
            cards[card_id] = loaded
    return project, cards


# DPIA screening: every rule ------------------------------------------------------------------


@pytest.mark.parametrize("case", list(Art35Criterion))
def test_each_article_35_3_case_alone_makes_a_dpia_required(case: Art35Criterion) -> None:
    found = dpia_screening(art35=[case])
    assert found.outcome is Outcome.REQUIRED
    assert len(found.reasons) == 1
    assert found.reasons[0].startswith(f"Art. 35(3)({case.value}) applies on its own: ")


def test_article_35_3_b_reason_says_what_the_case_is() -> None:
    (reason,) = dpia_screening(art35=[Art35Criterion.B]).reasons
    assert reason == (
        "Art. 35(3)(b) applies on its own: large-scale processing of special category or "
        "criminal offence data."
    )


@pytest.mark.parametrize("item", list(IcoCriterion))
def test_each_ico_stand_alone_item_makes_a_dpia_required(item: IcoCriterion) -> None:
    found = dpia_screening(ico=[item])
    assert found.outcome is Outcome.REQUIRED
    name = item.label[:1].lower() + item.label[1:]
    assert found.reasons == (f"The ICO's '{name}' item applies on its own.",)
    assert found.notes == ()


def test_the_ico_stand_alone_list_is_the_icos_seven() -> None:
    assert [i.value for i in IcoCriterion] == [
        "denial-of-service",
        "large-scale-profiling",
        "data-matching",
        "invisible-processing",
        "tracking",
        "targeting-vulnerable",
        "risk-of-physical-harm",
    ]
    assert [i.value for i in IcoWithAnotherCriterion] == [
        "innovative-technology",
        "biometric",
        "genetic",
    ]
    assert len(EdpbCriterion) == 9
    assert [c.value for c in Art35Criterion] == ["a", "b", "c"]


@pytest.mark.parametrize("item", list(IcoWithAnotherCriterion))
def test_an_ico_item_needing_one_more_is_not_enough_alone(item: IcoWithAnotherCriterion) -> None:
    found = dpia_screening(ico_with_another=[item])
    assert found.outcome is Outcome.GOOD_PRACTICE
    name = item.label[:1].lower() + item.label[1:]
    assert found.notes == (
        f"The ICO's '{name}' item needs one EDPB criterion as well, and none is ticked: on its "
        "own it does not make a DPIA required.",
    )
    (reason,) = found.reasons
    assert reason.startswith("No rule that requires a DPIA is met; a DPIA is still good practice")


@pytest.mark.parametrize(
    ("item", "criterion"), list(itertools.product(IcoWithAnotherCriterion, EdpbCriterion))
)
def test_an_ico_item_needing_one_more_with_one_edpb_criterion_is_required(
    item: IcoWithAnotherCriterion, criterion: EdpbCriterion
) -> None:
    found = dpia_screening(ico_with_another=[item], edpb=[criterion])
    assert found.outcome is Outcome.REQUIRED
    name = item.label[:1].lower() + item.label[1:]
    other = criterion.label[:1].lower() + criterion.label[1:]
    assert found.reasons == (
        f"The ICO's '{name}' item needs one EDPB criterion as well: it has '{other}'.",
    )
    assert found.notes == ()


def test_the_worked_example_of_the_brief() -> None:
    found = dpia_screening(
        ico_with_another=[IcoWithAnotherCriterion.INNOVATIVE_TECHNOLOGY],
        edpb=[EdpbCriterion.LARGE_SCALE],
    )
    assert found.reasons == (
        "The ICO's 'innovative technology' item needs one EDPB criterion as well: "
        "it has 'large scale'.",
    )


@pytest.mark.parametrize("pair", list(itertools.combinations(EdpbCriterion, 2)))
def test_any_two_edpb_criteria_make_a_dpia_required(
    pair: tuple[EdpbCriterion, EdpbCriterion],
) -> None:
    found = dpia_screening(edpb=pair)
    assert found.outcome is Outcome.REQUIRED
    first, second = (c.label[:1].lower() + c.label[1:] for c in pair)
    assert found.reasons == (f"Two EDPB criteria: '{first}' and '{second}'.",)


def test_all_nine_edpb_criteria_are_counted_in_words() -> None:
    (reason,) = dpia_screening(edpb=list(EdpbCriterion)).reasons
    assert reason.startswith("Nine EDPB criteria: 'evaluation or scoring', ")
    assert reason.endswith(" and 'stops people exercising a right or using a service or contract'.")


@pytest.mark.parametrize("criterion", list(EdpbCriterion))
def test_one_edpb_criterion_makes_a_dpia_recommended(criterion: EdpbCriterion) -> None:
    found = dpia_screening(edpb=[criterion])
    assert found.outcome is Outcome.RECOMMENDED
    name = criterion.label[:1].lower() + criterion.label[1:]
    assert found.reasons == (f"One EDPB criterion: '{name}'; two would make a DPIA required.",)


def test_a_criterion_ticked_twice_counts_once() -> None:
    twice = [EdpbCriterion.LARGE_SCALE, EdpbCriterion.LARGE_SCALE]
    assert dpia_screening(edpb=twice).outcome is Outcome.RECOMMENDED


def test_no_criterion_is_still_good_practice_and_says_why() -> None:
    found = dpia_screening()
    assert found.outcome is Outcome.GOOD_PRACTICE
    (reason,) = found.reasons
    assert reason.startswith("No criterion applies; a DPIA is still good practice because ")
    assert "ICO's data sharing code" in reason
    assert "re-identify" in reason
    assert "CityVerve" in reason and "early" in reason
    assert found.notes == ()


def test_every_rule_that_applies_is_listed() -> None:
    found = dpia_screening(
        art35=[Art35Criterion.C],
        ico=[IcoCriterion.TRACKING],
        ico_with_another=[IcoWithAnotherCriterion.BIOMETRIC],
        edpb=[EdpbCriterion.SYSTEMATIC_MONITORING, EdpbCriterion.LARGE_SCALE],
    )
    assert found.outcome is Outcome.REQUIRED
    assert [r.split(" ")[0:3] for r in found.reasons] == [
        ["Art.", "35(3)(c)", "applies"],
        ["The", "ICO's", "'tracking'"],
        ["The", "ICO's", "'biometric"],
        ["Two", "EDPB", "criteria:"],
    ]


def test_a_note_can_name_any_criterion_of_the_four_lists() -> None:
    values = {c.value for c in ScreeningCriterion}
    expected = (
        {f"art35-{c.value}" for c in Art35Criterion}
        | {f"ico-{c.value}" for c in IcoCriterion}
        | {f"ico-with-another-{c.value}" for c in IcoWithAnotherCriterion}
        | {f"edpb-{c.value}" for c in EdpbCriterion}
    )
    assert values == expected
    assert ScreeningCriterion("Large scale (EDPB)").value == "edpb-large-scale"


def test_criteria_ticked_names_the_list_of_each() -> None:
    model = _card(dpia_screening={"ico": ["data-matching"], "edpb": ["large-scale"]})
    assert criteria_ticked(model.dpia_screening) == ["Data matching (ICO)", "Large scale (EDPB)"]


# Risks ---------------------------------------------------------------------------------------

# Worked by hand: remote 1, possible 2, probable 3 times minimal 1, significant 2, severe 3;
# 1-2 low, 3-4 medium, 6-9 high.
NINE_CELLS = [
    ("remote", "minimal", 1, "low"),
    ("remote", "significant", 2, "low"),
    ("remote", "severe", 3, "medium"),
    ("possible", "minimal", 2, "low"),
    ("possible", "significant", 4, "medium"),
    ("possible", "severe", 6, "high"),
    ("probable", "minimal", 3, "medium"),
    ("probable", "significant", 6, "high"),
    ("probable", "severe", 9, "high"),
]


@pytest.mark.parametrize(("likelihood", "severity", "score", "level"), NINE_CELLS)
def test_risk_level_in_each_cell(likelihood: str, severity: str, score: int, level: str) -> None:
    assert risk_score(Likelihood(likelihood), Severity(severity)) == score
    assert risk_level(Likelihood(likelihood), Severity(severity)) is RiskLevel(level)
    risk = Risk(risk="x", likelihood=Likelihood(likelihood), severity=Severity(severity))
    assert risk.level is RiskLevel(level)


def test_risk_grid_puts_each_risk_in_its_cell() -> None:
    risks = [
        Risk(risk=f"{lk}/{sv}", likelihood=Likelihood(lk), severity=Severity(sv))
        for lk, sv, _, _ in NINE_CELLS
    ]
    risks.append(Risk(risk="unscored", likelihood=Likelihood.PROBABLE))
    grid = risk_grid(risks)
    assert list(grid.cells) == [(Likelihood(lk), Severity(sv)) for lk, sv, _, _ in NINE_CELLS]
    for lk, sv, _, _ in NINE_CELLS:
        assert [r.risk for r in grid.cell(Likelihood(lk), Severity(sv))] == [f"{lk}/{sv}"]
    assert [r.risk for r in grid.unplaced] == ["unscored"]
    assert risks[-1].level is None


def test_risk_grid_of_nothing_has_nine_empty_cells() -> None:
    grid = risk_grid([])
    assert len(grid.cells) == 9 and all(v == [] for v in grid.cells.values())


# Checklist -----------------------------------------------------------------------------------


def _statuses(model: Approvals, role: str = "both") -> dict[str, Status]:
    return {i.item: i.status for i in approvals_checklist(model, role)}


def test_an_empty_card_has_everything_to_do() -> None:
    statuses = _statuses(Approvals.model_validate({}))
    assert statuses == {
        "Legal advice": Status.TO_DO,
        "Legal power": Status.TO_DO,
        "RPSI 2015": Status.TO_DO,
        "Ownership of data collected for us": Status.TO_DO,
        "Approvals for the new data": Status.TO_DO,
        "Agreements": Status.TO_DO,
        "DPIA screening": Status.TO_DO,
        "Full DPIA": Status.TO_DO,  # not screened yet
        "DPO consulted": Status.TO_DO,
        "Privacy notice": Status.TO_DO,
        "Ethics": Status.TO_DO,
        "Risks accepted": Status.TO_DO,
    }


def test_provider_and_receiver_items_follow_the_role() -> None:
    empty = Approvals.model_validate({})
    assert "Approvals for the new data" not in _statuses(empty, "provider")
    assert "Ownership of data collected for us" in _statuses(empty, "provider")
    assert "Ownership of data collected for us" not in _statuses(empty, "receiver")
    assert "Approvals for the new data" in _statuses(empty, "receiver")


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ({"collected_for_us": False}, Status.NOT_NEEDED),
        ({"collected_for_us": True}, Status.TO_DO),
        ({"collected_for_us": True, "collected_for_us_ownership": "Ours by contract"}, Status.DONE),
    ],
)
def test_ownership_of_data_collected_for_us(answers: dict[str, Any], status: Status) -> None:
    assert _statuses(_card(**answers), "provider")["Ownership of data collected for us"] is status


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ({"new_approvals_needed": False}, Status.NOT_NEEDED),
        ({"new_approvals_needed": True, "new_approvals": "IG board"}, Status.TO_DO),
        ({"new_approvals_needed": True, "new_approvals_given": True}, Status.DONE),
    ],
)
def test_approvals_for_new_data(answers: dict[str, Any], status: Status) -> None:
    assert _statuses(_card(**answers), "receiver")["Approvals for the new data"] is status


def test_legal_items() -> None:
    done = _card(
        legal_advice_sought=True,
        legal_advice_from="Lawyer / Legal",
        power="gateway",
        power_detail="Some Act",
        rpsi_applies="yes",
        rpsi_obligations="Answer requests; marginal cost; OGL",
    )
    items = {i.item: i for i in approvals_checklist(done)}
    assert items["Legal advice"].status is Status.DONE
    assert items["Legal advice"].detail == "Sought from Lawyer / Legal."
    assert items["Legal power"].status is Status.DONE
    assert items["Legal power"].detail.endswith(": Some Act.")
    assert items["RPSI 2015"].status is Status.DONE
    assert _statuses(_card(legal_advice_sought=False))["Legal advice"] is Status.TO_DO
    half = {i.item: i for i in approvals_checklist(_card(power="other", power_other="A bylaw"))}
    assert half["Legal power"].status is Status.TO_DO
    assert half["Legal power"].detail.startswith("A bylaw")
    assert _statuses(_card(rpsi_applies="no"))["RPSI 2015"] is Status.NOT_NEEDED
    assert _statuses(_card(rpsi_applies="yes"))["RPSI 2015"] is Status.TO_DO
    assert _statuses(_card(rpsi_applies="unsure", rpsi_obligations="x"))["RPSI 2015"] is (
        Status.TO_DO
    )


def test_each_agreement_is_an_item_with_its_status() -> None:
    model = _card(
        agreements=[
            {"title": "A", "status": "signed", "signed_on": "2024-01-02"},
            {"title": "B", "status": "ended"},
            {"title": "C", "status": "drafting"},
            {"title": "D"},
        ]
    )
    items = {i.item: i for i in approvals_checklist(model)}
    assert "Agreements" not in items
    assert items["Agreement: A"].status is Status.DONE
    assert items["Agreement: A"].detail == "Signed on 2024-01-02."
    assert items["Agreement: B"].status is Status.NOT_NEEDED
    assert items["Agreement: C"].status is Status.TO_DO
    assert items["Agreement: C"].detail == "Drafting."
    assert items["Agreement: D"].detail == "Status not given."


def test_privacy_items() -> None:
    screened = {"screened_on": "2024-01-01", "screened_by": "IG Lead"}
    required = {**screened, "ico": ["tracking"]}
    items = {i.item: i for i in approvals_checklist(_card(dpia_screening=required))}
    assert items["DPIA screening"].status is Status.DONE
    assert items["DPIA screening"].detail == "A DPIA is required."
    assert items["Full DPIA"].status is Status.TO_DO
    completed = {**required, "dpia_completed_on": "2024-02-01"}
    assert _statuses(_card(dpia_screening=completed))["Full DPIA"] is Status.DONE
    assert _statuses(_card(dpia_screening=screened))["Full DPIA"] is Status.NOT_NEEDED
    assert _statuses(_card(dpia_screening={"ico": ["tracking"]}))["Full DPIA"] is Status.TO_DO
    recommended = {**screened, "edpb": ["large-scale"]}
    assert _statuses(_card(dpia_screening=recommended))["Full DPIA"] is Status.TO_DO
    # The DPO: consulted, not needed without personal data, else to do.
    consulted = {**screened, "dpo_consulted": True, "dpo_consulted_on": "2024-01-03"}
    items = {i.item: i for i in approvals_checklist(_card(dpia_screening=consulted))}
    assert items["DPO consulted"].status is Status.DONE
    assert items["DPO consulted"].detail == "Consulted on 2024-01-03."
    no_personal = _card(personal_data="no", dpia_screening=screened)
    assert _statuses(no_personal)["DPO consulted"] is Status.NOT_NEEDED
    flagged = _card(personal_data="no", dpia_screening=required)
    assert _statuses(flagged)["DPO consulted"] is Status.TO_DO
    assert _statuses(_card(personal_data="unsure"))["DPO consulted"] is Status.TO_DO
    # The privacy notice's four answers.
    assert _statuses(_card(privacy_notice="exists"))["Privacy notice"] is Status.DONE
    assert _statuses(_card(privacy_notice="needs-updating"))["Privacy notice"] is Status.TO_DO
    assert _statuses(_card(privacy_notice="not-needed"))["Privacy notice"] is Status.NOT_NEEDED


def test_ethics_and_risks() -> None:
    assert _statuses(_card(data_ethics_canvas=True))["Ethics"] is Status.DONE
    assert _statuses(_card(data_ethics_framework=True))["Ethics"] is Status.DONE
    assert _statuses(_card(data_ethics_framework=False))["Ethics"] is Status.TO_DO
    accepted = {"risk": "R1", "accepted": True}
    assert _statuses(_card(risks=[accepted]))["Risks accepted"] is Status.DONE
    model = _card(risks=[accepted, {"risk": "R2", "accepted": False}, {"risk": "R3"}])
    (item,) = [i for i in open_items(model) if i.item == "Risks accepted"]
    assert item.detail == "2 of 3 not accepted: R2; R3."


def test_belfast_has_only_the_privacy_notice_left() -> None:
    project, cards = _belfast()
    model = cards["approvals"]
    assert isinstance(model, Approvals)
    still = open_items(model, project.config.role.value)
    assert [(i.item, i.detail) for i in still] == [("Privacy notice", "Update it for the share.")]


# Validation ----------------------------------------------------------------------------------


def test_an_agreement_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Agreement(title="MOU", starts_on="2024-05-01", ends_on="2024-04-30")  # type: ignore[arg-type]
    assert "'MOU' ends (2024-04-30) before it starts (2024-05-01): check the two dates" in str(
        caught.value
    )
    same_day = Agreement(title="MOU", starts_on="2024-05-01", ends_on="2024-05-01")  # type: ignore[arg-type]
    assert same_day.ends_on == same_day.starts_on


def test_agreement_warnings() -> None:
    unsigned = Agreement.model_validate({"title": "A", "status": "signed", "parties": ["X"]})
    assert agreement_warnings(unsigned) == ["'A' is marked signed but has no date of signing."]
    early = Agreement.model_validate(
        {"title": "B", "status": "drafting", "signed_on": "2024-01-01", "parties": ["X"]}
    )
    assert agreement_warnings(early) == ["'B' has a date of signing but its status is 'drafting'."]
    assert agreement_warnings(Agreement(title="C")) == ["'C' names no parties."]


def test_bad_values_get_clear_errors() -> None:
    with pytest.raises(ValidationError, match="likelihood"):
        _card(risks=[{"risk": "x", "likelihood": "certain"}])
    assert _card(risks=[{"risk": "x", "likelihood": "Probable"}]).risks[0].likelihood is (
        Likelihood.PROBABLE
    )
    with pytest.raises(ValidationError, match="web address"):
        _card(privacy_notice="exists", privacy_notice_link="our intranet")
    with pytest.raises(ValidationError, match="criterion"):
        _card(dpia_screening={"criterion_notes": [{"criterion": "edpb-no-such", "note": "x"}]})
    with pytest.raises(ValidationError, match="edpb"):
        _card(dpia_screening={"edpb": ["data-matching"]})  # an ICO item in the EDPB list


# Links to the other cards --------------------------------------------------------------------


def _project(personal_data: str | None = None) -> ProjectConfig:
    return ProjectConfig.model_validate(
        {
            "name": "T",
            "organisation": "Test Council",
            "partners": [{"name": "Partner Ltd", "role": "receiver"}],
            "personal_data": personal_data,
        }
    )


def _team() -> CardModel:
    return (
        BY_ID["team"]
        .model()
        .model_validate({"people": [{"role": "ig-lead", "name": "Ana Diaz"}, {"role": "lawyer"}]})
    )


def test_parties_must_be_organisations_of_the_project() -> None:
    ecosystem = BY_ID["ecosystem"].model().model_validate({"organisations": [{"name": "Water Co"}]})
    model = _card(
        agreements=[
            {"title": "DSA", "parties": ["test  council", "Partner Ltd", "Water Co", "Nobody Inc"]}
        ]
    )
    issues = model.cross_check({"ecosystem": ecosystem}, _project())
    assert [(i.field, i.message) for i in issues] == [
        (
            "agreements[0].parties[3]",
            "'Nobody Inc' (a party to 'DSA') is not an organisation of the project",
        )
    ]
    assert issues[0].hint is not None and "cds discover ecosystem" in issues[0].hint


def test_people_named_must_be_on_the_team_card() -> None:
    model = _card(
        legal_advice_sought=True,
        legal_advice_from="Lawyer / Legal",
        dpia_screening={"screened_by": "ana diaz"},
        risks=[
            {
                "risk": "R",
                "accepted": True,
                "accepted_by": "Bob",
                "owner": "Information Governance Lead",
            },
            {"risk": "S", "owner": "Carol"},
        ],
    )
    issues = model.cross_check({"team": _team()}, _project())
    assert [(i.field, i.message) for i in issues] == [
        ("risks[0].accepted_by", "'Bob' is not on the team card"),
        ("risks[1].owner", "'Carol' is not on the team card"),
    ]
    assert all(i.hint and "cds discover team" in i.hint for i in issues)
    assert model.cross_check({}, _project()) == []  # no team card yet: nothing to compare


def test_a_required_dpia_with_non_personal_data_in_cds_yaml_is_flagged() -> None:
    model = _card(dpia_screening={"ico": ["data-matching"]})
    issues = model.cross_check({}, _project("no"))
    assert [i.field for i in issues] == ["dpia_screening"]
    assert "cds.yaml says the data is not personal" in issues[0].message
    assert model.cross_check({}, _project("unsure")) == []
    recommended = _card(dpia_screening={"edpb": ["large-scale"]})
    assert recommended.cross_check({}, _project("no")) == []


def test_the_cards_personal_data_answer_must_agree_with_cds_yaml() -> None:
    issues = _card(personal_data="yes").cross_check({}, _project("unsure"))
    assert [(i.field, i.message) for i in issues] == [
        ("personal_data", "this card says personal data: yes, but cds.yaml says unsure")
    ]
    assert _card(personal_data="unsure").cross_check({}, _project("unsure")) == []
    assert _card(personal_data="yes").cross_check({}, _project()) == []


def test_belfast_links_are_clean() -> None:
    project, cards = _belfast()
    assert cards["approvals"].cross_check(cards, project.config) == []


# The terminal summary ------------------------------------------------------------------------


def _printed(model: CardModel, project: Any = None, cards: Any = None) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(
        summary("approvals", model, project, cards)
    )
    return " ".join(out.getvalue().split())  # phrases are checked across wrapped lines


def test_belfast_summary_shows_outcome_agreements_risks_and_open_items() -> None:
    project, cards = _belfast()
    text = _printed(cards["approvals"], project, cards)
    assert "DPIA screening: A DPIA is required" in text
    assert "Criteria ticked: Data matching (ICO), Matching or combining datasets (EDPB)" in text
    assert "The ICO's 'data matching' item applies on its own." in text
    assert "Agreements" in text and "Collaboration" in text and "Signed" in text
    assert "2016-07-15" in text
    assert "Risk register" in text and "High" in text and "Medium" in text
    assert "Approvals checklist: 11 done, 1 to do:" in text
    assert "Privacy notice: Update it for the share." in text
    assert "Links to other cards" not in text


def test_empty_summary_says_what_is_missing() -> None:
    text = _printed(Approvals.model_validate({}))
    assert "DPIA screening: A DPIA is good practice" in text
    assert "Provisional" in text
    assert "Criteria ticked: none" in text
    assert "No agreement recorded yet." in text
    assert "No risk recorded yet." in text
    assert "Legal advice: Get legal advice early" in text


def test_summary_shows_user_text_literally_and_warnings() -> None:
    model = _card(
        agreements=[{"title": "[bold]DSA[/]", "status": "signed", "parties": ["[red]X"]}],
        risks=[{"risk": "[link]r[/link]", "likelihood": "probable", "severity": "severe"}],
        dpia_screening={"ico_with_another": ["genetic"]},
    )
    text = _printed(model, _project(), {})
    assert "[bold]DSA[/]" in text and "[red]X" in text and "[link]r[/link]" in text
    assert "'[bold]DSA[/]' is marked signed but has no date of signing." in text
    assert "on its own it does not make a DPIA required" in text
    assert "'[red]X' (a party to '[bold]DSA[/]') is not an organisation" in text


# Through an answers file ---------------------------------------------------------------------


def test_the_belfast_card_through_an_answers_file(project: Project) -> None:
    result = run_card(project, "approvals", answers_path=BELFAST_CARD)
    assert result.saved and result.missing == []
    saved = project.load_card("approvals")
    assert saved is not None
    expected = Approvals.model_validate(yamlio.read(BELFAST_CARD).data)
    assert saved.answers() == expected.answers()
    assert project.card_path("approvals").read_text(encoding="utf-8") == BELFAST_CARD.read_text(
        encoding="utf-8"
    )


def test_an_answers_file_with_dates_out_of_order_is_refused(
    project: Project, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "card: approvals\nagreements:\n  - title: MOU\n    starts_on: 2024-05-01\n"
        "    ends_on: 2024-04-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidFileError) as caught:
        run_card(project, "approvals", answers_path=bad)
    assert "ends (2024-04-01) before it starts (2024-05-01)" in str(caught.value.problems)
    assert project.load_card("approvals") is None


def test_missing_on_an_empty_card_follows_the_role() -> None:
    from citydata_share.questions import missing

    empty = Approvals.model_validate({}).model_dump(mode="json")
    common = [
        "legal_advice_sought",
        "power",
        "rpsi_applies",
        "agreements",
        "personal_data",
        "dpia_screening.screened_on",
        "dpia_screening.screened_by",
        "dpia_screening.dpo_consulted",
        "dpia_screening.next_step",
        "privacy_notice",
        "data_ethics_framework",
        "data_ethics_canvas",
        "risks",
    ]
    both = missing(Approvals, empty, "both")
    assert both == [*common[:3], "collected_for_us", "new_approvals_needed", *common[3:]]
    assert "new_approvals_needed" not in missing(Approvals, empty, "provider")
    assert "collected_for_us" not in missing(Approvals, empty, "receiver")
    answered = {**empty, "legal_advice_sought": True, "power": "express", "rpsi_applies": "yes"}
    gaps = missing(Approvals, answered, "both")
    assert {"legal_advice_from", "power_detail", "rpsi_obligations"} <= set(gaps)
    assert "legal_advice_on" not in gaps  # optional


def test_cds_prepare_approvals_with_an_answers_file_prints_the_summary(
    cds: Any, project: Project
) -> None:
    result = cds("-C", str(project.root), "prepare", "approvals", "--answers", str(BELFAST_CARD))
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "Saved cards/approvals.yaml" in output
    assert "DPIA screening: A DPIA is required" in output
    assert "Approvals checklist: 11 done, 1 to do:" in output
    # The scratch project has none of Belfast's organisations: the links say so.
    assert "'Land & Property Services' (a party to" in output
