"""`cds report` on a large project: documents streamed, each body rendered once.

The streaming functions must give, on any cutting of a text into chunks, exactly what the
one-string code they replace gives on the whole text (kept here as the reference); the
rendering must run each document's builder once, and each body once per format, however
many documents show it. No test here times anything (benchmarks/scale.py does).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydata_share.render import documents as documents_module
from citydata_share.render import env as render_env
from citydata_share.render.documents import Document, documents, load_sources, render
from citydata_share.render.frames import Embeds, Shown
from citydata_share.render.report import (
    shift_html,
    shift_html_chunks,
    shift_markdown,
    shift_markdown_chunks,
)
from citydata_share.render.streams import (
    Spool,
    collapse_blank_lines,
    strip_line_breaks,
    write_if_changed,
)
from test_render_markdown import belfast_project

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# The one-string code the streams replace, as it was ----------------------------------------

_MD_FENCE = re.compile(r"^(```|~~~)")
_MD_HEADING = re.compile(r"^(#{1,5}) ")
_HTML_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")
_CSS_HEADING = re.compile(r"\bh([1-5])\b")
_HTML_ID = re.compile(r'\b(id|for)="([^"#]+)"')
_HTML_IDREFS = re.compile(r'\b(aria-labelledby|aria-describedby)="([^"]+)"')
_HTML_FRAGMENT = re.compile(r'\bhref="#([^"]+)"')


def reference_markdown(text: str, links: dict[str, str]) -> str:
    lines = []
    fenced = False
    for line in text.split("\n"):
        if _MD_FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _MD_HEADING.sub(lambda m: "#" + m.group(1) + " ", line)
            for name, anchor in links.items():
                line = line.replace(f"]({name}.md)", f"](#{anchor})")
        lines.append(line)
    return "\n".join(lines)


def reference_html(text: str, name: str, links: dict[str, str]) -> str:
    style_end = text.find("</style>")
    style, body = (text[:style_end], text[style_end:]) if style_end >= 0 else ("", text)
    style = _CSS_HEADING.sub(lambda m: f"h{int(m.group(1)) + 1}", style)
    body = _HTML_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    body = _HTML_ID.sub(lambda m: f'{m.group(1)}="{name}-{m.group(2)}"', body)
    body = _HTML_IDREFS.sub(
        lambda m: f'{m.group(1)}="' + " ".join(f"{name}-{i}" for i in m.group(2).split()) + '"',
        body,
    )
    body = _HTML_FRAGMENT.sub(lambda m: f'href="#{name}-{m.group(1)}"', body)
    for other, anchor in links.items():
        body = body.replace(f'href="{other}.html"', f'href="#{anchor}"')
    return style + body


# Texts full of what the patterns look for, cut anywhere ------------------------------------

PIECES = [
    "\n",
    "\n\n\n",
    " ",
    "x",
    "h2",
    '"',
    "=",
    "#",
    "## ",
    "```",
    ">",
    "<h2>",
    "</h3 ",
    'id="a>b"',
    "<h4\n",
    'id="',
    'for="',
    'href="#',
    'href="team.html"',
    'aria-labelledby="',
    "aria-describedby=",
    "<style>",
    "</style>",
    "](team.md)",
    "h1 { }",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
LINKS = {"team": "team-and-stakeholder-map", "canvas": "data-sharing-canvas"}


def _cut(text: str, cuts: list[int]) -> list[str]:
    places = sorted({c % (len(text) + 1) for c in cuts})
    bounds = [0, *places, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


CUTS = st.lists(st.integers(min_value=0, max_value=10_000), max_size=12)


@PROPERTY
@given(TEXTS, CUTS)
def test_blank_lines_collapse_the_same_whatever_the_chunks(text: str, cuts: list[int]) -> None:
    assert "".join(collapse_blank_lines(_cut(text, cuts))) == re.sub(r"\n{3,}", "\n\n", text)


@PROPERTY
@given(TEXTS, CUTS)
def test_line_breaks_strip_the_same_whatever_the_chunks(text: str, cuts: list[int]) -> None:
    assert "".join(strip_line_breaks(_cut(text, cuts))) == text.strip("\n")


@PROPERTY
@given(TEXTS, CUTS)
def test_markdown_parts_shift_the_same_whatever_the_chunks(text: str, cuts: list[int]) -> None:
    expected = reference_markdown(text, LINKS)
    assert shift_markdown(text, LINKS) == expected
    assert "".join(shift_markdown_chunks(_cut(text, cuts), LINKS)) == expected


@PROPERTY
@given(TEXTS, CUTS)
def test_html_parts_shift_the_same_whatever_the_chunks(text: str, cuts: list[int]) -> None:
    expected = reference_html(text, "ecosystem", LINKS)
    assert shift_html(text, "ecosystem", LINKS) == expected
    assert "".join(shift_html_chunks(_cut(text, cuts), "ecosystem", LINKS)) == expected


def test_a_value_that_runs_over_lines_is_shifted_whole() -> None:
    text = '<style>h2 {}</style>\n<a id="one\ntwo" aria-labelledby="a\nb">\n<h2 id="c">x</h2>\n'
    chunks = [text[:30], text[30:41], text[41:]]  # cut inside the two values
    assert "".join(shift_html_chunks(chunks, "p", {})) == reference_html(text, "p", {})
    assert 'aria-labelledby="p-a p-b"' in shift_html(text, "p", {})


def test_a_drawing_on_one_long_line_is_shifted_piece_by_piece() -> None:
    svg = "<svg>" + '<g id="n" class="k"><text>a > b</text></g>' * 20_000 + "</svg>"
    text = f"<style>h2 {{}}</style>\n{svg}\n<h2>after</h2>\n"
    chunks = [text[i : i + 1000] for i in range(0, len(text), 1000)]
    pieces = list(shift_html_chunks(chunks, "p", {}))
    assert "".join(pieces) == reference_html(text, "p", {})
    assert max(len(piece) for piece in pieces) < 3000  # not the whole line at once


# Spools and files ---------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [0, 5, 1 << 20])  # at once in a file, later, never
def test_a_spool_gives_back_what_was_written(limit: int) -> None:
    spool = Spool(in_memory=limit)
    written = ["héllo\n", "\ud800 lone half\r\n", "x" * 70_000, "", "end"]
    for text in written:
        spool.write(text)
    assert "".join(spool.chunks()) == "".join(written)
    assert "".join(spool.chunks(size=7)) == "".join(written)  # read again, in other pieces
    spool.close()


def test_a_file_that_holds_the_text_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "out" / "doc.md"
    assert write_if_changed(path, ["a\n", "b\n"])
    assert path.read_text(encoding="utf-8") == "a\nb\n"
    before = path.stat().st_mtime_ns
    assert not write_if_changed(path, ["a\nb", "\n"])
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, ["a\nc\n"])
    assert path.read_text(encoding="utf-8") == "a\nc\n"
    assert [p.name for p in path.parent.iterdir()] == ["doc.md"]  # no temporary file left


def test_a_text_taken_in_is_read_where_its_marker_is_each_time() -> None:
    embeds = Embeds()
    reads: list[int] = []

    def text() -> list[str]:
        reads.append(1)
        return ["<part>", "</part>"]

    marker = embeds.add(text)
    assert reads == []  # not read until the marker is written out
    chunks = ["a", marker, "b", f"c{marker}d{marker}"]
    assert "".join(embeds.expand(chunks)) == "a<part></part>bc<part></part>d<part></part>"
    assert len(reads) == 3


# Rendering: once per document, never whole ------------------------------------------------


def _counting_documents(
    monkeypatch: pytest.MonkeyPatch, calls: dict[str, int]
) -> tuple[Document, ...]:
    """Every document, its builder counting its calls."""
    from dataclasses import replace

    def counted(doc: Document) -> Document:
        def builder(sources: Any) -> dict[str, Any]:
            calls[doc.name] = calls.get(doc.name, 0) + 1
            return doc.builder(sources)

        return replace(doc, builder=builder)

    docs = tuple(counted(d) for d in documents())
    monkeypatch.setattr(documents_module, "documents", lambda: docs)
    return docs


def test_each_document_is_built_once_for_all_its_forms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, int] = {}
    docs = _counting_documents(monkeypatch, calls)
    render(belfast_project(tmp_path), [], ("md", "html"), tmp_path / "out")
    # md and html, whole and inside the summary and the full report: one context each
    assert calls == {d.name: 1 for d in docs}


def test_each_body_is_rendered_once_per_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = render_env.make_env()
    monkeypatch.setattr(render_env, "environment", lambda: env)
    runs: dict[str, int] = {}
    for doc in documents():
        for fmt in ("md", "html"):
            template = env.get_template(f"{doc.name}.{fmt}.j2")
            body = template.blocks["body"]

            def counting(context: Any, body: Any = body, name: str = template.name) -> Any:
                runs[name] = runs.get(name, 0) + 1
                return body(context)

            template.blocks["body"] = counting
    render(belfast_project(tmp_path), [], ("md", "html"), tmp_path / "out")
    for name, count in runs.items():
        # the summary leaves out, as a part of the full report, what the report's first page
        # shows: its body is rendered for each form; every other body once, shown twice
        assert count == (2 if name.startswith("summary.") else 1), name
    assert len(runs) == 2 * len(documents())


def test_report_writes_documents_without_holding_them_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Shown) -> str:
        raise AssertionError("a document was held whole in memory")

    monkeypatch.setattr(Shown, "text", property(refuse))
    out = tmp_path / "out"
    render(belfast_project(tmp_path), [], ("md", "html"), out)
    assert (out / "report.html").stat().st_size > 100_000


def test_a_part_is_the_document_body_whole_or_streamed(tmp_path: Path) -> None:
    project = belfast_project(tmp_path)
    sources = load_sources(project)
    team = next(d for d in documents() if d.name == "team")
    whole, part = documents_module.shown(sources, team, "md")
    assert part.body is whole.body  # one body, two frames
    assert whole.text.startswith("# Team and stakeholder map\n")
    assert part.text.strip("\n") in whole.text
    sources.close()
