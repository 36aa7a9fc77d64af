"""PREPARE, technical lane: "Prepare data".

What the users of the data need and whether a specification is agreed; then, for each
dataset from the data-systems card, the standard it follows, the shared identifiers that let
it be linked, the licence to include others' data, the quality checks done, the known
problems with their remedies and owners, and the facts a Data Quality Statement explains
(provenance, verification, confidence, currency, update frequency, standards, embedded
intellectual property, format). A glossary keeps the jargon out. The statements, the open
problems, the datasets not yet prepared and which datasets can be linked on which
identifier are derived here, as pure functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.cards.dataset_profile import LinkEvidence
from citydata_share.known import NameSet, known_names, known_values, name_key
from citydata_share.questions import Ask, AskContext, Choice, Kind

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class Specification(Choice):
    AGREED = "agreed", "Agreed with the partners"
    DRAFTING = "drafting", "Being worked out with the partners"
    NOT_YET = "not-yet", "Not yet"


class DataStandard(Choice):
    ESD = (
        "esd",
        "ESD / LG Inform standards",
        "The Local Government Association's standards and code lists for council data "
        "(services, functions, areas). Source: LGA, ESD toolkit / LG Inform Plus.",
    )
    SCHEMA_ORG = (
        "schema-org",
        "schema.org",
        "A shared vocabulary for structured data on the web; it has types for places, "
        "organisations, events and more. Source: schema.org.",
    )
    FIVE_STAR = (
        "five-star",
        "5-star open data",
        "Not a schema but a ladder for publishing: open licence, structured, open format, "
        "identifiers (URIs), linked to other data. Source: Tim Berners-Lee, 5stardata.info.",
    )
    NONE_YET = "none-yet", "None yet", "No standard fits, or none has been chosen."
    OTHER = "other", "Other"


class Identifier(Choice):
    UPRN = (
        "uprn",
        "UPRN",
        "Unique Property Reference Number: one number per addressable place, kept for "
        "life, the surest way to link property "
        "data. Source: GeoPlace / Ordnance Survey AddressBase; Pointer in Northern Ireland.",
    )
    POSTCODE = (
        "postcode",
        "Postcode",
        "Easy to find in most address data, but shared by many properties: good for areas, "
        "weak for matching single premises.",
    )
    ONS_CODES = (
        "ons-codes",
        "ONS administrative or statistical geography codes",
        "Codes for wards, local authorities, output areas and so on (e.g. E05...), "
        "published by the Office for National Statistics.",
    )
    DUNS = (
        "duns",
        "D-U-N-S number",
        "Dun & Bradstreet's number for a business site, widely used by suppliers.",
    )
    COMPANIES_HOUSE = (
        "companies-house",
        "Companies House number",
        "The registration number of a company in the UK register.",
    )


class Licence(Choice):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not-applicable", "Not applicable: it holds only data we created"


class QualityCheck(Choice):
    USED_OURSELVES = (
        "used-ourselves",
        "Used the data ourselves / exploratory analysis",
        "Working with the data shows its limits and quirks before anyone else finds them.",
    )
    VISUALISED = (
        "visualised",
        "Visualised it to find anomalies",
        "A map or a chart is often the quickest way to see gaps, spikes and misplaced records.",
    )
    CONSISTENT_NAMING = (
        "consistent-naming",
        "Consistent naming of entities",
        "The same street, business or place written the same way everywhere.",
    )
    DEDUPLICATION = "deduplication", "De-duplication", "One record per real thing."
    CHECKED_AGAINST_SOURCE = (
        "checked-against-source",
        "Checked against another source",
        "E.g. addresses against the address gazetteer, totals against a published report.",
    )


class ProblemStatus(Choice):
    OPEN = "open", "Open"
    FIXED = "fixed", "Fixed"
    ACCEPTED = "accepted", "Accepted: known, and users are told"


class Confidence(Choice):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class MatchingTools(Choice):
    INSTEAD = "instead", "Yes, instead of shared identifiers"
    ALONGSIDE = (
        "alongside",
        "Yes, alongside shared identifiers",
        "For the records that lack an identifier, or to check the links made on one.",
    )
    NO = "no", "No: records are linked on shared identifiers only"


class KnownProblem(Record):
    problem: Annotated[
        str,
        Ask("What is the problem?", help="E.g. 'Addresses written in several formats'."),
    ]
    remedy: Annotated[
        str | None,
        Ask(
            "How will '{record}' be put right?",
            help="A quick fix (cleaning, de-duplication) or a longer-term change to how the "
            "data is collected; or say why it will be lived with.",
        ),
    ] = None
    owner: Annotated[
        str | None,
        Ask(
            "Who owns putting '{record}' right?",
            help="Someone from the team card.",
            pick="people",
        ),
    ] = None
    status: Annotated[
        ProblemStatus | None,
        Ask("What is the status of '{record}'?", default=ProblemStatus.OPEN.value),
    ] = None


class PreparedDataset(Record):
    """One dataset from the data-systems card, made ready to share."""

    dataset: Annotated[
        str,
        Ask(
            "Which dataset?",
            help="One of the datasets on the data-systems card.",
            pick="datasets",
        ),
    ]
    standard: Annotated[
        DataStandard | None,
        Ask(
            "Which data standard does '{record}' follow?",
            help="A standard that fits saves every user from learning a new layout. Look in "
            "the LGA's ESD toolkit and on schema.org; the 5-star scheme says how open data "
            "should be published. Source: the toolkit's Prepare data card.",
            other="standard_other",
        ),
    ] = None
    standard_other: Annotated[str | None, Ask("Which other standard?", required=False)] = None
    identifiers: Annotated[
        list[Identifier],
        Ask(
            "Which shared identifiers does '{record}' carry, for linking to other data?",
            help="The identifiers the receiving organisation also holds let the datasets be "
            "joined without guesswork: UPRN or postcode for property, ONS codes for areas, "
            "D-U-N-S or Companies House numbers for businesses.",
            other="other_identifiers",
        ),
    ] = Field(default_factory=list)
    other_identifiers: Annotated[
        list[str], Ask("Other identifiers", help="One per line.", required=False)
    ] = Field(default_factory=list)
    licence_to_include: Annotated[
        Licence | None,
        Ask(
            "Do you hold a licence to include data in '{record}' that you did not create?",
            help="Data from others (an address file, mapping, a partner's extract) can be "
            "passed on only if its licence allows it.",
        ),
    ] = None
    quality_checks: Annotated[
        list[QualityCheck],
        Ask(
            "Which quality checks have been done on '{record}'?",
            help="Your usual data quality processes count. If nobody uses the data yet, "
            "explore and chart it yourself first: anomalies show up quickly.",
            other="other_checks",
        ),
    ] = Field(default_factory=list)
    other_checks: Annotated[
        list[str], Ask("Other checks", help="One per line.", required=False)
    ] = Field(default_factory=list)
    problems: Annotated[
        list[KnownProblem],
        Ask(
            "What problems are known in '{record}'?",
            help="Each with a remedy and an owner. Being open about them is part of the "
            "Data Quality Statement.",
            item="problem",
            label="problem",
            required=False,
        ),
    ] = Field(default_factory=list)
    provenance: Annotated[
        str | None,
        Ask(
            "How and why was '{record}' captured?",
            help="Its provenance: who collects it, with what, for which purpose. Ask the "
            "people who know the data best.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    verification: Annotated[
        str | None,
        Ask(
            "How is '{record}' verified and validated?",
            help="The checks made when it is collected and while it is used.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    accuracy: Annotated[
        Confidence | None,
        Ask("How confident are you in the accuracy of '{record}'?"),
    ] = None
    completeness: Annotated[
        Confidence | None,
        Ask("How confident are you in the completeness of '{record}'?"),
    ] = None
    confidence_note: Annotated[
        str | None,
        Ask(
            "What lies behind those ratings for '{record}'?",
            help="E.g. 'about 5% of records have no postcode'.",
            required=False,
        ),
    ] = None
    currency: Annotated[
        str | None,
        Ask(
            "How up to date is '{record}'?",
            help="Its currency, e.g. 'an extract of the live system, a week old at most'.",
        ),
    ] = None
    currency_as_at: Annotated[
        dt.date | None,
        Ask("As at what date?", help="The date the extract was taken, if known.", required=False),
    ] = None
    update_frequency: Annotated[
        str | None,
        Ask("How often is '{record}' updated?", help="E.g. daily, monthly, never."),
    ] = None
    standards_used: Annotated[
        str | None,
        Ask(
            "Which other standards does '{record}' use?",
            help="Address formats, code lists, date formats and the like.",
            required=False,
        ),
    ] = None
    embedded_ip: Annotated[
        str | None,
        Ask(
            "What intellectual property of others is embedded in '{record}'?",
            help="E.g. coordinates or addresses derived from Ordnance Survey or LPS products: "
            "re-users may need to accept those terms. Say 'None' if there is none.",
        ),
    ] = None
    format: Annotated[
        str | None,
        Ask("What format will '{record}' be shared in?", help="E.g. CSV, JSON, an API."),
    ] = None


class GlossaryTerm(Record):
    term: Annotated[str, Ask("Which term or acronym?")]
    meaning: Annotated[str | None, Ask("What does '{record}' mean?")] = None


def _has_specification(ctx: AskContext) -> bool:
    return ctx.card.get("specification") in (
        Specification.AGREED.value,
        Specification.DRAFTING.value,
    )


def _matching(ctx: AskContext) -> bool:
    return ctx.card.get("matching_tools") in (
        MatchingTools.INSTEAD.value,
        MatchingTools.ALONGSIDE.value,
    )


class PrepareData(CardModel):
    card_id: ClassVar[str] = "prepare-data"
    guidance: ClassVar[str] = (
        "Get each dataset ready to be used by someone else. Start from what its users need "
        "and, with the partners, agree a specification or a standard that fits. Add the "
        "shared identifiers that let it be linked (a UPRN or postcode for property, ONS codes "
        "for areas, company numbers for businesses), unless the users will match records "
        "with tools. Use the data yourself to find its problems, clean what you can, and say "
        "openly what remains in a Data Quality Statement: where the data came from, how it "
        "is checked, how far to trust it, how current it is and what it is bound by. Explain "
        "the jargon."
    )

    user_needs: Annotated[
        str | None,
        Ask(
            "What do the users of the data need from it, and how will your own data be "
            "made ready to use with it?",
            provider="What do the people who will use your data need from it?",
            receiver="How will you prepare your own data to use with the data you receive?",
            help="Fields, level of detail, area, time span, format, how often. Things taken "
            "for granted by those who know the data are worth writing down.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    consulted: Annotated[
        list[str],
        Ask(
            "Which current users of the data have you talked to?",
            help="One team or role per line. Current users know what the documentation "
            "must explain.",
            required=False,
        ),
    ] = Field(default_factory=list)
    specification: Annotated[
        Specification | None,
        Ask(
            "Is a specification for the data agreed with the partners?",
            help="Working-level contacts between the organisations are the quickest way "
            "to agree one.",
        ),
    ] = None
    specification_where: Annotated[
        str | None,
        Ask(
            "Where is the specification kept, or what does it say?",
            when=_has_specification,
            required=False,
        ),
    ] = None
    datasets: Annotated[
        list[PreparedDataset],
        Ask(
            "Which datasets are you preparing?",
            help="One entry per dataset from the data-systems card.",
            item="dataset",
            label="dataset",
        ),
    ] = Field(default_factory=list)
    matching_tools: Annotated[
        MatchingTools | None,
        Ask(
            "Will data matching tools be used to link the data?",
            help="Matching tools can join datasets without a standard or shared identifier, "
            "and are more and more common; with them, identifiers matter less.",
        ),
    ] = None
    matching_how: Annotated[
        str | None,
        Ask(
            "Which tools, and what do they match on?",
            when=_matching,
            required=False,
        ),
    ] = None
    continual_evaluation: Annotated[
        str | None,
        Ask(
            "How will you keep checking that the data stays fit for purpose?",
            help="Who looks at it, how often, and what they check.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    glossary: Annotated[
        list[GlossaryTerm],
        Ask(
            "Which terms and acronyms need explaining?",
            help="Jargon that is second nature to the data's owners can stop anyone else using it.",
            item="term",
            label="term",
            required=False,
        ),
    ] = Field(default_factory=list)
    # Not asked: written by `cds data link A B --on COLUMN --save`, as evidence for the plan.
    links: list[LinkEvidence] = Field(
        default_factory=list, json_schema_extra={"written_by": "cds data link --save"}
    )

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Datasets from the data-systems card, owners from the team card, each dataset once."""
        issues: list[LinkIssue] = []
        datasets = known_names("datasets", cards, project)
        for i, entry in enumerate(self.datasets):
            if entry.dataset not in datasets:
                issues.append(
                    LinkIssue(
                        f"datasets[{i}].dataset",
                        f"{entry.dataset!r} is not a dataset on the data-systems card",
                        "Add it with `cds discover data-systems`, or write its title as it "
                        "is there.",
                    )
                )
        seen = NameSet()
        for i, entry in enumerate(self.datasets):
            if entry.dataset in seen:
                issues.append(
                    LinkIssue(
                        f"datasets[{i}].dataset",
                        f"{entry.dataset!r} is prepared twice",
                        "Merge the two entries into one.",
                    )
                )
            seen.add(entry.dataset)
        people = known_names("people", cards, project)
        if len(people):  # with no team yet, the team card's own gaps say so
            for i, entry in enumerate(self.datasets):
                for j, problem in enumerate(entry.problems):
                    if problem.owner and problem.owner not in people:
                        issues.append(
                            LinkIssue(
                                f"datasets[{i}].problems[{j}].owner",
                                f"{problem.owner!r} ({problem.problem}) is not on the team card",
                                "Add them with `cds discover team`, or write the name or "
                                "role as it is there.",
                            )
                        )
        return issues


# Derived ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementItem:
    heading: str
    text: str | None  # None: not answered yet


@dataclass(frozen=True)
class QualityStatement:
    """A dataset's Data Quality Statement: the facts in the toolkit's order, gaps named."""

    dataset: str
    items: list[StatementItem]
    checks: list[str]
    problems: list[KnownProblem]
    gaps: list[str]  # headings of the items not answered yet

    @property
    def complete(self) -> bool:
        return not self.gaps


def standards_text(entry: PreparedDataset) -> str | None:
    """The standard chosen and any others named, in words; None when nothing is said."""
    parts: list[str] = []
    if entry.standard is DataStandard.OTHER:
        parts.append(entry.standard_other or "Another standard (not named)")
    elif entry.standard is not None:
        parts.append(entry.standard.label)
    if entry.standards_used:
        parts.append(entry.standards_used)
    return "; ".join(parts) or None


def identifier_labels(entry: PreparedDataset) -> list[str]:
    """The dataset's shared identifiers in words, its own ones last."""
    return [i.label for i in entry.identifiers] + list(entry.other_identifiers)


def check_labels(entry: PreparedDataset) -> list[str]:
    return [c.label for c in entry.quality_checks] + list(entry.other_checks)


def _confidence(rating: Confidence | None) -> str | None:
    return rating.label if rating is not None else None


def _currency(entry: PreparedDataset) -> str | None:
    if entry.currency and entry.currency_as_at:
        return f"{entry.currency} (as at {entry.currency_as_at.isoformat()})"
    if entry.currency_as_at:
        return f"As at {entry.currency_as_at.isoformat()}"
    return entry.currency


def quality_statement(entry: PreparedDataset) -> QualityStatement:
    """The Data Quality Statement for one dataset."""
    required = [
        StatementItem("Provenance", entry.provenance),
        StatementItem("Verification and validation", entry.verification),
        StatementItem("Confidence in accuracy", _confidence(entry.accuracy)),
        StatementItem("Confidence in completeness", _confidence(entry.completeness)),
    ]
    later = [
        StatementItem("Currency", _currency(entry)),
        StatementItem("Update frequency", entry.update_frequency),
        StatementItem("Standards used", standards_text(entry)),
        StatementItem("Embedded intellectual property", entry.embedded_ip),
        StatementItem("Format", entry.format),
    ]
    items = list(required)
    if entry.confidence_note:
        items.append(StatementItem("About the confidence", entry.confidence_note))
    items += later
    gaps = [item.heading for item in required + later if not item.text]
    return QualityStatement(entry.dataset, items, check_labels(entry), entry.problems, gaps)


def quality_statements(model: PrepareData) -> list[QualityStatement]:
    return [quality_statement(entry) for entry in model.datasets]


@dataclass(frozen=True)
class OpenProblem:
    dataset: str
    problem: KnownProblem


def open_problems(model: PrepareData) -> list[OpenProblem]:
    """Known problems not yet fixed (open, accepted or with no status), dataset by dataset."""
    return [
        OpenProblem(entry.dataset, problem)
        for entry in model.datasets
        for problem in entry.problems
        if problem.status is not ProblemStatus.FIXED
    ]


def not_prepared(model: PrepareData, cards: Mapping[str, CardModel]) -> list[str]:
    """Datasets on the data-systems card that have no entry on this card yet."""
    prepared = NameSet(entry.dataset for entry in model.datasets)
    return [v.value for v in known_values("datasets", cards, None) if v.value not in prepared]


@dataclass(frozen=True)
class IdentifierCoverage:
    """Which datasets carry which identifier: those sharing one can be linked on it."""

    by_identifier: dict[str, list[str]] = field(default_factory=dict)  # in the toolkit's order
    without: list[str] = field(default_factory=list)  # datasets with no shared identifier

    @property
    def linkable(self) -> dict[str, list[str]]:
        """Identifiers held by two datasets or more."""
        return {k: v for k, v in self.by_identifier.items() if len(v) > 1}


def identifier_coverage(model: PrepareData) -> IdentifierCoverage:
    by_identifier: dict[str, list[str]] = {i.label: [] for i in Identifier}
    spelling: dict[str, str] = {}  # own identifiers, compared loosely, first spelling kept
    without: list[str] = []
    for entry in model.datasets:
        if not entry.identifiers and not entry.other_identifiers:
            without.append(entry.dataset)
        for identifier in entry.identifiers:
            by_identifier[identifier.label].append(entry.dataset)
        for own in entry.other_identifiers:
            label = spelling.setdefault(name_key(own), own.strip())
            holders = by_identifier.setdefault(label, [])
            if entry.dataset not in holders:
                holders.append(entry.dataset)
    return IdentifierCoverage({k: v for k, v in by_identifier.items() if v}, without)


@dataclass(frozen=True)
class Advice:
    field: str
    message: str
    reason: str


def advice(model: PrepareData) -> list[Advice]:
    """What the toolkit would suggest, given the answers so far."""
    found: list[Advice] = []
    if model.specification is Specification.NOT_YET:
        found.append(
            Advice(
                "specification",
                "Agree a specification for the data with the partners.",
                "Working-level contacts can settle fields, detail and format before anything "
                "is sent. Source: the toolkit's Prepare data card.",
            )
        )
    links = identifier_coverage(model)
    if (
        len(model.datasets) > 1
        and not links.linkable
        and model.matching_tools in (None, MatchingTools.NO)
    ):
        found.append(
            Advice(
                "datasets",
                "No two datasets share an identifier, and no matching tool is planned.",
                "Without a UPRN, postcode or other shared code the datasets cannot be joined "
                "reliably; add one, or plan to match records with a tool.",
            )
        )
    for i, entry in enumerate(model.datasets):
        if entry.licence_to_include is Licence.NO:
            found.append(
                Advice(
                    f"datasets[{i}].licence_to_include",
                    f"Get a licence, or take out the data you did not create, before "
                    f"sharing {entry.dataset!r}.",
                    "Data created by others can be passed on only as its licence allows.",
                )
            )
        if not entry.quality_checks and not entry.other_checks:
            found.append(
                Advice(
                    f"datasets[{i}].quality_checks",
                    f"Use {entry.dataset!r} yourself before sharing it.",
                    "Exploring and charting the data finds its anomalies before the users "
                    "do. Source: the toolkit's Prepare data card.",
                )
            )
        unowned = [
            p.problem for p in entry.problems if p.status is not ProblemStatus.FIXED and not p.owner
        ]
        if unowned:
            found.append(
                Advice(
                    f"datasets[{i}].problems",
                    f"Give an owner to: {', '.join(unowned)}.",
                    "A problem nobody owns is rarely put right.",
                )
            )
    if model.datasets and not model.glossary:
        found.append(
            Advice(
                "glossary",
                "Add a glossary of the terms and acronyms in the data.",
                "Jargon the data's owners take for granted keeps others from using it.",
            )
        )
    return found
