"""Long lists in the terminal summaries: at most SHOWN records, then how many more and where.

A card saved on a large project (thousands of datasets, people, organisations) must not
print every record; a small one (Belfast) must print exactly what it always did.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from citydata_share import yamlio
from citydata_share.cli import capped as capped_module
from citydata_share.cli.capped import DOCUMENTS, SHOWN, Cut, capped, shared
from citydata_share.registry import BY_ID, CARDS
from citydata_share.store import Project

Cds = Any
EXAMPLES = Path(__file__).parent.parent / "examples" / "belfast"
MORE = re.compile(r"… and ([\d,]+) more ([^:\n]+): `([^`]+)` lists them all\.")


def _answers(tmp_path: Path, card_id: str, data: dict[str, Any]) -> str:
    path = tmp_path / f"{card_id}.yaml"
    path.write_text(yamlio.dumps({"card": card_id, **data}), encoding="utf-8")
    return str(path)


def _save(cds: Cds, project: Project, tmp_path: Path, card_id: str, data: dict[str, Any]) -> str:
    command = BY_ID[card_id].command.split()[1:]
    answers = _answers(tmp_path, card_id, data)
    result = cds("-C", str(project.root), *command, "--answers", answers)
    assert result.exit_code == 0, result.output
    return str(result.output)


def _summary_part(output: str) -> str:
    """The card's summary in a save's output: before what is still to answer, and next."""
    return output.split("Still to answer")[0].split("\nNext:")[0]


# the mechanism ---------------------------------------------------------------------------


def test_a_short_list_is_kept_whole() -> None:
    items = list(range(SHOWN))
    cut = capped(items)
    assert cut.shown == items and cut.hidden == 0 and cut.tail == ""
    assert cut.more("dataset", "`cds report data-inventory`") == []


def test_a_long_list_keeps_its_first_records_and_counts_the_rest() -> None:
    cut = capped(list(range(1000)))
    assert cut.shown == list(range(SHOWN)) and cut.total == 1000
    [line] = cut.more("dataset", "`cds report data-inventory`")
    assert line.plain == (
        f"… and {1000 - SHOWN} more datasets: `cds report data-inventory` lists them all."
    )
    assert (
        capped(["a", "b"], limit=1).more("person", "X")[0].plain.startswith("… and 1 more person:")
    )
    assert (
        capped(["a", "b", "c"], limit=1)
        .more("person", "X")[0]
        .plain.startswith("… and 2 more people:")
    )


def test_what_matters_takes_the_places_and_the_order_is_kept() -> None:
    items = list(range(100))
    cut = capped(items, first=lambda n: n % 10 == 9, limit=12)
    # the ten flagged ones, then the first two others, shown in the list's own order
    assert cut.shown == [0, 1, 9, 19, 29, 39, 49, 59, 69, 79, 89, 99]
    assert capped(items, first=lambda n: n > 50, limit=3).shown == [51, 52, 53]


def test_a_list_in_groups_shares_the_places_and_every_group_shows_some() -> None:
    cuts = shared([list(range(500)), list(range(3)), [], list(range(1000))])
    assert sum(len(cut) for cut in cuts) == SHOWN
    assert [cut.total for cut in cuts] == [500, 3, 0, 1000]
    assert len(cuts[1]) == 3 and cuts[1].hidden == 0  # a small group is shown whole
    assert len(cuts[0]) > 0 and len(cuts[3]) > 0
    small = shared([["a", "b"], ["c"]])
    assert [cut.shown for cut in small] == [["a", "b"], ["c"]]


def test_every_card_points_to_a_document_cds_can_make() -> None:
    from citydata_share.render.documents import documents

    names = {doc.name for doc in documents()}
    assert set(DOCUMENTS) == {card.id for card in CARDS}
    for card_id, name in DOCUMENTS.items():
        assert name in names, card_id
        doc = next(d for d in documents() if d.name == name)
        assert card_id in doc.cards, (card_id, name)  # the document is made from the card


# large cards through the CLI ------------------------------------------------------------


def test_a_large_data_systems_card_shows_the_first_flagged_datasets_and_counts_the_rest(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    datasets = [
        {"title": f"[bold]Register {n:03}", "personal_data": "yes", "personal_data_what": "names"}
        for n in range(45)
    ] + [{"title": f"Unknown {n:03}"} for n in range(30)]
    output = _summary_part(_save(cds, project, tmp_path, "data-systems", {"datasets": datasets}))
    assert "75 datasets and 0 systems recorded." in output  # totals are the full totals
    shown = re.findall(r"\[bold\]Register (\d{3})", output)  # markup shown as typed
    assert shown == [f"{n:03}" for n in range(SHOWN)]
    assert (
        f"… and {45 - SHOWN} more flagged datasets: `cds report data-inventory` lists them all."
        in output
    )
    # the datasets not yet answered: a line of names, capped the same way
    assert "Unknown 019" in output and "Unknown 020" not in output
    assert f"… and {30 - SHOWN} more datasets: `cds report data-inventory`" in output


def test_a_large_ecosystem_shows_at_most_the_cap_across_its_types(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    kinds = ["data-producer", "data-catalogue", "support-organisation"]
    organisations = [
        {"name": f"Org {kind} {n:04}", "type": kind} for kind in kinds for n in range(400)
    ]
    output = _summary_part(
        _save(cds, project, tmp_path, "ecosystem", {"organisations": organisations})
    )
    names = re.findall(r"Org [a-z-]+ \d{4}", output)
    assert len(names) <= SHOWN
    assert {name.split()[1] for name in names} == set(kinds)  # every type shows some
    found = MORE.findall(output)
    assert found == [(f"{1200 - len(names):,}", "organisations", "cds report ecosystem")]
    assert output.count("… and") == len(kinds) + 1  # each cut cell, and the line after


def test_a_large_team_caps_the_grid_and_the_raci_columns(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    people = [
        {"role": "data-analyst", "name": f"Analyst {n:03}", "power": "low", "interest": "high"}
        for n in range(60)
    ]
    raci = [
        {
            "decision": "Approve the share",
            "responsible": [f"Analyst {n:03}" for n in range(30)],
            "accountable": "Analyst 059",
        }
    ]
    output = _summary_part(_save(cds, project, tmp_path, "team", {"people": people, "raci": raci}))
    grid = output.split("RACI")[0]
    assert len(re.findall(r"Analyst \d{3}", grid)) == SHOWN
    assert f"… and {60 - SHOWN} more people: `cds report team` lists them all." in grid
    raci_part = output.split("RACI")[1]
    # 31 people have a part in the decision: the first 20 of them get a column
    assert f"… and {31 - SHOWN} more people with a part in these decisions" in raci_part


def test_a_small_card_is_shown_whole(cds: Cds, project: Project, tmp_path: Path) -> None:
    datasets = [{"title": f"Register {n}", "personal_data": "yes"} for n in range(SHOWN)]
    output = _summary_part(_save(cds, project, tmp_path, "data-systems", {"datasets": datasets}))
    assert all(f"Register {n}" in output for n in range(SHOWN))
    assert "lists them all" not in output and "… and" not in output


# what matters stays in view ------------------------------------------------------------


def test_the_datasets_with_open_problems_are_the_ones_shown() -> None:
    from citydata_share.cli.summaries import summary

    model = (
        BY_ID["prepare-data"]
        .model()
        .model_validate(
            {
                "card": "prepare-data",
                "datasets": [{"dataset": f"Clean {n:02}"} for n in range(40)]
                + [{"dataset": "Troubled", "problems": [{"problem": "Bad dates"}]}],
            }
        )
    )
    text = _render(summary("prepare-data", model))
    table = text.split("lists them all.")[0]
    assert "Troubled" in table and "Clean 18" in table and "Clean 19" not in table
    assert "… and 21 more datasets: `cds report data-quality` lists them all." in text


def test_the_parties_still_to_act_are_shown_and_the_share_wide_steps_kept() -> None:
    from citydata_share.cli.summaries import summary

    ends = [{"party": f"Done {n:02}", "action": "delete", "confirmed": True} for n in range(30)]
    ends += [{"party": f"Late {n:02}", "action": "delete"} for n in range(30)]
    model = BY_ID["review"].model().model_validate({"card": "review", "end_actions": ends})
    text = _render(summary("review", model))
    table = text.split("At the end of the share")[1].split("Before the share is retired")[0]
    assert "Late 19" in table and "Late 20" not in table and "Done 00" not in table
    gaps = text.split("Before the share is retired:")[1]
    assert "Access to the shared data has not been revoked." in gaps
    assert "The retirement has not been confirmed." in gaps
    assert "… and 12 more steps: `cds report review` lists them all." in gaps


def test_names_added_elsewhere_are_capped_with_those_not_added_first(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from citydata_share.cli.wizard_cmds import _show_added
    from citydata_share.registry import get_card
    from citydata_share.wizard.session import AddedName, CardRun

    added = [AddedName("organisations", f"Org {n:03}") for n in range(50)]
    added += [AddedName("people", "Person 00", "The team card is open elsewhere.")]
    result = CardRun(
        get_card("others-data"), project.card_path("others-data"), saved=True, added=added
    )
    _show_added(result)
    out, err = capsys.readouterr()
    out, err = " ".join(out.split()), " ".join(err.split())
    assert "Not added: 'Person 00'" in err  # the one to add by hand is always shown
    assert len(re.findall(r"Added 'Org \d{3}'", out)) == SHOWN - 1
    assert (
        f"… and {50 - SHOWN + 1} more organisations added to the ecosystem card: "
        "`cds report ecosystem` lists them all." in out
    )


# Belfast, as it always was --------------------------------------------------------------


def _render(renderable: Any) -> str:
    from citydata_share.cli.output import SafeConsole

    console = SafeConsole(file=io.StringIO(), width=100, color_system=None)
    console.print(renderable)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def test_belfast_summaries_are_the_same_with_no_cap_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citydata_share.cli.summaries import summary
    from citydata_share.progress import project_status
    from citydata_share.store import open_project

    root = tmp_path / "belfast"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("reports"))
    project = open_project(root)
    models = {s.card.id: s.model for s in project_status(project) if s.model is not None}
    assert set(models) == {card.id for card in CARDS}
    for card_id, model in models.items():
        capped_text = _render(summary(card_id, model, project, models))
        with monkeypatch.context() as patched:
            patched.setattr(capped_module, "SHOWN", 10**9)
            whole_text = _render(summary(card_id, model, project, models))
        assert capped_text == whole_text, card_id
        assert "lists them all" not in capped_text, card_id


def test_the_cut_reads_as_a_sequence() -> None:
    cut: Cut[int] = capped(list(range(30)))
    assert list(cut) == cut.shown and len(cut) == SHOWN and bool(cut)
    assert cut.tail == "… and 10 more"
    assert not capped([])


def test_every_card_has_a_summary_found_when_it_is_saved() -> None:
    from citydata_share.cli.summaries import _summariser
    from citydata_share.registry import CARDS

    assert all(callable(_summariser(card.id)) for card in CARDS)
    assert _summariser("no-such-card") is None
