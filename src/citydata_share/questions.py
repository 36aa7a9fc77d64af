"""Questions declared once, on the card models' fields.

A card model annotates each field with an :class:`Ask`::

    user_needs: Annotated[list[str], Ask("Which user needs will the data help meet?",
                                          help="...")] = []

:func:`questions_of` walks a model's fields in order and returns :class:`Question` objects
that the wizard engine asks, `--answers` files fill and `cds status` counts. Nothing here
prompts or prints: this module is pure, so every rule is testable without a terminal.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Literal

from pydantic import BaseModel


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long text"
    TEXT_LIST = "list of text"  # one item per line
    CHOICE = "single choice"
    MULTI = "multiple choice"
    CONFIRM = "yes/no"
    NUMBER = "number"
    DATE = "date"
    URL = "link"
    RECORDS = "list of records"
    GROUP = "group"
    PICK = "one from another card"  # Ask(pick=...) on a text field
    PICK_LIST = "several from another card"  # Ask(pick=...) on a list of text


class Choice(StrEnum):
    """An enum whose members carry a label and optional help, in the toolkit's words.

    Members are declared as ``MUTUAL = "mutual", "Mutual data exchange", "help..."``;
    the first value is what the YAML file stores.
    """

    label: str
    help: str

    def __new__(cls, value: str, label: str | None = None, help: str = "") -> Choice:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        obj.help = help
        return obj

    @classmethod
    def _missing_(cls, value: object) -> Choice | None:
        """Accept what people write by hand: any case, or the label ("Medium", "On request")."""
        if not isinstance(value, str):
            return None
        wanted = " ".join(value.split()).casefold()
        for member in cls:
            if wanted in (
                member.value.casefold(),
                member.label.casefold(),
                member.short.casefold(),
            ):
                return member
        return None

    @property
    def short(self) -> str:
        """The label without its explanation: "On request" for "On request: shared under..."."""
        return self.label.split(":", 1)[0]


Role = Literal["provider", "receiver"]

OTHER_CHOICE = "other"  # the stored value of a Choice's "Other" member (see Ask.other)


@dataclass(frozen=True)
class AskContext:
    """What a ``when`` condition can look at."""

    role: str  # the project's role: provider, receiver or both
    answers: Mapping[str, Any]  # answers so far in the record or card being asked
    card: Mapping[str, Any]  # answers so far in the whole card


@dataclass(frozen=True)
class Ask:
    """A question attached to a model field.

    In a record, ``prompt`` may name the record it is about with ``{record}``: "Who is
    Consulted on '{record}'?" is asked as "Who is Consulted on 'Sign the agreement'?".
    """

    prompt: str
    help: str = ""
    kind: Kind | None = None  # inferred from the field's type when left out
    provider: str | None = None  # the prompt's wording for a data provider
    receiver: str | None = None  # the prompt's wording for a data receiver
    only_for: Role | None = None  # skip unless our role is this one (or both)
    when: Callable[[AskContext], bool] | None = None
    # MULTI: the list[str] field that holds "Other" answers; CHOICE: the str field that holds
    # the text of an "other" choice (the enum then has a member whose value is "other").
    other: str | None = None
    required: bool = True  # needed for the card to be complete
    default: Any = None  # suggested when nothing is saved yet
    item: str = "item"  # RECORDS: what one record is called ("person", "dataset")
    label: str | None = None  # RECORDS: the field that names a record in lists
    # Answer once: a text (or list of text) field whose values another card already holds.
    # Names a source in :mod:`citydata_share.known` ("people", "organisations", "datasets",
    # "systems", "partners"); the wizard offers its values as choices, with a way to add a
    # new one (recorded where the source says), and `cds check` compares names loosely.
    pick: str | None = None


@dataclass(frozen=True)
class Question:
    """A model field with its :class:`Ask`, and what its type says about it."""

    name: str
    ask: Ask
    kind: Kind
    choices: type[Choice] | None = None  # CHOICE / MULTI
    model: type[BaseModel] | None = None  # RECORDS / GROUP
    integer: bool = False  # NUMBER: whole numbers only

    @property
    def prompt(self) -> str:
        """The prompt as declared, ``{record}`` and all: show :meth:`prompt_for`'s."""
        return self.ask.prompt

    def prompt_for(self, role: str, record: str | None = None) -> str:
        """The prompt in the role's words, about the named record if it names one."""
        prompt = self.ask.prompt
        if role == "provider" and self.ask.provider:
            prompt = self.ask.provider
        elif role == "receiver" and self.ask.receiver:
            prompt = self.ask.receiver
        return fill_record(prompt, record)

    def applies(self, ctx: AskContext) -> bool:
        only = self.ask.only_for
        if only is not None and ctx.role not in (only, "both"):
            return False
        return self.ask.when is None or bool(self.ask.when(ctx))


_RECORD = re.compile(r"['\"‘“]?\{record\}['\"’”]?")


def fill_record(prompt: str, record: str | None) -> str:
    """``{record}`` in a prompt replaced by the record's name, or by "it" when none is known."""
    if record is None:
        return _RECORD.sub("it", prompt)
    return prompt.replace("{record}", record)


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_choice(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Enum)


def _infer(name: str, annotation: Any, ask: Ask) -> Question:
    tp = _unwrap_optional(annotation)
    origin = typing.get_origin(tp)
    choices = model = None
    integer = False
    if origin is list:
        (inner,) = typing.get_args(tp)
        inner = _unwrap_optional(inner)
        if _is_model(inner):
            kind, model = Kind.RECORDS, inner
        elif _is_choice(inner):
            kind, choices = Kind.MULTI, inner
        else:
            kind = Kind.TEXT_LIST
    elif _is_model(tp):
        kind, model = Kind.GROUP, tp
    elif _is_choice(tp):
        kind, choices = Kind.CHOICE, tp
    elif tp is bool:
        kind = Kind.CONFIRM
    elif tp in (int, float):
        kind, integer = Kind.NUMBER, tp is int
    elif tp is dt.date:
        kind = Kind.DATE
    else:
        kind = Kind.TEXT
    if ask.kind is not None:
        kind = ask.kind
    if ask.pick is not None:
        from citydata_share.known import SOURCES

        if ask.pick not in SOURCES:
            raise ValueError(f"{name}: pick={ask.pick!r} is not one of {', '.join(SOURCES)}")
        kind = {Kind.TEXT: Kind.PICK, Kind.TEXT_LIST: Kind.PICK_LIST}.get(kind, kind)
    return Question(name, ask, kind, choices, model, integer)


def questions_of(model: type[BaseModel]) -> list[Question]:
    """The questions of a model, in field order; fields without an Ask are not asked."""
    return list(_questions_of(model))  # a copy: callers may filter or sort it in place


@functools.cache
def _questions_of(model: type[BaseModel]) -> tuple[Question, ...]:
    # Cached per model: `missing` walks every record of every card, and rebuilding a
    # record's questions each time was most of `cds status` on a large register.
    found: list[Question] = []
    for name, info in model.model_fields.items():
        asks = [m for m in info.metadata if isinstance(m, Ask)]
        if asks:
            found.append(_infer(name, info.annotation, asks[0]))
    return tuple(found)


def other_fields(questions: list[Question]) -> set[str]:
    """Fields that hold the "Other" text of a choice: asked only through the choice."""
    return {q.ask.other for q in questions if q.ask.other}


@functools.cache
def _other_fields_of(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(other_fields(list(_questions_of(model))))


_SIZED = (str, list, dict, tuple)


def is_answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, _SIZED):
        return len(value) > 0
    return True


# What :func:`missing` asks of one question: its name, only_for, when and required, the
# field holding the "Other" text of a multiple choice, and of a single choice, and the model
# of a group, and of a list of records (None where it has none).
_Check = tuple[
    str,
    "Role | None",
    "Callable[[AskContext], bool] | None",
    bool,
    "str | None",
    "str | None",
    "type[BaseModel] | None",
    "type[BaseModel] | None",
]


@functools.cache
def _checks(model: type[BaseModel]) -> tuple[_Check, ...]:
    """The questions :func:`missing` looks at, each as it needs it: worked out once per
    model, not for each of the thousands of records of a large card."""
    hidden = _other_fields_of(model)
    found: list[_Check] = []
    for q in _questions_of(model):
        if q.name in hidden:
            continue
        other = q.ask.other or None
        found.append(
            (
                q.name,
                q.ask.only_for,
                q.ask.when,
                q.ask.required,
                other if q.kind is Kind.MULTI else None,
                other if q.kind is Kind.CHOICE else None,
                q.model if q.kind is Kind.GROUP else None,
                q.model if q.kind is Kind.RECORDS else None,
            )
        )
    return tuple(found)


def missing(
    model: type[BaseModel],
    answers: Mapping[str, Any],
    role: str,
    card: Mapping[str, Any] | None = None,
    prefix: str = "",
) -> list[str]:
    """Dotted paths of required questions that apply and have no answer yet."""
    gaps: list[str] = []
    _missing(model, answers, role, answers if card is None else card, prefix, gaps)
    return gaps


def _missing(
    model: type[BaseModel],
    answers: Mapping[str, Any],
    role: str,
    card: Mapping[str, Any],
    prefix: str,
    gaps: list[str],
) -> None:
    answered = is_answered
    sized = _SIZED
    ctx: AskContext | None = None  # made only for a question that has a condition
    for name, only, when, required, multi_other, choice_other, group, records in _checks(model):
        if only is not None and role != only and role != "both":
            continue
        if when is not None:
            if ctx is None:
                ctx = AskContext(role=role, answers=answers, card=card)
            if not when(ctx):
                continue
        value = answers.get(name)
        if multi_other is not None and not value and answered(answers.get(multi_other)):
            value = ["other"]
        if required and (value is None or (not value and isinstance(value, sized))):
            gaps.append(f"{prefix}{name}")  # is_answered, written out: it is called so often
            continue
        if (
            choice_other is not None
            and value == OTHER_CHOICE
            and not answered(answers.get(choice_other))
        ):
            gaps.append(f"{prefix}{choice_other}")  # "Other" chosen, but not said what
        if group is not None:
            if isinstance(value, Mapping):
                _missing(group, value, role, card, f"{prefix}{name}.", gaps)
        elif records is not None and isinstance(value, list):
            for i, record in enumerate(value):
                if isinstance(record, Mapping):
                    _missing(records, record, role, card, f"{prefix}{name}[{i}].", gaps)


_URL_SCHEMES = ("http", "https", "ftp")
# A host name: labels of letters (any script) and digits, inner hyphens, dots between.
_HOST_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_HOST = re.compile(rf"{_HOST_LABEL}(?:\.{_HOST_LABEL})*\.?")


def check_url(value: str | None) -> str | None:
    """A pydantic AfterValidator for link fields: a web address, or nothing.

    The host must be a host name (``data.gov.uk``, ``localhost``) or an IP address: a
    comma, a space or a stray mark there is a typing slip, not an address.
    """
    import ipaddress
    from urllib.parse import urlsplit

    if value is None or value == "":
        return value
    text = value.strip()
    if any(char.isspace() for char in text):
        raise ValueError("should be a web address with no spaces in it (write a space as %20)")
    if not text.isprintable():
        raise ValueError("should be a web address, without control characters")
    try:
        parts = urlsplit(text)
        host, _ = parts.hostname or "", parts.port  # .port checks the port is a number
    except ValueError:
        raise ValueError(f"{text!r} is not a web address cds can read") from None
    if parts.scheme.lower() not in _URL_SCHEMES or not parts.netloc:
        if "://" not in text and _HOST.fullmatch(text.partition("/")[0]):
            raise ValueError(f"should start with https:// (write https://{text})")
        raise ValueError("should be a web address starting with http:// or https://")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOST.fullmatch(host):
            raise ValueError(
                f"{host!r} is not a host name: a web address has letters, digits, dots and "
                "hyphens between // and the next /, e.g. https://data.gov.uk/dataset"
            ) from None
    return text
