"""The governance card's terminal summary: the path through the flowchart and the outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import capped, document, joined

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.cli.summaries import Renderables
    from citydata_share.project import ProjectConfig


def governance_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.governance import (
        Governance,
        Outcome,
        governance_cautions,
        governance_recommendation,
        path_in_words,
    )

    assert isinstance(model, Governance)
    found = governance_recommendation(model)
    colour = "yellow" if found.outcome is Outcome.UNDECIDED else "green"
    heading = Text("Governance: ", style="bold")
    heading.append(found.outcome.label, style=f"bold {colour}")
    out: Renderables = [heading, Text("Path: " + path_in_words(found))]
    if found.next_question is not None:
        out.append(Text(f"Next question: {found.next_question.text}", style="yellow"))
    else:
        out.append(Text(found.advice, style="dim"))

    where = document("governance")
    notes: list[Text] = []

    def listed(names: list[str], noun: str) -> str:
        cut = capped(names)
        notes.extend(cut.more(noun, where))
        return joined(cut)

    details = Table.grid(padding=(0, 2))
    details.add_column(style="bold")
    details.add_column()
    if found.outcome in (Outcome.PERSONAL_DATA, Outcome.SERVICE):
        details.add_row("Arrangements", Text(found.existing or "not named yet"))
    specific = found.specific
    if specific is not None:
        rows = [
            ("Seniority", specific.seniority),
            ("Meets", specific.meeting_frequency),
            ("Lead organisation", specific.lead_organisation),
            ("Secretariat", specific.secretariat),
            ("Organisations", listed(specific.organisations, "organisation")),
            ("Level of detail", specific.level_of_detail),
        ]
        for label, value in rows:
            details.add_row(label, Text(value or "-"))
    elif found.outcome is Outcome.SPECIFIC:
        details.add_row("Arrangements", Text("not decided yet"))
    details.add_row("Signatories", Text(listed(model.signatories, "signatory") or "-"))
    out.append(details)
    out += notes

    cautions = capped(governance_cautions(model, project) if project is not None else [])
    if cautions:
        lines = [Text("To consider:", style="bold yellow")]
        lines += [Text(f"  - {caution}") for caution in cautions]
        lines += cautions.more("caution", where, indent="  ")
        out.append(Group(*lines))
    return out
