"""Opening a data file as a DuckDB table or view, whatever its format, with clear errors.

CSV and TSV (any delimiter, UTF-8 with or without a byte order mark, the Windows-1252 that
Excel writes, UTF-16 with a byte order mark), Excel and ODS (through calamine), JSON or
JSON lines, and Parquet. Anything else gets a :class:`DataFileError` naming the file and
saying what is wrong with it. DuckDB's own messages quote lines of the file, so they are
never passed on: only line numbers are.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.errors import CdsError
from citydata_share.profiling import need_calamine, need_duckdb
from citydata_share.profiling.patterns import lit, looks_like_value

if TYPE_CHECKING:
    from citydata_share.profiling.queries import Runner

CSV_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".psv", ".dat"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
DELIMITERS = (",", ";", "\t", "|")
CHUNK = 1 << 20

MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}


class DataFileError(CdsError):
    """A data file cds cannot read as a table: the message names it and says why."""


@dataclass
class Source:
    """A file opened as the DuckDB relation ``relation``."""

    path: Path
    relation: str
    format: str
    columns: list[str]  # as DuckDB names them (for SQL)
    types: list[str]  # DuckDB type names
    shown: list[str]  # as cds shows and saves them: a name that looks like data is hidden
    encoding: str | None = None
    delimiter: str | None = None
    date_format: str | None = None
    sheet: str | None = None
    warnings: list[str] = field(default_factory=list)


def _problem(path: Path, what: str, hint: str | None = None) -> DataFileError:
    return DataFileError(f"{path}: {what}", hint)


def check_file(path: Path) -> None:
    """A missing file, a folder or an empty file, said plainly."""
    if not path.exists():
        raise _problem(path, "no such file.", "Check the path and try again.")
    if path.is_dir():
        raise _problem(path, "this is a folder, not a file.", "Give the path of a data file.")
    if path.stat().st_size == 0:
        raise _problem(path, "the file is empty (0 bytes).", "Export the data again.")


def kind_of(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES or head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf"):
        return "sheet"
    if suffix in PARQUET_SUFFIXES or head.startswith(b"PAR1"):
        return "parquet"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "csv"


def open_source(
    runner: Runner,
    path: Path,
    relation: str,
    scratch: Path,
    *,
    materialise: bool,
    sheet: str | None = None,
    encoding: str | None = None,
) -> Source:
    """Open ``path`` as a table (``materialise``) or a view named ``relation``."""
    need_duckdb()
    check_file(path)
    with open(path, "rb") as handle:
        head = handle.read(65536)
    kind = kind_of(path, head)
    if kind == "csv" and not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _problem(path, "the file is empty (only blank lines).", "Export the data again.")
    make = "TABLE" if materialise else "VIEW"
    if kind == "sheet":
        return _open_sheet(runner, path, relation, scratch, sheet, materialise)
    if kind == "parquet":
        source = _open_with(
            runner, path, relation, make, f"read_parquet({lit(str(path))})", "Parquet"
        )
    elif kind == "json":
        source = _open_with(
            runner, path, relation, make, f"read_json_auto({lit(str(path))})", "JSON"
        )
    else:
        source = _open_csv(runner, path, relation, scratch, head, make, encoding)
    _check_rows(runner, source)
    return source


def _open_with(
    runner: Runner, path: Path, relation: str, make: str, reader: str, name: str
) -> Source:
    try:
        runner.run(f"CREATE {make} {relation} AS SELECT * FROM {reader}")
    except Exception:
        raise _problem(
            path,
            f"this is not a table cds can read: it is not valid {name}.",
            "Check the file is what its name says, or export it again as CSV.",
        ) from None
    return _described(runner, path, relation, name)


def _described(runner: Runner, path: Path, relation: str, fmt: str, **kw: Any) -> Source:
    rows = runner.all(f"DESCRIBE {relation}")
    columns = [str(r[0]) for r in rows]
    types = [str(r[1]) for r in rows]
    shown = []
    warnings = []
    for i, name in enumerate(columns, 1):
        if looks_like_value(name):
            shown.append(f"column {i}")
            warnings.append(
                f"The name of column {i} looks like a value (an e-mail, phone number, "
                "postcode...): is the first row a header? It is shown as "
                f"'column {i}'."
            )
        else:
            shown.append(name)
    return Source(path, relation, fmt, columns, types, shown, warnings=warnings, **kw)


def _check_rows(runner: Runner, source: Source) -> None:
    (rows,) = runner.one(f"SELECT count(*) FROM (SELECT 1 FROM {source.relation} LIMIT 1)")
    if not rows:
        raise _problem(
            source.path,
            "the file has a header row but no data rows."
            if source.format != "JSON"
            else "the file holds no records.",
            "Export the data again, with its rows.",
        )


# CSV ------------------------------------------------------------------------------------


def _binary(path: Path, head: bytes) -> None:
    for magic, what in MAGIC.items():
        if head.startswith(magic):
            raise _problem(
                path,
                f"this is not a table: it looks like {what}.",
                "Give a CSV, Excel, ODS, JSON or Parquet file.",
            )
    if b"\x00" in head:
        raise _problem(
            path,
            "this is not a table: it holds binary data.",
            "Give a CSV, Excel, ODS, JSON or Parquet file.",
        )


def _transcode(path: Path, target: Path, encoding: str) -> None:
    """Copy ``path`` into ``target`` as UTF-8, chunk by chunk (files can be large)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        while chunk := src.read(CHUNK):
            try:
                out.write(decoder.decode(chunk))
            except UnicodeDecodeError as exc:
                raise _problem(
                    path,
                    f"unknown encoding: it is neither UTF-8 nor {encoding} "
                    f"(byte {offset + exc.start + 1} cannot be read).",
                    "Save it again as CSV UTF-8, or name its encoding with --encoding "
                    "(e.g. --encoding latin-1).",
                ) from None
            offset += len(chunk)
        out.write(decoder.decode(b"", final=True))


def _codec(name: str, path: Path) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise _problem(
            path,
            f"{name!r} is not an encoding Python knows.",
            "Use a name such as utf-8, cp1252, latin-1 or utf-16.",
        ) from None


def _open_csv(
    runner: Runner,
    path: Path,
    relation: str,
    scratch: Path,
    head: bytes,
    make: str,
    encoding: str | None,
) -> Source:
    wanted = _codec(encoding, path) if encoding else None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and wanted is None:
        wanted = "utf-16"
    if wanted is None or wanted != "utf-16":
        _binary(path, head)
    if wanted is not None and wanted not in ("utf-8", "utf-8-sig"):
        target = scratch / f"{relation}.utf8.csv"
        _transcode(path, target, wanted)
        return _read_csv(runner, path, target, relation, make, wanted)
    try:
        return _read_csv(runner, path, path, relation, make, "utf-8")
    except _NotUtf8:
        if wanted is not None:
            raise _problem(
                path,
                "the file is not UTF-8, as --encoding says.",
                "Leave out --encoding to let cds try Windows-1252, or name the right one.",
            ) from None
    target = scratch / f"{relation}.utf8.csv"
    _transcode(path, target, "cp1252")
    return _read_csv(runner, path, target, relation, make, "cp1252")


class _NotUtf8(Exception):
    pass


_LINE = re.compile(r"(?:CSV Error on Line|line)\s*:?\s*(\d+)", re.IGNORECASE)


def _read_csv(
    runner: Runner, path: Path, read: Path, relation: str, make: str, encoding: str
) -> Source:
    """Sniff the dialect and types once, then read with them fixed: a view is read again
    each time it is used, and would be sniffed again each time too."""
    try:
        delimiter, skipped, dates, prompt = runner.one(
            f"SELECT Delimiter, SkipRows, DateFormat, Prompt FROM sniff_csv({lit(str(read))})"
        )
        reader = str(prompt).strip().removeprefix("FROM").strip().rstrip(";")
        runner.run(f"CREATE {make} {relation} AS SELECT * FROM {reader}")
        source = _described(runner, path, relation, "CSV", encoding=encoding)
    except Exception as exc:
        raise csv_problem(exc, path) from None
    source.delimiter = str(delimiter) if delimiter else None
    source.date_format = str(dates) if dates else None
    if len(source.columns) == 1 or skipped:
        _check_ragged(runner, path, read, source.delimiter)
    if skipped:
        source.warnings.append(
            f"The first {skipped} line(s) do not fit the table below them (a title or notes "
            "above it?): they were left out."
        )
    return source


def csv_problem(exc: BaseException, path: Path) -> Exception:
    """A DuckDB error while reading a CSV, as a message naming the file (no data quoted)."""
    text = str(exc)
    if "not utf-8" in text.lower() or "invalid unicode" in text.lower():
        return _NotUtf8()
    line = _LINE.search(text)
    where = f" (line {line.group(1)})" if line else ""
    if "Expected Number of Columns" in text or "too many columns" in text.lower():
        return _problem(
            path,
            f"ragged rows: a row has a different number of fields from the header{where}.",
            "Check that line for a stray delimiter or an unquoted comma, fix it and run "
            "the command again.",
        )
    if "Could not convert" in text or "Conversion Error" in text:
        return _problem(
            path,
            f"a value does not fit the type of its column{where}.",
            "Check that line; a column that mixes numbers and text is read as text when "
            "the first rows show both.",
        )
    return _problem(
        path,
        f"this is not a table cds can read as CSV{where}.",
        "Check the file opens as a table in a spreadsheet, and save it again as CSV.",
    )


def _check_ragged(runner: Runner, path: Path, read: Path, sniffed: str | None) -> None:
    """DuckDB found one column, or skipped the first lines: if the rows do not all have as
    many fields as the header, say so and where, rather than profile a wrong table."""
    with open(read, encoding="utf-8", errors="replace") as handle:
        header = handle.readline()
    candidates = [sniffed] if sniffed and sniffed in DELIMITERS else []
    for delimiter in [*candidates, *(d for d in DELIMITERS if d not in candidates)]:
        if delimiter in header:
            try:
                runner.run(
                    f"SELECT count(*) FROM read_csv({lit(str(read))}, delim={lit(delimiter)}, "
                    "header = true, store_rejects = true, ignore_errors = true)"
                )
                found = runner.one("SELECT min(line), count(*) FROM reject_errors")
            except Exception:
                continue
            if found[1]:
                shown = "'\\t' (tab)" if delimiter == "\t" else repr(delimiter)
                raise _problem(
                    path,
                    f"ragged rows: {found[1]} row(s) have a different number of fields from "
                    f"the header (split on {shown}; the first is line {found[0]}).",
                    "Check those lines for a stray delimiter or an unquoted comma, fix them "
                    "and run the command again.",
                )


# Excel and ODS ----------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _open_sheet(
    runner: Runner,
    path: Path,
    relation: str,
    scratch: Path,
    sheet: str | None,
    materialise: bool,
) -> Source:
    calamine = need_calamine()
    fmt = "ODS" if path.suffix.lower() == ".ods" else f"Excel ({path.suffix.lower().lstrip('.')})"
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise _problem(path, "the workbook is protected by a password.", None) from None
    except Exception:
        raise _problem(
            path,
            "this is not a table cds can read: not a valid Excel or ODS workbook.",
            "Open it in a spreadsheet and save it again (as .xlsx, .ods or CSV).",
        ) from None
    names: list[str] = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise _problem(
            path,
            f"no sheet named {sheet!r}.",
            "Its sheets: " + ", ".join(names) if names else None,
        )
    chosen = sheet if sheet is not None else (names[0] if names else None)
    if chosen is None:
        raise _problem(path, "the workbook has no sheets.", None)
    rows = book.get_sheet_by_name(chosen).iter_rows()
    header = next(rows, None)
    if header is None or not any(_cell(v) for v in header):
        raise _problem(path, f"the sheet {chosen!r} is empty.", "Give --sheet NAME.")
    names_row = [_cell(v) or f"column {i}" for i, v in enumerate(header, 1)]
    target = scratch / f"{relation}.sheet.csv"
    count = 0
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names_row)
        for row in rows:
            cells = [_cell(v) for v in row]
            if any(cells):
                writer.writerow(cells)
                count += 1
    if not count:
        raise _problem(
            path,
            f"the sheet {chosen!r} has a header row but no data rows.",
            "Give --sheet NAME if the data is on another sheet.",
        )
    make = "TABLE" if materialise else "VIEW"
    reader = f"read_csv({lit(str(target))}, header = true, delim = ',', quote = '\"')"
    try:
        runner.run(f"CREATE {make} {relation} AS SELECT * FROM {reader}")
    except Exception:
        raise _problem(path, "cds could not read the sheet as a table.", None) from None
    return _described(runner, path, relation, fmt, sheet=chosen)
