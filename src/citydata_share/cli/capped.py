"""Long lists in the terminal: the first records, then how many more and where they all are.

A summary shows a card at a glance. On a large project (a register of 10,000 datasets,
12,000 organisations) listing every record would fill thousands of screens that nobody
reads, and laying them out in tables takes seconds. So every list of records a summary
prints (table rows, names stacked or joined in a cell, bullet lines) goes through
:func:`capped` or :func:`shared`: at most :data:`SHOWN` records, then one line saying how
many more there are and which command lists them all (:meth:`Cut.more`), usually the card's
document (:func:`document`). Totals printed beside a list are always the full totals.

A list of :data:`SHOWN` or fewer is shown whole, exactly as it always was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text

from citydata_share.words import counted

SHOWN = 20
"""Records listed under one heading before the rest are counted. Twenty rows of a table
(most wrap to two lines) still fit on a screen or two with the table's frame and the lines
around it; twenty is more than a small project's longest list (Belfast: 11 people, 12
approvals, 5 datasets), so its summaries are unchanged; and anything past twenty is read
better in a document, which has room for every field of every record."""

DOCUMENTS: dict[str, str] = {
    # The document (`cds report --list`) that lists every record of each card's lists.
    "readiness": "readiness",
    "reasons": "canvas",  # user needs and aims; the canvas document carries the reasons
    "team": "team",
    "ecosystem": "ecosystem",
    "data-systems": "data-inventory",
    "others-data": "data-inventory",
    "canvas": "canvas",
    "business-case": "business-case",
    "approvals": "approvals",
    "prepare-data": "data-quality",
    "architecture": "architecture",
    "governance": "governance",
    "culture": "culture",
    "review": "review",
}

CHECK = "`cds check`"  # lists every problem between cards, in full

T = TypeVar("T")


def document(card_id: str) -> str:
    """The command that writes the document listing every record of a card, in backquotes."""
    return f"`cds report {DOCUMENTS[card_id]}`"


@dataclass(frozen=True)
class Cut(Generic[T]):
    """The records of a list that are shown, and how many the list holds."""

    shown: list[T]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)

    def __iter__(self) -> Iterator[T]:
        return iter(self.shown)

    def __len__(self) -> int:
        return len(self.shown)

    def __bool__(self) -> bool:
        return bool(self.shown)

    @property
    def tail(self) -> str:
        """``… and 197 more``, for the end of a cell; empty when nothing is hidden."""
        return f"… and {self.hidden} more" if self.hidden else ""

    def more(self, noun: str, where: str, indent: str = "", what: str = "") -> list[Text]:
        """The line after the list: ``… and 980 more datasets: `cds report data-inventory`
        lists them all.``; no line when nothing is hidden. ``noun`` is one record's name,
        e.g. "flagged dataset"; ``where`` the command that lists them all; ``what`` follows
        the noun."""
        if not self.hidden:
            return []
        return [more_line(self.hidden, noun, where, indent, what)]


def more_line(hidden: int, noun: str, where: str, indent: str = "", what: str = "") -> Text:
    """``… and 980 more datasets: WHERE lists them all.`` (dim); ``what`` follows the noun
    (`` added to the ecosystem card``)."""
    number, nouns = counted(hidden, noun).split(" ", 1)
    return Text(f"{indent}… and {number} more {nouns}{what}: {where} lists them all.", style="dim")


def capped(
    items: Sequence[T], first: Callable[[T], bool] | None = None, limit: int | None = None
) -> Cut[T]:
    """At most ``limit`` (default :data:`SHOWN`) of ``items``, in their own order.

    When some must go, those for which ``first`` holds (a problem, something overdue or
    flagged) take the places before the others; the shown records keep the list's order.
    """
    limit = SHOWN if limit is None else limit
    if len(items) <= limit:
        return Cut(list(items), len(items))
    if first is None:
        return Cut(list(items[:limit]), len(items))
    keep = [i for i, item in enumerate(items) if first(item)][:limit]
    if len(keep) < limit:
        chosen = set(keep)
        keep += [i for i in range(len(items)) if i not in chosen][: limit - len(keep)]
    return Cut([items[i] for i in sorted(keep)], len(items))


def shared(
    groups: Sequence[Sequence[T]],
    first: Callable[[T], bool] | None = None,
    limit: int | None = None,
) -> list[Cut[T]]:
    """One list split into groups (an ecosystem's organisations by type, a grid's
    quadrants): each group's shown records, at most ``limit`` (default :data:`SHOWN`) in all.

    The places are dealt out one group at a time in turn, so every group shows some of
    its records and a small group shows all of them; within a group, as :func:`capped`.
    """
    limit = SHOWN if limit is None else limit
    sizes = [len(group) for group in groups]
    if sum(sizes) <= limit:
        return [Cut(list(group), len(group)) for group in groups]
    places = [0] * len(groups)
    left = limit
    while left:
        for i, size in enumerate(sizes):
            if left and places[i] < size:
                places[i] += 1
                left -= 1
    return [capped(group, first, n) for group, n in zip(groups, places, strict=True)]


def stacked(names: Cut[str]) -> str:
    """Names one per line (plain text, for a ``Text``), then ``… and 197 more`` on its own
    line when some are left out."""
    return "\n".join([*names.shown, names.tail] if names.hidden else names.shown)


def joined(names: Cut[str]) -> str:
    """Names in a line, ``a, b, … and 197 more`` when some are left out (plain text)."""
    return ", ".join([*names.shown, names.tail] if names.hidden else names.shown)


def hidden(cuts: Sequence[Cut[T]]) -> int:
    """How many records a list split into groups leaves out, in all."""
    return sum(cut.hidden for cut in cuts)
