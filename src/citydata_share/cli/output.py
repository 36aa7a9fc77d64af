"""The console every command prints through: no user text reaches the terminal raw.

:class:`SafeConsole` applies :func:`citydata_share.safetext.visible` to everything it prints:

* a string, before rich parses its markup;
* a :class:`~rich.text.Text`, and the Texts inside tables, panels, paddings and groups,
  before anything is measured, so a table lays hostile text out at its true width;
* every segment on its way out, whatever made it, so a renderable of a kind not listed
  above is covered too (its layout may then be a little off, its output is still safe).

So a new card's summary, a table of answers or an error message is safe without anyone
remembering to make it so. Rich's own control segments (cursor moves) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Span, Text

from citydata_share.safetext import is_safe, visible


class SafeConsole(Console):
    """A rich Console that writes control and bidi characters out visibly."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(made_visible(o) for o in objects), **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(visible(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or is_safe(segment.text):
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)


def visible_text(text: Text) -> Text:
    """A copy of ``text`` with its characters made visible and its styles kept in place."""
    plain = text.plain
    if is_safe(plain):
        return text
    where = [0]  # where each character of the old text starts in the new one
    for char in plain:
        where.append(where[-1] + len(visible(char)))
    shown = text.blank_copy(visible(plain))
    shown.spans = [Span(where[s.start], where[s.end], s.style) for s in text.spans]
    return shown


def made_visible(renderable: Any) -> Any:
    """``renderable`` with the Texts in it made visible (containers are changed in place)."""
    if isinstance(renderable, Text):
        return visible_text(renderable)
    if isinstance(renderable, Group):
        renderable.renderables[:] = [made_visible(r) for r in renderable.renderables]
    elif isinstance(renderable, Table):
        renderable.title = made_visible(renderable.title)
        for column in renderable.columns:
            column.header = made_visible(column.header)
            cells = getattr(column, "_cells", None)
            if isinstance(cells, list):
                cells[:] = [made_visible(cell) for cell in cells]
    elif isinstance(renderable, Panel):
        renderable.renderable = made_visible(renderable.renderable)
        renderable.title = made_visible(renderable.title)
    elif isinstance(renderable, Padding):
        renderable.renderable = made_visible(renderable.renderable)
    return renderable
