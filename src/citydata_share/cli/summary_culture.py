"""The culture card's terminal summary: actions by heading, and the open and overdue ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import capped, document, hidden, more_line, shared
from citydata_share.words import counted

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.cards.culture import CultureAction
    from citydata_share.cli.summaries import Renderables
    from citydata_share.project import ProjectConfig


def _due(action: CultureAction) -> str:
    return action.due.isoformat() if action.due else "-"


def culture_summary(
    model: CardModel,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    today: dt.date | None = None,
) -> Renderables:
    from citydata_share.cards.culture import (
        SUGGESTIONS,
        Culture,
        actions_by_heading,
        empty_headings,
        open_actions,
        overdue_actions,
        unfiled_actions,
    )

    assert isinstance(model, Culture)
    today = today or dt.date.today()
    overdue = overdue_actions(model, today)
    table = Table(title="Actions for a sharing culture", title_justify="left")
    table.add_column("Action", ratio=1)
    table.add_column("Owner", max_width=20)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    grouped = {h.label: a for h, a in actions_by_heading(model).items() if a}
    if unfiled_actions(model):
        grouped["No heading yet"] = unfiled_actions(model)
    # One plan under several headings: each heading shows some of its actions, the open
    # ones before those done or dropped.
    still_open = open_actions(model)
    open_ids = {id(action) for action in still_open}
    cuts = shared(list(grouped.values()), first=lambda action: id(action) in open_ids)
    late = {id(action) for action in overdue}
    for label, actions in zip(grouped, cuts, strict=True):
        table.add_row(Text(label, style="bold underline"))
        for action in actions:
            due = Text(_due(action), style="red" if id(action) in late else "")
            status = action.status.label if action.status else "Planned"
            table.add_row(Text(action.action), Text(action.owner or "-"), due, status)
        if actions.hidden:
            table.add_row(Text(actions.tail, style="dim"))
    where = document("culture")
    out: Renderables = [table]
    left = hidden(cuts)
    if left:
        out.append(more_line(left, "action", where))
    out.append(
        Text(
            f"{counted(len(still_open), 'open action')}, {len(overdue)} overdue (as of "
            f"{today.isoformat()}).",
            style="bold",
        )
    )
    if overdue:
        lines = [Text("Overdue:", style="bold red")]
        shown = capped(overdue)
        for action in shown:
            who = action.owner or "no owner"
            lines.append(Text(f"  - {action.action} ({who}, {_due(action)})"))
        lines += shown.more("overdue action", where, indent="  ")
        out.append(Group(*lines))
    missing = empty_headings(model)
    if missing:
        lines = [Text("Nothing planned yet under:", style="bold yellow")]
        for heading in missing:
            idea = SUGGESTIONS[heading][0]
            lines.append(Text(f"  {heading.label}: e.g. {idea[0].lower()}{idea[1:]}"))
        out.append(Group(*lines))
    return out
