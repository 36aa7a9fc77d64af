"""Drafts: the answers of an unfinished session, written the moment each one is given.

A draft is the card's file as it would be saved (``.cds/drafts/<card-id>.yaml``), not yet
validated as a whole, so a half-filled record survives too. It is deleted once the card is
saved or the user discards it; after Ctrl-C, a crash or a closed terminal it stays, and the
next run of the card offers to resume it.

A session that starts again from the saved card while a draft exists keeps its answers in a
draft of its own (``<card-id>.again-N.yaml``), so the earlier draft is never overwritten
before the new answers are saved: after Ctrl-C the next run offers both. Saving the card
deletes them all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydata_share import yamlio
from citydata_share.store import atomic_write

ENVELOPE = ("card", "title", "schema_version", "based_on", "changed", "new_names")


def fingerprint(text: str | None) -> str:
    """Identifies the card file a draft was made from ("none" when there was no file)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text is not None else "none"


@dataclass(frozen=True)
class Draft:
    path: Path
    answers: dict[str, Any]
    saved_at: dt.datetime
    problem: str | None = None  # why the draft could not be read, if it could not
    based_on: str | None = None  # fingerprint of the card file the session started from
    changed: tuple[str, ...] = ()  # the answers the session changed, by field name
    # Names typed for other cards' lists, to add to them once this card is saved:
    # (source, name) pairs such as ("organisations", "Foo Ltd").
    new_names: tuple[tuple[str, str], ...] = ()

    def when(self) -> str:
        return self.saved_at.strftime("%d %b %Y at %H:%M")


def write(
    path: Path,
    card_id: str,
    title: str,
    answers: dict[str, Any],
    *,
    based_on: str | None = None,
    changed: list[str] | None = None,
    new_names: list[tuple[str, str]] | None = None,
) -> None:
    """Write the draft; ``based_on`` and ``changed`` let a later run merge it over a card
    file that someone else changed meanwhile, instead of replacing their answers."""
    header = (
        f"# Unsaved answers for '{title}', kept by cds until you save or discard them.\n"
        "# Run the card's command again to resume.\n"
    )
    data: dict[str, Any] = {"card": card_id, "title": title}
    if based_on is not None:
        data["based_on"] = based_on
        data["changed"] = list(changed or [])
    if new_names:
        data["new_names"] = [{"source": source, "name": name} for source, name in new_names]
    data.update(answers)
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
    based_on = data.get("based_on")
    changed = data.get("changed")
    new_names = data.get("new_names")
    return Draft(
        path,
        answers,
        saved_at,
        based_on=str(based_on) if based_on is not None else None,
        changed=tuple(str(c) for c in changed) if isinstance(changed, list) else (),
        new_names=tuple(
            (str(n["source"]), str(n["name"]))
            for n in (new_names if isinstance(new_names, list) else [])
            if isinstance(n, dict) and n.get("source") and n.get("name")
        ),
    )


def delete(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _again(path: Path) -> list[Path]:
    """The drafts of sessions that started again beside the draft at ``path``."""
    return list(path.parent.glob(f"{path.stem}.again-*.yaml")) if path.parent.is_dir() else []


def read_all(path: Path) -> list[Draft]:
    """Every draft of the card whose draft is ``path``, the most recent first."""
    found = [d for d in (read(p) for p in [path, *_again(path)]) if d is not None]
    return sorted(found, key=lambda d: d.saved_at, reverse=True)


def new_path(path: Path) -> Path:
    """A path for a session that starts again, beside the drafts it must not overwrite."""
    taken = [p.stem.rpartition("-")[2] for p in _again(path)]
    number = max((int(n) for n in taken if n.isdigit()), default=0) + 1
    return path.with_name(f"{path.stem}.again-{number}.yaml")


def delete_all(path: Path) -> None:
    """Delete the card's drafts: its answers are saved."""
    for draft in [path, *_again(path)]:
        delete(draft)


def discard(own: Path, path: Path) -> None:
    """Delete a session's own draft ``own``; if that was the card's draft at ``path``, the
    most recent other one takes its place, so the card still shows an unsaved draft."""
    delete(own)
    if own == path:
        others = sorted(_again(path), key=lambda p: p.stat().st_mtime)
        if others:
            others[-1].replace(path)
