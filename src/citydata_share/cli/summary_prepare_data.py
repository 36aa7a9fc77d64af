"""The terminal summary of the prepare-data card: shown after it is saved.

Per dataset its identifiers, confidence and open problems; the open problems with their
owners; which datasets can be linked on which identifier; the datasets not prepared yet;
the gaps in each Data Quality Statement; and the advice. Built only from the card's pure
derived functions; user text goes through ``Text`` or ``escape``, never raw into markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.project import ProjectConfig

Renderables = list[RenderableType]


def prepare_data_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.prepare_data import (
        PrepareData,
        advice,
        identifier_coverage,
        identifier_labels,
        not_prepared,
        open_problems,
        quality_statements,
    )

    assert isinstance(model, PrepareData)
    out: Renderables = []
    problems = open_problems(model)
    if model.datasets:
        table = Table(title="Datasets prepared", title_justify="left")
        table.add_column("Dataset")
        table.add_column("Shared identifiers")
        table.add_column("Accuracy")
        table.add_column("Completeness")
        table.add_column("Open problems", justify="right")
        for entry in model.datasets:
            count = sum(1 for p in problems if p.dataset == entry.dataset)
            table.add_row(
                Text(entry.dataset),
                Text(", ".join(identifier_labels(entry)) or "none"),
                Text(entry.accuracy.label if entry.accuracy else "-"),
                Text(entry.completeness.label if entry.completeness else "-"),
                Text(str(count), style="yellow" if count else ""),
            )
        out.append(table)
    else:
        out.append(Text("No dataset prepared yet.", style="yellow"))

    if problems:
        table = Table(title="Open problems", title_justify="left")
        table.add_column("Dataset")
        table.add_column("Problem")
        table.add_column("Remedy")
        table.add_column("Owner")
        table.add_column("Status")
        for item in problems:
            p = item.problem
            table.add_row(
                Text(item.dataset),
                Text(p.problem),
                Text(p.remedy or "-"),
                Text(p.owner or "no owner", style="" if p.owner else "yellow"),
                Text(p.status.short if p.status else "not given"),
            )
        out.append(table)

    links = identifier_coverage(model).linkable
    if links:
        lines = [Text("Can be linked:", style="bold")]
        for identifier, datasets in links.items():
            lines.append(Text(f"  on {identifier}: " + ", ".join(datasets)))
        out.append(Group(*lines))

    missing = not_prepared(model, cards)
    if missing:
        out.append(Text("Not yet prepared: " + ", ".join(missing), style="yellow"))

    gaps = [s for s in quality_statements(model) if s.gaps]
    if gaps:
        lines = [Text("Data Quality Statement gaps:", style="bold yellow")]
        for statement in gaps:
            lines.append(Text(f"  {statement.dataset}: " + ", ".join(statement.gaps)))
        out.append(Group(*lines))

    found = advice(model)
    if found:
        lines = [Text("Advice:", style="bold")]
        for tip in found:
            lines.append(Text(f"  - {tip.message}"))
            lines.append(Text(f"    {tip.reason}", style="dim"))
        out.append(Group(*lines))
    return out
