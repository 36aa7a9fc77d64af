"""Word documents (`cds report --format docx`), opened again with python-docx.

Each .docx is made from the Markdown document, so the tests read both and hold them to each
other: the same words in the same order (Mermaid diagrams, which Word cannot draw, aside),
the same headings at the same levels in Word's heading styles, the same tables with their
header rows repeating across pages, the same lists as Word lists, and the same to-dos.
Three projects: Belfast, a nearly empty one, and one whose every answer is hostile text with
XML-special and control characters.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from citydata_share.errors import CdsError
from citydata_share.project import ProjectConfig
from citydata_share.render import word
from citydata_share.render.documents import OUTPUT_FORMATS, Outcome, documents, render
from citydata_share.store import Project, create_project, open_project
from doc_projects import fill_every_card

docx = pytest.importorskip("docx")
from docx.document import Document as WordDocument  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402
from docx.text.run import Run  # noqa: E402

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
DATE = dt.date(2024, 5, 17)
NAMES = [d.name for d in documents()]
TITLES = {d.name: d.title for d in documents()}
CONTROL = "\x1b[31m\x07\x00\x0b\x0c\x1f\x7f\x85"  # escape, bell, NUL, VT, FF, US, DEL, NEL
XML_SPECIAL = "<w:p> &amp; & \"quotes\" 'apos' ]]> <script>alert(1)</script> </w:t>"
_parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])


# Reading a Markdown document as a reader sees it ---------------------------------------


@dataclass
class MdTable:
    header: list[str]
    rows: list[list[str]]


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            parts.append(" " if re.fullmatch(r"<br\s*/?>", child.content) else child.content)
    return "".join(parts)


def _without_diagrams(markdown: str) -> str:
    """The Markdown without its Mermaid blocks and the sentence introducing each."""
    markdown = re.sub(r"\n\n[^\n]*:\n\n```mermaid\n.*?\n```\n", "\n\n", markdown, flags=re.S)
    return re.sub(r"```mermaid\n.*?\n```\n", "", markdown, flags=re.S)


def _without_contents(markdown: str) -> str:
    """The full report without the list under "Contents" (a TOC field in Word)."""
    return re.sub(r"(## Contents\n\n)(\d+\. .*\n)+", r"\1", markdown)


def md_words(markdown: str) -> list[str]:
    tokens = _parser.parse(word.visible(markdown))
    texts = [_inline_text(t) for t in tokens if t.type == "inline"]
    texts += [t.content for t in tokens if t.type in ("fence", "code_block", "html_block")]
    return " ".join(texts).split()


def md_headings(markdown: str) -> list[tuple[int, str]]:
    tokens = _parser.parse(markdown)
    return [
        (int(t.tag[1]), _inline_text(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def md_tables(markdown: str) -> list[MdTable]:
    tables: list[MdTable] = []
    in_head = False
    tokens = _parser.parse(word.visible(markdown))
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append(MdTable([], []))
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "tbody_open":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            tables[-1].rows.append([])
        elif token.type in ("th_open", "td_open"):
            inline = tokens[i + 1]
            text = " ".join(_inline_text(inline).split()) if inline.type == "inline" else ""
            (tables[-1].header if in_head else tables[-1].rows[-1]).append(text)
    return tables


def md_list_items(markdown: str) -> list[tuple[str, int]]:
    """Each list item's kind ("bullet" or "decimal") and depth (0 for the outer list)."""
    items = []
    stack: list[str] = []
    for token in _parser.parse(markdown):
        if token.type == "bullet_list_open":
            stack.append("bullet")
        elif token.type == "ordered_list_open":
            stack.append("decimal")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif token.type == "list_item_open":
            items.append((stack[-1], len(stack) - 1))
    return items


# Reading a Word document ----------------------------------------------------------------


def _style_id(p: Any) -> str:
    pPr = p.pPr
    return str(pPr.pStyle.val) if pPr is not None and pPr.pStyle is not None else ""


def _cells(tbl: Any) -> Iterator[Any]:
    """A table's cells, row by row (cds never merges cells)."""
    yield from tbl.iter(qn("w:tc"))


def docx_words(doc: WordDocument) -> list[str]:
    """The words of the body in order, tables cell by cell, the TOC field's entries aside."""
    texts = []
    for block in doc.element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        if block.tag == qn("w:p"):
            if not re.fullmatch(r"TOC\d", _style_id(block)):
                texts.append(Paragraph(block, None).text)  # type: ignore[arg-type]
        else:
            for tc in _cells(block):
                texts += [Paragraph(p, None).text for p in tc.iter(qn("w:p"))]  # type: ignore[arg-type]
    return " ".join(texts).split()


def docx_headings(doc: WordDocument) -> list[tuple[int, str]]:
    found = []
    for paragraph in doc.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading "):
            found.append((int(name.split()[1]), paragraph.text))
        elif name == "TOC Heading":
            found.append((0, paragraph.text))
    return found


def repeats_header(row: Any) -> bool:
    trPr = row._tr.trPr
    return trPr is not None and trPr.find(qn("w:tblHeader")) is not None


def list_formats(doc: WordDocument) -> list[tuple[str, int]]:
    """Each numbered or bulleted paragraph's format and level, through numbering.xml."""
    numbering = doc.part.numbering_part.element
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    nums = {
        n.get(qn("w:numId")): abstract[n.find(qn("w:abstractNumId")).get(qn("w:val"))]
        for n in numbering.findall(qn("w:num"))
    }
    found = []
    for paragraph in doc.paragraphs:
        pPr = paragraph._p.pPr
        numPr = pPr.numPr if pPr is not None else None
        if numPr is None:
            continue
        level = int(numPr.ilvl.val)
        lvl = nums[str(numPr.numId.val)].find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{level}']")
        found.append((str(lvl.find(qn("w:numFmt")).get(qn("w:val"))), level))
    return found


def all_text(doc: WordDocument) -> str:
    """Every paragraph's text, tables, headers and footers included."""
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [c.text for row in table.rows for c in row.cells]
    for section in doc.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(texts)


def check_package(data: bytes) -> None:
    """A sound package: no member twice, and every XML part well-formed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names))
        assert archive.testzip() is None
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


# The projects ---------------------------------------------------------------------------


def _render(project: Project, out: Path) -> tuple[list[Outcome], dict[str, str], dict[str, Any]]:
    outcomes = render(project, NAMES, ("md", "docx"), out, DATE)
    md = {n: (out / f"{n}.md").read_text(encoding="utf-8") for n in NAMES}
    word_docs = {n: docx.Document(str(out / f"{n}.docx")) for n in NAMES}
    return outcomes, md, word_docs


@dataclass
class Made:
    out: Path
    outcomes: list[Outcome]
    md: dict[str, str]
    docx: dict[str, Any]


@pytest.fixture(scope="module")
def belfast(tmp_path_factory: pytest.TempPathFactory) -> Made:
    tmp = tmp_path_factory.mktemp("belfast-docx")
    shutil.copytree(BELFAST, tmp / "belfast", ignore=shutil.ignore_patterns("reports"))
    out = tmp / "out"
    return Made(out, *_render(open_project(tmp / "belfast"), out))


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Made:
    tmp = tmp_path_factory.mktemp("empty-docx")
    config = ProjectConfig.model_validate({"name": "Empty", "organisation": "A", "role": "both"})
    project = create_project(tmp / "empty", config, git=False).project
    out = tmp / "out"
    return Made(out, *_render(project, out))


def _hostile_text(path: str) -> str:
    if path.endswith(("url", "_link")):  # a web address refuses control characters
        return f"Answer {path} {XML_SPECIAL}"
    return f"Answer {path} {XML_SPECIAL} {CONTROL}end\nsecond line | *stars* {{{{ 7 * 7 }}}}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Made:
    tmp = tmp_path_factory.mktemp("hostile-docx")
    config = ProjectConfig.model_validate(
        {
            "name": f"Share {XML_SPECIAL} {CONTROL}",
            "organisation": f"Org {CONTROL} & <b>",
            "role": "both",
            "partners": [{"name": f"Partner ]]> {CONTROL}", "role": "receiver"}],
        }
    )
    project = create_project(tmp / "hostile", config, git=False).project
    fill_every_card(project, _hostile_text)
    out = tmp / "out"
    return Made(out, *_render(project, out))


PROJECTS = ["belfast", "empty", "hostile"]


# Every document, three projects -----------------------------------------------------------


@pytest.mark.parametrize("which", PROJECTS)
def test_every_docx_says_what_its_markdown_says(which: str, request: pytest.FixtureRequest) -> None:
    made: Made = request.getfixturevalue(which)
    for name in NAMES:
        md = _without_diagrams(made.md[name])
        if name == "report":
            md = _without_contents(md)
        assert docx_words(made.docx[name]) == md_words(md), name


@pytest.mark.parametrize("which", PROJECTS)
def test_headings_are_word_headings_at_the_markdown_levels(
    which: str, request: pytest.FixtureRequest
) -> None:
    made: Made = request.getfixturevalue(which)
    for name in NAMES:
        expected = md_headings(word.visible(made.md[name]))
        found = docx_headings(made.docx[name])
        if name == "report":  # "Contents" is the TOC's own heading, out of the outline
            expected = [(0, t) if t == "Contents" else (lvl, t) for lvl, t in expected]
        assert found == expected, name
        assert found[0] == (1, TITLES[name]), name


@pytest.mark.parametrize("which", PROJECTS)
def test_tables_keep_their_header_rows_on_every_page(
    which: str, request: pytest.FixtureRequest
) -> None:
    made: Made = request.getfixturevalue(which)
    for name in NAMES:
        expected = md_tables(made.md[name])
        found = made.docx[name].tables
        assert len(found) == len(expected), name
        for table, md in zip(found, expected, strict=True):
            rows = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
            if any(md.header):
                assert repeats_header(table.rows[0]), (name, md.header)
                assert rows[0] == md.header, name
                assert all(
                    run.bold
                    for cell in table.rows[0].cells
                    for run in cell.paragraphs[0].runs
                    if run.text.strip()  # a line break's run has no text to make bold
                )
                rows = rows[1:]
                body = table.rows[1:]
            else:  # a header row with nothing in it is left out
                body = table.rows
            assert not any(repeats_header(row) for row in body), name
            assert rows == md.rows, name


@pytest.mark.parametrize("which", PROJECTS)
def test_lists_are_word_lists(which: str, request: pytest.FixtureRequest) -> None:
    made: Made = request.getfixturevalue(which)
    for name in NAMES:
        md = made.md[name]
        if name == "report":
            md = _without_contents(md)
        assert list_formats(made.docx[name]) == md_list_items(word.visible(md)), name


@pytest.mark.parametrize("which", PROJECTS)
def test_no_template_syntax_none_or_diagram_source(
    which: str, request: pytest.FixtureRequest
) -> None:
    made: Made = request.getfixturevalue(which)
    for name in NAMES:
        text = all_text(made.docx[name])
        if which != "hostile":  # hostile answers type {{ 7 * 7 }} on purpose
            assert "{{" not in text and "{%" not in text and "}}" not in text, name
        for source in ("```", "flowchart TD", "flowchart LR", "quadrantChart", "classDef", "==>"):
            assert source not in text, (name, source)
        if which == "empty":
            assert "None" not in re.sub(r"None (found|recorded|yet|due)", "", text), name
            assert "[]" not in text, name
        check_package((made.out / f"{name}.docx").read_bytes())


@pytest.mark.parametrize("which", PROJECTS)
def test_gaps_are_the_markdown_gaps_and_visible(which: str, request: pytest.FixtureRequest) -> None:
    made: Made = request.getfixturevalue(which)
    for outcome in made.outcomes:
        name = outcome.document.name
        doc = made.docx[name]
        marked = [
            Run(r, None)  # type: ignore[arg-type]
            for r in doc.element.body.iter(qn("w:r"))
            if r.rPr is not None and r.rPr.rStyle is not None and r.rPr.rStyle.val == "ToDo"
        ]
        assert all(run.text == "To do:" and run.bold for run in marked), name
        md = made.md[name]
        if name == "report":
            md = _without_contents(md)
        assert len(marked) == md.count("**To do:**"), name
        if which == "empty":
            assert marked, name
    # cds reports the same to-dos for the Word file as for the Markdown one: one record
    for outcome in made.outcomes:
        assert [p.suffix for p in outcome.written] == [".md", ".docx"]


@pytest.mark.parametrize("which", PROJECTS)
def test_credit_provenance_and_properties(which: str, request: pytest.FixtureRequest) -> None:
    made: Made = request.getfixturevalue(which)
    for name in NAMES:
        doc = made.docx[name]
        text = all_text(doc)
        assert "Creative Commons Attribution-NonCommercial licence (CC BY-NC)" in text, name
        if name != "report":  # the report's parts have no provenance of their own
            assert "About this document" in text, name
        props = doc.core_properties
        assert props.title == TITLES[name]
        assert props.created == dt.datetime(2024, 5, 17, tzinfo=dt.UTC)
        assert "CC BY-NC" in props.comments


def test_hostile_text_is_shown_as_typed(hostile: Made) -> None:
    for name in NAMES:
        text = all_text(hostile.docx[name])
        assert "\x1b" not in text and "\x07" not in text
        assert "\\x1b[31m\\x07\\x00\\x0b\\x0c\\x1f\\x7f\\x85end" in text, name
        assert XML_SPECIAL in text, name
    agreement = all_text(hostile.docx["agreement"])
    assert "{{ 7 * 7 }}" in agreement and "| *stars*" in agreement
    assert hostile.docx["summary"].core_properties.subject.startswith("Share <w:p> &amp; & ")
    assert "\\x1b" in hostile.docx["summary"].core_properties.subject


# Belfast in detail -------------------------------------------------------------------------


def test_belfast_charts_become_tables_and_lists(belfast: Made) -> None:
    team = belfast.docx["team"]
    grid = next(t for t in team.tables if t.rows[0].cells[0].text == "Approach")
    assert [r.cells[0].text for r in grid.rows[1:]] == [
        "Manage closely",
        "Keep satisfied",
        "Keep informed",
        "Monitor",
    ]
    approvals = belfast.docx["approvals"]
    assert any("Likelihood" in t.rows[0].cells[0].text for t in approvals.tables)
    governance = belfast.docx["governance"]
    path = [
        p.text for p in governance.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert path[0] == "Start" and path[-1] == "Specific new arrangements"
    assert "The flowchart, with the path taken" not in all_text(governance)
    business = belfast.docx["business-case"]
    assert any(t.rows[0].cells[0].text == "Year" for t in business.tables)


def test_numbered_lists_restart(belfast: Made) -> None:
    doc = belfast.docx["governance"]
    numbering = doc.part.numbering_part.element
    starts = {
        n.get(qn("w:numId")): [s.get(qn("w:val")) for s in n.iter(qn("w:startOverride"))]
        for n in numbering.findall(qn("w:num"))
    }
    ids = {
        str(p._p.pPr.numPr.numId.val)
        for p in doc.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    }
    decimal = [i for i in ids if starts.get(i)]
    assert decimal and all(starts[i] == ["1"] for i in decimal)


def test_full_report_has_a_table_of_contents(belfast: Made) -> None:
    doc = belfast.docx["report"]
    body = doc.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-2"') for i in instructions)
    entries = [p for p in doc.paragraphs if p.style is not None and p.style.name == "toc 2"]
    assert [p.text for p in entries][:2] == ["Where the project stands", "Project summary"]
    parts = len(documents()) - 1  # every document but the report itself
    assert len(entries) == parts + 2  # and "Where the project stands", "About this document"
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))} - {None}
    assert anchors and anchors <= bookmarks  # every link in the file lands on a heading
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    # each part starts a page
    parts = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert all(p.paragraph_format.page_break_before for p in parts)


def test_links_between_documents_point_at_the_word_files(belfast: Made) -> None:
    rels = belfast.docx["summary"].part.rels.values()
    targets = {r.target_ref for r in rels if r.is_external}
    assert {"team.docx", "agreement.docx", "report.docx"} <= targets
    assert not any(t.endswith(".md") for t in targets)


def test_same_answers_same_bytes(belfast: Made, tmp_path: Path) -> None:
    project = open_project(belfast.out.parent / "belfast")
    render(project, ["agreement"], ["docx"], tmp_path, DATE)
    first = (tmp_path / "agreement.docx").read_bytes()
    stat = (tmp_path / "agreement.docx").stat()
    render(project, ["agreement"], ["docx"], tmp_path, DATE)
    assert (tmp_path / "agreement.docx").read_bytes() == first
    assert (tmp_path / "agreement.docx").stat().st_mtime_ns == stat.st_mtime_ns  # not rewritten
    assert first == (belfast.out / "agreement.docx").read_bytes()


def test_house_style_without_a_reference(belfast: Made) -> None:
    doc = belfast.docx["agreement"]
    section = doc.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    assert "Data sharing agreement (draft) · page" in section.footer.paragraphs[0].text


# The converter on its own -----------------------------------------------------------------


def _convert(markdown: str, **meta: Any) -> Any:
    data = word.markdown_to_docx(
        markdown, word.Meta("T", "S", "A", "C", DATE, **meta), meta.pop("reference", None)
    )
    check_package(data)
    return docx.Document(io.BytesIO(data))


def test_control_and_xml_characters_survive_anywhere() -> None:
    special = XML_SPECIAL.replace("&amp; ", "")  # raw Markdown here: &amp; is an entity
    text = f"Para {special} {CONTROL} \ud800 \ufffe"
    doc = _convert(
        f"# Head {CONTROL}\n\n{text}\n\n| A {CONTROL} |\n|---|\n| {CONTROL} |\n\n"
        f"- item {CONTROL}\n\n`code {CONTROL}`\n\n```\nblock {CONTROL}\n```\n"
    )
    shown = all_text(doc)
    # the heading, paragraph, header cell, body cell, list item, code span and code block
    assert shown.count("\\x1b[31m\\x07\\x00\\x0b\\x0c\\x1f\\x7f\\x85") == 7
    assert "\\ud800 \\ufffe" in shown
    assert special in shown


def test_visible_escapes_only_what_cannot_be_shown() -> None:
    assert word.visible("tab\there\nline é ✓ ★") == "tab\there\nline é ✓ ★"
    assert word.visible("a\x1bb\x00\u202e\uffff") == "a\\x1bb\\x00\\u202e\\uffff"


def test_diagram_goes_with_its_introduction_but_never_a_todo() -> None:
    doc = _convert(
        "Intro to the chart:\n\n```mermaid\nflowchart TD\n```\n\n"
        "**To do:** draw it: run `cds x`:\n\n```mermaid\nflowchart TD\n```\n\n"
        "```python\nprint(1)\n```\n"
    )
    text = all_text(doc)
    assert "Intro to the chart" not in text and "flowchart" not in text
    assert "To do: draw it" in text
    assert "print(1)" in text  # other code blocks stay


def test_inline_formatting_links_and_breaks() -> None:
    doc = _convert(
        "# Title\n\n## Part\n\n**bold** *it* ~~gone~~ `code` [site](https://example.org) "
        "[doc](team.md) [here](#part) [nowhere](#missing)  \nnext<br>line\n",
        links={"team.md": "team.docx"},
    )
    paragraph = doc.paragraphs[2]
    runs = {r.text: r for r in paragraph.runs}
    assert runs["bold"].bold and runs["it"].italic and runs["gone"].font.strike
    assert runs["code"].style.name == "Verbatim Char"
    external = {r.target_ref for r in doc.part.rels.values() if r.is_external}
    assert external == {"https://example.org", "team.docx"}
    anchors = [h.get(qn("w:anchor")) for h in paragraph._p.iter(qn("w:hyperlink"))]
    assert anchors.count(None) == 2 and len([a for a in anchors if a]) == 1
    assert "nowhere" in paragraph.text  # a link to nowhere keeps its words
    assert len(paragraph._p.findall(f".//{qn('w:br')}")) == 2
    assert paragraph.text.endswith("nowhere\nnext\nline")


def test_nested_lists_and_numbering_restarts() -> None:
    doc = _convert("1. a\n2. b\n   - c\n\n   more\n\ntext\n\n3. d\n4. e\n\n- x\n")
    assert list_formats(doc) == [
        ("decimal", 0),
        ("decimal", 0),
        ("bullet", 1),
        ("decimal", 0),
        ("decimal", 0),
        ("bullet", 0),
    ]
    more = next(p for p in doc.paragraphs if p.text == "more")
    assert more._p.pPr.numPr is None and more.paragraph_format.left_indent > 0
    numbering = doc.part.numbering_part.element
    starts = [s.get(qn("w:val")) for s in numbering.iter(qn("w:startOverride"))]
    assert starts == ["1", "3"]


def test_empty_header_row_is_left_out_and_alignment_kept() -> None:
    doc = _convert("| | |\n|---|---:|\n| a | 1 |\n\n| H | N |\n|---|---:|\n| b | 2 |\n")
    facts, figures = doc.tables
    assert len(facts.rows) == 1 and not repeats_header(facts.rows[0])
    assert repeats_header(figures.rows[0]) and not repeats_header(figures.rows[1])
    assert figures.rows[1].cells[1].paragraphs[0].alignment == 2  # right


def test_toc_without_a_contents_heading_goes_after_the_title() -> None:
    doc = _convert("# Title\n\nIntro\n\n## One\n\nText\n", toc=True)
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[:3] == ["Heading 1", "toc 1", "toc 2"]


# The organisation's own template -----------------------------------------------------------


def _acme(path: Path) -> Path:
    from docx.shared import RGBColor

    doc = docx.Document()
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Georgia"
        style.font.color.rgb = RGBColor(0x8B, 0, 0)
    doc.sections[0].header.paragraphs[0].text = "ACME COUNCIL · OFFICIAL"
    doc.sections[0].footer.paragraphs[0].text = "Acme footer"
    doc.add_paragraph("TEMPLATE BODY TEXT")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "TEMPLATE TABLE"
    doc.save(str(path))
    return path


_MINIMAL = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.KIND.main+xml"/><Override PartName="/word/styles.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"'
        '/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officedocument/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    "docProps/core.xml": (
        '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>Old</dc:title></cp:coreProperties>"
    ),
    "word/_rels/document.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    ),
    "word/document.xml": (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>TEMPLATE BODY TEXT</w:t></w:r></w:p>'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    ),
    "word/styles.xml": (
        '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" '
        'w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>'
    ),
}


def _minimal(path: Path, kind: str = "document") -> Path:
    """A reference document the way LibreOffice saves a plain one: no numbering, no
    heading or list styles, its properties under LibreOffice's relationship name."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in _MINIMAL.items():
            archive.writestr(name, text.replace("KIND", kind))
    return path


def test_reference_doc_gives_styles_header_and_footer(belfast: Made, tmp_path: Path) -> None:
    reference = _acme(tmp_path / "acme.docx")
    project = open_project(belfast.out.parent / "belfast")
    render(project, ["agreement"], ["docx"], tmp_path / "out", DATE, reference_doc=reference)
    data = (tmp_path / "out" / "agreement.docx").read_bytes()
    check_package(data)
    doc = docx.Document(io.BytesIO(data))
    text = all_text(doc)
    assert "TEMPLATE BODY TEXT" not in text and "TEMPLATE TABLE" not in text
    assert doc.sections[0].header.paragraphs[0].text == "ACME COUNCIL · OFFICIAL"
    assert doc.sections[0].footer.paragraphs[0].text == "Acme footer"
    assert doc.styles["Heading 1"].font.name == "Georgia"  # not cds's house style
    assert doc.sections[0].page_width.inches == pytest.approx(8.5)  # its page set-up
    assert docx_words(doc) == docx_words(belfast.docx["agreement"])
    assert docx_headings(doc) == docx_headings(belfast.docx["agreement"])


@pytest.mark.parametrize("kind", ["document", "template"])
def test_reference_doc_without_styles_or_numbering(
    belfast: Made, tmp_path: Path, kind: str
) -> None:
    reference = _minimal(tmp_path / f"plain.{'docx' if kind == 'document' else 'dotx'}", kind)
    project = open_project(belfast.out.parent / "belfast")
    render(project, ["governance"], ["docx"], tmp_path / "out", DATE, reference_doc=reference)
    data = (tmp_path / "out" / "governance.docx").read_bytes()
    check_package(data)
    doc = docx.Document(io.BytesIO(data))
    assert "TEMPLATE BODY TEXT" not in all_text(doc)
    assert docx_headings(doc) == docx_headings(belfast.docx["governance"])
    assert list_formats(doc) == list_formats(belfast.docx["governance"])
    heading = doc.styles["Heading 2"].element
    assert heading.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "1"
    assert doc.core_properties.title == "Governance recommendation"


def test_a_reference_doc_that_is_not_one(project: Project, tmp_path: Path) -> None:
    text = tmp_path / "notes.docx"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(CdsError, match="is not a Word document"):
        render(project, [], ["docx"], tmp_path / "out", DATE, reference_doc=text)
    with pytest.raises(CdsError, match="cannot read the reference document"):
        render(project, [], ["docx"], tmp_path / "out", DATE, reference_doc=tmp_path / "x.docx")
    with pytest.raises(CdsError, match="none was asked for"):
        render(
            project, [], ["md"], tmp_path / "out", DATE, reference_doc=_acme(tmp_path / "a.docx")
        )
    assert not (tmp_path / "out").exists()


# The command ---------------------------------------------------------------------------------


def test_cds_report_format_all_and_docx(cds: Any, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "all"
    result = cds("report", "-C", str(project.root), "--format", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "summary.md, summary.html, summary.docx" in result.output
    made = {p.suffix for p in out.iterdir()}
    assert made == {f".{f}" for f in OUTPUT_FORMATS}
    result = cds(
        "report", "agreement", "-C", str(project.root), "-f", "docx", "--out", str(tmp_path / "w")
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "w").iterdir()] == ["agreement.docx"]
    assert "to-do" in result.output  # the same to-dos as the Markdown


def test_without_python_docx_the_message_says_what_to_install(
    cds: Any, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now fails
    result = cds("report", "-C", str(project.root), "-f", "all", "--out", str(tmp_path / "o"))
    assert result.exit_code != 0
    assert 'pip install "citydata-share[docx]"' in result.output
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_unknown_format_lists_the_formats(cds: Any, project: Project) -> None:
    result = cds("report", "-C", str(project.root), "-f", "pdf")
    assert result.exit_code != 0
    assert "md, html, docx, or all" in result.output


def _imported(*args: str, cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "citydata_share", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={"PATH": "", "NO_COLOR": "1", "COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    "args", [["--help"], ["status"], ["report", "--help"], ["report", "-f", "md", "--out", "o"]]
)
def test_only_word_output_imports_python_docx(args: list[str], project: Project) -> None:
    loaded = _imported(*args, cwd=project.root)
    assert "typer" in loaded
    assert "docx" not in loaded and "lxml" not in loaded
