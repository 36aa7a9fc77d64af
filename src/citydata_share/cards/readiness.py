"""Before you start: "Is your organisation ready to share?"

Six dimensions of data maturity from Future Cities Catapult's Quick Start Guide to City Data,
each rated High, Medium or Low with the evidence for the rating and what would improve it.
The derived profile orders the scores and points the weakest dimensions to the maturity
resources the toolkit names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, Record
from citydata_share.questions import Ask, Choice, Kind


class Rating(Choice):
    HIGH = "high", "High", "This is a strength: it would not hold a data share back."
    MEDIUM = "medium", "Medium", "Adequate, with some gaps you know about."
    LOW = "low", "Low", "A real weakness that could stop or slow a data share."


SCORES: dict[Rating, int] = {Rating.HIGH: 3, Rating.MEDIUM: 2, Rating.LOW: 1}


class DimensionAssessment(Record):
    """One dimension of readiness: how good, why we think so, what we will do."""

    rating: Annotated[
        Rating | None,
        Ask(
            "How would you rate your organisation on this?",
            help="High, Medium or Low. Be honest: the rating only guides your own plan.",
        ),
    ] = None
    evidence: Annotated[
        str | None,
        Ask(
            "What makes you give that rating?",
            help="An example or two: a system, a team, a policy, a recent project.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None
    actions: Annotated[
        list[str],
        Ask(
            "What could you do to improve it?",
            help="One action per line, e.g. 'Ask IT for a shared data area'.",
            required=False,
        ),
    ] = Field(default_factory=list)


def _dimension(prompt: str, help: str) -> Ask:
    return Ask(prompt, help=help, kind=Kind.GROUP)


class Readiness(CardModel):
    card_id: ClassVar[str] = "readiness"
    guidance: ClassVar[str] = (
        "Before committing to a share, check that your organisation can keep it going: "
        "systems that can receive and store data safely, and people with the skills to "
        "collect, look after and analyse it. Rate yourself on the six dimensions of the "
        "Quick Start Guide to City Data (Technology, Mindset, Resources, Skills, Operations, "
        "Legal). Research by DataKind and Data Orchard found that people, more than systems "
        "or procedures, decide how mature an organisation is with data, so weigh Mindset "
        "and Skills carefully."
    )

    technology: Annotated[
        DimensionAssessment,
        _dimension(
            "Technology: can your systems receive, store and share data securely?",
            "Think of databases, data platforms, secure transfer, and how easily data "
            "gets out of the systems that hold it.",
        ),
    ] = Field(default_factory=DimensionAssessment)
    mindset: Annotated[
        DimensionAssessment,
        _dimension(
            "Mindset: does your organisation value data and want to share it?",
            "Do leaders and teams see data as useful, and are they open to sharing it with others?",
        ),
    ] = Field(default_factory=DimensionAssessment)
    resources: Annotated[
        DimensionAssessment,
        _dimension(
            "Resources: is there time, money and staff for data work?",
            "Budget and people available to set up a share and keep it running.",
        ),
    ] = Field(default_factory=DimensionAssessment)
    skills: Annotated[
        DimensionAssessment,
        _dimension(
            "Skills: do people have the skills to collect, manage and analyse data?",
            "Analysts, GIS specialists, data scientists, data managers, and the "
            "data literacy of everyone else.",
        ),
    ] = Field(default_factory=DimensionAssessment)
    operations: Annotated[
        DimensionAssessment,
        _dimension(
            "Operations: are there processes for managing data day to day?",
            "Asset lists, data quality checks, clear owners, documented procedures.",
        ),
    ] = Field(default_factory=DimensionAssessment)
    legal: Annotated[
        DimensionAssessment,
        _dimension(
            "Legal: do you understand your legal duties and powers around data?",
            "Data protection, re-use of public sector information, licensing, and "
            "access to legal and information governance advice.",
        ),
    ] = Field(default_factory=DimensionAssessment)


DIMENSIONS: tuple[str, ...] = (
    "technology",
    "mindset",
    "resources",
    "skills",
    "operations",
    "legal",
)

PEOPLE_MATTER_MOST = (
    "People matter most: the Data Evolution research (DataKind and Data Orchard) found that "
    "an organisation's data maturity depends more on its people than on its systems and "
    "procedures."
)

# Resource ids (see data/resources.yaml) worth suggesting for a weak dimension.
DIMENSION_RESOURCES: dict[str, tuple[str, ...]] = {
    "technology": ("nesta-lga-data-maturity", "odi-open-data-maturity-model"),
    "mindset": ("data-evolution", "nesta-lga-data-maturity"),
    "resources": ("data-evolution", "nesta-lga-data-maturity"),
    "skills": ("school-of-data-fundamentals", "govlab-solving-public-problems"),
    "operations": ("odi-open-data-maturity-model", "nesta-lga-data-maturity"),
    "legal": ("odi-open-data-maturity-model", "nesta-lga-data-maturity"),
}


@dataclass(frozen=True)
class DimensionScore:
    """One bar of the readiness profile."""

    dimension: str  # field name, e.g. "technology"
    label: str  # "Technology"
    rating: Rating | None
    score: int | None  # 3 High, 2 Medium, 1 Low, None not rated
    evidence: str | None
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """A weak dimension and the ids of the resources that could help."""

    dimension: str
    label: str
    rating: Rating
    resource_ids: tuple[str, ...]


def profile(model: Readiness) -> list[DimensionScore]:
    """The six scores in the toolkit's order (Technology ... Legal)."""
    scores = []
    for name in DIMENSIONS:
        group: DimensionAssessment = getattr(model, name)
        rating = group.rating
        scores.append(
            DimensionScore(
                name,
                name.capitalize(),
                rating,
                SCORES[rating] if rating else None,
                group.evidence,
                tuple(group.actions),
            )
        )
    return scores


def weakest(model: Readiness) -> list[DimensionScore]:
    """The dimensions with the lowest rating given; none when all rated are High."""
    rated = [s for s in profile(model) if s.score is not None]
    if not rated:
        return []
    low = min(s.score for s in rated if s.score is not None)
    if low == SCORES[Rating.HIGH]:
        return []
    return [s for s in rated if s.score == low]


def suggestions(model: Readiness) -> list[Suggestion]:
    """Every dimension rated Low or Medium, weakest first, with resources to help."""
    weak = [s for s in profile(model) if s.rating in (Rating.LOW, Rating.MEDIUM)]
    weak.sort(key=lambda s: s.score or 0)
    return [
        Suggestion(s.dimension, s.label, s.rating, DIMENSION_RESOURCES[s.dimension])
        for s in weak
        if s.rating is not None
    ]
