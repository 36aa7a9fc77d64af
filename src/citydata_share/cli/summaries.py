"""What each card produced, for the terminal: shown after a card is saved.

``summary(card_id, model, project, cards)`` returns a :class:`Summary`: one rich renderable
(print it as it is) that is also a sequence of its parts (iterate to print them one by one;
empty when a card has nothing derived to show). It is built only from the cards' pure
derived functions; printing is the caller's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from citydata_share.cli.capped import (
    CHECK,
    Cut,
    capped,
    document,
    hidden,
    more_line,
    shared,
)

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel, LinkIssue
    from citydata_share.project import ProjectConfig
    from citydata_share.store import Project

Renderables = list[RenderableType]


class Summary(Group):
    """A card's summary: printable as one renderable, iterable over its parts."""

    def __iter__(self) -> Iterator[RenderableType]:
        return iter(self.renderables)

    def __len__(self) -> int:
        return len(self.renderables)


def _config(project: Project | ProjectConfig | None) -> ProjectConfig | None:
    from citydata_share.project import ProjectConfig

    if project is None or isinstance(project, ProjectConfig):
        return project
    config: ProjectConfig = project.config
    return config


def _issues(issues: list[LinkIssue]) -> Renderables:
    if not issues:
        return []
    lines = [
        Text(
            "Problems `cds check` reports (links to other cards, blocking advice):",
            style="bold yellow",
        )
    ]
    cut = capped(issues)
    for issue in cut:
        lines.append(Text(f"  {issue.field}: {issue.message}"))
        if issue.hint:
            lines.append(Text(f"    {issue.hint}", style="dim"))
    lines += cut.more("problem", CHECK, indent="  ")
    return [Group(*lines)]


def _resource_lines(ids: tuple[str, ...] | list[str]) -> list[Text]:
    from citydata_share.resources import by_id

    lines = []
    for rid in ids:
        try:
            resource = by_id(rid)
        except KeyError:
            continue
        line = Text(f"    - {resource.title} ({resource.organisation})")
        if resource.url:
            line.append(f" {resource.url}", style="dim")
        lines.append(line)
    return lines


def _stacked(names: list[str], tail: str = "") -> str:
    """Names one per line in a cell, as markup: escaped, and ``tail`` (``… and 197 more``)
    dim on a line of its own."""
    text = escape("\n".join(names))
    return f"{text}\n[dim]{tail}[/]" if tail else text


# readiness -------------------------------------------------------------------------------


def readiness_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.readiness import (
        PEOPLE_MATTER_MOST,
        Rating,
        Readiness,
        profile,
        suggestions,
        weakest,
    )

    assert isinstance(model, Readiness)
    colours = {Rating.HIGH: "green", Rating.MEDIUM: "yellow", Rating.LOW: "red"}
    table = Table(title="Readiness profile", show_header=True, title_justify="left")
    table.add_column("Dimension")
    table.add_column("Rating")
    table.add_column("", min_width=9)
    for score in profile(model):
        if score.rating is None:
            table.add_row(score.label, Text("not rated", style="dim"), "")
            continue
        colour = colours[score.rating]
        bar = Text("███" * (score.score or 0), style=colour)
        table.add_row(score.label, Text(score.rating.label, style=colour), bar)
    out: Renderables = [table]
    weak = weakest(model)
    if weak:
        names = ", ".join(s.label for s in weak)
        out.append(Text(f"Weakest: {names}", style="bold"))
        lines: list[Text] = []
        for suggestion in suggestions(model):
            lines.append(Text(f"  {suggestion.label} ({suggestion.rating.label}): resources"))
            lines += _resource_lines(suggestion.resource_ids)
        out.append(Group(*lines))
    elif any(s.rating for s in profile(model)):
        out.append(Text("Every dimension rated is High.", style="green"))
    out.append(Text(PEOPLE_MATTER_MOST, style="dim italic"))
    return out


# reasons ---------------------------------------------------------------------------------


def reasons_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.reasons import CanDoWithout, Reasons, reason_labels

    assert isinstance(model, Reasons)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    where = document("reasons")
    notes: list[Text] = []

    def stacked(items: list[str], noun: str) -> str:
        cut = capped(items)
        notes.extend(cut.more(noun, where))
        return _stacked(cut.shown, cut.tail) or "-"

    table.add_row("User needs", stacked(model.user_needs, "user need"))
    table.add_row("Organisation aims", stacked(model.organisational_aims, "aim"))
    table.add_row("Reasons to share", stacked(reason_labels(model), "reason"))
    pattern = model.pattern_of_exchange
    table.add_row("Pattern of exchange", pattern.label if pattern else "-")
    table.add_row("Minimum data", stacked(model.minimum_data, "item"))
    out: Renderables = [table, *notes]
    if model.can_do_without is CanDoWithout.YES:
        out.append(
            Text(
                "You said the aim could be met without sharing: check the share is needed "
                "before going further.",
                style="yellow",
            )
        )
    return out


# team ------------------------------------------------------------------------------------


def _names(people: Cut[Any]) -> str:
    return _stacked([p.label for p in people], people.tail) or "[dim]-[/]"


def team_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.team import Quadrant, Team, gaps, power_interest_grid, raci_matrix

    assert isinstance(model, Team)
    grid = power_interest_grid(model)
    quadrants = list(Quadrant)
    q = dict(zip(quadrants, shared([grid.quadrants[k] for k in quadrants]), strict=True))
    table = Table(title="Power x interest", show_lines=True, title_justify="left")
    table.add_column("")
    table.add_column("Low interest")
    table.add_column("High interest")
    table.add_row(
        "[bold]High power[/]",
        f"[bold]Keep satisfied[/]\n{_names(q[Quadrant.KEEP_SATISFIED])}",
        f"[bold]Manage closely[/]\n{_names(q[Quadrant.MANAGE_CLOSELY])}",
    )
    table.add_row(
        "[bold]Low power[/]",
        f"[bold]Monitor[/]\n{_names(q[Quadrant.MONITOR])}",
        f"[bold]Keep informed[/]\n{_names(q[Quadrant.KEEP_INFORMED])}",
    )
    where = document("team")
    out: Renderables = [table]
    left = hidden(list(q.values()))
    if left:
        out.append(more_line(left, "person", where))
    if model.raci:
        matrix = raci_matrix(model)
        people = capped(matrix.people)
        if people.hidden:  # only a column with letters in it, and only once, is worth a place
            roles = {person for _, person in matrix.cells}
            people = capped(list(dict.fromkeys(p for p in matrix.people if p in roles)))
        decisions = capped(matrix.decisions)
        raci = Table(title="RACI", title_justify="left")
        raci.add_column("Decision")
        for person in people:
            raci.add_column(escape(person), justify="center")
        for decision in decisions:
            cells = [matrix.cell(decision, p) for p in people]
            raci.add_row(escape(decision), *cells)
        out.append(raci)
        out += decisions.more("decision", where)
        out += people.more("person", where, what=" with a part in these decisions")
    found = gaps(model)
    if found:
        lines = [Text("Gaps in the team:", style="bold yellow")]
        cut = capped(found)
        for gap in cut:
            lines.append(Text(f"  - {gap.message}"))
            lines.append(Text(f"    {gap.hint}", style="dim"))
        lines += cut.more("gap", where, indent="  ")
        out.append(Group(*lines))
    return out


# ecosystem -------------------------------------------------------------------------------


def ecosystem_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.ecosystem import Ecosystem, ecosystem_map

    assert isinstance(model, Ecosystem)
    picture = ecosystem_map(model, project)
    table = Table(title=f"Ecosystem around {picture.centre}", title_justify="left")
    table.add_column("Type")
    table.add_column("Organisations")
    cuts = shared(list(picture.groups.values()))
    for (kind, _), members in zip(picture.groups.items(), cuts, strict=True):
        label = kind.label if kind else "Type not given"
        names = []
        for org in members:
            how = ", ".join(r.label.lower() for r in org.relationships)
            own = org.type_other if kind is not None and kind.value == "other" else None
            name = escape(org.name) + (f" ({escape(own)})" if own else "")
            names.append(name + (f" [dim]({escape(how)})[/]" if how else ""))
        if members.tail:
            names.append(f"[dim]{members.tail}[/]")
        table.add_row(label, "\n".join(names))
    out: Renderables = [table]
    left = hidden(cuts)
    if left:
        out.append(more_line(left, "organisation", document("ecosystem")))
    return out


# data-systems ----------------------------------------------------------------------------


def data_systems_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.data_systems import DataSystems, flagged, unanswered_personal
    from citydata_share.words import counted

    assert isinstance(model, DataSystems)
    out: Renderables = [
        Text(
            f"{counted(len(model.datasets), 'dataset')} and "
            f"{counted(len(model.systems), 'system')} recorded."
        )
    ]
    where = document("data-systems")
    marked = flagged(model)
    if marked:
        table = Table(title="Flagged for the privacy work", title_justify="left")
        table.add_column("Dataset")
        table.add_column("Personal data")
        table.add_column("What")
        cut = capped(marked)
        for ds in cut:
            answer = ds.personal_data.label if ds.personal_data else ""
            table.add_row(escape(ds.title), answer, escape(ds.personal_data_what or ""))
        out.append(table)
        out += cut.more("flagged dataset", where)
    else:
        out.append(Text("No dataset is marked as holding personal data.", style="green"))
    unknown = capped(unanswered_personal(model))
    if unknown:
        out.append(
            Text(
                "Personal data not yet answered for: " + ", ".join(d.title for d in unknown),
                style="yellow",
            )
        )
        out += unknown.more("dataset", where)
    return out


# others-data -----------------------------------------------------------------------------


def others_data_summary(
    model: CardModel, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.others_data import OthersData

    assert isinstance(model, OthersData)
    table = Table(title="Data held by others", title_justify="left")
    table.add_column("Dataset")
    table.add_column("Holder")
    table.add_column("Availability")
    table.add_column("Licence")
    cut = capped(model.datasets)
    for ds in cut:
        table.add_row(
            escape(ds.title),
            escape(ds.holder or ""),
            ds.availability.label if ds.availability else "",
            escape(ds.licence or ""),
        )
    out: Renderables = [table, *cut.more("dataset", document("others-data"))]
    if "ecosystem" not in cards and model.datasets:
        out.append(
            Text(
                "Fill the ecosystem card (`cds discover ecosystem`) so holders can be checked.",
                style="dim",
            )
        )
    return out


# canvas ----------------------------------------------------------------------------------


def canvas_summary(
    model: CardModel | None, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> Renderables:
    from citydata_share.cards.canvas import Canvas, CanvasBox, canvas_boxes

    canvas = model if isinstance(model, Canvas) else None
    boxes = canvas_boxes(canvas, cards)
    where = document("canvas")

    def panel(box: CanvasBox) -> Panel:
        content = boxes[box]
        if content.gap:
            body = Text(content.gap, style="yellow")
        else:
            lines = capped(content.lines)
            body = Text("\n".join(f"- {line}" for line in lines))
            for note in lines.more("entry", where):
                body.append("\n")
                body.append_text(note)
        title = content.title + (" (edited)" if content.edited else "")
        return Panel(body, title=title, title_align="left")

    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(panel(CanvasBox.ORGANISATION_AIMS), panel(CanvasBox.USER_NEEDS))
    grid.add_row(panel(CanvasBox.INTERNAL_STAKEHOLDERS), panel(CanvasBox.EXTERNAL_ECOSYSTEM))
    grid.add_row(panel(CanvasBox.INTERNAL_DATA), panel(CanvasBox.EXTERNAL_DATA))
    out: Renderables = [Text("Data Sharing Canvas", style="bold"), grid]
    if canvas and canvas.workshop_date:
        attendees = capped(canvas.attendees)
        who = ", ".join(attendees)
        out.append(
            Text(f"Workshop: {canvas.workshop_date.isoformat()}" + (f" ({who})" if who else ""))
        )
        out += attendees.more("attendee", where)
    return out


Summarise = Callable[["CardModel", Mapping[str, "CardModel"], "ProjectConfig | None"], Renderables]

_SUMMARIES: dict[str, Summarise] = {
    "readiness": readiness_summary,
    "reasons": reasons_summary,
    "team": team_summary,
    "ecosystem": ecosystem_summary,
    "data-systems": data_systems_summary,
    "others-data": others_data_summary,
    "canvas": canvas_summary,
}
# The PREPARE and SHARE cards' summaries live in modules of their own, imported when
# their card is saved (a save imports one, not seven).
_ELSEWHERE = {
    "business-case": "summary_business_case",
    "approvals": "summary_approvals",
    "prepare-data": "summary_prepare_data",
    "governance": "summary_governance",
    "culture": "summary_culture",
    "review": "summary_review",
    "architecture": "summary_architecture",
}


def _summariser(card_id: str) -> Summarise | None:
    if card_id in _SUMMARIES:
        return _SUMMARIES[card_id]
    if card_id not in _ELSEWHERE:
        return None
    import importlib

    module = importlib.import_module(f"citydata_share.cli.{_ELSEWHERE[card_id]}")
    made: Summarise = getattr(module, card_id.replace("-", "_") + "_summary")
    return made


def summary(
    card_id: str,
    model: CardModel,
    project: Project | ProjectConfig | None = None,
    cards: Mapping[str, CardModel] | None = None,
    issues: Sequence[LinkIssue] | None = None,
) -> Summary:
    """What a saved card produced; empty for cards with nothing derived to show.

    ``cards`` holds the other cards that loaded, by id (the card itself is added); it is
    read, not copied, so cards loaded as they are looked up are loaded only if needed.
    ``issues`` are the card's problems with the others when they are known already (the
    board after a save has just worked them out); else they are worked out here.
    """
    from collections import ChainMap

    all_cards: Mapping[str, CardModel] = ChainMap({card_id: model}, cards or {})  # type: ignore[arg-type]
    config = _config(project)
    make = _summariser(card_id)
    parts = make(model, all_cards, config) if make else []
    if issues is not None:
        parts += _issues(list(issues))
    elif config is not None:
        parts += _issues(model.cross_check(all_cards, config))
    return Summary(*parts)
