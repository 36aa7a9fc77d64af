"""Running DuckDB queries so that a long one shows its progress and Ctrl-C stops it at once.

The query runs in a worker thread; the calling thread waits for it, passing DuckDB's own
progress figure to a callback (the CLI draws it), and on Ctrl-C interrupts the query and
re-raises, so the command stops before anything is saved.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

Progress = Callable[[str, float | None], None]  # (what is being done, percent or None)


class Runner:
    def __init__(self, con: duckdb.DuckDBPyConnection, on_progress: Progress | None) -> None:
        self.con = con
        self.on_progress = on_progress
        self.label = ""
        if on_progress is not None:
            con.execute(
                "SET enable_progress_bar = true; SET enable_progress_bar_print = false; "
                "SET progress_bar_time = 0"
            )

    def step(self, label: str) -> None:
        self.label = label
        if self.on_progress is not None:
            self.on_progress(label, None)

    def all(self, sql: str) -> list[tuple[Any, ...]]:
        found: dict[str, Any] = {}

        def work() -> None:
            try:
                found["rows"] = self.con.execute(sql).fetchall()
            except BaseException as exc:  # handed to the calling thread
                found["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.1)
                if self.on_progress is not None and worker.is_alive():
                    done = self.con.query_progress()
                    self.on_progress(self.label, done if done >= 0 else None)
        except KeyboardInterrupt:
            self.con.interrupt()
            worker.join()
            raise
        if "error" in found:
            raise found["error"]
        rows: list[tuple[Any, ...]] = found["rows"]
        return rows

    def one(self, sql: str) -> tuple[Any, ...]:
        return self.all(sql)[0]

    def run(self, sql: str) -> None:
        self.all(sql)
