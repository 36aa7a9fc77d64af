"""The to-dos a document shows, recorded as it is rendered.

One honest rule: a document "has gaps" exactly when it shows a to-do. Every to-do a template
shows goes through the ``gap`` filter (:func:`citydata_share.render.env.gap`), which records it
here; :func:`recording` collects them for one render, and what `cds report` and the summary
say about a document comes from that record, never from a second guess at the cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    """One to-do shown in a document: what is missing, and how to fill it."""

    what: str
    command: str | None = None  # the cds command that fills it
    fix: str | None = None  # what to do instead, when no command does it

    @property
    def action(self) -> str:
        if self.command:
            return f"run `{self.command}`"
        return self.fix or "answer it"

    def __str__(self) -> str:
        return f"{self.what}: {self.action}"


_recorders: ContextVar[tuple[list[Gap], ...]] = ContextVar("cds_gap_recorders", default=())


@contextmanager
def recording() -> Iterator[list[Gap]]:
    """Collect the gaps shown while the block runs (the innermost recording gets them)."""
    found: list[Gap] = []
    token = _recorders.set((*_recorders.get(), found))
    try:
        yield found
    finally:
        _recorders.reset(token)


def record(gaps: Iterable[Gap]) -> None:
    """Note gaps as shown, in the innermost recording (nothing happens outside one)."""
    active = _recorders.get()
    if active:
        active[-1].extend(gaps)


def unique(gaps: Iterable[Gap]) -> list[Gap]:
    """Each gap once, in the order first shown."""
    return list(dict.fromkeys(gaps))
