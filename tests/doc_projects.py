"""Projects for document tests: every question of every card answered, from the models.

:func:`fill_every_card` walks each card's questions (``questions_of``, records and groups
included), answers every one that applies for a project whose role is "both", and writes the
cards. Text answers come from a function, so the same walk gives a project of unique markers
(does every answer reach a document?) or a project full of hostile text (does any answer
break a document?). Choices and yes/no answers are picked so that as many later questions
as possible apply (a flowchart's deeper branch, "other" with its text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from citydata_share.questions import AskContext, Choice, Kind, Question, questions_of
from citydata_share.registry import CARDS
from citydata_share.store import Project

ROLE = "both"
FIRST_DATE = dt.date(2031, 1, 6)

# Answers the generic walk cannot guess: numbers with a range, by "card.field" (records
# and groups add their field: "business-case.costs_and_benefits.first_year").
NUMBERS: dict[str, Callable[[int], int | float]] = {
    "business-case.appraisal_period": lambda n: 7,
    "business-case.costs_and_benefits.first_year": lambda n: 1,
    "business-case.costs_and_benefits.last_year": lambda n: 3,
}

# Dates that must come after the card's others (the walk gives dates in field order).
LATE_DATES = {"review.next_review"}


@dataclass
class Expected:
    """One answer given, and the ways a document may show it."""

    card: str
    path: str  # dotted, e.g. "exchanges[0].gives"
    kind: Kind
    shown_as: list[str]  # any one of these in a document counts as shown


@dataclass
class Confirmed:
    """A yes/no answer given: it has no marker, so a test turns it over instead."""

    card: str
    path: str
    value: bool


@dataclass
class Filled:
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: list[Expected] = field(default_factory=list)
    confirms: list[Confirmed] = field(default_factory=list)


def _date_forms(day: dt.date) -> list[str]:
    return [day.isoformat(), f"{day.day} {day:%B %Y}", f"{day.day} {day:%b %Y}"]


def _number_forms(value: float) -> list[str]:
    whole = int(value)
    return [f"{whole:,}", str(whole), f"£{whole:,}"]


class _Walker:
    def __init__(self, text_for: Callable[[str], str], card_id: str, filled: Filled) -> None:
        self.text_for = text_for
        self.card_id = card_id
        self.filled = filled
        self.count = 0

    def _serial(self) -> int:
        self.count += 1
        return self.count

    def text(self, path: str) -> str:
        return self.text_for(f"{self.card_id}.{path}")

    def expect(self, path: str, kind: Kind, shown_as: list[str]) -> None:
        self.filled.expected.append(Expected(self.card_id, path, kind, shown_as))

    def model(
        self, model: type[BaseModel], prefix: str, card: dict[str, Any], dotted: str
    ) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        root = not prefix
        if root:
            card = answers  # the card's own answers: what `when` conditions look at
        questions = questions_of(model)
        for i, q in enumerate(questions):
            ctx = AskContext(role=ROLE, answers=answers, card=card)
            if not q.applies(ctx):
                continue
            if any(q.name == other.ask.other for other in questions):
                continue  # an "other" text: answered with its choice
            later = questions[i + 1 :]
            value = self.answer(q, later, answers, card, f"{prefix}{q.name}", f"{dotted}{q.name}")
            if value is not None:
                answers[q.name] = value
        return answers

    def _best(
        self,
        q: Question,
        candidates: list[Any],
        later: list[Question],
        answers: dict[str, Any],
        card: dict[str, Any],
    ) -> Any:
        """The candidate under which the most later questions apply (the first on a tie)."""

        def reach(value: Any) -> int:
            trial = {**answers, q.name: value}
            whole = trial if card is answers else card
            return sum(1 for other in later if other.applies(AskContext(ROLE, trial, whole)))

        return max(candidates, key=reach)

    def answer(
        self,
        q: Question,
        later: list[Question],
        answers: dict[str, Any],
        card: dict[str, Any],
        path: str,
        dotted: str,
    ) -> Any:
        kind = q.kind
        if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.PICK):  # a picked name is text too
            value = self.text(dotted)
            self.expect(path, kind, [value])
            return value
        if kind is Kind.URL:
            value = "https://example.org/" + "-".join(self.text(dotted).split())
            self.expect(path, kind, [value])
            return value
        if kind in (Kind.TEXT_LIST, Kind.PICK_LIST):
            value = self.text(dotted)
            self.expect(path, kind, [value])
            return [value]
        if kind is Kind.NUMBER:
            special = NUMBERS.get(f"{self.card_id}.{dotted}")
            number = special(self._serial()) if special else 9000 + 37 * self._serial()
            number = int(number) if q.integer else float(number)
            if special is None:
                self.expect(path, kind, _number_forms(number))
            return number
        if kind is Kind.DATE:
            late = f"{self.card_id}.{dotted}" in LATE_DATES
            day = FIRST_DATE + dt.timedelta(days=29 * self._serial() + (3650 if late else 0))
            self.expect(path, kind, _date_forms(day))
            return day.isoformat()
        if kind is Kind.CONFIRM:
            value = self._best(q, [True, False], later, answers, card)
            self.filled.confirms.append(Confirmed(self.card_id, path, value))
            return value
        if kind is Kind.CHOICE:
            assert q.choices is not None
            members: list[Choice] = list(q.choices)  # type: ignore[arg-type]
            if q.ask.other and any(m.value == "other" for m in members):
                chosen = next(m for m in members if m.value == "other")
                text = self.text(f"{dotted}.other")
                answers[q.ask.other] = text
                self.expect(path[: -len(q.name)] + q.ask.other, Kind.TEXT, [text])
                return chosen.value
            values = [m.value for m in members]
            chosen_value = self._best(q, values, later, answers, card)
            chosen = q.choices(chosen_value)
            self.expect(path, kind, [chosen.label, chosen.short])
            return chosen_value
        if kind is Kind.MULTI:
            assert q.choices is not None
            picked = [m for m in q.choices if m.value != "other"]  # type: ignore[attr-defined]
            for m in picked:
                self.expect(path, kind, [m.label, m.short])
            if q.ask.other:
                text = self.text(f"{dotted}.other")
                answers[q.ask.other] = [text]
                self.expect(path[: -len(q.name)] + q.ask.other, Kind.TEXT_LIST, [text])
            return [m.value for m in picked]
        if kind is Kind.RECORDS:
            assert q.model is not None
            return [self.model(q.model, f"{path}[0].", card, f"{dotted}.")]
        if kind is Kind.GROUP:
            assert q.model is not None
            return self.model(q.model, f"{path}.", card, f"{dotted}.")
        raise AssertionError(f"no answer for a {kind} question ({path})")


def card_ids() -> list[str]:
    """Every card that has questions (a model of its own)."""
    return [card.id for card in CARDS if card.has_wizard]


def fill_every_card(
    project: Project, text_for: Callable[[str], str], only: Mapping[str, bool] | None = None
) -> Filled:
    """Answer every applicable question of every card, writing the card files."""
    filled = Filled()
    for card in CARDS:
        if not card.has_wizard or (only is not None and not only.get(card.id, False)):
            continue
        walker = _Walker(text_for, card.id, filled)
        answers = walker.model(card.model(), "", {}, "")
        card.model().model_validate({"card": card.id, **answers})  # a clear failure here
        filled.cards[card.id] = answers
        path = project.card_path(card.id)
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            yaml.safe_dump(
                {"card": card.id, **answers}, sort_keys=False, allow_unicode=True, width=1000
            ),
            encoding="utf-8",
        )
    return filled
