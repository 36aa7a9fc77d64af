"""What keeps cds linear on large projects: no card read twice, no quadratic loops.

Timings live in benchmarks/scale.py (no test here asserts a time); these tests pin the
behaviour the speed rests on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citydata_share.progress import State, project_status
from citydata_share.render import mermaid, svg
from citydata_share.store import Project

Cds = Any
BELFAST = Path(__file__).parent.parent / "examples" / "belfast" / "cards"


def test_status_uses_the_cards_it_is_given_without_reading_them(project: Project) -> None:
    project.card_path("reasons").write_text((BELFAST / "reasons.yaml").read_text())
    model = project.load_card("reasons")
    assert model is not None
    project.card_path("reasons").write_text("card: [broken\n")  # read it, and it shows
    by_id = {s.card.id: s for s in project_status(project, {"reasons": model})}
    assert by_id["reasons"].model is model
    assert by_id["reasons"].state is not State.NEEDS_ATTENTION
    by_id = {s.card.id: s for s in project_status(project)}
    assert by_id["reasons"].state is State.NEEDS_ATTENTION


def test_a_save_reads_the_saved_card_once(
    cds: Cds, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    load_card = Project.load_card

    def counting(self: Project, card_id: str) -> Any:
        reads.append(card_id)
        return load_card(self, card_id)

    monkeypatch.setattr(Project, "load_card", counting)
    answers = BELFAST / "data-systems.yaml"
    result = cds("-C", str(project.root), "discover", "data-systems", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert reads.count("data-systems") == 1  # before the answers: not again for the status
    assert "Next:" in result.output


def test_ecosystem_graph_numbers_each_partner_once_grouped_by_type() -> None:
    partners = [
        svg.Partner("A", "producer", "gives data"),
        svg.Partner("B", "user", "uses data"),
        svg.Partner("C", "producer", "gives data"),
        svg.Partner("A", "producer", "gives data"),  # the same again: its own node
    ]
    graph = mermaid.ecosystem_graph("Us", partners).splitlines()
    assert graph[2:12] == [
        '    subgraph type0["producer"]',
        '        org0["A"]',
        '        org1["C"]',
        '        org2["A"]',
        "    end",
        '    us ---|"gives data"| org0',
        '    us ---|"gives data"| org1',
        '    us ---|"gives data"| org2',
        '    subgraph type1["user"]',
        '        org3["B"]',
    ]
    assert graph[-1] == '    us ---|"uses data"| org3'


def test_records_share_one_set_of_given_field_names() -> None:
    # ~700 bytes a record otherwise: a third of the memory of a 10,000-dataset register.
    from citydata_share import yamlio
    from citydata_share.cards.data_systems import DataSystems

    data = yamlio.read(BELFAST / "data-systems.yaml").data
    data["datasets"].append(dict(data["datasets"][0], title="A copy"))
    card = DataSystems.model_validate(data)
    first, copy = card.datasets[0], card.datasets[-1]
    assert first.model_fields_set == copy.model_fields_set
    assert first.__pydantic_fields_set__ is copy.__pydantic_fields_set__
    copy.description = "Changed"  # assignment still works on a shared set
    assert copy.description == "Changed"
    assert first.description != "Changed"


def test_a_file_keeps_each_repeated_answer_once() -> None:
    from citydata_share import yamlio

    data = yamlio.loads("a: [Planning team, Planning team]\nb: Planning team\n").data
    assert data["a"][0] is data["a"][1] is data["b"]
