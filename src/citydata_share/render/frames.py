"""A document's template run once per format: its body rendered once, its frames around it.

Every document template extends a base whose frame (title, provenance footer, or, for a part
of the full report, only its styles) sits around one ``body`` block. The body is nearly all
of a document, so it is rendered once, into a :class:`~citydata_share.render.streams.Spool`,
and both frames (the document's own and the part the full report takes in) are rendered
around a marker where it goes: what the two forms show is what two renders would, for a
fraction of the work, and neither is ever held whole in memory. A body that asks whether it
is a part (``document.part``: the summary leaves out, in the full report, what the report's
first page shows) is rendered again for the part.

The full report takes the other documents in the same way: its ``part()`` gives a marker
(:meth:`Embeds.add`), and the marker is replaced by the part's text, streamed, as the report's
body is spooled (:meth:`Embeds.expand`).
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citydata_share.render.gaps import Gap, record, recording, unique
from citydata_share.render.streams import Spool, batched, collapse_blank_lines

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.runtime import Context

# Where a body or a part goes, in text no template or user writes (letters and digits only,
# so that escaping and the environment's finalize leave it as it is).
_TOKEN = secrets.token_hex(16)
BODY_MARKER = f"cdsbody{_TOKEN}"
_EMBED = re.compile(f"cdspart{_TOKEN}n([0-9]+)e")


@dataclass
class Shown:
    """A document in one format, as it is shown: the frame's text with the body between
    each two pieces (nowhere, when the frame shows no body), and the to-dos it shows."""

    pieces: list[str]
    body: Spool | None
    gaps: list[Gap]
    markdown: bool  # runs of blank lines are made one, as the templates' sections leave them

    def chunks(self) -> Iterator[str]:
        """The text, in pieces: to write to a file or into another document."""

        def raw() -> Iterator[str]:
            for index, piece in enumerate(self.pieces):
                if index and self.body is not None:
                    yield from self.body.chunks()
                if piece:
                    yield piece

        return collapse_blank_lines(raw()) if self.markdown else raw()

    @property
    def text(self) -> str:
        """The whole text at once (a test, a Word document): for a large project, use
        :meth:`chunks`."""
        return "".join(self.chunks())


class DocumentFacts(dict[str, Any]):
    """The ``document`` a template sees (``document.title``, ``document.part``...), noting
    whether the body asked if it is a part: a body that did not is the same in both forms."""

    def __init__(self, facts: dict[str, Any]) -> None:
        super().__init__(facts)
        self.in_body = False
        self.asked_part = False

    def __getitem__(self, key: str) -> Any:
        if key == "part" and self.in_body:
            self.asked_part = True
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key == "part" and self.in_body:
            self.asked_part = True
        return super().get(key, default)


@dataclass
class Embeds:
    """Texts a document takes in from others, each printed as a marker and put in its place
    as the document is spooled."""

    texts: dict[int, Callable[[], Iterable[str]]] = field(default_factory=dict)
    numbers: Iterator[int] = field(default_factory=itertools.count)

    def add(self, text: Callable[[], Iterable[str]]) -> str:
        """The marker to print where the text ``text()`` gives goes (read only then)."""
        number = next(self.numbers)
        self.texts[number] = text
        return f"cdspart{_TOKEN}n{number}e"

    def expand(self, chunks: Iterable[str]) -> Iterator[str]:
        """``chunks``, with each marker replaced by the text it stands for."""
        for chunk in batched(chunks):
            if not self.texts or _EMBED.search(chunk) is None:
                yield chunk
                continue
            for index, piece in enumerate(_EMBED.split(chunk)):
                if index % 2 == 0:
                    if piece:
                        yield piece
                else:
                    yield from self.texts[int(piece)]()


class Body:
    """A template's ``body`` block: rendered into a spool the first time a frame shows it,
    then shown again (to-dos and all) from there."""

    def __init__(self, facts: DocumentFacts, embeds: Embeds) -> None:
        self.facts = facts
        self.embeds = embeds
        self.spool: Spool | None = None
        self.gaps: list[Gap] = []

    def block(self, context: Context) -> Iterator[str]:
        """Stands in for the template's own block (the next one in ``context.blocks``)."""
        if self.spool is None:
            spool = Spool()
            own = context.blocks["body"][1]
            self.facts.in_body = True
            try:
                with recording() as shown:
                    for text in self.embeds.expand(own(context)):
                        spool.write(text)
            finally:
                self.facts.in_body = False
            self.spool, self.gaps = spool, unique(shown)
        record(self.gaps)
        yield BODY_MARKER


def frame(template: Template, variables: dict[str, Any], body: Body, markdown: bool) -> Shown:
    """Run ``template`` with ``body`` standing in for its body block."""
    context = template.new_context(variables)
    context.blocks["body"] = [body.block, *context.blocks.get("body", [])]
    with recording() as shown:
        try:
            text = "".join(body.embeds.expand(template.root_render_func(context)))
        except Exception:
            template.environment.handle_exception()
    pieces = text.split(BODY_MARKER)
    return Shown(pieces, body.spool if len(pieces) > 1 else None, unique(shown), markdown)


def both(
    template: Template, variables: dict[str, Any], embeds: Embeds, markdown: bool
) -> tuple[Shown, Shown]:
    """A document's two forms from one render of its body: whole, and as a part.

    ``variables`` hold ``document`` (a plain dict of its facts), which each form gets with
    ``part`` set as it needs.
    """
    facts = DocumentFacts({**variables["document"], "part": False})
    body = Body(facts, embeds)
    whole = frame(template, {**variables, "document": facts}, body, markdown)
    facts = DocumentFacts({**variables["document"], "part": True})
    if body.spool is None or body.facts.asked_part:
        body = Body(facts, embeds)
    part = frame(template, {**variables, "document": facts}, body, markdown)
    return whole, part
