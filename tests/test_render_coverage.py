"""Every answered field of every card reaches at least one document.

A project where every question of every card that applies (records and groups included, role
"both") holds a unique marker is rendered in both formats; each marker must appear in some
document: text as typed, a choice as its label, a number or a date as a document writes it.
A yes/no answer has no marker of its own, so it is turned over instead: some document that
draws on its card must change.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from citydata_share.cards.dpia import Art35Criterion
from citydata_share.project import ProjectConfig
from citydata_share.questions import Kind
from citydata_share.render.documents import documents, render
from citydata_share.store import Project, create_project
from doc_projects import Expected, Filled, card_ids, fill_every_card

DATE = dt.date(2024, 5, 17)

# Cards whose documents are not on this branch yet, each with the document that will show
# it. Strict: once that document lands and the card's answers reach it, the XPASS fails the
# run until the entry is removed here.
NO_DOCUMENT_YET = {}


# Choices a document states in its own words instead of the choice's label, by card and
# field (record indices left out): the words that show the answer.
SHOWN_IN_OWN_WORDS = {
    ("business-case", "costs_and_benefits.recurrence"): ["each year, year", "once, year"],
    # A note's criterion is shown in its own list, under the list's heading, by its own label.
    ("approvals", "dpia_screening.criterion_notes.criterion"): [
        member.label for member in Art35Criterion
    ],
}


def _forms(e: Expected) -> list[str]:
    return e.shown_as + SHOWN_IN_OWN_WORDS.get((e.card, re.sub(r"\[\d+\]", "", e.path)), [])


def _cases() -> list[Any]:
    return [
        pytest.param(
            card,
            marks=pytest.mark.xfail(strict=True, reason=NO_DOCUMENT_YET[card])
            if card in NO_DOCUMENT_YET
            else (),
        )
        for card in card_ids()
    ]


@dataclass
class Rendered:
    project: Project
    filled: Filled
    texts: dict[str, str]


def _render(project: Project, out: Path, names: list[str] | None = None) -> dict[str, str]:
    render(project, names or [d.name for d in documents()], ("md", "html"), out, DATE)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    tmp = tmp_path_factory.mktemp("markers")
    config = ProjectConfig.model_validate(
        {"name": "Markers", "organisation": "Org", "role": "both"}
    )
    project = create_project(tmp / "project", config, git=False).project
    serial = itertools.count(1)
    filled = fill_every_card(project, lambda path: f"Mark{next(serial):04d}q")
    return Rendered(project, filled, _render(project, tmp / "out"))


def _set(answers: Any, path: str, value: Any) -> None:
    keys: list[Any] = []
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        keys.append(name)
        if index:
            keys.append(int(index))
    for key in keys[:-1]:
        answers = answers[key]
    answers[keys[-1]] = value


@pytest.mark.parametrize("card", _cases())
def test_every_answer_of_the_card_reaches_a_document(
    card: str, marked: Rendered, tmp_path: Path
) -> None:
    everything = "\n".join(marked.texts.values())
    expected = [e for e in marked.filled.expected if e.card == card]
    assert expected, f"nothing answered on {card}: the walk found no question"
    missing = [
        f"{e.path} ({e.kind.value}): {e.shown_as[0]!r}"
        for e in expected
        if not any(form in everything for form in _forms(e))
    ]
    assert not missing, f"answers of {card} that no document shows:\n" + "\n".join(missing)

    # yes/no answers: turned over, some document drawing on the card must change
    flips = [e for e in marked.filled.confirms if e.card == card]
    drawing = [d.name for d in documents() if card in d.cards]
    unchanged = []
    for e in flips:
        copy = tmp_path / f"flip-{e.path}"
        shutil.copytree(marked.project.root, copy, ignore=shutil.ignore_patterns("reports"))
        answers = dict(marked.filled.cards[card])
        answers = yaml.safe_load(yaml.safe_dump(answers))
        _set(answers, e.path, not e.value)
        (copy / "cards" / f"{card}.yaml").write_text(
            yaml.safe_dump({"card": card, **answers}, sort_keys=False), encoding="utf-8"
        )
        from citydata_share.store import open_project

        flipped = _render(open_project(copy), copy / "out", drawing)
        if all(flipped[name] == marked.texts[name] for name in flipped):
            unchanged.append(e.path)
    assert not unchanged, f"yes/no answers of {card} that no document shows: {unchanged}"


def test_the_walk_answers_every_kind_of_question(marked: Rendered) -> None:
    kinds = {e.kind for e in marked.filled.expected}
    assert {Kind.TEXT, Kind.LONG_TEXT, Kind.TEXT_LIST, Kind.CHOICE, Kind.MULTI} <= kinds
    assert {Kind.NUMBER, Kind.DATE, Kind.URL} <= kinds
    assert marked.filled.confirms
    # records are walked: a dataset's title and an exchange's organisation are markers
    paths = {(e.card, e.path) for e in marked.filled.expected}
    assert ("data-systems", "datasets[0].title") in paths
    assert ("reasons", "exchanges[0].gives") in paths
