"""DISCOVER, technical lane: "Identify specific data & systems".

How the data was found, each dataset with the metadata the toolkit lists (the start of a
data dictionary), and the systems that hold it. Providers list everything that could be
made available; receivers show they checked they do not already hold the data, and which
of their own data they will combine with it. Datasets that may hold personal data are
flagged for the privacy work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.known import NameSet
from citydata_share.project import PersonalData, ProjectConfig
from citydata_share.questions import Ask, AskContext, Choice, Kind, check_url

__all__ = ["DataSystems", "Dataset", "HowIdentified", "PersonalData", "PublicationStatus"]


class HowIdentified(Choice):
    ALREADY_AVAILABLE = (
        "already-available",
        "Data the organisation already makes available",
        "Statutory reports, open data, and the Information Asset List public bodies keep "
        "under the Re-use of Public Sector Information Regulations 2015.",
    )
    LIKELY_TO_HOLD = (
        "likely-to-hold",
        "Data the organisation is likely to hold",
        "Worked out from what it does, e.g. with the LGA's list of local government functions.",
    )
    USED_IN_SERVICE = (
        "used-in-service",
        "Data used in delivering the service",
        "Found with the service team and its analysts, e.g. by customer journey mapping.",
    )
    THROUGH_SYSTEMS = (
        "through-systems",
        "Through the systems the organisation uses",
        "With the IT team: the systems, their users, their schemas, a data dictionary.",
    )
    DESCRIBED_AND_CIRCULATED = (
        "described-and-circulated",
        "Described the data needed and asked around",
        "Circulated a description through analyst or IG networks, or asked the likeliest team.",
    )


class PublicationStatus(Choice):
    OPEN = "open", "Published as open data"
    PUBLISHED_OTHER = "published-other", "Published in another form (e.g. a report)"
    NOT_PUBLISHED = "not-published", "Not published"
    UNKNOWN = "unknown", "Not known"


def _personal(ctx: AskContext) -> bool:
    return ctx.answers.get("personal_data") in (PersonalData.YES.value, PersonalData.UNSURE.value)


def _published(ctx: AskContext) -> bool:
    return ctx.answers.get("publication_status") in (
        PublicationStatus.OPEN.value,
        PublicationStatus.PUBLISHED_OTHER.value,
    )


class Dataset(Record):
    title: Annotated[str, Ask("Dataset's title", help="Its formal title, if it has one.")]
    description: Annotated[
        str | None,
        Ask(
            "What does '{record}' cover?", help="Topic, area, level of detail.", kind=Kind.LONG_TEXT
        ),
    ] = None
    personal_data: Annotated[
        PersonalData | None,
        Ask(
            "Does '{record}' contain personal data?",
            help="Anything that could identify a living person, alone or combined with "
            "other data. 'Not sure' flags it for the privacy screening.",
        ),
    ] = None
    personal_data_what: Annotated[
        str | None,
        Ask(
            "What personal data could it contain?",
            help="E.g. names of occupiers, addresses of sole traders, vehicle registrations.",
            when=_personal,
        ),
    ] = None
    owner: Annotated[
        str | None,
        Ask("Who owns '{record}' in the organisation?", help="A team or a role."),
    ] = None
    uses_and_users: Annotated[
        str | None,
        Ask(
            "How is it used today, and by whom?",
            required=False,
        ),
    ] = None
    location: Annotated[
        str | None,
        Ask(
            "Where is it kept?",
            help="A shared drive, a database, a file name...",
            required=False,
        ),
    ] = None
    url: Annotated[
        str | None,
        Ask("A link to it, if it has one", kind=Kind.URL, required=False),
        AfterValidator(check_url),
    ] = None
    system: Annotated[
        str | None,
        Ask(
            "Which system holds '{record}'?",
            help="One of the systems listed on this card, or a new one (added to the list).",
            required=False,
            pick="systems",
        ),
    ] = None
    format: Annotated[
        str | None,
        Ask("What format is '{record}' in?", help="E.g. CSV, XLSX, JSON, PDF, a database table."),
    ] = None
    time_period: Annotated[
        str | None,
        Ask("What time period does it cover?", help="E.g. 2015 to date.", required=False),
    ] = None
    update_frequency: Annotated[
        str | None,
        Ask("How often is it updated?", help="E.g. daily, monthly, never.", required=False),
    ] = None
    publication_status: Annotated[
        PublicationStatus | None,
        Ask("Is it published in any form?", required=False),
    ] = None
    published_where: Annotated[
        str | None,
        Ask("Where is it published?", required=False, when=_published),
    ] = None


class DataSystem(Record):
    name: Annotated[str, Ask("System's name")]
    owner_team: Annotated[str | None, Ask("Which team owns '{record}'?")] = None
    users: Annotated[
        str | None,
        Ask("Who uses '{record}'?", required=False),
    ] = None
    purpose: Annotated[
        str | None,
        Ask("What is it used for?", required=False),
    ] = None
    schema_documented: Annotated[
        bool | None,
        Ask(
            "Is documentation of its schema available?",
            help="The IT team may have database schemas to build a data dictionary from.",
            required=False,
        ),
    ] = None


def _checked(ctx: AskContext) -> bool:
    return ctx.card.get("checked_not_held") in (True, "true", "yes")


class DataSystems(CardModel):
    card_id: ClassVar[str] = "data-systems"
    guidance: ClassVar[str] = (
        "Pin down the datasets and systems involved. They are rarely obvious at first: talk "
        "to the service, its analysts and IT, start from what is already published or on "
        "the Information Asset List, and expect to go round more than once. For each dataset "
        "record the metadata others will need; together they become your data dictionary. "
        "Providers should list everything that could be made available; receivers should "
        "check they do not already hold the data, and note which of their own data they will "
        "combine with it."
    )

    how_identified: Annotated[
        list[HowIdentified],
        Ask(
            "How did you identify the data?",
            help="Pick every approach you used; most projects combine several.",
        ),
    ] = Field(default_factory=list)
    systems: Annotated[
        list[DataSystem],
        Ask(
            "Which systems hold the data?",
            help="One entry per system: the IT team can help. Asked before the datasets, so "
            "that each dataset can name the system that holds it.",
            item="system",
            label="name",
            required=False,
        ),
    ] = Field(default_factory=list)
    datasets: Annotated[
        list[Dataset],
        Ask(
            "Which datasets are involved?",
            provider="Which of your datasets could be made available?",
            receiver="Which datasets are involved (yours and those you hope to receive)?",
            help="One entry per dataset, with as much of its metadata as you know.",
            item="dataset",
            label="title",
        ),
    ] = Field(default_factory=list)
    all_available_listed: Annotated[
        bool | None,
        Ask(
            "Have you listed all the data that could be made available?",
            help="Worth checking with the Data Provision Lead and the Information Asset List.",
            only_for="provider",
            required=False,
        ),
    ] = None
    checked_not_held: Annotated[
        bool | None,
        Ask(
            "Have you checked your organisation does not already hold the data you need?",
            help="Receivers should show this before asking others for data.",
            only_for="receiver",
        ),
    ] = None
    checked_how: Annotated[
        str | None,
        Ask(
            "How did you check?",
            help="E.g. searched the Information Asset List, asked the analysts' network.",
            only_for="receiver",
            when=_checked,
            required=False,
        ),
    ] = None
    combine_with: Annotated[
        list[str],
        Ask(
            "Which of your own datasets will you combine with the data you receive?",
            help="One per line; ideally titles of datasets listed above.",
            only_for="receiver",
            required=False,
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        issues: list[LinkIssue] = []
        said = project.personal_data
        for i, dataset in enumerate(self.datasets):
            found = dataset.personal_data
            if said is PersonalData.NO and found in (PersonalData.YES, PersonalData.UNSURE):
                issues.append(
                    LinkIssue(
                        f"datasets[{i}].personal_data",
                        f"cds.yaml says the data is not personal, but {dataset.title!r} "
                        f"{'holds' if found is PersonalData.YES else 'may hold'} personal data",
                        "Set personal_data in cds.yaml to 'unsure' or 'yes' and involve your "
                        "Data Protection Officer, or correct the dataset's answer.",
                    )
                )
            elif said is PersonalData.UNSURE and found is PersonalData.YES:
                issues.append(
                    LinkIssue(
                        f"datasets[{i}].personal_data",
                        f"{dataset.title!r} holds personal data, but cds.yaml is still unsure",
                        "Set personal_data in cds.yaml to 'yes', so the documents say so.",
                    )
                )
        names = NameSet(s.name for s in self.systems)
        if names:
            for i, dataset in enumerate(self.datasets):
                if dataset.system and dataset.system not in names:
                    issues.append(
                        LinkIssue(
                            f"datasets[{i}].system",
                            f"{dataset.system!r} is not one of the systems listed on this card",
                            "Add the system under `systems`, or correct the name.",
                        )
                    )
        return issues


def flagged(model: DataSystems) -> list[Dataset]:
    """Datasets whose personal data answer is yes or unsure: they need privacy screening."""
    return [d for d in model.datasets if d.personal_data in (PersonalData.YES, PersonalData.UNSURE)]


def unanswered_personal(model: DataSystems) -> list[Dataset]:
    """Datasets nobody has said whether they hold personal data."""
    return [d for d in model.datasets if d.personal_data is None]
