"""`cds data link`: how well two files join on a key, each way, counted by DuckDB.

Each file is read once: its key column, normalised (a UPRN as a number, a postcode in
capitals without spaces, anything else trimmed and in lower case), is grouped into keys and
their row counts; the two key lists are then compared. With an output file, a second read of
the first file writes its rows that found no match (the Belfast question: which properties
look like businesses but are not on the rates list).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from citydata_share.cards.dataset_profile import IdentifierKind, KeyKind, LinkEvidence, LinkSide
from citydata_share.profiling.measure import DECIMALS, INTEGERS, Hashing, connect
from citydata_share.profiling.patterns import header_identifier, lit, q
from citydata_share.profiling.queries import Progress, Runner
from citydata_share.profiling.source import DataFileError, Source, csv_problem, open_source


def normalised(kind: KeyKind, column: str, duck_type: str) -> str:
    """The key as compared: a UPRN as a whole number, a postcode in capitals without
    spaces, any other text trimmed and in lower case; NULL when nothing is left."""
    c = q(column)
    if kind is KeyKind.UPRN:
        if duck_type.upper() in INTEGERS:
            return f"CASE WHEN {c} > 0 THEN CAST({c} AS BIGINT) END"
        if duck_type.upper() in DECIMALS:
            return f"CASE WHEN {c} > 0 AND {c} = floor({c}) THEN CAST({c} AS BIGINT) END"
        number = f"TRY_CAST(trim(CAST({c} AS VARCHAR)) AS BIGINT)"
        return f"CASE WHEN {number} > 0 THEN {number} END"
    text = f"CAST({c} AS VARCHAR)"
    if kind is KeyKind.POSTCODE:
        return f"NULLIF(upper(regexp_replace({text}, '\\s', '', 'g')), '')"
    return f"NULLIF(lower(trim({text})), '')"


def key_kind(column: str) -> KeyKind:
    found = header_identifier(column)
    if found is IdentifierKind.UPRN:
        return KeyKind.UPRN
    if found is IdentifierKind.POSTCODE:
        return KeyKind.POSTCODE
    return KeyKind.TEXT


def find_column(source: Source, wanted: str) -> str:
    """The column named ``wanted`` (case and spaces aside), or an error listing them."""
    for name, shown in zip(source.columns, source.shown, strict=True):
        if " ".join(name.split()).casefold() == " ".join(wanted.split()).casefold():
            return name
        if shown.casefold() == wanted.casefold():
            return name
    raise DataFileError(
        f"{source.path}: no column named {wanted!r}.",
        "Its columns: " + ", ".join(source.shown),
    )


@dataclass
class Linked:
    evidence: LinkEvidence
    unmatched_written: int | None = None


def link_files(
    left: Path,
    right: Path,
    left_column: str,
    right_column: str,
    *,
    left_shown: str,
    right_shown: str,
    key_as: KeyKind | None = None,
    unmatched: Path | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    hashes: bool = True,
) -> Linked:
    """Compare the keys of two files; ``hashes``: take their SHA-256 too (to name the
    datasets whose saved profiles are of the same files)."""
    with tempfile.TemporaryDirectory(prefix="cds-link-") as folder:
        scratch = Path(folder)
        con = connect(scratch)
        try:
            runner = Runner(con, progress)
            hashing = (
                (Hashing(left), Hashing(right))
                if hashes and left.is_file() and right.is_file()
                else None
            )
            runner.step(f"Reading {left.name}")
            a = open_source(runner, left, "a", scratch, materialise=False)
            runner.step(f"Reading {right.name}")
            b = open_source(runner, right, "b", scratch, materialise=False)
            col_a, col_b = find_column(a, left_column), find_column(b, right_column)
            kind = key_kind(col_a) if key_as is None else key_as
            if key_as is None and kind is KeyKind.TEXT:
                kind = key_kind(col_b)
            runner.step(f"Grouping the keys of {left.name}")
            _keys(runner, a, col_a, kind, "ka")
            runner.step(f"Grouping the keys of {right.name}")
            _keys(runner, b, col_b, kind, "kb")
            runner.step("Comparing the keys")
            side_a, side_b, matched = _compare(runner)
            written = None
            if unmatched is not None:
                runner.step(f"Writing the unmatched rows of {left.name}")
                written = _write_unmatched(runner, a, col_a, kind, unmatched)
            sha_a, sha_b = (hashing[0].value(), hashing[1].value()) if hashing else (None, None)
        finally:
            con.close()
    evidence = LinkEvidence(
        left=LinkSide(
            file=left_shown, sha256=sha_a, column=a.shown[a.columns.index(col_a)], **side_a
        ),
        right=LinkSide(
            file=right_shown, sha256=sha_b, column=b.shown[b.columns.index(col_b)], **side_b
        ),
        key_as=kind,
        matched_keys=int(matched),
        linked_on=today or dt.date.today(),
    )
    return Linked(evidence, written)


def _keys(runner: Runner, source: Source, column: str, kind: KeyKind, table: str) -> None:
    key = normalised(kind, column, source.types[source.columns.index(column)])
    try:
        runner.run(
            f"CREATE TABLE {table} AS SELECT {key} AS k, count(*) AS n "
            f"FROM {source.relation} GROUP BY ALL"
        )
    except Exception as exc:
        if source.format != "CSV":
            raise
        raise csv_problem(exc, source.path) from None


SIDE = [
    "coalesce(sum({m}.n), 0)",
    "coalesce(sum({m}.n) FILTER (WHERE {m}.k IS NULL), 0)",
    "count({m}.k)",
    "count(*) FILTER (WHERE {m}.k IS NOT NULL AND {m}.n > 1)",
    "coalesce(sum({m}.n) FILTER (WHERE {m}.k IS NOT NULL AND {o}.k IS NOT NULL), 0)",
    "count({m}.k) FILTER (WHERE {o}.k IS NULL)",
]
SIDE_NAMES = ["rows", "empty_keys", "keys", "duplicate_keys", "matched_rows", "unmatched_keys"]


def _compare(runner: Runner) -> tuple[dict[str, int], dict[str, int], int]:
    """Both sides' figures and the keys found on both, in one pass over the two key lists
    (a key that is NULL never joins, so each side's empty keys stay on their own row)."""
    figures = [f.format(m="ka", o="kb") for f in SIDE] + [f.format(m="kb", o="ka") for f in SIDE]
    found = runner.one(
        f"SELECT {', '.join(figures)}, "
        "count(*) FILTER (WHERE ka.k IS NOT NULL AND kb.k IS NOT NULL) "
        "FROM ka FULL OUTER JOIN kb ON ka.k = kb.k"
    )
    values = [int(v) for v in found]
    n = len(SIDE)
    return (
        dict(zip(SIDE_NAMES, values[:n], strict=True)),
        dict(zip(SIDE_NAMES, values[n : 2 * n], strict=True)),
        values[-1],
    )


def _write_unmatched(
    runner: Runner, source: Source, column: str, kind: KeyKind, target: Path
) -> int:
    """The rows of ``source`` whose key is not in ``kb``, written whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fmt = "PARQUET" if target.suffix.lower() in (".parquet", ".pq") else "CSV"
    options = "FORMAT PARQUET" if fmt == "PARQUET" else "FORMAT CSV, HEADER"
    partial = target.with_name(f".{target.name}.{os.getpid()}.cds-tmp")
    key = normalised(kind, column, source.types[source.columns.index(column)])
    select = ", ".join(
        f"{q(name)} AS {q(shown)}" for name, shown in zip(source.columns, source.shown, strict=True)
    )
    try:
        runner.run(
            f"COPY (SELECT {select} FROM {source.relation} a "
            f"WHERE NOT EXISTS (SELECT 1 FROM kb WHERE kb.k = {key})) "
            f"TO {lit(str(partial))} ({options})"
        )
        os.replace(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return _unmatched_rows(runner)


def _unmatched_rows(runner: Runner) -> int:
    (rows,) = runner.one(
        "SELECT coalesce(sum(ka.n), 0) FROM ka LEFT JOIN kb ON ka.k = kb.k WHERE kb.k IS NULL"
    )
    return int(rows)
