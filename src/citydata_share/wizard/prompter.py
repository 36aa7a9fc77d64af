"""The terminal side of the wizard: the only module that imports questionary or prompt_toolkit.

Every message, label and help text shown here goes through
:func:`citydata_share.safetext.visible` first: they can hold user text (a record's name, a
saved answer), and prompt_toolkit passes bidi overrides, C1 controls and carriage returns
straight to the terminal (it only replaces ESC).

Every prompt is run with ``unsafe_ask()``, so Ctrl-C raises KeyboardInterrupt (questionary's
``ask()`` would return None and the answer would look empty). Tests pass a pipe input and a
``DummyOutput`` to drive it without a terminal.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Collection, Sequence
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from questionary.prompts.common import InquirerControl

from citydata_share.safetext import visible
from citydata_share.wizard.options import HELP, Option

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansigreen"),
        ("instruction", "fg:ansibrightblack"),
        ("highlighted", "bold"),
        ("pointer", "fg:ansicyan bold"),
    ]
)

SHOW_STYLES = {
    "help": "fg:ansicyan",
    "error": "fg:ansired",
    "note": "fg:ansiyellow",
    "heading": "bold",
    "": "",
}


FILTER_FROM = 15  # a menu of more choices than this narrows as you type


class TerminalPrompter:
    """Asks through questionary; ``input`` and ``output`` are for tests."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def text(
        self,
        message: str,
        *,
        default: str = "",
        instruction: str = "",
        multiline: bool = False,
        validate: Callable[[str], str | None] | None = None,
    ) -> str:
        def check(typed: str) -> bool | str:
            problem = validate(typed) if validate else None
            return True if problem is None else visible(problem)

        extra: dict[str, Any] = {}
        if multiline:  # start the answer on its own line, with the full width to type in
            instruction = f"{instruction}\n" if instruction else "\n"
            extra["key_bindings"] = _finish_on_empty_line()
        answer: str = questionary.text(
            visible(message),
            default=default,  # the answer itself, to edit: prompt_toolkit shows controls as ^[
            instruction=visible(instruction) or None,
            multiline=multiline,
            validate=check,
            style=STYLE,
            **extra,
            **self._io,
        ).unsafe_ask()
        return answer.rstrip("\n") if multiline else answer

    def select(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        instruction: str = "",
    ) -> str:
        choices = [_choice(o) for o in options]
        start = next((c for c in choices if c.value == default), None)
        known = {o.value for o in options}
        # A long menu (the datasets of a large register, a card's records) narrows as you
        # type; ``?`` still shows help, and j/k are letters to type, not moves.
        search = len(options) > FILTER_FROM
        if search:
            instruction = f"{instruction.rstrip(')')}; type to filter)" if instruction else ""
            instruction = instruction or "(arrow keys, Enter; type to filter)"
        while True:
            question = questionary.select(
                visible(message),
                choices=choices,
                default=start,
                instruction=visible(instruction) or None,
                style=STYLE,
                use_search_filter=search,
                use_jk_keys=not search,
                **self._io,
            )
            if HELP in known:
                _help_on_question_mark(question, ticked=False)
            answer = question.unsafe_ask()
            if answer in known:  # Esc then Enter makes questionary return "": ask again
                return str(answer)

    def checkbox(
        self,
        message: str,
        options: Sequence[Option],
        *,
        checked: Collection[str] = (),
        instruction: str = "",
    ) -> list[str]:
        choices = [_choice(o, checked=o.value in checked) for o in options]
        question = questionary.checkbox(
            visible(message),
            choices=choices,
            instruction=visible(instruction) or None,
            style=STYLE,
            **self._io,
        )
        if any(o.value == HELP for o in options):
            _help_on_question_mark(question, ticked=True)
        answer: list[str] = question.unsafe_ask()
        return answer

    def show(self, text: str, *, style: str = "") -> None:
        kwargs: dict[str, Any] = {}
        if "output" in self._io:
            kwargs["output"] = self._io["output"]
        text = _wrap(visible(text), shutil.get_terminal_size().columns - 1)
        print_formatted_text(FormattedText([(SHOW_STYLES.get(style, ""), text)]), **kwargs)


def _choice(option: Option, *, checked: bool = False) -> questionary.Choice:
    """A choice whose label and help show control and bidi characters visibly (they can
    hold user text: a record's name, a saved answer on the review screen)."""
    return questionary.Choice(
        visible(option.label),
        value=option.value,
        checked=checked,
        description=visible(option.help) or None,
    )


def _help_on_question_mark(question: questionary.Question, *, ticked: bool) -> None:
    """``?`` in a list answers "Show help", as it does in a text prompt.

    A select returns the help option; a checkbox returns it with what is ticked so far, so
    the ticks survive the help screen.
    """
    application = question.application
    control = next(
        c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl)
    )
    bindings = KeyBindings()

    @bindings.add("?", eager=True)
    def _help(event: KeyPressEvent) -> None:
        control.search_filter = None  # the help option, wherever typing narrowed the list
        at = next(i for i, c in enumerate(control.choices) if c.value == HELP)
        control.pointed_at = at
        control.is_answered = True
        if ticked:
            chosen = [c.value for c in control.get_selected_values()]
            event.app.exit(result=[*[v for v in chosen if v != HELP], HELP])
        else:
            event.app.exit(result=HELP)

    application.key_bindings = merge_key_bindings(
        [application.key_bindings or KeyBindings(), bindings]
    )


def _finish_on_empty_line() -> KeyBindings:
    """Enter on an empty last line finishes a multi-line answer (Esc then Enter still does).

    People who are not developers do not guess Esc-Enter; pressing Enter twice is natural.
    """
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        if document.is_cursor_at_the_end and (not document.text or document.text.endswith("\n")):
            buffer.text = document.text.rstrip("\n")
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=False)

    return bindings


def _wrap(text: str, width: int) -> str:
    """Wrap each line at word boundaries, keeping its indent; links are never split."""
    lines = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        lines.append(
            textwrap.fill(
                line,
                width=max(width, 40),
                subsequent_indent=indent + "  " if indent else "",
                break_long_words=False,
                break_on_hyphens=False,
            )
            if line.strip()
            else line
        )
    return "\n".join(lines)
