"""DISCOVER, both lanes: the Data Sharing Canvas.

Six boxes that summarise the discovery cards on one page (after the Nesta / ODI Open Data
Challenge Series template). The boxes are assembled from the other cards; this card only
records the workshop where the canvas was used and any lines the workshop added or rewrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel
from citydata_share.questions import Ask, Choice


class CanvasBox(Choice):
    ORGANISATION_AIMS = "organisation-aims", "Organisation aims"
    USER_NEEDS = "user-needs", "User needs"
    INTERNAL_STAKEHOLDERS = "internal-stakeholders", "Internal stakeholders"
    EXTERNAL_ECOSYSTEM = "external-ecosystem", "External ecosystem"
    INTERNAL_DATA = "internal-data", "Internal data"
    EXTERNAL_DATA = "external-data", "External data"


# Which card fills each box, and the canvas field holding the workshop's lines for it.
BOX_SOURCE: dict[CanvasBox, tuple[str, str]] = {
    CanvasBox.ORGANISATION_AIMS: ("reasons", "organisation_aims"),
    CanvasBox.USER_NEEDS: ("reasons", "user_needs"),
    CanvasBox.INTERNAL_STAKEHOLDERS: ("team", "internal_stakeholders"),
    CanvasBox.EXTERNAL_ECOSYSTEM: ("ecosystem", "external_ecosystem"),
    CanvasBox.INTERNAL_DATA: ("data-systems", "internal_data"),
    CanvasBox.EXTERNAL_DATA: ("others-data", "external_data"),
}


def _box_lines(box: CanvasBox) -> Ask:
    card = BOX_SOURCE[box][0]
    return Ask(
        f"Anything to add to the '{box.label}' box?",
        help=f"One line per item. The box already summarises the {card} card; add what the "
        "workshop raised that the card does not say.",
        required=False,
    )


class Canvas(CardModel):
    card_id: ClassVar[str] = "canvas"
    guidance: ClassVar[str] = (
        "The canvas puts the discovery work on one page: the organisation's aims and users' "
        "needs, the people inside, the organisations outside, and the data on each side. "
        "cds fills the six boxes from your other cards, so here you only record the workshop "
        "(use it to launch the project, or to close the discovery phase) and any lines the "
        "workshop added or rewrote. Based on the Open Data Challenge Series template by Nesta "
        "and the Open Data Institute."
    )

    workshop_date: Annotated[
        dt.date | None,
        Ask(
            "When was the canvas workshop held?",
            help="Leave empty if you have not run one. Date as YYYY-MM-DD.",
            required=False,
        ),
    ] = None
    attendees: Annotated[
        list[str],
        Ask(
            "Who took part?",
            help="One person or team per line.",
            required=False,
        ),
    ] = Field(default_factory=list)
    organisation_aims: Annotated[list[str], _box_lines(CanvasBox.ORGANISATION_AIMS)] = Field(
        default_factory=list
    )
    user_needs: Annotated[list[str], _box_lines(CanvasBox.USER_NEEDS)] = Field(default_factory=list)
    internal_stakeholders: Annotated[list[str], _box_lines(CanvasBox.INTERNAL_STAKEHOLDERS)] = (
        Field(default_factory=list)
    )
    external_ecosystem: Annotated[list[str], _box_lines(CanvasBox.EXTERNAL_ECOSYSTEM)] = Field(
        default_factory=list
    )
    internal_data: Annotated[list[str], _box_lines(CanvasBox.INTERNAL_DATA)] = Field(
        default_factory=list
    )
    external_data: Annotated[list[str], _box_lines(CanvasBox.EXTERNAL_DATA)] = Field(
        default_factory=list
    )
    replaced_boxes: Annotated[
        list[CanvasBox],
        Ask(
            "Should any box show only the workshop's lines?",
            help="Pick a box to replace the summary drawn from the cards with your own lines "
            "above. Leave empty to add your lines to the summary.",
            required=False,
        ),
    ] = Field(default_factory=list)


@dataclass(frozen=True)
class BoxContent:
    """One box of the canvas, ready to draw."""

    box: CanvasBox
    title: str
    source_card: str  # the card id the box summarises
    lines: list[str]
    edited: bool = False  # the canvas card added or replaced lines
    gap: str | None = None  # set when the box is empty: what fills it


@dataclass(frozen=True)
class CanvasBoxes:
    boxes: list[BoxContent]  # in CanvasBox order: aims, needs, stakeholders, ecosystem, data

    def __getitem__(self, box: CanvasBox) -> BoxContent:
        return next(b for b in self.boxes if b.box is box)

    @property
    def gaps(self) -> list[BoxContent]:
        return [b for b in self.boxes if b.gap]


def _aims(card: CardModel) -> list[str]:
    from citydata_share.cards.reasons import Reasons, reason_labels

    if not isinstance(card, Reasons):
        return []
    lines = list(card.organisational_aims)
    lines += [f"Why share: {label}" for label in reason_labels(card)]
    return lines


def _needs(card: CardModel) -> list[str]:
    from citydata_share.cards.reasons import Reasons

    return list(card.user_needs) if isinstance(card, Reasons) else []


def _stakeholders(card: CardModel) -> list[str]:
    from citydata_share.cards.team import Team

    if not isinstance(card, Team):
        return []
    return [p.label + (" (key player)" if p.key_player else "") for p in card.people]


def _ecosystem(card: CardModel) -> list[str]:
    from citydata_share.cards.ecosystem import Ecosystem

    if not isinstance(card, Ecosystem):
        return []
    lines = []
    for org in card.organisations:
        kind = f" ({org.kind_label})" if org.kind_label else ""
        how = "; ".join(r.label.lower() for r in org.relationships)
        lines.append(f"{org.name}{kind}" + (f": {how}" if how else ""))
    return lines


def _internal_data(card: CardModel) -> list[str]:
    from citydata_share.cards.data_systems import DataSystems, PersonalData

    if not isinstance(card, DataSystems):
        return []
    lines = []
    for ds in card.datasets:
        extra = [ds.owner] if ds.owner else []
        if ds.personal_data in (PersonalData.YES, PersonalData.UNSURE):
            extra.append(f"personal data: {ds.personal_data.short.lower()}")
        lines.append(ds.title + (f" ({', '.join(extra)})" if extra else ""))
    return lines


def _external_data(card: CardModel) -> list[str]:
    from citydata_share.cards.others_data import OthersData

    if not isinstance(card, OthersData):
        return []
    lines = []
    for ds in card.datasets:
        extra = [x for x in (ds.holder, ds.availability and ds.availability.short.lower()) if x]
        lines.append(ds.title + (f" ({', '.join(extra)})" if extra else ""))
    return lines


_SUMMARISE: dict[CanvasBox, Callable[[CardModel], list[str]]] = {
    CanvasBox.ORGANISATION_AIMS: _aims,
    CanvasBox.USER_NEEDS: _needs,
    CanvasBox.INTERNAL_STAKEHOLDERS: _stakeholders,
    CanvasBox.EXTERNAL_ECOSYSTEM: _ecosystem,
    CanvasBox.INTERNAL_DATA: _internal_data,
    CanvasBox.EXTERNAL_DATA: _external_data,
}


def canvas_boxes(canvas: Canvas | None, cards: Mapping[str, CardModel]) -> CanvasBoxes:
    """The six boxes from the discovery cards, with the canvas card's edits applied.

    A box with nothing to show carries a ``gap`` naming the command that fills it.
    """
    from citydata_share.registry import BY_ID

    boxes = []
    for box in CanvasBox:
        card_id, edit_field = BOX_SOURCE[box]
        source = cards.get(card_id)
        lines = _SUMMARISE[box](source) if source is not None else []
        edits: list[str] = list(getattr(canvas, edit_field)) if canvas else []
        replaced = canvas is not None and box in canvas.replaced_boxes and bool(edits)
        lines = edits if replaced else lines + [e for e in edits if e not in lines]
        gap = None
        if not lines:
            card = BY_ID[card_id]
            state = "not filled in yet" if source is None else "has nothing for this box yet"
            gap = f"The {card.title} card is {state}: run `{card.command}`."
        boxes.append(BoxContent(box, box.label, card_id, lines, bool(edits), gap))
    return CanvasBoxes(boxes)
