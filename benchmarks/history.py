"""How long `cds history` takes on a project with 1,000 commits.

Run: python benchmarks/history.py [--commits N] [--runs N] [--keep DIR]

Builds a project from the Belfast example's cards, then N commits in which people change
answers, a few at a time, across the cards (as partners would over a long project: a
person's role or notes, a dataset's owner, a reason's wording, someone added or removed).
The commits are written with `git fast-import`, so building takes seconds; each is what cds
would commit for such a save. Then times, each in a fresh `cds` process:

  cds history                          every change to every card
  cds history team                     one card
  cds history team --field people.notes one answer of every person

and prints the median and fastest wall time of each, with the number of lines printed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BELFAST = ROOT / "examples" / "belfast"
AUTHORS = [
    ("Ana Diaz", "ana@belfastcity.example"),
    ("Sam Okafor", "sam@fcc.example"),
    ("Niamh Kelly", "niamh@lps.example"),
]


def cds_command() -> list[str]:
    found = shutil.which("cds", path=str(Path(sys.executable).parent)) or shutil.which("cds")
    return [found] if found else [sys.executable, "-m", "citydata_share"]


def _edit(cards: dict[str, Any], rng: random.Random, n: int) -> str:
    """Change one to three answers in one card; returns the card changed."""
    card_id = rng.choice(["team", "data-systems", "reasons", "ecosystem"])
    data = cards[card_id]
    lists = [k for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    texts = [k for k, v in data.items() if isinstance(v, str) and k not in ("card", "title")]
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if lists and roll < 0.7:
            records = data[rng.choice(lists)]
            record = rng.choice(records)
            keys = [k for k, v in record.items() if isinstance(v, str)]
            if keys:
                key = rng.choice(keys[1:] or keys)
                record[key] = f"{record[key].split(' (rev')[0]} (rev {n})"
        elif lists and roll < 0.8:
            records = data[rng.choice(lists)]
            first = next(iter(records[0]))
            records.append({first: f"Added in commit {n}"})
        elif lists and roll < 0.85:
            records = data[rng.choice(lists)]
            if len(records) > 1:
                records.pop(rng.randrange(len(records)))
        elif texts:
            key = rng.choice(texts)
            data[key] = f"{data[key].split(' (rev')[0]} (rev {n})"
    return card_id


def build(folder: Path, commits: int) -> Path:
    """A project in ``folder`` with ``commits`` commits of changed answers."""
    from citydata_share import yamlio

    project = folder / "share"
    shutil.copytree(BELFAST, project, ignore=shutil.ignore_patterns("reports"))
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    ident = ["-c", "user.name=Ana Diaz", "-c", "user.email=ana@belfastcity.example"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(["git", *ident, "commit", "-qm", "Start"], cwd=project, check=True, env=env)
    cards = {
        p.stem: yamlio.loads(p.read_text(encoding="utf-8")).data
        for p in (project / "cards").glob("*.yaml")
    }
    rng = random.Random(2026)
    stream: list[bytes] = []
    when = 1_790_000_000
    for n in range(1, commits + 1):
        card_id = _edit(cards, rng, n)
        text = yamlio.dumps(cards[card_id]).encode("utf-8")
        name, email = AUTHORS[n % len(AUTHORS)]
        message = f"{card_id}: answers changed (commit {n})\n".encode()
        when += 3600
        stream += [
            b"commit refs/heads/main\n",
            f"author {name} <{email}> {when} +0000\n".encode(),
            f"committer {name} <{email}> {when} +0000\n".encode(),
            f"data {len(message)}\n".encode() + message,
            b"from refs/heads/main^0\n" if n == 1 else b"",
            f"M 100644 inline cards/{card_id}.yaml\n".encode(),
            f"data {len(text)}\n".encode() + text + b"\n",
        ]
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=project, input=b"".join(stream), check=True
    )
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=project, check=True, env=env)
    return project


def time_command(args: list[str], project: Path, runs: int) -> tuple[float, float, int]:
    times = []
    lines = 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [*cds_command(), "-C", str(project), *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        times.append(time.perf_counter() - start)
        lines = len(done.stdout.splitlines())
    return statistics.median(times), min(times), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Build the project here and keep it.")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="cds-history-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        project = build(folder, options.commits)
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"built {project} with {count} commits in {time.perf_counter() - started:.1f} s")
        for args in (
            ["history"],
            ["history", "team"],
            ["history", "team", "--field", "people.notes"],
        ):
            median, fastest, lines = time_command(args, project, options.runs)
            print(
                f"cds {' '.join(args):<38} median {median:.2f} s  fastest {fastest:.2f} s  "
                f"({lines} lines)"
            )
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
