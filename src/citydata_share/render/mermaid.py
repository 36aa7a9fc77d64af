"""Mermaid diagrams for the Markdown documents (GitHub and GitLab draw them).

Mermaid has its own syntax, so user text goes through :func:`label` first: only letters,
digits, spaces and a few harmless marks survive. The full text is always in a table next to
the diagram, so nothing is lost when a label is simplified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citydata_share.render import svg

_UNSAFE = re.compile(r"[^\w .,'&/()+-]", re.UNICODE)


def label(text: str, limit: int = 40) -> str:
    """Text safe inside a quoted Mermaid label (no quotes, brackets, colons or markup)."""
    cleaned = _UNSAFE.sub(" ", text.replace("\n", " "))
    cleaned = " ".join(cleaned.split()) or "unnamed"
    return svg.shorten(cleaned, limit)


def quadrant_chart(people: Sequence[svg.Stakeholder]) -> str:
    """The power x interest grid as a quadrantChart; people spread within their quadrant."""
    lines = [
        "quadrantChart",
        "    title Power and interest of the people involved",
        "    x-axis Low interest --> High interest",
        "    y-axis Low power --> High power",
        "    quadrant-1 Manage closely",
        "    quadrant-2 Keep satisfied",
        "    quadrant-3 Monitor",
        "    quadrant-4 Keep informed",
    ]
    placed: dict[tuple[str, str], int] = {}
    for person in people:
        key = (person.power, person.interest)
        n = placed.get(key, 0)
        placed[key] = n + 1
        # A 3-column lattice inside the quadrant, away from the edges and the title.
        col, row = n % 3, n // 3
        x = (0.55 if person.interest == "high" else 0.05) + 0.13 * col + 0.02
        y = (0.85 if person.power == "high" else 0.35) - 0.08 * (row % 4)
        lines.append(f"    {label(person.label, 30)}: [{x:.2f}, {y:.2f}]")
    return "\n".join(lines)


def ecosystem_graph(centre: str, partners: Sequence[svg.Partner]) -> str:
    """Our organisation in the middle, the others grouped by type, edges named by role."""
    lines = ["flowchart LR", f'    us(("{label(centre)}"))']
    groups: dict[str, list[svg.Partner]] = {}  # by type, in the order types first appear
    for partner in partners:
        groups.setdefault(partner.kind, []).append(partner)
    index = 0
    for k, (kind, members) in enumerate(groups.items()):
        lines.append(f'    subgraph type{k}["{label(kind)}"]')
        for n, partner in enumerate(members, start=index):
            lines.append(f'        org{n}["{label(partner.label)}"]')
        lines.append("    end")
        for n, partner in enumerate(members, start=index):
            lines.append(f'    us ---|"{label(partner.relationship, 48)}"| org{n}')
        index += len(members)
    return "\n".join(lines)


STATE_CLASS = {
    "complete": "complete",
    "in progress": "inprogress",
    "not started": "notstarted",
    "needs attention": "attention",
}


def kanban(columns: Sequence[tuple[str, Sequence[tuple[str, str, str]]]]) -> str:
    """The toolkit's board: one column per phase, each card styled by its state.

    ``columns`` is ``[(phase, [(card id, title, state), ...]), ...]``.
    """
    lines = ["flowchart LR"]
    for p, (phase, cards) in enumerate(columns):
        lines.append(f'    subgraph phase{p}["{label(phase.upper())}"]')
        lines.append("        direction TB")
        for card_id, title, state in cards:
            node = re.sub(r"\W", "_", card_id)
            lines.append(f'        {node}["{label(title, 48)}<br>{state}"]:::{STATE_CLASS[state]}')
        lines.append("    end")
    lines += [
        "    classDef complete fill:#dff0d8,stroke:#2e6b30,color:#1e4620",
        "    classDef inprogress fill:#fff4ce,stroke:#8a5a00,color:#3d2e00",
        "    classDef notstarted fill:#ececec,stroke:#6b6b6b,color:#333333",
        "    classDef attention fill:#fde7e9,stroke:#a4262c,color:#7a1020",
    ]
    return "\n".join(lines)


def costs_benefits_xychart(years: Sequence[svg.YearAmounts]) -> str:
    """Present values by year: costs as bars, benefits as a line (xychart has no legend,
    so the title says which is which). Only numbers and fixed words: nothing to escape."""
    labels = ", ".join(f'"Year {y.year}"' for y in years)
    largest = max([0.0, *(y.costs for y in years), *(y.benefits for y in years)])
    step = svg.nice_step(largest)
    top = step * max(1, -(-largest // step)) if largest > 0 else 1
    return "\n".join(
        [
            "xychart-beta",
            '    title "Present values by year: bars are costs, the line is benefits"',
            f"    x-axis [{labels}]",
            f'    y-axis "Pounds (present value)" 0 --> {top:.0f}',
            "    bar [" + ", ".join(f"{y.costs:.0f}" for y in years) + "]",
            "    line [" + ", ".join(f"{y.benefits:.0f}" for y in years) + "]",
        ]
    )


def _node_id(box_id: str) -> str:
    """A Mermaid node id from a flowchart id ("n_" first: "end" and the like are keywords)."""
    return "n_" + re.sub(r"\W", "_", box_id)


def _question(text: str, limit: int) -> str:
    """A label that keeps its closing question mark (added back after :func:`label`)."""
    cleaned = label(text, limit)
    return cleaned + "?" if text.rstrip().endswith("?") and not cleaned.endswith("…") else cleaned


def flowchart_path(boxes: Sequence[svg.FlowBox], arrows: Sequence[svg.FlowArrow]) -> str:
    """A yes/no flowchart with the path taken styled (classDef and linkStyle) and marked in
    words on its boxes and arrows, so it still reads without colour."""
    shape = {"start": ('(["', '"])'), "question": ('["', '"]'), "outcome": ('("', '")')}
    lines = ["flowchart TD"]
    for box in boxes:
        opening, closing = shape.get(box.kind, ('["', '"]'))
        text = _question(box.text, 100)
        if box.mark == "reached":
            text = "★ " + text + "<br>Recommended: path taken"
        elif box.mark == "next":
            text = text + "<br>To answer next"
        elif box.taken:
            text = "✓ " + text
        lines.append(f"    {_node_id(box.id)}{opening}{text}{closing}")
    taken_links: list[str] = []
    other_links: list[str] = []
    for n, arrow in enumerate(arrows):
        link = "==>" if arrow.taken else "-.->"
        said = label(arrow.label, 10) if arrow.label else ""
        if arrow.taken and said:
            said += ", taken"
        text = f'|"{said}"|' if said else ""
        lines.append(f"    {_node_id(arrow.source)} {link}{text} {_node_id(arrow.target)}")
        (taken_links if arrow.taken else other_links).append(str(n))
    lines += [
        "    classDef taken fill:#e3ecf8,stroke:#1d4f91,stroke-width:4px,color:#0b2f5b",
        "    classDef reached fill:#1d4f91,stroke:#0b2f5b,stroke-width:4px,color:#ffffff",
        "    classDef next fill:#fff4ce,stroke:#8a5a00,stroke-width:3px,"
        "stroke-dasharray:7 4,color:#3d2e00",
        "    classDef offpath fill:#ffffff,stroke:#8a8a8a,stroke-dasharray:6 4,color:#4d4d4d",
    ]
    classes: dict[str, list[str]] = {}
    for box in boxes:
        name = box.mark or ("taken" if box.taken else "offpath")
        classes.setdefault(name, []).append(_node_id(box.id))
    for name, ids in classes.items():
        lines.append(f"    class {','.join(ids)} {name}")
    if taken_links:
        lines.append(f"    linkStyle {','.join(taken_links)} stroke:#1d4f91,stroke-width:4px")
    if other_links:
        lines.append(f"    linkStyle {','.join(other_links)} stroke:#8a8a8a,stroke-width:1.5px")
    return "\n".join(lines)
