"""User text in the documents reads as typed and opens no structure of its own (issue 9,
defects 8 and 1).

A multi-line answer could inject a Markdown table (``|`` was not escaped in paragraphs), a
heading, a list or a code block; and a control or bidi character reached both formats raw.
The documents are checked with a real CommonMark parser (markdown-it, which rich brings)
with tables on, as GitHub and GitLab draw them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from citydata_share import yamlio
from citydata_share.render.documents import render
from citydata_share.render.env import md_cell, md_line, md_text, md_url
from citydata_share.safetext import visible
from citydata_share.store import Project

MD = MarkdownIt("commonmark").enable("table")
INJECTED_TABLE = "Our aims\n| Name | Secret |\n|---|---|\n| Ann | 1234 |"
BLOCKS = re.compile(r"<(table|h[1-6]|ul|ol|li|pre|code|blockquote|hr|img|a)\b")
# Text made of the characters Markdown reads as structure, so hypothesis finds the traps.
MARKDOWNISH = st.text(
    alphabet=st.sampled_from([*"ab1 \t\n|-=*_#>+.)[]()!`~<>&;:\\/", "\x1b", "\u202e"]),
    max_size=60,
)


def _html(markdown: str) -> str:
    return MD.render(markdown)


def _words(text: str) -> list[str]:
    return visible(text).split()


def _shown_words(rendered: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", rendered)
    return html.unescape(plain).split()


def test_a_multi_line_answer_cannot_inject_a_table() -> None:
    assert "<table" in _html(f"Intro\n\n{INJECTED_TABLE}")  # what an unescaped answer does
    assert not BLOCKS.search(_html(f"Intro\n\n{md_text(INJECTED_TABLE)}"))
    item = _html(f"- {md_text(INJECTED_TABLE)}")
    assert item.count("<li>") == 1 and "<table" not in item


def test_no_block_structure_from_any_line() -> None:
    answer = "# heading\n> quote\n1. one\n2) two\n+ plus\n===\n---\n***\n```\n~~~\n<div>x</div>"
    answer += "\n\n    indented code\n[ref]: https://example.org"
    rendered = _html(md_text(answer))
    assert not BLOCKS.search(rendered), rendered
    assert _shown_words(rendered) == _words(answer)


def test_a_heading_stays_one_heading() -> None:
    assert _html("### " + md_line("Rates\n| a | b |\n|---|---|")).count("<h3>") == 1
    assert _html("### " + md_line("Issue ##")) == "<h3>Issue ##</h3>\n"


def test_a_link_keeps_its_text_and_address() -> None:
    link = f"[{md_line('Guide [draft]')}]({md_url('https://example.org/a b(c)')})"
    assert _html(link) == ('<p><a href="https://example.org/a%20b%28c%29">Guide [draft]</a></p>\n')


@settings(max_examples=300)
@given(MARKDOWNISH)
def test_a_paragraph_or_a_list_item_reads_as_typed_and_opens_nothing(answer: str) -> None:
    paragraph = _html("Intro\n\n" + md_text(answer)).split("<p>Intro</p>", 1)[1]
    assert not BLOCKS.search(paragraph), paragraph
    assert _shown_words(paragraph) == _words(answer)
    item = _html("- " + md_text(answer))
    assert item.startswith("<ul>\n<li>") and item.endswith("</li>\n</ul>\n"), item
    inside = item.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>\n")
    assert not BLOCKS.search(inside), item
    assert _shown_words(inside) == _words(answer)


@settings(max_examples=300)
@given(MARKDOWNISH)
def test_a_cell_or_a_heading_reads_as_typed_and_keeps_its_place(answer: str) -> None:
    table = _html(f"| Field | Value |\n|---|---|\n| {md_cell(answer)} | end |")
    assert table.count("<td>") == 2 and "<td>end</td>" in table
    cell = table.split("<td>")[1].split("</td>")[0]
    if answer.strip():
        assert _shown_words(cell) == _words(answer)
    heading = _html(f"### {md_line(answer)}")
    assert heading.count("<h3>") == 1 and not BLOCKS.search(heading.replace("<h3>", ""))
    assert _shown_words(heading) == _words(answer)


def test_documents_escape_an_injected_table_and_show_controls(
    project: Project, tmp_path: Path
) -> None:
    card = {
        "card": "data-systems",
        "notes": INJECTED_TABLE + "\nTitle \x1b]0;pwned\x07 and \u202eevil",
        "datasets": [{"title": "Rates\n## Injected heading", "description": INJECTED_TABLE}],
    }
    project.card_path("data-systems").write_text(yamlio.dumps(card), encoding="utf-8")
    render(project, ["data-inventory"], ("md", "html"), tmp_path)
    markdown = (tmp_path / "data-inventory.md").read_text(encoding="utf-8")
    page = (tmp_path / "data-inventory.html").read_text(encoding="utf-8")
    rendered = _html(markdown)
    for text in (markdown, page):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    for shown in (html.unescape(rendered), html.unescape(page)):
        assert "Title \\x1b]0;pwned\\x07 and \\u202eevil" in shown
    assert "Secret" not in "".join(re.findall(r"<th>(.*?)</th>", rendered))
    assert "<h2>Injected heading</h2>" not in rendered
    assert "### Rates ## Injected heading" in markdown.replace("\\#", "#")
