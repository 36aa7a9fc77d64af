"""What `cds data profile` and `cds data link` measured, as kept on the cards.

A dataset on the data-systems card may carry the profile of one of its files (``profile``);
the prepare-data card may carry the evidence of links tried between files (``links``).
Neither is asked by the wizard: they are written by `cds data` and validated here like any
answer. Only counts, column names and types, ranges of numbers and dates, the file's name,
size and SHA-256 are kept: never a value from the data.

The functions at the end are pure, so the documents, `cds check` and the exports read the
same figures the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, model_validator

from citydata_share.cards.base import Record
from citydata_share.questions import Choice

Count = Annotated[int, Field(ge=0)]


class ColumnType(Choice):
    INTEGER = "integer", "Whole number"
    DECIMAL = "decimal", "Number"
    TEXT = "text", "Text"
    DATE = "date", "Date"
    DATETIME = "date-time", "Date and time"
    TIME = "time", "Time"
    BOOLEAN = "boolean", "Yes/no"
    OTHER = "other", "Other (nested or binary)"


class IdentifierKind(Choice):
    UPRN = (
        "uprn",
        "UPRN",
        "Unique Property Reference Number: a whole number of up to 12 digits.",
    )
    POSTCODE = "postcode", "UK postcode", "Checked against the Royal Mail postcode format."
    GSS = (
        "gss",
        "ONS GSS code",
        "A letter for the nation and eight digits (E05011234): ONS's codes for areas.",
    )
    COMPANIES_HOUSE = (
        "companies-house",
        "Companies House number",
        "Eight characters: eight digits, or two letters (SC, NI, OC...) and six digits.",
    )


class PersonalKind(Choice):
    EMAIL = "email", "E-mail addresses"
    PHONE = "phone", "UK phone numbers"
    NI_NUMBER = "ni-number", "National Insurance numbers"
    NHS_NUMBER = "nhs-number", "NHS numbers (check digit valid)"
    POSTCODE = (
        "full-postcode",
        "Full postcodes",
        "A full postcode covers about 15 addresses: with other data it can point to a home.",
    )
    DATE_OF_BIRTH = "date-of-birth", "A date of birth, by its column name"
    NAME = "name", "A person's name, by its column name"
    CONTACT = "contact", "Contact details, by its column name"
    SENSITIVE = (
        "sensitive",
        "Special category data (health, ethnicity, religion...), by its column name",
    )


class FoundIn(Choice):
    VALUES = "values", "Values"
    NAME = "column-name", "Column name"


class IdentifierCheck(Record):
    kind: IdentifierKind
    valid: Count
    invalid: Count


class PersonalFlag(Record):
    """A reason to look at a column with the privacy work in mind: a flag, not a verdict."""

    kind: PersonalKind
    found_in: FoundIn = FoundIn.VALUES
    count: Count  # values that look like it (for a column name: the column's filled values)


class ColumnProfile(Record):
    name: str
    type: ColumnType
    filled: Count
    distinct: Count
    candidate_key: bool = False
    duplicate_values: Count | None = None  # in a candidate key: filled values repeated
    # Numbers and dates only, and never for a flagged or identifier column: a range of
    # amounts or dates says how current and plausible the data is without showing a record.
    minimum: str | None = None
    maximum: str | None = None
    shortest: Count | None = None  # text: lengths instead of values
    longest: Count | None = None
    identifier: IdentifierCheck | None = None
    personal: list[PersonalFlag] = Field(default_factory=list)


class DatasetProfile(Record):
    """One file of a dataset, as measured by `cds data profile` on the date given."""

    file: str  # the file's path inside the project, or its name when it is elsewhere
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size_bytes: Count
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    date_format: str | None = None  # as strftime, when the dates are not ISO 8601
    sheet: str | None = None
    rows: Count
    duplicate_rows: Count = 0
    columns: list[ColumnProfile] = Field(default_factory=list)
    profiled_on: dt.date
    profiled_with: str | None = None

    @model_validator(mode="after")
    def _counts_fit(self) -> DatasetProfile:
        for column in self.columns:
            if column.filled > self.rows:
                raise ValueError(
                    f"column {column.name!r} has {column.filled} filled values "
                    f"but the file has {self.rows} rows"
                )
        if self.duplicate_rows > self.rows:
            raise ValueError("duplicate_rows cannot be more than rows")
        return self


class KeyKind(Choice):
    UPRN = "uprn", "UPRN (digits only, leading zeros dropped)"
    POSTCODE = "postcode", "Postcode (capitals, spaces dropped)"
    TEXT = "text", "Text (trimmed, case ignored)"


class LinkSide(Record):
    dataset: str | None = None  # the dataset whose profile has this file's SHA-256
    file: str
    sha256: Annotated[str | None, Field(pattern=r"^[0-9a-f]{64}$")] = None
    column: str
    rows: Count
    empty_keys: Count  # rows with no key (or none left after normalising)
    keys: Count  # distinct keys
    duplicate_keys: Count  # keys held by more than one row
    matched_rows: Count  # rows whose key is found on the other side
    unmatched_keys: Count


class LinkEvidence(Record):
    """How well two files join on a key: the evidence for the linking plan."""

    left: LinkSide
    right: LinkSide
    key_as: KeyKind
    matched_keys: Count
    linked_on: dt.date


# Derived ---------------------------------------------------------------------------------


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class ColumnFlag:
    column: str
    flag: PersonalFlag


def personal_flags(profile: DatasetProfile) -> list[ColumnFlag]:
    """Every flag to review, column by column."""
    return [ColumnFlag(c.name, f) for c in profile.columns for f in c.personal]


def flag_summary(profile: DatasetProfile) -> list[str]:
    """The flags in words, one per column and kind: "contact: 200 e-mail addresses"."""
    return [f"{item.column}: {describe_flag(item.flag)}" for item in personal_flags(profile)]


def _lower_first(text: str) -> str:
    """ "E-mail addresses" -> "e-mail addresses"; "UK phone numbers" stays as it is."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def describe_flag(flag: PersonalFlag) -> str:
    if flag.found_in is FoundIn.NAME:
        return f"{_lower_first(flag.kind.label.split(',')[0])} (by its name; {flag.count:,} filled)"
    return f"{flag.count:,} {_lower_first(flag.kind.short)}"


@dataclass(frozen=True)
class IdentifierFound:
    column: str
    check: IdentifierCheck

    @property
    def valid_percent(self) -> float | None:
        return percent(self.check.valid, self.check.valid + self.check.invalid)


def identifiers_found(profile: DatasetProfile) -> list[IdentifierFound]:
    return [IdentifierFound(c.name, c.identifier) for c in profile.columns if c.identifier]


@dataclass(frozen=True)
class DateRange:
    column: str
    start: str
    end: str


def date_ranges(profile: DatasetProfile) -> list[DateRange]:
    """Columns of dates with their first and last date: how current the data is."""
    return [
        DateRange(c.name, c.minimum, c.maximum)
        for c in profile.columns
        if c.type in (ColumnType.DATE, ColumnType.DATETIME) and c.minimum and c.maximum
    ]


def filled_percent(profile: DatasetProfile) -> float | None:
    """The share of all cells that are filled: one figure for completeness."""
    cells = profile.rows * len(profile.columns)
    return percent(sum(c.filled for c in profile.columns), cells)


def key_duplicates(profile: DatasetProfile) -> list[tuple[str, int]]:
    """Candidate keys that repeat a value, with how many filled values are repeats."""
    return [
        (c.name, c.duplicate_values)
        for c in profile.columns
        if c.candidate_key and c.duplicate_values
    ]


def match_rate(side: LinkSide) -> float | None:
    return percent(side.matched_rows, side.rows)
