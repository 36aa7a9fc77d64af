"""The identifier and personal-data rules of `cds data`, in Python and as DuckDB runs them."""

from __future__ import annotations

import pytest

from citydata_share.cards.dataset_profile import IdentifierKind, PersonalKind
from citydata_share.profiling import patterns

duckdb = pytest.importorskip("duckdb")


def check(rule, value: str) -> bool:  # type: ignore[no-untyped-def]
    con = duckdb.connect()
    found = con.execute(f"SELECT coalesce({rule('v')}, false) FROM (SELECT $x AS v)", {"x": value})
    return bool(found.fetchone()[0])


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9434765919", True),  # the NHS Data Dictionary's example
        ("943 476 5919", True),
        ("9434765918", False),  # wrong check digit
        ("4010232137", True),
        ("1234567890", False),  # check digit would be 10: never issued
        ("943476591", False),
    ],
)
def test_nhs_check_digit_in_python_and_sql(number: str, valid: bool) -> None:
    assert patterns.nhs_number_valid(number) is valid
    assert check(patterns.nhs_valid_sql, number) is valid


@pytest.mark.parametrize(
    ("postcode", "valid"),
    [
        ("BT1 5GS", True),
        ("bt9 5ab", True),
        ("BT95AB", True),
        ("SW1A 2AA", True),
        ("GIR 0AA", True),
        ("BT9 5A", False),  # a letter short
        ("QT1 1AA", False),  # Q never starts a postcode
        ("BT1 1CI", False),  # C and I are never in the inward code
        ("BT1", False),
    ],
)
def test_postcode_validity(postcode: str, valid: bool) -> None:
    assert patterns.postcode_valid(postcode) is valid
    assert check(patterns.postcode_valid_sql, postcode) is valid


@pytest.mark.parametrize(
    ("value", "rule", "found"),
    [
        ("jo@example.org", patterns.email_sql, True),
        ("write to jo@example.org today", patterns.email_sql, True),
        ("jo at example dot org", patterns.email_sql, False),
        ("028 9032 0202", patterns.phone_sql, True),
        ("(028) 9032-0202", patterns.phone_sql, True),
        ("+44 7700 900123", patterns.phone_sql, True),
        ("07700900123", patterns.phone_sql, True),
        ("12345", patterns.phone_sql, False),
        ("AB 12 34 56 C", patterns.ni_sql, True),
        ("ab123456c", patterns.ni_sql, True),
        ("GB123456A", patterns.ni_sql, False),  # prefix never issued
        ("DA123456A", patterns.ni_sql, False),  # D is never a first letter
        ("E05011234", patterns.gss_sql, True),
        ("N09000003", patterns.gss_sql, True),
        ("E0501123", patterns.gss_sql, False),
        ("SC123456", patterns.company_prefixed_sql, True),
        ("01234567", patterns.company_valid_sql, True),
        ("1234567", patterns.company_valid_sql, False),
        ("185000000001", patterns.uprn_valid_sql, True),
        ("0000185000000001", patterns.uprn_valid_sql, False),  # more than 12 digits
        ("0", patterns.uprn_valid_sql, False),
        ("12 Main Street, Belfast BT1 5GS", patterns.postcode_in_text_sql, True),
        ("Unit 4 Main Street", patterns.postcode_in_text_sql, False),
    ],
)
def test_value_rules(value: str, rule, found: bool) -> None:  # type: ignore[no-untyped-def]
    assert check(rule, value) is found


@pytest.mark.parametrize(
    ("header", "flags"),
    [
        ("Date of birth", [PersonalKind.DATE_OF_BIRTH]),
        ("DOB", [PersonalKind.DATE_OF_BIRTH]),
        ("DateOfBirth", [PersonalKind.DATE_OF_BIRTH]),
        ("Ratepayer", [PersonalKind.NAME]),
        ("first_name", [PersonalKind.NAME]),
        ("Surname", [PersonalKind.NAME]),
        ("Business name", []),
        ("Street name", []),
        ("Contact Email", [PersonalKind.CONTACT]),
        ("Tel", [PersonalKind.CONTACT]),
        ("NI Number", [PersonalKind.NI_NUMBER]),
        ("NHS No", [PersonalKind.NHS_NUMBER]),
        ("Ethnicity", [PersonalKind.SENSITIVE]),
        ("Rateable Value", []),
    ],
)
def test_header_flags(header: str, flags: list[PersonalKind]) -> None:
    assert patterns.header_flags(header) == flags


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("UPRN", IdentifierKind.UPRN),
        ("Property UPRN", IdentifierKind.UPRN),
        ("Post Code", IdentifierKind.POSTCODE),
        ("postcode", IdentifierKind.POSTCODE),
        ("Company Number", IdentifierKind.COMPANIES_HOUSE),
        ("ward_gss", IdentifierKind.GSS),
        ("Address", None),
    ],
)
def test_identifiers_named_by_header(header: str, kind: IdentifierKind | None) -> None:
    assert patterns.header_identifier(header) is kind


def test_a_header_that_is_a_value_is_recognised() -> None:
    assert patterns.looks_like_value("jo@example.org")
    assert patterns.looks_like_value("BT1 5GS")
    assert patterns.looks_like_value("028 9032 0202")
    assert not patterns.looks_like_value("Contact Email")


def test_sql_quoting_of_names_and_literals() -> None:
    con = duckdb.connect()
    con.execute('CREATE TABLE t ("it""s" VARCHAR)')
    con.execute("INSERT INTO t VALUES ('a''b')")
    column, value = patterns.q('it"s'), patterns.lit("a'b")
    found = con.execute(f"SELECT count(*) FROM t WHERE {column} = {value}")
    assert found.fetchone() == (1,)
