"""`cds data profile`: one file measured, in counts that never show a value.

The file is read once into DuckDB (in parallel, spilling to a scratch folder if it is larger
than memory allows), while its SHA-256 is computed alongside. One pass then counts, for
every column, the filled values, the lengths or the range, and the shapes of identifiers and
personal data; a second, per column, counts the distinct values exactly and checks the
identifiers found; a last one counts duplicate rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citydata_share import __version__
from citydata_share.cards.dataset_profile import (
    ColumnProfile,
    ColumnType,
    DatasetProfile,
    FoundIn,
    IdentifierCheck,
    IdentifierKind,
    PersonalFlag,
    PersonalKind,
)
from citydata_share.profiling import need_duckdb
from citydata_share.profiling.patterns import (
    SHARE_TO_DETECT,
    header_flags,
    header_identifier,
    looks_like_key,
    nhs_valid_sql,
    number_rules,
    q,
    text_rules,
    valid_sql,
)
from citydata_share.profiling.queries import Progress, Runner
from citydata_share.profiling.source import Source, open_source

MEMORY_LIMIT = "384MB"  # DuckDB spills to the scratch folder beyond this

INTEGERS = {
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
}  # fmt: skip
DECIMALS = {"FLOAT", "DOUBLE", "REAL"}


def column_type(duck: str) -> ColumnType:
    name = duck.upper()
    if name in INTEGERS:
        return ColumnType.INTEGER
    if name in DECIMALS or name.startswith("DECIMAL"):
        return ColumnType.DECIMAL
    if name == "VARCHAR":
        return ColumnType.TEXT
    if name == "DATE":
        return ColumnType.DATE
    if name.startswith("TIMESTAMP"):
        return ColumnType.DATETIME
    if name.startswith("TIME"):
        return ColumnType.TIME
    if name == "BOOLEAN":
        return ColumnType.BOOLEAN
    return ColumnType.OTHER


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Hashing:
    """The file's SHA-256, computed in a thread while DuckDB reads the file."""

    def __init__(self, path: Path) -> None:
        self.result: dict[str, str] = {}
        self.thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self.thread.start()

    def _run(self, path: Path) -> None:
        self.result["sha256"] = sha256_of(path)

    def value(self) -> str:
        self.thread.join()
        return self.result["sha256"]


def connect(scratch: Path) -> Any:
    duckdb = need_duckdb()
    return duckdb.connect(
        config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(scratch / "spill")}
    )


@dataclass
class Measured:
    profile: DatasetProfile
    warnings: list[str] = field(default_factory=list)


def profile_file(
    path: Path,
    shown: str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Measured:
    """Measure ``path``; ``shown`` is how the file is named on the card."""
    duckdb = need_duckdb()
    with tempfile.TemporaryDirectory(prefix="cds-profile-") as folder:
        scratch = Path(folder)
        con = connect(scratch)
        try:
            runner = Runner(con, progress)
            hashing = Hashing(path) if path.is_file() else None
            runner.step(f"Reading {path.name}")
            source = open_source(
                runner, path, "data", scratch, materialise=True, sheet=sheet, encoding=encoding
            )
            columns, rows, duplicates = _measure(runner, source)
            sha = hashing.value() if hashing else ""
        finally:
            con.close()
    profile = DatasetProfile(
        file=shown,
        sha256=sha,
        size_bytes=path.stat().st_size,
        format=source.format,
        encoding=source.encoding,
        delimiter=source.delimiter,
        date_format=source.date_format,
        sheet=source.sheet,
        rows=rows,
        duplicate_rows=duplicates,
        columns=columns,
        profiled_on=today or dt.date.today(),
        profiled_with=f"cds {__version__}, DuckDB {duckdb.__version__}",
    )
    return Measured(profile, source.warnings)


def _first_pass(source: Source) -> tuple[list[str], list[list[str]]]:
    """The SQL of the one pass, and the keys of what each column's figures are."""
    select = ["count(*)"]
    keys: list[list[str]] = []
    for name, duck in zip(source.columns, source.types, strict=True):
        c = q(name)
        kind = column_type(duck)
        mine = ["filled"]
        select.append(f"count({c})")
        if kind is ColumnType.TEXT:
            select += [f"min(length({c}))", f"max(length({c}))"]
            mine += ["shortest", "longest"]
            rules = text_rules(c)
        elif kind in (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE,
                      ColumnType.DATETIME, ColumnType.TIME):  # fmt: skip
            select += [f"CAST(min({c}) AS VARCHAR)", f"CAST(max({c}) AS VARCHAR)"]
            mine += ["minimum", "maximum"]
            rules = number_rules(f"CAST({c} AS VARCHAR)") if kind is ColumnType.INTEGER else []
        else:
            rules = []
        for rule in rules:
            select.append(f"count(*) FILTER (WHERE {rule.sql})")
            mine.append(rule.key)
        keys.append(mine)
    return ["SELECT " + ", ".join(select) + f" FROM {source.relation}"], keys


def _identifier(name: str, kind: ColumnType, seen: dict[str, Any]) -> IdentifierKind | None:
    by_name = header_identifier(name)
    if by_name is not None:
        return by_name
    filled = seen["filled"]
    if kind is not ColumnType.TEXT or not filled:
        return None
    for key, found in (
        ("postcode-shape", IdentifierKind.POSTCODE),
        ("gss", IdentifierKind.GSS),
        ("company-prefixed", IdentifierKind.COMPANIES_HOUSE),
    ):
        if seen.get(key, 0) >= SHARE_TO_DETECT * filled:
            return found
    return None


def _measure(runner: Runner, source: Source) -> tuple[list[ColumnProfile], int, int]:
    runner.step("Measuring every column")
    (sql,), keys = _first_pass(source)
    figures = list(runner.one(sql))
    rows = int(figures.pop(0))
    columns: list[ColumnProfile] = []
    for i, (name, duck, mine) in enumerate(zip(source.columns, source.types, keys, strict=True), 1):
        seen = {key: figures.pop(0) for key in mine}
        runner.step(f"Counting distinct values ({i} of {len(source.columns)})")
        columns.append(_column(runner, source, name, source.shown[i - 1], duck, seen, rows))
    runner.step("Counting duplicate rows")
    every = ", ".join(q(c) for c in source.columns)
    (duplicates,) = runner.one(
        f"SELECT count(*) - count(DISTINCT hash({every})) FROM {source.relation}"
    )
    return columns, rows, int(duplicates)


def _column(
    runner: Runner,
    source: Source,
    name: str,
    shown: str,
    duck: str,
    seen: dict[str, Any],
    rows: int,
) -> ColumnProfile:
    kind = column_type(duck)
    c = q(name)
    text = f"CAST({c} AS VARCHAR)"
    identifier = _identifier(name, kind, seen)
    distinct = (
        f"count(DISTINCT {c})" if kind is not ColumnType.OTHER else f"count(DISTINCT hash({c}))"
    )
    select = [distinct]
    if identifier is not None:
        select.append(f"count(*) FILTER (WHERE {valid_sql(identifier, text)})")
    if seen.get("nhs-shape"):
        select.append(f"count(*) FILTER (WHERE {nhs_valid_sql(text)})")
    found = list(runner.one(f"SELECT {', '.join(select)} FROM {source.relation}"))
    distinct_count = int(found.pop(0))
    filled = int(seen["filled"])
    check = None
    if identifier is not None:
        valid = int(found.pop(0))
        check = IdentifierCheck(kind=identifier, valid=valid, invalid=filled - valid)
    flags = _flags(name, seen, found.pop(0) if seen.get("nhs-shape") else 0, filled)
    candidate = (
        kind in (ColumnType.INTEGER, ColumnType.TEXT)
        and filled > 0
        and identifier not in (IdentifierKind.POSTCODE, IdentifierKind.GSS)
        and (
            identifier is not None
            or looks_like_key(name)
            or (  # nearly unique text (amounts are nearly unique too, but are not keys)
                kind is ColumnType.TEXT
                and distinct_count >= 0.95 * filled
                and filled >= 0.95 * rows
                and rows >= 20
            )
        )
    )
    show_range = check is None and not flags
    return ColumnProfile(
        name=shown,
        type=kind,
        filled=filled,
        distinct=distinct_count,
        candidate_key=candidate,
        duplicate_values=filled - distinct_count if candidate else None,
        minimum=_text(seen.get("minimum")) if show_range else None,
        maximum=_text(seen.get("maximum")) if show_range else None,
        shortest=_count(seen.get("shortest")),
        longest=_count(seen.get("longest")),
        identifier=check,
        personal=flags,
    )


def _flags(name: str, seen: dict[str, Any], nhs_valid: int, filled: int) -> list[PersonalFlag]:
    flags: list[PersonalFlag] = []
    for key, kind in (
        ("email", PersonalKind.EMAIL),
        ("phone", PersonalKind.PHONE),
        ("ni-number", PersonalKind.NI_NUMBER),
    ):
        if seen.get(key):
            flags.append(PersonalFlag(kind=kind, count=int(seen[key])))
    # Random ten-digit numbers pass the check about one time in eleven: flag only a column
    # where most ten-digit values pass it.
    shaped = int(seen.get("nhs-shape") or 0)
    if nhs_valid and nhs_valid >= SHARE_TO_DETECT * shaped:
        flags.append(PersonalFlag(kind=PersonalKind.NHS_NUMBER, count=int(nhs_valid)))
    if seen.get("postcode-in-text"):
        flags.append(PersonalFlag(kind=PersonalKind.POSTCODE, count=int(seen["postcode-in-text"])))
    by_value = {f.kind for f in flags}
    for kind in header_flags(name):
        if kind not in by_value:
            flags.append(PersonalFlag(kind=kind, found_in=FoundIn.NAME, count=filled))
    return flags


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _count(value: Any) -> int | None:
    return None if value is None else int(value)
