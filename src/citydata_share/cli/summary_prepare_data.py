"""The terminal summary of the prepare-data card: shown after it is saved.

Per dataset its identifiers, confidence and open problems; the open problems with their
owners; which datasets can be linked on which identifier; the datasets not prepared yet;
the gaps in each Data Quality Statement; and the advice. Built only from the card's pure
derived functions; user text goes through ``Text`` or ``escape``, never raw into markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import capped, document, hidden, joined, more_line, shared

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.project import ProjectConfig

Renderables = list[RenderableType]
WHERE = document("prepare-data")


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
        counts = Counter(p.dataset for p in problems)
        entries = capped(model.datasets, first=lambda entry: counts[entry.dataset] > 0)
        for entry in entries:
            count = counts[entry.dataset]
            table.add_row(
                Text(entry.dataset),
                Text(", ".join(identifier_labels(entry)) or "none"),
                Text(entry.accuracy.label if entry.accuracy else "-"),
                Text(entry.completeness.label if entry.completeness else "-"),
                Text(str(count), style="yellow" if count else ""),
            )
        out.append(table)
        out += entries.more("dataset", WHERE)
    else:
        out.append(Text("No dataset prepared yet.", style="yellow"))

    if problems:
        table = Table(title="Open problems", title_justify="left")
        table.add_column("Dataset")
        table.add_column("Problem")
        table.add_column("Remedy")
        table.add_column("Owner")
        table.add_column("Status")
        shown = capped(problems, first=lambda item: not item.problem.owner)
        for item in shown:
            p = item.problem
            table.add_row(
                Text(item.dataset),
                Text(p.problem),
                Text(p.remedy or "-"),
                Text(p.owner or "no owner", style="" if p.owner else "yellow"),
                Text(p.status.short if p.status else "not given"),
            )
        out.append(table)
        out += shown.more("open problem", WHERE)

    links = capped(list(identifier_coverage(model).linkable.items()))
    if links:
        lines = [Text("Can be linked:", style="bold")]
        # One list of names under each identifier: each shows some of its datasets.
        cuts = shared([datasets for _, datasets in links])
        for (identifier, _), datasets in zip(links, cuts, strict=True):
            lines.append(Text(f"  on {identifier}: " + joined(datasets)))
        lines += links.more("identifier", WHERE, indent="  ")
        left = hidden(cuts)
        if left:
            lines.append(more_line(left, "dataset name", WHERE, indent="  "))
        out.append(Group(*lines))

    missing = capped(not_prepared(model, cards))
    if missing:
        out.append(Text("Not yet prepared: " + ", ".join(missing), style="yellow"))
        out += missing.more("dataset", WHERE)

    gaps = capped([s for s in quality_statements(model) if s.gaps])
    if gaps:
        lines = [Text("Data Quality Statement gaps:", style="bold yellow")]
        for statement in gaps:
            lines.append(Text(f"  {statement.dataset}: " + ", ".join(statement.gaps)))
        lines += gaps.more("dataset", WHERE, indent="  ")
        out.append(Group(*lines))

    found = capped(advice(model))
    if found:
        lines = [Text("Advice:", style="bold")]
        for tip in found:
            lines.append(Text(f"  - {tip.message}"))
            lines.append(Text(f"    {tip.reason}", style="dim"))
        lines += found.more("item", WHERE, indent="  ")
        out.append(Group(*lines))
    return out
