"""DISCOVER, technical lane: "Understand what data others have".

Datasets held outside the organisation, who holds them, how they were found and on what
terms they are available; the canonical models of city data consulted, and the experts
spoken to. Each holder should be an organisation on the ecosystem card.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import AfterValidator, Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.known import name_key
from citydata_share.questions import Ask, Choice, Kind, check_url

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class HowFound(Choice):
    EXPERT = "expert", "Through an expert", "Someone whose career has taught them what is held."
    SEARCH = (
        "search",
        "Internet or dataset search",
        "A dataset search engine, the holder's website, published FOI answers.",
    )
    MARKETPLACE = (
        "marketplace",
        "Data marketplace, city platform or vendor",
        "Intermediaries that offer data from several organisations.",
    )
    NETWORKING = (
        "networking",
        "Networking with the community",
        "Conferences, meet-ups, online forums, local multi-agency meetings.",
    )
    THEY_ASKED_US = (
        "they-asked-us",
        "The other organisation asked us",
        "Common for providers: the requester already knows what it holds and wants.",
    )


class Availability(Choice):
    OPEN = "open", "Open: anyone can use it under an open licence"
    ON_REQUEST = "on-request", "On request: shared under an agreement"
    PAID = "paid", "Paid: available for a fee"
    UNKNOWN = "unknown", "Not known yet"


class CanonicalModel(Choice):
    PAS_183 = "pas-183", "BSI PAS 183 concept model", "The smart city data concept model."
    FIWARE = "fiware", "FIWARE", "The EU-backed platform and its data models."
    LGA_SERVICES = "lga-services", "LGA Local Government Services list"
    GDS_REGISTERS = (
        "gds-registers",
        "GDS registers",
        "Lists of information managed and approved by government.",
    )


class ExternalDataset(Record):
    title: Annotated[str, Ask("Dataset's title")]
    holder: Annotated[
        str | None,
        Ask(
            "Which organisation holds '{record}'?",
            help="Pick it from your project's partners and ecosystem card, or add a new one: "
            "it is then added to the ecosystem card.",
            pick="organisations",
        ),
    ] = None
    how_found: Annotated[
        HowFound | None,
        Ask("How did you find '{record}'?", required=False),
    ] = None
    availability: Annotated[
        Availability | None,
        Ask("How is '{record}' available?"),
    ] = None
    licence: Annotated[
        str | None,
        Ask(
            "Under what licence?",
            help="E.g. Open Government Licence v3.0, a commercial licence, not known.",
            required=False,
        ),
    ] = None
    url: Annotated[
        str | None,
        Ask("A link to it or its description", kind=Kind.URL, required=False),
        AfterValidator(check_url),
    ] = None
    notes: Annotated[
        str | None,
        Ask("Notes", help="Quality, coverage, who to contact.", required=False),
    ] = None


class Expert(Record):
    name: Annotated[str, Ask("Expert's name")]
    organisation: Annotated[str | None, Ask("Their organisation", required=False)] = None
    advice: Annotated[
        str | None,
        Ask("What did you learn from them?", required=False, kind=Kind.LONG_TEXT),
    ] = None


class OthersData(CardModel):
    card_id: ClassVar[str] = "others-data"
    guidance: ClassVar[str] = (
        "Find out what data other organisations hold. There is no single catalogue, so "
        "combine approaches: ask experts (more than one: each sees differently), search the "
        "web and dataset search engines, try data marketplaces and city platforms, and "
        "network at events and local multi-agency meetings. Canonical models of city data "
        "such as PAS 183 or the LGA services list can suggest what should exist. If you are "
        "providing data, the organisation asking may already know exactly what it wants."
    )

    datasets: Annotated[
        list[ExternalDataset],
        Ask(
            "Which datasets held by other organisations are relevant?",
            help="One entry per dataset.",
            item="dataset",
            label="title",
        ),
    ] = Field(default_factory=list)
    canonical_models: Annotated[
        list[CanonicalModel],
        Ask(
            "Which canonical models of city data did you consult?",
            help="Lists and models of the data public bodies hold; they suggest what exists.",
            other="other_models",
            required=False,
        ),
    ] = Field(default_factory=list)
    other_models: Annotated[
        list[str],
        Ask("Other models or lists consulted", help="One per line.", required=False),
    ] = Field(default_factory=list)
    experts: Annotated[
        list[Expert],
        Ask(
            "Which experts did you speak to?",
            help="Inside or outside your organisation.",
            item="expert",
            label="name",
            required=False,
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Each holder should be a known organisation: on the ecosystem card or in cds.yaml
        (checked once the ecosystem card exists)."""
        from citydata_share.known import known_names

        if "ecosystem" not in cards:
            return []
        names = known_names("organisations", cards, project)
        issues = []
        for i, dataset in enumerate(self.datasets):
            if dataset.holder and dataset.holder not in names:
                issues.append(
                    LinkIssue(
                        f"datasets[{i}].holder",
                        f"{dataset.holder!r} is not an organisation on the ecosystem card",
                        f"Add {dataset.holder} with `cds discover ecosystem`, or use the name "
                        "it has there.",
                    )
                )
        return issues


def holders(model: OthersData) -> list[str]:
    """The organisations holding the external datasets, each once, in order."""
    seen: dict[str, str] = {}
    for dataset in model.datasets:
        if dataset.holder:
            seen.setdefault(name_key(dataset.holder), dataset.holder.strip())
    return list(seen.values())
