"""`cds data profile` and `link` on real files: formats, figures, and clear errors."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from tests.data_files import KNOWN_EMAIL, belfast_pair, write_ods, write_xlsx

from citydata_share.cards.dataset_profile import (
    ColumnType,
    DatasetProfile,
    FoundIn,
    IdentifierKind,
    KeyKind,
    PersonalKind,
    date_ranges,
    key_duplicates,
)
from citydata_share.errors import CdsError

pytest.importorskip("duckdb")
from citydata_share.profiling.linking import link_files
from citydata_share.profiling.measure import profile_file

TODAY = dt.date(2025, 3, 1)


def profile(path: Path, **kw: object) -> DatasetProfile:
    return profile_file(path, path.name, today=TODAY, **kw).profile  # type: ignore[arg-type]


def column(p: DatasetProfile, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in p.columns if c.name == name)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return belfast_pair(tmp_path_factory.mktemp("belfast"))


@pytest.fixture(scope="module")
def rates(pair: tuple[Path, Path]) -> DatasetProfile:
    return profile(pair[0])


def test_rates_list_figures(rates: DatasetProfile, pair: tuple[Path, Path]) -> None:
    import hashlib

    assert rates.rows == 400
    assert len(rates.columns) == 7
    assert rates.format == "CSV" and rates.encoding == "utf-8" and rates.delimiter == ","
    assert rates.sha256 == hashlib.sha256(pair[0].read_bytes()).hexdigest()
    assert rates.size_bytes == pair[0].stat().st_size
    assert rates.duplicate_rows == 1  # row 10 repeats row 9
    assert rates.profiled_on == TODAY
    uprn = column(rates, "UPRN")
    assert uprn.type is ColumnType.INTEGER
    assert uprn.filled == 395  # five rows have none
    assert uprn.candidate_key and uprn.duplicate_values == 2  # rows 10 and 20 repeat a UPRN
    assert uprn.identifier is not None and uprn.identifier.kind is IdentifierKind.UPRN
    assert (uprn.identifier.valid, uprn.identifier.invalid) == (395, 0)
    assert uprn.minimum is None  # an identifier's values are never shown
    postcode = column(rates, "Postcode")
    assert postcode.identifier is not None and postcode.identifier.kind is IdentifierKind.POSTCODE
    assert postcode.identifier.invalid == 8  # every 50th is malformed
    assert any(f.kind is PersonalKind.POSTCODE for f in postcode.personal)
    value = column(rates, "Rateable Value")
    assert value.type is ColumnType.INTEGER and value.minimum and value.maximum
    assert int(value.minimum) >= 2000 and int(value.maximum) < 90000
    dates = column(rates, "Valuation Date")
    assert dates.type is ColumnType.DATE  # dd/mm/yyyy, found by DuckDB's sniffer
    assert rates.date_format == "%d/%m/%Y"
    assert [r.column for r in date_ranges(rates)] == ["Valuation Date"]
    assert ("UPRN", 2) in key_duplicates(rates)


def test_personal_data_flags_with_counts(rates: DatasetProfile) -> None:
    email = column(rates, "Contact Email")
    kinds = {(f.kind, f.found_in): f.count for f in email.personal}
    assert kinds[(PersonalKind.EMAIL, FoundIn.VALUES)] == 3
    assert kinds[(PersonalKind.CONTACT, FoundIn.NAME)] == 3
    ratepayer = column(rates, "Ratepayer")
    assert [f.kind for f in ratepayer.personal] == [PersonalKind.NAME]
    assert column(rates, "Address").personal == []


def test_no_value_reaches_the_profile(rates: DatasetProfile) -> None:
    dumped = rates.model_dump_json()
    assert KNOWN_EMAIL not in dumped
    assert "Trader" not in dumped and "Donegall" not in dumped


def test_link_the_pair_both_ways(pair: tuple[Path, Path], tmp_path: Path) -> None:
    rates_path, control_path = pair
    out = tmp_path / "not-rated.csv"
    linked = link_files(
        control_path,
        rates_path,
        "Property UPRN",
        "UPRN",
        left_shown="building-control.csv",
        right_shown="rates.csv",
        unmatched=out,
        today=TODAY,
    )
    e = linked.evidence
    assert e.key_as is KeyKind.UPRN
    assert e.left.rows == 200 and e.right.rows == 400
    assert e.left.unmatched_keys == 50  # every 4th control UPRN is not on the rates list
    assert e.left.matched_rows == 150  # padded UPRNs match once the zeros are dropped
    assert e.right.empty_keys == 5
    assert e.right.duplicate_keys == 2
    assert linked.unmatched_written == 50
    lines = out.read_text().splitlines()
    assert lines[0].startswith("Application,Property UPRN") and len(lines) == 51
    assert not list(tmp_path.glob("*.cds-tmp"))


def test_link_normalises_postcodes(pair: tuple[Path, Path]) -> None:
    linked = link_files(
        pair[1], pair[0], "Post Code", "Postcode", left_shown="b", right_shown="a", today=TODAY
    )
    assert linked.evidence.key_as is KeyKind.POSTCODE
    assert linked.evidence.matched_keys > 0  # lower-case postcodes match once in capitals


def test_link_names_a_missing_column(pair: tuple[Path, Path]) -> None:
    with pytest.raises(CdsError) as caught:
        link_files(pair[0], pair[1], "uprn", "nope", left_shown="a", right_shown="b")
    assert "no column named 'nope'" in caught.value.message
    assert "Property UPRN" in (caught.value.hint or "")


# Formats -----------------------------------------------------------------------------------

ROWS: list[list[object]] = [
    ["UPRN", "Name of business", "Postcode", "Rateable Value"],
    [187000000001, "Café Nero", "BT1 5GS", 12000],
    [187000000002, "Ormeau Bakery", "BT7 1AB", 8000.5],
    [187000000003, "Linen Hall", "BT1 5GB", 30000],
]


def _check_rows(p: DatasetProfile) -> None:
    assert p.rows == 3
    assert [c.name for c in p.columns] == ["UPRN", "Name of business", "Postcode", "Rateable Value"]
    assert column(p, "UPRN").identifier is not None
    assert column(p, "Postcode").identifier.valid == 3  # type: ignore[union-attr]


def test_windows_1252_as_excel_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    text = "\r\n".join(",".join(str(v) for v in row) for row in ROWS) + "\r\n"
    path.write_bytes(text.replace("Café", "Café “Nero”").encode("cp1252"))
    p = profile(path)
    assert p.encoding == "cp1252"
    _check_rows(p)


def test_utf8_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    text = "\n".join(";".join(str(v) for v in row) for row in ROWS) + "\n"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    p = profile(path)
    assert p.delimiter == ";"
    _check_rows(p)


def test_tab_separated_utf16_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "rates.txt"
    text = "\r\n".join("\t".join(str(v) for v in row) for row in ROWS) + "\r\n"
    path.write_bytes(text.encode("utf-16"))  # with its byte order mark
    p = profile(path)
    assert p.encoding == "utf-16"
    _check_rows(p)


def test_excel_and_ods(tmp_path: Path) -> None:
    books = [write_xlsx(tmp_path / "rates.xlsx", ROWS), write_ods(tmp_path / "rates.ods", ROWS)]
    for path in books:
        p = profile(path)
        assert p.sheet == "Rates"
        _check_rows(p)
        assert column(p, "UPRN").type is ColumnType.INTEGER
    assert profile(tmp_path / "rates.ods").format == "ODS"


def test_json_lines_and_parquet(tmp_path: Path) -> None:
    import json

    import duckdb

    lines = tmp_path / "rates.jsonl"
    lines.write_text(
        "\n".join(json.dumps(dict(zip(ROWS[0], row, strict=True))) for row in ROWS[1:]) + "\n"
    )
    _check_rows(profile(lines))
    parquet = tmp_path / "rates.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_json_auto('{lines}')) TO '{parquet}'")
    p = profile(parquet)
    assert p.format == "Parquet"
    _check_rows(p)


def test_a_header_row_of_data_is_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(f"{KNOWN_EMAIL},count\n12,5\n13,6\n")  # read as a header: numbers below
    measured = profile_file(path, path.name)
    assert KNOWN_EMAIL not in measured.profile.model_dump_json()
    assert any("looks like a value" in w for w in measured.warnings)


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("header.csv", b"UPRN,Postcode\n", "a header row but no data rows"),
        ("ragged.csv", b"a,b\n1,2\n3,4,5\n6,7\n", "ragged rows"),
        ("unknown.csv", b"name\n\x81\x8d\x8f\x90\x9d\n", "unknown encoding"),
        ("picture.csv", b"\x89PNG\r\n\x1a\nrest", "not a table: it looks like a PNG image"),
        ("binary.csv", b"a,b\n\x00\x01\x02,3\n", "not a table: it holds binary data"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "not a valid Excel or ODS workbook"),
        ("broken.parquet", b"PAR1 nope", "not valid Parquet"),
        ("broken.json", b"{nope", "not valid JSON"),
    ],
)
def test_bad_input_is_named_and_explained(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CdsError) as caught:
        profile(path)
    assert str(path) in caught.value.message
    assert message in caught.value.message


def test_ragged_rows_after_the_sample_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = ["a,b"] + [f"{i},x{i}" for i in range(30000)] + ["1,2,3"] + ["4,y"]
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(CdsError) as caught:
        profile(path)
    assert "ragged rows" in caught.value.message and "line 30002" in caught.value.message
    assert "x1" not in caught.value.message  # no value quoted


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(CdsError, match="no such file"):
        profile(tmp_path / "nowhere.csv")
    with pytest.raises(CdsError, match="a folder, not a file"):
        profile(tmp_path)


def test_an_excel_sheet_that_is_not_there(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "rates.xlsx", ROWS)
    with pytest.raises(CdsError) as caught:
        profile(path, sheet="2024")
    assert "no sheet named '2024'" in caught.value.message and "Rates" in (caught.value.hint or "")
