"""The documents `cds report` makes, and the one function that renders them.

Each document names the cards it draws on and a builder that turns those cards into a plain
context (strings, lists, dicts; charts already drawn). User text only ever travels as data
in that context, never as template source. Nothing here prints: :func:`render` returns what
it wrote and what is incomplete, and the CLI decides what to say.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.errors import CdsError

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.progress import CardStatus
    from citydata_share.store import Project

FORMATS: tuple[str, ...] = ("md", "html")
TOOLKIT_CREDIT = (
    "City Data Sharing Toolkit, version 1.1, by Future Cities Catapult, "
    "used under the Creative Commons Attribution-NonCommercial licence (CC BY-NC)"
)


@dataclass(frozen=True)
class Sources:
    """Everything a document builder may read: the project and its cards' state."""

    project: Project
    statuses: dict[str, CardStatus]  # by card id, every card of the toolkit
    date: dt.date

    def model(self, card_id: str) -> CardModel | None:
        return self.statuses[card_id].model

    def command(self, card_id: str) -> str:
        return self.statuses[card_id].card.command


Builder = Callable[[Sources], dict[str, Any]]


@dataclass(frozen=True)
class Document:
    name: str  # also the file name: reports/<name>.md
    title: str
    description: str
    cards: tuple[str, ...]  # the cards it draws on, in the toolkit's order
    builder: Builder
    always: bool = False  # made even when none of its cards is started (the summary)

    def file_name(self, fmt: str) -> str:
        return f"{self.name}.{fmt}"


@dataclass
class Outcome:
    """One document's result: the files written and why it is incomplete, if it is."""

    document: Document
    written: list[Path] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)  # reasons, each naming a command
    skipped: str | None = None  # why it was not made at all

    @property
    def complete(self) -> bool:
        return not self.incomplete and self.skipped is None


def documents() -> tuple[Document, ...]:
    """The documents in the order `cds report --list` shows them."""
    from citydata_share.render import contexts

    return (
        Document(
            "summary",
            "Project summary",
            "Where the project stands: every card's state, with links to the documents.",
            ("readiness", "reasons", "team", "ecosystem", "data-systems", "others-data", "canvas"),
            contexts.summary,
            always=True,
        ),
        Document(
            "canvas",
            "Data Sharing Canvas",
            "The discovery work on one page: aims, user needs, people, ecosystem, data.",
            ("reasons", "team", "ecosystem", "data-systems", "others-data", "canvas"),
            contexts.canvas,
        ),
        Document(
            "readiness",
            "Readiness assessment",
            "How ready the organisation is to share: profile, weakest areas, actions.",
            ("readiness",),
            contexts.readiness,
        ),
        Document(
            "team",
            "Team and stakeholder map",
            "Who is involved, the power and interest grid, the RACI matrix and gaps.",
            ("team",),
            contexts.team,
        ),
        Document(
            "ecosystem",
            "Ecosystem map",
            "The outside organisations that could give, use or help with the data.",
            ("ecosystem",),
            contexts.ecosystem,
        ),
        Document(
            "data-inventory",
            "Data inventory",
            "Every dataset and system with its metadata, and the data others hold.",
            ("data-systems", "others-data"),
            contexts.data_inventory,
        ),
    )


def get_documents(names: Sequence[str]) -> list[Document]:
    known = {doc.name: doc for doc in documents()}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CdsError(
            f"cds cannot make a document called {', '.join(repr(n) for n in unknown)}.",
            "Documents: " + ", ".join(known) + " (see `cds report --list`).",
        )
    return [known[n] for n in dict.fromkeys(names)]


# The date on the documents --------------------------------------------------------------


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CdsError(
            f"{text!r} is not a date.", "Write it as YYYY-MM-DD, e.g. 2025-03-31."
        ) from None


def answers_date(project: Project) -> dt.date:
    """The date the answers were last changed, so the same answers give the same documents.

    ``SOURCE_DATE_EPOCH`` wins when set (reproducible builds). Otherwise each input file
    counts with the date of its last git commit when it is committed and unchanged, or the
    date it was last modified when it is not (or when there is no git).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    files = [p for p in input_files(project) if p.exists()]
    if not files:
        return dt.date.today()
    dirty = set(files)
    dates: list[dt.date] = []
    committed = _git_dates(project.root, files)
    if committed is not None:
        clean, latest = committed
        dirty -= clean
        if latest is not None:
            dates.append(latest)
    dates += [dt.date.fromtimestamp(p.stat().st_mtime) for p in dirty]
    return max(dates) if dates else dt.date.today()


def _git_dates(root: Path, files: list[Path]) -> tuple[set[Path], dt.date | None] | None:
    """The committed, unchanged files and the latest commit date among them (None: no git)."""
    rel = [str(p.relative_to(root)) for p in files]

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(root), *args],
                capture_output=True,
                text=True,
                check=False,
                timeout=20,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    tracked = git("ls-files", "--full-name", "-z", "--", *rel)
    status = git("status", "--porcelain", "-z", "--untracked-files=all", "--", *rel)
    prefix = git("rev-parse", "--show-prefix")
    if tracked is None or status is None or prefix is None:
        return None
    prefix = prefix.strip()
    changed = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    clean = {
        p
        for p, r in zip(files, rel, strict=True)
        if prefix + r in tracked.split("\0") and prefix + r not in changed
    }
    if not clean:
        return clean, None
    log = git("log", "-1", "--format=%cs", "--", *(str(p.relative_to(root)) for p in clean))
    latest = parse_date(log) if log and log.strip() else None
    return clean, latest


def input_files(project: Project) -> list[Path]:
    from citydata_share.registry import CARDS
    from citydata_share.store import PROJECT_FILE

    return [project.root / PROJECT_FILE] + [project.card_path(c.id) for c in CARDS]


# Rendering ------------------------------------------------------------------------------


def provenance(sources: Sources, document: Document) -> dict[str, Any]:
    from citydata_share import __version__

    config = sources.project.config
    used = []
    for card_id in document.cards:
        status = sources.statuses[card_id]
        used.append({"file": f"cards/{card_id}.yaml", "state": status.state.value})
    return {
        "project": config.name,
        "organisation": config.organisation,
        "partners": [f"{p.name} ({p.role.label.lower()})" for p in config.partners],
        "date": sources.date.isoformat(),
        "date_text": f"{sources.date.day} {sources.date:%B %Y}",
        "cds_version": __version__,
        "sources": [{"file": "cds.yaml", "state": "project settings"}, *used],
        "toolkit": TOOLKIT_CREDIT,
    }


def incomplete_reasons(sources: Sources, document: Document) -> list[str]:
    """Why a document is not complete yet, each reason naming the command that fixes it."""
    reasons = []
    for card_id in document.cards:
        status = sources.statuses[card_id]
        card = status.card
        if status.problems:
            reasons.append(f"{card.title}: cards/{card_id}.yaml has problems; run `cds check`")
        elif status.model is None:
            reasons.append(f"{card.title}: not started; run `{card.command}`")
        elif status.missing:
            count = len(status.missing)
            reasons.append(
                f"{card.title}: {count} question{'s' if count > 1 else ''} unanswered "
                f"({', '.join(status.missing[:3])}{', ...' if count > 3 else ''}); "
                f"run `{card.command}`"
            )
    return reasons


def render_document(sources: Sources, document: Document, fmt: str) -> str:
    """One document as text, in ``fmt`` ("md" or "html")."""
    from citydata_share.render.env import environment

    if fmt not in FORMATS:
        raise CdsError(f"cds cannot write {fmt!r} documents.", "Formats: " + ", ".join(FORMATS))
    context = document.builder(sources)
    context["document"] = {
        "name": document.name,
        "title": document.title,
        "description": document.description,
        "ext": fmt,
    }
    context["provenance"] = provenance(sources, document)
    context["commands"] = {card_id: s.card.command for card_id, s in sources.statuses.items()}
    template = environment().get_template(f"{document.name}.{fmt}.j2")
    text = template.render(context)
    if fmt == "md":  # the templates' optional sections can leave runs of blank lines
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def load_sources(project: Project, date: dt.date | None = None) -> Sources:
    from citydata_share.progress import project_status

    statuses = {s.card.id: s for s in project_status(project)}
    return Sources(project, statuses, date or answers_date(project))


def render(
    project: Project,
    names: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    out: Path | None = None,
    date: dt.date | None = None,
) -> list[Outcome]:
    """Write the named documents (all that can be made when none are named) into ``out``.

    A document none of whose cards is started is skipped unless it was named; a document
    with unanswered questions is still written, with its gaps marked, and listed as
    incomplete with the reasons.
    """
    from citydata_share.store import atomic_write

    for fmt in formats:
        if fmt not in FORMATS:
            raise CdsError(f"cds cannot write {fmt!r} documents.", "Formats: " + ", ".join(FORMATS))
    chosen = get_documents(names) if names else list(documents())
    sources = load_sources(project, date)
    folder = out if out is not None else project.reports_dir
    outcomes = []
    for document in chosen:
        outcome = Outcome(document, incomplete=incomplete_reasons(sources, document))
        if document.always and outcome.incomplete:
            count = len(outcome.incomplete)
            outcome.incomplete = [
                f"{count} card{'s are' if count > 1 else ' is'} not complete yet: "
                f"the summary says what to run next"
            ]
        started = any(sources.statuses[c].model is not None for c in document.cards)
        if not names and not started and not document.always:
            outcome.skipped = (
                f"nothing answered yet; start with `{sources.command(document.cards[0])}`"
            )
            outcomes.append(outcome)
            continue
        for fmt in dict.fromkeys(formats):
            path = folder / document.file_name(fmt)
            text = render_document(sources, document, fmt)
            if not holds(path, text):
                atomic_write(path, text)
            outcome.written.append(path)
        outcomes.append(outcome)
    return outcomes


def holds(path: Path, text: str) -> bool:
    """Whether the file at ``path`` already holds ``text``. Read with a limit, and never
    from a device or a pipe: a file cds cannot read (missing, not an ordinary file, too
    large, not UTF-8) does not hold it, and is replaced."""
    from citydata_share import yamlio

    try:
        return yamlio.read_text(path, limit=4 * len(text)) == text  # UTF-8: 4 bytes at most
    except (yamlio.YamlProblem, FileNotFoundError):
        return False
