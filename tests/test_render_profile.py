"""The profiled figures in the data inventory and data quality statement: shown beside the
answers, from the card's records, and escaped like any user text (column names come from
other people's files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from citydata_share.cards.data_systems import DataSystems
from citydata_share.cards.dataset_profile import (
    DatasetProfile,
    date_ranges,
    describe_flag,
    filled_percent,
    flag_summary,
    personal_flags,
)
from citydata_share.render.contexts_profile import profile_context

HOSTILE = "<script>alert(1)</script> | *bold*\nnext"
SHA = "ab" * 32
PROFILE: dict[str, Any] = {
    "file": "data/rates|2024.csv",
    "sha256": SHA,
    "size_bytes": 1_234_567,
    "format": "CSV",
    "encoding": "utf-8",
    "rows": 200,
    "duplicate_rows": 3,
    "profiled_on": "2025-03-01",
    "columns": [
        {
            "name": HOSTILE,
            "type": "text",
            "filled": 150,
            "distinct": 150,
            "shortest": 3,
            "longest": 40,
            "personal": [{"kind": "email", "count": 12}],
        },
        {
            "name": "Valuation Date",
            "type": "date",
            "filled": 200,
            "distinct": 90,
            "minimum": "2015-04-01",
            "maximum": "2024-03-31",
        },
        {
            "name": "UPRN",
            "type": "integer",
            "filled": 200,
            "distinct": 198,
            "candidate_key": True,
            "duplicate_values": 2,
            "identifier": {"kind": "uprn", "valid": 199, "invalid": 1},
        },
    ],
}


def test_derived_figures_worked_by_hand() -> None:
    profile = DatasetProfile.model_validate(PROFILE)
    assert filled_percent(profile) == 91.7  # (150 + 200 + 200) / 600 cells
    assert [(r.start, r.end) for r in date_ranges(profile)] == [("2015-04-01", "2024-03-31")]
    assert describe_flag(personal_flags(profile)[0].flag) == "12 e-mail addresses"
    assert flag_summary(profile) == [f"{HOSTILE}: 12 e-mail addresses"]
    context = profile_context(profile)
    assert context is not None
    assert context["size"] == "1.2 MB" and context["profiled_on"] == "1 March 2025"
    assert context["identifiers"][0]["valid_percent"] == "99.5%"


def test_a_profile_that_does_not_add_up_is_refused() -> None:
    broken = dict(PROFILE, rows=10)
    with pytest.raises(ValueError, match="has 150 filled values but the file has 10 rows"):
        DatasetProfile.model_validate(broken)
    with pytest.raises(ValueError, match="sha256"):
        DatasetProfile.model_validate(dict(PROFILE, sha256="not a hash"))


def test_the_wizard_never_asks_for_the_profile() -> None:
    from citydata_share.cards.data_systems import Dataset
    from citydata_share.cards.prepare_data import PrepareData
    from citydata_share.questions import questions_of

    assert "profile" not in [q.name for q in questions_of(Dataset)]
    assert "links" not in [q.name for q in questions_of(PrepareData)]


def test_documents_show_and_escape_the_figures(cds: Any, project: Any) -> None:
    card = {
        "card": "data-systems",
        "datasets": [{"title": "Rates", "description": "Rates list.", "profile": PROFILE}],
    }
    (project.root / "cards" / "data-systems.yaml").write_text(yaml.safe_dump(card))
    prepare = {"card": "prepare-data", "datasets": [{"dataset": "Rates"}]}
    (project.root / "cards" / "prepare-data.yaml").write_text(yaml.safe_dump(prepare))
    DataSystems.model_validate(card)
    out: Path = project.root / "r"
    done = cds(
        "report", "data-inventory", "data-quality", "-C", str(project.root), "--out", str(out)
    )
    assert done.exit_code == 0, done.output
    for name in ("data-inventory", "data-quality"):
        md = (out / f"{name}.md").read_text()
        html = (out / f"{name}.html").read_text()
        assert SHA in md and SHA in html
        assert "1 March 2025" in md
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "<script>alert" not in md
        assert "data/rates\\|2024.csv" in md  # a pipe would break the table
        assert "Valuation Date: 2015-04-01 to 2024-03-31" in md
        assert "UPRN, valid 199" not in md and "199 valid and 1 not (99.5% valid)" in md
        assert "| None" not in md and "None |" not in md
