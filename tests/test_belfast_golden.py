"""The Belfast example's committed reports are exactly what cds makes from its cards.

The reports carry the date the answers last changed; this test reads that date back from
the committed summary and renders with it, so everything else is compared byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from citydata_share.progress import State, project_status
from citydata_share.render.documents import FORMATS, documents, render
from citydata_share.store import open_project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "belfast"
REPORTS = EXAMPLE / "reports"


def _committed_date() -> dt.date:
    text = (REPORTS / "summary.md").read_text(encoding="utf-8")
    found = re.search(r"^\| Answers as of \| (\d{1,2} \w+ \d{4}) \|$", text, re.MULTILINE)
    assert found, "examples/belfast/reports/summary.md has no 'Answers as of' line"
    return dt.datetime.strptime(found.group(1), "%d %B %Y").date()


def _regenerate_hint(date: dt.date) -> str:
    return (
        "The committed Belfast reports are stale. Regenerate them with:\n"
        f"    cds report -C examples/belfast --date {date.isoformat()}\n"
        "(or without --date, to date them by the last change to the cards)"
    )


def test_every_card_of_the_example_is_complete_and_valid() -> None:
    statuses = {s.card.id: s for s in project_status(open_project(EXAMPLE))}
    for card_id in (
        "readiness",
        "reasons",
        "team",
        "ecosystem",
        "data-systems",
        "others-data",
        "canvas",
    ):
        status = statuses[card_id]
        assert status.state is State.COMPLETE, (card_id, status.missing, status.problems)


def test_reports_folder_holds_exactly_the_documents() -> None:
    expected = {d.file_name(f) for d in documents() for f in FORMATS}
    assert {p.name for p in REPORTS.iterdir()} == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", [d.name for d in documents()])
def test_committed_report_is_current(name: str, fmt: str, tmp_path: Path) -> None:
    date = _committed_date()
    render(open_project(EXAMPLE), [name], [fmt], tmp_path, date)
    fresh = (tmp_path / f"{name}.{fmt}").read_bytes()
    committed = (REPORTS / f"{name}.{fmt}").read_bytes()
    assert fresh == committed, _regenerate_hint(date)
