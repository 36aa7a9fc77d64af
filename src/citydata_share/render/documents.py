"""The documents `cds report` makes, and the one function that renders them.

Each document names the cards it draws on and a builder that turns those cards into a plain
context (strings, lists, dicts; charts already drawn). User text only ever travels as data
in that context, never as template source. Nothing here prints: :func:`render` returns what
it wrote and what is incomplete, and the CLI decides what to say.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.errors import CdsError
from citydata_share.render.frames import Embeds, Shown
from citydata_share.render.gaps import Gap, unique

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.progress import CardStatus
    from citydata_share.store import Project

FORMATS: tuple[str, ...] = ("md", "html")  # the formats with templates
# What `cds report --format` writes: Word documents are made from the Markdown ones
# (render/word.py); "all" asks for every one.
OUTPUT_FORMATS: tuple[str, ...] = (*FORMATS, "docx")
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
    # documents already rendered from these sources, whole and as a part, by (name, format):
    # the summary and the full report reuse them instead of rendering twice
    shown: dict[tuple[str, str], tuple[Shown, Shown]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # the context of the document last rendered, by name: its formats are rendered in turn
    # from one context (only one is kept: a large project's contexts are large)
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    embeds: Embeds = field(default_factory=Embeds, compare=False, repr=False)

    def model(self, card_id: str) -> CardModel | None:
        return self.statuses[card_id].model

    def close(self) -> None:
        """Let go of the documents rendered (their temporary files go)."""
        for forms in self.shown.values():
            for form in forms:
                if form.body is not None:
                    form.body.close()
        self.shown.clear()
        self.contexts.clear()

    def command(self, card_id: str) -> str:
        """The command that fills a card; `cds check` while its file cannot be read."""
        status = self.statuses[card_id]
        return "cds check" if status.problems and status.model is None else status.card.command


Builder = Callable[[Sources], dict[str, Any]]


@dataclass(frozen=True)
class Document:
    name: str  # also the file name: reports/<name>.md
    title: str
    description: str
    cards: tuple[str, ...]  # the cards it draws on, in the toolkit's order
    builder: Builder
    always: bool = False  # made even when none of its cards is started (the summary)
    # reports on the other documents (the summary, the full report): rendered after them
    looks_across: bool = False
    # Made (unnamed) once one of these is started; default: any of ``cards``. A document
    # that also reads earlier cards (the business case reads the team card for who signs)
    # is not worth making before its own card is begun.
    made_when: tuple[str, ...] = ()

    def file_name(self, fmt: str) -> str:
        return f"{self.name}.{fmt}"

    @property
    def main_cards(self) -> tuple[str, ...]:
        return self.made_when or self.cards


@dataclass(frozen=True)
class Rendered:
    """A document as text, with the to-dos it shows (each once, in order)."""

    text: str
    gaps: list[Gap]


@dataclass
class Outcome:
    """One document's result: the files written and the to-dos they show."""

    document: Document
    written: list[Path] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)  # exactly the to-dos the document shows
    skipped: str | None = None  # why it was not made at all

    @property
    def incomplete(self) -> list[str]:
        """The to-dos in words, each naming what fills it."""
        return [str(g) for g in self.gaps]

    @property
    def complete(self) -> bool:
        return not self.gaps and self.skipped is None


def documents() -> tuple[Document, ...]:
    """The documents in the order `cds report --list` shows them."""
    from citydata_share.registry import CARDS
    from citydata_share.render import (
        contexts,
        contexts_approvals,
        contexts_architecture,
        contexts_governance,
        contexts_prepare,
        contexts_share,
    )
    from citydata_share.render.report import full_report

    return (
        Document(
            "summary",
            "Project summary",
            "Where the project stands: every card's state, with links to the documents.",
            ("readiness", "reasons", "team", "ecosystem", "data-systems", "others-data", "canvas"),
            contexts.summary,
            always=True,
            looks_across=True,
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
        Document(
            "business-case",
            "Outline business case",
            "The five cases (strategic, economic, commercial, financial, management), with "
            "costs and benefits by year, present values, NPSV and the benefit-cost ratio.",
            ("reasons", "team", "business-case"),
            contexts_prepare.business_case,
            made_when=("business-case",),
        ),
        Document(
            "data-quality",
            "Data quality statement and dataset documentation",
            "For each dataset: where it comes from, how far to trust it, its identifiers, "
            "known problems and their owners; how the datasets link; a glossary.",
            ("data-systems", "prepare-data"),
            contexts_prepare.data_quality,
            made_when=("prepare-data",),
        ),
        Document(
            "approvals",
            "Approvals record",
            "Legal power, agreements, the DPIA screening, privacy notice, ethics and risks.",
            ("approvals", "team", "data-systems"),  # approvals first: where to start
            contexts_approvals.approvals,
            made_when=("approvals",),
        ),
        # The architecture note, governance, culture, review and retire.
        Document(
            "architecture",
            "Architecture note",
            "How each data flow moves today and should move, the advice on it, and security.",
            ("data-systems", "architecture"),
            contexts_architecture.architecture,
            made_when=("architecture",),
        ),
        Document(
            "governance",
            "Governance recommendation",
            "The toolkit's governance flowchart with the path taken, and the arrangements.",
            ("team", "governance"),
            contexts_governance.governance,
            made_when=("governance",),
        ),
        Document(
            "culture",
            "Culture plan",
            "Actions that support a sharing culture, with owners, dates and what is overdue.",
            ("culture",),
            contexts_share.culture,
        ),
        Document(
            "review",
            "Review and retirement plan",
            "When the share is reviewed, what ends it, and how each party retires the data.",
            ("review",),
            contexts_share.review,
        ),
        Document(
            "agreement",
            "Data sharing agreement (draft)",
            "A draft for legal review, under the ICO's headings, filled from the cards.",
            (  # approvals first (where to start), then the toolkit's order
                "approvals",
                "reasons",
                "data-systems",
                "business-case",
                "prepare-data",
                "architecture",
                "governance",
                "review",
            ),
            contexts_approvals.agreement,
            made_when=("approvals",),
        ),
        # Keep last: the full report takes in every document above, in this order.
        Document(
            "report",
            "Full project report",
            "Every document in one file, after a page on where the project stands.",
            tuple(card.id for card in CARDS),
            full_report,
            always=True,
            looks_across=True,
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
    """A date given as YYYY-MM-DD, or as DD/MM/YYYY as in the UK."""
    from citydata_share import dates

    try:
        return dt.date.fromisoformat(dates.iso_date(text))
    except dates.NotADate as exc:
        raise CdsError(str(exc), dates.HOW) from None
    except ValueError:
        raise CdsError(f"{text!r} is not a date.", dates.HOW) from None


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


def is_made(sources: Sources, document: Document) -> bool:
    """Whether `cds report` makes the document unasked: one of its cards is started."""
    return document.always or any(
        sources.statuses[c].model is not None for c in document.main_cards
    )


def render_document(sources: Sources, document: Document, fmt: str) -> str:
    """One document as text, in ``fmt`` ("md" or "html")."""
    return rendered(sources, document, fmt).text


def rendered(sources: Sources, document: Document, fmt: str, part: bool = False) -> Rendered:
    """One document in ``fmt``, with the to-dos it shows, as one string (see :func:`shown`).

    ``part``: the body alone (and, in HTML, its styles), for a document that takes others
    in (the full report: see :func:`include`).
    """
    found = shown(sources, document, fmt)[1 if part else 0]
    return Rendered(found.text, found.gaps)


def shown(sources: Sources, document: Document, fmt: str) -> tuple[Shown, Shown]:
    """One document in ``fmt``, whole and as a part, with the to-dos each shows; rendered once
    per set of sources, from one context for all formats, its body once for both forms."""
    from citydata_share.render.env import environment
    from citydata_share.render.frames import both

    if fmt not in FORMATS:
        raise CdsError(f"cds cannot write {fmt!r} documents.", "Formats: " + ", ".join(FORMATS))
    key = (document.name, fmt)
    if key not in sources.shown:
        context = sources.contexts.get(document.name)
        if context is None:
            sources.contexts.clear()
            context = sources.contexts[document.name] = document.builder(sources)
        variables = {
            **context,
            "document": {
                "name": document.name,
                "title": document.title,
                "description": document.description,
                "ext": fmt,
            },
            "provenance": provenance(sources, document),
            "commands": {card_id: sources.command(card_id) for card_id in sources.statuses},
        }
        template = environment().get_template(f"{document.name}.{fmt}.j2")
        sources.shown[key] = both(template, variables, sources.embeds, markdown=fmt == "md")
    return sources.shown[key]


def include(sources: Sources, document: Document, fmt: str) -> Shown:
    """A document's body for another document to show; its to-dos count as the includer's."""
    from citydata_share.render.gaps import record

    part = shown(sources, document, fmt)[1]
    record(part.gaps)
    return part


def gaps_of(sources: Sources, document: Document) -> list[Gap]:
    """The to-dos a document shows (the same in both formats), for a summary to report."""
    return shown(sources, document, "md")[0].gaps


def check_folder(folder: Path, *, given: bool) -> None:
    """Refuse, before anything is written, a folder that cannot hold the documents."""
    import stat

    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        return  # made when the first document is written
    if stat.S_ISDIR(mode):
        return
    what = "a file" if stat.S_ISREG(mode) else "a device or other special file"
    raise CdsError(
        f"{folder} is {what}, not a folder, so the documents cannot be written into it.",
        "Give --out the path of a folder (it is made if it does not exist), "
        "e.g. --out reports-copy."
        if given
        else "Move that file out of the way, or set reports_dir in cds.yaml to a folder.",
    )


def load_sources(project: Project, date: dt.date | None = None) -> Sources:
    from citydata_share.progress import project_status

    statuses = {s.card.id: s for s in project_status(project)}
    return Sources(project, statuses, date or answers_date(project))


def output_formats(formats: Sequence[str]) -> list[str]:
    """The formats asked for, checked, each once; "all" stands for every one."""
    wanted: list[str] = []
    for fmt in formats:
        if fmt == "all":
            wanted += OUTPUT_FORMATS
        elif fmt in OUTPUT_FORMATS:
            wanted.append(fmt)
        else:
            raise CdsError(
                f"cds cannot write {fmt!r} documents.",
                "Formats: " + ", ".join(OUTPUT_FORMATS) + ", or all.",
            )
    return list(dict.fromkeys(wanted))


def render(
    project: Project,
    names: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    out: Path | None = None,
    date: dt.date | None = None,
    reference_doc: Path | None = None,
) -> list[Outcome]:
    """Write the named documents (all that can be made when none are named) into ``out``.

    A document none of whose cards is started is skipped unless it was named; a document
    with unanswered questions is still written, with its gaps marked, and its outcome lists
    exactly the to-dos it shows. A Word document (docx) is the Markdown one, converted, so
    it shows the same to-dos; ``reference_doc`` gives it the organisation's styles.
    """
    from citydata_share.render.streams import write_if_changed
    from citydata_share.store import atomic_write

    formats = output_formats(formats)
    reference: bytes | None = None
    if "docx" in formats:
        from citydata_share.render import word

        word.require_python_docx()
        if reference_doc is not None:
            reference = word.read_reference(reference_doc)
    elif reference_doc is not None:
        raise CdsError(
            "--reference-doc styles Word documents, and none was asked for.",
            "Add --format docx (or --format all).",
        )
    chosen = get_documents(names) if names else list(documents())
    folder = out if out is not None else project.reports_dir
    check_folder(folder, given=out is not None)
    sources = load_sources(project, date)
    outcomes: dict[str, Outcome] = {}
    try:
        # documents that report on the others come last, so they find the others rendered
        for document in sorted(chosen, key=lambda d: d.looks_across):
            outcome = Outcome(document)
            outcomes[document.name] = outcome
            if not names and not is_made(sources, document):
                outcome.skipped = (
                    f"nothing answered yet; start with `{sources.command(document.main_cards[0])}`"
                )
                continue
            for fmt in formats:
                path = folder / document.file_name(fmt)
                if fmt == "docx":
                    done = rendered(sources, document, "md")
                    data = word.document_bytes(sources, document, done.text, reference)
                    atomic_write(path, data, unless_same=True)
                    gaps = done.gaps
                else:  # written as it is read back, never whole in memory
                    whole = shown(sources, document, fmt)[0]
                    write_if_changed(path, whole.chunks())
                    gaps = whole.gaps
                outcome.written.append(path)
                outcome.gaps = unique([*outcome.gaps, *gaps])
    finally:
        sources.close()
    written = {path: o.document.title for o in outcomes.values() for path in o.written}
    project.git.commit(list(written), labels=written)  # those inside the project, if changed
    return [outcomes[d.name] for d in chosen]
