"""Every card model: its questions walk, partial cards validate, required gaps are listed."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import BaseModel, ValidationError

from citydata_share.cards.base import CardModel
from citydata_share.questions import AskContext, Kind, missing, questions_of
from citydata_share.registry import BY_ID, CARDS

MODEL_CARDS = [c for c in CARDS if c.has_wizard]


def test_every_card_has_a_model() -> None:
    assert [c.id for c in MODEL_CARDS] == [c.id for c in CARDS]
    for card in CARDS:
        assert card.model().card_id == card.id


def _walk(model: type[BaseModel], seen: list[str], prefix: str = "") -> None:
    questions = questions_of(model)
    names = {q.name for q in questions}
    for q in questions:
        assert q.prompt.strip(), f"{prefix}{q.name} has no prompt"
        seen.append(prefix + q.name)
        if q.kind in (Kind.CHOICE, Kind.MULTI):
            assert q.choices is not None
            for member in q.choices:
                assert getattr(member, "label", "").strip()
        if q.ask.other:
            assert q.ask.other in names, f"{q.name}: other field {q.ask.other} missing"
        if q.kind is Kind.RECORDS:
            assert q.model is not None
            assert q.ask.item != "item", f"{q.name}: say what one record is called"
            if q.ask.label:
                assert q.ask.label in q.model.model_fields
        if q.model is not None:
            _walk(q.model, seen, f"{prefix}{q.name}.")
        if q.ask.when is not None:
            q.applies(AskContext(role="both", answers={}, card={}))


@pytest.mark.parametrize("card", MODEL_CARDS, ids=lambda c: c.id)
def test_every_field_is_asked(card: typing.Any) -> None:
    model = card.model()
    assert model.card_id == card.id
    seen: list[str] = []
    _walk(model, seen)
    envelope = {"card", "title", "schema_version"}
    written = {  # kept by a command (e.g. `cds data`), never asked
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and "written_by" in info.json_schema_extra
    }
    assert set(model.model_fields) - envelope - written <= {s for s in seen if "." not in s}


@pytest.mark.parametrize("card", MODEL_CARDS, ids=lambda c: c.id)
def test_empty_card_validates_and_round_trips(card: typing.Any) -> None:
    model = card.model()
    empty = model.empty()
    assert empty.card == card.id
    assert empty.title == BY_ID[card.id].title
    again = model.model_validate(empty.to_file_data())
    assert again == empty
    assert isinstance(model.guidance, str) and len(model.guidance) > 100


@pytest.mark.parametrize("card", MODEL_CARDS, ids=lambda c: c.id)
def test_unknown_keys_are_refused(card: typing.Any) -> None:
    with pytest.raises(ValidationError):
        card.model().model_validate({"no_such_question": "x"})


@pytest.mark.parametrize(
    ("card_id", "role", "expected"),
    [
        (
            "readiness",
            "both",
            [
                f"{d}.rating"
                for d in ("technology", "mindset", "resources", "skills", "operations", "legal")
            ],
        ),
        (
            "reasons",
            "both",
            [
                "user_needs",
                "organisational_aims",
                "reasons",
                "can_do_without",
                "why_sharing_needed",
                "minimum_data",
                "pattern_of_exchange",
            ],
        ),
        ("team", "both", ["people"]),
        ("ecosystem", "both", ["know_who_could_help", "organisations"]),
        ("data-systems", "both", ["how_identified", "datasets", "checked_not_held"]),
        ("data-systems", "provider", ["how_identified", "datasets"]),
        ("others-data", "both", ["datasets"]),
        ("canvas", "both", []),
    ],
)
def test_missing_on_an_empty_card(card_id: str, role: str, expected: list[str]) -> None:
    model = BY_ID[card_id].model()
    assert missing(model, model.empty().model_dump(mode="json"), role) == expected


def _load(card_id: str, data: dict[str, typing.Any]) -> CardModel:
    return BY_ID[card_id].model().model_validate(data)


def test_reasons_other_answers_count_and_minimisation_skips_when_not_needed() -> None:
    reasons = _load(
        "reasons",
        {
            "user_needs": ["find a charger"],
            "organisational_aims": ["cut emissions"],
            "other_reasons": ["our own reason"],
            "can_do_without": "yes",
            "pattern_of_exchange": "mutual",
        },
    )
    assert missing(type(reasons), reasons.model_dump(mode="json"), "both") == []


def test_personal_data_detail_is_asked_only_when_yes_or_unsure() -> None:
    cards = _load(
        "data-systems",
        {
            "how_identified": ["through-systems"],
            "checked_not_held": "true",
            "datasets": [
                {
                    "title": "Rates",
                    "personal_data": "no",
                    "owner": "Rates team",
                    "format": "CSV",
                    "description": "d",
                },
                {
                    "title": "Licences",
                    "personal_data": "unsure",
                    "owner": "Licensing",
                    "format": "XLSX",
                    "description": "d",
                },
            ],
        },
    )
    assert missing(type(cards), cards.model_dump(mode="json"), "both") == [
        "datasets[1].personal_data_what"
    ]


def test_receiver_questions_are_skipped_for_a_provider() -> None:
    model = BY_ID["data-systems"].model()
    by_name = {q.name: q for q in questions_of(model)}
    provider = AskContext(role="provider", answers={}, card={})
    receiver = AskContext(role="receiver", answers={}, card={})
    assert not by_name["combine_with"].applies(provider)
    assert by_name["combine_with"].applies(receiver)
    assert by_name["all_available_listed"].applies(provider)
    assert not by_name["all_available_listed"].applies(receiver)
    datasets = by_name["datasets"]
    assert datasets.prompt_for("provider") != datasets.prompt_for("receiver")


def test_links_must_be_web_addresses() -> None:
    with pytest.raises(ValidationError, match="web address"):
        _load("others-data", {"datasets": [{"title": "x", "url": "not a link"}]})
    ok = _load("others-data", {"datasets": [{"title": "x", "url": " https://example.org/a "}]})
    assert ok.datasets[0].url == "https://example.org/a"  # type: ignore[attr-defined]


def test_literal_yaml_text_becomes_typed_values() -> None:
    canvas = _load("canvas", {"workshop_date": "2018-06-01", "replaced_boxes": ["user-needs"]})
    assert canvas.workshop_date == dt.date(2018, 6, 1)  # type: ignore[attr-defined]
    team = _load("team", {"people": [{"role": "data-provision-lead", "key_player": "true"}]})
    assert team.people[0].key_player is True  # type: ignore[attr-defined]


def test_team_raci_suggests_the_default_decisions() -> None:
    from citydata_share.cards.team import DEFAULT_DECISIONS, Team

    raci = next(q for q in questions_of(Team) if q.name == "raci")
    assert [d["decision"] for d in raci.ask.default] == list(DEFAULT_DECISIONS)
    assert "Sign the data sharing agreement" in DEFAULT_DECISIONS
    assert Team.empty().raci == []  # type: ignore[attr-defined]


def test_role_catalogue_has_nineteen_roles_in_seven_groups() -> None:
    from citydata_share.cards.team import CATALOGUE, ROLE_GROUP, RoleGroup, TeamRole

    assert len(CATALOGUE) == 19
    assert set(TeamRole) - set(CATALOGUE) == {TeamRole.OTHER}  # cds's "Other role"
    assert set(ROLE_GROUP) == set(TeamRole)
    assert {ROLE_GROUP[r] for r in CATALOGUE} == set(RoleGroup) - {RoleGroup.OTHER}
    assert ROLE_GROUP[TeamRole.OTHER] is RoleGroup.OTHER


def test_toolkit_lists_are_complete() -> None:
    from citydata_share.cards.data_systems import HowIdentified
    from citydata_share.cards.ecosystem import TOOLKIT_TYPES, EcosystemType, Relationship
    from citydata_share.cards.others_data import Availability, HowFound
    from citydata_share.cards.reasons import PatternOfExchange, ReasonToShare

    assert len(ReasonToShare) == 10
    assert len(PatternOfExchange) == 3
    assert len(TOOLKIT_TYPES) == 12
    assert set(EcosystemType) - set(TOOLKIT_TYPES) == {
        EcosystemType.PUBLIC_SECTOR_PARTNER,
        EcosystemType.OTHER,
    }
    assert len(Relationship) == 5
    assert len(HowIdentified) == 5
    assert len(HowFound) == 5
    assert [a.value for a in Availability] == ["open", "on-request", "paid", "unknown"]
    assert "Ordnance Survey" in EcosystemType.DATA_PRODUCER.help


def test_has_answers_says_what_answers_holds() -> None:
    """The board asks has_answers() of every card it checks; it must agree with answers()."""
    from pathlib import Path

    from citydata_share.registry import CARDS
    from citydata_share.store import open_project

    belfast = open_project(Path(__file__).parent.parent / "examples" / "belfast")
    for card in CARDS:
        model_cls = card.model()
        empty = model_cls.model_validate({"card": card.id, "title": "Any title"})
        assert empty.has_answers() is bool(empty.answers()) is False, card.id
        with_notes = model_cls.model_validate({"card": card.id, "notes": "A note"})
        assert with_notes.has_answers() is bool(with_notes.answers()) is True, card.id
        saved = belfast.load_card(card.id)
        if saved is not None:
            assert saved.has_answers() is bool(saved.answers()), card.id
            for name in type(saved).model_fields:
                # Each answer alone, set to its default and to what Belfast says.
                one = model_cls.model_validate(
                    {"card": card.id, name: getattr(saved, name)}
                    if name not in ("card", "title", "schema_version")
                    else {"card": card.id}
                )
                assert one.has_answers() is bool(one.answers()), (card.id, name)
