"""DISCOVER, service lane: "Understand your data sharing ecosystem".

The organisations outside yours that could give data, use it, or help with technology,
analysis or support, by the toolkit's twelve types. The derived ecosystem map puts your
organisation in the middle and the others around it by type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.known import NameSet
from citydata_share.questions import Ask, Choice

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class EcosystemType(Choice):
    CITY_DATA_PLATFORM = (
        "city-data-platform",
        "City data platform",
        "Platforms built to share data between a city's organisations. "
        "E.g. MK Data Hub, FIWARE, CityVerve Manchester, data observatories.",
    )
    DATA_CATALOGUE = (
        "data-catalogue",
        "Data catalogue",
        "Where organisations publish (open) data. E.g. CKAN, Socrata, Data Mill North.",
    )
    DATA_MARKETPLACE = (
        "data-marketplace",
        "Data marketplace",
        "Offers data from many organisations and producers. E.g. ESD Toolkit.",
    )
    IOT_SUPPLIER = (
        "iot-supplier",
        "IoT supplier",
        "Collects sensor data for you, and may analyse or visualise it. "
        "E.g. Cleanspace, Smart Parking, Siemens, IoTUK.",
    )
    CLOUD_SERVICE_PROVIDER = (
        "cloud-service-provider",
        "Cloud service provider",
        "Hosts data, large datasets especially, and tools to analyse it. "
        "E.g. Amazon Web Services, Microsoft Azure.",
    )
    DATA_PRODUCER = (
        "data-producer",
        "Data producer",
        "Sells high-quality data such as canonical lists and maps. "
        "E.g. Ordnance Survey, HM Land Registry, Experian.",
    )
    LARGE_TECH_PROVIDER = (
        "large-tech-provider",
        "Large tech provider",
        "Suppliers you may already use, e.g. for databases. "
        "E.g. IBM, Cisco, BT, Northgate, Siemens.",
    )
    SUPPORT_ORGANISATION = (
        "support-organisation",
        "Support organisation",
        "Resources, tools and peers for city data projects. E.g. Future Cities Catapult, "
        "Digital Catapult, Nesta, the Open Data Institute, universities.",
    )
    DATA_SCIENCE_PROVIDER = (
        "data-science-provider",
        "Data science provider",
        "Consultancies and others offering data science. E.g. ASI, universities.",
    )
    OPEN_SOURCE_CODE = (
        "open-source-code",
        "Open source code",
        "Code you can reuse to share data, e.g. for APIs. "
        "E.g. Tombolo Digital Connector, GitHub, Libraries.io.",
    )
    DATA_STANDARDS = (
        "data-standards",
        "Data standards",
        "Standards that make shared data easier to understand. E.g. BSI, City Standards "
        "Network, DATEX, INSPIRE, ISO.",
    )
    FORUM_OR_COMMUNITY = (
        "forum-or-community",
        "Forum or community",
        "Places to find peers and advice. E.g. LocalGovDigital Slack, #finddata on "
        "Twitter, Knowledge Hub, conferences.",
    )
    PUBLIC_SECTOR_PARTNER = (  # cds's addition: most city shares are between public bodies
        "public-sector-partner",
        "Public-sector partner",
        "Another public body you share with: a council, NHS trust, police force, fire and "
        "rescue service, transport authority, government agency.",
    )
    OTHER = (  # cds's addition: you will be asked to say what kind
        "other",
        "Other",
        "None of these: you will be asked what kind of organisation it is.",
    )


# The toolkit's twelve types: every type but cds's additions.
TOOLKIT_TYPES: tuple[EcosystemType, ...] = tuple(
    t for t in EcosystemType if t not in (EcosystemType.PUBLIC_SECTOR_PARTNER, EcosystemType.OTHER)
)


class Relationship(Choice):
    COULD_PROVIDE_DATA = "could-provide-data", "Could provide data to us"
    COULD_USE_OUR_DATA = "could-use-our-data", "Could use our data"
    TECHNICAL_SERVICE = "technical-service", "Could provide a technical service"
    ANALYTICAL_SERVICE = "analytical-service", "Could provide an analytical service"
    SUPPORT = "support", "Could offer support, advice or contacts"


class Known(Choice):
    YES = "yes", "Yes, a clear idea"
    PARTLY = "partly", "Partly"
    NO = "no", "Not yet"


class Organisation(Record):
    name: Annotated[str, Ask("Organisation's name")]
    type: Annotated[
        EcosystemType | None,
        Ask(
            "What kind of organisation is '{record}'?",
            help="The toolkit's types, with examples, and a public-sector partner (a "
            "council, NHS trust, police force...). Pick the nearest, or 'Other'.",
            other="type_other",
        ),
    ] = None
    type_other: Annotated[
        str | None,
        Ask(
            "What kind of organisation is it, in your words?",
            help="E.g. a housing association, a charity, a university research group.",
            required=False,
        ),
    ] = None
    relationships: Annotated[
        list[Relationship],
        Ask(
            "How could it be involved?",
            help="Pick all that apply.",
        ),
    ] = Field(default_factory=list)
    notes: Annotated[
        str | None,
        Ask("Notes", help="Contacts, what they hold, what they offer.", required=False),
    ] = None

    @property
    def kind_label(self) -> str | None:
        """Its type in words: the type's label, or what an "Other" type is."""
        if self.type is EcosystemType.OTHER and self.type_other:
            return self.type_other
        return self.type.label if self.type is not None else None


class Ecosystem(CardModel):
    card_id: ClassVar[str] = "ecosystem"
    guidance: ClassVar[str] = (
        "Look beyond your own organisation: who could give you data, who could use yours, "
        "and who could help with technology, analysis or advice. The toolkit groups them "
        "into twelve types, from city data platforms and data producers to standards bodies "
        "and online communities; cds adds public-sector partners (councils, NHS trusts, "
        "police, transport authorities) and 'Other'. The Open Data Institute's ecosystem "
        "mapping method can help you run this as a workshop."
    )

    know_who_could_help: Annotated[
        Known | None,
        Ask(
            "Do you have a clear idea of the outside organisations that could help you share data?",
            help="Be honest: 'partly' or 'not yet' is a good reason to talk to a support "
            "organisation or a community.",
        ),
    ] = None
    organisations: Annotated[
        list[Organisation],
        Ask(
            "Which outside organisations are part of your data sharing ecosystem?",
            help="Include your partners, data producers, suppliers, support organisations "
            "and communities.",
            item="organisation",
            label="name",
        ),
    ] = Field(default_factory=list)
    who_could_use_our_data: Annotated[
        list[str],
        Ask(
            "Who outside your organisation could use your data?",
            help="One per line, including any not in the list above (apps, researchers, "
            "other councils).",
            required=False,
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """The partners named in cds.yaml should be on this card (for an external share)."""
        if project.reach is not None and project.reach.value == "internal":
            return []
        return [
            LinkIssue(
                "organisations",
                f"the partner {name!r} (in cds.yaml) is not on the ecosystem card",
                f"Add {name} with `cds discover ecosystem`, or use the same name in both.",
            )
            for name in partner_coverage(self, project).missing
        ]


def by_type(model: Ecosystem) -> dict[EcosystemType | None, list[Organisation]]:
    """Organisations grouped by type, in the toolkit's order; untyped ones last (None)."""
    groups: dict[EcosystemType | None, list[Organisation]] = {}
    for kind in [*EcosystemType, None]:
        members = [o for o in model.organisations if o.type is kind]
        if members:
            groups[kind] = members
    return groups


def potential_users(model: Ecosystem) -> list[str]:
    """Everyone who could use our data: organisations so marked, then the free list."""
    names = [
        o.name for o in model.organisations if Relationship.COULD_USE_OUR_DATA in o.relationships
    ]
    seen = {n.casefold() for n in names}
    return names + [n for n in model.who_could_use_our_data if n.casefold() not in seen]


def organisation_names(model: Ecosystem) -> NameSet:
    return NameSet(o.name for o in model.organisations)


@dataclass(frozen=True)
class PartnerCoverage:
    """The project's partners that appear on the ecosystem card, and those that do not."""

    on_card: list[str]
    missing: list[str]


def partner_coverage(model: Ecosystem, project: ProjectConfig) -> PartnerCoverage:
    on: list[str] = []
    off: list[str] = []
    names = organisation_names(model)
    for partner in project.partners:
        (on if partner.name in names else off).append(partner.name)
    return PartnerCoverage(on, off)


@dataclass(frozen=True)
class EcosystemMap:
    """What the ecosystem picture shows: us in the middle, the others by type."""

    centre: str
    groups: dict[EcosystemType | None, list[Organisation]]
    partners: list[str]  # project partners (marked on the map)
    partners_missing: list[str]  # project partners not yet on the card


def ecosystem_map(model: Ecosystem, project: ProjectConfig | None = None) -> EcosystemMap:
    centre = (project.organisation if project else None) or "Our organisation"
    coverage = partner_coverage(model, project) if project else PartnerCoverage([], [])
    return EcosystemMap(centre, by_type(model), coverage.on_card, coverage.missing)
