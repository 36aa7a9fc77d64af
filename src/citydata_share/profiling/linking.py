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
from citydata_share.profiling.measure import Hashing, connect
from citydata_share.profiling.patterns import header_identifier, lit, q
from citydata_share.profiling.queries import Progress, Runner
from citydata_share.profiling.source import DataFileError, Source, csv_problem, open_source


def normalised(kind: KeyKind, column: str) -> str:
    text = f"CAST({q(column)} AS VARCHAR)"
    if kind is KeyKind.UPRN:
        number = f"TRY_CAST(regexp_replace(trim({text}), '\\.0+$', '') AS BIGINT)"
        return f"CASE WHEN {number} > 0 THEN CAST({number} AS VARCHAR) END"
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
) -> Linked:
    with tempfile.TemporaryDirectory(prefix="cds-link-") as folder:
        scratch = Path(folder)
        con = connect(scratch)
        try:
            runner = Runner(con, progress)
            hashes = (Hashing(left), Hashing(right)) if left.is_file() and right.is_file() else None
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
            side_a = _side(runner, "ka", "kb")
            side_b = _side(runner, "kb", "ka")
            (matched,) = runner.one("SELECT count(*) FROM ka JOIN kb ON ka.k = kb.k")
            written = None
            if unmatched is not None:
                runner.step(f"Writing the unmatched rows of {left.name}")
                written = _write_unmatched(runner, a, col_a, kind, unmatched)
            sha_a, sha_b = (hashes[0].value(), hashes[1].value()) if hashes else ("", "")
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
    try:
        runner.run(
            f"CREATE TABLE {table} AS SELECT {normalised(kind, column)} AS k, count(*) AS n "
            f"FROM {source.relation} GROUP BY ALL"
        )
    except Exception as exc:
        if source.format != "CSV":
            raise
        raise csv_problem(exc, source.path) from None


def _side(runner: Runner, mine: str, other: str) -> dict[str, int]:
    rows, empty, keys, duplicate, matched_rows, unmatched = runner.one(
        f"""SELECT
            coalesce(sum(m.n), 0),
            coalesce(sum(m.n) FILTER (WHERE m.k IS NULL), 0),
            count(m.k),
            count(*) FILTER (WHERE m.k IS NOT NULL AND m.n > 1),
            coalesce(sum(m.n) FILTER (WHERE o.k IS NOT NULL), 0),
            count(m.k) FILTER (WHERE o.k IS NULL)
        FROM {mine} m LEFT JOIN {other} o ON m.k = o.k"""
    )
    return {
        "rows": int(rows),
        "empty_keys": int(empty),
        "keys": int(keys),
        "duplicate_keys": int(duplicate),
        "matched_rows": int(matched_rows),
        "unmatched_keys": int(unmatched),
    }


def _write_unmatched(
    runner: Runner, source: Source, column: str, kind: KeyKind, target: Path
) -> int:
    """The rows of ``source`` whose key is not in ``kb``, written whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fmt = "PARQUET" if target.suffix.lower() in (".parquet", ".pq") else "CSV"
    options = "FORMAT PARQUET" if fmt == "PARQUET" else "FORMAT CSV, HEADER"
    partial = target.with_name(f".{target.name}.{os.getpid()}.cds-tmp")
    select = ", ".join(
        f"{q(name)} AS {q(shown)}" for name, shown in zip(source.columns, source.shown, strict=True)
    )
    try:
        runner.run(
            f"COPY (SELECT {select} FROM {source.relation} a "
            f"WHERE NOT EXISTS (SELECT 1 FROM kb WHERE kb.k = {normalised(kind, column)})) "
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
