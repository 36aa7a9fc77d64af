"""Answers in words, and the to-dos among them, for the documents built from one card.

A to-do is shown exactly where :func:`citydata_share.questions.missing` finds a required
question unanswered (the rule `cds status` counts by); an optional question left empty reads
"not recorded" instead. Nothing here knows a particular card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.render.documents import Sources

Context = dict[str, Any]


def day(value: dt.date | None) -> str | None:
    """A date as people write it: "31 March 2017"."""
    return None if value is None else f"{value.day} {value:%B %Y}"


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def in_words(value: Any) -> Any:
    """An answer in words: a choice's label, Yes/No, a date, the text itself, or a list of
    those (the ``cell`` filters join a list's items)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return [in_words(v) for v in value]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return day(value)
    return str(getattr(value, "label", value))


def card_or_empty(sources: Sources, card_id: str, model_type: type[Any]) -> tuple[Any, bool]:
    """The card's model and True, or an empty one and False when it is not started (so
    every required question shows as a to-do)."""
    model = sources.model(card_id)
    if model is not None:
        return model, True
    return model_type.model_validate({}), False


def missing_paths(sources: Sources, card: CardModel) -> set[str]:
    """The required questions that apply and are unanswered, as dotted paths."""
    from citydata_share.questions import missing

    return set(missing(type(card), card.model_dump(mode="json"), sources.project.role))


def started_cards(sources: Sources) -> dict[str, CardModel]:
    """Every started card's model, by card id (what the cards' cross-card advice reads)."""
    return {
        card_id: status.model
        for card_id, status in sources.statuses.items()
        if status.model is not None
    }


def fact(label: str, value: Any, todo: str | None = None, empty: str = "not recorded") -> Context:
    """A labelled answer for a two-column table; ``todo``: the to-do shown instead."""
    return {"label": label, "value": in_words(value), "todo": todo, "empty": empty}


def _at(card: Any, path: str) -> Any:
    for name in path.split("."):
        card = getattr(card, name)
    return card


def facts(card: Any, spec: Sequence[tuple[str, str, str]], missing: set[str]) -> list[Context]:
    """Rows for a table of answers: (label, dotted path on the card, to-do when missing)."""
    return [
        fact(label, _at(card, path), todo if path in missing else None)
        for label, path, todo in spec
    ]
