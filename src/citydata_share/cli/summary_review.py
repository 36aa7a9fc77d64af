"""The review card's terminal summary: reviews, the end of the share, and what is left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import capped, document, stacked

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.cli.summaries import Renderables
    from citydata_share.project import ProjectConfig


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"


def review_summary(
    model: CardModel,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    today: dt.date | None = None,
) -> Renderables:
    from citydata_share.cards.review import (
        Review,
        ReviewFrequency,
        fully_retired,
        overdue_end_actions,
        retirement_gaps,
        review_due,
    )
    from citydata_share.registry import ADDITION_NOTE

    assert isinstance(model, Review)
    today = today or dt.date.today()
    out: Renderables = [Text(ADDITION_NOTE, style="dim italic")]

    due = review_due(model, today)
    every = model.review_every
    how_often = (
        ((model.review_every_other or "other") if every is ReviewFrequency.OTHER else every.label)
        if every
        else "-"
    )
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    if due.date is None:
        next_review = Text("not set", style="yellow")
    elif due.overdue:
        next_review = Text(f"{_day(due.date)} (overdue by {due.days_overdue} days)", style="red")
    else:
        next_review = Text(_day(due.date))
    facts.add_row("Next review", next_review)
    facts.add_row("Reviewed", Text(how_often))
    where = document("review")
    checks, triggers = capped(model.review_criteria), capped(model.retirement_triggers)
    facts.add_row("Review checks", Text(stacked(checks) or "-"))
    facts.add_row("Ends when", Text(stacked(triggers) or "-"))
    facts.add_row("Planned end", _day(model.planned_end))
    if model.access_revoked:
        revoked = f"yes, on {_day(model.access_revoked_on)}"
        revoked += f" by {model.access_revoked_by}" if model.access_revoked_by else ""
    else:
        revoked = "not yet" if model.access_revoked is False else "-"
    facts.add_row("Access revoked", Text(revoked))
    out.append(facts)
    out += checks.more("review check", where)
    out += triggers.more("condition", where)

    if model.end_actions:
        late = overdue_end_actions(model, today)
        table = Table(title="At the end of the share", title_justify="left")
        table.add_column("Party")
        table.add_column("Does")
        table.add_column("By")
        table.add_column("Confirmed")
        ends = capped(model.end_actions, first=lambda end: not end.done)
        late_ids = {id(end) for end in late}
        for end in ends:
            if end.done:
                when = f", {_day(end.confirmed_on)}" if end.confirmed_on else ""
                confirmed = Text("yes" + when)
            else:
                confirmed = Text("no", style="red" if id(end) in late_ids else "yellow")
            table.add_row(Text(end.party), Text(end.action_label), _day(end.by_when), confirmed)
        out.append(table)
        out += ends.more("end-of-share action", where)

    if fully_retired(model):
        who = model.retirement_confirmed_by or "someone not named"
        on = _day(model.retirement_confirmed_on)
        out.append(
            Text(
                f"The share is retired: confirmed by {who} on {on}.",
                style="green",
            )
        )
    else:
        lines = [Text("Before the share is retired:", style="bold yellow")]
        found = retirement_gaps(model)
        # The party-by-party gaps come first and can be many; the share-wide ones (access
        # revoked, retirement confirmed) come last and must stay in view.
        last = set(found[-2:])
        gaps = capped(found, first=last.__contains__)
        lines += [Text(f"  - {gap}") for gap in gaps]
        lines += gaps.more("step", where, indent="  ")
        out.append(Group(*lines))
    return out
