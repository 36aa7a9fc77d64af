"""The toolkit's further resources, card by card.

The catalogue lives in ``data/resources.yaml`` (titles, organisations, kinds and links from
the City Data Sharing Toolkit v1.1; descriptions in cds's own words). It is read once, safely
and literally, and validated; `cds resources` and the wizard's help show it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources as importlib_resources
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, TypeAdapter

from citydata_share.questions import Choice, check_url

GENERAL = "general"  # the toolkit's "Overview of the process": resources for every card


class ResourceKind(Choice):
    """The toolkit's key to resources."""

    CASE_STUDY = "case study", "Case study", "A short account of practice that makes a point."
    GUIDANCE = "guidance", "Guidance", "Policy and good practice from a key organisation."
    REPORT = "report", "Report", "A think tank's or support organisation's report."
    BLOG = "blog", "Blog", "A personal view, often with tips."
    ONLINE_LEARNING = "online learning", "Online learning", "A course or learning material."
    TOOL = "tool", "Tool", "Something made to help with one task."
    TOOLKIT = "toolkit", "Toolkit", "A collection of tools on one topic."


def card_ids() -> list[str]:
    """Every id a resource can be filed under: the cards, then ``general``."""
    from citydata_share.registry import BY_ID

    return [*BY_ID, GENERAL]


def _known_cards(cards: list[str]) -> list[str]:
    valid = card_ids()
    unknown = [c for c in cards if c not in valid]
    if unknown:
        raise ValueError(f"unknown card id(s): {', '.join(unknown)}")
    if not cards:
        raise ValueError("a resource must belong to at least one card")
    return cards


class Resource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    organisation: str
    kind: ResourceKind
    url: Annotated[str | None, AfterValidator(check_url)] = None
    cards: Annotated[list[str], AfterValidator(_known_cards)]
    key: bool = False
    description: str

    def matches(self, text: str) -> bool:
        """True when every word of ``text`` is in the title, organisation or description."""
        haystack = " ".join(
            [self.title, self.organisation, self.description, self.kind.value, *self.cards]
        ).casefold()
        return all(word in haystack for word in text.casefold().split())


_CATALOGUE = TypeAdapter(list[Resource])


@cache
def catalogue() -> tuple[Resource, ...]:
    """Every resource, in the file's order (the toolkit's order)."""
    from citydata_share import yamlio

    text = (
        importlib_resources.files("citydata_share")
        .joinpath("data/resources.yaml")
        .read_text(encoding="utf-8")
    )
    items = _CATALOGUE.validate_python(yamlio.loads(text).data)
    ids = [r.id for r in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"resources.yaml repeats the id(s): {', '.join(duplicates)}")
    return tuple(items)


def by_id(resource_id: str) -> Resource:
    for resource in catalogue():
        if resource.id == resource_id:
            return resource
    raise KeyError(resource_id)


def _check_card(card: str) -> None:
    from citydata_share.errors import CdsError

    if card not in card_ids():
        raise CdsError(
            f"There is no card called {card!r}.",
            "Cards: " + ", ".join(card_ids()),
        )


def resources_for(card_id: str) -> list[Resource]:
    """The resources for one card, key resources first (the toolkit lists them first)."""
    _check_card(card_id)
    found = [r for r in catalogue() if card_id in r.cards]
    return sorted(found, key=lambda r: not r.key)


def parse_kind(kind: str) -> ResourceKind:
    """A kind from what a user typed ("case study", "case-study", "Tool"...)."""
    from citydata_share.errors import CdsError

    wanted = kind.strip().casefold().replace("-", " ").replace("_", " ")
    for member in ResourceKind:
        if member.value == wanted:
            return member
    raise CdsError(
        f"There is no kind of resource called {kind!r}.",
        "Kinds: " + ", ".join(k.value for k in ResourceKind),
    )


def search(
    text: str | None = None, kind: ResourceKind | str | None = None, card: str | None = None
) -> list[Resource]:
    """Resources matching all the words of ``text``, of ``kind``, filed under ``card``."""
    if card is not None:
        _check_card(card)
        found = resources_for(card)
    else:
        found = list(catalogue())
    if kind is not None:
        wanted = kind if isinstance(kind, ResourceKind) else parse_kind(kind)
        found = [r for r in found if r.kind is wanted]
    if text:
        found = [r for r in found if r.matches(text)]
    return found
