"""The question engine: walks the questions declared on a model and asks them.

Pure flow logic over a :class:`Prompter`; nothing here imports questionary or prints. The
answers are a plain dict (see :mod:`.values`) changed in place, and ``on_change`` is called
after every answer so that the session can write the draft at once: nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from citydata_share import safetext
from citydata_share.questions import (
    OTHER_CHOICE,
    AskContext,
    Kind,
    Question,
    is_answered,
    other_fields,
    questions_of,
)
from citydata_share.wizard import picks, values
from citydata_share.wizard.options import (
    ADD,
    CANCEL,
    CHECKBOX_INSTRUCTION,
    DISCARD,
    DONE,
    HELP,
    HELP_TEXT,
    LIST_INSTRUCTION,
    LONG_INSTRUCTION,
    NEW,
    OTHER,
    REMOVE,
    SAVE,
    SELECT_INSTRUCTION,
    SKIP,
    TEXT_INSTRUCTION,
    CancelAdd,
    Option,
    Prompter,
    article,
    cancel_option,
    confirm,
    help_option,
    shorten,
    skip_option,
)
from citydata_share.wizard.picks import Picks
from citydata_share.wizard.values import BadAnswer
from citydata_share.words import counted, plural

__all__ = [  # what the rest of the wizard and the tests take from here
    "ADD",
    "CANCEL",
    "DISCARD",
    "DONE",
    "HELP",
    "NEW",
    "OTHER",
    "REMOVE",
    "SAVE",
    "SKIP",
    "CancelAdd",
    "Engine",
    "Option",
    "Picks",
    "Prompter",
    "confirm",
    "ordered_questions",
]


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
    picks: Picks = field(default_factory=Picks)  # answer once: other cards' names
    # The records being asked, innermost last, for prompts that name theirs ({record}).
    open_records: list[tuple[Question, Mapping[str, Any], int]] = field(default_factory=list)

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
        if question.kind is Kind.CHOICE and question.ask.other:
            value = answers.get(question.name)
            if value == OTHER_CHOICE:  # "Other" is answered once it says what
                return is_answered(answers.get(question.ask.other))
            return is_answered(value)
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
            Kind.PICK: self._pick,
            Kind.PICK_LIST: self._pick_list,
        }.get(question.kind, self.ask_text)
        self.cancellable, self.adding = self.adding, False
        try:
            asker(model, question, answers)
        finally:
            self.cancellable = False

    def set_answer(self, answers: dict[str, Any], name: str, value: Any) -> None:
        answers[name] = value
        self.on_change()

    def message(self, question: Question) -> str:
        """The question's prompt, in the role's words, naming the record it is about."""
        return question.prompt_for(self.role, self.record_in_hand())

    def record_in_hand(self) -> str | None:
        """The name of the record being asked ("Sign the data sharing agreement"), if any."""
        if not self.open_records:
            return None
        question, record, index = self.open_records[-1]
        name = self.named(question, record)
        return shorten(name, 50) if name else f"{question.ask.item} {index + 1}"

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

    def ask_text(
        self,
        model: type[BaseModel],
        question: Question,
        answers: dict[str, Any],
        instruction: str | None = None,
    ) -> None:
        """Ask for typed text; ``instruction`` replaces the usual one (the pick questions
        say where new names go)."""
        kind = question.kind
        multiline = kind in (Kind.LONG_TEXT, Kind.TEXT_LIST, Kind.PICK_LIST)
        cancellable = self.cancellable
        if cancellable and instruction is None:
            # the first question of a new record: a way back out of "Add"
            instruction = "(leave empty and press Enter to cancel adding; ? for help)"
        instruction = instruction or {
            Kind.LONG_TEXT: LONG_INSTRUCTION,
            Kind.TEXT_LIST: LIST_INSTRUCTION,
            Kind.DATE: "(YYYY-MM-DD, or DD/MM/YYYY as in the UK; ? for help)",
            Kind.URL: "(a web address starting https://; ? for help)",
            Kind.NUMBER: "(a number; ? for help)",
            Kind.PICK_LIST: LIST_INSTRUCTION,
        }.get(kind, TEXT_INSTRUCTION)

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
            self.set_answer(answers, question.name, values.from_text(model, question, typed))
            return

    def _choice_options(self, model: type[BaseModel], question: Question) -> list[Option]:
        assert question.choices is not None
        options = [
            Option(str(c.value), getattr(c, "label", str(c.value)), getattr(c, "help", ""))
            for c in question.choices
        ]
        if values.accepts_none(model, question.name):
            options.append(skip_option())
        return options

    def _choice(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        options = self._choice_options(model, question)
        if self.cancellable:  # the first question of a new record: a way back out of "Add"
            options.append(cancel_option())
        value = values.current(model, question, answers)
        default = SKIP if value is None and options[-1].value == SKIP else value
        other = question.ask.other
        while True:
            chosen = self.prompter.select(
                self.message(question),
                [*options, help_option()],
                default=default,
                instruction=SELECT_INSTRUCTION,
            )
            if chosen == HELP:
                self.show_help(question)
                continue
            if chosen == CANCEL:
                raise CancelAdd
            value = None if chosen == SKIP else values.accept(model, question.name, chosen)
            if (
                other
                and value == OTHER_CHOICE
                and not self._other_choice_text(model, other, answers)
            ):
                default = chosen  # left empty: choose again
                continue
            self.set_answer(answers, question.name, value)
            if other and value != OTHER_CHOICE and answers.get(other) is not None:
                self.set_answer(answers, other, None)  # the text of an "Other" no longer chosen
            return

    def _other_choice_text(
        self, model: type[BaseModel], other: str, answers: dict[str, Any]
    ) -> bool:
        """Ask what an "Other" choice is, into the ``other`` field; False if left empty."""
        declared = next((q for q in questions_of(model) if q.name == other), None)
        message = self.message(declared) if declared else "Other: what is it?"

        def check(text: str) -> str | None:
            if not text.strip() or text.strip() == HELP_TEXT:
                return None
            try:
                values.accept(model, other, text.strip())
            except BadAnswer as exc:
                return str(exc)
            return None

        default = values.to_text(answers.get(other))
        while True:
            typed = self.prompter.text(
                message,
                default=default,
                instruction="(say what; leave empty to choose again; ? for help)",
                validate=check,
            )
            if typed.strip() == HELP_TEXT:
                if declared is not None:
                    self.show_help(declared)
                continue
            if not typed.strip():
                return False
            self.set_answer(answers, other, values.accept(model, other, typed.strip()))
            return True

    def _confirm(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        options = [Option("yes", "Yes"), Option("no", "No")]
        if values.accepts_none(model, question.name):
            options.append(skip_option())
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
                self.message(question),
                [*options, help_option()],
                default=default,
                instruction=SELECT_INSTRUCTION,
            )
            if chosen == HELP:
                self.show_help(question)
                continue
            self.set_answer(answers, question.name, {"yes": True, "no": False}.get(chosen))
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
                instruction=CHECKBOX_INSTRUCTION,
            )
            if HELP in chosen:
                self.show_help(question)
                checked = [c for c in chosen if c != HELP]
                continue
            break
        picked = [c for c in chosen if c != OTHER]
        self.set_answer(answers, question.name, values.accept(model, question.name, picked))
        if other:
            if OTHER in chosen:
                self._other_text(model, question, other, answers, others)
            elif others:
                self.set_answer(answers, other, [])

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
        self.set_answer(answers, other, values.accept(model, other, items))

    def _pick(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        picks.ask_one(self, model, question, answers)

    def _pick_list(
        self, model: type[BaseModel], question: Question, answers: dict[str, Any]
    ) -> None:
        picks.ask_many(self, model, question, answers)

    def _group(self, model: type[BaseModel], question: Question, answers: dict[str, Any]) -> None:
        assert question.model is not None
        group = answers.get(question.name)
        if not isinstance(group, dict):
            group = dict(values.default_of(model, question) or {})
            self.set_answer(answers, question.name, group)
        heading = self.message(question)
        if question.ask.help:
            heading += f"\n  {question.ask.help}"
        self.prompter.show(heading, style="heading")
        self.ask_all(question.model, group, only_missing=self.only_missing)

    # Lists of records ----------------------------------------------------------------

    def named(self, question: Question, record: Mapping[str, Any]) -> str | None:
        """What a record is called: its label field, else its first answer in words (a
        person with no name yet is called by their role, "Head of Service")."""
        label_field = question.ask.label
        label = record.get(label_field) if label_field else None
        if label:
            return str(label)
        if question.model is None:
            return None
        return next(
            (
                self.describe(question.model, q, record)
                for q in self.applicable(question.model, record)
                if q.kind in (Kind.TEXT, Kind.CHOICE, Kind.PICK) and is_answered(record.get(q.name))
            ),
            None,
        )

    def record_name(self, question: Question, record: Mapping[str, Any], index: int) -> str:
        return self.named(question, record) or f"{question.ask.item} {index + 1} (no name yet)"

    def record_label(self, question: Question, record: Mapping[str, Any], index: int) -> str:
        """The name, with the next answer in words, e.g. "Priya Shah (Head of Service)"."""
        assert question.model is not None
        name = self.record_name(question, record, index)
        extra = next(
            (
                described
                for q in self.applicable(question.model, record)
                if q.name != question.ask.label
                and q.kind in (Kind.TEXT, Kind.CHOICE, Kind.PICK)
                and is_answered(record.get(q.name))
                and (described := self.describe(question.model, q, record)) != name
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
        self.set_answer(answers, question.name, records)
        if self.only_missing:  # resuming: finish the records left half-answered first
            for i, unfinished in enumerate(records):
                if isinstance(unfinished, dict) and not self.complete(question.model, unfinished):
                    self.edit_record(question, unfinished, i, only_missing=True)
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
                Option(DONE, f"Done ({counted(len(records), item)})"),
                help_option(),
            ]
            chosen = self.prompter.select(
                f"{self.message(question)}",
                options,
                default=default,
                instruction=f"({len(records):,} so far: choose one to edit, or add; ? for help)",
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
                    self.edit_record(question, record, len(records) - 1)
                except CancelAdd:
                    records.pop()
                    self.on_change()
                finally:
                    self.adding = False
                default = DONE
            elif chosen.startswith("edit:"):
                index = int(chosen.partition(":")[2])
                self.edit_record(question, records[index], index)
                default = DONE
            elif chosen == REMOVE:
                self._remove(question, records)
                default = DONE if records else ADD
            elif chosen == DONE:
                problem = self.record_problem(question, records)
                if problem is None:
                    return
                self.prompter.show(problem, style="error")

    def edit_record(
        self,
        question: Question,
        record: dict[str, Any],
        index: int = 0,
        *,
        only_missing: bool = False,
    ) -> None:
        assert question.model is not None
        self.open_records.append((question, record, index))
        try:
            self.ask_all(question.model, record, only_missing=only_missing)
        finally:
            self.open_records.pop()

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
            if question.ask.other and value == OTHER_CHOICE:
                said = answers.get(question.ask.other)
                return str(said) if said else "Other (not said what)"
            labels = {str(c.value): getattr(c, "label", str(c.value)) for c in question.choices}
            return labels.get(str(value), str(value))
        if question.kind is Kind.PICK_LIST and isinstance(value, list) and value:
            return ", ".join(str(v) for v in value)
        if question.kind is Kind.RECORDS and isinstance(value, list):
            if not value:
                return f"no {plural(question.ask.item, 0)}"
            names = [
                self.record_name(question, r, i)
                for i, r in enumerate(value)
                if isinstance(r, Mapping)
            ]
            return f"{counted(len(value), question.ask.item)}: " + ", ".join(names)
        if question.kind is Kind.GROUP and isinstance(value, Mapping):
            assert question.model is not None
            inner = [q for q in self.applicable(question.model, value) if self.answered(q, value)]
            shown = [self.describe(question.model, q, value) for q in inner]
            return "; ".join(shown) if shown else "(no answer)"
        if value is None or value == "" or value == []:
            return "(no answer)"
        if isinstance(value, bool):  # a yes/no question, in the words it was asked in
            return "Yes" if value else "No"
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
