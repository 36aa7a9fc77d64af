"""The governance recommendation's context: the toolkit's flowchart walked over the card's
answers (:func:`citydata_share.cards.governance.governance_recommendation`), drawn with the
path taken, and the arrangements it leads to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from citydata_share.cards.team import Person, people_by_name
from citydata_share.known import name_key
from citydata_share.render import mermaid, svg
from citydata_share.render.answers import Context, card_or_empty, facts, missing_paths

if TYPE_CHECKING:
    from citydata_share.cards.governance import Recommendation
    from citydata_share.cards.team import Team
    from citydata_share.render.documents import Sources

SPECIFIC = (
    ("Seniority of those overseeing it", "seniority", "Say how senior they need to be"),
    ("How often they meet", "meeting_frequency", "Say how often they will meet"),
    ("Lead organisation", "lead_organisation", "Name the lead organisation"),
    ("Secretariat", "secretariat", ""),
    ("Organisations involved", "organisations", "List the organisations involved"),
    ("Level of detail", "level_of_detail", "Say what level of detail the oversight needs"),
)
FLOWCHART_TITLE = "The toolkit's governance flowchart"


def flowchart_parts(rec: Recommendation) -> tuple[list[svg.FlowBox], list[svg.FlowArrow]]:
    """The toolkit's flowchart as boxes and arrows, with the path's boxes and arrows marked,
    the outcome reached (or the question still to answer) marked too."""
    from citydata_share.cards.governance import FLOWCHART, Outcome

    reached = rec.nodes[-1] if rec.outcome is not Outcome.UNDECIDED else None
    waiting = rec.next_question.id if rec.next_question is not None else None
    boxes = [
        svg.FlowBox(
            n.id,
            n.kind.value,
            n.text,
            taken=n.id in rec.nodes,
            mark="reached" if n.id == reached else ("next" if n.id == waiting else ""),
        )
        for n in FLOWCHART.nodes
    ]
    arrows = [
        svg.FlowArrow(e.id, e.source, e.target, e.label, taken=e.id in rec.edges)
        for e in FLOWCHART.edges
    ]
    return boxes, arrows


def path_said(rec: Recommendation) -> str:
    """Start → each question and its answer → the outcome (or the question still open)."""
    end = (
        f"{rec.next_question.text} (not answered yet)"
        if rec.next_question is not None
        else rec.outcome.label
    )
    return " → ".join(["Start", *(f"{s.question.text} {s.answer_label}" for s in rec.steps), end])


def _on_team(index: dict[str, Person], name: str) -> str | None:
    """How the team card names this person, with its notes on them, if it has them."""
    person = index.get(name_key(name))
    if person is None:
        return None
    return f"{person.label}: {person.notes}" if person.notes else person.label


def governance(sources: Sources) -> Context:
    from citydata_share.cards.governance import (
        Governance,
        Outcome,
        SpecificArrangements,
        governance_cautions,
        governance_recommendation,
    )

    card, started = card_or_empty(sources, "governance", Governance)
    card = cast("Governance", card)
    missing = missing_paths(sources, card)
    rec = governance_recommendation(card)
    boxes, arrows = flowchart_parts(rec)
    words = path_said(rec)
    existing = None
    if rec.outcome in (Outcome.PERSONAL_DATA, Outcome.SERVICE):
        field = {
            Outcome.PERSONAL_DATA: "personal_data_arrangements_which",
            Outcome.SERVICE: "service_arrangements_which",
        }[rec.outcome]
        todo = "Name the existing arrangements that will oversee the share"
        existing = {"value": rec.existing, "todo": todo if field in missing else None}
    specific = None
    if rec.outcome is Outcome.SPECIFIC:
        decided = rec.specific if rec.specific is not None else SpecificArrangements()
        names = {name for _, name, _ in SPECIFIC}
        wanted = names if "specific" in missing else {p.removeprefix("specific.") for p in missing}
        specific = facts(decided, SPECIFIC, wanted)
        for row in specific:
            if row["label"] == "Secretariat":
                row["empty"] = "the lead organisation itself"
    team = cast("Team | None", sources.model("team"))
    index = people_by_name(team) if team is not None else {}
    return {
        "started": started,
        "decided": rec.outcome is not Outcome.UNDECIDED,
        "outcome": rec.outcome.label,
        "outcome_value": rec.outcome.value,
        "advice": rec.advice,
        "why": "the answers on the flowchart's path. "
        + " ".join(f"{s.question.text} {s.answer_label}." for s in rec.steps),
        "steps": [{"question": s.question.text, "answer": s.answer_label} for s in rec.steps],
        "next_question": rec.next_question.text if rec.next_question is not None else None,
        "path_words": words,
        "existing": existing,
        "specific": specific,
        "signatories": [
            {"name": name, "on_team": _on_team(index, name)} for name in card.signatories
        ],
        "team_started": team is not None,
        "signatories_todo": "Name who signs the formal agreements"
        if "signatories" in missing
        else None,
        "cautions": governance_cautions(card, sources.project.config),
        "notes": card.notes,
        "charts": {
            "flowchart": svg.flowchart(boxes, arrows, FLOWCHART_TITLE, words, "governance-flow")
        },
        "mermaid": {"flowchart": mermaid.flowchart_path(boxes, arrows)},
    }
