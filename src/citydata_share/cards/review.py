"""SHARE, both lanes: "Review and retire" (cds's addition, not one of the toolkit's cards).

The toolkit's own feature backlog asks for a review and retirement stage; cds adds it. When
the share is reviewed and against what, what ends it, what each party does with the data at
the end and whether they confirmed it, and whether access was revoked and the retirement
confirmed. Answers left over after a yes became a no (a date of revocation, say) are kept in
the file but play no part.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field, model_validator

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.questions import Ask, AskContext, Choice
from citydata_share.registry import ADDITION_NOTE

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class ReviewFrequency(Choice):
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every three months"
    SIX_MONTHLY = "six-monthly", "Every six months"
    YEARLY = "yearly", "Every year"
    MILESTONES = "milestones", "At the project's milestones"
    OTHER = "other", "Other"


MONTHS: dict[ReviewFrequency, int] = {
    ReviewFrequency.MONTHLY: 1,
    ReviewFrequency.QUARTERLY: 3,
    ReviewFrequency.SIX_MONTHLY: 6,
    ReviewFrequency.YEARLY: 12,
}


class EndOfShare(Choice):
    DELETE = "delete", "Delete it", "Remove the data from every system, including copies."
    RETURN = "return", "Return it", "Give the data back to the organisation that provided it."
    KEEP_UNDER_LICENCE = (
        "keep-under-licence",
        "Keep it under a licence",
        "Go on using the data on the terms of a licence or a new agreement.",
    )
    ARCHIVE = "archive", "Archive it", "Keep it out of use, for a stated time, then delete it."
    OTHER = "other", "Something else"


def _yes(name: str) -> Callable[[AskContext], bool]:
    """A ``when`` condition: the yes/no question ``name`` was answered yes."""

    def condition(ctx: AskContext) -> bool:
        return ctx.answers.get(name) in (True, "true", "yes")

    return condition


class EndAction(Record):
    """What one party does with the data when the share ends."""

    party: Annotated[
        str,
        Ask(
            "Which organisation?",
            help="A party that holds the data: a partner, or your own organisation.",
            pick="organisations",
        ),
    ]
    action: Annotated[
        EndOfShare | None,
        Ask(
            "What does {record} do with the data at the end?",
            help="Say it in the agreement too: the ICO's data sharing code expects an "
            "agreement to cover retention and deletion. Source: ICO, Data sharing code of "
            "practice.",
            other="action_other",
        ),
    ] = None
    action_other: Annotated[
        str | None, Ask("What does {record} do with the data instead?", required=False)
    ] = None
    by_when: Annotated[
        dt.date | None,
        Ask(
            "By when must {record} have done it?",
            help="A date (YYYY-MM-DD), e.g. a month after the project ends.",
            required=False,
        ),
    ] = None
    confirmed: Annotated[
        bool | None,
        Ask(
            "Has {record} confirmed it was done?",
            help="Say no until you have it in writing.",
        ),
    ] = None
    confirmed_on: Annotated[
        dt.date | None,
        Ask("When did {record} confirm it?", when=_yes("confirmed")),
    ] = None
    evidence: Annotated[
        str | None,
        Ask(
            "What is the evidence?",
            help="E.g. an email from their data protection lead, a certificate of deletion.",
            when=_yes("confirmed"),
            required=False,
        ),
    ] = None

    @property
    def done(self) -> bool:
        return self.confirmed is True

    @property
    def action_label(self) -> str:
        if self.action is EndOfShare.OTHER:
            return self.action_other or "Something else"
        return self.action.label if self.action else "not decided"


class Review(CardModel):
    card_id: ClassVar[str] = "review"
    guidance: ClassVar[str] = (
        ADDITION_NOTE + " Decide when the share is reviewed and what each review checks, "
        "what would end the share, and what each party does with the data at the end. When "
        "it ends, revoke access, collect each party's confirmation, and record that the "
        "share is retired. The ICO's data sharing code expects agreements to be reviewed "
        "regularly and to say how data is deleted or returned. Source: ICO, Data sharing "
        "code of practice."
    )

    next_review: Annotated[
        dt.date | None,
        Ask(
            "When is the next review?",
            help="A date (YYYY-MM-DD). Left empty, it is worked out from the last review and "
            "how often reviews happen. A review checks the share still meets its purpose.",
            required=False,
        ),
    ] = None
    review_every: Annotated[
        ReviewFrequency | None,
        Ask(
            "How often will the share be reviewed?",
            help="Ongoing shares need regular reviews; a one-off share may need just one, "
            "at the end.",
            other="review_every_other",
        ),
    ] = None
    review_every_other: Annotated[str | None, Ask("How often, in your words?", required=False)] = (
        None
    )
    last_reviewed: Annotated[
        dt.date | None,
        Ask("When was it last reviewed?", help="Leave empty before the first.", required=False),
    ] = None
    review_criteria: Annotated[
        list[str],
        Ask(
            "What will each review check?",
            help="One per line, e.g. 'The data is still needed for the purpose', 'Only the "
            "agreed people used it (see the access log)', 'The data is still accurate', "
            "'The agreement's terms are kept'.",
        ),
    ] = Field(default_factory=list)
    retirement_triggers: Annotated[
        list[str],
        Ask(
            "What would end the share?",
            help="One per line, e.g. 'The project ends', 'The purpose is met', 'The "
            "agreement ends', 'A partner withdraws', 'The law changes'.",
        ),
    ] = Field(default_factory=list)
    planned_end: Annotated[
        dt.date | None,
        Ask(
            "When is the share planned to end?",
            help="A date (YYYY-MM-DD); leave it empty for an open-ended share.",
            required=False,
        ),
    ] = None
    end_actions: Annotated[
        list[EndAction],
        Ask(
            "What does each party do with the data when the share ends?",
            help="One entry per organisation that holds the data. In Belfast, collaborators "
            "removed the data from their systems once it was no longer used for the project.",
            item="party",
            label="party",
        ),
    ] = Field(default_factory=list)
    access_revoked: Annotated[
        bool | None,
        Ask(
            "Has access to the shared data been revoked?",
            help="Accounts, credentials, shared spaces and feeds. Say no while the share runs.",
        ),
    ] = None
    access_revoked_on: Annotated[
        dt.date | None,
        Ask("When was access revoked?", when=_yes("access_revoked")),
    ] = None
    access_revoked_by: Annotated[
        str | None,
        Ask(
            "Who revoked it?",
            help="A person (or role) on the team card.",
            pick="people",
            when=_yes("access_revoked"),
        ),
    ] = None
    retirement_confirmed: Annotated[
        bool | None,
        Ask(
            "Has the share's retirement been confirmed?",
            help="Someone accountable confirms the share is over: every party has done what "
            "it agreed and access is closed. Say no while the share runs.",
        ),
    ] = None
    retirement_confirmed_by: Annotated[
        str | None,
        Ask(
            "Who confirmed it?",
            help="A person (or role) on the team card.",
            pick="people",
            when=_yes("retirement_confirmed"),
        ),
    ] = None
    retirement_confirmed_on: Annotated[
        dt.date | None,
        Ask("When was it confirmed?", when=_yes("retirement_confirmed")),
    ] = None

    @model_validator(mode="after")
    def _reviews_in_order(self) -> Review:
        if self.next_review and self.last_reviewed and self.next_review < self.last_reviewed:
            raise ValueError(
                f"the next review ({self.next_review.isoformat()}) is before the last one "
                f"({self.last_reviewed.isoformat()}): set a later next_review, or leave it "
                "empty to work it out from review_every"
            )
        return self

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Parties are organisations of the project; people named are on the team card."""
        from citydata_share.known import known_names

        issues: list[LinkIssue] = []
        organisations = known_names("organisations", cards, project)
        for i, end in enumerate(self.end_actions):
            if end.party not in organisations:
                issues.append(
                    LinkIssue(
                        f"end_actions[{i}].party",
                        f"{end.party!r} is not an organisation of the project",
                        f"Add {end.party} with `cds discover ecosystem` (or as a partner in "
                        "cds.yaml), or use the name it has there.",
                    )
                )
        if "team" in cards:
            people = known_names("people", cards, project)
            named = []
            if self.access_revoked:
                named.append(("access_revoked_by", self.access_revoked_by))
            if self.retirement_confirmed:
                named.append(("retirement_confirmed_by", self.retirement_confirmed_by))
            for path, name in named:
                if name and name not in people:
                    issues.append(
                        LinkIssue(
                            path,
                            f"{name!r} is not on the team card",
                            "Add them with `cds discover team`, or write the name or role "
                            "as it is there.",
                        )
                    )
        return issues


# Derived ---------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_date(model: Review) -> dt.date | None:
    """The date set; else the last review plus the interval; else unknown (None)."""
    if model.next_review is not None:
        return model.next_review
    months = MONTHS.get(model.review_every) if model.review_every else None
    if model.last_reviewed is not None and months is not None:
        return add_months(model.last_reviewed, months)
    return None


def outstanding_end_actions(model: Review) -> list[EndAction]:
    """End-of-share actions no party has confirmed yet."""
    return [end for end in model.end_actions if not end.done]


def overdue_end_actions(model: Review, today: dt.date) -> list[EndAction]:
    """Unconfirmed actions whose deadline has passed."""
    return [
        end
        for end in outstanding_end_actions(model)
        if end.by_when is not None and end.by_when < today
    ]


def retirement_gaps(model: Review) -> list[str]:
    """What still stands between the share and its retirement, in words."""
    gaps = []
    if not model.end_actions:
        gaps.append("No party's end-of-share action is recorded.")
    for end in outstanding_end_actions(model):
        gaps.append(f"{end.party} has not confirmed: {end.action_label.lower()}.")
    if model.access_revoked is not True:
        gaps.append("Access to the shared data has not been revoked.")
    if model.retirement_confirmed is not True:
        gaps.append("The retirement has not been confirmed.")
    return gaps


def fully_retired(model: Review) -> bool:
    """Every party confirmed, access revoked, and the retirement confirmed."""
    return not retirement_gaps(model)


@dataclass(frozen=True)
class ReviewDue:
    date: dt.date | None  # None: no date set and none can be worked out
    overdue: bool
    days_overdue: int


def review_due(model: Review, today: dt.date) -> ReviewDue:
    """The next review and whether it has passed; a retired share has no review due."""
    date = next_review_date(model)
    if date is None or fully_retired(model) or date >= today:
        return ReviewDue(date, False, 0)
    return ReviewDue(date, True, (today - date).days)


def review_overdue(model: Review, today: dt.date) -> bool:
    return review_due(model, today).overdue
