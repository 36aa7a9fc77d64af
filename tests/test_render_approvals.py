"""The approvals record and the data sharing agreement draft: Belfast, a nearly empty
project, the DPIA outcome and risk grid as the card's functions give them, hostile text."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markupsafe import escape

from citydata_share.cards.approvals import Approvals
from citydata_share.cards.dpia import (
    Art35Criterion,
    EdpbCriterion,
    IcoCriterion,
    IcoWithAnotherCriterion,
    Likelihood,
    Severity,
    risk_level,
    screening_outcome,
)
from citydata_share.render import svg
from citydata_share.render.contexts_approvals import BANNER, approvals
from citydata_share.render.documents import load_sources, render
from citydata_share.render.env import md_text
from citydata_share.store import Project, open_project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "belfast"
DATE = dt.date(2024, 5, 17)
NASTY = "Pipes | and\nnew lines {{ 7 * 7 }} {% if x %} <script>alert(1)</script> *stars*"
DOCS = ("approvals", "agreement")


def _render(project: Project, out: Path) -> dict[str, str]:
    render(project, DOCS, ("md", "html"), out, DATE)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def _write(project: Project, card_id: str, data: dict[str, Any]) -> None:
    path = project.card_path(card_id)
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump({"card": card_id, **data}, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def belfast(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _render(open_project(EXAMPLE), tmp_path_factory.mktemp("belfast"))


def _belfast_card() -> Approvals:
    model = load_sources(open_project(EXAMPLE), DATE).model("approvals")
    assert isinstance(model, Approvals)
    return model


def _sections(markdown: str) -> dict[str, str]:
    """The text under each `## ` heading, by heading (the provenance footer left out)."""
    body = markdown.split("\n---\n", 1)[0]
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def _well_formed(markdown: str) -> None:
    """Every heading and table the template meant is one CommonMark sees."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == len(re.findall(r"^#+ ", markdown, re.MULTILINE))
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == len(re.findall(r"^\|---", markdown, re.MULTILINE))


# Belfast: the approvals record -----------------------------------------------------------


def test_belfast_screening_outcome_and_reasons_as_the_card_gives_them(
    belfast: dict[str, str],
) -> None:
    found = screening_outcome(_belfast_card().dpia_screening)
    md, html = belfast["approvals.md"], belfast["approvals.html"]
    assert f"### Outcome: {found.outcome.label}" in md
    assert f"<h3>Outcome: {found.outcome.label}</h3>" in html
    assert found.reasons  # Belfast's screening has its reasons
    for reason in (*found.reasons, *found.notes):
        assert md_text(reason) in md
        assert str(escape(reason)) in html
    # who screened, when, the DPO, the next step, and the rules with their sources
    assert "| Screened on | 28 June 2016 |" in md
    assert "| Screened by | Information Governance Lead |" in md
    assert "| Data Protection Officer consulted | Yes, on 30 June 2016 |" in md
    assert "| Next step | A full DPIA, led by" in md
    for source in ("UK GDPR Article 35(3)", "ICO", "EDPB", "WP248 rev.01"):
        assert source in md and source in html


def test_belfast_every_criterion_shown_ticked_or_not_with_its_note(
    belfast: dict[str, str],
) -> None:
    md = belfast["approvals.md"]
    screening = _belfast_card().dpia_screening
    ticked = {*screening.art35, *screening.ico, *screening.ico_with_another, *screening.edpb}
    for members in (Art35Criterion, IcoCriterion, IcoWithAnotherCriterion, EdpbCriterion):
        for member in members:
            mark = "**☑ Yes**" if member in ticked else "☐ No"
            assert re.search(
                rf"^\| (\*\*)?{re.escape(member.short)}(\*\*)? \| {re.escape(mark)} \|",
                md,
                re.MULTILINE,
            ), member
    for note in screening.criterion_notes:
        assert md_text(note.note) in md


def test_belfast_approvals_record_has_every_part(belfast: dict[str, str]) -> None:
    md, html = belfast["approvals.md"], belfast["approvals.html"]
    for heading in (
        "Where the approvals stand",
        "Legal power and advice",
        "Agreements",
        "Personal data",
        "DPIA screening",
        "Privacy notice",
        "Ethics",
        "Risk register",
    ):
        assert f"## {heading}" in md and f"<h2>{heading}</h2>" in html
    # Belfast is both provider and receiver: both parts of the legal section appear
    assert "### As a provider: data collected for us" in md
    assert "### As a receiver: approvals for the new data" in md
    # the checklist's statuses; the privacy notice still to do
    assert "| Privacy notice | **To do** | Update it for the share. |" in md
    # the datasets the data-systems card flags for privacy
    assert "| Commercial waste collections | Not sure yet |" in md
    assert "Collaboration agreement with Future Cities Catapult" in html
    assert "15 July 2016" in md
    _well_formed(md)


# The risk grid ---------------------------------------------------------------------------


def _cells_of(chart: str) -> list[tuple[float, float, float, float, str]]:
    """The grid's cells from the SVG: (x, y, width, height, level written in it)."""
    root = ET.fromstring(chart)
    ns = "{http://www.w3.org/2000/svg}"
    rects = [r for r in root.iter(f"{ns}rect")]
    texts = [
        (float(t.get("x", 0)), float(t.get("y", 0)), t.text or "") for t in root.iter(f"{ns}text")
    ]
    cells = []
    for r in rects:
        x, y, w, h = (float(r.get(k, 0)) for k in ("x", "y", "width", "height"))
        level = next(
            text
            for tx, ty, text in texts
            if x < tx < x + w and y < ty < y + h and text in ("Low", "Medium", "High")
        )
        cells.append((x, y, w, h, level))
    return cells


def _numbers_in(chart: str) -> dict[int, tuple[float, float]]:
    root = ET.fromstring(chart)
    ns = "{http://www.w3.org/2000/svg}"
    return {
        int(t.text): (float(t.get("x", 0)), float(t.get("y", 0)))
        for t in root.iter(f"{ns}text")
        if t.text and t.text.isdigit()
    }


def test_risk_grid_places_each_risk_in_its_cell(project: Project) -> None:
    risks = [
        {"risk": "Re-identified", "likelihood": "possible", "severity": "significant"},
        {"risk": "Leaked", "likelihood": "remote", "severity": "severe"},
        {"risk": "Kept too long", "likelihood": "possible", "severity": "minimal"},
        {"risk": "Wrong business", "likelihood": "probable", "severity": "significant"},
        {"risk": "Misread", "likelihood": "probable", "severity": "significant"},
        {"risk": "Not yet scored"},
    ]
    _write(project, "approvals", {"risks": risks})
    context = approvals(load_sources(project, DATE))
    chart = str(context["grid"]["chart"])
    cells = _cells_of(chart)
    assert len(cells) == 9
    # rows top to bottom: probable, possible, remote; columns: minimal, significant, severe
    rows = [Likelihood.PROBABLE, Likelihood.POSSIBLE, Likelihood.REMOTE]
    columns = [Severity.MINIMAL, Severity.SIGNIFICANT, Severity.SEVERE]
    ordered = sorted(cells, key=lambda c: (c[1], c[0]))
    where: dict[tuple[Likelihood, Severity], tuple[float, float, float, float]] = {}
    for n, (x, y, w, h, level) in enumerate(ordered):
        likelihood, severity = rows[n // 3], columns[n % 3]
        assert level == risk_level(likelihood, severity).label, (likelihood, severity)
        where[(likelihood, severity)] = (x, y, w, h)
    numbers = _numbers_in(chart)
    for number, risk in enumerate(risks, start=1):
        if "likelihood" not in risk:
            assert number not in numbers  # an unscored risk is not placed...
            continue
        x, y, w, h = where[(Likelihood(risk["likelihood"]), Severity(risk["severity"]))]
        tx, ty = numbers[number]
        assert x < tx < x + w and y < ty < y + h, (number, risk)
    assert context["grid"]["unplaced"] == [6]
    # ...and the documents ask for its scores; the Markdown grid is a table with the same cells
    files = _render(project, project.root / "out")
    assert "**To do:** Give a likelihood and a severity to risk 6" in files["approvals.md"]
    assert "| **Probable** | Medium: none | High: **4, 5** | High: none |" in files["approvals.md"]
    assert "| **Possible** | Low: **3** | Medium: **1** | High: none |" in files["approvals.md"]
    assert "| **Remote** | Low: none | Low: none | Medium: **2** |" in files["approvals.md"]
    assert "Probable and significant (high): risks 4, 5" in files["approvals.html"]


def test_belfast_risk_grid_matches_the_card(belfast: dict[str, str]) -> None:
    md = belfast["approvals.md"]
    for number, risk in enumerate(_belfast_card().risks, start=1):
        assert risk.level is not None
        assert (
            f"| {number} | {md_text(risk.risk)} | {risk.likelihood.label} | "
            f"{risk.severity.label} | **{risk.level.label}** |" in md
        )
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in belfast["approvals.html"]
    assert '<title id="risk-grid-title">' in belfast["approvals.html"]


def test_risk_matrix_escapes_its_labels() -> None:
    cell = svg.GridCell("low", "Low", (1,))
    chart = str(svg.risk_matrix(["<b>row</b>"], ["a & b"], [[cell]]))
    ET.fromstring(chart)  # well-formed XML
    assert "<b>" not in chart and "&lt;b&gt;row&lt;/b&gt;" in chart


# The agreement ---------------------------------------------------------------------------


def test_agreement_banner_at_the_top_in_both_formats(
    belfast: dict[str, str], project: Project
) -> None:
    empty = _render(project, project.root / "out")
    for files in (belfast, empty):
        md, html = files["agreement.md"], files["agreement.html"]
        assert BANNER.startswith("DRAFT FOR LEGAL REVIEW: not an agreement until your legal")
        assert md.index(f"**⚠ {BANNER}.**") < md.index("## 1. Parties")
        assert html.index(
            f'<div class="banner" role="note"><strong>{BANNER}.</strong>'
        ) < html.index("<h2>")
        assert "DRAFT FOR LEGAL REVIEW" in html.split("</style>", 1)[0]  # on every printed page


AGREEMENT_PARTS = (
    "1. Parties and their roles",
    "2. Purpose and benefits",
    "3. The data to be shared",
    "4. Legal power and lawful basis",
    "5. Who may access the data, and onward sharing",
    "6. Data standards and accuracy",
    "7. Security",
    "8. Retention and deletion",
    "9. People's rights and transparency",
    "10. Review",
    "11. Ending the agreement, and sanctions",
    "12. Terms for data that is not personal: collaboration agreement or licence",
    "13. Sign-off",
)


def test_agreement_for_a_nearly_empty_project_has_a_to_do_in_every_part(
    project: Project,
) -> None:
    files = _render(project, project.root / "out")
    md, html = files["agreement.md"], files["agreement.html"]
    sections = _sections(md)
    assert list(sections) == list(AGREEMENT_PARTS)
    for heading, text in sections.items():
        assert "**To do:**" in text, heading
    for sub in ("Permitted use", "Attribution and licence", "Charging and re-use", "Liability"):
        part = md.split(f"### {sub}", 1)[1].split("###", 1)[0]
        assert "**To do:**" in part, sub
    html_parts = re.split(r"<h2>", html.split('<footer class="provenance">', 1)[0])[1:]
    assert len(html_parts) == len(AGREEMENT_PARTS)
    for part in html_parts:
        assert 'class="gap"' in part, part[:60]
    for name, text in files.items():
        assert "None" not in text, name
        assert "{{" not in text and "{%" not in text, name
        assert not re.search(r"<td>\s*</td>", text), name
    assert "run `cds prepare approvals`" in md
    assert "run `cds share review`" in md
    assert "run `cds prepare governance`" in md  # who signs
    assert "a point for your legal advisers" in md  # sanctions, liability: no card holds them
    _well_formed(md)
    _well_formed(files["approvals.md"])


def test_belfast_agreement_is_filled_from_the_cards(belfast: dict[str, str]) -> None:
    md = belfast["agreement.md"]
    sections = _sections(md)
    assert list(sections) == list(AGREEMENT_PARTS)
    assert "| Future Cities Catapult | Receives data | cds.yaml (partner) |" in md
    assert "- Collect all the business rates the Council is owed" in md
    assert "| Commercial waste collections | Premises that pay the Council" in md
    assert "- No names of individuals; business names only where they are part of the address" in md
    assert "| Statute, gateway or function | The Council's general power of competence" in md
    assert "| Every access logged | Yes |" in md
    assert "| Future Cities Catapult | Delete it | 31 January 2017 | Yes, 20 January 2017 |" in md
    assert "None due: the share is retired (confirmed 3 February 2017)" in md
    assert "| Building control | UPRNs and addresses come from the Land & Property Services" in md
    assert "| Signed by | Chief Executive |" in md
    assert md.count("| Signature | ") == 3  # one block per party
    assert belfast["agreement.html"].count('class="signature"') == 3
    # the benefit's present value is the business case's own figure
    from citydata_share.cards.business_case import BusinessCase, appraise, pounds

    case = load_sources(open_project(EXAMPLE), DATE).model("business-case")
    assert isinstance(case, BusinessCase)
    for figures in appraise(case).items:
        if not figures.is_cost:
            assert f"| {pounds(figures.present_value)} |" in md
    _well_formed(md)


def test_agreement_for_non_personal_data_serves_as_a_licence(project: Project) -> None:
    _write(project, "approvals", {"personal_data": "no"})
    md = _render(project, project.root / "out")["agreement.md"]
    assert "serves as a collaboration agreement or licence, as Belfast made one" in md
    assert "no lawful basis under UK GDPR is needed" in md
    assert "controller, a joint controller or a processor" not in md


# Hostile text ----------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_both_documents_and_formats(project: Project) -> None:
    _write(
        project,
        "approvals",
        {
            "power": "other",
            "power_other": NASTY,
            "power_detail": NASTY,
            "agreements": [{"title": NASTY, "parties": [NASTY], "notes": NASTY}],
            "dpia_screening": {
                "screened_by": NASTY,
                "criterion_notes": [{"criterion": "ico-tracking", "note": NASTY}],
                "next_step": NASTY,
            },
            "ethical_issues": NASTY,
            "risks": [
                {"risk": NASTY, "likelihood": "possible", "severity": "severe", "owner": NASTY}
            ],
        },
    )
    _write(project, "reasons", {"user_needs": [NASTY], "minimum_data": [NASTY]})
    _write(project, "review", {"end_actions": [{"party": NASTY, "action": "delete"}]})
    files = _render(project, project.root / "out")
    for name, text in files.items():
        assert "<script>" not in text, name
        assert "49" not in text.replace("2024", ""), name  # {{ 7 * 7 }} was never evaluated
        if name.endswith(".html"):
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, name
            assert "{{ 7 * 7 }} {% if x %}" in text, name
        else:
            assert "{{ 7 \\* 7 }} {% if x %}" in text, name
            lines = text.split("\n")
            for i, line in enumerate(lines):  # no table broken by a pipe or a new line
                if line.startswith("|---"):
                    columns = _cells(line)
                    assert _cells(lines[i - 1]) == columns, (name, lines[i - 1])
                    for row in lines[i + 1 :]:
                        if not row.startswith("|"):
                            break
                        assert _cells(row) == columns, (name, row)
            _well_formed(text)
            for heading in re.findall(r"^#+ .*Pipes.*$", text, re.MULTILINE):
                assert "new lines" in heading, (name, heading)  # a heading stays one line


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1
