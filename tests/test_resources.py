"""The toolkit's resources catalogue, `cds resources`, and the card summaries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import citydata_share.cli.main  # noqa: F401  registers the commands
from citydata_share.cli.app import app
from citydata_share.errors import CdsError
from citydata_share.registry import BY_ID
from citydata_share.resources import (
    GENERAL,
    ResourceKind,
    by_id,
    catalogue,
    parse_kind,
    resources_for,
    search,
)

runner = CliRunner()


def test_catalogue_is_valid_and_unique() -> None:
    items = catalogue()
    assert len(items) > 50
    assert len({r.id for r in items}) == len(items)
    for r in items:
        assert r.description and r.title and r.organisation
        assert r.url is None or r.url.startswith(("http://", "https://"))


@pytest.mark.parametrize("card_id", [*BY_ID, GENERAL])
def test_every_card_has_resources(card_id: str) -> None:
    assert resources_for(card_id)


def test_key_resources_come_first() -> None:
    found = resources_for("approvals")
    keys = [r.key for r in found]
    assert keys == sorted(keys, reverse=True)
    assert found[0].key


def test_the_toolkit_named_resources_are_there() -> None:
    readiness = {r.id for r in resources_for("readiness")}
    assert {
        "nesta-lga-data-maturity",
        "odi-open-data-maturity-model",
        "data-evolution",
        "school-of-data-fundamentals",
        "govlab-solving-public-problems",
    } <= readiness
    general = {r.id for r in resources_for(GENERAL)}
    assert {"pas-183", "ico-data-sharing-code", "scotland-information-sharing-toolkit"} <= general
    case_studies = {r.id for r in search(kind=ResourceKind.CASE_STUDY)}
    assert {
        "belfast-business-rates",
        "greenwich-emobility",
        "cityverve-pia",
        "tfl-open-data-ecosystem",
        "geospatial-commission",
        "national-information-infrastructure",
    } <= case_studies
    assert {k.value for k in ResourceKind} == {r.kind.value for r in catalogue()}


def test_search_matches_all_words_and_filters() -> None:
    assert [r.id for r in search("ethics canvas")] == ["odi-data-ethics-canvas"]
    assert all(r.kind is ResourceKind.TOOL for r in search("data", kind="tool"))
    assert all("team" in r.cards for r in search(card="team"))
    assert search("no such words anywhere") == []
    assert by_id("green-book").organisation == "HM Treasury"


def test_parse_kind_accepts_what_people_type() -> None:
    assert parse_kind("Case-Study") is ResourceKind.CASE_STUDY
    assert parse_kind("online_learning") is ResourceKind.ONLINE_LEARNING
    with pytest.raises(CdsError) as info:
        parse_kind("video")
    assert "case study" in (info.value.hint or "")


def test_unknown_card_lists_the_valid_ones() -> None:
    with pytest.raises(CdsError) as info:
        resources_for("nope")
    assert "readiness" in (info.value.hint or "") and GENERAL in (info.value.hint or "")


# cds resources ---------------------------------------------------------------------------


def test_cli_lists_a_cards_resources() -> None:
    result = runner.invoke(app, ["resources", "--card", "readiness"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Data Fundamentals" in result.output
    assert "CC BY-NC" in result.output


def test_cli_search_with_kind_as_json() -> None:
    result = runner.invoke(app, ["resources", "ethics", "--kind", "tool", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.output)] == ["odi-data-ethics-canvas"]


def test_cli_no_match_says_so() -> None:
    result = runner.invoke(app, ["resources", "zzzz"])
    assert result.exit_code == 0
    assert "No resources match" in result.output


@pytest.mark.parametrize(
    ("args", "listed"), [(["--card", "nope"], "readiness"), (["--kind", "video"], "case study")]
)
def test_cli_bad_option_is_a_clear_error(args: list[str], listed: str) -> None:
    result = runner.invoke(app, ["resources", *args])
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "Error:" in flat and listed in flat
    assert "Traceback" not in result.output


def test_cli_help_has_an_example() -> None:
    result = runner.invoke(app, ["resources", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


# summaries -------------------------------------------------------------------------------


def _render(card_id: str, data: dict[str, Any], cards: dict[str, Any] | None = None) -> str:
    from citydata_share.cli.summaries import summary
    from citydata_share.project import ProjectConfig

    model = BY_ID[card_id].model().model_validate(data)
    project = ProjectConfig(name="x", organisation="Our Council")
    console = Console(width=120, record=True, color_system=None)
    result = summary(card_id, model, project, cards or {})
    console.print(result)  # one renderable...
    console.print(*result)  # ...or its parts
    return console.export_text()


def test_readiness_summary_shows_bars_and_weakest() -> None:
    text = _render("readiness", {"skills": {"rating": "low"}, "legal": {"rating": "high"}})
    assert "Weakest: Skills" in text
    assert "Data Fundamentals" in text
    assert "People matter most" in text


def test_team_summary_shows_grid_and_gaps() -> None:
    text = _render(
        "team",
        {
            "people": [
                {"role": "head-of-service", "name": "Ann", "power": "high", "interest": "high"}
            ]
        },
    )
    assert "Manage closely" in text and "Ann (Head of Service)" in text
    assert "Data Provision Lead" in text


def test_other_summaries_render() -> None:
    from citydata_share.cards.ecosystem import Ecosystem

    ecosystem = Ecosystem.model_validate({"organisations": [{"name": "ODI"}]})
    assert "ODI" in _render("ecosystem", {"organisations": [{"name": "ODI"}]})
    text = _render(
        "others-data", {"datasets": [{"title": "T", "holder": "X"}]}, {"ecosystem": ecosystem}
    )
    assert "not an organisation on the ecosystem card" in text
    text = _render("data-systems", {"datasets": [{"title": "Rates", "personal_data": "yes"}]})
    assert "Flagged" in text and "Rates" in text
    text = _render("canvas", {})
    assert "cds discover reasons" in text and "Internal data" in text
    assert "User needs" in _render("reasons", {"user_needs": ["a"]})
    from citydata_share.cli.summaries import summary

    # a card with nothing derived to show has an empty summary
    later = BY_ID["governance"].model().model_validate({"card": "governance", "title": "t"})
    assert len(summary("no-summary", later)) == 0
