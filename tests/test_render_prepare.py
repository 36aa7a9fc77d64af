"""The PREPARE documents: the outline business case and the data quality statement.

Rendered from the Belfast example (figures equal the card's own appraisal), from a nearly
empty project (gaps shown, never "None"), from hostile text (escaped in both formats) and for
a provider-only and a receiver-only project (the card's wording for that role).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from citydata_share.cards.business_case import (
    ESTIMATES_CAVEAT,
    BusinessCase,
    appraise,
    bcr_in_words,
    pounds,
)
from citydata_share.cards.prepare_data import PrepareData, identifier_coverage, quality_statements
from citydata_share.project import ProjectConfig
from citydata_share.render.documents import render
from citydata_share.store import Project, create_project, load_project

DATE = dt.date(2024, 5, 17)
BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
NAMES = ["business-case", "data-quality"]
NASTY = "Pipes | and\nnew lines {{ 7 * 7 }} {% if x %} <script>alert(1)</script> *stars* _u_"


def _render(project: Project, out: Path) -> dict[str, str]:
    render(project, NAMES, ("md", "html"), out, DATE)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def _write(project: Project, card_id: str, data: dict[str, Any]) -> None:
    path = project.card_path(card_id)
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump({"card": card_id, **data}, sort_keys=False), encoding="utf-8")


def _project(tmp_path: Path, role: str) -> Project:
    config = ProjectConfig.model_validate(
        {"name": "Test share", "organisation": "Test Council", "role": role}
    )
    return create_project(tmp_path / f"share-{role}", config, git=False).project


def _markdown_tables_parse(text: str) -> None:
    """Every table written is a table to a CommonMark (+ tables) parser, with its columns."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    written = [line for line in text.split("\n") if re.match(r"^\|[-:|]+\|$", line)]
    assert len(written) == sum(1 for t in tokens if t.type == "table_open")
    for t in tokens:
        if t.type == "inline":
            assert "|---" not in t.content, t.content  # a table swallowed by a paragraph


@pytest.fixture(scope="module")
def belfast(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _render(load_project(BELFAST), tmp_path_factory.mktemp("belfast"))


@pytest.fixture(scope="module")
def belfast_case() -> BusinessCase:
    model = load_project(BELFAST).load_card("business-case")
    assert isinstance(model, BusinessCase)
    return model


# Belfast ----------------------------------------------------------------------------------


def test_belfast_totals_are_the_cards_appraisal(
    belfast: dict[str, str], belfast_case: BusinessCase
) -> None:
    appraisal = appraise(belfast_case)
    assert appraisal.items and appraisal.npsv > 0  # the example has figures to check
    for name in ("business-case.md", "business-case.html"):
        text = belfast[name]
        for amount in (
            appraisal.costs,
            appraisal.benefits,
            appraisal.pv_costs,
            appraisal.pv_benefits,
            appraisal.npsv,
        ):
            assert pounds(amount) in text, (name, amount)
        assert bcr_in_words(appraisal.bcr) in text, name
    assert (
        "| Net present social value | " + pounds(appraisal.npsv) + " |"
        in belfast["business-case.md"]
    )


def test_belfast_years_are_the_cards_cash_flows(
    belfast: dict[str, str], belfast_case: BusinessCase
) -> None:
    flows = appraise(belfast_case).flows
    md, html = belfast["business-case.md"], belfast["business-case.html"]
    for f in flows:
        row = (
            f"| {f.year} | {pounds(f.costs)} | {pounds(f.benefits)} | {pounds(f.net)} | "
            f"{f.discount_factor:.4f} | {pounds(f.pv_costs)} | {pounds(f.pv_benefits)} | "
            f"{pounds(f.pv_benefits - f.pv_costs)} |"
        )
        assert row in md
        assert f'<th scope="row">{f.year}</th><td>{pounds(f.costs)}</td>' in html
        # the chart's text alternative names each year's present values
        assert (
            f"year {f.year}: costs {pounds(f.pv_costs)}, benefits {pounds(f.pv_benefits)}" in html
        )
    chart = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "bar [" + ", ".join(f"{f.pv_costs:.0f}" for f in flows) + "]" in chart
    assert "line [" + ", ".join(f"{f.pv_benefits:.0f}" for f in flows) + "]" in chart


def test_belfast_business_case_states_rates_source_caveat_and_unpriced_benefits(
    belfast: dict[str, str], belfast_case: BusinessCase
) -> None:
    unpriced = appraise(belfast_case).unpriced_benefits
    assert unpriced
    for name in ("business-case.md", "business-case.html"):
        text = belfast[name]
        assert "Green Book social time preference rate: 3.5% a year for years 0 to 30" in text
        assert "then 3.0% a year for years 31 to 75" in text
        assert ESTIMATES_CAVEAT in text
        assert "optimism bias" in text
        for item in unpriced:
            assert item.what.replace("'", "&#39;" if name.endswith("html") else "'") in text
        for heading in ("Strategic case", "Economic case", "Commercial case"):
            assert heading in text
        assert "Financial case" in text and "Management case" in text
        assert "Chief Executive (key player)" in text  # who signs, from the team card
        assert "20 May 2016" in text
    html = belfast["business-case.html"]
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg"', 2)
    assert len(svg) == 2, "one chart"
    assert '<title id="costs-benefits-title">' in html and '<desc id="costs-benefits-desc">' in html
    assert "To do" not in belfast["business-case.md"]  # the example answers everything


def test_belfast_strategic_case_starts_from_the_reasons_card(belfast: dict[str, str]) -> None:
    md = belfast["business-case.md"]
    strategic = md.split("## Strategic case", 1)[1].split("\n## ", 1)[0]
    for heading in (
        "### User needs",
        "### The organisation's aims",
        "### Reasons to share",
        "### Why sharing is needed",
        "### Links to national and regional policy",
        "### Similar projects elsewhere",
        "### The case for change",
    ):
        assert heading in strategic
    assert "Bring in revenue" in strategic
    assert "As a rates officer, I need a list of premises" in strategic
    # the reasons card's part comes first
    assert strategic.index("### User needs") < strategic.index("### The case for change")


def test_belfast_data_quality_statement_for_every_dataset(belfast: dict[str, str]) -> None:
    model = load_project(BELFAST).load_card("prepare-data")
    assert isinstance(model, PrepareData)
    md, html = belfast["data-quality.md"], belfast["data-quality.html"]
    for statement in quality_statements(model):
        assert f"### {statement.dataset}" in md
        for item in statement.items:
            assert item.text and item.text in md, (statement.dataset, item.heading)
    for identifier, datasets in identifier_coverage(model).linkable.items():
        assert f"| {identifier} | {'; '.join(datasets)} | Yes: {len(datasets)} datasets |" in md
    for term in model.glossary:
        assert f"<dt>{term.term}</dt>" in html
    assert "Waste management system, customer table" in md  # metadata from data-systems
    assert "Yes, alongside shared identifiers" in md  # matching tools
    assert "The Head of Analysis reviews the match rates" in md  # continual evaluation
    assert "Split free-text addresses" in md and "Data Analyst" in md  # problem, remedy, owner
    assert "To do" not in md


def test_belfast_markdown_is_well_formed(belfast: dict[str, str]) -> None:
    for name in ("business-case.md", "data-quality.md"):
        _markdown_tables_parse(belfast[name])


# Nearly empty -----------------------------------------------------------------------------


def test_nearly_empty_project_shows_gaps_and_never_none(project: Project, tmp_path: Path) -> None:
    _write(project, "business-case", {"costs_and_benefits": [{"what": "Analyst time"}]})
    _write(project, "data-systems", {"datasets": [{"title": "Waste rounds"}]})
    files = _render(project, tmp_path / "out")
    for name, text in files.items():
        assert "None" not in text, name
        assert "[]" not in text and "{{" not in text and "{%" not in text, name
        if name.endswith(".md"):
            assert "**To do:**" in text, name
            _markdown_tables_parse(text)
            assert not re.search(r"^#+ .*\n\n#+ ", text, re.MULTILINE) or all(
                len(b) > len(a) for a, b in re.findall(r"^(#+) .*\n\n(#+) ", text, re.MULTILINE)
            ), name
        else:
            assert 'class="gap"' in text, name
            assert not re.search(r"<td>\s*</td>", text), name
    md = files["business-case.md"]
    assert "**To do:** Set out the case for change: run `cds prepare business-case`." in md
    assert (
        "**To do:** Say which user needs the data will help meet: run `cds discover reasons`." in md
    )
    assert "'Analyst time' is not counted: it is not said to be a cost or a benefit." in md
    assert "appear here once a cost or benefit has an amount and a year" in md
    assert "_no figures yet_" in md
    dq = files["data-quality.md"]
    assert "**To do:** Prepare the dataset 'Waste rounds': run `cds prepare prepare-data`." in dq
    assert "**To do:** Prepare the datasets and describe their quality" in dq


def test_a_partly_prepared_dataset_shows_each_missing_fact(
    project: Project, tmp_path: Path
) -> None:
    _write(
        project,
        "prepare-data",
        {
            "datasets": [
                {
                    "dataset": "Waste rounds",
                    "provenance": "Crews' tablets",
                    "problems": [{"problem": "Gaps in winter"}],
                }
            ],
            "glossary": [{"term": "UPRN"}],
        },
    )
    md = _render(project, tmp_path / "out")["data-quality.md"]
    assert "| Provenance | Crews' tablets |" in md
    assert "| Format | **To do:** Say what format it will be shared in: run `cds prepare" in md
    assert "| Gaps in winter | **To do:** Say how it will be put right" in md
    assert "| UPRN | **To do:** Say what the term means" in md
    assert "**To do:** Add this dataset to the data-systems card" in md  # not on that card


# Hostile text -----------------------------------------------------------------------------


def _hostile(project: Project) -> None:
    _write(
        project,
        "business-case",
        {
            "process": NASTY,
            "consulted": [NASTY],
            "strategic": {"case_for_change": NASTY, "expected_outcomes": [NASTY]},
            "economic": {"options": [{"name": NASTY, "description": NASTY, "preferred": True}]},
            "costs_and_benefits": [
                {
                    "what": NASTY,
                    "kind": "cost",
                    "recurrence": "one-off",
                    "amount": 100,
                    "first_year": 0,
                    "who": [NASTY],
                },
                {"what": NASTY + " 2", "kind": "benefit", "monetised": False},
            ],
            "management": {"milestones": [{"name": NASTY, "owner": NASTY}]},
        },
    )
    _write(
        project,
        "reasons",
        {
            "user_needs": [NASTY],
            "exchanges": [{"organisation": NASTY, "gives": NASTY, "gets": NASTY}],
        },
    )
    _write(project, "data-systems", {"datasets": [{"title": NASTY, "description": NASTY}]})
    _write(
        project,
        "prepare-data",
        {
            "datasets": [
                {
                    "dataset": NASTY,
                    "provenance": NASTY,
                    "other_identifiers": [NASTY],
                    "problems": [{"problem": NASTY, "remedy": NASTY, "owner": NASTY}],
                }
            ],
            "glossary": [{"term": NASTY, "meaning": NASTY}],
        },
    )


def test_hostile_text_is_escaped_in_both_formats(project: Project, tmp_path: Path) -> None:
    _hostile(project)
    files = _render(project, tmp_path / "out")
    for name, text in files.items():
        assert "<script>" not in text, name
        assert "49" not in text.replace("2024", ""), name  # {{ 7 * 7 }} never evaluated
        if name.endswith(".html"):
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, name
            assert "{{ 7 * 7 }} {% if x %}" in text, name
        else:
            assert "{{ 7 \\* 7 }} {% if x %}" in text, name
            assert "Pipes \\| and<br>new lines" in text, name  # in a table cell
            _markdown_tables_parse(text)
            for i, line in enumerate(lines := text.split("\n")):
                if re.match(r"^\|[-:|]+\|$", line):
                    width = _cells(line)
                    assert _cells(lines[i - 1]) == width, (name, lines[i - 1])
                    for row in lines[i + 1 :]:
                        if not row.startswith("|"):
                            break
                        assert _cells(row) == width, (name, row)


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


# Provider and receiver --------------------------------------------------------------------


def test_provider_only_wording(tmp_path: Path) -> None:
    files = _render(_project(tmp_path, "provider"), tmp_path / "out")
    md, dq = files["business-case.md"], files["data-quality.md"]
    assert "## Commercial case: the licence and any charge for the data" in md
    assert "### Licence" in md and "### A charge for the data?" in md
    assert "Sources of similar data compared" not in md
    assert "Licences we will be asked to accept" not in md
    assert "As the data provider" not in md  # no sub-heading when there is one side
    assert "for an organisation that provides the data." in md
    assert "Include technical changes to provide the data" in md  # the card's own wording
    assert "### What the users of the data need" in dq


def test_receiver_only_wording(tmp_path: Path) -> None:
    files = _render(_project(tmp_path, "receiver"), tmp_path / "out")
    md, html, dq = files["business-case.md"], files["business-case.html"], files["data-quality.md"]
    assert "## Commercial case: the sources compared and the terms you will accept" in md
    assert "### Sources of similar data compared" in md
    assert "### Licences we will be asked to accept" in md
    assert "### Licence\n" not in md and "A charge for the data?" not in md
    assert "for an organisation that receives the data." in md
    assert "Include technical changes to receive the data and any cleaning it needs" in md
    assert '<h2 id="case-commercial">Commercial case: the sources compared' in html
    assert "### How our own data is made ready to use with the data we receive" in dq


def test_both_roles_show_each_side_under_its_own_heading(project: Project, tmp_path: Path) -> None:
    md = _render(project, tmp_path / "out")["business-case.md"]
    commercial = md.split("## Commercial case", 1)[1].split("\n## ", 1)[0]
    assert commercial.index("### As the data provider") < commercial.index("#### Licence")
    assert commercial.index("### As the data receiver") < commercial.index(
        "#### Sources of similar data compared"
    )


def test_made_once_their_own_card_is_started(project: Project, tmp_path: Path) -> None:
    """Reasons, team and data-systems alone do not make the PREPARE documents."""
    _write(project, "reasons", {"user_needs": ["Find empty shops"]})
    _write(project, "team", {})
    _write(project, "data-systems", {"datasets": [{"title": "Waste rounds"}]})
    outcomes = {o.document.name: o for o in render(project, out=tmp_path / "a", date=DATE)}
    assert outcomes["business-case"].skipped == (
        "nothing answered yet; start with `cds prepare business-case`"
    )
    assert outcomes["data-quality"].skipped == (
        "nothing answered yet; start with `cds prepare prepare-data`"
    )
    _write(project, "business-case", {})
    _write(project, "prepare-data", {})
    outcomes = {o.document.name: o for o in render(project, out=tmp_path / "b", date=DATE)}
    assert outcomes["business-case"].written and outcomes["data-quality"].written


# The chart --------------------------------------------------------------------------------


def test_chart_scale_labels_and_text_alternative() -> None:
    from citydata_share.render import svg

    assert [svg.money_short(v) for v in (950, 1500, 12_000, 89_000, 1_250_000)] == [
        "£950",
        "£1.5k",
        "£12k",
        "£89k",
        "£1.2m",
    ]
    assert svg.nice_step(89_000) == 25_000 and svg.nice_step(0) == 1.0
    chart = str(
        svg.costs_benefits_chart(
            [svg.YearAmounts(0, 1000, 0), svg.YearAmounts(1, 0, 2500)], title="<b>Costs</b>"
        )
    )
    assert '<title id="costs-benefits-title">&lt;b&gt;Costs&lt;/b&gt;</title>' in chart
    assert "year 0: costs £1,000, benefits £0; year 1: costs £0, benefits £2,500" in chart
    assert chart.count("<rect") == 1 + 2 + 2  # the hatch pattern, two bars, two swatches
    many = str(svg.costs_benefits_chart([svg.YearAmounts(y, 10, 20) for y in range(40)]))
    assert ">Year 35<" in many and ">Year 36<" not in many  # every fifth year labelled
