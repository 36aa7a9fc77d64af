"""The question engine: walks the questions declared on a model and asks them.

Pure flow logic over a :class:`Prompter`; nothing here imports questionary or prints. The
answers are a plain dict (see :mod:`.values`) changed in place, and ``on_change`` is called
after every answer so that the session can write the draft at once: nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from citydata_share import safetext
from citydata_share.questions import (
    AskContext,
    Kind,
    Question,
    is_answered,
    other_fields,
    questions_of,
)
from citydata_share.wizard import values
from citydata_share.wizard.values import BadAnswer

HELP = "__help__"
HELP_TEXT = "?"
SKIP = "__skip__"
OTHER = "__other__"
SAVE = "__save__"
DISCARD = "__discard__"
ADD = "__add__"
REMOVE = "__remove__"
DONE = "__done__"
CANCEL = "__cancel__"

TEXT_INSTRUCTION = "(type ? for help)"
LONG_INSTRUCTION = "(Enter twice to finish; ? for help)"
LIST_INSTRUCTION = "(one per line; Enter twice to finish; ? for help)"


class CancelAdd(Exception):
    """The user left the first answer of a new record empty: do not add it."""


@dataclass(frozen=True)
class Option:
    """One entry of a menu: what it returns, what it shows, and a line of help."""

    value: str
    label: str
    help: str = ""


class Prompter(Protocol):
    """What the engine needs from a terminal. Ctrl-C raises KeyboardInterrupt."""

    def text(
        self,
        message: str,
        *,
        default: str = "",
        instruction: str = "",
        multiline: bool = False,
        validate: Callable[[str], str | None] | None = None,
    ) -> str: ...

    def select(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        instruction: str = "",
    ) -> str: ...

    def checkbox(
        self,
        message: str,
        options: Sequence[Option],
        *,
        checked: Collection[str] = (),
        instruction: str = "",
    ) -> list[str]: ...

    def show(self, text: str, *, style: str = "") -> None: ...


def help_option() -> Option:
    return Option(HELP, "? Show help for this question")


def confirm(prompter: Prompter, message: str, *, default: bool = True) -> bool:
    answer = prompter.select(
        message,
        [Option("yes", "Yes"), Option("no", "No")],
        default="yes" if default else "no",
    )
    return answer == "yes"


def shorten(text: str, width: int = 60) -> str:
    """On one line, at most ``width`` terminal columns (a wide emoji counts as two)."""
    return safetext.shorten(text, width)


@dataclass
class Engine:
    """Asks the questions of a model (a card, a record, the project) over a prompter."""

    prompter: Prompter
    role: str
    guidance: str = ""  # the card's guidance, shown with each question's help
    resources: str = ""  # the card's resources, already written out as lines
    on_change: Callable[[], None] = lambda: None
    root: dict[str, Any] = field(default_factory=dict)  # the whole card's answers
    only_missing: bool = False  # while walking: skip the questions already answered
    adding: bool = False  # the next question is the first of a record being added
    cancellable: bool = False  # the question being asked may be left empty to cancel

    # Walking -------------------------------------------------------------------------

    def context(self, answers: Mapping[str, Any]) -> AskContext:
        return AskContext(role=self.role, answers=answers, card=self.root)

    def applicable(self, model: type[BaseModel], answers: Mapping[str, Any]) -> list[Question]:
        """The questions of a model that apply now, "Other" text fields left out."""
        questions = ordered_questions(model)
        hidden = other_fields(questions)
        ctx = self.context(answers)
        return [q for q in questions if q.name not in hidden and q.applies(ctx)]

    def ask_all(
        self, model: type[BaseModel], answers: dict[str, Any], *, only_missing: bool = False
    ) -> None:
        """Ask every question that applies, in order; each sees the answers before it.

        With ``only_missing``, answered questions are skipped, and groups and records are
        entered only for what they still lack.
        """
        outer, self.only_missing = self.only_missing, only_missing
        try:
            asked: set[str] = set()
            while True:
                pending = [
                    q
                    for q in self.applicable(model, answers)
                    if q.name not in asked and not (only_missing and self.answered(q, answers))
                ]
                if not pending:
                    return
                question = pending[0]
                asked.add(question.name)
                self.ask(model, question, answers)
        finally:
            self.only_missing = outer

    def answered(self, question: Question, answers: Mapping[str, Any]) -> bool:
        if question.kind is Kind.MULTI and question.ask.other:
            return is_answered(answers.get(question.name)) or is_answered(
                answers.get(question.ask.other)
            )
        if question.kind is Kind.CONFIRM:
            return answers.get(question.name) is not None
        if question.kind is Kind.GROUP and question.model is not None:
            group = answers.get(question.name)
            return isinstance(group, Mapping) and self.complete(question.model, group)
        if question.kind is Kind.RECORDS and question.model is not None:
            records = answers.get(question.name)
            return (
                isinstance(records, list)
                and is_answered(records)
                and all(
                    isinstance(r, Mapping) and self.complete(question.model, r) for r in records
                )
            )
        return is_answered(answers.get(question.name))

    def complete(self, model: type[BaseModel], answers: Mapping[str, Any]) -> bool:
        """Every question of a group or record that applies has an answer."""
        return all(self.answered(q, answers) for q in self.applicable(model, answers))

    def ask_again(
        self, model: type[BaseModel], question: Question, answers: dict[str, Any]
    ) -> None:
        """Change one answer, then ask the questions that this change brought in."""
        outer, self.only_missing = self.only_missing, False  # a group is asked in full
        try:
            before = {q.name for q in self.applicable(model, answers)}
            self.ask(model, question, answers)
            for later in self.applicable(model, answers):
                if later.name not in before:
                    self.ask(model, later, answers)
        finally:
            self.only_missing = outer

    def ask(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        asker = {
            Kind.CHOICE: self._choice,
            Kind.MULTI: self._multi,
            Kind.CONFIRM: self._confirm,
            Kind.RECORDS: self._records,
            Kind.GROUP: self._group,
        }.get(question.kind, self._text)
        self.cancellable, self.adding = self.adding, False
        try:
            asker(model, question, answers)
        finally:
            self.cancellable = False

    def _set(self, answers: dict[str, Any], name: str, value: Any) -> None:
        answers[name] = value
        self.on_change()

    def message(self, question: Question) -> str:
        return question.prompt_for(self.role)

    def show_help(self, question: Question) -> None:
        parts = [question.ask.help or "No extra help for this question."]
        if question.choices is not None:
            described = [f"  {c.label}: {c.help}" for c in question.choices if c.help]
            if described:
                parts.append("\n".join(described))
        if self.guidance:
            parts.append("About this card: " + " ".join(self.guidance.split()))
        if self.resources:
            parts.append("Resources from the toolkit:\n" + self.resources)
        self.prompter.show("\n\n".join(parts), style="help")

    # Kinds ---------------------------------------------------------------------------

    def _text(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        kind = question.kind
        multiline = kind in (Kind.LONG_TEXT, Kind.TEXT_LIST)
        instruction = {
            Kind.LONG_TEXT: LONG_INSTRUCTION,
            Kind.TEXT_LIST: LIST_INSTRUCTION,
            Kind.DATE: "(YYYY-MM-DD, or DD/MM/YYYY as in the UK; ? for help)",
            Kind.URL: "(a web address starting https://; ? for help)",
            Kind.NUMBER: "(a number; ? for help)",
        }.get(kind, TEXT_INSTRUCTION)
        cancellable = self.cancellable
        if cancellable:  # the first question of a new record: a way back out of "Add"
            instruction = "(leave empty and press Enter to cancel adding; ? for help)"

        default = values.to_text(values.current(model, question, answers))

        def wants_help(text: str) -> bool:
            # "?" alone, typed after the saved answer shown as the default, or, in a
            # multi-line answer, "?" on a line of its own.
            typed = text.strip()
            if typed == HELP_TEXT or (bool(default) and typed == default.strip() + HELP_TEXT):
                return True
            return multiline and HELP_TEXT in (line.strip() for line in typed.splitlines())

        def without_help(text: str) -> str:
            if not multiline:
                return default
            lines = [line for line in text.splitlines() if line.strip() != HELP_TEXT]
            return "\n".join(lines)

        def check(text: str) -> str | None:
            if wants_help(text) or (cancellable and not text.strip()):
                return None
            try:
                values.from_text(model, question, text)
            except BadAnswer as exc:
                return str(exc)
            return None

        while True:
            typed = self.prompter.text(
                self.message(question),
                default=default,
                instruction=instruction,
                multiline=multiline,
                validate=check,
            )
            if wants_help(typed):
                self.show_help(question)
                default = without_help(typed)  # keep what was typed besides the "?"
                continue
            if cancellable and not typed.strip():
                raise CancelAdd
            self._set(answers, question.name, values.from_text(model, question, typed))
            return

    def _choice_options(self, model: type[BaseModel], question: Question) -> list[Option]:
        assert question.choices is not None
        options = [
            Option(str(c.value), getattr(c, "label", str(c.value)), getattr(c, "help", ""))
            for c in question.choices
        ]
        if values.accepts_none(model, question.name):
            options.append(Option(SKIP, "Skip for now (leave unanswered)"))
        return options

    def _choice(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        options = self._choice_options(model, question)
        if self.cancellable:  # the first question of a new record: a way back out of "Add"
            options.append(Option(CANCEL, "✗ Cancel: do not add it"))
        value = values.current(model, question, answers)
        default = SKIP if value is None and options[-1].value == SKIP else value
        while True:
            chosen = self.prompter.select(
                self.message(question),
                [*options, help_option()],
                default=default,
                instruction="(arrow keys, Enter)",
            )
            if chosen == HELP:
                self.show_help(question)
                continue
            if chosen == CANCEL:
                raise CancelAdd
            value = None if chosen == SKIP else values.accept(model, question.name, chosen)
            self._set(answers, question.name, value)
            return

    def _confirm(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        options = [Option("yes", "Yes"), Option("no", "No")]
        if values.accepts_none(model, question.name):
            options.append(Option(SKIP, "Skip for now (leave unanswered)"))
        value = values.current(model, question, answers)
        default = (
            {True: "yes", False: "no"}.get(value, options[-1].value)
            if value is not None
            else options[-1].value
            if options[-1].value == SKIP
            else "yes"
        )
        while True:
            chosen = self.prompter.select(
                self.message(question), [*options, help_option()], default=default
            )
            if chosen == HELP:
                self.show_help(question)
                continue
            self._set(answers, question.name, {"yes": True, "no": False}.get(chosen))
            return

    def _multi(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        assert question.choices is not None
        options = [
            Option(str(c.value), getattr(c, "label", str(c.value)), getattr(c, "help", ""))
            for c in question.choices
        ]
        other = question.ask.other
        if other:
            options.append(Option(OTHER, "Other... (you will be asked to say what)"))
        checked = list(values.current(model, question, answers) or [])
        others = list(answers.get(other) or []) if other else []
        if others:
            checked.append(OTHER)
        while True:
            chosen = self.prompter.checkbox(
                self.message(question),
                [*options, help_option()],
                checked=checked,
                instruction="(Space to tick or untick, Enter when done)",
            )
            if HELP in chosen:
                self.show_help(question)
                checked = [c for c in chosen if c != HELP]
                continue
            break
        picked = [c for c in chosen if c != OTHER]
        self._set(answers, question.name, values.accept(model, question.name, picked))
        if other:
            if OTHER in chosen:
                self._other_text(model, question, other, answers, others)
            elif others:
                self._set(answers, other, [])

    def _other_text(
        self,
        model: type[BaseModel],
        question: Question,
        other: str,
        answers: dict[str, Any],
        others: list[str],
    ) -> None:
        def check(text: str) -> str | None:
            return None if text.strip() else "Please say what, or untick Other."

        typed = self.prompter.text(
            "Other: what else? (one per line)",
            default="\n".join(others),
            instruction="(Enter twice to finish)",
            multiline=True,
            validate=check,
        )
        items = [line.strip() for line in typed.splitlines() if line.strip()]
        self._set(answers, other, values.accept(model, other, items))

    def _group(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        assert question.model is not None
        group = answers.get(question.name)
        if not isinstance(group, dict):
            group = dict(values.default_of(model, question) or {})
            self._set(answers, question.name, group)
        heading = self.message(question)
        if question.ask.help:
            heading += f"\n  {question.ask.help}"
        self.prompter.show(heading, style="heading")
        self.ask_all(question.model, group, only_missing=self.only_missing)

    # Lists of records ----------------------------------------------------------------

    def record_name(self, question: Question, record: Mapping[str, Any], index: int) -> str:
        """What a record is called: its label field, else its first text answer."""
        label_field = question.ask.label
        label = record.get(label_field) if label_field else None
        if not label:
            label = next((v for v in record.values() if isinstance(v, str) and v), None)
        return str(label) if label else f"{question.ask.item} {index + 1} (no name yet)"

    def record_label(self, question: Question, record: Mapping[str, Any], index: int) -> str:
        """The name, with the next answer in words, e.g. "Priya Shah (Head of Service)"."""
        assert question.model is not None
        name = self.record_name(question, record, index)
        extra = next(
            (
                self.describe(question.model, q, record)
                for q in self.applicable(question.model, record)
                if q.name != question.ask.label
                and q.kind in (Kind.TEXT, Kind.CHOICE)
                and is_answered(record.get(q.name))
                and record.get(q.name) != name
            ),
            None,
        )
        return shorten(name + (f" ({extra})" if extra else ""), 70)

    def _records(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        assert question.model is not None
        item = question.ask.item
        records = answers.get(question.name)
        if not isinstance(records, list):
            records = list(values.default_of(model, question) or [])
        records = [dict(r) if isinstance(r, Mapping) else r for r in records]
        self._set(answers, question.name, records)
        if self.only_missing:  # resuming: finish the records left half-answered first
            for unfinished in records:
                if isinstance(unfinished, dict) and not self.complete(question.model, unfinished):
                    self.ask_all(question.model, unfinished, only_missing=True)
        default = ADD if not records else DONE
        while True:
            options = [
                Option(f"edit:{i}", "Edit: " + self.record_label(question, r, i))
                for i, r in enumerate(records)
                if isinstance(r, Mapping)
            ]
            options.append(Option(ADD, f"+ Add {article(item)} {item}"))
            if records:
                options.append(Option(REMOVE, f"- Remove {article(item)} {item}"))
            options += [
                Option(DONE, f"Done ({len(records)} {plural(item, len(records))})"),
                help_option(),
            ]
            chosen = self.prompter.select(
                f"{self.message(question)}",
                options,
                default=default,
                instruction=f"({len(records)} so far: choose one to edit, or add)",
            )
            default = chosen
            if chosen == HELP:
                self.show_help(question)
            elif chosen == ADD:
                record: dict[str, Any] = {}
                records.append(record)
                self.on_change()
                self.adding = True
                try:
                    self.edit_record(question, record)
                except CancelAdd:
                    records.pop()
                    self.on_change()
                finally:
                    self.adding = False
                default = DONE
            elif chosen.startswith("edit:"):
                self.edit_record(question, records[int(chosen.partition(":")[2])])
                default = DONE
            elif chosen == REMOVE:
                self._remove(question, records)
                default = DONE if records else ADD
            elif chosen == DONE:
                problem = self.record_problem(question, records)
                if problem is None:
                    return
                self.prompter.show(problem, style="error")

    def edit_record(self, question: Question, record: dict[str, Any]) -> None:
        assert question.model is not None
        self.ask_all(question.model, record)

    def record_problem(self, question: Question, records: list[Any]) -> str | None:
        assert question.model is not None
        for index, record in enumerate(records):
            try:
                question.model.model_validate(record)
            except ValidationError as exc:
                error = exc.errors()[0]
                where = ".".join(str(p) for p in error["loc"])
                label = self.record_label(question, record, index)
                return f"{label}: {where}: {values.explain(exc)} Edit it, or remove it."
        return None

    def _remove(self, question: Question, records: list[Any]) -> None:
        options = [Option(str(i), self.record_label(question, r, i)) for i, r in enumerate(records)]
        chosen = self.prompter.select(
            f"Which {question.ask.item} should be removed?",
            [*options, Option(CANCEL, "Cancel: remove nothing")],
            default=CANCEL,
        )
        if chosen == CANCEL:
            return
        label = self.record_label(question, records[int(chosen)], int(chosen))
        if confirm(self.prompter, f"Remove {label}?", default=False):
            del records[int(chosen)]
            self.on_change()

    # Review --------------------------------------------------------------------------

    def describe(
        self, model: type[BaseModel], question: Question, answers: Mapping[str, Any]
    ) -> str:
        """An answer on one line, as the review screen shows it."""
        value = answers.get(question.name)
        if question.kind is Kind.MULTI and question.choices is not None:
            labels = {str(c.value): getattr(c, "label", str(c.value)) for c in question.choices}
            shown = [labels.get(str(v), str(v)) for v in value or []]
            if question.ask.other:
                shown += [str(o) for o in answers.get(question.ask.other) or []]
            return ", ".join(shown) if shown else "(no answer)"
        if question.kind is Kind.CHOICE and question.choices is not None and value:
            labels = {str(c.value): getattr(c, "label", str(c.value)) for c in question.choices}
            return labels.get(str(value), str(value))
        if question.kind is Kind.RECORDS and isinstance(value, list):
            if not value:
                return f"no {plural(question.ask.item, 0)}"
            names = [
                self.record_name(question, r, i)
                for i, r in enumerate(value)
                if isinstance(r, Mapping)
            ]
            return f"{len(value)} {plural(question.ask.item, len(value))}: " + ", ".join(names)
        if question.kind is Kind.GROUP and isinstance(value, Mapping):
            assert question.model is not None
            inner = [q for q in self.applicable(question.model, value) if self.answered(q, value)]
            shown = [self.describe(question.model, q, value) for q in inner]
            return "; ".join(shown) if shown else "(no answer)"
        if value is None or value == "" or value == []:
            return "(no answer)"
        return values.to_text(value).replace("\n", " / ")

    def review(
        self,
        model: type[BaseModel],
        answers: dict[str, Any],
        *,
        title: str,
        check: Callable[[dict[str, Any]], list[str]],
        save_label: str = "Save these answers",
        discard_label: str = "Discard these changes (the saved file stays as it was)",
    ) -> bool:
        """The review screen: change any answer, then save (True) or discard (False).

        ``check`` returns the problems that would stop the answers being saved.
        """
        default = SAVE
        while True:
            questions = self.applicable(model, answers)
            options = [
                Option(
                    q.name,
                    safetext.pad(shorten(self.message(q), 45), 45)
                    + " → "
                    + shorten(self.describe(model, q, answers), 50),
                )
                for q in questions
            ]
            options += [Option(SAVE, "✓ " + save_label), Option(DISCARD, "✗ " + discard_label)]
            chosen = self.prompter.select(
                f"Review “{title}”: choose an answer to change it, or save.",
                options,
                default=default,
                instruction="(arrow keys, Enter)",
            )
            if chosen == SAVE:
                problems = check(answers)
                if not problems:
                    return True
                self.prompter.show(
                    "These answers cannot be saved yet:\n" + "\n".join(f"  {p}" for p in problems),
                    style="error",
                )
                continue
            if chosen == DISCARD:
                if confirm(
                    self.prompter, "Discard the answers you gave in this session?", default=False
                ):
                    return False
                continue
            question = next(q for q in questions if q.name == chosen)
            self.ask_again(model, question, answers)
            default = chosen


def ordered_questions(model: type[BaseModel]) -> list[Question]:
    """The questions in field order, except that a card's common notes come last."""
    from citydata_share.cards.base import CardModel

    questions = questions_of(model)
    if not issubclass(model, CardModel):
        return questions
    common = set(CardModel.model_fields)
    return [q for q in questions if q.name not in common] + [
        q for q in questions if q.name in common
    ]


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def plural(word: str, count: int) -> str:
    if count == 1:
        return word
    irregular = {"person": "people"}
    if word in irregular:
        return irregular[word]
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
