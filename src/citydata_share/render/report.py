"""The full project report: every document in one file, after a page on where things stand.

Generic over :func:`citydata_share.render.documents.documents`: a document added there is
taken in here, in its place, with no edit to this module. Each document's body is rendered
as a part (no title, no provenance footer), its headings moved one level down so that the
whole has one top heading, and its links and anchors rewritten to work inside the one file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from citydata_share.render.gaps import Gap

if TYPE_CHECKING:
    from citydata_share.render.documents import Sources

Context = dict[str, Any]


def slug(title: str) -> str:
    """The anchor Markdown renderers (GitHub, GitLab, VS Code) give a heading of ours."""
    text = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return text.replace(" ", "-")


# Where the project stands: the three figures a board asks for first ---------------------


def _slot(label: str, value: str | None, detail: list[str], gap: Gap) -> Context:
    return {"label": label, "value": value, "detail": detail, "gap": gap}


def dpia_slot(sources: Sources) -> Context:
    """The DPIA screening's outcome, from the approvals card's screening once it is done."""
    from citydata_share.cards.approvals import Approvals, screening_outcome

    gap = Gap(
        "Screen the share for a Data Protection Impact Assessment", sources.command("approvals")
    )
    model = sources.model("approvals")
    if not isinstance(model, Approvals) or not model.dpia_screening.done:
        return _slot("DPIA screening", None, [], gap)
    found = screening_outcome(model.dpia_screening)
    return _slot("DPIA screening", found.outcome.label, list(found.reasons), gap)


def governance_slot(sources: Sources) -> Context:
    """The governance flowchart's outcome and the path that led there."""
    from citydata_share.cards.governance import (
        Governance,
        Outcome,
        governance_recommendation,
    )

    gap = Gap("Follow the governance flowchart to its outcome", sources.command("governance"))
    model = sources.model("governance")
    if not isinstance(model, Governance):
        return _slot("Governance", None, [], gap)
    found = governance_recommendation(model)
    steps = [f"{step.question.text} {step.answer_label}" for step in found.steps]
    if found.outcome is Outcome.UNDECIDED:
        assert found.next_question is not None
        return _slot("Governance", None, [*steps, f"{found.next_question.text} Not answered"], gap)
    return _slot("Governance", found.outcome.label, steps, gap)


def npsv_slot(sources: Sources) -> Context:
    """The net present social value and benefit-cost ratio, from the business case's figures."""
    from citydata_share.cards.business_case import BusinessCase, appraise, bcr_in_words, pounds

    gap = Gap("Price the costs and benefits over the years", sources.command("business-case"))
    model = sources.model("business-case")
    if not isinstance(model, BusinessCase):
        return _slot("Net present social value", None, [], gap)
    appraisal = appraise(model)
    if not appraisal.items:
        return _slot("Net present social value", None, [], gap)
    detail = [
        f"Present value of benefits {pounds(appraisal.pv_benefits)}, of costs "
        f"{pounds(appraisal.pv_costs)}, over {appraisal.period} years",
        f"Benefit-cost ratio {bcr_in_words(appraisal.bcr)}",
    ]
    return _slot("Net present social value", pounds(appraisal.npsv), detail, gap)


# The documents, as parts of the one file ---------------------------------------------------

_MD_FENCE = re.compile(r"^(```|~~~)")
_MD_HEADING = re.compile(r"^(#{1,5}) ")
_HTML_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")
_CSS_HEADING = re.compile(r"\bh([1-5])\b")
_HTML_ID = re.compile(r'\b(id|for)="([^"#]+)"')
_HTML_IDREFS = re.compile(r'\b(aria-labelledby|aria-describedby)="([^"]+)"')
_HTML_FRAGMENT = re.compile(r'\bhref="#([^"]+)"')


def shift_markdown(text: str, links: dict[str, str]) -> str:
    """Headings one level down (outside code blocks); links to documents made in-file."""
    return "".join(shift_markdown_chunks([text], links))


def shift_markdown_chunks(chunks: Iterable[str], links: dict[str, str]) -> Iterator[str]:
    """:func:`shift_markdown`, on a text that comes in chunks: line by line."""
    pairs = [(f"]({name}.md)", f"](#{anchor})") for name, anchor in links.items()]
    fenced = False

    def shifted(line: str) -> str:
        nonlocal fenced
        if _MD_FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _MD_HEADING.sub(lambda m: "#" + m.group(1) + " ", line)
            if ".md)" in line:
                for old, new in pairs:
                    line = line.replace(old, new)
        return line

    rest = ""  # the last line so far, not yet ended
    for chunk in chunks:
        lines = (rest + chunk).split("\n")
        rest = lines.pop()
        if lines:
            yield "\n".join([shifted(line) for line in lines]) + "\n"
    yield shifted(rest)


def shift_html(text: str, name: str, links: dict[str, str]) -> str:
    """Headings one level down (in the styles too), ids made unique to the part, and links
    to other documents pointed at their place in the file."""
    return "".join(shift_html_chunks([text], name, links))


_STYLE_END = "</style>"


def shift_html_chunks(chunks: Iterable[str], name: str, links: dict[str, str]) -> Iterator[str]:
    """:func:`shift_html`, on a text that comes in chunks.

    The styles are everything before the first ``</style>``, shifted once whole. The rest is
    shifted in pieces cut after a line break or a ``>`` (a drawing is one long line), and
    only where no pattern can span the cut: the patterns hold no ``>`` or line break but
    between the two quotes of an attribute (``id="..."``), with no quote between them, so a
    cut is safe when the last quote before it does not open a value (does not follow ``=``).
    """
    pairs = [(f'href="{other}.html"', f'href="#{anchor}"') for other, anchor in links.items()]

    def body_shifted(body: str) -> str:
        body = _HTML_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
        body = _HTML_ID.sub(lambda m: f'{m.group(1)}="{name}-{m.group(2)}"', body)
        body = _HTML_IDREFS.sub(
            lambda m: f'{m.group(1)}="' + " ".join(f"{name}-{i}" for i in m.group(2).split()) + '"',
            body,
        )
        body = _HTML_FRAGMENT.sub(lambda m: f'href="#{name}-{m.group(1)}"', body)
        for old, new in pairs:
            body = body.replace(old, new)
        return body

    def safe_cut(text: str) -> int:
        """Where ``text`` can be cut (0: nowhere yet)."""
        end = len(text)
        while (cut := max(text.rfind("\n", 0, end), text.rfind(">", 0, end)) + 1) > 0:
            quote = text.rfind('"', 0, cut)
            if quote <= 0 or text[quote - 1] != "=":
                return cut
            end = quote  # inside a value that may run on: cut before it opens
        return 0

    styles: list[str] | None = []  # None once the styles have ended
    pending = ""
    for chunk in chunks:
        if styles is not None:
            styles.append(chunk)
            head = "".join(styles)
            end = head.find(_STYLE_END)
            if end < 0:
                styles = [head]
                continue
            yield _CSS_HEADING.sub(lambda m: f"h{int(m.group(1)) + 1}", head[:end])
            styles = None
            chunk = head[end:]
        text = pending + chunk if pending else chunk
        cut = safe_cut(text)
        if cut:
            yield body_shifted(text[:cut])
        pending = text[cut:]
    if styles is not None:  # no styles at all: everything is the body
        pending = "".join(styles) + pending
    if pending:
        yield body_shifted(pending)


def full_report(sources: Sources) -> Context:
    from markupsafe import Markup

    from citydata_share.render.documents import documents, gaps_of, include, is_made
    from citydata_share.render.overview import board
    from citydata_share.render.streams import strip_line_breaks

    parts = [d for d in documents() if d.name != "report"]
    by_name = {d.name: d for d in parts}
    md_links = {d.name: slug(d.title) for d in parts}
    html_links = {d.name: d.name for d in parts}

    def part(name: str, fmt: str) -> Any:
        """A document's body, ready to sit under its heading in this file: a marker that the
        part's text, streamed, replaces as this document is written."""
        shown = include(sources, by_name[name], fmt)
        if fmt == "md":
            return sources.embeds.add(
                lambda: shift_markdown_chunks(strip_line_breaks(shown.chunks()), md_links)
            )
        return Markup(
            sources.embeds.add(
                lambda: shift_html_chunks(strip_line_breaks(shown.chunks()), name, html_links)
            )
        )

    slots = [dpia_slot(sources), governance_slot(sources), npsv_slot(sources)]
    open_slots = [slot["gap"] for slot in slots if not slot["value"]]
    sections = []
    todos = []
    if open_slots:
        todos.append(
            {
                "name": "where-the-project-stands",
                "title": "Where the project stands",
                "anchor": "where-the-project-stands",
                "gaps": open_slots,
            }
        )
    for doc in parts:
        made = is_made(sources, doc)
        start = Gap(f"{doc.title}: nothing answered yet", sources.command(doc.main_cards[0]))
        sections.append(
            {
                "name": doc.name,
                "title": doc.title,
                "description": doc.description,
                "anchor": md_links[doc.name],
                "made": made,
                "start": start,
            }
        )
        shown = gaps_of(sources, doc) if made else [start]
        anchor = md_links[doc.name]
        todos.append({"name": doc.name, "title": doc.title, "anchor": anchor, "gaps": shown})
    # a document that reports on the others (the summary) repeats their to-dos: list each
    # under the document it belongs to
    looks_across = {d.name for d in parts if d.looks_across}
    elsewhere = {g for t in todos if t["name"] not in looks_across for g in t["gaps"]}
    for t in todos:
        if t["name"] in looks_across:
            t["gaps"] = [g for g in t["gaps"] if g not in elsewhere]
    todos = [t for t in todos if t["gaps"]]
    return {
        "board": board(sources),
        "slots": slots,
        "todos": todos,
        "todo_count": len({g for t in todos for g in t["gaps"]}),
        "sections": sections,
        "part": part,
    }
