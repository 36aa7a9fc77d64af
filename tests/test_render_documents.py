"""Documents from real projects: gaps, escaping of user text, provenance, `cds report`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from citydata_share import __version__
from citydata_share.render.documents import documents, render
from citydata_share.store import Project

DATE = dt.date(2024, 5, 17)
NASTY = "Pipes | and\nnew lines {{ 7 * 7 }} {% if x %} <script>alert(1)</script> *stars*"


def _write(project: Project, card_id: str, text: str) -> None:
    path = project.card_path(card_id)
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _render_all(project: Project, out: Path) -> dict[str, str]:
    names = [d.name for d in documents()]
    render(project, names, ("md", "html"), out, DATE)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def test_every_document_renders_for_an_empty_project_with_visible_gaps(
    project: Project, tmp_path: Path
) -> None:
    files = _render_all(project, tmp_path / "out")
    assert len(files) == 2 * len(documents())
    for name, text in files.items():
        assert "None" not in re.sub(r"None (found|recorded)", "", text), name
        if name.endswith(".md"):
            assert "**To do:**" in text, name
            # no heading directly followed by another heading: every section says something
            for first, second in re.findall(r"^(#+) .*\n\n(#+) ", text, re.MULTILINE):
                assert len(second) > len(first), name  # only a sub-heading may follow at once
            for line in text.split("\n"):  # no blank cell (the provenance table's header aside)
                assert line == "| | |" or not re.search(r"\| +\|", line), (name, line)
        else:
            assert 'class="gap"' in text, name
            assert not re.search(r"<td>\s*</td>", text), name
    assert "run `cds discover team`" in files["team.md"]
    assert "run `cds readiness`" in files["readiness.md"]
    assert "<code>cds discover data-systems</code>" in files["data-inventory.html"]


def test_a_partly_answered_card_shows_gaps_for_what_is_missing(
    project: Project, tmp_path: Path
) -> None:
    _write(project, "data-systems", "card: data-systems\ndatasets:\n  - title: Waste rounds\n")
    files = _render_all(project, tmp_path / "out")
    text = files["data-inventory.md"]
    assert "### Waste rounds" in text
    assert "**To do:** Describe Waste rounds: run `cds discover data-systems`." in text
    assert "**To do:** Say whether these datasets contain personal data: Waste rounds" in text


def _nasty_project(project: Project) -> None:
    quoted = NASTY.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    _write(
        project,
        "team",
        (
            "card: team\npeople:\n  - role: head-of-service\n    power: high\n    interest: high\n"
            f'    notes: "{quoted}"\n'
        ),
    )
    _write(
        project,
        "ecosystem",
        (
            f'card: ecosystem\norganisations:\n  - name: "{quoted}"\n    type: data-producer\n'
            "    relationships: [could-provide-data]\n"
        ),
    )


def test_user_text_is_data_in_every_document(project: Project, tmp_path: Path) -> None:
    _nasty_project(project)
    files = _render_all(project, tmp_path / "out")
    for name, text in files.items():
        # {{ 7 * 7 }} was never evaluated (a chart's coordinates may hold 49: left out)
        words = re.sub(r'="[-\d., ]*"', "", text.replace("2024", ""))
        assert "49" not in words, name
        assert "<script>" not in text, name
    assert "{{ 7 \\* 7 }} {% if x %}" in files["team.md"]  # Markdown shows it as typed
    assert "{{ 7 * 7 }} {% if x %}" in files["team.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in files["team.html"]
    assert "&lt;script&gt;" in files["ecosystem.html"]  # inside the SVG map too


def test_markdown_tables_never_break_on_user_text(project: Project, tmp_path: Path) -> None:
    _nasty_project(project)
    files = _render_all(project, tmp_path / "out")
    for name, text in files.items():
        if not name.endswith(".md"):
            continue
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("|---") or line.startswith("|:"):
                columns = _cells(line)
                header = lines[i - 1]
                assert _cells(header) == columns, (name, header)
                for row in lines[i + 1 :]:
                    if not row.startswith("|"):
                        break
                    assert _cells(row) == columns, (name, row)
    assert "Pipes \\| and<br>new lines" in files["team.md"]


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_mermaid_labels_cannot_break_the_diagram(project: Project, tmp_path: Path) -> None:
    _nasty_project(project)
    text = _render_all(project, tmp_path / "out")["ecosystem.md"]
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    labels = re.findall(r'"([^"]*)"', block)
    assert labels and all(not re.search(r"[<>{}|\[\]:;]", text) for text in labels), labels
    assert '["Pipes and new lines 7 7 if x script' in block


def test_provenance_on_every_document(project: Project, tmp_path: Path) -> None:
    _write(project, "team", "card: team\n")
    files = _render_all(project, tmp_path / "out")
    for name, text in files.items():
        assert "Test share" in text, name
        assert "Test Council" in text, name
        assert "17 May 2024" in text, name
        assert f"cds {__version__}" in text, name
        assert "City Data Sharing Toolkit" in text and "Future Cities Catapult" in text, name
        assert "CC BY-NC" in text, name
        assert "cds.yaml" in text, name
    assert "`cards/team.yaml` (in progress)" in files["team.md"]
    assert "`cards/readiness.yaml`" in files["readiness.md"]
    assert "cards/data-systems.yaml" in files["data-inventory.html"]
    assert "cards/others-data.yaml" in files["data-inventory.html"]


def test_html_is_self_contained(project: Project, tmp_path: Path) -> None:
    _nasty_project(project)
    for name, text in _render_all(project, tmp_path / "out").items():
        if name.endswith(".html"):
            assert "<script" not in text and "<link" not in text, name
            assert not re.search(r"src=|url\(|@import", text), name  # nothing fetched
            assert "@page" in text and "<h1>" in text and '<html lang="en-GB">' in text


def test_report_with_no_argument_makes_what_it_can(cds: Any, project: Project) -> None:
    _write(project, "team", "card: team\n")
    result = cds("report", "-C", str(project.root), "--date", "2024-05-17")
    assert result.exit_code == 0, result.output
    assert "Team and stakeholder map: team.md, team.html (2 to-dos)" in result.output
    assert "- Add the people involved, by role: run `cds discover team`" in result.output
    assert "Skipped Readiness assessment: nothing answered yet" in result.output
    made = sorted(p.name for p in project.reports_dir.iterdir())
    names = ("canvas", "report", "summary", "team")  # approvals waits for its own card
    assert made == [f"{n}.{f}" for n in names for f in ("html", "md")]


def test_report_named_document_and_format(cds: Any, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = cds("report", "canvas", "-f", "md", "--out", str(out), "-C", str(project.root))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["canvas.md"]


def test_report_list_and_unknown_names(cds: Any, project: Project) -> None:
    listed = cds("report", "--list")
    for doc in documents():
        assert doc.name in listed.output
    from citydata_share.errors import CdsError
    from citydata_share.render.documents import get_documents

    with pytest.raises(CdsError, match="cannot make a document called 'nope'"):
        get_documents(["team", "nope"])
    assert cds("report", "nope", "-C", str(project.root)).exit_code != 0


def test_same_answers_same_documents(project: Project, tmp_path: Path) -> None:
    _write(project, "team", "card: team\n")
    first = _render_all(project, tmp_path / "one")
    second = _render_all(project, tmp_path / "two")
    assert first == second


def test_default_date_is_when_the_answers_last_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from citydata_share.render.documents import answers_date

    _write(project, "team", "card: team\n")
    stamp = dt.datetime(2023, 3, 9, 12).timestamp()
    for path in project.root.rglob("*.yaml"):
        os.utime(path, (stamp, stamp))
    assert answers_date(project) == dt.date(2023, 3, 9)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2020, 1, 2, 12).timestamp())))
    assert answers_date(project) == dt.date(2020, 1, 2)
