"""SHARE, service lane: "Support a sharing culture".

Once data is flowing, small actions keep it flowing and make the next share easier. The
toolkit groups them under four headings (Transparency, Training, Technology, Meetings and
events); each action here has an owner, a date and a status, and the open, overdue and
missing ones are derived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.questions import Ask, AskContext, Choice

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class Heading(Choice):
    TRANSPARENCY = (
        "transparency",
        "Transparency",
        "Make the work visible: publish the documents you made, blog about it, publish code.",
    )
    TRAINING = (
        "training",
        "Training",
        "Build what you learned into training people already take, such as mandatory "
        "information governance training.",
    )
    TECHNOLOGY = (
        "technology",
        "Technology",
        "Tools that keep the teams in touch: a shared mailing list, or a chat channel.",
    )
    MEETINGS = (
        "meetings-and-events",
        "Meetings and events",
        "Talk about the share: at a show and tell, a team event, a meet-up.",
    )


# The toolkit's suggestions under each heading, as starting points.
SUGGESTIONS: dict[Heading, tuple[str, ...]] = {
    Heading.TRANSPARENCY: (
        "Publish the documents made while setting up the share",
        "Write a blog post on the intranet, the organisation's website or a blogging site",
        "Publish the code written for the share, e.g. on GitHub",
    ),
    Heading.TRAINING: ("Add the key points of the share to mandatory IG training",),
    Heading.TECHNOLOGY: ("Set up a channel the teams share: a mailing list, or Slack",),
    Heading.MEETINGS: (
        "Present the share at a show and tell",
        "Talk about the work at a meet-up",
    ),
}


class Status(Choice):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


CLOSED: frozenset[Status] = frozenset({Status.DONE, Status.DROPPED})


def _not_dropped(ctx: AskContext) -> bool:
    return ctx.answers.get("status") != Status.DROPPED.value


def _suggestions_help() -> str:
    lines = [
        f"{heading.label}: " + "; ".join(s[0].lower() + s[1:] for s in SUGGESTIONS[heading])
        for heading in Heading
    ]
    return "What will be done, in a line. Ideas from the toolkit: " + ". ".join(lines) + "."


class CultureAction(Record):
    action: Annotated[str, Ask("What is the action?", help=_suggestions_help())]
    heading: Annotated[
        Heading | None,
        Ask(
            "Under which heading does '{record}' fall?",
            help="The toolkit's four ways of supporting a sharing culture.",
        ),
    ] = None
    owner: Annotated[
        str | None,
        Ask(
            "Who owns '{record}'?",
            help="One person (or role) on the team card, who makes sure it happens.",
            pick="people",
        ),
    ] = None
    status: Annotated[
        Status | None,
        Ask("Where is '{record}' up to?", default=Status.PLANNED.value),
    ] = None
    due: Annotated[
        dt.date | None,
        Ask(
            "By when should '{record}' be done?",
            help="A date (YYYY-MM-DD). An open action past this date shows as overdue.",
            when=_not_dropped,
        ),
    ] = None


class Culture(CardModel):
    card_id: ClassVar[str] = "culture"
    guidance: ClassVar[str] = (
        "Having begun to share, plan a few actions that keep the share going and make the "
        "next one easier. A data sharing project is not the place to change a whole "
        "organisation's culture, but openness helps: publish what you can, build the "
        "lessons into training, give the teams a way to stay in touch, and talk about the "
        "work at events. Give each action an owner and a date. Source: City Data Sharing "
        "Toolkit, Support a sharing culture; see also Mozilla's Open Leadership 101 and "
        "GDS's 'Making things open, making things better'."
    )

    actions: Annotated[
        list[CultureAction],
        Ask(
            "Which actions will support a sharing culture?",
            help="One entry per action, under the toolkit's four headings: Transparency, "
            "Training, Technology, and Meetings and events. A few well-owned actions beat "
            "a long list.",
            item="action",
            label="action",
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Each action's owner should be on the team card (checked once that card exists)."""
        from citydata_share.known import known_names

        if "team" not in cards:
            return []
        people = known_names("people", cards, project)
        return [
            LinkIssue(
                f"actions[{i}].owner",
                f"{action.owner!r} ({action.action}) is not on the team card",
                "Add them with `cds discover team`, or write the name or role as it is there.",
            )
            for i, action in enumerate(self.actions)
            if action.owner and action.owner not in people
        ]


def is_open(action: CultureAction) -> bool:
    """Not done and not dropped (an action with no status yet counts as planned)."""
    return action.status not in CLOSED


def actions_by_heading(model: Culture) -> dict[Heading, list[CultureAction]]:
    """Every heading in the toolkit's order, with its actions (possibly none)."""
    grouped: dict[Heading, list[CultureAction]] = {heading: [] for heading in Heading}
    for action in model.actions:
        if action.heading is not None:
            grouped[action.heading].append(action)
    return grouped


def unfiled_actions(model: Culture) -> list[CultureAction]:
    """Actions not yet put under a heading."""
    return [a for a in model.actions if a.heading is None]


def open_actions(model: Culture) -> list[CultureAction]:
    return [a for a in model.actions if is_open(a)]


def overdue_actions(model: Culture, today: dt.date) -> list[CultureAction]:
    """Open actions whose date has passed (an action due today is not overdue yet)."""
    return [a for a in open_actions(model) if a.due is not None and a.due < today]


def empty_headings(model: Culture) -> list[Heading]:
    """Headings with no action, dropped actions not counting: where to look for ideas."""
    return [
        heading
        for heading, actions in actions_by_heading(model).items()
        if all(a.status is Status.DROPPED for a in actions)
    ]
