"""Every Markdown document, read by a CommonMark parser: no structural faults.

Three projects: the Belfast example, a nearly empty one, and one where every answer of every
card (and the project's own names) is hostile text built to open a heading, a list, a quote,
a code block, a table or raw HTML. See tests/markdown_checks.py for the checks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from citydata_share.project import ProjectConfig
from citydata_share.render.documents import documents, render
from citydata_share.store import Project, create_project, open_project
from doc_projects import fill_every_card
from markdown_checks import structure_problems

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
DATE = dt.date(2024, 5, 17)

# One line per way an answer could make a block of its own; each starts with the sentinel.
HOSTILE_LINES = (
    "# INJECTHEADING",
    "INJECTSETEXT",
    "===",
    "- INJECTLIST",
    "1. INJECTLIST",
    "> INJECTQUOTE",
    "    INJECTCODE",
    "```",
    "INJECTFENCE",
    "```",
    "| INJECTTABLE | x |",
    "|---|---|",
    "<div>INJECTHTML</div>",
    "",
    "",
    "<b>bold</b> *stars* _under_ [link](http://x) {{ 7 * 7 }} | pipe",
    "INJECTSETEXT2",
    "---",
)


def hostile(serial: int) -> str:
    return f"Answer {serial}\n" + "\n".join(HOSTILE_LINES)


def _write_all(project: Project, out: Path) -> dict[str, str]:
    render(project, [d.name for d in documents()], ("md", "html"), out, DATE)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def belfast_project(tmp: Path) -> Project:
    shutil.copytree(BELFAST, tmp / "belfast", ignore=shutil.ignore_patterns("reports"))
    return open_project(tmp / "belfast")


def nearly_empty_project(tmp: Path) -> Project:
    config = ProjectConfig.model_validate({"name": "Empty", "organisation": "A", "role": "both"})
    project = create_project(tmp / "empty", config, git=False).project
    project.card_path("team").parent.mkdir(exist_ok=True)
    project.card_path("team").write_text("card: team\n", encoding="utf-8")
    return project


def hostile_project(tmp: Path) -> Project:
    line = " ".join(HOSTILE_LINES[:1]) + " | INJECTTABLE *x*"  # names are one line
    config = ProjectConfig.model_validate(
        {
            "name": line,
            "description": hostile(0),
            "organisation": "<b>Org</b> | " + line,
            "role": "both",
            "partners": [{"name": "- INJECTLIST partner", "role": "receiver"}],
        }
    )
    project = create_project(tmp / "hostile", config, git=False).project
    serial = itertools.count(1)
    fill_every_card(project, lambda path: hostile(next(serial)))
    return project


MAKERS = {
    "belfast": belfast_project,
    "nearly-empty": nearly_empty_project,
    "hostile": hostile_project,
}


@pytest.fixture(scope="module", params=list(MAKERS))
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp(request.param)
    project = MAKERS[request.param](tmp)
    return _write_all(project, tmp / "out")


def test_every_markdown_document_parses_without_structural_faults(outputs: dict) -> None:
    found = {
        name: structure_problems(text) for name, text in outputs.items() if name.endswith(".md")
    }
    assert len(found) == len(documents())
    assert not {name: problems for name, problems in found.items() if problems}


def test_hostile_answers_reach_the_documents_as_text(tmp_path: Path) -> None:
    files = _write_all(hostile_project(tmp_path), tmp_path / "out")
    assert "INJECTTABLE" in files["summary.md"] and "INJECTHEADING" in files["summary.md"]
    for name, text in files.items():
        if name.endswith(".html"):
            assert "<div>" not in text and "<b>" not in text, name


@pytest.mark.parametrize(
    ("markdown", "fault"),
    [
        ("- one\n- two\nA paragraph after the list\n", "two lines run together"),
        ("First paragraph\nsecond paragraph\n", "two lines run together"),
        ("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", "a table row with 3 cells"),
        ("| a | b |\n|---|---|\n| 1 |  |\n", "a blank table cell"),
        ("## \n\ntext\n", "an empty heading"),
        ("Title\n===\n", "a setext heading"),
        ("# INJECTHEADING\n", "an answer became a heading"),
        ("Text\n\n| INJECTTABLE | x |\n|---|---|\n", "an answer became a table"),
        ("Text\n\n| not | a table\n", "a table row outside a table"),
        ("<div>INJECTHTML</div>\n", "a raw HTML block"),
        ("a <b>b</b>\n", "raw HTML in the text"),
        ("    INJECTCODE\n", "an answer became a code block"),
        ("> quote\n", "a block quote"),
        ("- INJECTLIST\n", "an answer became a list item"),
    ],
)
def test_the_checks_catch_each_fault(markdown: str, fault: str) -> None:
    assert any(fault in problem for problem in structure_problems(markdown)), markdown


def test_the_checks_pass_what_the_templates_write() -> None:
    good = (
        "# Title\n\nA paragraph with a hard  \nbreak.\n\n- one\n- two\n\nAfter.\n\n"
        "| | |\n|---|---|\n| Key | a<br>b \\| c |\n"
    )
    assert structure_problems(good) == []
