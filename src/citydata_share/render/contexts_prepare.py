"""Contexts for the PREPARE documents: the outline business case and the data quality statement.

Cards in, plain data out. Every figure comes from the cards' own derived functions
(:func:`business_case.appraise`, :func:`prepare_data.quality_statements` and their
neighbours); here they are only put in the order the documents read. Which questions a
section shows follows the card's own questions for the project's role (provider, receiver
or both): an unanswered required question becomes a "to do", an unanswered optional one
says it was not recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from citydata_share.cards.team import people_by_name
from citydata_share.known import name_key
from citydata_share.questions import AskContext, Choice, is_answered, questions_of
from citydata_share.render import mermaid, svg

if TYPE_CHECKING:
    from pydantic import BaseModel

    from citydata_share.cards.base import CardModel
    from citydata_share.cards.business_case import Appraisal, BusinessCase
    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.cards.prepare_data import PrepareData, PreparedDataset, QualityStatement
    from citydata_share.cards.reasons import Reasons
    from citydata_share.cards.team import Team
    from citydata_share.render.documents import Sources

Context = dict[str, Any]
Wording = Mapping[str, tuple[str, str]]  # field -> (heading, what the to-do asks for)

ROLE_HEADINGS = {"provider": "As the data provider", "receiver": "As the data receiver"}


def _date(value: dt.date | None) -> str | None:
    return f"{value.day} {value:%B %Y}" if value is not None else None


def display(value: Any) -> str | list[str] | None:
    """An answer as the documents print it: words for choices and yes/no, dates spelt out."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Choice):
        return value.label
    if isinstance(value, dt.date):
        return _date(value)
    if isinstance(value, list | tuple):
        return [str(display(v)) for v in value if v is not None]
    return str(value)


def answer_rows(
    group: BaseModel,
    role: str,
    wording: Wording,
    command: str,
    card: Mapping[str, Any] | None = None,
    values: Mapping[str, Any] | None = None,
) -> list[Context]:
    """The fields named in ``wording`` that apply to ``role``, in the card's order.

    ``values`` replaces a field's value (e.g. reasons to share with the user's own "other"
    ones added); ``card`` is the whole card, for conditions that look across groups.
    """
    answers = group.model_dump(mode="json")
    ctx = AskContext(role=role, answers=answers, card=card if card is not None else answers)
    rows = []
    for question in questions_of(type(group)):
        if question.name not in wording or not question.applies(ctx):
            continue
        heading, todo = wording[question.name]
        value = (values or {}).get(question.name, getattr(group, question.name))
        shown = display(value)
        rows.append(
            {
                "field": question.name,
                "heading": heading,
                "value": shown if is_answered(shown) else None,
                "is_list": isinstance(shown, list),
                "required": question.ask.required,
                "todo": todo,
                "command": command,
                "only_for": question.ask.only_for,
            }
        )
    return rows


def _case_heading(field: str, role: str) -> str:
    """A case's heading as the card words it for the project's role."""
    from citydata_share.cards.business_case import BusinessCase

    for question in questions_of(BusinessCase):
        if question.name == field:
            return question.prompt_for(role)
    raise KeyError(field)  # pragma: no cover (the five cases are fields of the card)


def _cards(sources: Sources) -> dict[str, CardModel]:
    return {cid: s.model for cid, s in sources.statuses.items() if s.model is not None}


# Outline business case ------------------------------------------------------------------

REASONS_WORDING: Wording = {
    "user_needs": ("User needs", "Say which user needs the data will help meet"),
    "organisational_aims": (
        "The organisation's aims",
        "Say which of the organisation's aims the share supports",
    ),
    "reasons": ("Reasons to share", "Say why you want to share data"),
    "can_do_without": (
        "Could the aims be met without sharing, or with less data?",
        "Say whether the aims could be met without sharing, or with less data",
    ),
    "why_sharing_needed": ("Why sharing is needed", "Say why sharing the data is needed"),
    "policy_links": ("Links to national and regional policy", ""),
    "precedents": ("Similar projects elsewhere", ""),
}

STRATEGIC_WORDING: Wording = {
    "case_for_change": ("The case for change", "Set out the case for change"),
    "fit_with_strategy": (
        "Fit with the organisation's strategy",
        "Say how the share fits the organisation's strategy",
    ),
    "expected_outcomes": ("Expected outcomes", "List the outcomes you expect"),
}

ECONOMIC_WORDING: Wording = {
    "wider_costs_and_benefits": ("Costs and benefits to society", ""),
}

COMMERCIAL_WORDING: Wording = {
    "licence": ("Licence", "Say under what licence the data will be made available"),
    "charge": ("A charge for the data?", "Say whether there will be a charge for the data"),
    "charging_structure": ("How the charge is structured", "Say how the charge will work"),
    "legal_considerations": ("Other legal points", ""),
    "licences_to_accept": (
        "Licences we will be asked to accept",
        "Say which licences you will be asked to accept, and what they commit you to",
    ),
    "data_costs_money": ("Does the data cost money?", "Say whether the data costs money"),
    "data_cost_terms": ("What it costs, and on what terms", "Say what the data costs"),
}

FINANCIAL_WORDING: Wording = {
    "costs_to_us": ("What the share costs us", "Say what the share will cost the organisation"),
    "who_pays": ("Who pays", "Say who will pay for the share"),
    "funding": ("Funding", "Say whether it pays for itself or needs funding"),
    "further_funding": ("Where further funding comes from", "Say where the funding comes from"),
    "affordability": ("Affordability", "Say how the costs fit the budgets they fall on"),
}

MANAGEMENT_WORDING: Wording = {
    "arrangements": ("How the project is run", "Say who leads and who reports to whom"),
    "methodology": ("Project method", ""),
    "monitoring": ("Monitoring", "Say how the share will be monitored once it is running"),
    "contingency": ("Risks and contingency", "Name the main risks and the plan for each"),
    "benefits_realisation": (
        "Realising the benefits",
        "Say how the benefits will be realised, and who is responsible",
    ),
    "evaluation": ("Evaluation", ""),
}

CASE_PURPOSE = {
    "strategic": "Why the share is needed and how it fits the organisation's aims and wider "
    "policy. It starts from the reasons card and adds the business case's own answers.",
    "economic": "The options considered and which gives the best value to society, with the "
    "costs and benefits counted year by year and discounted as the Green Book does.",
    "commercial": "The terms on which the data moves: licences, any charge, the sources "
    "compared and what each organisation gives and gets.",
    "financial": "Whether the share is affordable, who pays and how it is funded, with the "
    "money by year as it will be spent (undiscounted).",
    "management": "How the share will be delivered: who runs it, the milestones, monitoring, "
    "risks, benefits and evaluation.",
}


def _people(names: list[str], team: Team | None, team_command: str) -> list[Context]:
    """Named people, matched to the team card where they are on it."""
    found = []
    index = people_by_name(team) if team is not None else {}
    for name in names:
        person = index.get(name_key(name))
        found.append(
            {
                "name": name,
                "role": person.role_label if person else None,
                "key_player": bool(person and person.key_player),
                "notes": person.notes if person else None,
                # a name missing from a team card that lists people is a gap to fix
                "missing": bool(team is not None and team.people and person is None),
                "team_command": team_command,
            }
        )
    return found


def _raci_rows(team: Team | None) -> list[Context]:
    if team is None:
        return []
    return [
        {
            "decision": row.decision,
            "responsible": list(row.responsible),
            "accountable": row.accountable,
            "consulted": list(row.consulted),
            "informed": list(row.informed),
        }
        for row in team.raci
        if "business case" in row.decision.casefold()
    ]


def _items(appraisal: Appraisal) -> list[Context]:
    from citydata_share.cards.business_case import Recurrence, pounds

    rows = []
    for figures in appraisal.items:
        item = figures.item
        years = list(figures.years)
        if not years:
            when = "outside the appraisal period"
        elif item.recurrence is Recurrence.RECURRING:
            span = f"years {years[0]}-{years[-1]}" if len(years) > 1 else f"year {years[0]}"
            when = f"each year, {span}"
        else:
            when = f"once, year {years[0]}"
        rows.append(
            {
                "what": item.what,
                "kind": "Cost" if figures.is_cost else "Benefit",
                "when": when,
                "amount": pounds(item.amount or 0),
                "who": list(item.who),
                "total": pounds(figures.undiscounted),
                "present_value": pounds(figures.present_value),
            }
        )
    return rows


_INDEX = re.compile(r"^costs_and_benefits\[(\d+)\]")


def appraisal_context(appraisal: Appraisal, command: str) -> Context:
    """The figures of the economic and financial cases, all from :func:`appraise`."""
    from citydata_share.cards.business_case import (
        ESTIMATES_CAVEAT,
        LAST_YEAR,
        STPR_EARLY,
        STPR_LATER,
        STPR_SWITCH_YEAR,
        bcr_in_words,
        discount_rate_text,
        pounds,
    )

    counted = {f.index for f in appraisal.items}
    uncounted, notes = [], []
    for warning in appraisal.warnings:
        match = _INDEX.match(warning.field)
        hint = warning.hint.rstrip(".")  # the gap adds ": run `...`."
        entry = {"message": warning.message, "hint": hint, "command": command}
        if match and int(match.group(1)) in counted:
            notes.append(entry)  # counted, but partly outside the period
        else:
            uncounted.append(entry)  # an answer is missing: a to-do
    years = [
        {
            "year": f.year,
            "factor": f"{f.discount_factor:.4f}",
            "costs": pounds(f.costs),
            "benefits": pounds(f.benefits),
            "net": pounds(f.net),
            "pv_costs": pounds(f.pv_costs),
            "pv_benefits": pounds(f.pv_benefits),
            "pv_net": pounds(f.pv_benefits - f.pv_costs),
        }
        for f in appraisal.flows
    ]
    chart_years = [svg.YearAmounts(f.year, f.pv_costs, f.pv_benefits) for f in appraisal.flows]
    ratio = appraisal.bcr
    return {
        "has_figures": bool(appraisal.items),
        "period": appraisal.period,
        "last_year": appraisal.period - 1,
        "lines": _items(appraisal),
        "uncounted": uncounted,
        "notes": notes,
        "years": years,
        "totals": {
            "costs": pounds(appraisal.costs),
            "benefits": pounds(appraisal.benefits),
            "net": pounds(appraisal.benefits - appraisal.costs),
            "pv_costs": pounds(appraisal.pv_costs),
            "pv_benefits": pounds(appraisal.pv_benefits),
            "npsv": pounds(appraisal.npsv),
            "bcr": f"{ratio:.2f}" if ratio is not None else None,
            "bcr_words": bcr_in_words(ratio),
        },
        "rate_text": discount_rate_text(appraisal.period),
        "rates": {
            "early": f"{STPR_EARLY:.1%}",
            "later": f"{STPR_LATER:.1%}",
            "switch": STPR_SWITCH_YEAR,
            "last": LAST_YEAR,
        },
        "caveat": ESTIMATES_CAVEAT,
        "unpriced": [{"what": b.what, "who": list(b.who)} for b in appraisal.unpriced_benefits],
        "chart": svg.costs_benefits_chart(chart_years),
        "mermaid": mermaid.costs_benefits_xychart(chart_years),
    }


def _strategic(reasons: Reasons, model: BusinessCase, sources: Sources) -> Context:
    from citydata_share.cards.business_case import strategic_inputs
    from citydata_share.cards.reasons import reason_labels

    role = sources.project.role
    reasons_command = sources.command("reasons")
    inputs = strategic_inputs({"reasons": reasons})
    values: dict[str, Any] = {"reasons": reason_labels(reasons)}
    if inputs is not None:  # the card's own view of what the strategic case draws on
        values |= {
            "user_needs": inputs.user_needs,
            "organisational_aims": inputs.aims,
            "policy_links": inputs.policy_links,
        }
    return {
        "heading": _case_heading("strategic", role),
        "purpose": CASE_PURPOSE["strategic"],
        "from_reasons": answer_rows(reasons, role, REASONS_WORDING, reasons_command, None, values),
        "reasons_started": sources.model("reasons") is not None,
        "rows": answer_rows(
            model.strategic, role, STRATEGIC_WORDING, sources.command("business-case")
        ),
    }


def _commercial(model: BusinessCase, reasons: Reasons, sources: Sources) -> Context:
    role = sources.project.role
    command = sources.command("business-case")
    rows = answer_rows(model.commercial, role, COMMERCIAL_WORDING, command)
    sections = []
    for side in ("provider", "receiver"):
        if role not in (side, "both"):
            continue
        sections.append(
            {
                "heading": ROLE_HEADINGS[side] if role == "both" else None,
                "side": side,
                "rows": [r for r in rows if r["only_for"] == side],
            }
        )
    return {
        "heading": _case_heading("commercial", role),
        "purpose": CASE_PURPOSE["commercial"],
        "sections": sections,
        "sources_compared": [
            {"source": s.source, "benefits": s.benefits, "disbenefits": s.disbenefits}
            for s in model.commercial.sources_compared
        ],
        "receiver": role in ("receiver", "both"),
        "pattern_of_exchange": display(reasons.pattern_of_exchange),
        "pattern_help": reasons.pattern_of_exchange.help if reasons.pattern_of_exchange else None,
        "exchanges": [
            {"organisation": e.organisation, "gives": e.gives, "gets": e.gets}
            for e in reasons.exchanges
        ],
    }


def business_case(sources: Sources) -> Context:
    from citydata_share.cards.business_case import (
        BusinessCase,
        advice,
        appraise,
        case_statuses,
        empty_cases,
    )
    from citydata_share.cards.reasons import Reasons
    from citydata_share.render.resources_view import resources_for_card

    model = cast("BusinessCase | None", sources.model("business-case"))
    card = model if model is not None else BusinessCase.model_validate({})
    reasons_model = cast("Reasons | None", sources.model("reasons"))
    reasons = reasons_model if reasons_model is not None else Reasons.model_validate({})
    team = cast("Team | None", sources.model("team"))
    role = sources.project.role
    command = sources.command("business-case")
    team_command = sources.command("team")
    appraisal = appraise(card)
    statuses = case_statuses(card, role)
    empty = {s.field for s in empty_cases(card, role)}
    return {
        "started": model is not None,
        "role": role,
        "role_label": sources.project.config.role.label,
        "command": command,
        "team_command": team_command,
        "team_started": team is not None,
        "process": {
            "process": card.process,
            "consulted": _people(list(card.consulted), team, team_command),
            "signs_off": _people(list(card.signs_off), team, team_command),
            "board_date": _date(card.board_date),
            "raci": _raci_rows(team),
        },
        "cases": [
            {
                "field": s.field,
                "label": s.label,
                "heading": _case_heading(s.field, role),
                "answered": s.answered,
                "empty": s.field in empty,
                "purpose": CASE_PURPOSE[s.field],
            }
            for s in statuses
        ],
        "strategic": _strategic(reasons, card, sources),
        "economic": {
            "heading": _case_heading("economic", role),
            "purpose": CASE_PURPOSE["economic"],
            "options": [
                {"name": o.name, "description": o.description, "preferred": display(o.preferred)}
                for o in card.economic.options
            ],
            "rows": answer_rows(card.economic, role, ECONOMIC_WORDING, command),
            "has_items": bool(card.costs_and_benefits),
            "estimation_note": card.estimation_note,
            "items_prompt": next(
                q.prompt_for(role)
                for q in questions_of(BusinessCase)
                if q.name == "costs_and_benefits"
            ),
        },
        "figures": appraisal_context(appraisal, command),
        "commercial": _commercial(card, reasons, sources),
        "financial": {
            "heading": _case_heading("financial", role),
            "purpose": CASE_PURPOSE["financial"],
            "rows": answer_rows(card.financial, role, FINANCIAL_WORDING, command),
        },
        "management": {
            "heading": _case_heading("management", role),
            "purpose": CASE_PURPOSE["management"],
            "rows": answer_rows(card.management, role, MANAGEMENT_WORDING, command),
            "milestones": [
                {"name": m.name, "date": _date(m.date), "owner": m.owner}
                for m in card.management.milestones
            ],
        },
        "advice": [{"field": a.field, "message": a.message} for a in advice(card, appraisal)],
        "notes": card.notes,
        "resources": resources_for_card("business-case"),
    }


# Data quality statement and dataset documentation ----------------------------------------

STATEMENT_TODO = {
    "Provenance": "Say how and why the dataset was captured",
    "Verification and validation": "Say how the dataset is verified and validated",
    "Confidence in accuracy": "Rate your confidence in its accuracy",
    "Confidence in completeness": "Rate your confidence in its completeness",
    "Currency": "Say how up to date it is",
    "Update frequency": "Say how often it is updated",
    "Standards used": "Say which standards it follows",
    "Embedded intellectual property": "Say what others' intellectual property it holds",
    "Format": "Say what format it will be shared in",
}

NEEDS_FIELDS = ("user_needs", "consulted", "specification", "specification_where")

USER_NEEDS_HEADING = {
    "provider": "What the users of the data need",
    "receiver": "How our own data is made ready to use with the data we receive",
    "both": "What the users need, and how our own data is made ready to use with theirs",
}


def _metadata(card: DataSystems) -> dict[str, Context]:
    """Each dataset's metadata from the data-systems card, by name as compared."""
    from citydata_share.known import name_key
    from citydata_share.render.contexts_profile import profile_context

    return {
        name_key(d.title): {
            "title": d.title,
            "description": d.description,
            "owner": d.owner,
            "personal_data": display(d.personal_data),
            "personal_data_what": d.personal_data_what,
            "uses_and_users": d.uses_and_users,
            "system": d.system,
            "location": d.location,
            "url": d.url,
            "time_period": d.time_period,
            "update_frequency": d.update_frequency,
            "publication_status": display(d.publication_status),
            "published_where": d.published_where,
            "profile": profile_context(d.profile),
        }
        for d in card.datasets
    }


def _statement(
    entry: PreparedDataset, statement: QualityStatement, metadata: Context | None, command: str
) -> Context:
    from citydata_share.cards.prepare_data import ProblemStatus, identifier_labels

    return {
        "dataset": statement.dataset,
        "metadata": metadata,
        "facts": [
            {
                "heading": item.heading,
                "text": item.text,
                "todo": STATEMENT_TODO.get(item.heading, f"Give the {item.heading.lower()}"),
            }
            for item in statement.items
        ],
        "gaps": statement.gaps,
        "complete": statement.complete,
        "accuracy": display(entry.accuracy),
        "completeness": display(entry.completeness),
        "identifiers": identifier_labels(entry),
        "licence_to_include": display(entry.licence_to_include),
        "checks": statement.checks,
        "problems": [
            {
                "problem": p.problem,
                "remedy": p.remedy,
                "owner": p.owner,
                "status": display(p.status),
                "open": p.status is not ProblemStatus.FIXED,
            }
            for p in statement.problems
        ],
        "open_problems": sum(1 for p in statement.problems if p.status is not ProblemStatus.FIXED),
        "command": command,
    }


def data_quality(sources: Sources) -> Context:
    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.cards.prepare_data import (
        PrepareData,
        advice,
        identifier_coverage,
        not_prepared,
        open_problems,
        quality_statements,
    )
    from citydata_share.known import name_key
    from citydata_share.render.contexts_profile import links_context
    from citydata_share.render.resources_view import resources_for_card

    model = cast("PrepareData | None", sources.model("prepare-data"))
    card = model if model is not None else PrepareData.model_validate({})
    systems_model = cast("DataSystems | None", sources.model("data-systems"))
    systems = systems_model if systems_model is not None else DataSystems.model_validate({})
    role = sources.project.role
    command = sources.command("prepare-data")
    metadata = _metadata(systems)
    statements = [
        _statement(entry, statement, metadata.get(name_key(entry.dataset)), command)
        for entry, statement in zip(card.datasets, quality_statements(card), strict=True)
    ]
    coverage = identifier_coverage(card)
    linkable = coverage.linkable
    wording: Wording = {
        "user_needs": (USER_NEEDS_HEADING[role], "Say what the users of the data need"),
        "consulted": ("Current users we talked to", ""),
        "specification": (
            "Is a specification agreed with the partners?",
            "Say whether a specification is agreed with the partners",
        ),
        "specification_where": ("Where the specification is kept", ""),
        "matching_tools": (
            "Will data matching tools be used?",
            "Say whether data matching tools will link the data",
        ),
        "matching_how": ("Which tools, matching on what", ""),
        "continual_evaluation": (
            "Continual evaluation",
            "Say how you will keep checking the data stays fit for purpose",
        ),
    }
    rows = {r["field"]: r for r in answer_rows(card, role, wording, command)}
    return {
        "started": model is not None,
        "systems_started": systems_model is not None,
        "role": role,
        "command": command,
        "systems_command": sources.command("data-systems"),
        "needs": [r for f, r in rows.items() if f in NEEDS_FIELDS],
        "matching": [rows[f] for f in ("matching_tools", "matching_how") if f in rows],
        "evaluation": rows["continual_evaluation"],
        "statements": statements,
        "not_prepared": not_prepared(card, _cards(sources)),
        "not_listed": [s["dataset"] for s in statements if s["metadata"] is None],
        "coverage": [
            {"identifier": name, "datasets": datasets, "links": name in linkable}
            for name, datasets in coverage.by_identifier.items()
        ],
        "any_links": bool(linkable),
        "measured_links": links_context(card.links),
        "without_identifier": coverage.without,
        "open_problems": [
            {
                "dataset": p.dataset,
                "problem": p.problem.problem,
                "remedy": p.problem.remedy,
                "owner": p.problem.owner,
                "status": display(p.problem.status),
            }
            for p in open_problems(card)
        ],
        "glossary": [{"term": g.term, "meaning": g.meaning} for g in card.glossary],
        "advice": [{"message": a.message, "reason": a.reason} for a in advice(card)],
        "notes": card.notes,
        "resources": resources_for_card("prepare-data"),
    }
