"""What the engine needs of a terminal: the :class:`Prompter`, menu options and their values.

Kept apart from :mod:`.engine` so that the modules asking particular kinds of question
(:mod:`.picks`) and the terminal itself (:mod:`.prompter`) share them without a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from citydata_share import safetext

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
NEW = "__new__"

TEXT_INSTRUCTION = "(type ? for help)"
LONG_INSTRUCTION = "(Enter twice to finish; ? for help)"
LIST_INSTRUCTION = "(one per line; Enter twice to finish; ? for help)"
SELECT_INSTRUCTION = "(arrow keys, Enter; ? for help)"
CHECKBOX_INSTRUCTION = "(Space to tick or untick, Enter when done; ? for help)"


class CancelAdd(Exception):
    """The user left the first answer of a new record empty: do not add it."""


@dataclass(frozen=True)
class Option:
    """One entry of a menu: what it returns, what it shows, and a line of help."""

    value: str
    label: str
    help: str = ""


class Prompter(Protocol):
    """What the engine needs from a terminal. Ctrl-C raises KeyboardInterrupt.

    In a select or checkbox that offers the :data:`HELP` option, pressing ``?`` returns
    it (a checkbox returns it with the values ticked so far).
    """

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


def cancel_option() -> Option:
    return Option(CANCEL, "✗ Cancel: do not add it")


def skip_option() -> Option:
    return Option(SKIP, "Skip for now (leave unanswered)")


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


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
