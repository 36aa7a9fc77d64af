"""An answers file over a large card: the saved records it does not name are taken as they
were validated on loading (check_card's ``held``), and the card is the card that validating
everything again gives; problems are reported as ever."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from citydata_share.errors import InvalidFileError
from citydata_share.registry import CARDS
from citydata_share.store import Project, open_project
from citydata_share.wizard import answers as answers_file
from citydata_share.wizard.session import envelope

BELFAST = Path(__file__).parent.parent / "examples" / "belfast"


@pytest.fixture(scope="module")
def belfast(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("held") / "belfast"
    shutil.copytree(BELFAST, root, ignore=shutil.ignore_patterns("reports", ".cds"))
    return open_project(root)


def _both(
    model: type[BaseModel], saved: BaseModel, given: dict[str, Any], role: str
) -> tuple[Any, Any, dict[str, Any]]:
    answers = answers_file.merge(saved.answers(), given)  # type: ignore[attr-defined]
    filled = answers_file.fill_defaults(model, answers, role)
    held = answers_file.unchanged_records(saved, answers, {*given, *filled})
    data = envelope(next(c for c in CARDS if c.model() is model), answers)
    fast = answers_file.check_card(model, data, Path("a.yaml"), {}, held)
    slow = answers_file.check_card(model, data, Path("a.yaml"), {})
    return fast, slow, held


def test_a_card_checked_with_its_records_held_is_the_card_checked_whole(
    belfast: Project,
) -> None:
    some_held = 0
    for card in CARDS:
        saved = belfast.load_card(card.id)
        if saved is None:
            continue
        model = card.model()
        plain = saved.answers()
        # Each answer given again as it is, and notes changed: the rest held.
        for given in [{"notes": "Changed by an answers file"}, *({k: v} for k, v in plain.items())]:
            fast, slow, held = _both(model, saved, given, belfast.role)
            assert fast == slow, (card.id, list(given))
            assert fast.to_file_data() == slow.to_file_data()
            assert not set(held) & set(given)
            some_held += bool(held)
    assert some_held > 20


def test_a_problem_with_records_held_is_reported_as_ever(belfast: Project) -> None:
    saved = belfast.load_card("data-systems")
    assert saved is not None
    model = type(saved)
    given = {"all_available_listed": "perhaps"}
    answers = answers_file.merge(saved.answers(), given)
    held = answers_file.unchanged_records(saved, answers, set(given))
    assert "datasets" in held
    data = envelope(next(c for c in CARDS if c.id == "data-systems"), answers)
    lines = {("all_available_listed",): 2}
    with pytest.raises(InvalidFileError) as fast:
        answers_file.check_card(model, data, Path("a.yaml"), lines, held)
    with pytest.raises(InvalidFileError) as slow:
        answers_file.check_card(model, data, Path("a.yaml"), lines)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]
    assert fast.value.problems[0].line == 2
