"""Filling a card without a terminal: ``--answers FILE`` and ``--no-input``.

The answers file is YAML in the card file's own format; the keys it names replace the saved
answers, the rest stay as they are. Choices may be written as their stored value or their
label. Every error names the file, the line, the question and the value that was given.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from citydata_share import dates, yamlio
from citydata_share.errors import InvalidFileError, Problem
from citydata_share.questions import (
    OTHER_CHOICE,
    AskContext,
    Kind,
    Question,
    is_answered,
    questions_of,
)
from citydata_share.store import read_yaml, validate
from citydata_share.wizard import values

ENVELOPE = ("card", "title", "schema_version")


def read_answers_file(
    path: Path, model: type[BaseModel], card_id: str
) -> tuple[dict[str, Any], dict[yamlio.PathKey, int]]:
    """The answers an answers file names (envelope left out), and the line of each key."""
    loaded = read_yaml(path)
    data = loaded.data
    if data is None:
        return {}, loaded.lines
    if not isinstance(data, dict):
        raise InvalidFileError(
            path,
            [
                Problem(
                    path,
                    "an answers file should be a set of 'question: answer' lines",
                    line=1,
                    hint="Use the card file's own format: copy cards/<card>.yaml and change it.",
                )
            ],
        )
    named = data.get("card")
    if named is not None and named != card_id:
        raise InvalidFileError(
            path,
            [
                Problem(
                    path,
                    f"card: this file holds answers for the {named!r} card, not {card_id!r}",
                    line=loaded.lines.get(("card",)),
                    field="card",
                    hint=f"Run the command of the {named!r} card, or change 'card:' to {card_id}.",
                )
            ],
        )
    answers = {k: v for k, v in data.items() if k not in ENVELOPE}
    unknown = [k for k in answers if k not in model.model_fields]
    if unknown:
        known = [n for n in model.model_fields if n not in ENVELOPE]
        problems = []
        for key in unknown:
            close = difflib.get_close_matches(str(key), known, n=1)
            problems.append(
                Problem(
                    path,
                    f"{key!r} is not a question of this card",
                    line=loaded.lines.get((key,)),
                    field=str(key),
                    hint=(f"Did you mean {close[0]!r}? " if close else "")
                    + "Questions: "
                    + ", ".join(known),
                )
            )
        raise InvalidFileError(path, problems)
    return normalise_dates(model, normalise_choices(model, answers)), loaded.lines


def normalise_choices(model: type[BaseModel], answers: dict[str, Any]) -> dict[str, Any]:
    """Accept a choice's label (any case) where its stored value is expected; a choice's
    "Other" text given without the choice means "other"."""
    out = dict(answers)
    for question in questions_of(model):
        other = question.ask.other
        if (
            question.kind is Kind.CHOICE
            and other
            and is_answered(out.get(other))
            and not is_answered(out.get(question.name))
        ):
            out[question.name] = OTHER_CHOICE
        if question.choices is None or question.name not in out:
            continue
        lookup: dict[str, str] = {}
        for choice in question.choices:
            lookup[str(choice.value).lower()] = str(choice.value)
            lookup[str(getattr(choice, "label", choice.value)).lower()] = str(choice.value)

        def fix(value: Any, table: Mapping[str, str] = lookup) -> Any:
            return table.get(value.strip().lower(), value) if isinstance(value, str) else value

        value = out[question.name]
        if question.kind is Kind.MULTI and isinstance(value, list):
            out[question.name] = [fix(v) for v in value]
        elif question.kind is Kind.CHOICE:
            out[question.name] = fix(value)
    return out


def normalise_dates(model: type[BaseModel], answers: dict[str, Any]) -> dict[str, Any]:
    """Accept a UK date (12/03/2019, 12 March 2019) where YYYY-MM-DD is expected, in
    records and groups too. A date cds cannot read is left for validation to report."""
    out = dict(answers)
    for question in questions_of(model):
        value = out.get(question.name)
        if question.kind is Kind.DATE and isinstance(value, str):
            with contextlib.suppress(dates.NotADate):
                out[question.name] = dates.iso_date(value)
        elif question.model is not None and isinstance(value, dict):
            out[question.name] = normalise_dates(question.model, value)
        elif question.model is not None and isinstance(value, list):
            out[question.name] = [
                normalise_dates(question.model, item) if isinstance(item, dict) else item
                for item in value
            ]
    return out


def merge(saved: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Lay an answers file over the saved answers: only what it names changes.

    A group (such as a readiness dimension) is merged key by key; a list is the list
    the file gives (to remove a record, leave it out of the list).
    """
    merged = dict(saved)
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def fill_defaults(model: type[BaseModel], answers: dict[str, Any], role: str) -> list[str]:
    """Give unanswered questions their suggested answer (the Ask's default); say which."""
    filled = []
    for question in questions_of(model):
        if question.ask.default is None or is_answered(answers.get(question.name)):
            continue
        if not question.applies(AskContext(role=role, answers=answers, card=answers)):
            continue
        value = values.default_of(model, question)
        if value is not None:
            answers[question.name] = value
            filled.append(question.name)
    return filled


def questions_along(model: type[BaseModel], dotted: str) -> list[Question]:
    """The questions on the way to a dotted path: ``mindset.rating`` gives the mindset
    group's question, then the rating's."""
    current: type[BaseModel] | None = model
    found: list[Question] = []
    for part in dotted.replace("[", ".[").split("."):
        if not part or part.startswith("["):
            continue
        if current is None:
            break
        question = next((q for q in questions_of(current) if q.name == part), None)
        if question is None:
            return []
        found.append(question)
        current = question.model
    return found


def prompts_along(model: type[BaseModel], dotted: str, data: Any = None) -> list[str]:
    """The prompts on the way to a dotted path, with the records it passes through named:
    ``datasets[1].availability`` gives the datasets' prompt, "'Waste data'", then "How is
    it available?"; ``raci[4].accountable`` gives "Who is Accountable for 'Sign the data
    sharing agreement'?" alone, a prompt that names its record saying it all (``data``:
    the answers the path points into)."""
    current: type[BaseModel] | None = model
    record: str | None = None
    marked = False  # the last prompt is the record's name
    node = data
    prompts: list[str] = []
    last: Question | None = None
    for part in dotted.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("["):
            index = int(part.strip("[]"))
            node = node[index] if isinstance(node, list) and index < len(node) else None
            label = last.ask.label if last is not None else None
            named = node.get(label) if isinstance(node, dict) and label else None
            record = str(named) if named else None
            marked = record is not None
            if marked:
                prompts.append(f"'{record}'")
            continue
        if current is None:
            break
        question = next((q for q in questions_of(current) if q.name == part), None)
        if question is None:
            return []
        prompt = question.prompt_for("both", record)
        if marked and "{record}" in question.ask.prompt:
            del prompts[-2:]  # the prompt names the record itself: no need for its list
        prompts.append(prompt)
        marked = False
        node = node.get(part) if isinstance(node, dict) else None
        current, last = question.model, question
    return prompts


def question_at(model: type[BaseModel], dotted: str) -> Question | None:
    """The question behind a dotted field path such as ``datasets[2].title``."""
    found = questions_along(model, dotted)
    return found[-1] if found else None


def value_at(data: Any, dotted: str) -> Any:
    for part in dotted.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("["):
            index = int(part.strip("[]"))
            data = data[index] if isinstance(data, list) and index < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def unchanged_records(
    saved: BaseModel | None, answers: Mapping[str, Any], changed: Collection[str]
) -> dict[str, list[BaseModel]]:
    """The saved card's lists of records, by field, that ``answers`` (the saved card's
    :meth:`~citydata_share.cards.base.CardModel.answers`, with the fields named in
    ``changed`` replaced or filled in) holds as they were saved: for :func:`check_card`."""
    if saved is None:
        return {}
    held = {}
    for name in answers:
        if name in changed or name not in type(saved).model_fields:
            continue
        value = getattr(saved, name)
        if isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            held[name] = value
    return held


def check_card(
    model: type[BaseModel],
    data: dict[str, Any],
    path: Path,
    lines: dict[yamlio.PathKey, int],
    held: Mapping[str, list[BaseModel]] | None = None,
) -> Any:
    """Validate a whole card; each problem names the question and the value given.

    ``held``: lists of records, already validated, that ``data`` holds as plain data (see
    :func:`unchanged_records`); they are taken as they are rather than validated again,
    which at thousands of records is most of the time of the check (the card's own checks
    still run). Should anything be wrong, the plain data is checked, for the messages.
    """
    if held:
        from pydantic import ValidationError

        try:
            return model.model_validate({**data, **held})
        except ValidationError:
            pass
    try:
        return validate(model, data, path, lines)
    except InvalidFileError as exc:
        problems = []
        for problem in exc.problems:
            message = problem.message
            if problem.field:
                prompts = prompts_along(model, problem.field, data)
                value = value_at(data, problem.field)
                detail = message.removeprefix(f"{problem.field}: ")
                asked = f' ("{prompts[-1]}")' if prompts else ""
                given = "" if value is None or repr(value) in detail else f" (given: {value!r})"
                message = f"{problem.field}{asked}: {detail}{given}"
            problems.append(
                Problem(problem.path, message, problem.line, problem.field, problem.hint)
            )
        raise InvalidFileError(exc.path, problems) from None
