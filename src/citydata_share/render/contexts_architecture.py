"""The architecture note's context: each flow's pattern today and its target, on the toolkit's
scale of human effort, with the card's advice (:mod:`citydata_share.cards.architecture_advice`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from citydata_share.render import svg
from citydata_share.render.answers import (
    Context,
    card_or_empty,
    fact,
    facts,
    in_words,
    missing_paths,
    started_cards,
)

if TYPE_CHECKING:
    from citydata_share.cards.architecture import Architecture, DataFlow
    from citydata_share.render.documents import Sources

# Short names for the picture's columns (the tables carry the toolkit's full labels).
SHORT_PATTERN = {
    "in-person": "In person",
    "two-systems": "Two unconnected systems",
    "internet": "One-off over the internet",
    "third-party": "Through a third party",
    "analogue": "Digital shared on paper",
    "physical-media": "Physical media",
    "open-publication": "Open publication",
    "api": "API",
}

DRIVERS = (
    ("What our systems can do", "drivers.our_systems", "Say what your own systems can do"),
    (
        "What the partners' systems can do",
        "drivers.partner_systems",
        "Say what the partners' systems can do",
    ),
    ("How much data", "drivers.data_volume", "Say how much data there is"),
    ("How often it changes", "drivers.data_changes", "Say how often the data changes"),
    ("How sensitive it is", "drivers.sensitivity", "Say how sensitive the data is"),
)
CURRENT_SYSTEMS = (
    (
        "Can current systems be used?",
        "current_systems.usable",
        "Say whether current systems can be used",
    ),
    (
        "Cost against the alternatives",
        "current_systems.cost_comparison",
        "Compare the cost of current systems with the alternatives",
    ),
    ("Capacity and training", "current_systems.capacity_and_training", ""),
)
UPKEEP = (
    (
        "Who pays for upkeep",
        "sustainability.upkeep_paid_by",
        "Say which organisation pays for upkeep",
    ),
    ("How upkeep is financed and staffed", "sustainability.upkeep_plan", ""),
)
BUILD = (
    ("Skills in-house", "build.skills_in_house", "Say whether you have the skills in-house"),
    ("Fit with the digital and IT strategy", "build.strategy_fit", ""),
)
SECURITY = (
    (
        "Meets our technical security requirements",
        "security.meets_requirements",
        "Ask technical security whether the approach meets your requirements",
    ),
    (
        "NCSC guidance followed",
        "security.ncsc_guidance",
        "Say whether you have followed the NCSC's guidance",
    ),
    (
        "NIS Regulations 2018 apply",
        "security.nis_applies",
        "Say whether the NIS Regulations 2018 apply",
    ),
    (
        "Access controlled (credentials, registration)",
        "security.access_control",
        "Say whether access is controlled",
    ),
    ("Every access logged", "security.access_log", "Say whether every access is logged"),
)


def flow_names(flows: list[DataFlow]) -> list[str]:
    """Each flow by its dataset, with where it goes when the dataset flows more than once."""
    counts: dict[str, int] = {}
    for flow in flows:
        counts[flow.dataset] = counts.get(flow.dataset, 0) + 1
    return [
        f"{f.dataset} to {f.to_organisation}"
        if counts[f.dataset] > 1 and f.to_organisation
        else f.dataset
        for f in flows
    ]


def _flows(sources: Sources, card: Architecture, missing: set[str]) -> list[Context]:
    from citydata_share.cards.architecture_advice import (
        datasets_by_title,
        flow_data,
        pattern_changes,
    )

    cards = started_cards(sources)
    datasets = datasets_by_title(cards)
    security = card.security
    rows = []
    for i, (flow, change) in enumerate(zip(card.flows, pattern_changes(card), strict=True)):
        data = flow_data(flow, cards, sources.project.config, datasets)

        def todo(name: str, what: str, i: int = i) -> str | None:
            return what if f"flows[{i}].{name}" in missing else None

        def inherited(answer: bool | None, default: bool | None) -> Any:
            if answer is not None:
                return in_words(answer)
            said = in_words(default)
            return f"{said} (the card's security answer)" if said else None

        rows.append(
            {
                "dataset": flow.dataset,
                "from": flow.from_organisation,
                "from_todo": todo("from_organisation", "Say which organisation sends it"),
                "to": flow.to_organisation,
                "to_todo": todo("to_organisation", "Say which organisation receives it"),
                "current": in_words(flow.current_pattern),
                "current_todo": todo("current_pattern", "Say how it moves today"),
                "target": in_words(flow.target_pattern),
                "target_todo": todo("target_pattern", "Choose its target pattern"),
                "change": change.text,
                "effect": change.effect,
                "frequency": in_words(flow.frequency),
                "frequency_todo": todo("frequency", "Say how often it must flow"),
                "personal": data.personal.short if data.personal_from else None,
                "personal_from": data.personal_from,
                "sensitive": in_words(flow.commercially_sensitive),
                "sensitive_todo": todo(
                    "commercially_sensitive", "Say whether it is commercially sensitive"
                ),
                "access_control": inherited(flow.access_control, security.access_control),
                "access_log": inherited(flow.access_log, security.access_log),
                "encrypted": in_words(flow.encrypted_in_transit),
                "receiver": in_words(flow.receiver_can_consume),
                "receiver_todo": todo(
                    "receiver_can_consume", "Say whether the receiver can take it that way"
                ),
                "notes": flow.notes,
            }
        )
    return rows


def _picture(card: Architecture) -> tuple[list[Context], Any]:
    """The eight patterns, most human effort first, with the flows at each: as a table's rows
    and as the drawn scale."""
    from citydata_share.cards.architecture import BY_HUMAN_EFFORT, MANUAL, effort_rank
    from citydata_share.cards.architecture_advice import pattern_changes

    names = flow_names(card.flows)
    named = list(zip(names, card.flows, strict=True))
    scale = [
        {
            "label": "Not shared yet",
            "today": [n for n, f in named if f.current_pattern is not None and f.current is None],
            "target": [],
        }
    ]
    scale += [
        {
            "label": pattern.label,
            "today": [n for n, f in named if f.current is pattern],
            "target": [n for n, f in named if f.target_pattern is pattern],
        }
        for pattern in BY_HUMAN_EFFORT
    ]
    moves = [
        svg.PatternMove(
            name,
            effort_rank(flow.current) if flow.current is not None else None,
            effort_rank(flow.target_pattern) if flow.target_pattern is not None else None,
            change.effect,
            current_unknown=flow.current_pattern is None,
        )
        for name, flow, change in zip(names, card.flows, pattern_changes(card), strict=True)
        if flow.current_pattern is not None or flow.target_pattern is not None
    ]
    drawn = svg.pattern_scale(
        [f"({p.number}) {SHORT_PATTERN[p.value]}" for p in BY_HUMAN_EFFORT],
        moves,
        "architecture-patterns",
        bands=[
            ("A person moves the data each time", 0, len(MANUAL) - 1),
            ("Automated", len(MANUAL), len(BY_HUMAN_EFFORT) - 1),
        ],
    )
    return scale, drawn


def _advice(sources: Sources, card: Architecture) -> list[Context]:
    from citydata_share.cards.architecture_advice import advice_by_level, architecture_advice

    found = architecture_advice(card, started_cards(sources), sources.project.config)
    return [
        {
            "label": level.label,
            "value": level.value,
            "help": level.help,
            "advice": [
                {
                    "dataset": a.dataset,
                    "advice": a.advice,
                    "reason": a.reason,
                    "source": a.source.removeprefix("Source: "),
                }
                for a in items
            ],
        }
        for level, items in advice_by_level(found).items()
    ]


def architecture(sources: Sources) -> Context:
    from citydata_share.cards.architecture import Architecture, BuildApproach
    from citydata_share.cards.architecture_advice import share_frequency
    from citydata_share.project import Frequency

    card, started = card_or_empty(sources, "architecture", Architecture)
    card = cast("Architecture", card)
    missing = missing_paths(sources, card)
    scale, drawn = _picture(card)
    levels = _advice(sources, card) if started else []
    frequency = share_frequency(card, sources.project.config)
    ongoing = frequency is not Frequency.ONE_OFF
    said = frequency.short if frequency is not None else None
    if card.sustainability.frequency is None and said:
        said += " (cds.yaml's answer for the share)"
    build = card.build
    approach = build.approach_other if build.approach is BuildApproach.OTHER else build.approach
    investment = card.current_systems.investment_needed
    flows = _flows(sources, card, missing)
    return {
        "started": started,
        "flows": flows,
        "unplaced": [f["dataset"] for f in flows if not f["current"] and not f["target"]],
        "scale": scale,
        "levels": levels,
        "advice_count": sum(len(level["advice"]) for level in levels),
        "drivers": facts(card, DRIVERS, missing),
        "current_systems": [
            *facts(card, CURRENT_SYSTEMS, missing),
            fact("Investment needed", f"£{investment:,.0f}" if investment is not None else None),
        ],
        "sustainability": [
            fact(
                "One-off or ongoing",
                said,
                None if said else "Say whether the share is one-off or ongoing",
            ),
            *(facts(card, UPKEEP, missing) if ongoing else []),
        ],
        "one_off": not ongoing,
        "build": [
            fact(
                "How it will be built",
                approach,
                "Say how the sharing system will be built" if "build.approach" in missing else None,
            ),
            *facts(card, BUILD, missing),
        ],
        "security": facts(card, SECURITY, missing),
        "notes": card.notes,
        "charts": {"patterns": drawn},
    }
