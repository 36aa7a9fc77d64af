"""Typed text to answers and back, one field at a time, validated by the model itself.

Answers are kept as plain data (the JSON form of the model: enums as their stored values,
dates as ``YYYY-MM-DD``), which is what drafts and card files hold.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticUndefined

from citydata_share import dates
from citydata_share.questions import Kind, Question

TEXTS = (Kind.TEXT, Kind.LONG_TEXT, Kind.URL, Kind.PICK)  # an empty answer is ""


class BadAnswer(ValueError):
    """An answer the field does not accept; the message is for the user."""


@functools.lru_cache(maxsize=512)
def field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator for one field, with the field's own constraints and validators."""
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated.__class_getitem__((annotation, *info.metadata))  # type: ignore[attr-defined]
    return TypeAdapter(annotation)


def explain(exc: ValidationError) -> str:
    """The first problem of a validation error, in plain English."""
    error = exc.errors()[0]
    kind = error["type"]
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return "Please write a whole number, e.g. 12."
    if kind in ("float_parsing", "float_type"):
        return "Please write a number, e.g. 12.5."
    if kind.startswith("date"):
        typed = str(error.get("input", ""))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed.strip()):
            return f"There is no such date as {typed.strip()}: check the month and day."
        return dates.HOW
    if kind in ("string_type", "none_required") or (kind == "missing"):
        return "This question needs an answer."
    if kind == "enum":
        return f"Please choose one of: {error.get('ctx', {}).get('expected', '')}."
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return message[:1].upper() + message[1:]


def accept(model: type[BaseModel], name: str, value: Any) -> Any:
    """Validate one field's value; return it as plain data, or raise :class:`BadAnswer`."""
    adapter = field_adapter(model, name)
    try:
        checked = adapter.validate_python(value)
    except ValidationError as exc:
        raise BadAnswer(explain(exc)) from None
    return adapter.dump_python(checked, mode="json")


def accepts_none(model: type[BaseModel], name: str) -> bool:
    try:
        field_adapter(model, name).validate_python(None)
    except ValidationError:
        return False
    return True


def from_text(model: type[BaseModel], question: Question, text: str) -> Any:
    """What a typed answer means for this question (``BadAnswer`` if it cannot be)."""
    name = question.name
    if question.kind in (Kind.TEXT_LIST, Kind.PICK_LIST):
        return accept(model, name, [line.strip() for line in text.splitlines() if line.strip()])
    cleaned = text.rstrip() if question.kind is Kind.LONG_TEXT else text.strip()
    if question.kind is Kind.DATE and cleaned:
        try:
            cleaned = dates.iso_date(cleaned)  # 12/03/2019 is 12 March, as in the UK
        except dates.NotADate as exc:
            raise BadAnswer(str(exc)) from None
    if not cleaned.strip():
        if accepts_none(model, name):
            return None
        if question.kind in TEXTS and not question.ask.required:
            return accept(model, name, "")
        raise BadAnswer("This question needs an answer.")
    return accept(model, name, cleaned)


def to_text(value: Any) -> str:
    """An answer as the text a prompt shows as its default."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(to_text(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def default_of(model: type[BaseModel], question: Question) -> Any:
    """The suggestion when nothing is saved: the Ask's default, else the field's default."""
    if question.ask.default is not None:
        try:
            return accept(model, question.name, question.ask.default)
        except BadAnswer:
            return None
    info = model.model_fields[question.name]
    if info.default is PydanticUndefined and info.default_factory is None:
        return None
    value = info.get_default(call_default_factory=True)
    if value is None:
        return None
    return field_adapter(model, question.name).dump_python(value, mode="json")


def current(model: type[BaseModel], question: Question, answers: Mapping[str, Any]) -> Any:
    """The value a prompt starts from: the answer so far, else the default."""
    if question.name in answers:
        return answers[question.name]
    return default_of(model, question)
