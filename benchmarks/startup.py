"""How long `cds --help` takes against a minimal Typer app's `--help` on this machine.

Run: python benchmarks/startup.py [--runs N]
Prints the median wall time of each and the ratio (target: cds within 10% of minimal).
Both start a fresh interpreter each run, so the figures include Python's own start-up.
"""

from __future__ import annotations

import argparse
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


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
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
        results = {name: median_seconds(cmd, args.runs) for name, cmd in commands.items()}
    base = results["minimal Typer app --help"]
    for name, seconds in results.items():
        print(f"{name:28} {seconds * 1000:7.1f} ms  ratio {seconds / base:5.2f}")
    print(f"cds --help / minimal --help = {results['cds --help'] / base:.3f} (target <= 1.10)")


if __name__ == "__main__":
    main()
