"""Test models and drivers for the wizard tests (no card models needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from citydata_share.questions import Ask, Choice, Kind, check_url
from citydata_share.wizard.options import Option
from citydata_share.wizard.prompter import TerminalPrompter

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
FINISH = "\x1b\r"  # Esc then Enter: ends a multi-line answer
CLEAR = "\x15"  # Ctrl-U: clears the line before the cursor (the default text)

T = TypeVar("T")


class Colour(Choice):
    RED = "red", "Red", "A warm colour."
    BLUE = "blue", "Blue"


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Ask("Person's name?")]
    colour: Annotated[Colour | None, Ask("Their colour?")] = None


def _blue(ctx: Any) -> bool:
    return bool(ctx.answers.get("colour") == "blue")


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str | None, Ask("Title?", help="The title is what people call it.")] = None
    story: Annotated[str | None, Ask("Story?", kind=Kind.LONG_TEXT, required=False)] = None
    colour: Annotated[Colour | None, Ask("Favourite colour?")] = None
    why_blue: Annotated[str | None, Ask("Why blue?", when=_blue)] = None
    colours: Annotated[list[Colour], Ask("Which colours?", other="other_colours")] = Field(
        default_factory=list
    )
    other_colours: list[str] = Field(default_factory=list)
    likes: Annotated[bool | None, Ask("Do you like it?")] = None
    count: Annotated[int | None, Ask("How many?")] = None
    when: Annotated[dt.date | None, Ask("When?")] = None
    link: Annotated[str | None, AfterValidator(check_url), Ask("Link?", kind=Kind.URL)] = None
    people: Annotated[list[Person], Ask("Who is involved?", item="person", label="name")] = Field(
        default_factory=list
    )
    provider_only: Annotated[str | None, Ask("Provider question?", only_for="provider")] = None
    receiver_only: Annotated[str | None, Ask("Receiver question?", only_for="receiver")] = None


class RecordingPrompter(TerminalPrompter):
    """The real prompter, also keeping what it showed and asked, what each list offered
    and each prompt's instruction."""

    def __init__(self, input: Any, output: Any) -> None:
        super().__init__(input=input, output=output)
        self.shown: list[str] = []
        self.asked: list[str] = []
        self.offered: dict[str, list[Option]] = {}
        self.instructions: list[str] = []

    def show(self, text: str, *, style: str = "") -> None:
        self.shown.append(text)

    def text(self, message: str, **kwargs: Any) -> str:
        self.asked.append(message)
        self.instructions.append(kwargs.get("instruction", ""))
        return super().text(message, **kwargs)

    def select(self, message: str, options: Sequence[Option], **kwargs: Any) -> str:
        self.asked.append(message)
        self.offered[message] = list(options)
        self.instructions.append(kwargs.get("instruction", ""))
        return super().select(message, options, **kwargs)

    def checkbox(self, message: str, options: Sequence[Option], **kwargs: Any) -> list[str]:
        self.asked.append(message)
        self.offered[message] = list(options)
        self.instructions.append(kwargs.get("instruction", ""))
        return super().checkbox(message, options, **kwargs)


@contextmanager
def piped(keys: str) -> Iterator[RecordingPrompter]:
    """A real questionary prompter reading ``keys`` from a pipe, writing nowhere."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        yield RecordingPrompter(pipe, DummyOutput())


class ScriptedPrompter:
    """A prompter that gives scripted answers in order, for pure flow tests."""

    def __init__(self, *script: Any) -> None:
        self.script = list(script)
        self.asked: list[tuple[str, Any]] = []
        self.shown: list[str] = []

    def _next(self, message: str, offered: Any) -> Any:
        self.asked.append((message, offered))
        if not self.script:
            raise AssertionError(f"no scripted answer for {message!r}")
        answer = self.script.pop(0)
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return answer(offered) if callable(answer) else answer

    def text(
        self,
        message: str,
        *,
        default: str = "",
        instruction: str = "",
        multiline: bool = False,
        validate: Callable[[str], str | None] | None = None,
    ) -> str:
        answer = self._next(message, default)
        answer = default if answer is None else answer
        assert isinstance(answer, str)
        return answer

    def select(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        instruction: str = "",
    ) -> str:
        answer = self._next(message, [o.value for o in options])
        answer = default if answer is None else answer
        assert answer in [o.value for o in options], (answer, message, options)
        return str(answer)

    def checkbox(
        self,
        message: str,
        options: Sequence[Option],
        *,
        checked: Collection[str] = (),
        instruction: str = "",
    ) -> list[str]:
        answer = self._next(message, list(checked))
        return list(checked) if answer is None else list(answer)

    def show(self, text: str, *, style: str = "") -> None:
        self.shown.append(text)
