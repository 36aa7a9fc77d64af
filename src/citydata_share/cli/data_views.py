"""What `cds data` prints: counts and column names in rich tables, never a value.

Column names and file names come from the user's files: they go into ``Text`` objects or
through ``escape``, never raw into markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from citydata_share.cards.dataset_profile import (
    ColumnProfile,
    ColumnType,
    DatasetProfile,
    LinkEvidence,
    LinkSide,
    describe_flag,
    filled_percent,
    key_duplicates,
    match_rate,
    percent,
    personal_flags,
)

if TYPE_CHECKING:
    from rich.console import Console

    from citydata_share.profiling.saving import SavedProfile


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:g}%"


def _range(column: ColumnProfile) -> str:
    if column.minimum is not None and column.maximum is not None:
        if column.minimum == column.maximum:
            return column.minimum
        return f"{column.minimum} to {column.maximum}"
    if column.type is ColumnType.TEXT and column.shortest is not None:
        if column.shortest == column.longest:
            return f"{column.shortest} characters"
        return f"{column.shortest}-{column.longest} characters"
    if column.identifier is not None or column.personal:
        return "(not shown)"
    return ""


def _identifier(column: ColumnProfile) -> str:
    check = column.identifier
    if check is None:
        return ""
    total = check.valid + check.invalid
    return f"{check.kind.label}: {check.valid:,} valid ({_pct(percent(check.valid, total))})"


def print_profile(profile: DatasetProfile, out: Console) -> None:
    head = Text()
    head.append(profile.file, style="bold")
    head.append(
        f"  {profile.format}"
        + (f", {profile.encoding}" if profile.encoding else "")
        + (f", sheet {profile.sheet}" if profile.sheet else "")
        + f", {profile.size_bytes:,} bytes"
    )
    out.print(head)
    out.print(
        f"{_n(profile.rows, 'row')}, {_n(len(profile.columns), 'column')}, "
        f"{_pct(filled_percent(profile))} of cells filled, "
        f"{_n(profile.duplicate_rows, 'duplicate row')}."
    )
    table = Table(show_edge=False, pad_edge=False)
    for heading, justify in (
        ("Column", "left"),
        ("Type", "left"),
        ("Filled", "right"),
        ("Distinct", "right"),
        ("Repeated keys", "right"),
        ("Range / length", "left"),
        ("Identifier", "left"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for c in profile.columns:
        table.add_row(
            Text(c.name),
            c.type.label,
            _pct(percent(c.filled, profile.rows)),
            f"{c.distinct:,}",
            f"{c.duplicate_values:,}" if c.duplicate_values is not None else "",
            Text(_range(c)),
            _identifier(c),
        )
    out.print(table)
    keys = key_duplicates(profile)
    if keys:
        listed = "; ".join(f"{name} ({count:,} repeats)" for name, count in keys)
        out.print(Text(f"Keys with repeated values: {listed}."))
    flags = personal_flags(profile)
    if flags:
        out.print(
            "[bold yellow]Possible personal data, to review[/] (flags, not a verdict: a "
            "person who knows the data decides):"
        )
        for item in flags:
            out.print(Text(f"  - {item.column}: {describe_flag(item.flag)}"))
    else:
        out.print("No column looks like personal data by its values or its name.")
    out.print(f"[dim]SHA-256 {profile.sha256}; profiled on {profile.profiled_on.isoformat()}.[/]")


def print_saved(saved: SavedProfile, out: Console) -> None:
    what = "Added the dataset" if saved.added else "Saved the profile on"
    out.print(
        f"{what} {escape(repr(saved.dataset))} on the data-systems card "
        f"([dim]{escape(saved.path.name)}[/])."
    )
    if saved.added:
        out.print("Describe it with `cds discover data-systems`.")
    if saved.replaced:
        out.print(f"It replaces the profile of {escape(saved.replaced)}.")
    for issue in saved.issues:
        out.print(f"[red]Check:[/] {escape(issue.message)}")
        if issue.hint:
            out.print(f"  {escape(issue.hint)}")


def _side_name(side: LinkSide) -> Text:
    return Text(f"{side.dataset or side.file} ({side.column})")


def print_link(evidence: LinkEvidence, out: Console) -> None:
    a, b = evidence.left, evidence.right
    out.print(
        Text(f"Keys compared as: {evidence.key_as.label}. Keys found on both sides: ")
        + Text(f"{evidence.matched_keys:,}.")
    )
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("")
    table.add_column(Text("A: ") + _side_name(a), justify="right")
    table.add_column(Text("B: ") + _side_name(b), justify="right")
    rows = [
        ("Rows", a.rows, b.rows),
        ("Rows with no key", a.empty_keys, b.empty_keys),
        ("Distinct keys", a.keys, b.keys),
        ("Keys held by more than one row", a.duplicate_keys, b.duplicate_keys),
        ("Rows matched in the other file", a.matched_rows, b.matched_rows),
        ("Keys with no match", a.unmatched_keys, b.unmatched_keys),
    ]
    for label, left, right in rows:
        table.add_row(label, f"{left:,}", f"{right:,}")
    table.add_row("Match rate", _pct(match_rate(a)), _pct(match_rate(b)))
    out.print(table)
