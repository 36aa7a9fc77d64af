"""Answer once: questions whose answer is a name another card holds (``Ask(pick=...)``).

A text field with ``pick`` is a menu of the names its source holds now (the people on the
team card, the organisations of the project and its ecosystem, the data-systems card's
datasets and systems), with a way to add a new name and a word on where it will be
recorded; a list of text is a checkbox of them with "Other / new...". A typed name that
differs from a known one only in case or spacing takes the known spelling.

New names are recorded where the source keeps them: at once when that is the card being
edited (``{"name": "CRM"}`` added to its systems), else kept in :attr:`Picks.new` and added
to the other card once this one is saved (see :func:`record_new_names`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citydata_share.known import SOURCES, KnownValue, NameSet, same_name
from citydata_share.questions import Kind, Question, questions_of
from citydata_share.wizard import values
from citydata_share.wizard.options import (
    CANCEL,
    CHECKBOX_INSTRUCTION,
    HELP,
    HELP_TEXT,
    NEW,
    OTHER,
    SELECT_INSTRUCTION,
    SKIP,
    CancelAdd,
    Option,
    cancel_option,
    help_option,
    skip_option,
)
from citydata_share.wizard.values import BadAnswer

if TYPE_CHECKING:
    from pydantic import BaseModel

    from citydata_share.wizard.engine import Engine


@dataclass(frozen=True)
class NewName:
    """A name typed in this session for another card's list (added after saving)."""

    source: str  # "organisations", "people"...
    name: str

    @property
    def card(self) -> str:
        return SOURCES[self.source].card


def _nothing(source: str) -> list[KnownValue]:
    return []


@dataclass
class Picks:
    """What the wizard knows of the names other cards hold, and the new ones typed since.

    ``known`` is supplied by the session: the values a source holds now, the card being
    edited included (so a RACI can name the people just listed on the same team card).
    """

    known: Callable[[str], list[KnownValue]] = _nothing
    card_id: str = ""  # the card being edited
    new: list[NewName] = field(default_factory=list)  # for other cards, added after saving
    # Other cards do not change during a session: their values are read once per source.
    _read: dict[str, list[KnownValue]] = field(default_factory=dict, repr=False)

    def values(self, source: str) -> list[KnownValue]:
        """The source's values, then the new names waiting to be added to it."""
        if self.here(source):
            found = list(self.known(source))  # this card's answers, as they are now
        else:
            if source not in self._read:
                self._read[source] = self.known(source)
            found = list(self._read[source])
        names = NameSet(v.value for v in found)
        for new in self.new:
            if new.source == source and new.name not in names:
                names.add(new.name)
                card = SOURCES[source].card
                found.append(KnownValue(new.name, f"{new.name} (new: added to the {card} card)"))
        return found

    def here(self, source: str) -> bool:
        """True when the source's names live on the card being edited."""
        return SOURCES[source].card == self.card_id

    def where(self, source: str) -> str:
        spec = SOURCES[source]
        return f"this card's {spec.records}" if self.here(source) else spec.where

    def record(self, source: str, name: str, root: dict[str, Any]) -> str:
        """Record a new name where its source keeps them; returns what to tell the user."""
        spec = SOURCES[source]
        if self.here(source):
            records = root.get(spec.records)
            if not isinstance(records, list):
                records = []
                root[spec.records] = records
            records.append({spec.field: name})
            return (
                f"Added {name!r} to this card's {spec.records}: {spec.follow_up} from the "
                "review screen at the end."
            )
        if not any(n.source == source and same_name(n.name, name) for n in self.new):
            self.new.append(NewName(source, name))
        return f"{name!r} will be added to {spec.where} when you save this card."


# Asking --------------------------------------------------------------------------------


def ask_one(
    engine: Engine, model: type[BaseModel], question: Question, answers: dict[str, Any]
) -> None:
    """A ``str | None`` field: one of the known values, a new one, or none."""
    assert question.ask.pick is not None
    source = question.ask.pick
    picks = engine.picks
    known = picks.values(source)
    saved = values.current(model, question, answers)
    if not known:
        _typed(engine, model, question, answers)
        return
    names = NameSet(v.value for v in known)
    options = [Option(v.value, v.label) for v in known]
    default: str | None = None
    if saved:
        default = names.spelling(str(saved))
        if default is None:  # kept as it is, and offered
            default = str(saved)
            options.append(Option(default, f"{default} (not on the list)"))
    noun = SOURCES[source].noun
    options.append(Option(NEW, f"+ Add a new {noun} (recorded on {picks.where(source)})"))
    skippable = values.accepts_none(model, question.name)
    if skippable:
        options.append(skip_option())
    if engine.cancellable:  # the first question of a new record: a way back out of "Add"
        options.append(cancel_option())
    if default is None:
        default = SKIP if skippable and not engine.cancellable else options[0].value
    while True:
        chosen = engine.prompter.select(
            engine.message(question),
            [*options, help_option()],
            default=default,
            instruction=SELECT_INSTRUCTION,
        )
        if chosen == HELP:
            engine.show_help(question)
            continue
        if chosen == CANCEL:
            raise CancelAdd
        if chosen == SKIP:
            engine.set_answer(answers, question.name, None)
            return
        if chosen == NEW:
            typed = _ask_new(engine, model, question, multiple=False)
            if not typed:
                default = NEW
                continue  # left empty: back to the list
            chosen = _take(engine, source, typed[0], names)
        engine.set_answer(answers, question.name, values.accept(model, question.name, chosen))
        return


def ask_many(
    engine: Engine, model: type[BaseModel], question: Question, answers: dict[str, Any]
) -> None:
    """A ``list[str]`` field: tick known values, or add new ones under "Other / new..."."""
    assert question.ask.pick is not None
    source = question.ask.pick
    picks = engine.picks
    known = picks.values(source)
    saved = [str(v) for v in values.current(model, question, answers) or []]
    if not known:
        _typed(engine, model, question, answers)
        return
    names = NameSet(v.value for v in known)
    options = [Option(v.value, v.label) for v in known]
    checked: list[str] = []
    for value in saved:
        spelled = names.spelling(value)
        if spelled is None:  # kept as it is, and offered
            options.append(Option(value, f"{value} (not on the list)"))
            names.add(value)
            spelled = value
        if spelled not in checked:
            checked.append(spelled)
    options.append(Option(OTHER, f"Other / new... (recorded on {picks.where(source)})"))
    typed: list[str] = []
    while True:
        chosen = engine.prompter.checkbox(
            engine.message(question),
            [*options, help_option()],
            checked=checked,
            instruction=CHECKBOX_INSTRUCTION,
        )
        checked = [c for c in chosen if c not in (HELP, OTHER)]
        if HELP in chosen:
            engine.show_help(question)
            continue
        if OTHER in chosen:
            typed = _ask_new(engine, model, question, multiple=True)
            if not typed:
                continue  # left empty: back to the list, Other unticked
        break
    picked = NameSet()
    result = []
    for name in [*checked, *(_take(engine, source, t, names) for t in typed)]:
        if name not in picked:
            picked.add(name)
            result.append(name)
    engine.set_answer(answers, question.name, values.accept(model, question.name, result))


def _ask_new(
    engine: Engine, model: type[BaseModel], question: Question, *, multiple: bool
) -> list[str]:
    """The new names typed (none if left empty)."""
    assert question.ask.pick is not None
    spec = SOURCES[question.ask.pick]
    if multiple:  # where they are recorded was said on the "Other / new..." entry
        message = f"New {spec.noun} names, one per line"
        instruction = "(Enter twice to finish, at once to go back; ? for help)"
    else:
        message = f"The new {spec.noun}'s name"
        instruction = "(leave empty to go back; ? for help)"

    def check(text: str) -> str | None:
        for line in text.splitlines() if multiple else [text]:
            if line.strip() and line.strip() != HELP_TEXT:
                try:
                    values.accept(model, question.name, [line.strip()] if multiple else line)
                except BadAnswer as exc:
                    return str(exc)
        return None

    while True:
        text = engine.prompter.text(
            message, instruction=instruction, multiline=multiple, validate=check
        )
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if HELP_TEXT in lines:
            engine.show_help(question)
            continue
        return lines


def _typed(
    engine: Engine, model: type[BaseModel], question: Question, answers: dict[str, Any]
) -> None:
    """No known values yet: ask as text, saying where new names will be recorded."""
    assert question.ask.pick is not None
    source = question.ask.pick
    where = engine.picks.where(source)
    before = NameSet(_as_list(values.current(model, question, answers)))
    if question.kind is Kind.PICK_LIST:
        instruction = (
            f"(one per line; new names are recorded on {where}; Enter twice to finish; ? for help)"
        )
    elif engine.cancellable:
        instruction = f"(recorded on {where}; leave empty and press Enter to cancel adding)"
    else:
        instruction = f"(new names are recorded on {where}; ? for help)"
    engine.ask_text(model, question, answers, instruction=instruction)
    names = NameSet(v.value for v in engine.picks.values(source))
    given = _as_list(answers.get(question.name))
    taken = [name if name in before else _take(engine, source, name, names) for name in given]
    if taken != given:
        value = taken if question.kind is Kind.PICK_LIST else taken[0]
        engine.set_answer(answers, question.name, values.accept(model, question.name, value))


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _take(engine: Engine, source: str, typed: str, names: NameSet) -> str:
    """A typed name: the known spelling if it is one already, else recorded as new."""
    spelled = names.spelling(typed)
    if spelled is not None:
        if spelled != typed:
            engine.prompter.show(
                f"{typed!r} is on the list as {spelled!r}: using that.", style="note"
            )
        return spelled
    note = engine.picks.record(source, typed, engine.root)
    names.add(typed)
    engine.on_change()
    engine.prompter.show(note, style="note")
    return typed


# After saving ---------------------------------------------------------------------------


def picked(model: type[BaseModel], answers: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every (source, name) the answers give to pick questions, in records and groups too."""
    for question in questions_of(model):
        value = answers.get(question.name)
        if question.ask.pick is not None:
            for name in _as_list(value):
                yield question.ask.pick, name
        elif question.model is not None and question.kind is Kind.GROUP:
            if isinstance(value, Mapping):
                yield from picked(question.model, value)
        elif question.model is not None and isinstance(value, list):
            for record in value:
                if isinstance(record, Mapping):
                    yield from picked(question.model, record)


def still_used(
    new: list[NewName], model: type[BaseModel], answers: Mapping[str, Any]
) -> list[NewName]:
    """The new names the answers still use (one picked, then changed, is not added)."""
    used: dict[str, NameSet] = {}
    for source, name in picked(model, answers):
        used.setdefault(source, NameSet()).add(name)
    return [n for n in new if n.name in used.get(n.source, NameSet())]
