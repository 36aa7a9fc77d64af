"""The two documents that look across cards: the Data Sharing Canvas and the project summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from citydata_share.render import mermaid

if TYPE_CHECKING:
    from citydata_share.cards.canvas import Canvas
    from citydata_share.render.documents import Sources

Context = dict[str, Any]


def canvas_context(sources: Sources) -> Context:
    from citydata_share.cards.base import CardModel
    from citydata_share.cards.canvas import CanvasBox, canvas_boxes

    model = cast("Canvas | None", sources.model("canvas"))
    cards: dict[str, CardModel] = {
        card_id: status.model
        for card_id, status in sources.statuses.items()
        if status.model is not None
    }
    boxes = canvas_boxes(model, cards)
    drawn = {}
    for box in CanvasBox:
        content = boxes[box]
        drawn[box.value.replace("-", "_")] = {
            "title": content.title,
            "lines": content.lines,
            "edited": content.edited,
            "source_title": sources.statuses[content.source_card].card.title,
            "command": sources.command(content.source_card),
            "empty": not content.lines,
        }
    workshop = None
    if model is not None and (model.workshop_date or model.attendees):
        workshop = {
            "date": (
                f"{model.workshop_date.day} {model.workshop_date:%B %Y}"
                if model.workshop_date
                else None
            ),
            "attendees": model.attendees,
        }
    from citydata_share.render.reasons_view import reasons_context

    return {
        "started": model is not None,
        "reasons": reasons_context(sources),
        "boxes": drawn,
        "order": [b.value.replace("-", "_") for b in CanvasBox],
        "workshop": workshop,
        "notes": model.notes if model is not None else None,
    }


def board(sources: Sources) -> Context:
    """Every card's state, as the summary and the full report show it (the toolkit's board)."""
    from citydata_share.registry import CARDS, Phase

    cards = []
    for card in CARDS:
        status = sources.statuses[card.id]
        cards.append(
            {
                "id": card.id,
                "title": card.title,
                "phase": card.phase.value.capitalize(),
                "lane": card.lane.value,
                "toolkit": card.toolkit,
                "state": status.state.value,
                "state_class": status.state.value.replace(" ", "-"),
                "missing": len(status.missing),
                "problems": len(status.problems),
                "command": card.command if card.has_wizard else None,
                "file": f"cards/{card.id}.yaml",
            }
        )
    columns: list[tuple[str, list[tuple[str, str, str]]]] = []
    for phase in Phase:
        in_phase = [sources.statuses[c.id] for c in CARDS if c.phase is phase]
        columns.append((phase.value, [(s.card.id, s.card.title, s.state.value) for s in in_phase]))
    counts = {
        state: sum(1 for c in cards if c["state"] == state)
        for state in ("complete", "in progress", "needs attention", "not started")
    }
    return {
        "cards": cards,
        "counts": counts,
        "phases": [phase.value.capitalize() for phase in Phase],
        "mermaid": mermaid.kanban(columns),
    }


def summary_context(sources: Sources) -> Context:
    from citydata_share.render.documents import documents, gaps_of, is_made
    from citydata_share.render.reasons_view import reasons_context

    config = sources.project.config
    links = []
    for doc in documents():
        if doc.looks_across:  # the summary itself and the full report, which take in the rest
            continue
        made = is_made(sources, doc)
        links.append(
            {
                "name": doc.name,
                "title": doc.title,
                "description": doc.description,
                "made": made,
                "todos": len(gaps_of(sources, doc)) if made else 0,
                "cards": [sources.statuses[c].card.title for c in doc.cards],
                "command": sources.command(doc.main_cards[0]),
            }
        )
    whole = board(sources)
    return {
        "description": config.description,
        "role": config.role.label,
        "reach": config.reach.label if config.reach else None,
        "frequency": config.frequency.label if config.frequency else None,
        "personal_data": config.personal_data.label if config.personal_data else None,
        "partners": [{"name": p.name, "role": p.role.label} for p in config.partners],
        "reasons": reasons_context(sources),
        "cards": whole["cards"],
        "counts": whole["counts"],
        "documents": links,
        "mermaid": {"kanban": whole["mermaid"]},
    }
