"""The toolkit's further resources, as plain data for the documents.

The catalogue belongs to :mod:`citydata_share.resources`; this module only turns its
entries into dicts a template can print.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citydata_share.resources import Resource

Context = dict[str, Any]


def _as_dict(entry: Resource) -> Context:
    return {
        "title": entry.title,
        "organisation": entry.organisation,
        "kind": entry.kind.label,
        "url": entry.url,
        "key": entry.key,
    }


def resources_for_card(card_id: str) -> list[Context]:
    """The card's resources from the toolkit, key resources first."""
    from citydata_share.resources import resources_for

    found = resources_for(card_id)
    return [_as_dict(e) for e in sorted(found, key=lambda e: not e.key)]


def resources_by_id(ids: Iterable[str]) -> list[Context]:
    """The named resources; an id the catalogue does not know is left out."""
    from citydata_share.errors import CdsError
    from citydata_share.resources import by_id

    found = []
    for resource_id in ids:
        try:
            found.append(_as_dict(by_id(resource_id)))
        except (CdsError, KeyError):
            continue
    return found
