"""The reasons card as plain data, for every document that tells why the share is worth doing.

:func:`reasons_context` is the one place the "Define your reasons" card becomes document
content: the project summary shows all of it, the canvas the part about how the share works,
and the outline business case's strategic case reuses it (with the partial templates
``_reasons.md.j2`` / ``_reasons.html.j2``, which show it at any heading level).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from citydata_share.cards.reasons import Reasons
    from citydata_share.render.documents import Sources

Context = dict[str, Any]


def reasons_context(sources: Sources) -> Context:
    """Every answer of the reasons card, ready for a template; empty answers stay empty.

    Keys: ``started``, ``command``, ``user_needs``, ``organisational_aims``, ``reasons`` (in
    words, the user's own last), ``can_do_without`` (label), ``may_need_sharing`` (whether
    the two questions below apply), ``why_sharing_needed``, ``minimum_data``,
    ``pattern_of_exchange`` (label) and ``pattern_help``, ``exchanges`` (organisation, gives,
    gets), ``precedents``, ``policy_links``, ``service_maturity``, ``analyses`` (label),
    ``data_users``, ``frequency_needed``, ``notes``.
    """
    from citydata_share.cards.reasons import CanDoWithout, Reasons, reason_labels

    model = cast("Reasons | None", sources.model("reasons"))
    card = model if model is not None else Reasons.model_validate({})
    pattern = card.pattern_of_exchange
    return {
        "started": model is not None,
        "command": sources.command("reasons"),
        "user_needs": list(card.user_needs),
        "organisational_aims": list(card.organisational_aims),
        "reasons": reason_labels(card),
        "can_do_without": card.can_do_without.label if card.can_do_without else None,
        "may_need_sharing": card.can_do_without is not CanDoWithout.YES,
        "why_sharing_needed": card.why_sharing_needed,
        "minimum_data": list(card.minimum_data),
        "pattern_of_exchange": pattern.label if pattern else None,
        "pattern_help": pattern.help if pattern else None,
        "exchanges": [
            {"organisation": e.organisation, "gives": e.gives, "gets": e.gets}
            for e in card.exchanges
        ],
        "precedents": list(card.precedents),
        "policy_links": list(card.policy_links),
        "service_maturity": card.service_maturity,
        "analyses": card.analyses.label if card.analyses else None,
        "data_users": list(card.data_users),
        "frequency_needed": card.frequency_needed,
        "notes": card.notes,
    }
