# ruff: noqa: E501  (the XML of the workbooks reads best unbroken)
"""Data files made by the tests: a synthetic Belfast-like pair, and small workbooks.

Nothing large is committed: each test writes what it needs into its tmp_path. The pair
echoes the toolkit's Belfast case study: the rates list and building control records share
UPRNs and postcodes, with a few e-mail addresses, duplicates, bad postcodes, UPRNs padded with
zeros, and properties under building control that are not on the rates list.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

KNOWN_EMAIL = "jo.bloggs.ratepayer@example.org"  # must appear in no output of cds
KNOWN_PHONE = "028 9032 0202"
STREETS = ["Donegall Place", "Royal Avenue", "Lisburn Road", "Ormeau Road", "Antrim Road"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
RATES_HEADER = [
    "UPRN", "Ratepayer", "Address", "Postcode", "Rateable Value", "Valuation Date",
    "Contact Email",
]  # fmt: skip
CONTROL_HEADER = [
    "Application", "Property UPRN", "Address", "Post Code", "Work", "Received", "Agent Phone",
]  # fmt: skip


def _postcode(rnd: random.Random) -> str:
    return f"BT{rnd.randrange(1, 18)} {rnd.randrange(10)}{rnd.choice(LETTERS)}{rnd.choice(LETTERS)}"


def belfast_pair(folder: Path, rows: int = 400, seed: int = 7) -> tuple[Path, Path]:
    """rates.csv and building-control.csv, with known defects (see the module docstring).

    Rates: ``rows`` rows, UPRNs 187000000001..; row 10 repeats row 9 whole (a duplicate row),
    row 20 repeats row 19's UPRN; every 50th postcode is malformed; 3 e-mail addresses, one of
    them KNOWN_EMAIL; 5 rows without a UPRN.
    Control: rows/2 rows; three quarters on rated UPRNs (every 4th written with leading zeros)
    with the same postcode (every 3rd in lower case without its space), the rest on UPRNs
    not on the rates list.
    """
    rnd = random.Random(seed)
    rates = folder / "rates.csv"
    control = folder / "building-control.csv"
    lines = [",".join(RATES_HEADER)]
    uprns: list[int] = []
    postcodes: dict[int, str] = {}
    for i in range(rows):
        uprn = 187000000001 + i
        postcode = "BT9 5A" if i % 50 == 49 else _postcode(rnd)
        email = ""
        if i in (3, 150, 333):
            email = KNOWN_EMAIL if i == 3 else f"owner{i}@example.com"
        row = [
            "" if i in (100, 101, 102, 103, 104) else str(uprn),
            f"Trader {rnd.randrange(1000)} Ltd",
            f"{rnd.randrange(1, 300)} {rnd.choice(STREETS)}",
            postcode,
            str(rnd.randrange(2000, 90000)),
            f"{rnd.randrange(1, 28):02d}/{rnd.randrange(1, 12):02d}/20{rnd.randrange(15, 24)}",
            email,
        ]
        if i == 10:
            row = lines[-1].split(",")
        if i == 20:
            row[0] = lines[-1].split(",")[0]
        lines.append(",".join(row))
        if row[0]:
            uprns.append(int(row[0]))
            postcodes[int(row[0])] = row[3]
    rates.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = [",".join(CONTROL_HEADER)]
    for j in range(rows // 2):
        if j % 4 == 3:
            uprn_text = str(190000000000 + j)  # not on the rates list
            postcode = _postcode(rnd)
        else:
            uprn = uprns[(j * 7) % len(uprns)]
            uprn_text = f"{uprn:015d}" if j % 4 == 0 else str(uprn)
            postcode = postcodes[uprn]
        out.append(
            ",".join(
                [
                    f"BC/2023/{j:04d}",
                    uprn_text,
                    f"{rnd.randrange(1, 300)} {rnd.choice(STREETS)}",
                    postcode.lower().replace(" ", "") if j % 3 == 0 else postcode,
                    rnd.choice(["Extension", "New build", "Change of use"]),
                    f"2023-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 28):02d}",
                    KNOWN_PHONE if j == 5 else "",
                ]
            )
        )
    control.write_text("\n".join(out) + "\n", encoding="utf-8")
    return rates, control


# Workbooks ------------------------------------------------------------------------------------


def _xlsx_cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Rates") -> Path:
    """A minimal .xlsx with one sheet (inline strings, numbers as numbers)."""
    cols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = "".join(
        f'<row r="{r}">'
        + "".join(_xlsx_cell(f"{cols[c]}{r}", v) for c, v in enumerate(row) if v != "")
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in files.items():
            book.writestr(name, text)
    return path


def write_ods(path: Path, rows: list[list[object]], sheet: str = "Rates") -> Path:
    """A minimal OpenDocument spreadsheet with one table."""

    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>"
        )

    table = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{table}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        book.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
