"""questions.missing, which works each model's checks out once, says what the plain walk over
the questions says, for every card, every role, and answers with gaps made anywhere."""

from __future__ import annotations

import contextlib
import copy
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from citydata_share.questions import (
    OTHER_CHOICE,
    AskContext,
    Kind,
    _other_fields_of,
    _questions_of,
    is_answered,
    missing,
)
from citydata_share.registry import CARDS
from citydata_share.store import open_project

BELFAST = Path(__file__).parent.parent / "examples" / "belfast"


def reference(
    model: type[BaseModel],
    answers: Mapping[str, Any],
    role: str,
    card: Mapping[str, Any] | None = None,
    prefix: str = "",
) -> list[str]:
    """The walk as it was written first: each question's rules read as it is met."""
    card = answers if card is None else card
    gaps: list[str] = []
    ctx = AskContext(role=role, answers=answers, card=card)
    for q in _questions_of(model):
        if q.name in _other_fields_of(model) or not q.applies(ctx):
            continue
        value = answers.get(q.name)
        path = f"{prefix}{q.name}"
        if q.kind is Kind.MULTI and q.ask.other and is_answered(answers.get(q.ask.other)):
            value = value or ["other"]
        if q.ask.required and not is_answered(value):
            gaps.append(path)
            continue
        if (
            q.kind is Kind.CHOICE
            and q.ask.other
            and value == OTHER_CHOICE
            and not is_answered(answers.get(q.ask.other))
        ):
            gaps.append(f"{prefix}{q.ask.other}")
        if q.model is not None and q.kind is Kind.GROUP and isinstance(value, Mapping):
            gaps += reference(q.model, value, role, card, f"{path}.")
        elif q.model is not None and q.kind is Kind.RECORDS and isinstance(value, list):
            for i, record in enumerate(value):
                if isinstance(record, Mapping):
                    gaps += reference(q.model, record, role, card, f"{path}[{i}].")
    return gaps


@pytest.fixture(scope="module")
def belfast_cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("missing") / "belfast"
    shutil.copytree(BELFAST, root, ignore=shutil.ignore_patterns("reports", ".cds"))
    project = open_project(root)
    found = {}
    for card in CARDS:
        model = project.load_card(card.id)
        if model is not None:
            found[card.id] = model.model_dump(mode="json")
    return found


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and item in ``data``, as paths."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*path, key))
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.append((*path, i))
            found += _places(value, (*path, i))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


GAPS = st.sampled_from([None, "", [], {}, OTHER_CHOICE, "something", ["other"], True])


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.data())
def test_missing_is_the_plain_walk(belfast_cards: dict[str, dict[str, Any]], data: Any) -> None:
    card = data.draw(st.sampled_from(sorted(belfast_cards)))
    answers = copy.deepcopy(belfast_cards[card])
    places = _places(answers)
    for path in data.draw(st.lists(st.sampled_from(places), max_size=6)) if places else []:
        gap = data.draw(GAPS)
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _set(answers, path, gap)  # fails for a place inside one already replaced
    model = next(c for c in CARDS if c.id == card).model()
    for role in ("both", "provider", "receiver"):
        assert missing(model, answers, role) == reference(model, answers, role)


def test_missing_is_the_plain_walk_for_any_one_gap(
    belfast_cards: dict[str, dict[str, Any]],
) -> None:
    compared = 0
    for card, answers in belfast_cards.items():
        model = next(c for c in CARDS if c.id == card).model()
        for path in _places(answers):
            for gap in (None, [], OTHER_CHOICE, ["other"]):
                changed = copy.deepcopy(answers)
                _set(changed, path, gap)
                for role in ("both", "provider", "receiver"):
                    found = missing(model, changed, role)
                    assert found == reference(model, changed, role), (card, path, gap, role)
                    compared += bool(found)
    assert compared > 1000  # gaps were made, not only complete cards compared
