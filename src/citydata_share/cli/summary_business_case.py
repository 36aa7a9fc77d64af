"""The business case card's terminal summary: the appraisal figures and what is still open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from citydata_share.cards.business_case import (
    ESTIMATES_CAVEAT,
    Appraisal,
    BusinessCase,
    ItemFigures,
    Recurrence,
    advice,
    appraise,
    bcr_in_words,
    discount_rate_text,
    empty_cases,
    pounds,
    strategic_inputs,
)
from citydata_share.cli.capped import capped, document
from citydata_share.words import counted

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.project import ProjectConfig

Renderables = list[RenderableType]
WHERE = document("business-case")


def _years(figures: ItemFigures) -> str:
    years = figures.years
    if not years:
        return "-"
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _figures_table(appraisal: Appraisal) -> Renderables:
    table = Table(title="Costs and benefits", title_justify="left")
    table.add_column("Item")
    table.add_column("Kind")
    table.add_column("Amount", justify="right")
    table.add_column("Years", justify="right")
    table.add_column("Total", justify="right")
    table.add_column("Present value", justify="right")
    rows = capped(sorted(appraisal.items, key=lambda r: not r.is_cost))
    for row in rows:
        item = row.item
        kind = item.kind.label if item.kind else ""
        each = pounds(item.amount or 0)
        if item.recurrence is Recurrence.RECURRING:
            each += " a year"
        table.add_row(
            Text(item.what),
            kind,
            each,
            _years(row),
            pounds(row.undiscounted),
            pounds(row.present_value),
        )
    table.add_section()
    for label, total, pv in (
        ("Total costs", appraisal.costs, appraisal.pv_costs),
        ("Total benefits", appraisal.benefits, appraisal.pv_benefits),
    ):
        table.add_row(label, "", "", "", pounds(total), pounds(pv), style="bold")
    return [table, *rows.more("item", WHERE)]


def business_case_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    assert isinstance(model, BusinessCase)
    role = project.role.value if project is not None else "both"
    appraisal = appraise(model)
    out: Renderables = []
    last = appraisal.period - 1
    span = "year 0" if last == 0 else f"years 0-{last}"
    if appraisal.items:
        out += _figures_table(appraisal)
        out.append(
            Text.assemble(
                ("Net present social value: ", "bold"),
                (pounds(appraisal.npsv), "green" if appraisal.npsv >= 0 else "red"),
                f" (present value of benefits minus costs, {span}, discounted at "
                f"{discount_rate_text(appraisal.period)}: the Green Book rate)",
            )
        )
        out.append(Text.assemble(("Benefit-cost ratio: ", "bold"), bcr_in_words(appraisal.bcr)))
    else:
        out.append(Text("No cost or benefit has a figure yet.", style="dim"))
    if appraisal.unpriced_benefits:
        lines = [Text("Benefits without a price (weigh them beside the figures):", style="bold")]
        unpriced = capped(appraisal.unpriced_benefits)
        for item in unpriced:
            who = f" ({', '.join(item.who)})" if item.who else ""
            lines.append(Text(f"  - {item.what}{who}"))
        lines += unpriced.more("benefit", WHERE, indent="  ")
        out.append(Group(*lines))
    notes = [(w.message, w.hint) for w in appraisal.warnings]
    notes += [(a.message, "") for a in advice(model, appraisal)]
    if notes:
        lines = [Text("To look at:", style="bold yellow")]
        shown = capped(notes)
        for message, hint in shown:
            lines.append(Text(f"  - {message}"))
            if hint:
                lines.append(Text(f"    {hint}", style="dim"))
        lines += shown.more("note", WHERE, indent="  ")
        out.append(Group(*lines))
    empty = empty_cases(model, role)
    if empty:
        out.append(
            Text(
                "Cases with no answers yet: " + ", ".join(c.label for c in empty) + ".",
                style="yellow",
            )
        )
    else:
        out.append(Text("All five cases have answers.", style="green"))
    inputs = strategic_inputs(cards)
    if inputs is None:
        out.append(
            Text(
                "The strategic case draws on the reasons card: fill it with "
                "`cds discover reasons`.",
                style="dim",
            )
        )
    else:
        out.append(
            Text(
                "The strategic case draws on the reasons card: "
                f"{counted(len(inputs.user_needs), 'user need')}, "
                f"{counted(len(inputs.aims), 'aim')}, "
                f"{counted(len(inputs.policy_links), 'policy link')}.",
                style="dim",
            )
        )
    out.append(Text(ESTIMATES_CAVEAT, style="dim italic"))
    return out
