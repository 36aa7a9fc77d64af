"""Contexts for the SHARE documents: the culture plan and the review and retirement plan.

What is open, overdue or outstanding is worked out by the cards' own functions as at the
documents' date (:attr:`Sources.date`), never the day the report happens to be run.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from citydata_share.render.answers import (
    Context,
    card_or_empty,
    day,
    days,
    facts,
    in_words,
    missing_paths,
)

if TYPE_CHECKING:
    from citydata_share.cards.culture import CultureAction
    from citydata_share.cards.review import EndAction, Review
    from citydata_share.render.documents import Sources

ACCESS = (
    ("Access revoked", "access_revoked", "Say whether access has been revoked"),
    ("Revoked on", "access_revoked_on", "Give the date access was revoked"),
    ("Revoked by", "access_revoked_by", "Say who revoked access"),
)
RETIREMENT = (
    (
        "Retirement confirmed",
        "retirement_confirmed",
        "Say whether the retirement has been confirmed",
    ),
    ("Confirmed by", "retirement_confirmed_by", "Say who confirmed it"),
    ("Confirmed on", "retirement_confirmed_on", "Give the date it was confirmed"),
)


# Culture ---------------------------------------------------------------------------------


def _action_row(action: CultureAction, i: int, missing: set[str], today: dt.date) -> Context:
    from citydata_share.cards.culture import is_open

    def todo(name: str, what: str) -> str | None:
        return what if f"actions[{i}].{name}" in missing else None

    is_late = is_open(action) and action.due is not None and action.due < today
    return {
        "action": action.action,
        "heading": in_words(action.heading),
        "heading_todo": todo("heading", "Put it under one of the four headings"),
        "owner": action.owner,
        "owner_todo": todo("owner", "Name its owner"),
        "due": day(action.due),
        "due_todo": todo("due", "Give it a date"),
        "status": in_words(action.status),
        "status_todo": todo("status", "Say where it is up to"),
        "open": is_open(action),
        "overdue": is_late,
        "days_overdue": (today - action.due).days if is_late and action.due else 0,
    }


def culture(sources: Sources) -> Context:
    from citydata_share.cards.culture import (
        SUGGESTIONS,
        Culture,
        actions_by_heading,
        empty_headings,
        open_actions,
        overdue_actions,
        unfiled_actions,
    )

    card, started = card_or_empty(sources, "culture", Culture)
    card = cast("Culture", card)
    missing = missing_paths(sources, card)
    today = sources.date
    index = {id(a): i for i, a in enumerate(card.actions)}

    def rows(actions: list[CultureAction]) -> list[Context]:
        return [_action_row(a, index[id(a)], missing, today) for a in actions]

    empty = set(empty_headings(card))
    headings = [
        {
            "label": heading.label,
            "help": heading.help,
            "actions": rows(actions),
            "empty": heading in empty,
            "suggestions": list(SUGGESTIONS[heading]),
        }
        for heading, actions in actions_by_heading(card).items()
    ]
    return {
        "started": started,
        "today": day(today),
        "count": len(card.actions),
        "headings": headings,
        "empty_headings": [h["label"] for h in headings if h["empty"]],
        "unfiled": rows(unfiled_actions(card)),
        "open": rows(open_actions(card)),
        "overdue": rows(overdue_actions(card, today)),
        "notes": card.notes,
    }


# Review and retirement -------------------------------------------------------------------


def _end_row(end: EndAction, i: int, missing: set[str], today: dt.date) -> Context:
    late = not end.done and end.by_when is not None and end.by_when < today
    if end.done:
        state = "Done"
    elif late:
        state = f"Overdue by {days((today - end.by_when).days)}" if end.by_when else "Overdue"
    else:
        state = "Outstanding"

    def todo(name: str, what: str) -> str | None:
        return what if f"end_actions[{i}].{name}" in missing else None

    return {
        "party": end.party,
        "action": end.action_label if end.action is not None else None,
        "action_todo": todo("action", "Say what it does with the data at the end"),
        "by_when": day(end.by_when),
        "confirmed": in_words(end.confirmed),
        "confirmed_todo": todo("confirmed", "Say whether it has confirmed"),
        "confirmed_on": day(end.confirmed_on) if end.done else None,
        "confirmed_on_todo": todo("confirmed_on", "Give the date it confirmed"),
        "evidence": end.evidence if end.done else None,
        "done": end.done,
        "overdue": late,
        "state": state,
    }


def review(sources: Sources) -> Context:
    from citydata_share.cards.review import (
        MONTHS,
        Review,
        ReviewFrequency,
        fully_retired,
        next_review_date,
        overdue_end_actions,
        retirement_gaps,
        review_due,
    )
    from citydata_share.registry import ADDITION_NOTE

    label, _, note = ADDITION_NOTE.partition(": ")  # "cds's addition", then why
    card, started = card_or_empty(sources, "review", Review)
    card = cast("Review", card)
    missing = missing_paths(sources, card)
    today = sources.date
    retired = started and fully_retired(card)
    due = review_due(card, today)
    worked_out = card.next_review is None and next_review_date(card) is not None
    every = card.review_every
    every_said = (
        card.review_every_other or every.label
        if every is ReviewFrequency.OTHER
        else in_words(every)
    )
    next_said: str | None = None
    if due.date is not None:
        next_said = day(due.date)
        if worked_out:
            next_said = (
                f"{next_said} (worked out from the last review and how often reviews happen)"
            )
    elif retired:
        next_said = "No review due: the share is retired"
    elif every is not None and every not in MONTHS and every_said:
        next_said = f"No date set: {every_said[0].lower()}{every_said[1:]}"
    ends = [_end_row(e, i, missing, today) for i, e in enumerate(card.end_actions)]
    gaps_left = retirement_gaps(card) if started else []
    planned_end_passed = card.planned_end is not None and card.planned_end < today
    return {
        "started": started,
        "addition": {"label": label, "note": note[:1].upper() + note[1:]},
        "today": day(today),
        "retired": retired,
        "review_every": every_said,
        "review_every_todo": "Say how often the share will be reviewed"
        if "review_every" in missing
        else None,
        "last_reviewed": day(card.last_reviewed),
        "next_review": next_said,
        "next_review_todo": None
        if next_said
        else "Set the next review's date, or the last review and how often reviews happen",
        "review_overdue": due.overdue,
        "review_days_overdue": due.days_overdue,
        "criteria": card.review_criteria,
        "criteria_todo": "Say what each review will check"
        if "review_criteria" in missing
        else None,
        "triggers": card.retirement_triggers,
        "triggers_todo": "Say what would end the share"
        if "retirement_triggers" in missing
        else None,
        "planned_end": day(card.planned_end),
        "planned_end_passed": planned_end_passed,
        "end_actions": ends,
        "end_actions_todo": "Say what each party does with the data when the share ends"
        if "end_actions" in missing or not card.end_actions
        else None,
        "overdue_ends": [e for e in ends if e["overdue"]],
        "overdue_count": len(overdue_end_actions(card, today)),
        "access": facts(card, ACCESS if card.access_revoked else ACCESS[:1], missing),
        "retirement": facts(
            card, RETIREMENT if card.retirement_confirmed else RETIREMENT[:1], missing
        ),
        "outstanding": gaps_left,
        "notes": card.notes,
    }
