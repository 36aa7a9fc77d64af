"""The architecture note, governance recommendation, culture plan and review plan."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import escape

from citydata_share.cards.governance import (
    FLOWCHART,
    Governance,
    Outcome,
    governance_recommendation,
)
from citydata_share.registry import ADDITION_NOTE
from citydata_share.render import mermaid, svg
from citydata_share.render.documents import (
    documents,
    get_documents,
    load_sources,
    render,
    render_document,
)
from citydata_share.store import Project, open_project

BELFAST = Path(__file__).resolve().parents[1] / "examples" / "belfast"
DATE = dt.date(2024, 5, 17)
NAMES = ("architecture", "governance", "culture", "review")
NASTY = "Pipes | and\nnew lines {{ 7 * 7 }} {% if x %} <script>alert(1)</script> *stars*"


def _write(project: Project, card_id: str, answers: dict[str, Any]) -> None:
    path = project.card_path(card_id)
    path.parent.mkdir(exist_ok=True)
    text = yaml.safe_dump({"card": card_id, **answers}, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def _render(project: Project, name: str, fmt: str, date: dt.date = DATE) -> str:
    (document,) = get_documents([name])
    return render_document(load_sources(project, date), document, fmt)


def _svg(html: str, chart_id: str) -> str:
    found = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title.*?</svg>', html, re.S)
    assert found, chart_id
    return found.group(0)


def _mermaid(md: str) -> str:
    return md.split("```mermaid\n", 1)[1].split("```", 1)[0]


def _svg_path(picture: str) -> tuple[set[str], set[str]]:
    """The boxes and arrows the picture draws as on the path."""
    nodes = set(re.findall(r'class="flow-node on-path" data-node="([^"]+)"', picture))
    edges = set(re.findall(r'class="flow-arrow on-path" data-edge="([^"]+)"', picture))
    return nodes, edges


def _mermaid_path(block: str) -> tuple[set[str], set[int]]:
    """The nodes classed as on the path (taken, reached, next) and the links styled heavy."""
    nodes: set[str] = set()
    for line in block.splitlines():
        found = re.match(r"\s+class (\S+) (taken|reached|next)$", line)
        if found:
            nodes |= set(found.group(1).split(","))
    heavy = re.search(r"linkStyle ([\d,]+) stroke:#1d4f91", block)
    links = {int(n) for n in heavy.group(1).split(",")} if heavy else set()
    return nodes, links


def _mermaid_id(node_id: str) -> str:
    return "n_" + re.sub(r"\W", "_", node_id)


# Registered in the toolkit's order --------------------------------------------------------


def test_the_four_documents_are_registered_together_after_discover() -> None:
    names = [d.name for d in documents()]
    at = names.index("architecture")
    assert names[at : at + 4] == list(NAMES)
    assert names.index("data-inventory") < at
    review = get_documents(["review"])[0]
    assert review.cards == ("review",)


# Belfast -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def belfast(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("belfast")
    render(open_project(BELFAST), list(NAMES), ("md", "html"), out, DATE)
    return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


SPECIFIC_PATH = {
    "start",
    "q-working-level",
    "q-personal-data",
    "q-service",
    "outcome-specific-arrangements",
}


def test_belfast_governance_highlights_the_path_to_specific_arrangements(
    belfast: dict[str, str],
) -> None:
    picture = _svg(belfast["governance.html"], "governance-flow")
    nodes, edges = _svg_path(picture)
    assert nodes == SPECIFIC_PATH
    assert edges == {"start-to-working-level", "working-level-no", "personal-data-no", "service-no"}
    # the outcome reached says so in words, and so does every box on the path
    assert 'data-node="outcome-specific-arrangements" data-mark="reached"' in picture
    assert picture.count("✓ Path taken</text>") == 4
    assert "★ Recommended: path taken" in picture
    assert "No (path taken)" in picture
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", picture, re.S)
    assert desc and "Start → Could working-level contacts cover it? No →" in desc.group(1)
    assert desc.group(1).rstrip(".").endswith("Specific new arrangements")

    block = _mermaid(belfast["governance.md"])
    nodes_md, links = _mermaid_path(block)
    assert nodes_md == {_mermaid_id(n) for n in SPECIFIC_PATH}
    edge_index = {e.id: n for n, e in enumerate(FLOWCHART.edges)}
    assert links == {edge_index[e] for e in edges}
    assert block.count("==>") == 4 and block.count("-.->") == 3
    assert "class n_outcome_specific_arrangements reached" in block
    assert (
        "1. Start\n2. Could working-level contacts cover it? **No**\n" in belfast["governance.md"]
    )
    assert "\n5. **Specific new arrangements**\n" in belfast["governance.md"]


def test_belfast_governance_names_arrangements_and_signatories(belfast: dict[str, str]) -> None:
    md = belfast["governance.md"]
    assert "**Specific new arrangements.**" in md
    assert "| Lead organisation | Belfast City Council |" in md
    assert "Belfast City Council; Future Cities Catapult; Land & Property Services" in md
    assert "| Chief Executive | Chief Executive: Sponsor;" in md  # found on the team card
    assert "**To do:**" not in md and 'class="gap"' not in belfast["governance.html"]


def test_belfast_architecture_places_every_flow_on_the_scale(belfast: dict[str, str]) -> None:
    html, md = belfast["architecture.html"], belfast["architecture.md"]
    picture = _svg(html, "architecture-patterns")
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", picture, re.S)
    assert desc is not None
    # the eight patterns, most human effort first, as the card orders them
    assert (
        "(1) In person, (2) Two unconnected systems, (5) Digital shared on paper, "
        "(6) Physical media, (3) One-off over the internet, (4) Through a third party, "
        "(7) Open publication, (8) API" in desc.group(1)
    )
    assert (
        "Flood inspections: today Not shared yet; target (4) Through a third party "
        "(a new flow)" in desc.group(1)
    )
    assert picture.count('width="16" height="16"') == 5 + 1  # a target per flow, and the key
    assert "| (4) Through a third party | _none_ | Commercial waste collections; " in md
    assert "No advice: every flow's planned pattern fits" in md
    assert "| Every access logged | Yes |" in md
    assert "**To do:**" not in md and 'class="gap"' not in html


def test_belfast_culture_and_review(belfast: dict[str, str]) -> None:
    culture = belfast["culture.md"]
    assert "7 actions: 0 open, 0 overdue as at 17 May 2024." in culture
    assert (
        "| Publish the address-matching code on GitHub | Data Analyst | _no date_ | Dropped |"
        in (culture)
    )
    review = belfast["review.md"]
    assert review.count("cds's addition") >= 2  # the banner, and the card's own notes
    assert "**cds's addition:** The toolkit's own feature backlog" in review
    assert str(escape(ADDITION_NOTE.split(": ", 1)[1])) in belfast["review.html"]
    assert "**Retired.**" in review
    assert "| Future Cities Catapult | Delete it | 31 January 2017 | Yes, on 20 January 2017 |" in (
        review
    )
    assert "| Revoked by | Head of IT |" in review


# Every governance outcome draws its own path ------------------------------------------------

CASES = {
    "working-level": (
        {"working_level": True},
        {"start", "q-working-level", "outcome-working-level"},
        None,
    ),
    "personal-data": (
        {
            "working_level": False,
            "personal_data_arrangements": True,
            "personal_data_arrangements_which": "The city's information sharing board",
        },
        {"start", "q-working-level", "q-personal-data", "outcome-personal-data-arrangements"},
        None,
    ),
    "service": (
        {
            "working_level": False,
            "personal_data_arrangements": False,
            "service_arrangements": True,
        },
        {
            "start",
            "q-working-level",
            "q-personal-data",
            "q-service",
            "outcome-service-arrangements",
        },
        None,
    ),
    "specific": (
        {
            "working_level": False,
            "personal_data_arrangements": False,
            "service_arrangements": False,
        },
        SPECIFIC_PATH,
        None,
    ),
    "undecided-at-once": ({}, {"start", "q-working-level"}, "q-working-level"),
    "undecided-later": (
        {"working_level": False, "service_arrangements": True},  # off the path: ignored
        {"start", "q-working-level", "q-personal-data"},
        "q-personal-data",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_outcome_draws_its_own_path(project: Project, case: str) -> None:
    answers, expected, waiting = CASES[case]
    _write(project, "governance", answers)
    rec = governance_recommendation(Governance.model_validate(answers))
    assert set(rec.nodes) == expected  # the card agrees with the case as written here
    html = _render(project, "governance", "html")
    picture = _svg(html, "governance-flow")
    nodes, edges = _svg_path(picture)
    assert nodes == expected
    assert edges == set(rec.edges)
    assert len(edges) == len(expected) - 1  # one arrow between each pair of boxes on it
    reached = [m for m in re.findall(r'data-node="([^"]+)" data-mark="reached"', picture)]
    nexts = re.findall(r'data-node="([^"]+)" data-mark="next"', picture)
    if waiting is None:
        assert reached == [rec.nodes[-1]] and not nexts
        assert f"<strong>{rec.outcome.label}</strong>" in html
    else:
        assert nexts == [waiting] and not reached
        assert rec.outcome is Outcome.UNDECIDED
        assert "? To answer next" in picture and "Not decided yet" in html
        assert 'class="gap"' in html

    md = _render(project, "governance", "md")
    block = _mermaid(md)
    nodes_md, links = _mermaid_path(block)
    assert nodes_md == {_mermaid_id(n) for n in expected}
    edge_index = {e.id: n for n, e in enumerate(FLOWCHART.edges)}
    assert links == {edge_index[e] for e in rec.edges}
    assert block.count("==>") == len(rec.edges)
    if case == "personal-data":
        assert "| The existing arrangements | The city's information sharing board |" in md
    if case == "service":  # the arrangements are not named yet: a to-do where they go
        assert "| The existing arrangements | **To do:** Name the existing arrangements" in md
    if case == "working-level":
        assert "No formal arrangements: the people doing the work oversee" in md


# A nearly empty project: gaps where the answers go ----------------------------------------


def test_a_nearly_empty_project_shows_its_gaps(project: Project, tmp_path: Path) -> None:
    for card_id in NAMES:
        _write(project, card_id, {})
    out = tmp_path / "out"
    outcomes = render(project, [], ("md", "html"), out, DATE)
    made = {o.document.name for o in outcomes if o.written}
    assert set(NAMES) <= made
    for name in NAMES:
        md = (out / f"{name}.md").read_text(encoding="utf-8")
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "**To do:**" in md and 'class="gap"' in html, name
        for text in (md, html):
            assert not re.search(r"\bNone\b|\[\]|\{\{|\{%", text), name
        for first, second in re.findall(r"^(#+) .*\n\n(#+) ", md, re.MULTILINE):
            assert len(second) > len(first), name  # no empty section
        assert not re.search(r"<td>\s*</td>", html), name
    culture = (out / "culture.md").read_text(encoding="utf-8")
    # every heading is a gap with the toolkit's ideas
    assert culture.count("**To do:** Plan an action under") == 4
    assert "- Add the key points of the share to mandatory IG training" in culture
    architecture = (out / "architecture.md").read_text(encoding="utf-8")
    assert "**To do:** List the data flows the share needs" in architecture
    assert "**To do:** Say what your own systems can do: run `cds prepare architecture`" in (
        architecture
    )
    assert "No data flows recorded yet" in (out / "architecture.html").read_text(encoding="utf-8")
    governance = (out / "governance.md").read_text(encoding="utf-8")
    assert "**Not decided yet.**" in governance
    assert "**To do:** Name who signs the formal agreements" in governance
    review = (out / "review.md").read_text(encoding="utf-8")
    assert "**To do:** Say how often the share will be reviewed" in review
    assert "**To do:** Say what each party does with the data when the share ends" in review
    assert "**cds's addition:**" in review


def test_unstarted_cards_make_no_document_unasked(project: Project, tmp_path: Path) -> None:
    _write(project, "team", {"people": [{"role": "head-of-service"}]})
    _write(project, "data-systems", {"datasets": [{"title": "Waste rounds"}]})
    outcomes = {o.document.name: o for o in render(project, [], ("md",), tmp_path, DATE)}
    for name in NAMES:  # looking something up on team or data-systems is not enough
        assert outcomes[name].skipped and not outcomes[name].written, name
    assert "`cds prepare governance`" in (outcomes["governance"].skipped or "")


# Advice, grouped by level, with its reasons ----------------------------------------------


def test_architecture_advice_is_grouped_by_level_with_reason_and_source(
    project: Project,
) -> None:
    _write(
        project,
        "data-systems",
        {"datasets": [{"title": "Tenants", "personal_data": "yes"}, {"title": "Bins"}]},
    )
    _write(
        project,
        "architecture",
        {
            "flows": [
                {"dataset": "Tenants", "current_pattern": 6, "target_pattern": 7},
                {
                    "dataset": "Bins",
                    "current_pattern": "api",
                    "target_pattern": "internet",
                    "frequency": "daily",
                },
                {"dataset": "Bins", "target_pattern": "api"},  # how it moves today: not said
            ]
        },
    )
    md = _render(project, "architecture", "md")
    blocking = md.split("### Blocking (1)", 1)[1].split("### Warning", 1)[0]
    assert "**Tenants**: Do not publish 'Tenants' openly" in blocking
    assert "Why: It holds personal data (according to the data-systems card)" in blocking
    assert "Source: UK GDPR Article 5" in blocking
    suggestion = md.split("### Suggestion (", 1)[1]
    assert "Consider sharing 'Bins' through an API." in suggestion
    assert "| Bins |" in md and "more human effort" in md
    assert "| (6) One-off on physical media | Tenants | _none_ |" in md
    html = _render(project, "architecture", "html")
    assert '<ul class="advice advice-blocking">' in html
    picture = _svg(html, "architecture-patterns")
    assert "Bins: today (8) API; target (3) One-off over the internet (more human effort)" in (
        picture
    )
    assert "today not said yet" in picture and "Bins: today not said yet; target (8) API" in picture
    assert "**To do:** Say how it moves today" in md


# Hostile text ------------------------------------------------------------------------------


def _hostile(project: Project) -> None:
    _write(project, "data-systems", {"datasets": [{"title": NASTY, "personal_data": "no"}]})
    _write(
        project,
        "architecture",
        {
            "drivers": {"our_systems": NASTY},
            "flows": [
                {
                    "dataset": NASTY,
                    "to_organisation": NASTY,
                    "current_pattern": "not-yet",
                    "target_pattern": "api",
                    "notes": NASTY,
                }
            ],
        },
    )
    _write(
        project,
        "governance",
        {
            "working_level": False,
            "personal_data_arrangements": False,
            "service_arrangements": False,
            "specific": {"seniority": NASTY, "organisations": [NASTY]},
            "signatories": [NASTY],
        },
    )
    _write(
        project,
        "culture",
        {
            "actions": [
                {"action": NASTY, "heading": "training", "owner": NASTY, "status": "planned"}
            ]
        },
    )
    _write(
        project,
        "review",
        {
            "review_criteria": [NASTY],
            "retirement_triggers": [NASTY],
            "end_actions": [{"party": NASTY, "action": "other", "action_other": NASTY}],
        },
    )


def test_hostile_text_is_escaped_in_both_formats(project: Project, tmp_path: Path) -> None:
    _hostile(project)
    render(project, list(NAMES), ("md", "html"), tmp_path, DATE)
    for name in NAMES:
        md = (tmp_path / f"{name}.md").read_text(encoding="utf-8")
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        for text in (md, html):
            assert "<script>" not in text, name
            assert "49" not in re.sub(r'="[-\d., ]*"', "", text.replace("2024", "")), name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
        assert "{{ 7 * 7 }} {% if x %}" in html, name
        assert "{{ 7 \\* 7 }}" in md, name
        for line in md.splitlines():  # every table row keeps its columns
            if line.startswith("|"):
                assert not re.search(r"(?<!\\)\| and", line), (name, line)
    html = (tmp_path / "architecture.html").read_text(encoding="utf-8")
    picture = _svg(html, "architecture-patterns")
    assert "&lt;script&gt;" in picture and "<script" not in picture  # the SVG's desc


def test_hostile_labels_in_the_pictures_themselves() -> None:
    boxes = [
        svg.FlowBox("a", "start", NASTY, taken=True),
        svg.FlowBox("b", "question", 'Is "it" <b>ok</b>?', taken=True, mark="next"),
        svg.FlowBox("c", "outcome", "]) end; click a call x()"),
    ]
    arrows = [
        svg.FlowArrow("ab", "a", "b", "", taken=True),
        svg.FlowArrow("bc", "b", "c", "Yes<script>"),
    ]
    picture = str(svg.flowchart(boxes, arrows, "T <i>", NASTY, "t"))
    assert "<script>" not in picture and "<b>" not in picture and "<i>" not in picture
    assert "&lt;b&gt;ok&lt;/b&gt;" in picture and "&lt;script&gt;" in picture
    block = mermaid.flowchart_path(boxes, arrows)
    labels = re.findall(r'"([^"]*)"', block)
    assert labels and all(not re.search(r'[<>{}|\[\]:;"]', t.replace("<br>", "")) for t in labels)
    assert '["Is it b ok /b?<br>To answer next"]' in block
    scale = str(svg.pattern_scale(["A <b>"], [svg.PatternMove(NASTY, None, 0, "x <i>")]))
    assert "<b>" not in scale and "<i>" not in scale and "<script>" not in scale


# Overdue, as at the document's date -----------------------------------------------------------


def test_overdue_is_counted_as_at_the_document_date(project: Project) -> None:
    _write(
        project,
        "culture",
        {
            "actions": [
                {
                    "action": "Blog about it",
                    "heading": "transparency",
                    "owner": "Head of Service",
                    "status": "planned",
                    "due": "2024-05-10",
                },
                {
                    "action": "Show and tell",
                    "heading": "meetings-and-events",
                    "owner": "Head of Service",
                    "status": "done",
                    "due": "2024-01-10",
                },
            ]
        },
    )
    _write(
        project,
        "review",
        {
            "review_every": "quarterly",
            "last_reviewed": "2024-02-01",  # next review worked out: 1 May 2024
            "review_criteria": ["Still needed"],
            "retirement_triggers": ["Project ends"],
            "end_actions": [
                {
                    "party": "Test Council",
                    "action": "delete",
                    "by_when": "2024-05-10",
                    "confirmed": False,
                }
            ],
            "access_revoked": False,
            "retirement_confirmed": False,
        },
    )
    late = _render(project, "culture", "md", DATE)
    assert "2 actions: 1 open, 1 overdue as at 17 May 2024." in late
    assert (
        "| Blog about it | Transparency | Head of Service | 10 May 2024 | Planned "
        "**(overdue by 7 days)** |" in late
    )
    early = _render(project, "culture", "md", dt.date(2024, 5, 10))  # due today: not yet
    assert "1 open, 0 overdue as at 10 May 2024." in early
    assert "overdue by" not in early

    review = _render(project, "review", "md", DATE)
    assert "**The review is overdue** by 16 days: it was due on 1 May 2024" in review
    assert "| Next review | 1 May 2024 (worked out from the last review" in review
    assert "**Overdue by 7 days** |" in review
    assert "**1 end-of-share action is overdue:** Test Council." in review
    assert "- Access to the shared data has not been revoked." in review
    html = _render(project, "review", "html", DATE)
    assert '<span class="overdue">Overdue by 7 days</span>' in html
    calm = _render(project, "review", "md", dt.date(2024, 4, 30))
    assert "overdue by" not in calm.lower() and "is overdue" not in calm
    assert "| Test Council | Delete it | 10 May 2024 | No | n/a | Outstanding |" in calm
