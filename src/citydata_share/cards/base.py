"""What every card file has in common.

A card file starts with the card's id, its title and the schema version, so that it can be
understood on its own; then come the answers, in the order the questions are asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from citydata_share.questions import Ask, Kind

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig

CARD_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class LinkIssue:
    """A card's answer that disagrees with another card (or the project)."""

    field: str  # dotted path in this card, e.g. "datasets[2].holder"
    message: str
    hint: str | None = None


# Each set of answered fields, once: pydantic gives every record its own set of the names of
# the fields it was given (about 700 bytes), and a register of 10,000 datasets has some
# 100,000 records, nearly all with one of a few such sets. cds never reads the set (no
# ``exclude_unset``); pydantic adds to it when a field is assigned, which a shared set
# allows.
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class Record(BaseModel):
    """A record inside a card (a person, an organisation, a dataset...)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    @model_validator(mode="after")
    def _share_field_set(self) -> Record:
        given = self.__pydantic_fields_set__
        shared = _FIELD_SETS.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)
        return self


_ENVELOPE = ("card", "title", "schema_version")  # what every card file starts with


class CardModel(BaseModel):
    """Base of every card model. Subclasses set ``card_id`` and add Ask-annotated fields."""

    model_config = ConfigDict(extra="forbid")

    card_id: ClassVar[str] = ""

    card: str
    title: str
    schema_version: int = CARD_SCHEMA_VERSION
    notes: Annotated[
        str | None,
        Ask(
            "Anything else to record on this card?",
            help="Free notes: decisions, open questions, where content is illustrative.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None

    @model_validator(mode="before")
    @classmethod
    def _fill_envelope(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls.card_id:
            from citydata_share.registry import BY_ID

            data = dict(data)
            data.setdefault("card", cls.card_id)
            data.setdefault("title", BY_ID[cls.card_id].title)
        return data

    @model_validator(mode="after")
    def _check_card_id(self) -> CardModel:
        if self.card_id and self.card != self.card_id:
            raise ValueError(
                f"this file says it is the {self.card!r} card, but it belongs to {self.card_id!r}"
            )
        return self

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Problems in the links between this card, the others and the project (override).

        ``cards`` holds every card that loaded, by id; ``project`` is cds.yaml. The result
        must depend on nothing else (not the day, not other files): the board keeps it
        under this card, cds.yaml and what was read of ``cards``
        (:mod:`citydata_share.boardcache`).
        """
        return []

    @classmethod
    def empty(cls) -> CardModel:
        return cls.model_validate({})

    def has_answers(self) -> bool:
        """Whether :meth:`answers` holds anything, without making it: some answer, other
        than the envelope, differs from its field's default."""
        for name, info in type(self).model_fields.items():
            if name in _ENVELOPE:
                continue
            default = info.get_default(call_default_factory=True)
            if getattr(self, name) != default:
                return True
        return False

    def answers(self) -> dict[str, Any]:
        """The answers as plain data (enums as their stored values), envelope left out."""
        from citydata_share.yamlload import building

        with building():  # a new tree, as large as the card: nothing in it to collect
            data = self.model_dump(mode="json", exclude_defaults=True)
        for key in _ENVELOPE:
            data.pop(key, None)
        return data

    def to_file_data(self) -> dict[str, Any]:
        """What the YAML file holds: envelope first, then the answers in field order."""
        return {
            "card": self.card,
            "title": self.title,
            "schema_version": self.schema_version,
            **self.answers(),
        }
