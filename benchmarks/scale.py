"""How cds's time and memory grow with the size of a project, against the scale targets.

Run: python benchmarks/scale.py [--sizes 100 1000 10000] [--runs 3]

Generates projects from examples/belfast grown to N datasets, the way a real project grows:
the lists that hold the project's things (datasets, systems, external datasets, people,
organisations, partners) and the lists kept one record per thing (a dataset's flow on the
architecture card, its quality statement, an organisation's exchange, a party's agreement or
end-of-sharing action) are repeated until the data-systems card holds N datasets; lists
that do not grow with the data (the readiness answers, the reasons, the business case's
costs, the RACI decisions, the culture plan) keep Belfast's size. In copy k of a record, every
name that names a record somewhere in the project (a dataset's title, a system, an
organisation, a person's name) gets " k" added, wherever it appears, so that the links
between cards stay valid; choice values (``could-provide-data``) and the project's own
organisation are kept as they are; text longer than 40 characters (a description, not a
web address) gets " (k)", so that no two records share their prose, as in a real register.
``--grow-all`` repeats every list of every card instead, a harsher load than any real
project (a readiness card 60 times Belfast's at 1,000).

Each project is a git repository, as `cds init` makes it, so that a save commits.

Then it times, in fresh interpreters and interleaved so that a busy moment of a shared
machine hits them all alike: a minimal two-command Typer app's command, `cds status`,
`cds check`, `cds report` and a one-field save (`cds discover data-systems --answers FILE`
changing one answer), and prints the medians, the peak memory of each, and the targets.
`status` and `check` recall the board the last save left in .cds/board.json, as they do
for a user who saves and then looks; `status-cold` and `check-cold` work it out from the
cards every time (``CDS_NO_CACHE=1``), as after an edit made outside cds. The targets:

* status and check at 1,000 datasets: at most 2x the minimal app's command;
* 10x the datasets costs at most 11x the time (status, check, report, save);
* a one-field save at 10,000 datasets: under 3x `cds status` on the same project;
* peak memory at 10,000 datasets: under 200 MB.

``--python`` and ``--pythonpath`` run another cds (an older checkout, say) for a comparison.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


from startup import MINIMAL_APP  # noqa: E402  (beside this file: the same app, both benchmarks)

BELFAST = ROOT / "examples" / "belfast"
PROSE = 40  # longer text is a description, written afresh for each record; shorter ("CSV",
# "Monthly", "Planning team") is a value that records share, as in a real register
CHOICE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a choice's stored value, not a name


# Growing a project ----------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _record_names(data: Any, names: set[str]) -> None:
    """The first text field of every record in every list: what names the record."""
    if isinstance(data, dict):
        for value in data.values():
            _record_names(value, names)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                first = next(iter(item.values()), None)
                if isinstance(first, str) and not CHOICE.fullmatch(first):
                    names.add(_key(first))
            _record_names(item, names)


def _renamed(value: Any, names: set[str], copy: int) -> Any:
    """A copy of ``value`` with every record name in it made the name of copy ``copy``."""
    if isinstance(value, dict):
        return {k: _renamed(v, names, copy) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, names, copy) for v in value]
    if isinstance(value, str) and _key(value) in names and not CHOICE.fullmatch(value):
        return f"{value} {copy}"  # a stored choice ("uprn") is never a name, whatever its key
    if isinstance(value, str) and len(value) > PROSE and "://" not in value:
        return f"{value} ({copy})"  # each dataset's description is its own
    return value


# The lists that grow with a project, by file: path of keys from the file's top.
GROWS: dict[str, list[tuple[str, ...]]] = {
    "cds.yaml": [("partners",)],
    "data-systems.yaml": [("datasets",), ("systems",)],
    "others-data.yaml": [("datasets",), ("experts",)],
    "ecosystem.yaml": [("organisations",)],
    "team.yaml": [("people",)],
    "reasons.yaml": [("exchanges",)],
    "architecture.yaml": [("flows",)],
    "prepare-data.yaml": [("datasets",)],
    "approvals.yaml": [("agreements",)],
    "review.yaml": [("end_actions",)],
}


def _repeated(value: list[Any], names: set[str], copies: int) -> list[Any]:
    if all(isinstance(v, str) and CHOICE.fullmatch(v) for v in value):
        return value  # a list of choices: each may appear once
    grown = list(value)
    for copy in range(2, copies + 1):
        for item in value:
            renamed = _renamed(item, names, copy)
            if renamed == item and isinstance(item, str):
                renamed = f"{item} ({copy})"  # free text: a distinct line, as people write
            grown.append(renamed)
    return grown


def _grown(value: Any, names: set[str], copies: int) -> Any:
    """Every list in ``value`` (not inside a list) repeated ``copies`` times."""
    if isinstance(value, dict):
        return {k: _grown(v, names, copies) for k, v in value.items()}
    if not isinstance(value, list) or not value:
        return value
    return _repeated(value, names, copies)


def _grown_lists(
    data: dict[str, Any], paths: list[tuple[str, ...]], names: set[str], copies: int
) -> dict[str, Any]:
    """``data`` with the lists at ``paths`` repeated ``copies`` times, the rest as it is."""
    grown = dict(data)
    for path in paths:
        parent = grown
        for key in path[:-1]:
            parent[key] = dict(parent.get(key) or {})
            parent = parent[key]
        if parent.get(path[-1]):
            parent[path[-1]] = _repeated(parent[path[-1]], names, copies)
    return grown


def _as_cds_writes(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The data as cds itself writes it (``key_player: true``, not ``'true'``)."""
    from citydata_share.project import ProjectConfig
    from citydata_share.registry import BY_ID

    if path.name == "cds.yaml":
        return ProjectConfig.model_validate(data).to_file_data()
    return BY_ID[path.stem].model().model_validate(data).to_file_data()


def grow(source: Path, dest: Path | str, datasets: int, every_list: bool = False) -> Path:
    """Write ``source`` grown to ``datasets`` datasets into ``dest``; returns ``dest``.

    ``every_list``: repeat every list of every card, not only those that grow with a project.
    """
    dest = Path(dest)
    files = [source / "cds.yaml", *sorted((source / "cards").glob("*.yaml"))]
    from citydata_share import yamlio  # the checkout's own, to read and write

    loaded = {path: yamlio.loads(path.read_text(encoding="utf-8")).data for path in files}
    base = len(loaded[source / "cards" / "data-systems.yaml"]["datasets"])
    copies = max(1, -(-datasets // base))
    names: set[str] = set()
    for data in loaded.values():
        _record_names(data, names)
    names.discard(_key(loaded[source / "cds.yaml"]["organisation"]))
    (dest / "cards").mkdir(parents=True, exist_ok=True)
    for path, data in loaded.items():
        text = path.read_text(encoding="utf-8")
        header = "".join(line for line in text.splitlines(keepends=True)[:2] if line[:1] == "#")
        if every_list:
            grown = _grown(data, names, copies)
        else:
            grown = _grown_lists(data, GROWS.get(path.name, []), names, copies)
        if path.name == "data-systems.yaml":
            grown["datasets"] = grown["datasets"][:datasets]
        out = dest / path.relative_to(source)
        out.write_text(header + yamlio.dumps(_as_cds_writes(path, grown)), encoding="utf-8")
    (dest / ".gitignore").write_text(".cds/\n")
    for git in (
        ["init", "-q"],
        ["config", "user.name", "Scale Benchmark"],
        ["config", "user.email", "benchmark@example.org"],
        ["add", "-A"],
        ["commit", "-q", "-m", f"Belfast grown to {datasets:,} datasets"],
    ):
        subprocess.run(["git", *git], cwd=dest, check=True, capture_output=True)
    return dest


# Timing ---------------------------------------------------------------------------------


MEMORY_CAP = 4 * 1024**3  # a command that needs more is stopped, not left to eat the machine


class Failed(Exception):
    """A command that did not finish as it should."""


def run_once(
    command: list[str], env: dict[str, str], codes: tuple[int, ...] = (0,)
) -> tuple[float, float, float]:
    """Wall time (s), processor time (s) and peak memory (MB) of one run of ``command``."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=cap,
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in codes:
            errors.seek(0)
            last = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            raise Failed(f"exit {process.returncode}: {' '.join(last)[:200]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="the interpreter to run cds")
    parser.add_argument("--pythonpath", help="run cds from this source folder (PYTHONPATH)")
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them")
    parser.add_argument(
        "--grow-all", action="store_true", help="repeat every list of every card (harsher)"
    )
    parser.add_argument(
        "--commands",
        nargs="+",
        default=["status", "check", "status-cold", "check-cold", "report", "save"],
        choices=["status", "check", "status-cold", "check-cold", "report", "save"],
    )
    args = parser.parse_args()
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    env["COLUMNS"] = "100"
    work = Path(tempfile.mkdtemp(prefix="cds-scale-"))
    folder = args.keep or work
    try:
        minimal = work / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        projects = {}
        for size in args.sizes:
            target = folder / f"belfast-{size}{'-all' if args.grow_all else ''}"
            if not (target / "cds.yaml").exists():
                # In a child process: a child's peak memory counts the parent's size at the
                # fork, so the parent stays small (Linux carries it over exec).
                grower = f"import scale; scale.grow(scale.BELFAST, {str(target)!r}, {size}, "
                grower += f"{args.grow_all})"
                subprocess.run(
                    [sys.executable, "-c", grower],
                    check=True,
                    env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)},
                )
            projects[size] = target
            mb = (target / "cards" / "data-systems.yaml").stat().st_size / 1e6
            total = sum(p.stat().st_size for p in target.rglob("*.yaml")) / 1e6
            print(f"{size:>6} datasets: data-systems.yaml {mb:.2f} MB, all YAML {total:.2f} MB")
        cds = [args.python, "-m", "citydata_share"]
        answers = work / "one-field.yaml"

        def commands(size: int, run: int) -> dict[str, list[str]]:
            answers.write_text(f"card: data-systems\nchecked_how: Asked again, round {run}\n")
            project = ["-C", str(projects[size])]
            return {
                "status": [*cds, *project, "status"],
                "check": [*cds, *project, "check"],
                "status-cold": [*cds, *project, "status"],
                "check-cold": [*cds, *project, "check"],
                "report": [*cds, *project, "report", "--out", str(work / f"r{size}")],
                "save": [*cds, *project, "discover", "data-systems", "--answers", str(answers)],
            }

        base = [args.python, str(minimal), "hello"]
        wall: dict[tuple[str, int], list[float]] = {}
        cpu: dict[tuple[str, int], list[float]] = {}
        peaks: dict[tuple[str, int], float] = {}

        failed: dict[tuple[str, int], str] = {}

        def measure(key: tuple[str, int], command: list[str]) -> None:
            if key in failed:
                return
            codes = (0, 1) if key[0].startswith("check") else (0,)
            cold = {**env, "CDS_NO_CACHE": "1"} if key[0].endswith("-cold") else env
            try:
                elapsed, used, peak = run_once(command, cold, codes)
            except Failed as exc:
                failed[key] = str(exc)
                return
            wall.setdefault(key, []).append(elapsed)
            cpu.setdefault(key, []).append(used)
            peaks[key] = max(peaks.get(key, 0.0), peak)

        run_once(base, env)  # warm the file cache
        run_once([*cds, "--help"], env)
        for project in projects.values():
            for path in project.rglob("*.yaml"):
                path.read_bytes()
            run_once([*cds, "-C", str(project), "status"], env)  # the board, remembered
        for run in range(1, args.runs + 1):
            measure(("minimal", 0), base)
            for size in args.sizes:
                for name, command in commands(size, run).items():
                    if name in args.commands:
                        measure((name, size), command)
        print(f"\nMedians of {args.runs} run(s): processor time (wall time), seconds")
        table(cpu, wall, peaks, args.sizes, args.commands)
        print("\nTargets, on processor time (wall time varies with the machine's other work):")
        targets(cpu, peaks, args.sizes, args.commands)
        for (name, size), why in failed.items():
            print(f"  {name} at {size:,} failed: {why}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(
    cpu: dict[tuple[str, int], list[float]],
    wall: dict[tuple[str, int], list[float]],
    peaks: dict[tuple[str, int], float],
    sizes: list[int],
    names: list[str],
) -> None:
    def cell(key: tuple[str, int]) -> str:
        if key not in cpu:
            return "failed"
        return f"{statistics.median(cpu[key]):8.3f} ({statistics.median(wall[key]):7.3f})"

    def peak(key: tuple[str, int]) -> str:
        return f"{peaks[key]:.0f}" if key in peaks else "failed"

    print(f"{'command':10}" + "".join(f"{size:>20,}" for size in sizes))
    print(f"{'minimal':10}{cell(('minimal', 0)):>20}")
    for name in names:
        print(f"{name:10}" + "".join(f"{cell((name, size)):>20}" for size in sizes))
    print("Peak memory, MB")
    print(f"{'minimal':10}{peak(('minimal', 0)):>20}")
    for name in names:
        print(f"{name:10}" + "".join(f"{peak((name, size)):>20}" for size in sizes))


def targets(
    cpu: dict[tuple[str, int], list[float]],
    peaks: dict[tuple[str, int], float],
    sizes: list[int],
    names: list[str],
) -> None:
    median = {key: statistics.median(value) for key, value in cpu.items()}
    base = median[("minimal", 0)]
    checks: list[tuple[str, float | None, str, float]] = []
    if 1000 in sizes:
        for name in ("status", "check", "status-cold", "check-cold"):
            if name in names:
                ratio = median[(name, 1000)] / base if (name, 1000) in median else None
                checks.append((f"{name} at 1,000 / minimal app's command", ratio, "<=", 2))
    for small, big in itertools.pairwise(sizes):
        if big == 10 * small:
            for name in names:
                both = (name, big) in median and (name, small) in median
                ratio = median[(name, big)] / median[(name, small)] if both else None
                checks.append((f"{name} at {big:,} / {name} at {small:,}", ratio, "<=", 11))
    for status in ("status", "status-cold"):
        if 10000 in sizes and {"save", status} <= set(names):
            both = ("save", 10000) in median and (status, 10000) in median
            ratio = median[("save", 10000)] / median[(status, 10000)] if both else None
            checks.append((f"save at 10,000 / {status} at 10,000", ratio, "<", 3))
    if 10000 in sizes:
        for name in names:
            peak = peaks.get((name, 10000))
            checks.append((f"peak memory of {name} at 10,000, MB", peak, "<", 200))
    for what, value, sign, limit in checks:
        if value is None:
            print(f"  {what:47} {'-':>8}  (target {sign} {limit})  MISSED (failed)")
            continue
        met = value <= limit if sign == "<=" else value < limit
        print(f"  {what:47} {value:8.2f}  (target {sign} {limit})  {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
