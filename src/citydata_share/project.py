"""The project itself: what `cds.yaml` holds.

Its questions are declared on the fields, like a card's, so `cds init` asks them through the
same engine as every card.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from citydata_share.questions import Ask, Choice, Kind

PROJECT_SCHEMA_VERSION = 1
PROJECT_FILE = "cds.yaml"


class OurRole(Choice):
    PROVIDER = "provider", "Provider: we will give data to others"
    RECEIVER = "receiver", "Receiver: we will get data from others"
    BOTH = "both", "Both: we will give and get data"


class PartnerRole(Choice):
    PROVIDER = "provider", "Provides data"
    RECEIVER = "receiver", "Receives data"
    BOTH = "both", "Provides and receives data"
    SUPPORT = "support", "Supports the share (technical, analytical or advice)"


class Reach(Choice):
    INTERNAL = "internal", "Internal: between teams of one organisation"
    EXTERNAL = "external", "External: between organisations"


class Frequency(Choice):
    ONE_OFF = "one-off", "One-off: a single transfer of data"
    ONGOING = "ongoing", "Ongoing: data will be shared routinely"


class PersonalData(Choice):
    NO = "no", "No: the data is about places, assets and services, not living people"
    UNSURE = "unsure", "Not sure yet"
    YES = "yes", "Yes: some of it could identify a living person"


class Partner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Ask("Partner organisation's name")]
    role: Annotated[PartnerRole, Ask("What does this partner do in the share?")] = PartnerRole.BOTH


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_formats: list[str] = Field(default_factory=lambda: ["md", "html"])
    reports_dir: str = "reports"
    # Commit every file cds writes (see citydata_share.gitlog). `cds init` writes true;
    # unset, cds commits when the project folder is the top of its own git repository.
    git_commit: bool | None = None


class ProjectConfig(BaseModel):
    """cds.yaml: one data sharing project."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = PROJECT_SCHEMA_VERSION
    name: Annotated[
        str,
        Ask(
            "What is the data sharing project called?",
            help="A short name your colleagues will recognise, e.g. 'Business rates data share'.",
        ),
    ]
    description: Annotated[
        str | None,
        Ask(
            "In a sentence or two, what is it for?",
            help="What the share should achieve and for whom. You can refine it later.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None
    organisation: Annotated[
        str | None,
        Ask(
            "Which organisation are you in?",
            help="Your own organisation, e.g. 'Belfast City Council'.",
        ),
    ] = None
    role: Annotated[
        OurRole,
        Ask(
            "Will your organisation provide data, receive it, or both?",
            help="The toolkit's advice differs for providers and receivers. "
            "Choose 'both' if you give and get data; you will see both sets of questions.",
        ),
    ] = OurRole.BOTH
    partners: Annotated[
        list[Partner],
        Ask(
            "Which partner organisations are involved?",
            help="The organisations you will share with, and what each does. "
            "For an internal share, list the other teams.",
            item="partner",
            label="name",
            required=False,
        ),
    ] = Field(default_factory=list)
    reach: Annotated[
        Reach | None,
        Ask(
            "Is the share internal or external?",
            help="Internal: between teams or services of your own organisation. External: "
            "with other organisations, such as the NHS, police, a utility or a supplier.",
        ),
    ] = None
    frequency: Annotated[
        Frequency | None,
        Ask(
            "Is it a one-off share or ongoing?",
            help="A one-off share moves a dataset once, for a project or an analysis. An "
            "ongoing share is routine, and needs firmer governance and upkeep.",
        ),
    ] = None
    personal_data: Annotated[
        PersonalData | None,
        Ask(
            "Could any of the data identify a living person?",
            help="The toolkit covers non-personal data: data about places, assets and services. "
            "If personal data is involved you need a lawful basis under UK GDPR (Article 6) "
            "and your Data Protection Officer's advice; cds still helps with the rest.",
        ),
    ] = None
    settings: Settings = Field(default_factory=Settings)

    def to_file_data(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude_defaults=True)
        data = {"schema_version": self.schema_version, **data}
        # Role is always written, even when it is the default: it changes every card.
        data["role"] = self.role.value
        order = list(type(self).model_fields)
        return {key: data[key] for key in order if key in data}
