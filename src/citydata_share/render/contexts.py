"""Per-document contexts: cards in, plain data out (strings, lists, dicts, drawn charts).

Templates never see a model: only what is built here. A missing answer stays empty (None,
"" or []) so the template can show a visible "to do" naming the card's command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from citydata_share.render import mermaid, svg

if TYPE_CHECKING:
    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.cards.ecosystem import Ecosystem
    from citydata_share.cards.others_data import OthersData
    from citydata_share.cards.readiness import Readiness
    from citydata_share.cards.team import Team
    from citydata_share.render.documents import Sources

Context = dict[str, Any]


def _label(value: Any) -> str | None:
    """A Choice's label (or None)."""
    if value is None:
        return None
    return str(getattr(value, "label", value))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def _resources(card_id: str) -> list[Context]:
    from citydata_share.render.resources_view import resources_for_card

    return resources_for_card(card_id)


# Readiness ------------------------------------------------------------------------------

BAR = {3: "███ High", 2: "██░ Medium", 1: "█░░ Low"}


def readiness(sources: Sources) -> Context:
    from citydata_share.cards.readiness import (
        PEOPLE_MATTER_MOST,
        Readiness,
        profile,
        suggestions,
        weakest,
    )

    model = cast("Readiness | None", sources.model("readiness"))
    card = model if model is not None else Readiness.model_validate({})
    weak = {s.dimension for s in weakest(card)}
    dimensions = [
        {
            "label": s.label,
            "rating": _label(s.rating),
            "bar": BAR[s.score] if s.score else None,
            "evidence": s.evidence,
            "actions": list(s.actions),
            "weakest": s.dimension in weak,
        }
        for s in profile(card)
    ]
    from citydata_share.render.resources_view import resources_by_id

    advice = [
        {
            "label": s.label,
            "rating": s.rating.label,
            "resources": resources_by_id(s.resource_ids),
        }
        for s in suggestions(card)
    ]
    bars = [
        svg.Bar(s.label, s.rating.value if s.rating else None, s.dimension in weak)
        for s in profile(card)
    ]
    return {
        "started": model is not None,
        "dimensions": dimensions,
        "rated": sum(1 for d in dimensions if d["rating"]),
        "weakest": [d["label"] for d in dimensions if d["weakest"]],
        "suggestions": advice,
        "people_matter_most": PEOPLE_MATTER_MOST,
        "resources": _resources("readiness"),
        "notes": card.notes,
        "charts": {"profile": svg.readiness_profile(bars)},
    }


# Team -----------------------------------------------------------------------------------


def team(sources: Sources) -> Context:
    from citydata_share.cards.team import (
        Quadrant,
        RoleGroup,
        Team,
        gaps,
        power_interest_grid,
        quadrant,
        raci_matrix,
    )

    model = cast("Team | None", sources.model("team"))
    card = model if model is not None else Team.model_validate({})
    groups = []
    for group in RoleGroup:
        members = [p for p in card.people if p.group is group]
        if group is RoleGroup.OTHER and not members:
            continue  # cds's own group, for roles outside the catalogue: not a gap
        groups.append(
            {
                "group": group.label,
                "people": [
                    {
                        "label": p.label,
                        "role": p.role_label or "Role not given",
                        "name": p.name,
                        "key_player": _yes_no(p.key_player),
                        "power": _label(p.power),
                        "interest": _label(p.interest),
                        "quadrant": _label(quadrant(p.power, p.interest)),
                        "notes": p.notes,
                    }
                    for p in members
                ],
            }
        )
    grid = power_interest_grid(card)
    quadrants = [
        {"name": q.label, "help": q.help, "people": [p.label for p in grid.quadrants[q]]}
        for q in Quadrant
    ]
    matrix = raci_matrix(card)
    raci = {
        "people": matrix.people,
        "rows": [
            {"decision": d, "cells": [matrix.cell(d, p) for p in matrix.people]}
            for d in matrix.decisions
        ],
    }
    placed = [
        svg.Stakeholder(p.label, p.power.value, p.interest.value, bool(p.key_player))
        for p in card.people
        if p.power is not None and p.interest is not None
    ]
    return {
        "started": model is not None,
        "groups": groups,
        "any_named": any(p.name for p in card.people),
        "people_count": len(card.people),
        "quadrants": quadrants,
        "unplaced": [p.label for p in grid.unplaced],
        "raci": raci,
        "gaps": [{"message": g.message, "hint": g.hint} for g in gaps(card)] if model else [],
        "notes": card.notes,
        "charts": {"grid": svg.power_interest_grid(placed)},
        "mermaid": {"grid": mermaid.quadrant_chart(placed)},
    }


# Ecosystem ------------------------------------------------------------------------------


def ecosystem(sources: Sources) -> Context:
    from citydata_share.cards.ecosystem import Ecosystem, ecosystem_map, potential_users

    model = cast("Ecosystem | None", sources.model("ecosystem"))
    card = model if model is not None else Ecosystem.model_validate({})
    picture = ecosystem_map(card, sources.project.config)
    groups = [
        {
            "type": _label(kind) or "Type not given",
            "help": kind.help if kind is not None else "",
            "organisations": [
                {
                    "name": o.name,
                    # an "Other" type in the organisation's own words
                    "kind": o.kind_label if o.kind_label != _label(o.type) else None,
                    "relationships": [r.label for r in o.relationships],
                    "notes": o.notes,
                    "partner": o.name in picture.partners,
                }
                for o in members
            ],
        }
        for kind, members in picture.groups.items()
    ]
    spots = [
        svg.Partner(
            o.name,
            _label(o.type) or "Type not given",
            "; ".join(r.label.lower() for r in o.relationships) or "relationship not given",
        )
        for members in picture.groups.values()
        for o in members
    ]
    return {
        "started": model is not None,
        "centre": picture.centre,
        "know_who_could_help": _label(card.know_who_could_help),
        "groups": groups,
        "count": len(card.organisations),
        "partners_missing": picture.partners_missing,
        "potential_users": potential_users(card),
        "notes": card.notes,
        "charts": {"map": svg.ecosystem_map(picture.centre, spots)},
        "mermaid": {"map": mermaid.ecosystem_graph(picture.centre, spots)},
    }


# Data inventory -------------------------------------------------------------------------


def _datasets(card: DataSystems) -> list[Context]:
    from citydata_share.cards.data_systems import flagged
    from citydata_share.render.contexts_profile import profile_context

    risky = {id(d) for d in flagged(card)}
    return [
        {
            "title": d.title,
            "description": d.description,
            "personal_data": d.personal_data.short if d.personal_data else None,
            "personal_data_what": d.personal_data_what,
            "flagged": id(d) in risky,
            "owner": d.owner,
            "uses_and_users": d.uses_and_users,
            "location": d.location,
            "url": d.url,
            "system": d.system,
            "format": d.format,
            "time_period": d.time_period,
            "update_frequency": d.update_frequency,
            "publication_status": _label(d.publication_status),
            "published_where": d.published_where,
            "profile": profile_context(d.profile),
        }
        for d in card.datasets
    ]


def data_inventory(sources: Sources) -> Context:
    from citydata_share.cards.data_systems import DataSystems, unanswered_personal

    model = cast("DataSystems | None", sources.model("data-systems"))
    card = model if model is not None else DataSystems.model_validate({})
    datasets = _datasets(card)
    role = sources.project.role
    return {
        "started": model is not None,
        "role": role,
        "provider": role in ("provider", "both"),
        "receiver": role in ("receiver", "both"),
        "how_identified": [h.label for h in card.how_identified],
        "datasets": datasets,
        "flagged": [d for d in datasets if d["flagged"]],
        "unanswered_personal": [d.title for d in unanswered_personal(card)],
        "systems": [
            {
                "name": s.name,
                "owner_team": s.owner_team,
                "users": s.users,
                "purpose": s.purpose,
                "schema_documented": _yes_no(s.schema_documented),
            }
            for s in card.systems
        ],
        "all_available_listed": _yes_no(card.all_available_listed),
        "checked_not_held": _yes_no(card.checked_not_held),
        "checked_how": card.checked_how,
        "combine_with": card.combine_with,
        "notes": card.notes,
        "others": others_data_context(sources),
    }


def others_data_context(sources: Sources) -> Context:
    from citydata_share.cards.others_data import OthersData

    model = cast("OthersData | None", sources.model("others-data"))
    card = model if model is not None else OthersData.model_validate({})
    return {
        "started": model is not None,
        "datasets": [
            {
                "title": d.title,
                "holder": d.holder,
                "how_found": _label(d.how_found),
                "availability": _label(d.availability),
                "licence": d.licence,
                "url": d.url,
                "notes": d.notes,
            }
            for d in card.datasets
        ],
        "canonical_models": [m.label for m in card.canonical_models] + list(card.other_models),
        "experts": [
            {"name": e.name, "organisation": e.organisation, "advice": e.advice}
            for e in card.experts
        ],
        "notes": card.notes,
    }


# Canvas and summary live in overview.py; re-exported so documents.py has one place to look.


def canvas(sources: Sources) -> Context:
    from citydata_share.render.overview import canvas_context

    return canvas_context(sources)


def summary(sources: Sources) -> Context:
    from citydata_share.render.overview import summary_context

    return summary_context(sources)
