"""The frame every document sits in: to-dos recorded as shown, the summary's honest states,
the full project report, and what `cds report` says."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from citydata_share.render import env as render_env
from citydata_share.render.documents import (
    Document,
    documents,
    load_sources,
    render,
    rendered,
)
from citydata_share.render.gaps import Gap, recording
from citydata_share.store import Project
from test_render_markdown import belfast_project, hostile_project, nearly_empty_project

DATE = dt.date(2024, 5, 17)


def _outcomes(project: Project, out: Path) -> dict[str, Any]:
    names = [d.name for d in documents()]
    return {o.document.name: o for o in render(project, names, ("md", "html"), out, DATE)}


def _read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


# One honest rule ------------------------------------------------------------------------


def test_gap_records_what_it_shows_once_each() -> None:
    env = render_env.make_env()
    template = env.from_string(
        '{{ gap("A", "cds x") }} {{ gap("B", fix="do y") }} {{ gap("A", "cds x") }}'
    )
    with recording() as shown:
        text = template.render()
    assert shown == [Gap("A", "cds x"), Gap("B", None, "do y"), Gap("A", "cds x")]
    assert text.count("**To do:**") == 3 and "B: do y." in text
    assert str(Gap("B", None, "do y")) == "B: do y"
    template.render()  # outside a recording: shown, not recorded, no error


@pytest.mark.parametrize("maker", [belfast_project, nearly_empty_project, hostile_project])
def test_a_document_has_gaps_exactly_when_it_shows_a_to_do(maker: Any, tmp_path: Path) -> None:
    project = maker(tmp_path)
    outcomes = _outcomes(project, tmp_path / "out")
    sources = load_sources(project, DATE)
    for doc in documents():
        md, html = rendered(sources, doc, "md"), rendered(sources, doc, "html")
        assert md.gaps == html.gaps, doc.name  # the same to-dos in both formats
        assert ("**To do:**" in md.text) == bool(md.gaps), doc.name
        assert ('class="gap"' in html.text) == bool(html.gaps), doc.name
        assert md.text.count("**To do:**") >= len(md.gaps), doc.name
        assert outcomes[doc.name].gaps == md.gaps, doc.name
        assert outcomes[doc.name].complete == (not md.gaps), doc.name


def test_a_gap_shown_is_listed_and_the_summary_says_so(tmp_path: Path) -> None:
    project = belfast_project(tmp_path)
    path = project.card_path("data-systems")
    text = path.read_text(encoding="utf-8")
    title = "Commercial waste collections"  # the first dataset; its format goes
    assert f"  - title: {title}\n" in text and "    format: CSV extract\n" in text
    path.write_text(text.replace("    format: CSV extract\n", "", 1), encoding="utf-8")
    out = tmp_path / "out"
    outcomes = _outcomes(project, out)
    todo = f"Give the format of {title}: run `cds discover data-systems`"
    assert outcomes["data-inventory"].incomplete == [todo]
    assert f"**To do:** Give the format of {title}" in _read(out, "data-inventory.md")
    summary = _read(out, "summary.md")
    assert "| [Data inventory](data-inventory.md) |" in summary
    assert re.search(r"\[Data inventory\].*\| 1 to-do, marked in the document \|", summary)
    assert '<span class="state state-in-progress">1 to-do</span>' in _read(out, "summary.html")
    assert f"Give the format of {title}" in _read(out, "report.md")


def test_no_gap_shown_means_complete_everywhere(tmp_path: Path) -> None:
    project = belfast_project(tmp_path)
    out = tmp_path / "out"
    outcomes = _outcomes(project, out)
    for name in ("canvas", "readiness", "team", "ecosystem", "data-inventory", "summary"):
        assert outcomes[name].complete, (name, outcomes[name].incomplete)
        assert "**To do:**" not in _read(out, f"{name}.md"), name
    summary = _read(out, "summary.md")
    assert "has gaps" not in summary
    rows = [line for line in summary.split("\n") if re.match(r"\| \[.*\]\(.*\.md\) \|", line)]
    # The agreement draft always leaves parts to the legal advisers, and says how many.
    drafts = [row for row in rows if row.startswith("| [Data sharing agreement (draft)]")]
    count = len(outcomes["agreement"].incomplete)
    assert count and drafts == [drafts[0]] and f"| {count} to-dos, marked" in drafts[0]
    others = [row for row in rows if row not in drafts]
    assert others and all(row.endswith("| complete |") for row in others)


def test_a_card_file_that_cannot_be_read_points_to_cds_check(
    project: Project, tmp_path: Path
) -> None:
    project.card_path("team").parent.mkdir(exist_ok=True)
    project.card_path("team").write_text("card: team\npeople: [oops\n", encoding="utf-8")
    outcomes = _outcomes(project, tmp_path / "out")
    assert any("run `cds check`" in line for line in outcomes["team"].incomplete)


# The full project report -----------------------------------------------------------------


def _slugs(markdown: str) -> list[str]:
    """Heading anchors as GitHub makes them: repeated ones get -1, -2..."""
    seen: dict[str, int] = {}
    found = []
    fenced = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"#{1,6} (.*)", line)
        if match:
            base = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.append(base if count == 0 else f"{base}-{count}")
    return found


@pytest.mark.parametrize("maker", [belfast_project, nearly_empty_project])
def test_the_report_holds_every_document_under_one_title(maker: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(maker(tmp_path), ["report"], ("md", "html"), out, DATE)
    md, html = _read(out, "report.md"), _read(out, "report.html")
    headings = re.findall(r"^(#+) (.*)$", re.sub(r"```.*?```", "", md, flags=re.S), re.M)
    assert [t for level, t in headings if level == "#"] == ["Full project report"]
    assert html.count("<h1") == 1
    parts = [d.title for d in documents() if d.name != "report"]
    h2 = [t for level, t in headings if level == "##"]
    assert h2 == ["Contents", "Where the project stands", *parts, "About this document"]
    # links inside the one file land on a heading (Markdown) or an id (HTML)
    anchors = set(_slugs(md))
    for target in re.findall(r"\]\(#([^)]+)\)", md):
        assert target in anchors, target
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "an id used twice"
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, target
    assert 'href="team.html"' not in html and "](team.md)" not in md


def test_the_report_takes_in_each_document_body_with_headings_moved_down(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    render(belfast_project(tmp_path), [], ("md", "html"), out, DATE)
    report_md, report_html = _read(out, "report.md"), _read(out, "report.html")
    assert "### Power and interest" in report_md  # "## Power and interest" in team.md
    assert "<h3>Power and interest</h3>" in report_html
    assert "<svg" in report_html  # the charts come along
    team_body = _read(out, "team.md").split("\n\n", 2)[2].split("\n---\n")[0]
    first_paragraph = team_body.split("\n\n")[0]
    assert first_paragraph in report_md
    assert report_md.count("## About this document") == 1  # one provenance, at the end


def test_a_document_added_later_is_in_the_report_without_editing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citydata_share.render import contexts
    from citydata_share.render import documents as documents_module

    folder = tmp_path / "templates"
    shutil.copytree(render_env.find_templates(), folder)  # type: ignore[arg-type]
    for ext in ("md", "html"):
        (folder / f"extra.{ext}.j2").write_text(
            f'{{% extends "base.{ext}.j2" %}}{{% block body %}}\n'
            'EXTRA BODY {{ gap("Extra gap", "cds extra") }}\n{% endblock %}\n',
            encoding="utf-8",
        )
    monkeypatch.setattr(render_env, "environment", lambda: render_env.make_env(folder))
    original = documents_module.documents
    extra = Document("extra", "Extra document", "Added later.", ("team",), contexts.team)
    monkeypatch.setattr(
        documents_module, "documents", lambda: (*original()[:-1], extra, original()[-1])
    )
    out = tmp_path / "out"
    project = belfast_project(tmp_path)
    outcomes = {o.document.name: o for o in render(project, ["report"], ("md",), out, DATE)}
    md = _read(out, "report.md")
    assert "## Extra document" in md and "EXTRA BODY" in md
    assert "- [Extra document](#extra-document)" in md
    assert "Extra gap: run `cds extra`" in outcomes["report"].incomplete


def test_where_the_project_stands_uses_the_cards_own_figures(tmp_path: Path) -> None:
    from citydata_share.cards.approvals import Approvals, screening_outcome
    from citydata_share.cards.business_case import BusinessCase, appraise, pounds
    from citydata_share.cards.governance import Governance, governance_recommendation

    project = belfast_project(tmp_path)
    out = tmp_path / "out"
    render(project, ["report"], ("md", "html"), out, DATE)
    md = _read(out, "report.md")
    sources = load_sources(project, DATE)
    case = sources.model("business-case")
    assert isinstance(case, BusinessCase)
    assert f"| Net present social value | **{pounds(appraise(case).npsv)}**" in md
    governance = sources.model("governance")
    assert isinstance(governance, Governance)
    assert f"| Governance | **{governance_recommendation(governance).outcome.label}**" in md
    approvals = sources.model("approvals")
    assert isinstance(approvals, Approvals)
    outcome = screening_outcome(approvals.dpia_screening).outcome.label
    assert f"| DPIA screening | **{outcome}**" in md


def test_an_empty_project_report_names_the_command_for_each_slot(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    render(project, ["report"], ("md",), out, DATE)
    md = _read(out, "report.md")
    for command in ("cds prepare approvals", "cds prepare governance", "cds prepare business-case"):
        assert f"run `{command}`" in md.split("### The cards")[0], command


# What `cds report` says ------------------------------------------------------------------


def test_report_lists_files_and_each_documents_to_dos(cds: Any, tmp_path: Path) -> None:
    project = nearly_empty_project(tmp_path)
    result = cds("report", "-C", str(project.root), "--date", "2024-05-17")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Wrote into ") and lines[0].endswith("reports/:")
    assert "  Team and stakeholder map: team.md, team.html (2 to-dos)" in lines
    assert "    - Add the people involved, by role: run `cds discover team`" in lines
    canvas = lines.index(next(line for line in lines if line.startswith("  Data Sharing Canvas:")))
    assert lines[canvas].endswith("(6 to-dos)")
    assert lines[canvas + 6] == "    - and 1 more, marked in the document"
    report = next(line for line in lines if line.startswith("  Full project report:"))
    assert "not listed above" in report
    assert "Skipped Readiness assessment: nothing answered yet" in result.output


def test_report_says_complete_when_nothing_is_left(cds: Any, tmp_path: Path) -> None:
    project = belfast_project(tmp_path)
    result = cds("report", "team", "canvas", "-C", str(project.root), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert "  Team and stakeholder map: team.md, team.html (complete)" in result.output
    assert "  Data Sharing Canvas: canvas.md, canvas.html (complete)" in result.output
