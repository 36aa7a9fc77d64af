"""Drafts: the answers of an unfinished session, written the moment each one is given.

A draft is the card's file as it would be saved (``.cds/drafts/<card-id>.yaml``), not yet
validated as a whole, so a half-filled record survives too. It is deleted once the card is
saved or the user discards it; after Ctrl-C, a crash or a closed terminal it stays, and the
next run of the card offers to resume it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydata_share import yamlio
from citydata_share.store import atomic_write

ENVELOPE = ("card", "title", "schema_version")


@dataclass(frozen=True)
class Draft:
    path: Path
    answers: dict[str, Any]
    saved_at: dt.datetime
    problem: str | None = None  # why the draft could not be read, if it could not

    def when(self) -> str:
        return self.saved_at.strftime("%d %b %Y at %H:%M")


def write(path: Path, card_id: str, title: str, answers: dict[str, Any]) -> None:
    header = (
        f"# Unsaved answers for '{title}', kept by cds until you save or discard them.\n"
        "# Run the card's command again to resume.\n"
    )
    data = {"card": card_id, "title": title, **answers}
    atomic_write(path, header + yamlio.dumps(data))


def read(path: Path) -> Draft | None:
    """The draft at ``path``, or None. A damaged draft is returned with its problem."""
    if not path.exists():
        return None
    saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime)
    try:
        data = yamlio.read(path).data
    except (yamlio.YamlProblem, OSError) as exc:
        message = exc.message if isinstance(exc, yamlio.YamlProblem) else str(exc)
        return Draft(path, {}, saved_at, f"the draft cannot be read: {message}")
    if not isinstance(data, dict):
        return Draft(path, {}, saved_at, "the draft is not a set of answers")
    answers = {k: v for k, v in data.items() if k not in ENVELOPE}
    return Draft(path, answers, saved_at)


def delete(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
