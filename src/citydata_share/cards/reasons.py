"""DISCOVER, service lane: "Define your reasons".

Whose needs the share meets, why the organisation shares, the least data that will do
(data minimisation comes first), the pattern of exchange between the organisations and the
other things that shape the case. The outline business case's strategic case starts here.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, Record
from citydata_share.questions import Ask, AskContext, Choice, Kind


class ReasonToShare(Choice):
    GAIN_INSIGHT = "gain-insight", "Gain greater insight into user needs"
    BUSINESS_CASE = "business-case", "Build a business case for your service"
    DECISIONS_ABOUT_INDIVIDUALS = (
        "decisions-about-individuals",
        "Make decisions about individuals",
        "Usually means personal data: involve your Data Protection Officer.",
    )
    RUN_EFFICIENTLY = "run-efficiently", "Help run a service more efficiently"
    REVENUE = "revenue", "Bring in revenue"
    MEASURE_EFFECTIVENESS = (
        "measure-effectiveness",
        "Measure effectiveness of interventions or services",
    )
    REGULATORY = (
        "regulatory",
        "Ensure regulatory compliance or meet incoming statutory obligations",
    )
    SECURITY = "security", "Ensure security of services"
    PROCUREMENT = "procurement", "Support procurement of service provision"
    REDUCE_DUPLICATION = (
        "reduce-duplication",
        "Identify and reduce duplication of provision",
    )


class CanDoWithout(Choice):
    NO = "no", "No: the aim cannot be met without sharing data"
    WITH_LESS = "with-less", "Partly: it could be met with less data than first thought"
    YES = "yes", "Yes: there is another way (consider whether to share at all)"
    UNSURE = "unsure", "Not sure yet"


class PatternOfExchange(Choice):
    MUTUAL = (
        "mutual",
        "Mutual data exchange",
        "Each organisation needs data from the other, so both gain.",
    )
    OTHER_BENEFIT = (
        "other-benefit",
        "Data exchanged for other benefit",
        "Data is given in return for something else: money, staff time, a service.",
    )
    LONGER_TERM = (
        "longer-term",
        "Data for a less specified or longer-term benefit",
        "Data is made available with no immediate return expected, as with open data: "
        "the gain is wider collaboration over time.",
    )


class Analyses(Choice):
    STRATEGIC = "strategic", "Strategic: planning, policy, the business case"
    OPERATIONAL = "operational", "Operational: running the service day to day"
    BOTH = "both", "Both strategic and operational"


class Exchange(Record):
    """What one organisation gives and gets in the share."""

    organisation: Annotated[
        str,
        Ask(
            "Which organisation?",
            help="Your own organisation, a partner or one on your ecosystem card; a new one "
            "is added to the ecosystem card.",
            pick="organisations",
        ),
    ]
    gives: Annotated[
        str | None,
        Ask(
            "What does '{record}' give?",
            help="Data, money, staff time, analysis, a service...",
            required=False,
        ),
    ] = None
    gets: Annotated[
        str | None,
        Ask(
            "What does '{record}' get in return?", help="Data, insight, revenue...", required=False
        ),
    ] = None


def _may_need_sharing(ctx: AskContext) -> bool:
    return ctx.card.get("can_do_without") != CanDoWithout.YES.value


class Reasons(CardModel):
    card_id: ClassVar[str] = "reasons"
    guidance: ClassVar[str] = (
        "A share of non-personal data is rarely a legal duty, so you need to show why it is "
        "worth doing. Start from the people it helps (user needs) and the organisation's "
        "aims, then check you could not get there without sharing, or with less data: "
        "minimising data is a core principle of data protection. Say what each organisation "
        "gives and gets. Work on this with the people who will approve it: drafting the "
        "outline business case together builds understanding and support."
    )

    user_needs: Annotated[
        list[str],
        Ask(
            "Which user needs will the data help meet?",
            help="One per line, from the user's point of view, e.g. 'As an electric car "
            "driver I need to find a free charging point near me'.",
        ),
    ] = Field(default_factory=list)
    organisational_aims: Annotated[
        list[str],
        Ask(
            "Which of your organisation's aims does the share support?",
            help="One per line, e.g. 'Collect all the business rates we are owed'.",
        ),
    ] = Field(default_factory=list)
    reasons: Annotated[
        list[ReasonToShare],
        Ask(
            "Why do you want to share data?",
            help="Pick every reason that applies; add your own under 'Other'.",
            other="other_reasons",
        ),
    ] = Field(default_factory=list)
    other_reasons: Annotated[
        list[str],
        Ask("Other reasons to share", help="One per line.", required=False),
    ] = Field(default_factory=list)
    can_do_without: Annotated[
        CanDoWithout | None,
        Ask(
            "Could you meet these needs and aims without sharing data, or with less?",
            help="Ask this first: only share what you need. Other routes might be a "
            "published report, aggregated figures or a question answered by the data holder.",
        ),
    ] = None
    why_sharing_needed: Annotated[
        str | None,
        Ask(
            "Why is sharing the data needed?",
            help="What you considered instead, and why it would not work.",
            kind=Kind.LONG_TEXT,
            when=_may_need_sharing,
        ),
    ] = None
    minimum_data: Annotated[
        list[str],
        Ask(
            "What is the least data that would still be useful?",
            help="One item per line: fields, level of detail, area and time span. "
            "E.g. 'Property address and rateable value, no occupier names'.",
            when=_may_need_sharing,
        ),
    ] = Field(default_factory=list)
    pattern_of_exchange: Annotated[
        PatternOfExchange | None,
        Ask(
            "Which pattern of exchange fits the share?",
            help="How value flows between the organisations. Less important for an "
            "internal share, but worth making explicit.",
        ),
    ] = None
    exchanges: Annotated[
        list[Exchange],
        Ask(
            "What does each organisation give and get?",
            help="One entry per organisation, including your own.",
            item="organisation",
            label="organisation",
            required=False,
        ),
    ] = Field(default_factory=list)
    precedents: Annotated[
        list[str],
        Ask(
            "Are there similar projects elsewhere you can point to?",
            help="One per line. Precedents help show the benefits are real.",
            required=False,
        ),
    ] = Field(default_factory=list)
    policy_links: Annotated[
        list[str],
        Ask(
            "Which national or regional priorities does the share support?",
            help="One per line. Linking to a priority makes the work more relevant.",
            required=False,
        ),
    ] = Field(default_factory=list)
    service_maturity: Annotated[
        str | None,
        Ask(
            "What stage is the service at?",
            help="E.g. an idea, being redesigned, running for years.",
            required=False,
        ),
    ] = None
    analyses: Annotated[
        Analyses | None,
        Ask("Will the data be used for strategic or operational work?", required=False),
    ] = None
    data_users: Annotated[
        list[str],
        Ask(
            "Who will use the data?",
            help="One team or role per line.",
            required=False,
        ),
    ] = Field(default_factory=list)
    frequency_needed: Annotated[
        str | None,
        Ask(
            "How often will you need the data?",
            help="E.g. once, monthly, daily, in real time.",
            required=False,
        ),
    ] = None


def reason_labels(model: Reasons) -> list[str]:
    """The reasons to share in words, the user's own ones last."""
    return [r.label for r in model.reasons if r.value != "other"] + list(model.other_reasons)
