"""Contexts for the approvals record and the data sharing agreement draft.

Cards in, plain data out, as in :mod:`citydata_share.render.contexts`. Every outcome (the DPIA
screening, risk levels, the risk grid, the checklist, the next review date, the appraisal's
benefits) comes from the cards' own derived functions: nothing is worked out again here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from citydata_share.render import svg

if TYPE_CHECKING:
    from citydata_share.cards.approvals import Approvals
    from citydata_share.cards.architecture import Architecture
    from citydata_share.cards.base import CardModel
    from citydata_share.cards.business_case import BusinessCase
    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.cards.dpia import DpiaScreening
    from citydata_share.cards.governance import Governance
    from citydata_share.cards.prepare_data import PrepareData, PreparedDataset
    from citydata_share.cards.reasons import Reasons
    from citydata_share.cards.review import Review
    from citydata_share.cards.team import Team
    from citydata_share.render.documents import Sources

Context = dict[str, Any]

RULES = [
    {
        "name": "UK GDPR Article 35(3)",
        "rule": "Any one of its three cases makes a DPIA a legal requirement.",
    },
    {
        "name": "The ICO's list of processing likely to result in high risk",
        "rule": "Each item of the first part needs a DPIA on its own; each item of the second "
        "part needs one together with at least one of the EDPB's criteria.",
    },
    {
        "name": "The EDPB's nine criteria (the DPIA guidelines WP248 rev.01, endorsed by the EDPB)",
        "rule": "Two or more make a DPIA required; exactly one makes it recommended.",
    },
]
SCREENING_SOURCES = (
    "Sources: UK GDPR Article 35(3); ICO, guidance on Data Protection Impact Assessments "
    "(examples of processing likely to result in high risk); EDPB, Guidelines on DPIA "
    "(WP248 rev.01)."
)


def _label(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "label", value))


def _short(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "short", value))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def _date(value: dt.date | None) -> str | None:
    return f"{value.day} {value:%B %Y}" if value is not None else None


def _cards(sources: Sources) -> dict[str, CardModel]:
    return {
        card_id: status.model
        for card_id, status in sources.statuses.items()
        if status.model is not None
    }


def _model(sources: Sources, card_id: str, kind: type[Any]) -> Any:
    """The card's model, or an empty one so the template shows every gap."""
    model = sources.model(card_id)
    return model if model is not None else kind.model_validate({})


# Approvals record -----------------------------------------------------------------------


def _criteria(screening: DpiaScreening) -> list[Context]:
    """The four lists, every criterion shown ticked or not, each with its note."""
    from citydata_share.cards.dpia import (
        Art35Criterion,
        EdpbCriterion,
        IcoCriterion,
        IcoWithAnotherCriterion,
    )

    notes = {n.criterion.value: n.note for n in screening.criterion_notes}
    lists: tuple[tuple[str, str, str, Iterable[Any], Iterable[Any]], ...] = (
        (
            "art35",
            "UK GDPR Article 35(3)",
            "Any one of these makes a DPIA a legal requirement.",
            Art35Criterion,
            screening.art35,
        ),
        (
            "ico",
            "The ICO's list: items that need a DPIA on their own",
            "Any one of these makes a DPIA required.",
            IcoCriterion,
            screening.ico,
        ),
        (
            "ico-with-another",
            "The ICO's list: items that need one EDPB criterion as well",
            "Each makes a DPIA required only together with one of the EDPB's criteria below.",
            IcoWithAnotherCriterion,
            screening.ico_with_another,
        ),
        (
            "edpb",
            "The EDPB's nine criteria (WP248 rev.01)",
            "Two or more make a DPIA required; one makes it recommended.",
            EdpbCriterion,
            screening.edpb,
        ),
    )
    found = []
    for prefix, title, rule, members, ticked in lists:
        chosen = set(ticked)
        found.append(
            {
                "title": title,
                "rule": rule,
                "criteria": [
                    {
                        "name": m.short,
                        "help": m.help,
                        "ticked": m in chosen,
                        "note": notes.get(f"{prefix}-{m.value}"),
                    }
                    for m in members
                ],
            }
        )
    return found


def _screening(model: Approvals) -> Context:
    from citydata_share.cards.dpia import criteria_ticked, screening_outcome

    screening = model.dpia_screening
    found = screening_outcome(screening)
    return {
        "done": screening.done,
        "screened_on": _date(screening.screened_on),
        "screened_by": screening.screened_by,
        "lists": _criteria(screening),
        "ticked": criteria_ticked(screening),
        "outcome": found.outcome.label,
        "outcome_value": found.outcome.value,
        "reasons": list(found.reasons),
        "notes": list(found.notes),
        "dpo_consulted": _yes_no(screening.dpo_consulted),
        "dpo_consulted_on": _date(screening.dpo_consulted_on),
        "next_step": screening.next_step,
        "dpia_completed_on": _date(screening.dpia_completed_on),
        "rules": RULES,
        "sources": SCREENING_SOURCES,
    }


def _agreements(model: Approvals) -> list[Context]:
    from citydata_share.cards.approvals import agreement_warnings

    return [
        {
            "title": a.title,
            "kind": a.kind_label or None,
            "kind_help": a.kind.help if a.kind is not None else "",
            "parties": list(a.parties),
            "status": _label(a.status),
            "signed_on": _date(a.signed_on),
            "starts_on": _date(a.starts_on),
            "ends_on": _date(a.ends_on),
            "review_on": _date(a.review_on),
            "notes": a.notes,
            "warnings": agreement_warnings(a),
        }
        for a in model.agreements
    ]


def _risks(model: Approvals) -> tuple[list[Context], Context]:
    from citydata_share.cards.dpia import Likelihood, Severity, risk_grid, risk_level

    number = {id(r): n for n, r in enumerate(model.risks, start=1)}
    risks = [
        {
            "number": n,
            "risk": r.risk,
            "likelihood": _label(r.likelihood),
            "severity": _label(r.severity),
            "level": _label(r.level),
            "level_value": r.level.value if r.level is not None else None,
            "mitigation": r.mitigation,
            "residual": _label(r.residual),
            "accepted": _yes_no(r.accepted),
            "accepted_by": r.accepted_by,
            "owner": r.owner,
        }
        for n, r in enumerate(model.risks, start=1)
    ]
    grid = risk_grid(model.risks)
    rows = list(reversed(Likelihood))  # most likely at the top, as on a printed grid
    columns = list(Severity)
    cells = [
        [
            {
                "likelihood": likelihood.label,
                "severity": severity.label,
                "level": risk_level(likelihood, severity).label,
                "level_value": risk_level(likelihood, severity).value,
                "risks": [number[id(r)] for r in grid.cell(likelihood, severity)],
            }
            for severity in columns
        ]
        for likelihood in rows
    ]
    chart = svg.risk_matrix(
        [r.label for r in rows],
        [c.label for c in columns],
        [
            [
                svg.GridCell(
                    risk_level(likelihood, severity).value,
                    risk_level(likelihood, severity).label,
                    tuple(number[id(r)] for r in grid.cell(likelihood, severity)),
                )
                for severity in columns
            ]
            for likelihood in rows
        ],
    )
    return risks, {
        "rows": [{"likelihood": row[0]["likelihood"], "cells": row} for row in cells],
        "columns": [c.label for c in columns],
        "unplaced": [number[id(r)] for r in grid.unplaced],
        "chart": chart,
    }


def _information_governance(team: Team) -> list[str]:
    from citydata_share.cards.team import RoleGroup

    return [p.label for p in team.people if p.group is RoleGroup.INFORMATION_GOVERNANCE]


def approvals(sources: Sources) -> Context:
    from citydata_share.cards.approvals import (
        Approvals,
        PrivacyNotice,
        approvals_checklist,
        approvals_links,
    )
    from citydata_share.cards.data_systems import DataSystems, flagged, unanswered_personal
    from citydata_share.cards.dpia import SCALES
    from citydata_share.cards.team import Team

    started = sources.model("approvals") is not None
    model = cast("Approvals", _model(sources, "approvals", Approvals))
    team = cast("Team", _model(sources, "team", Team))
    data = cast("DataSystems", _model(sources, "data-systems", DataSystems))
    config = sources.project.config
    role = sources.project.role
    risks, grid = _risks(model)
    notice_needed = model.privacy_notice in (PrivacyNotice.EXISTS, PrivacyNotice.NEEDS_UPDATING)
    return {
        "started": started,
        "role": config.role.label,
        "provider": role in ("provider", "both"),
        "receiver": role in ("receiver", "both"),
        "checklist": [
            {
                "item": i.item,
                "status": i.status.label,
                "status_value": i.status.value,
                "detail": i.detail,
            }
            for i in approvals_checklist(model, role)
        ],
        "links": [
            {"field": i.field, "message": i.message, "hint": i.hint}
            for i in approvals_links(model, _cards(sources), config)
        ]
        if started
        else [],
        "legal": {
            "advice_sought": _yes_no(model.legal_advice_sought),
            "advice_from": model.legal_advice_from,
            "advice_on": _date(model.legal_advice_on),
            "power": _power(model),
            "power_help": model.power.help if model.power is not None else "",
            "power_detail": model.power_detail,
            "rpsi_applies": _label(model.rpsi_applies),
            "rpsi_may_apply": model.rpsi_applies is not None and model.rpsi_applies.value != "no",
            "rpsi_obligations": model.rpsi_obligations,
            "collected_for_us": _yes_no(model.collected_for_us),
            "collected_for_us_ownership": model.collected_for_us_ownership,
            "new_approvals_needed": _yes_no(model.new_approvals_needed),
            "new_approvals": model.new_approvals,
            "new_approvals_given": _yes_no(model.new_approvals_given),
        },
        "agreements": _agreements(model),
        "personal_data": _label(model.personal_data),
        "project_personal_data": _label(config.personal_data),
        "flagged": [
            {
                "title": d.title,
                "personal_data": _short(d.personal_data),
                "what": d.personal_data_what,
            }
            for d in flagged(data)
        ],
        "unanswered_personal": [d.title for d in unanswered_personal(data)],
        "data_systems_started": sources.model("data-systems") is not None,
        "screening": _screening(model),
        "privacy_notice": _label(model.privacy_notice),
        "privacy_notice_link": model.privacy_notice_link,
        "privacy_notice_link_expected": notice_needed,
        "ethics": {
            "framework": _yes_no(model.data_ethics_framework),
            "canvas": _yes_no(model.data_ethics_canvas),
            "issues": model.ethical_issues,
        },
        "risks": risks,
        "grid": grid,
        "scales": SCALES,
        "information_governance": _information_governance(team),
        "team_started": sources.model("team") is not None,
        "notes": model.notes,
    }


# Data sharing agreement (draft) ----------------------------------------------------------

FOR_ADVISERS = "a point for your legal advisers, as no card holds it"
BANNER = (
    "DRAFT FOR LEGAL REVIEW: not an agreement until your legal advisers have reviewed it "
    "and the parties have signed"
)


def _parties(sources: Sources, model: Approvals) -> list[Context]:
    """Our organisation and the partners from cds.yaml, then anyone else an agreement names."""
    from citydata_share.known import NameSet
    from citydata_share.project import PartnerRole

    config = sources.project.config
    parties: list[Context] = [
        {
            "name": config.organisation,
            "role": PartnerRole(config.role.value).label,
            "ours": True,
            "source": "cds.yaml (our organisation)",
        }
    ]
    parties += [
        {"name": p.name, "role": p.role.label, "ours": False, "source": "cds.yaml (partner)"}
        for p in config.partners
    ]
    # the names listed so far, looked up in one step: linear in parties, not parties squared
    listed = NameSet(p["name"] for p in parties if p["name"])
    for agreement in model.agreements:
        for name in agreement.parties:
            if name not in listed:
                listed.add(name)
                parties.append(
                    {
                        "name": name,
                        "role": None,
                        "ours": False,
                        "source": f"a party to {agreement.title}",
                    }
                )
    return parties


def _purpose(reasons: Reasons) -> Context:
    from citydata_share.cards.reasons import reason_labels

    pattern = reasons.pattern_of_exchange
    return {
        "user_needs": list(reasons.user_needs),
        "aims": list(reasons.organisational_aims),
        "reasons": reason_labels(reasons),
        "can_do_without": _label(reasons.can_do_without),
        "why_sharing_needed": reasons.why_sharing_needed,
        "pattern": _label(pattern),
        "pattern_help": pattern.help if pattern is not None else "",
        "exchanges": [
            {"organisation": e.organisation, "gives": e.gives, "gets": e.gets}
            for e in reasons.exchanges
        ],
        "data_users": list(reasons.data_users),
        "frequency_needed": reasons.frequency_needed,
    }


def _benefits(case: BusinessCase) -> Context:
    from citydata_share.cards.business_case import appraise, pounds

    appraisal = appraise(case)
    return {
        "priced": [
            {
                "what": f.item.what,
                "undiscounted": pounds(f.undiscounted),
                "present_value": pounds(f.present_value),
                "who": list(f.item.who),
            }
            for f in appraisal.items
            if not f.is_cost
        ],
        "unpriced": [{"what": b.what, "who": list(b.who)} for b in appraisal.unpriced_benefits],
        "outcomes": list(case.strategic.expected_outcomes),
        "period": appraisal.period,
    }


def _data(data: DataSystems, prepared: PrepareData, reasons: Reasons) -> Context:
    from citydata_share.cards.prepare_data import identifier_labels
    from citydata_share.known import name_key

    # each dataset's entry on the prepare-data card (the first of that name), found through
    # one index: linear in datasets, not datasets x entries
    entries: dict[str, PreparedDataset] = {}
    for e in prepared.datasets:
        entries.setdefault(name_key(e.dataset), e)

    datasets = []
    for d in data.datasets:
        entry = entries.get(name_key(d.title))
        datasets.append(
            {
                "title": d.title,
                "description": d.description,
                "personal_data": _short(d.personal_data),
                "personal_data_what": d.personal_data_what,
                "owner": d.owner,
                "time_period": d.time_period,
                "format": (entry.format if entry is not None else None) or d.format,
                "identifiers": identifier_labels(entry) if entry is not None else [],
                "prepared": entry is not None,
            }
        )
    return {
        "datasets": datasets,
        "minimum_data": list(reasons.minimum_data),
        "combine_with": data.combine_with,
    }


def _quality(prepared: PrepareData) -> list[Context]:
    from citydata_share.cards.prepare_data import open_problems, quality_statements

    wanted = (
        "Confidence in accuracy",
        "Confidence in completeness",
        "Currency",
        "Update frequency",
        "Standards used",
    )
    problems: dict[str, list[str]] = {}  # by dataset: one pass, not one per statement
    for p in open_problems(prepared):
        problems.setdefault(p.dataset, []).append(p.problem.problem)
    found = []
    for statement in quality_statements(prepared):
        texts = {item.heading: item.text for item in statement.items}
        found.append(
            {
                "dataset": statement.dataset,
                "items": [{"heading": h, "text": texts.get(h)} for h in wanted],
                "gaps": list(statement.gaps),
                "open_problems": list(problems.get(statement.dataset, ())),
            }
        )
    return found


def _ip(prepared: PrepareData) -> list[Context]:
    return [
        {
            "dataset": e.dataset,
            "embedded_ip": e.embedded_ip,
            "licence_to_include": _label(e.licence_to_include),
        }
        for e in prepared.datasets
    ]


def _flows(architecture: Architecture) -> list[Context]:
    return [
        {
            "dataset": f.dataset,
            "from": f.from_organisation,
            "to": f.to_organisation,
            "pattern": _label(f.planned),
            "access_control": _yes_no(f.access_control),
            "access_log": _yes_no(f.access_log),
            "encrypted": _yes_no(f.encrypted_in_transit),
        }
        for f in architecture.flows
    ]


def _security(architecture: Architecture) -> Context:
    s = architecture.security
    return {
        "meets_requirements": _label(s.meets_requirements),
        "ncsc_guidance": _yes_no(s.ncsc_guidance),
        "nis_applies": _label(s.nis_applies),
        "access_control": _yes_no(s.access_control),
        "access_log": _yes_no(s.access_log),
    }


def _retention(review: Review, model: Approvals) -> Context:
    return {
        "planned_end": _date(review.planned_end),
        "end_actions": [
            {
                "party": e.party,
                "action": e.action_label if e.action is not None else None,
                "by_when": _date(e.by_when),
                "confirmed": _yes_no(e.confirmed),
                "confirmed_on": _date(e.confirmed_on),
            }
            for e in review.end_actions
        ],
        "agreement_ends": [
            {"title": a.title, "ends_on": _date(a.ends_on)} for a in model.agreements
        ],
    }


def _every(review: Review) -> str | None:
    from citydata_share.cards.review import ReviewFrequency

    if review.review_every is ReviewFrequency.OTHER:
        return review.review_every_other or "Other (not said how often)"
    return _label(review.review_every)


def _power(model: Approvals) -> str | None:
    from citydata_share.cards.approvals import LegalPower

    if model.power is LegalPower.OTHER:
        return model.power_other or "Another power (not named)"
    return _short(model.power)


def _review(review: Review, model: Approvals) -> Context:
    from citydata_share.cards.review import fully_retired, next_review_date

    return {
        "next": _date(next_review_date(review)),
        "retired": fully_retired(review),
        "retired_on": _date(review.retirement_confirmed_on),
        "every": _every(review),
        "last": _date(review.last_reviewed),
        "criteria": list(review.review_criteria),
        "agreement_reviews": [
            {"title": a.title, "review_on": _date(a.review_on)}
            for a in model.agreements
            if a.review_on is not None
        ],
        "triggers": list(review.retirement_triggers),
    }


def _commercial(case: BusinessCase) -> Context:
    c = case.commercial
    return {
        "licence": c.licence,
        "charge": _yes_no(c.charge),
        "charging_structure": c.charging_structure,
        "legal_considerations": c.legal_considerations,
        "licences_to_accept": c.licences_to_accept,
        "data_costs_money": _yes_no(c.data_costs_money),
        "data_cost_terms": c.data_cost_terms,
    }


def _lawful(model: Approvals, sources: Sources) -> Context:
    from citydata_share.cards.dpia import (
        Art35Criterion,
        EdpbCriterion,
        screening_outcome,
    )
    from citydata_share.project import PersonalData

    screening = model.dpia_screening
    said = model.personal_data or sources.project.config.personal_data
    sensitive = [
        c.short
        for c, ticked in (
            (Art35Criterion.B, Art35Criterion.B in screening.art35),
            (EdpbCriterion.SENSITIVE_DATA, EdpbCriterion.SENSITIVE_DATA in screening.edpb),
        )
        if ticked
    ]
    return {
        "personal_data": _label(said),
        "personal_from": (
            "the approvals card"
            if model.personal_data is not None
            else ("cds.yaml" if said is not None else None)
        ),
        "may_be_personal": said in (PersonalData.YES, PersonalData.UNSURE),
        "not_personal": said is PersonalData.NO,
        "sensitive_ticked": sensitive,
        "screening_outcome": screening_outcome(screening).outcome.label,
        "screening_done": screening.done,
        "dpia_completed_on": _date(screening.dpia_completed_on),
    }


def agreement(sources: Sources) -> Context:
    from citydata_share.cards.approvals import Approvals
    from citydata_share.cards.architecture import Architecture
    from citydata_share.cards.business_case import BusinessCase
    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.cards.governance import Governance
    from citydata_share.cards.prepare_data import PrepareData
    from citydata_share.cards.reasons import Reasons
    from citydata_share.cards.review import Review

    model = cast("Approvals", _model(sources, "approvals", Approvals))
    reasons = cast("Reasons", _model(sources, "reasons", Reasons))
    data = cast("DataSystems", _model(sources, "data-systems", DataSystems))
    case = cast("BusinessCase", _model(sources, "business-case", BusinessCase))
    prepared = cast("PrepareData", _model(sources, "prepare-data", PrepareData))
    architecture = cast("Architecture", _model(sources, "architecture", Architecture))
    governance = cast("Governance", _model(sources, "governance", Governance))
    review = cast("Review", _model(sources, "review", Review))
    config = sources.project.config
    role = sources.project.role
    started = {card_id: sources.model(card_id) is not None for card_id in sources.statuses}
    return {
        "banner": BANNER,
        "for_advisers": FOR_ADVISERS,
        "organisation": config.organisation or "Our organisation",
        "started": started,
        "provider": role in ("provider", "both"),
        "receiver": role in ("receiver", "both"),
        "description": config.description,
        "parties": _parties(sources, model),
        "agreements": _agreements(model),
        "purpose": _purpose(reasons),
        "benefits": _benefits(case),
        "data": _data(data, prepared, reasons),
        "legal": {
            "power": _power(model),
            "power_detail": model.power_detail,
            "advice_sought": _yes_no(model.legal_advice_sought),
            "advice_from": model.legal_advice_from,
            "advice_on": _date(model.legal_advice_on),
        },
        "lawful": _lawful(model, sources),
        "flows": _flows(architecture),
        "security": _security(architecture),
        "quality": _quality(prepared),
        "retention": _retention(review, model),
        "rights": {
            "privacy_notice": _label(model.privacy_notice),
            "privacy_notice_link": model.privacy_notice_link,
        },
        "review": _review(review, model),
        "rpsi": {
            "applies": _label(model.rpsi_applies),
            "obligations": model.rpsi_obligations,
        },
        "commercial": _commercial(case),
        "ip": _ip(prepared),
        "collected_for_us": _yes_no(model.collected_for_us),
        "collected_for_us_ownership": model.collected_for_us_ownership,
        "signatories": list(governance.signatories),
    }
