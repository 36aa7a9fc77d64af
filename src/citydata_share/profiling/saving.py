"""Keeping what `cds data` measured on the cards: profiles on the data-systems card's
datasets, link evidence on the prepare-data card.

Each save holds the card's editing lock (no wizard is asking its questions meanwhile), checks
the file did not change since it was read, and replaces it whole: Ctrl-C before the save
leaves the card as it was, and the save itself is atomic.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from citydata_share.errors import CdsError
from citydata_share.known import name_key

if TYPE_CHECKING:
    from citydata_share.cards.base import LinkIssue
    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.cards.dataset_profile import DatasetProfile, LinkEvidence
    from citydata_share.cards.prepare_data import PrepareData
    from citydata_share.store import Project


@dataclass
class SavedProfile:
    path: Path
    dataset: str
    added: bool  # the dataset was new on the card
    replaced: str | None  # the file whose profile this one replaces, if another
    issues: list[LinkIssue]  # what `cds check` now says about this dataset


def _data_systems(project: Project) -> DataSystems:
    from citydata_share.cards.data_systems import DataSystems

    model = project.load_card("data-systems") or project.empty_card("data-systems")
    return cast(DataSystems, model)


def save_profile(project: Project, title: str, profile: DatasetProfile) -> SavedProfile:
    from citydata_share.cards.data_systems import Dataset
    from citydata_share.progress import load_cards

    with project.editing("data-systems"):
        snapshot = project.card_text("data-systems")
        card = _data_systems(project)
        found = [d for d in card.datasets if name_key(d.title) == name_key(title)]
        added = not found
        if added:
            titles = [d.title for d in card.datasets]
            close = difflib.get_close_matches(title, titles, n=1, cutoff=0.75)
            if close:
                raise CdsError(
                    f"The data-systems card has no dataset {title!r}, but has {close[0]!r}.",
                    f"Give --dataset {close[0]!r} to save the profile on it; a new dataset "
                    "is added only when no title is close.",
                )
            dataset = Dataset(title=title.strip(), format=profile.format, profile=profile)
            card.datasets.append(dataset)
            replaced = None
        else:
            dataset = found[0]
            old = dataset.profile
            replaced = old.file if old is not None and old.file != profile.file else None
            dataset.profile = profile
        model: DataSystems = type(card).model_validate(card.model_dump())
        path = project.save_card(model, expected=snapshot)
    cards, _ = load_cards(project)
    index = [name_key(d.title) for d in model.datasets].index(name_key(dataset.title))
    issues = [
        issue
        for issue in model.cross_check(cards, project.config)
        if issue.field.startswith(f"datasets[{index}]")
    ]
    return SavedProfile(path, dataset.title, added, replaced, issues)


def name_datasets(project: Project, evidence: LinkEvidence) -> None:
    """Name each side's dataset: the one whose saved profile is of the same file."""
    try:
        card = project.load_card("data-systems")
    except CdsError:
        return
    if card is None:
        return
    by_hash = {
        d.profile.sha256: d.title
        for d in cast("DataSystems", card).datasets
        if d.profile is not None
    }
    if evidence.left.sha256:
        evidence.left.dataset = by_hash.get(evidence.left.sha256)
    if evidence.right.sha256:
        evidence.right.dataset = by_hash.get(evidence.right.sha256)


def save_link(project: Project, evidence: LinkEvidence) -> Path:
    """Add the evidence to the prepare-data card, replacing a link of the same two sides."""

    def side(e: LinkEvidence) -> tuple[str, str, str, str]:
        return (
            name_key(e.left.dataset or e.left.file),
            name_key(e.left.column),
            name_key(e.right.dataset or e.right.file),
            name_key(e.right.column),
        )

    with project.editing("prepare-data"):
        snapshot = project.card_text("prepare-data")
        model = cast(
            "PrepareData",
            project.load_card("prepare-data") or project.empty_card("prepare-data"),
        )
        model.links = [e for e in model.links if side(e) != side(evidence)] + [evidence]
        checked = type(model).model_validate(model.model_dump())
        return project.save_card(checked, expected=snapshot)
