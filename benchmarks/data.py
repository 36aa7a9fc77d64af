"""`cds data profile` and `cds data link` against DuckDB doing the bare work, side by side.

Run: python benchmarks/data.py [--rows 1000000] [--runs 3] [--keep DIR]
Needs the data extra (pip install "citydata-share[data]").

Generates two 7-column CSV files (a rates list and building control records, about 70 MB
each at a million rows) with DuckDB, then times, each in a fresh process, interleaved:
  - `cds data profile RATES` against DuckDB's own `SUMMARIZE` of the file plus one pass of
    the personal-data patterns cds uses (e-mail, phone, NI and NHS numbers, postcodes);
  - `cds data link RATES CONTROL --on uprn` against the bare DuckDB join on uprn;
and reports the medians, their ratios (targets: profile <= 1.5x, link <= 2x) and the peak
memory (resident set) of each process (target: under 500 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATES = """
COPY (
  SELECT
    185000000000 + (hash(i, 1) % ({rows} * 2))::BIGINT AS uprn,
    CASE WHEN i % 997 = 0 THEN 'BT9X 9ZZZ'
         ELSE 'BT' || (1 + hash(i, 2) % 17) || ' ' || (hash(i, 3) % 10) ||
              substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (hash(i, 4) % 20)::INT, 1) ||
              substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (hash(i, 5) % 20)::INT, 1) END AS postcode,
    'Business ' || (hash(i, 6) % 100000) || ' Ltd' AS occupier,
    (1 + hash(i, 7) % 400) || ' ' || ['Main St', 'High St', 'Donegall Pl', 'Royal Ave',
      'Lisburn Rd', 'Ormeau Rd', 'Antrim Rd', 'Falls Rd'][1 + (hash(i, 8) % 8)::INT] AS address,
    1000 + hash(i, 9) % 499000 AS rateable_value,
    DATE '2010-01-01' + (hash(i, 10) % 5000)::INT AS valuation_date,
    CASE WHEN i % 5000 = 0 THEN 'owner' || i || '@example.org' END AS contact
  FROM range({rows}) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""

CONTROL = """
COPY (
  SELECT
    185000000000 + (hash(i, 11) % ({rows} * 2))::BIGINT AS uprn,
    'BC/' || (2015 + i % 9) || '/' || lpad(i::VARCHAR, 7, '0') AS application,
    ['Extension', 'New build', 'Alteration', 'Change of use', 'Demolition'][
      1 + (hash(i, 12) % 5)::INT] AS work,
    DATE '2015-01-01' + (hash(i, 13) % 3000)::INT AS received,
    CASE WHEN hash(i, 14) % 10 < 7 THEN 'Approved' ELSE 'Pending' END AS status,
    (hash(i, 15) % 2000000)::DOUBLE / 10 AS estimated_cost,
    'BT' || (1 + hash(i, 16) % 17) || ' ' || (hash(i, 17) % 10) || 'AB' AS postcode
  FROM range({rows}) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""

BASELINE_PROFILE = """
import sys
import duckdb
from citydata_share.profiling.patterns import (
    email_sql, lit, ni_sql, nhs_valid_sql, phone_sql, postcode_in_text_sql, q,
)
path = sys.argv[1]
con = duckdb.connect()
reader = f"read_csv({lit(path)})"
con.execute(f"SUMMARIZE SELECT * FROM {reader}").fetchall()
text = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
        if r[1] == "VARCHAR"]
rules = [f"count(*) FILTER (WHERE {rule(q(c))})" for c in text
         for rule in (email_sql, phone_sql, ni_sql, nhs_valid_sql, postcode_in_text_sql)]
con.execute(f"SELECT {', '.join(rules)} FROM {reader}").fetchall()
"""

BASELINE_LINK = """
import sys
import duckdb
from citydata_share.profiling.patterns import lit
a, b = sys.argv[1], sys.argv[2]
duckdb.connect().execute(
    f"SELECT count(*) FROM read_csv({lit(a)}) a JOIN read_csv({lit(b)}) b ON a.uprn = b.uprn"
).fetchall()
"""


def run(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def generate(folder: Path, rows: int) -> tuple[Path, Path]:
    import duckdb

    rates, control = folder / "rates.csv", folder / "building-control.csv"
    con = duckdb.connect()
    con.execute(RATES.format(rows=rows, path=rates))
    con.execute(CONTROL.format(rows=rows, path=control))
    return rates, control


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cds-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rates, control = generate(folder, args.rows)
        size = rates.stat().st_size / 1e6
        print(
            f"{args.rows:,} rows x 7 columns: {rates.name} {size:.0f} MB, "
            f"{control.name} {control.stat().st_size / 1e6:.0f} MB"
        )
        cds = [sys.executable, "-m", "citydata_share", "data"]
        commands = {
            "cds data profile": [*cds, "profile", str(rates)],
            "SUMMARIZE + patterns": [sys.executable, "-c", BASELINE_PROFILE, str(rates)],
            "cds data link": [*cds, "link", str(rates), str(control), "--on", "uprn"],
            "bare DuckDB join": [sys.executable, "-c", BASELINE_LINK, str(rates), str(control)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        memory: dict[str, float] = {name: 0.0 for name in commands}
        for _ in range(args.runs):  # interleaved, so a busy moment hits them all alike
            for name, command in commands.items():
                elapsed, peak = run(command)
                times[name].append(elapsed)
                memory[name] = max(memory[name], peak)
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{'':24} {'median':>8} {'fastest':>8} {'peak memory':>12}")
    for name in commands:
        print(f"{name:24} {median[name]:7.2f}s {min(times[name]):7.2f}s {memory[name]:9.0f} MB")
    profile = median["cds data profile"] / median["SUMMARIZE + patterns"]
    link = median["cds data link"] / median["bare DuckDB join"]
    print(f"profile / (SUMMARIZE + patterns) = {profile:.2f} (target <= 1.5)")
    print(f"link / bare join = {link:.2f} (target <= 2.0)")
    peak = max(memory["cds data profile"], memory["cds data link"])
    print(f"peak memory of cds = {peak:.0f} MB (target < 500)")


if __name__ == "__main__":
    main()
