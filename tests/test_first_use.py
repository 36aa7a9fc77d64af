"""What a first user trips over (issue 9, defect 11): cut text in a pipe, links with a
broken host accepted, UK dates refused, wide characters out of line, "2 dataset(s)"."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from citydata_share import yamlio
from citydata_share.dates import NotADate, iso_date
from citydata_share.questions import Ask, check_url
from citydata_share.safetext import width
from citydata_share.store import Project
from citydata_share.wizard.engine import SAVE, Engine
from citydata_share.wizard.values import BadAnswer, from_text
from citydata_share.words import counted, plural
from wizard_support import Sample, ScriptedPrompter

Cds = Any


# 11. resources in a pipe ----------------------------------------------------------------


def test_resources_piped_print_every_description_whole() -> None:
    from citydata_share.resources import search

    piped = subprocess.run(
        [sys.executable, "-m", "citydata_share", "resources", "--card", "team"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
    )
    lines = piped.stdout.splitlines()
    for resource in search(None, card="team"):
        assert "  " + resource.description in lines, resource.description
    assert "resources." in piped.stdout and "resource(s)" not in piped.stdout


# 11. Links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "https://data,gov.uk/x",
        "https://data gov.uk",
        "https://exa;mple.org",
        "https://-council.gov.uk",
        "https://x.org:port/",
        "www.example.org",
        "javascript:alert(1)",
        "https://x.org/\x1b[2J",
    ],
)
def test_a_link_with_a_broken_host_is_refused_clearly(bad: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_url(bad)
    assert str(caught.value).strip()


@pytest.mark.parametrize(
    "good",
    [
        "https://data.gov.uk/dataset/a,b?x=1,2",
        "http://localhost:8080/api",
        "https://10.0.0.1/",
        "http://[::1]/x",
        "https://münchen.de/daten",
        "ftp://files.example.org/x.csv",
        " https://example.org/padded ",
    ],
)
def test_ordinary_links_are_accepted(good: str) -> None:
    assert check_url(good) == good.strip()


def test_a_link_without_https_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match=r"write https://www\.example\.org/x"):
        check_url("www.example.org/x")


# 11. UK dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("12/03/2019", "2019-03-12"),
        ("1/2/2020", "2020-02-01"),
        ("12.03.2019", "2019-03-12"),
        ("12-03-2019", "2019-03-12"),
        ("12 March 2019", "2019-03-12"),
        ("3rd Sept 2021", "2021-09-03"),
        ("2019-3-1", "2019-03-01"),
        ("2019-03-12", "2019-03-12"),
    ],
)
def test_uk_dates_are_read_as_the_uk_writes_them(typed: str, iso: str) -> None:
    assert iso_date(typed) == iso


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("03/25/2019", "US date"),
        ("12/03/19", "year in full"),
        ("31/02/2019", "no such date"),
    ],
)
def test_dates_that_are_not_clear_are_refused_clearly(typed: str, says: str) -> None:
    with pytest.raises(NotADate, match=says):
        iso_date(typed)


def test_the_wizard_accepts_a_uk_date_and_says_so() -> None:
    from citydata_share.questions import questions_of

    when = next(q for q in questions_of(Sample) if q.name == "when")
    assert from_text(Sample, when, "12/03/2019") == "2019-03-12"
    with pytest.raises(BadAnswer, match="US date"):
        from_text(Sample, when, "03/25/2019")
    prompter = ScriptedPrompter("12/03/2019")
    answers: dict[str, Any] = {}
    Engine(prompter, "both").ask(Sample, when, answers)
    assert answers["when"] == "2019-03-12"


def test_an_answers_file_may_hold_uk_dates(cds: Cds, project: Project, tmp_path: Path) -> None:
    answers = tmp_path / "canvas.yaml"
    answers.write_text("card: canvas\nworkshop_date: 14/06/2016\n")
    result = cds("-C", str(project.root), "discover", "canvas", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    saved = project.load_card("canvas")
    assert saved is not None and saved.workshop_date == dt.date(2016, 6, 14)  # type: ignore[attr-defined]


def test_a_card_file_with_a_uk_date_says_exactly_what_to_write(cds: Cds, project: Project) -> None:
    project.card_path("canvas").write_text("card: canvas\nworkshop_date: 14/06/2016\n")
    result = cds("check", "-C", str(project.root))
    assert result.exit_code == 1 and "write 2016-06-14" in result.output


def test_report_date_may_be_a_uk_date(cds: Cds, project: Project, tmp_path: Path) -> None:
    result = cds("report", "-C", str(project.root), "--out", str(tmp_path), "--date", "17/05/2024")
    assert result.exit_code == 0, result.output
    assert "17 May 2024" in (tmp_path / "summary.md").read_text()


# 11. Wide characters and plurals --------------------------------------------------------


class _Labels(ScriptedPrompter):
    def select(self, message: str, options: Any, **kwargs: Any) -> str:
        self.labels = [o.label for o in options]
        return super().select(message, options, **kwargs)


class Wide(BaseModel):
    name: Annotated[str | None, Ask("Name?")] = None
    owner: Annotated[str | None, Ask("Owner 👩‍💻?")] = None
    place: Annotated[str | None, Ask("地方?")] = None


def test_the_review_screen_lines_up_answers_after_wide_characters() -> None:
    prompter = _Labels(SAVE)
    answers = {"name": "👩‍💻 Data team", "owner": "中文", "place": "Zoë 🇬🇧"}
    Engine(prompter, "both").review(Wide, answers, title="Wide", check=lambda a: [])
    arrows = {width(label.split("→")[0]) for label in prompter.labels if "→" in label}
    assert len(arrows) == 1, prompter.labels


def test_counts_read_as_english() -> None:
    assert counted(1, "dataset") == "1 dataset" and counted(2, "dataset") == "2 datasets"
    assert counted(0, "problem") == "0 problems" and counted(3, "person") == "3 people"
    assert counted(10000, "dataset") == "10,000 datasets"
    assert plural("activity", 2) == "activities" and plural("day", 2) == "days"
    assert plural("box", 2) == "boxes"


def test_the_data_systems_summary_counts_in_english(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    answers = tmp_path / "ds.yaml"
    answers.write_text(
        yamlio.dumps({"card": "data-systems", "datasets": [{"title": "Rates"}], "systems": []})
    )
    result = cds("-C", str(project.root), "discover", "data-systems", "--answers", str(answers))
    assert "1 dataset and 0 systems recorded." in result.output, result.output
    assert "(s)" not in result.output
