"""The toolkit's cards: the one list every command uses.

Plain data, no pydantic, so that `cds --help` and `cds status` stay fast. The model of
each card is named by import path and loaded only when a command needs it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel


class Phase(StrEnum):
    BEFORE = "before you start"
    DISCOVER = "discover"
    PREPARE = "prepare"
    SHARE = "share"


class Lane(StrEnum):
    SERVICE = "service"
    TECHNICAL = "technical"
    BOTH = "both"


@dataclass(frozen=True)
class Card:
    id: str
    phase: Phase
    lane: Lane
    title: str
    purpose: str
    model_path: str = "citydata_share.cards.base:CardModel"
    # False for cds's own additions (review and retire, from the toolkit's feature backlog):
    # shown as such wherever the card appears, and not counted as one of the toolkit's cards.
    toolkit: bool = True

    @property
    def has_wizard(self) -> bool:
        """False for cards whose questions are not written yet (later phases)."""
        return not self.model_path.endswith(":CardModel")

    @property
    def command(self) -> str:
        """The command that fills this card."""
        if self.phase is Phase.BEFORE:
            return f"cds {self.id}"
        return f"cds {self.phase.value} {self.id}"

    def model(self) -> type[CardModel]:
        module_name, _, attr = self.model_path.partition(":")
        cls: type[CardModel] = getattr(importlib.import_module(module_name), attr)
        return cls


CARDS: tuple[Card, ...] = (
    Card(
        "readiness",
        Phase.BEFORE,
        Lane.SERVICE,
        "Is your organisation ready to share?",
        "Rate your organisation on six dimensions of data maturity before you start.",
        "citydata_share.cards.readiness:Readiness",
    ),
    Card(
        "reasons",
        Phase.DISCOVER,
        Lane.SERVICE,
        "Define your reasons",
        "Say whose needs the share meets, why you share, and the least data that will do.",
        "citydata_share.cards.reasons:Reasons",
    ),
    Card(
        "team",
        Phase.DISCOVER,
        Lane.SERVICE,
        "Identify internal team",
        "Name the people inside your organisation who must help, and how to involve them.",
        "citydata_share.cards.team:Team",
    ),
    Card(
        "ecosystem",
        Phase.DISCOVER,
        Lane.SERVICE,
        "Understand your data sharing ecosystem",
        "List the outside organisations that could give, use or help with the data.",
        "citydata_share.cards.ecosystem:Ecosystem",
    ),
    Card(
        "data-systems",
        Phase.DISCOVER,
        Lane.TECHNICAL,
        "Identify specific data & systems",
        "Describe the datasets and systems involved, with the metadata others will need.",
        "citydata_share.cards.data_systems:DataSystems",
    ),
    Card(
        "others-data",
        Phase.DISCOVER,
        Lane.TECHNICAL,
        "Understand what data others have",
        "Record the data held outside your organisation and how you found it.",
        "citydata_share.cards.others_data:OthersData",
    ),
    Card(
        "canvas",
        Phase.DISCOVER,
        Lane.BOTH,
        "Data Sharing Canvas",
        "Summarise the discovery work on one page, ready for a workshop.",
        "citydata_share.cards.canvas:Canvas",
    ),
    Card(
        "business-case",
        Phase.PREPARE,
        Lane.SERVICE,
        "Build your business case",
        "Make the case for the share in the five-case structure your seniors expect.",
        "citydata_share.cards.business_case:BusinessCase",
    ),
    Card(
        "approvals",
        Phase.PREPARE,
        Lane.SERVICE,
        "Update legal, privacy and ethical approvals",
        "Record legal powers, agreements, privacy screening and ethical risks.",
        "citydata_share.cards.approvals:Approvals",
    ),
    Card(
        "prepare-data",
        Phase.PREPARE,
        Lane.TECHNICAL,
        "Prepare data",
        "Get the data ready: identifiers, quality checks and documentation.",
        "citydata_share.cards.prepare_data:PrepareData",
    ),
    Card(
        "architecture",
        Phase.PREPARE,
        Lane.TECHNICAL,
        "Update your technical architecture",
        "Choose how the data will move, and check it is secure and affordable.",
        "citydata_share.cards.architecture:Architecture",
    ),
    Card(
        "governance",
        Phase.PREPARE,
        Lane.SERVICE,
        "Confirm governance",
        "Decide who oversees the share, following the toolkit's flowchart.",
        "citydata_share.cards.governance:Governance",
    ),
    Card(
        "culture",
        Phase.SHARE,
        Lane.SERVICE,
        "Support a sharing culture",
        "Plan the actions that keep sharing going: openness, training, tools, events.",
        "citydata_share.cards.culture:Culture",
    ),
    Card(
        "review",
        Phase.SHARE,
        Lane.BOTH,
        "Review and retire",
        "Set review dates and say what happens to the data when the share ends.",
        "citydata_share.cards.review:Review",
        toolkit=False,
    ),
)

BY_ID: dict[str, Card] = {card.id: card for card in CARDS}


def get_card(card_id: str) -> Card:
    """The card with this id; a clear error listing the valid ids otherwise."""
    from citydata_share.errors import CdsError

    try:
        return BY_ID[card_id]
    except KeyError:
        raise CdsError(
            f"There is no card called {card_id!r}.",
            "Cards: " + ", ".join(BY_ID),
        ) from None


ADDITION_NOTE = (
    "cds's addition: the toolkit's own feature backlog asks for a review and retirement "
    "stage; it is not one of the toolkit's own cards."
)


def cards_in(phase: Phase) -> list[Card]:
    return [card for card in CARDS if card.phase is phase]
