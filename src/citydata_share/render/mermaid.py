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
