"""PREPARE, technical lane: "Update your technical architecture".

How each dataset will move between organisations, by the toolkit's eight sharing patterns
(current and target), what drives the choice (our systems, the partners' systems, the nature
of the data), whether current systems will do, how the share is kept going, built and
secured. The advice on each flow's target pattern is derived in
:mod:`citydata_share.cards.architecture_advice`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.known import known_names
from citydata_share.project import Frequency
from citydata_share.questions import Ask, AskContext, Choice, Kind

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig

TOOLKIT = "City Data Sharing Toolkit, 'Update your technical architecture'"

# The toolkit numbers its eight patterns; the files store a readable value, and a number
# typed by hand ("8", "(8)") is accepted for it.
_VALUE_OF_NUMBER: dict[int, str] = {
    1: "in-person",
    2: "two-systems",
    3: "internet",
    4: "third-party",
    5: "analogue",
    6: "physical-media",
    7: "open-publication",
    8: "api",
}
_NUMBER_OF_VALUE: dict[str, int] = {v: n for n, v in _VALUE_OF_NUMBER.items()}


def _as_number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().strip("().").strip()
        if text.isdigit():
            return int(text)
    return None


class _PatternChoice(Choice):
    """A choice among the sharing patterns that also accepts the toolkit's number."""

    @classmethod
    def _missing_(cls, value: object) -> Choice | None:
        number = _as_number(value)
        if number in _VALUE_OF_NUMBER:
            return cls(_VALUE_OF_NUMBER[number])
        return super()._missing_(value)


class SharingPattern(_PatternChoice):
    IN_PERSON = (
        "in-person",
        "(1) In person",
        "Passed on at a meeting, between agencies or one to one. Quick to start; nothing "
        "about it is repeatable.",
    )
    TWO_SYSTEMS = (
        "two-systems",
        "(2) By a person with access to two unconnected systems",
        "Someone copies data from one system into another by hand, because the systems do "
        "not connect. Slow, and mistakes creep in.",
    )
    INTERNET = (
        "internet",
        "(3) One-off over the internet",
        "Sent to named people as an email attachment, or through an FTP server or a file "
        "transfer service.",
    )
    THIRD_PARTY = (
        "third-party",
        "(4) Through a third party",
        "Organisations lodge data with a third party (a platform or a shared space), which "
        "may also offer tools and analysis. Works between teams of one organisation too.",
    )
    ANALOGUE = (
        "analogue",
        "(5) Digital data shared in an analogue way",
        "Printed out from one system, handed or posted over, and typed into another.",
    )
    PHYSICAL_MEDIA = (
        "physical-media",
        "(6) One-off on physical media",
        "Copied to a USB stick or a DVD and handed over or posted; still common for large "
        "datasets.",
    )
    OPEN_PUBLICATION = (
        "open-publication",
        "(7) Open publication",
        "Published on a website in an open format under an open licence, for anyone to use.",
    )
    API = (
        "api",
        "(8) Through an API",
        "Machines exchange the data automatically through an application programming "
        "interface; registration can control who gets access.",
    )

    @property
    def number(self) -> int:
        """The toolkit's number for the pattern, 1 to 8."""
        return _NUMBER_OF_VALUE[self.value]

    @property
    def in_words(self) -> str:
        """For a sentence: "pattern 3 (one-off over the internet)"."""
        name = self.label.split(") ", 1)[1]
        return f"pattern {self.number} ({name[0].lower()}{name[1:]})"


def _same_as(pattern: SharingPattern) -> tuple[str, str, str]:
    return (pattern.value, pattern.label, pattern.help)


class CurrentPattern(_PatternChoice):
    """How a dataset moves today: one of the eight patterns, or not at all yet."""

    NOT_YET = "not-yet", "Not shared yet", "The data does not flow between these two today."
    IN_PERSON = _same_as(SharingPattern.IN_PERSON)
    TWO_SYSTEMS = _same_as(SharingPattern.TWO_SYSTEMS)
    INTERNET = _same_as(SharingPattern.INTERNET)
    THIRD_PARTY = _same_as(SharingPattern.THIRD_PARTY)
    ANALOGUE = _same_as(SharingPattern.ANALOGUE)
    PHYSICAL_MEDIA = _same_as(SharingPattern.PHYSICAL_MEDIA)
    OPEN_PUBLICATION = _same_as(SharingPattern.OPEN_PUBLICATION)
    API = _same_as(SharingPattern.API)

    @property
    def pattern(self) -> SharingPattern | None:
        return None if self is CurrentPattern.NOT_YET else SharingPattern(self.value)


# Most human effort first, least last (ADVICE.md): value grows down this list.
BY_HUMAN_EFFORT: tuple[SharingPattern, ...] = (
    SharingPattern.IN_PERSON,
    SharingPattern.TWO_SYSTEMS,
    SharingPattern.ANALOGUE,
    SharingPattern.PHYSICAL_MEDIA,
    SharingPattern.INTERNET,
    SharingPattern.THIRD_PARTY,
    SharingPattern.OPEN_PUBLICATION,
    SharingPattern.API,
)
# Patterns that keep a person moving the data each time: poor for an ongoing share.
MANUAL: frozenset[SharingPattern] = frozenset(
    {
        SharingPattern.IN_PERSON,
        SharingPattern.TWO_SYSTEMS,
        SharingPattern.INTERNET,
        SharingPattern.ANALOGUE,
        SharingPattern.PHYSICAL_MEDIA,
    }
)
AUTOMATED: tuple[SharingPattern, ...] = (
    SharingPattern.THIRD_PARTY,
    SharingPattern.OPEN_PUBLICATION,
    SharingPattern.API,
)


def effort_rank(pattern: SharingPattern) -> int:
    """0 for the pattern needing the most human effort, 7 for the least."""
    return BY_HUMAN_EFFORT.index(pattern)


class ChangeFrequency(Choice):
    ONCE = "once", "Once"
    YEARLY = "yearly", "Yearly"
    QUARTERLY = "quarterly", "Quarterly"
    MONTHLY = "monthly", "Monthly"
    WEEKLY = "weekly", "Weekly"
    DAILY = "daily", "Daily"
    HOURLY = "hourly", "Hourly or faster"


FREQUENT: frozenset[ChangeFrequency] = frozenset({ChangeFrequency.DAILY, ChangeFrequency.HOURLY})


class YesNoUnsure(Choice):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


class Usable(Choice):
    YES = "yes", "Yes, as they are"
    PARTLY = "partly", "Partly: they need changes or something alongside"
    NO = "no", "No: something new is needed"


class BuildApproach(Choice):
    IN_HOUSE = "in-house", "Build it in-house", "Your own developers build and look after it."
    BESPOKE = (
        "bespoke-supplier",
        "A bespoke system from a supplier",
        "A supplier builds it to your needs; agree who maintains it afterwards.",
    )
    OFF_THE_SHELF = (
        "off-the-shelf",
        "Off the shelf",
        "Buy or subscribe to an existing product or hosted service.",
    )
    OTHER = "other", "Other"


class Drivers(Record):
    """What drives the choice of architecture (the toolkit names three things)."""

    our_systems: Annotated[
        str | None,
        Ask(
            "What can your own systems do for the share?",
            help="Can they export, publish or receive data, and in what formats? Your IT "
            "colleagues can tell you.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    partner_systems: Annotated[
        str | None,
        Ask(
            "What can the partners' systems do?",
            help="A pattern only works if the other side can use it: ask what they can "
            "receive, or what they can send.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    data_volume: Annotated[
        str | None,
        Ask(
            "How much data is there?",
            help="Rows, files or gigabytes: large volumes rule some patterns out.",
            required=False,
        ),
    ] = None
    data_changes: Annotated[
        ChangeFrequency | None,
        Ask(
            "How often does the data change?",
            help="Data that changes daily or faster is best shared through an API.",
        ),
    ] = None
    sensitivity: Annotated[
        str | None,
        Ask(
            "How sensitive is the data?",
            help="Personal, commercially sensitive, or safe to publish? Say which parts.",
        ),
    ] = None


class DataFlow(Record):
    """One dataset moving from one organisation to another."""

    dataset: Annotated[
        str,
        Ask(
            "Which dataset moves?",
            help="Its title as on the data-systems card: cds looks up there whether it holds "
            "personal data and whether it is published.",
            pick="datasets",
        ),
    ]
    from_organisation: Annotated[
        str | None,
        Ask("Which organisation sends '{record}'?", pick="organisations"),
    ] = None
    to_organisation: Annotated[
        str | None,
        Ask("Which organisation receives '{record}'?", pick="organisations"),
    ] = None
    current_pattern: Annotated[
        CurrentPattern | None,
        Ask(
            "How does '{record}' move today?",
            help="One of the toolkit's eight patterns, or 'Not shared yet'.",
        ),
    ] = None
    target_pattern: Annotated[
        SharingPattern | None,
        Ask(
            "How should '{record}' move?",
            help="The toolkit found that the most value comes from patterns that need the "
            "least human effort, so people can analyse the data instead of moving it. "
            f"Source: {TOOLKIT}.",
        ),
    ] = None
    frequency: Annotated[
        ChangeFrequency | None,
        Ask(
            "How often must '{record}' flow?",
            help="'Once' for a one-off transfer. Daily or faster calls for an API.",
        ),
    ] = None
    commercially_sensitive: Annotated[
        bool | None,
        Ask(
            "Is '{record}' commercially sensitive?",
            help="E.g. business customers, contract prices, anything a competitor could use.",
        ),
    ] = None
    access_control: Annotated[
        bool | None,
        Ask(
            "Will only named people be able to open '{record}'?",
            help="Access control: credentials or registration. Leave it unanswered to go by "
            "the card's security answer.",
            required=False,
        ),
    ] = None
    access_log: Annotated[
        bool | None,
        Ask(
            "Will every access to '{record}' be logged?",
            help="Belfast's shared space recorded the time and nature of every access. Leave "
            "it unanswered to go by the card's security answer.",
            required=False,
        ),
    ] = None
    encrypted_in_transit: Annotated[
        bool | None,
        Ask(
            "Will '{record}' be encrypted in transit?",
            help="E.g. HTTPS or SFTP, or an encrypted file. Source: NCSC guidance; UK GDPR "
            "Article 32 names encryption as a security measure.",
            required=False,
        ),
    ] = None
    receiver_can_consume: Annotated[
        YesNoUnsure | None,
        Ask(
            "Can the receiving organisation take '{record}' that way?",
            help="The architecture depends on the partners' systems as much as yours. "
            f"Source: {TOOLKIT}.",
        ),
    ] = None
    notes: Annotated[
        str | None,
        Ask("Notes on '{record}'", help="Formats, timings, who to contact.", required=False),
    ] = None

    @property
    def current(self) -> SharingPattern | None:
        return self.current_pattern.pattern if self.current_pattern else None

    @property
    def planned(self) -> SharingPattern | None:
        """The pattern the advice looks at: the target, else how it moves today."""
        return self.target_pattern or self.current


class CurrentSystems(Record):
    usable: Annotated[
        Usable | None,
        Ask(
            "Can your current systems be used for the share?",
            help="Your IT colleagues can advise how far current systems can be set up for it.",
        ),
    ] = None
    cost_comparison: Annotated[
        str | None,
        Ask(
            "How does their cost compare with the alternatives?",
            help="Adapting what you have against buying or building something new.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    capacity_and_training: Annotated[
        str | None,
        Ask(
            "What does it mean for capacity and training?",
            help="Who will run it, and what they need to learn.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None
    investment_needed: Annotated[
        float | None,
        Ask(
            "What investment in systems is needed, in pounds?",
            help="Your estimate: it feeds the business case's financial case. Source: HM "
            "Treasury Green Book.",
            required=False,
        ),
        Field(ge=0),
    ] = None


def _may_be_ongoing(ctx: AskContext) -> bool:
    return ctx.answers.get("frequency") != Frequency.ONE_OFF.value


class Sustainability(Record):
    frequency: Annotated[
        Frequency | None,
        Ask(
            "Is the share one-off or ongoing?",
            help="The biggest influence on the architecture. Leave it unanswered to go by "
            "cds.yaml's answer.",
            required=False,
        ),
    ] = None
    upkeep_paid_by: Annotated[
        str | None,
        Ask(
            "Which organisation pays for upkeep?",
            help="An ongoing share needs its system maintained; agree who finances it.",
            pick="organisations",
            when=_may_be_ongoing,
        ),
    ] = None
    upkeep_plan: Annotated[
        str | None,
        Ask(
            "How will upkeep be financed and staffed?",
            kind=Kind.LONG_TEXT,
            when=_may_be_ongoing,
            required=False,
        ),
    ] = None


class Build(Record):
    approach: Annotated[
        BuildApproach | None,
        Ask(
            "How will the sharing system be built?",
            help="Each choice has its own upkeep: think about maintenance as well as the build.",
            other="approach_other",
        ),
    ] = None
    approach_other: Annotated[str | None, Ask("How, then?")] = None
    skills_in_house: Annotated[
        bool | None,
        Ask(
            "Do you have the skills in-house to develop it?",
            help="If not, weigh training staff against an outside supplier.",
        ),
    ] = None
    strategy_fit: Annotated[
        str | None,
        Ask(
            "How does it fit your digital and IT strategy?",
            help="See also the Technology Code of Practice. Source: Government Digital Service.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None


class Security(Record):
    meets_requirements: Annotated[
        YesNoUnsure | None,
        Ask(
            "Does the approach meet your organisation's technical security requirements?",
            help="Ask your technical security colleagues.",
        ),
    ] = None
    ncsc_guidance: Annotated[
        bool | None,
        Ask(
            "Have you followed the NCSC's guidance?",
            help="The National Cyber Security Centre's guidance applies to local government "
            "and the wider public sector, including its pattern for safely importing data. "
            "Source: NCSC.",
        ),
    ] = None
    nis_applies: Annotated[
        YesNoUnsure | None,
        Ask(
            "Do the NIS Regulations 2018 apply?",
            help="The Network and Information Systems Regulations 2018 cover operators of "
            "essential services (energy, transport, health, drinking water, digital "
            "infrastructure) and some digital service providers. Source: HM Government, "
            "NIS Regulations 2018.",
        ),
    ] = None
    access_control: Annotated[
        bool | None,
        Ask(
            "Is access to the shared data controlled (credentials, registration)?",
            help="Applies to every flow unless the flow says otherwise.",
        ),
    ] = None
    access_log: Annotated[
        bool | None,
        Ask(
            "Is every access to the shared data logged?",
            help="Belfast's shared space recorded the time and nature of every access. "
            "Applies to every flow unless the flow says otherwise.",
        ),
    ] = None


class Architecture(CardModel):
    card_id: ClassVar[str] = "architecture"
    guidance: ClassVar[str] = (
        "Decide how the data will move, with your IT colleagues. The choice depends on what "
        "your systems can do, what your partners' systems can do, and the data itself: how "
        "much, how often it changes, how sensitive it is. The toolkit found eight ways city "
        "data is shared, from in person to an API; the most value comes from those needing "
        "the least human effort. Check whether current systems will do and at what cost, "
        "whether the share is one-off or ongoing and who pays for upkeep, how it will be "
        "built, and that it meets your security requirements and national guidance."
    )

    drivers: Annotated[
        Drivers,
        Ask(
            "What drives the choice of architecture?",
            help=f"Your systems, your partners' systems and the nature of the data. "
            f"Source: {TOOLKIT}.",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=Drivers)
    flows: Annotated[
        list[DataFlow],
        Ask(
            "Which data flows will the share need?",
            help="One entry per dataset and direction: how it moves today and how it should.",
            item="flow",
            label="dataset",
        ),
    ] = Field(default_factory=list)
    current_systems: Annotated[
        CurrentSystems,
        Ask("Current systems and the broader strategy", kind=Kind.GROUP),
    ] = Field(default_factory=CurrentSystems)
    sustainability: Annotated[
        Sustainability,
        Ask("Sustainability", kind=Kind.GROUP),
    ] = Field(default_factory=Sustainability)
    build: Annotated[
        Build,
        Ask("In-house or outsourced", kind=Kind.GROUP),
    ] = Field(default_factory=Build)
    security: Annotated[
        Security,
        Ask(
            "Technical security",
            help="Organisational requirements and national guidance.",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=Security)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        issues: list[LinkIssue] = []
        if "data-systems" in cards:
            datasets = known_names("datasets", cards, project)
            for i, flow in enumerate(self.flows):
                if flow.dataset not in datasets:
                    issues.append(
                        LinkIssue(
                            f"flows[{i}].dataset",
                            f"{flow.dataset!r} is not a dataset on the data-systems card",
                            "Add it with `cds discover data-systems`, or use the title it "
                            "has there.",
                        )
                    )
        organisations = known_names("organisations", cards, project)
        if len(organisations):
            named = [
                (f"flows[{i}].{side}_organisation", name)
                for i, flow in enumerate(self.flows)
                for side, name in (("from", flow.from_organisation), ("to", flow.to_organisation))
            ]
            named.append(("sustainability.upkeep_paid_by", self.sustainability.upkeep_paid_by))
            for path, name in named:
                if name and name not in organisations:
                    issues.append(
                        LinkIssue(
                            path,
                            f"{name!r} is not a known organisation",
                            "Add it with `cds discover ecosystem` (or as a partner in "
                            "cds.yaml), or use the name it has there.",
                        )
                    )
        # Blocking advice is reported by `cds check` as well as in the summary: it marks a
        # plan that must not go ahead as recorded (personal data openly published), and
        # `cds check` is the gate people and CI run before sharing, not the summary they
        # saw once when the card was saved.
        from citydata_share.cards.architecture_advice import AdviceLevel, architecture_advice

        for advice in architecture_advice(self, cards, project):
            if advice.level is AdviceLevel.BLOCKING:
                issues.append(LinkIssue(advice.field or "flows", advice.advice, advice.reason))
        return issues
