"""`cds data` as a new user runs it, end to end, on a synthetic Belfast-like pair of files:
profile both, link them, see the figures in the documents, export a register that validates.
"""

from __future__ import annotations

import builtins
import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.data_files import KNOWN_EMAIL, KNOWN_PHONE, belfast_pair

pytest.importorskip("duckdb")

Cds = Any
DATA = Path(__file__).parent / "data"


def data_systems(project: Any, personal: str = "unsure") -> None:
    """The data-systems card, as the wizard would leave it."""
    card = {
        "card": "data-systems",
        "how_identified": ["already-available"],
        "datasets": [
            {
                "title": "Business rates list",
                "description": "Non-domestic properties and what they pay.",
                "personal_data": personal,
                "owner": "Rates team",
                "format": "CSV",
                "update_frequency": "Monthly",
                "publication_status": "not-published",
            },
            {
                "title": "Building control",
                "description": "Applications for building work, by property.",
                "personal_data": "unsure",
                "owner": "Building Control",
            },
        ],
    }
    (project.root / "cards" / "data-systems.yaml").write_text(yaml.safe_dump(card))


@pytest.fixture
def files(project: Any) -> tuple[Path, Path]:
    folder = project.root / "data"
    folder.mkdir()
    return belfast_pair(folder)


def everything(project: Any, *outputs: str) -> str:
    """Every file cds wrote in the project, and the outputs given."""
    texts = list(outputs)
    for path in project.root.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".md", ".html", ".json", ".jsonld"):
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_profile_link_report_export(cds: Cds, project: Any, files: tuple[Path, Path]) -> None:
    rates, control = files
    data_systems(project)
    root = str(project.root)
    outputs = []

    done = cds("data", "profile", str(rates), "--dataset", "Business rates list", "-C", root)
    assert done.exit_code == 0, done.output
    outputs.append(done.output)
    assert "400 rows, 7 columns" in done.output
    assert "1 duplicate row." in done.output
    assert "UPRN: 395 valid (100%)" in done.output
    assert "Possible personal data, to review" in done.output
    assert "Contact Email: 3 e-mail addresses" in done.output
    assert "Saved the profile on 'Business rates list'" in done.output

    done = cds("data", "profile", str(control), "--dataset", "building control", "-C", root)
    assert done.exit_code == 0, done.output
    outputs.append(done.output)
    assert "Agent Phone: 1 UK phone numbers" in done.output

    card = yaml.safe_load((project.root / "cards" / "data-systems.yaml").read_text())
    saved = card["datasets"][0]["profile"]
    assert saved["file"] == "data/rates.csv"  # inside the project: its path there
    assert saved["rows"] == 400 and len(saved["sha256"]) == 64
    assert card["datasets"][1]["profile"]["file"] == "data/building-control.csv"

    unmatched = project.root / "not-rated.csv"
    done = cds(
        "data", "link", str(control), str(rates), "--on", "Property UPRN=UPRN",
        "--unmatched", str(unmatched), "--save", "-C", root,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    outputs.append(done.output)
    assert "A: Building control (Property UPRN)" in done.output
    assert "Match rate" in done.output and "75%" in done.output
    assert "Wrote the 50 row(s) of A with no match in B" in done.output
    links = yaml.safe_load((project.root / "cards" / "prepare-data.yaml").read_text())["links"]
    assert links[0]["left"]["dataset"] == "Building control"
    assert links[0]["right"]["dataset"] == "Business rates list"
    # linking again replaces the evidence rather than adding a second copy
    cds(
        "data", "link", str(control), str(rates), "--on", "Property UPRN=UPRN", "--save", "-C", root
    )
    links = yaml.safe_load((project.root / "cards" / "prepare-data.yaml").read_text())["links"]
    assert len(links) == 1

    out = project.root / "reports"
    done = cds("report", "data-quality", "data-inventory", "-C", root, "--out", str(out))
    assert done.exit_code == 0, done.output
    inventory = (out / "data-inventory.md").read_text()
    assert "Measured by cds data profile" in inventory
    assert saved["sha256"] in inventory and "data/rates.csv" in inventory
    assert "Contact Email: 3 e-mail addresses" in inventory
    quality = (out / "data-quality.md").read_text()
    assert "Links measured with `cds data link`" in quality
    assert "| Building control (Property UPRN) and Business rates list (UPRN) |" in quality
    html = (out / "data-inventory.html").read_text()
    assert "Measured by cds data profile" in html and saved["sha256"] in html

    everything_written = everything(project, *outputs)
    assert KNOWN_EMAIL not in everything_written
    assert KNOWN_PHONE not in everything_written


def test_the_statement_shows_the_figures_of_a_prepared_dataset(
    cds: Cds, project: Any, files: tuple[Path, Path]
) -> None:
    data_systems(project)
    (project.root / "cards" / "prepare-data.yaml").write_text(
        yaml.safe_dump(
            {
                "card": "prepare-data",
                "datasets": [{"dataset": "Business rates list", "completeness": "medium"}],
            }
        )
    )
    root = str(project.root)
    cds("data", "profile", str(files[0]), "--dataset", "Business rates list", "-C", root)
    cds("report", "data-quality", "-C", root, "--out", str(project.root / "r"))
    text = (project.root / "r" / "data-quality.md").read_text()
    start = text.index("### Business rates list")
    section = text[start:]
    assert section.index("| Confidence in completeness | Medium |") < section.index(
        "#### Measured by cds data profile"
    )
    assert "Valuation Date: 20" in section  # the date range, beside the typed currency
    assert "UPRN: 2 repeats" in section


def test_flagged_but_marked_not_personal_is_a_check_problem(
    cds: Cds, project: Any, files: tuple[Path, Path]
) -> None:
    data_systems(project, personal="no")
    root = str(project.root)
    done = cds("data", "profile", str(files[0]), "--dataset", "Business rates list", "-C", root)
    assert "Check:" in done.output and "marked as holding no personal data" in done.output
    done = cds("check", "-C", root)
    assert done.exit_code == 1
    assert "marked as holding no personal data" in done.output
    assert "e-mail addresses" in done.output
    assert KNOWN_EMAIL not in done.output


def test_a_new_dataset_is_added_and_a_near_miss_refused(
    cds: Cds, project: Any, files: tuple[Path, Path]
) -> None:
    data_systems(project)
    root = str(project.root)
    done = cds("data", "profile", str(files[0]), "--dataset", "Busines rates lists", "-C", root)
    assert done.exit_code == 1
    assert "has 'Business rates list'" in done.output
    done = cds("data", "profile", str(files[0]), "--dataset", "Licensing", "-C", root)
    assert done.exit_code == 0
    assert "Added the dataset 'Licensing'" in done.output
    card = yaml.safe_load((project.root / "cards" / "data-systems.yaml").read_text())
    assert card["datasets"][2]["title"] == "Licensing"
    assert cds("status", "-C", root).exit_code == 0


def test_ctrl_c_leaves_the_card_as_it_was(
    cds: Cds, project: Any, files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_systems(project)
    before = (project.root / "cards" / "data-systems.yaml").read_text()

    def interrupted(*args: object, **kw: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("citydata_share.profiling.measure._measure", interrupted)
    done = cds(
        "data",
        "profile",
        str(files[0]),
        "--dataset",
        "Business rates list",
        "-C",
        str(project.root),
    )
    assert done.exit_code == 130
    assert "Nothing was half-written" in done.output
    assert (project.root / "cards" / "data-systems.yaml").read_text() == before


def test_bad_files_get_a_message_not_a_traceback(cds: Cds, tmp_path: Path) -> None:
    (tmp_path / "ragged.csv").write_text("a,b\n1,2\n3,4,5\n")
    for target, message in (
        (tmp_path / "ragged.csv", "ragged rows"),
        (tmp_path / "missing.csv", "no such file"),
        (tmp_path, "a folder, not a file"),
    ):
        done = cds("data", "profile", str(target))
        assert done.exit_code == 1
        assert message in done.output and "Traceback" not in done.output


def test_without_the_extra_it_says_what_to_install(
    cds: Cds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_duckdb(name: str, *args: Any, **kw: Any) -> Any:
        if name == "duckdb" or name.startswith("duckdb."):
            raise ImportError("No module named 'duckdb'")
        return real_import(name, *args, **kw)

    monkeypatch.delitem(sys.modules, "duckdb", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    (tmp_path / "a.csv").write_text("a\n1\n")
    for args in (["profile", str(tmp_path / "a.csv")], ["link", "x.csv", "y.csv", "--on", "a"]):
        done = cds("data", *args)
        assert done.exit_code == 1
        assert 'pip install "citydata-share[data]"' in done.output


def test_help_and_status_do_not_import_the_data_libraries(project: Any) -> None:
    for args in (["--help"], ["data", "--help"], ["status", "-C", str(project.root)]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "citydata_share", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        loaded = {
            line.rsplit("|", 1)[1].strip().split(".")[0]
            for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line
        }
        assert "typer" in loaded
        assert not loaded & {"duckdb", "python_calamine"}, args


def test_every_data_command_has_help_with_an_example_and_is_in_the_readme(cds: Cds) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name in ("profile", "link", "export"):
        done = cds("data", name, "--help")
        assert done.exit_code == 0 and "Example" in done.output
        assert f"cds data {name}" in readme


# The register ----------------------------------------------------------------------------


@pytest.fixture
def profiled(cds: Cds, project: Any, files: tuple[Path, Path]) -> Any:
    data_systems(project)
    root = str(project.root)
    cds("data", "profile", str(files[0]), "--dataset", "Business rates list", "-C", root)
    cds("data", "profile", str(files[1]), "--dataset", "Building control", "-C", root)
    return project


def shacl(graph_text: str) -> tuple[bool, str]:
    import warnings

    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    with warnings.catch_warnings():  # rdflib's own use of its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        data = rdflib.Graph().parse(data=graph_text, format="json-ld")
        shapes = rdflib.Graph().parse(DATA / "dcat-ap-3.0.1-SHACL.ttl", format="turtle")
        conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs")
    return bool(conforms), str(report)


def test_dcat_register_validates_against_dcat_ap_3(cds: Cds, profiled: Any) -> None:
    out = profiled.root / "catalogue.jsonld"
    done = cds(
        "data", "export", "--format", "dcat", "--base-url", "https://share.example.org/files",
        "--out", str(out), "-C", str(profiled.root),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    text = out.read_text()
    conforms, report = shacl(text)
    assert conforms, report
    catalogue = json.loads(text)
    distribution = catalogue["dcat:dataset"][0]["dcat:distribution"][0]
    assert distribution["dcat:accessURL"]["@id"] == "https://share.example.org/files/rates.csv"
    assert len(distribution["spdx:checksum"]["spdx:checksumValue"]["@value"]) == 64
    assert catalogue["dcat:dataset"][0]["dct:accrualPeriodicity"]["@id"].endswith("MONTHLY")


def test_the_shapes_catch_a_dataset_without_description(cds: Cds, profiled: Any) -> None:
    card_path = profiled.root / "cards" / "data-systems.yaml"
    card = yaml.safe_load(card_path.read_text())
    del card["datasets"][1]["description"]
    card_path.write_text(yaml.safe_dump(card))
    done = cds("data", "export", "-f", "dcat", "-C", str(profiled.root))
    assert "has no description, which DCAT-AP requires" in done.output
    text = done.stdout if hasattr(done, "stdout") else done.output
    conforms, report = shacl(text[text.index("{") : text.rindex("}") + 1])
    assert not conforms and "description" in report


def test_data_package_validates_with_frictionless(cds: Cds, profiled: Any) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = profiled.root / "datapackage.json"
    done = cds(
        "data", "export", "--format", "datapackage", "--out", str(out), "-C", str(profiled.root)
    )
    assert done.exit_code == 0, done.output
    package = json.loads(out.read_text())
    assert [r["path"] for r in package["resources"]] == [
        "data/rates.csv",
        "data/building-control.csv",
    ]
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["UPRN"]["type"] == "integer"
    assert fields["Valuation Date"] == {
        "name": "Valuation Date",
        "type": "date",
        "format": "%d/%m/%Y",
    }
    report = frictionless.validate(str(out))  # the data itself, against its schema and hash
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_csv_register(cds: Cds, profiled: Any) -> None:
    done = cds("data", "export", "--format", "csv", "-C", str(profiled.root))
    assert done.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(done.output)))
    assert [r["title"] for r in rows] == ["Business rates list", "Building control"]
    assert rows[0]["rows"] == "400" and rows[0]["profiled_file"] == "data/rates.csv"
    assert "Contact Email: 3 e-mail addresses" in rows[0]["personal_data_flags"]
    assert KNOWN_EMAIL not in done.output


def test_export_needs_datasets(cds: Cds, project: Any) -> None:
    done = cds("data", "export", "--format", "csv", "-C", str(project.root))
    assert done.exit_code == 1 and "lists no datasets yet" in done.output
    done = cds("data", "export", "--format", "xml", "-C", str(project.root))
    assert done.exit_code == 1 and "Use dcat, datapackage or csv" in done.output
