"""The cards' derived results: pure functions over the models, no terminal involved."""

from __future__ import annotations

from typing import Any

from citydata_share.cards.canvas import Canvas, CanvasBox, canvas_boxes
from citydata_share.cards.data_systems import DataSystems, flagged, unanswered_personal
from citydata_share.cards.ecosystem import (
    Ecosystem,
    EcosystemType,
    by_type,
    ecosystem_map,
    partner_coverage,
    potential_users,
)
from citydata_share.cards.others_data import OthersData, holders
from citydata_share.cards.readiness import (
    DIMENSION_RESOURCES,
    Rating,
    Readiness,
    profile,
    suggestions,
    weakest,
)
from citydata_share.cards.reasons import Reasons, reason_labels
from citydata_share.cards.team import Quadrant, Team, gaps, power_interest_grid, raci_matrix
from citydata_share.project import ProjectConfig
from citydata_share.resources import by_id

PROJECT = ProjectConfig.model_validate({"name": "Test", "role": "both"})


def _readiness(**ratings: str) -> Readiness:
    return Readiness.model_validate({k: {"rating": v} for k, v in ratings.items()})


# readiness ------------------------------------------------------------------------------


def test_profile_is_in_the_toolkit_order_with_scores() -> None:
    scores = profile(_readiness(legal="low", technology="high", skills="medium"))
    assert [s.label for s in scores] == [
        "Technology",
        "Mindset",
        "Resources",
        "Skills",
        "Operations",
        "Legal",
    ]
    assert [s.score for s in scores] == [3, None, None, 2, None, 1]


def test_weakest_is_every_dimension_at_the_lowest_rating() -> None:
    model = _readiness(technology="low", skills="low", mindset="medium", legal="high")
    assert [s.dimension for s in weakest(model)] == ["technology", "skills"]
    assert weakest(_readiness(technology="high", legal="high")) == []
    assert weakest(Readiness.empty()) == []  # type: ignore[arg-type]
    assert [s.dimension for s in weakest(_readiness(mindset="medium"))] == ["mindset"]


def test_suggestions_point_weak_dimensions_to_real_resources() -> None:
    model = _readiness(technology="medium", skills="low", legal="high")
    found = suggestions(model)
    assert [(s.dimension, s.rating) for s in found] == [
        ("skills", Rating.LOW),
        ("technology", Rating.MEDIUM),
    ]
    assert "school-of-data-fundamentals" in found[0].resource_ids
    for ids in DIMENSION_RESOURCES.values():
        for rid in ids:
            assert "readiness" in by_id(rid).cards


# reasons ---------------------------------------------------------------------------------


def test_reason_labels_put_own_reasons_last() -> None:
    model = Reasons.model_validate(
        {"reasons": ["revenue", "gain-insight"], "other_reasons": ["Our own"]}
    )
    assert reason_labels(model) == [
        "Bring in revenue",
        "Gain greater insight into user needs",
        "Our own",
    ]


# team ------------------------------------------------------------------------------------


def _person(role: str, power: str | None = None, interest: str | None = None, **kw: Any) -> Any:
    return {"role": role, "power": power, "interest": interest, **kw}


def _full_team(**extra: Any) -> Team:
    return Team.model_validate(
        {
            "people": [
                _person("head-of-service", "high", "high", name="Ann"),
                _person("cdo", "high", "low"),
                _person("data-provision-lead", "low", "high", name="Raj"),
                _person("ig-lead", "low", "low"),
            ],
            **extra,
        }
    )


def test_power_interest_grid_places_each_person() -> None:
    team = _full_team()
    team.people.append(team.people[0].model_copy(update={"power": None, "name": "Zed"}))
    grid = power_interest_grid(team)
    placed = {q: [p.label for p in people] for q, people in grid.quadrants.items()}
    assert placed == {
        Quadrant.MANAGE_CLOSELY: ["Ann (Head of Service)"],
        Quadrant.KEEP_SATISFIED: ["Chief Digital / Data / Information Officer"],
        Quadrant.KEEP_INFORMED: ["Raj (Data Provision Lead)"],
        Quadrant.MONITOR: ["Information Governance Lead"],
    }
    assert [p.name for p in grid.unplaced] == ["Zed"]
    assert team.power_interest_grid() == grid


def test_raci_matrix_resolves_names_and_roles() -> None:
    team = _full_team(
        raci=[
            {
                "decision": "Approve the business case",
                "responsible": ["ann", "Raj"],
                "accountable": "Chief Digital / Data / Information Officer",
                "consulted": ["ig-lead", "Outside Person"],
                "informed": ["Ann"],
            },
            {"decision": "Confirm governance"},
        ]
    )
    matrix = raci_matrix(team)
    assert matrix.decisions == ["Approve the business case", "Confirm governance"]
    assert matrix.people[-1] == "Outside Person"
    decision = "Approve the business case"
    assert matrix.cell(decision, "Ann (Head of Service)") == "R/I"
    assert matrix.cell(decision, "Raj (Data Provision Lead)") == "R"
    assert matrix.cell(decision, "Chief Digital / Data / Information Officer") == "A"
    assert matrix.cell(decision, "Information Governance Lead") == "C"
    assert matrix.cell("Confirm governance", "Ann (Head of Service)") == ""


def test_a_complete_team_has_no_gaps() -> None:
    team = _full_team(
        raci=[{"decision": "Sign the agreement", "responsible": ["Ann"], "accountable": "Ann"}]
    )
    assert gaps(team) == []


def test_gaps_name_what_the_toolkit_expects() -> None:
    team = Team.model_validate(
        {
            "people": [_person("data-analyst", "low", "high")],
            "raci": [{"decision": "Approve the DPIA"}],
        }
    )
    messages = " | ".join(g.message for g in gaps(team))
    assert "information governance" in messages
    assert "Data Provision Lead" in messages
    assert "senior sponsor" in messages
    assert "service" in messages
    assert "No one is Accountable for: Approve the DPIA" in messages
    provision = next(g for g in gaps(team) if "Data Provision Lead" in g.message)
    assert "early" in provision.hint
    assert any(g.field == "raci[0].accountable" for g in gaps(team))


def test_an_empty_team_has_one_gap_that_says_how_to_fill_it() -> None:
    (gap,) = gaps(Team.empty())  # type: ignore[arg-type]
    assert "cds discover team" in gap.hint


def test_unrated_people_are_a_gap() -> None:
    team = _full_team()
    team.people[0] = team.people[0].model_copy(update={"interest": None})
    assert any("Ann (Head of Service)" in g.message for g in gaps(team))


# ecosystem -------------------------------------------------------------------------------


def _ecosystem() -> Ecosystem:
    return Ecosystem.model_validate(
        {
            "organisations": [
                {
                    "name": "Land Registry",
                    "type": "data-producer",
                    "relationships": ["could-provide-data"],
                },
                {"name": "ODI", "type": "support-organisation", "relationships": ["support"]},
                {
                    "name": "Ordnance Survey",
                    "type": "data-producer",
                    "relationships": ["could-use-our-data"],
                },
                {"name": "Someone"},
            ],
            "who_could_use_our_data": ["ordnance survey", "App makers"],
        }
    )


def test_by_type_follows_the_toolkit_order_untyped_last() -> None:
    groups = by_type(_ecosystem())
    assert list(groups) == [EcosystemType.DATA_PRODUCER, EcosystemType.SUPPORT_ORGANISATION, None]
    assert [o.name for o in groups[EcosystemType.DATA_PRODUCER]] == [
        "Land Registry",
        "Ordnance Survey",
    ]


def test_potential_users_merge_without_duplicates() -> None:
    assert potential_users(_ecosystem()) == ["Ordnance Survey", "App makers"]


def test_partners_on_the_ecosystem_map() -> None:
    project = ProjectConfig.model_validate(
        {
            "name": "Rates",
            "organisation": "Belfast City Council",
            "partners": [{"name": "land registry"}, {"name": "Future Cities Catapult"}],
        }
    )
    coverage = partner_coverage(_ecosystem(), project)
    assert coverage.on_card == ["land registry"]
    assert coverage.missing == ["Future Cities Catapult"]
    picture = ecosystem_map(_ecosystem(), project)
    assert picture.centre == "Belfast City Council"
    assert picture.partners_missing == ["Future Cities Catapult"]
    assert ecosystem_map(_ecosystem()).centre == "Our organisation"


# data-systems ----------------------------------------------------------------------------


def test_flagged_datasets_are_personal_yes_or_unsure() -> None:
    model = DataSystems.model_validate(
        {
            "datasets": [
                {"title": "A", "personal_data": "no"},
                {"title": "B", "personal_data": "yes"},
                {"title": "C", "personal_data": "unsure"},
                {"title": "D"},
            ]
        }
    )
    assert [d.title for d in flagged(model)] == ["B", "C"]
    assert [d.title for d in unanswered_personal(model)] == ["D"]


def test_dataset_system_must_be_a_listed_system() -> None:
    model = DataSystems.model_validate(
        {
            "datasets": [{"title": "A", "system": "academy "}, {"title": "B", "system": "Nope"}],
            "systems": [{"name": "Academy"}],
        }
    )
    (issue,) = model.cross_check({}, PROJECT)
    assert issue.field == "datasets[1].system"
    no_systems = DataSystems.model_validate({"datasets": [{"title": "A", "system": "X"}]})
    assert no_systems.cross_check({}, PROJECT) == []


# others-data -----------------------------------------------------------------------------


def test_holders_not_on_the_ecosystem_card_are_link_issues() -> None:
    others = OthersData.model_validate(
        {
            "datasets": [
                {"title": "Titles", "holder": "land registry"},
                {"title": "AddressBase", "holder": "GeoPlace"},
                {"title": "Unknown"},
            ]
        }
    )
    (issue,) = others.cross_check({"ecosystem": _ecosystem()}, PROJECT)
    assert issue.field == "datasets[1].holder"
    assert "GeoPlace" in issue.message
    assert issue.hint is not None and "cds discover ecosystem" in issue.hint
    assert others.cross_check({}, PROJECT) == []  # checked once the ecosystem card exists
    assert holders(others) == ["land registry", "GeoPlace"]


# canvas ----------------------------------------------------------------------------------


def _discovery_cards() -> dict[str, Any]:
    return {
        "reasons": Reasons.model_validate(
            {
                "user_needs": ["Find a charger"],
                "organisational_aims": ["Cleaner air"],
                "reasons": ["gain-insight"],
            }
        ),
        "team": _full_team(),
        "ecosystem": _ecosystem(),
        "data-systems": DataSystems.model_validate(
            {"datasets": [{"title": "Rates", "owner": "Rates team", "personal_data": "unsure"}]}
        ),
        "others-data": OthersData.model_validate(
            {"datasets": [{"title": "Titles", "holder": "Land Registry", "availability": "paid"}]}
        ),
    }


def test_canvas_boxes_summarise_every_discovery_card() -> None:
    boxes = canvas_boxes(None, _discovery_cards())
    assert [b.box for b in boxes.boxes] == list(CanvasBox)
    assert boxes.gaps == []
    assert boxes[CanvasBox.ORGANISATION_AIMS].lines == [
        "Cleaner air",
        "Why share: Gain greater insight into user needs",
    ]
    assert boxes[CanvasBox.USER_NEEDS].lines == ["Find a charger"]
    assert boxes[CanvasBox.INTERNAL_STAKEHOLDERS].source_card == "team"
    assert "Ann (Head of Service)" in boxes[CanvasBox.INTERNAL_STAKEHOLDERS].lines
    assert boxes[CanvasBox.EXTERNAL_ECOSYSTEM].lines[0] == (
        "Land Registry (Data producer): could provide data to us"
    )
    assert boxes[CanvasBox.INTERNAL_DATA].lines == [
        "Rates (Rates team, personal data: not sure yet)"
    ]
    assert boxes[CanvasBox.EXTERNAL_DATA].lines == ["Titles (Land Registry, paid)"]


def test_canvas_edits_add_or_replace() -> None:
    canvas = Canvas.model_validate(
        {
            "user_needs": ["Plan routes"],
            "internal_data": ["Only this"],
            "replaced_boxes": ["internal-data"],
        }
    )
    boxes = canvas_boxes(canvas, _discovery_cards())
    assert boxes[CanvasBox.USER_NEEDS].lines == ["Find a charger", "Plan routes"]
    assert boxes[CanvasBox.USER_NEEDS].edited
    assert boxes[CanvasBox.INTERNAL_DATA].lines == ["Only this"]
    assert not boxes[CanvasBox.EXTERNAL_DATA].edited


def test_canvas_with_missing_cards_names_the_commands() -> None:
    boxes = canvas_boxes(Canvas.empty(), {"team": _full_team()})  # type: ignore[arg-type]
    gap_cards = [b.source_card for b in boxes.gaps]
    assert gap_cards == ["reasons", "reasons", "ecosystem", "data-systems", "others-data"]
    assert "`cds discover reasons`" in (boxes[CanvasBox.USER_NEEDS].gap or "")
    empty_team = canvas_boxes(None, {"team": Team.empty()})
    assert "has nothing" in (empty_team[CanvasBox.INTERNAL_STAKEHOLDERS].gap or "")


def test_partners_missing_from_the_ecosystem_card_are_link_issues() -> None:
    project = ProjectConfig.model_validate(
        {"name": "T", "partners": [{"name": "Land Registry"}, {"name": "NHS Trust"}]}
    )
    (issue,) = _ecosystem().cross_check({}, project)
    assert "NHS Trust" in issue.message and issue.field == "organisations"
    internal = ProjectConfig.model_validate({**project.model_dump(), "reach": "internal"})
    assert _ecosystem().cross_check({}, internal) == []


def test_raci_names_must_be_on_the_team_list() -> None:
    team = Team.model_validate(
        {
            "people": [{"role": "head-of-service", "name": "Tom Reed"}, {"role": "lawyer"}],
            "raci": [
                {
                    "decision": "Sign",
                    "responsible": ["Lawyer / Legal"],
                    "accountable": "Tom Reid",
                    "informed": ["Head of Service"],
                }
            ],
        }
    )
    (issue,) = team.cross_check({}, PROJECT)
    assert issue.field == "raci[0].accountable" and "'Tom Reid'" in issue.message


def test_personal_data_answers_must_agree_with_the_project() -> None:
    data = DataSystems.model_validate({"datasets": [{"title": "Licences", "personal_data": "yes"}]})
    said_no = ProjectConfig.model_validate({"name": "T", "personal_data": "no"})
    said_yes = ProjectConfig.model_validate({"name": "T", "personal_data": "yes"})
    (issue,) = data.cross_check({}, said_no)
    assert "holds personal data" in issue.message and issue.field == "datasets[0].personal_data"
    assert data.cross_check({}, said_yes) == []


def test_people_listed_alike_are_one_raci_column() -> None:
    team = Team.model_validate(
        {
            "card": "team",
            "people": [
                {"role": "data-analyst"},
                {"role": "data-analyst"},
                {"name": "Sam Lee", "role": "lawyer"},
                {"name": "Sam Lee", "role": "lawyer"},
            ],
            "raci": [
                {
                    "decision": "Share the data",
                    "responsible": ["data-analyst"],
                    "consulted": ["Sam Lee", "Outside Person", "outside  person"],
                }
            ],
        }
    )
    matrix = raci_matrix(team)
    assert len(matrix.people) == len(set(matrix.people))
    analyst, sam = matrix.people[:2]
    assert analyst.startswith("Data Analyst") and sam.startswith("Sam Lee (")
    assert matrix.cell("Share the data", analyst) == "R"
    assert matrix.cell("Share the data", sam) == "C"
