"""What the approvals card produced, for the terminal: the DPIA screening's outcome with the
criteria behind it, the agreements and their statuses, the risk register with levels, and the
approvals still to do. Built only from the card's pure derived functions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import capped, document, stacked

if TYPE_CHECKING:
    from citydata_share.cards.approvals import Approvals
    from citydata_share.cards.base import CardModel
    from citydata_share.cards.dpia import Risk
    from citydata_share.project import ProjectConfig

Renderables = list[RenderableType]

_OUTCOME_STYLE = {"required": "bold red", "recommended": "bold yellow", "good-practice": "green"}
_LEVEL_STYLE = {"high": "red", "medium": "yellow", "low": "green"}
WHERE = document("approvals")


def _screening(model: Approvals) -> RenderableType:
    from citydata_share.cards.approvals import criteria_ticked, screening_outcome

    screening = model.dpia_screening
    found = screening_outcome(screening)
    lines = [
        Text("DPIA screening: ", style="bold")
        + Text(found.outcome.label, style=_OUTCOME_STYLE[found.outcome.value])
    ]
    if not screening.done:
        lines.append(
            Text("  Provisional: the screening has no date or no one named who did it.", "yellow")
        )
    ticked = criteria_ticked(screening)
    lines.append(Text("  Criteria ticked: " + (", ".join(ticked) if ticked else "none")))
    reasons = capped(found.reasons)
    lines += [Text(f"  - {reason}") for reason in reasons]
    lines += reasons.more("reason", WHERE, indent="  ")
    notes = capped(found.notes)
    lines += [Text(f"  - {note}", style="dim") for note in notes]
    lines += notes.more("note", WHERE, indent="  ")
    if screening.next_step:
        lines.append(Text("  Next step: " + screening.next_step))
    return Group(*lines)


def _agreements(model: Approvals) -> Renderables:
    from citydata_share.cards.approvals import agreement_warnings

    if not model.agreements:
        return [Text("No agreement recorded yet.", style="yellow")]
    warned = {id(a): agreement_warnings(a) for a in model.agreements}
    table = Table(title="Agreements", title_justify="left")
    for column in ("Agreement", "Kind", "Parties", "Status", "Dates"):
        table.add_column(column)
    shown = capped(model.agreements, first=lambda a: bool(warned[id(a)]))
    for agreement in shown:
        status = agreement.status.label if agreement.status else "-"
        if agreement.signed_on:
            status += f"\n{agreement.signed_on.isoformat()}"
        dates = []
        if agreement.starts_on or agreement.ends_on:
            start = agreement.starts_on.isoformat() if agreement.starts_on else "?"
            end = agreement.ends_on.isoformat() if agreement.ends_on else "open-ended"
            dates.append(f"{start} to {end}")
        if agreement.review_on:
            dates.append(f"review {agreement.review_on.isoformat()}")
        table.add_row(
            Text(agreement.title),
            Text(agreement.kind_label),
            Text(stacked(capped(agreement.parties))),
            status,
            "\n".join(dates),
        )
    out: Renderables = [table, *shown.more("agreement", WHERE)]
    warnings = capped([w for a in model.agreements for w in warned[id(a)]])
    out += [Text(w, style="yellow") for w in warnings]
    out += warnings.more("warning", WHERE)
    return out


def _risks(model: Approvals) -> Renderables:
    if not model.risks:
        return [Text("No risk recorded yet.", style="yellow")]
    table = Table(title="Risk register", title_justify="left")
    for column in ("Risk", "Level", "Residual", "Accepted", "Owner"):
        table.add_column(column)
    shown = capped(model.risks, first=_high)
    for risk in shown:
        level = risk.level
        if level is not None and risk.likelihood and risk.severity:
            scored = Text(level.label, style=_LEVEL_STYLE[level.value])
            scored.append(f"\n{risk.likelihood.label} x {risk.severity.label}".lower())
        else:
            scored = Text("-")
        residual = risk.residual
        accepted = "-" if risk.accepted is None else "yes" if risk.accepted else "no"
        if risk.accepted and risk.accepted_by:
            accepted += f", by {risk.accepted_by}"
        table.add_row(
            Text(risk.risk),
            scored,
            Text(residual.label, style=_LEVEL_STYLE[residual.value]) if residual else Text("-"),
            Text(accepted),
            Text(risk.owner or "-"),
        )
    return [table, *shown.more("risk", WHERE)]


def _high(risk: Risk) -> bool:
    """A risk to see first: high before or after what is done about it."""
    return any(level is not None and level.value == "high" for level in (risk.level, risk.residual))


def _open_items(model: Approvals, project: ProjectConfig | None) -> RenderableType:
    from citydata_share.cards.approvals import Status, approvals_checklist

    role = project.role.value if project is not None else "both"
    checklist = approvals_checklist(model, role)
    still = [item for item in checklist if item.status is Status.TO_DO]
    done = sum(1 for item in checklist if item.status is Status.DONE)
    if not still:
        return Text(f"Approvals checklist: all {done} done or not needed.", style="green")
    lines = [
        Text(
            f"Approvals checklist: {done} done, {len(still)} to do:",
            style="bold yellow",
        )
    ]
    shown = capped(still)
    for item in shown:
        lines.append(Text(f"  - {item.item}: {item.detail}"))
    lines += shown.more("item", WHERE, indent="  ")
    return Group(*lines)


def approvals_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.approvals import Approvals

    assert isinstance(model, Approvals)
    return [
        _screening(model),
        *_agreements(model),
        *_risks(model),
        _open_items(model, project),
    ]
