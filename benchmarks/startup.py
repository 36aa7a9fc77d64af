"""How long `cds --help` takes against a minimal Typer app's `--help` on this machine.

Run: python benchmarks/startup.py [--runs N] [--instructions]
Prints the median and fastest wall time of each and the ratios (target: cds --help within
10% of the minimal app). Both start a fresh interpreter each run, so the figures include
Python's own start-up. Wall times are noisy on a shared machine; --instructions also counts
the instructions each command executes under valgrind (callgrind), which repeat exactly.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer

app = typer.Typer(help="A minimal Typer app to compare start-up times.")


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


@app.command()
def bye() -> None:
    """Say bye."""


if __name__ == "__main__":
    app()
'''


def timings(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def instructions(command: list[str], folder: str) -> int:
    out = Path(folder) / "callgrind.out"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit("valgrind printed no instruction count")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with valgrind"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        commands = {
            "minimal Typer app --help": [sys.executable, str(minimal), "--help"],
            "cds --help": [sys.executable, "-m", "citydata_share", "--help"],
            "cds --version": [sys.executable, "-m", "citydata_share", "--version"],
        }
        for command in commands.values():  # warm the file cache
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        if args.instructions:
            if shutil.which("valgrind") is None:
                raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
            counts = {name: instructions(cmd, folder) for name, cmd in commands.items()}
            base_count = counts["minimal Typer app --help"]
            for name, count in counts.items():
                print(
                    f"{name:28} {count / 1e6:9.1f} M instructions  ratio {count / base_count:.3f}"
                )
        # Interleave the commands so that a busy moment of the machine hits them all alike.
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                runs[name] += timings(command, 1)
    base_median = statistics.median(runs["minimal Typer app --help"])
    base_min = min(runs["minimal Typer app --help"])
    print(f"{'':28} {'median':>9} {'ratio':>6} {'fastest':>9} {'ratio':>6}")
    for name, times in runs.items():
        median, fastest = statistics.median(times), min(times)
        print(
            f"{name:28} {median * 1000:7.1f}ms {median / base_median:6.2f} "
            f"{fastest * 1000:7.1f}ms {fastest / base_min:6.2f}"
        )
    ratio = statistics.median(runs["cds --help"]) / base_median
    print(f"cds --help / minimal --help (medians) = {ratio:.3f} (target <= 1.10)")


if __name__ == "__main__":
    main()
