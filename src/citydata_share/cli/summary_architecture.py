"""The architecture card's terminal summary: each flow's pattern change, and the advice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import capped, document, shared

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.project import ProjectConfig

_STYLE = {"blocking": "bold red", "warning": "yellow", "suggestion": "cyan"}
WHERE = document("architecture")


def architecture_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> list[RenderableType]:
    from citydata_share.cards.architecture import Architecture, SharingPattern
    from citydata_share.cards.architecture_advice import (
        advice_by_level,
        architecture_advice,
        pattern_change,
        share_frequency,
    )

    assert isinstance(model, Architecture)
    out: list[RenderableType] = []
    if model.flows:
        table = Table(title="Data flows: pattern today -> target", title_justify="left")
        table.add_column("Dataset")
        table.add_column("From -> to")
        table.add_column("Change", no_wrap=True)
        used: set[SharingPattern] = set()
        for flow in model.flows:  # the key names every pattern used, shown or not
            used.update(p for p in (flow.current, flow.target_pattern) if p is not None)
        flows = capped(model.flows)
        for flow in flows:
            table.add_row(
                Text(flow.dataset),
                Text(f"{flow.from_organisation or '?'} -> {flow.to_organisation or '?'}"),
                Text(pattern_change(flow).text),
            )
        out.append(table)
        out += flows.more("flow", WHERE)
        if used:
            key = "; ".join(p.label for p in SharingPattern if p in used)
            out.append(Text(f"Patterns: {key}", style="dim"))
    else:
        out.append(Text("No data flows recorded yet.", style="yellow"))
    frequency = share_frequency(model, project)
    if frequency is not None:
        line = Text(f"The share is {frequency.short.lower()}")
        payer = model.sustainability.upkeep_paid_by
        if payer:
            line.append(f"; upkeep paid by {payer}")
        out.append(line)
    if model.current_systems.investment_needed is not None:
        out.append(
            Text(
                f"Investment in systems: £{model.current_systems.investment_needed:,.0f} "
                "(for the business case)"
            )
        )
    advice = architecture_advice(model, cards, project)
    if not advice:
        out.append(Text("No advice: the target patterns fit the data as recorded.", style="green"))
        return out
    by_level = {level: items for level, items in advice_by_level(advice).items() if items}
    # One list of advice under three headings: every level shows some of its items.
    for (level, items), cut in zip(by_level.items(), shared(list(by_level.values())), strict=True):
        listed = Table.grid(padding=(0, 1))
        listed.add_column(width=3, justify="right")  # wrapped lines stay indented
        listed.add_column()
        for item in cut:
            body = Group(
                Text(item.advice),
                Text(f"Why: {item.reason}", style="dim"),
                Text(item.source, style="dim italic"),
            )
            listed.add_row("-", body)
        heading = Text(f"{level.label} ({len(items)}):", style=_STYLE[level.value])
        out.append(Group(heading, listed, *cut.more("item", WHERE)))
    return out
