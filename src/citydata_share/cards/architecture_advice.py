"""The architecture card's advice: pure functions over its model and the other cards.

The toolkit's point is that the most value comes from sharing patterns that need the least
human effort; some patterns also do not fit personal or sensitive data. Each rule below
(from ADVICE.md) gives an :class:`Advice` with its level, what to do, why, and a source.
Whether a dataset holds personal data, and whether it is already open data, is read from the
data-systems card (answer once), not asked again here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citydata_share.cards.architecture import (
    AUTOMATED,
    BY_HUMAN_EFFORT,
    FREQUENT,
    MANUAL,
    TOOLKIT,
    Architecture,
    ChangeFrequency,
    DataFlow,
    SharingPattern,
    YesNoUnsure,
    effort_rank,
)
from citydata_share.known import name_key
from citydata_share.project import Frequency, PersonalData
from citydata_share.questions import Choice

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.cards.data_systems import Dataset
    from citydata_share.project import ProjectConfig

# Patterns where a copy leaves as a file that can be misdirected, lost or copied on.
LOOSE_COPIES: dict[SharingPattern, str] = {
    SharingPattern.INTERNET: "email or FTP",
    SharingPattern.PHYSICAL_MEDIA: "USB stick, DVD or post",
}
DATA_SYSTEMS_SOURCE = "cds: the data-systems card holds each dataset's answers."


# What the data is, looked up on the other cards ------------------------------------------


def share_frequency(model: Architecture, project: ProjectConfig | None) -> Frequency | None:
    """One-off or ongoing: this card's answer, else cds.yaml's."""
    if model.sustainability.frequency is not None:
        return model.sustainability.frequency
    return project.frequency if project is not None else None


def is_ongoing(flow: DataFlow, model: Architecture, project: ProjectConfig | None) -> bool:
    """A flow repeats if its frequency says so; without one, if the share is ongoing."""
    if flow.frequency is not None:
        return flow.frequency is not ChangeFrequency.ONCE
    return share_frequency(model, project) is Frequency.ONGOING


def datasets_by_title(cards: Mapping[str, CardModel]) -> dict[str, Dataset]:
    """The data-systems card's datasets by title as compared (:func:`name_key`), the first
    of each title: built once, so that matching every flow is linear, not flows x datasets."""
    from citydata_share.cards.data_systems import DataSystems

    card = cards.get("data-systems")
    found: dict[str, Dataset] = {}
    if isinstance(card, DataSystems):
        for dataset in card.datasets:
            found.setdefault(name_key(dataset.title), dataset)
    return found


@dataclass(frozen=True)
class FlowData:
    """What the other cards say about a flow's dataset."""

    on_card: bool  # the dataset is on the data-systems card
    personal: PersonalData  # unanswered everywhere counts as not sure
    personal_from: str | None  # whose answer that is, in words; None: nobody's yet
    openly_available: bool  # published as open data, says the data-systems card

    @property
    def may_be_personal(self) -> bool:
        return self.personal in (PersonalData.YES, PersonalData.UNSURE)


def flow_data(
    flow: DataFlow,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    datasets: Mapping[str, Dataset] | None = None,
) -> FlowData:
    """The dataset's own answer first, then cds.yaml's for the whole share, then not sure.

    ``datasets``: :func:`datasets_by_title`, for callers that look at many flows.
    """
    from citydata_share.cards.data_systems import PublicationStatus

    if datasets is None:
        datasets = datasets_by_title(cards)
    dataset = datasets.get(name_key(flow.dataset))
    said = project.personal_data if project is not None else None
    where: str | None
    if dataset is not None and dataset.personal_data is not None:
        personal, where = dataset.personal_data, "the data-systems card"
    elif said is not None:
        personal, where = said, "cds.yaml's answer for the whole share"
    else:
        personal, where = PersonalData.UNSURE, None
    return FlowData(
        on_card=dataset is not None,
        personal=personal,
        personal_from=where,
        openly_available=dataset is not None
        and dataset.publication_status is PublicationStatus.OPEN,
    )


# The change from current to target -------------------------------------------------------


@dataclass(frozen=True)
class PatternChange:
    dataset: str
    current: SharingPattern | None  # None: not shared yet
    target: SharingPattern | None  # None: not chosen yet

    @property
    def effect(self) -> str:
        if self.target is None:
            return "no target chosen yet"
        if self.current is None:
            return "a new flow"
        change = effort_rank(self.target) - effort_rank(self.current)
        if change > 0:
            return "less human effort"
        if change < 0:
            return "more human effort"
        return "no change"

    @property
    def text(self) -> str:
        """E.g. "6 -> 8: less human effort"."""
        before = str(self.current.number) if self.current else "none"
        after = str(self.target.number) if self.target else "?"
        return f"{before} -> {after}: {self.effect}"


def pattern_change(flow: DataFlow) -> PatternChange:
    return PatternChange(flow.dataset, flow.current, flow.target_pattern)


def pattern_changes(model: Architecture) -> list[PatternChange]:
    return [pattern_change(flow) for flow in model.flows]


def step_between(
    current: SharingPattern | None, target: SharingPattern, avoid_open: bool = False
) -> SharingPattern | None:
    """The pattern nearest the target needing more effort than it and less than today's."""
    start = effort_rank(current) + 1 if current is not None else 0
    steps = [
        p
        for p in BY_HUMAN_EFFORT[start : effort_rank(target)]
        if not (avoid_open and p is SharingPattern.OPEN_PUBLICATION)
    ]
    return steps[-1] if steps else None


# Advice ----------------------------------------------------------------------------------


class AdviceLevel(Choice):
    BLOCKING = "blocking", "Blocking", "Do not go ahead as planned."
    WARNING = "warning", "Warning", "A risk to deal with before sharing."
    SUGGESTION = "suggestion", "Suggestion", "A better way worth considering."


class AdviceRule(Choice):
    AUTOMATE = "automate", "An ongoing share on a manual pattern"
    LOOSE_COPIES = "loose-copies", "Personal data by email, FTP or physical media"
    PERSONAL_OPEN = "personal-open", "Personal data on open publication"
    FREQUENT_API = "frequent-api", "Frequent updates without an API"
    PUBLISH_OPENLY = "publish-openly", "Open data shared another way"
    ACCESS = "access", "Sensitive data without access control and an access log"
    RECEIVER = "receiver", "The receiver cannot take the target pattern"
    UNKNOWN_DATASET = "unknown-dataset", "Dataset not on the data-systems card"


@dataclass(frozen=True)
class Advice:
    rule: AdviceRule
    level: AdviceLevel
    flow: int | None  # index into the card's flows; None for the card as a whole
    dataset: str | None  # the flow's dataset, for display
    advice: str  # what to do
    reason: str  # why
    source: str
    field: str | None = None  # the answer it concerns, e.g. "flows[2].target_pattern"


def _holds(data: FlowData) -> str:
    if data.personal_from is None:
        return "may hold personal data (nobody has said yet)"
    verb = "holds" if data.personal is PersonalData.YES else "may hold"
    return f"{verb} personal data (according to {data.personal_from})"


def _flow_advice(
    i: int,
    flow: DataFlow,
    model: Architecture,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    datasets: Mapping[str, Dataset],
) -> list[Advice]:
    found: list[Advice] = []
    name = flow.dataset
    data = flow_data(flow, cards, project, datasets)
    planned = flow.planned

    def add(
        rule: AdviceRule, level: AdviceLevel, field: str, advice: str, reason: str, source: str
    ) -> None:
        found.append(Advice(rule, level, i, name, advice, reason, source, f"flows[{i}].{field}"))

    if "data-systems" in cards and not data.on_card:
        instead = (
            f"it used {data.personal_from} instead"
            if data.personal_from
            else "it treated the data as possibly personal"
        )
        add(
            AdviceRule.UNKNOWN_DATASET,
            AdviceLevel.WARNING,
            "dataset",
            f"Add '{name}' to the data-systems card, or use the title it has there.",
            "It is not on the data-systems card, so cds cannot tell whether it holds personal "
            f"data or is published: {instead}.",
            DATA_SYSTEMS_SOURCE,
        )
    if planned is not None and planned in MANUAL and is_ongoing(flow, model, project):
        add(
            AdviceRule.AUTOMATE,
            AdviceLevel.SUGGESTION,
            "target_pattern",
            f"Consider an automated pattern for '{name}': "
            + ", ".join(p.label for p in AUTOMATED)
            + ".",
            f"It flows again and again, and {planned.in_words} needs a person every time; "
            "the toolkit found the most value comes from patterns needing the least human "
            "effort.",
            f"Source: {TOOLKIT}.",
        )
    if planned is not None and planned in LOOSE_COPIES and data.may_be_personal:
        unagreed = "" if flow.encrypted_in_transit else " Encryption in transit is not agreed yet."
        add(
            AdviceRule.LOOSE_COPIES,
            AdviceLevel.WARNING,
            "target_pattern",
            f"Encrypt '{name}' in transit and at rest, limit who can open it, and follow the "
            f"NCSC's guidance.{unagreed}",
            f"It {_holds(data)}, and copies sent by {LOOSE_COPIES[planned]} are easily "
            "misdirected, lost or copied on.",
            "Source: NCSC guidance; UK GDPR Article 32 (security of processing).",
        )
    if planned is SharingPattern.OPEN_PUBLICATION and data.may_be_personal:
        # Publication cannot be undone. Data known to be personal must not be published;
        # data that may be personal needs its answer settled first: a warning rather than a
        # block, because the privacy screening may well show it is not personal.
        sure = data.personal is PersonalData.YES
        add(
            AdviceRule.PERSONAL_OPEN,
            AdviceLevel.BLOCKING if sure else AdviceLevel.WARNING,
            "target_pattern",
            f"Do not publish '{name}' openly"
            + (
                ": share it under access control, or publish only an anonymised summary."
                if sure
                else " until the privacy screening shows it holds no personal data."
            ),
            f"It {_holds(data)}, and open data can be used by anyone, for any purpose, for "
            "ever: publication cannot be taken back.",
            "Source: UK GDPR Article 5 (purpose limitation, data minimisation, security).",
        )
    frequency = flow.frequency or model.drivers.data_changes
    if frequency is not None and frequency in FREQUENT and planned is not SharingPattern.API:
        add(
            AdviceRule.FREQUENT_API,
            AdviceLevel.SUGGESTION,
            "target_pattern",
            f"Consider sharing '{name}' through an API.",
            f"It changes {frequency.label.lower()}; an API passes each update on without "
            "anyone moving files, and registration can control who gets access.",
            f"Source: {TOOLKIT} (pattern 8); GDS API technical and data standards.",
        )
    if data.openly_available and planned is not SharingPattern.OPEN_PUBLICATION:
        add(
            AdviceRule.PUBLISH_OPENLY,
            AdviceLevel.SUGGESTION,
            "target_pattern",
            f"Consider sharing '{name}' by open publication, under an open licence such as "
            "the Open Government Licence.",
            "The data-systems card says it is already published as open data, so partners "
            "could take it from there with no transfer to arrange.",
            f"Source: {TOOLKIT} (pattern 7); The National Archives, Open Government Licence.",
        )
    sensitive = data.may_be_personal or flow.commercially_sensitive is True
    control = model.security.access_control if flow.access_control is None else flow.access_control
    log = model.security.access_log if flow.access_log is None else flow.access_log
    if sensitive and not (control and log):
        wanted = (("access control", control), ("an access log", log))
        gaps = [what for what, answer in wanted if not answer]
        why = _holds(data) if data.may_be_personal else "is commercially sensitive"
        add(
            AdviceRule.ACCESS,
            AdviceLevel.WARNING,
            "access_log" if control else "access_control",
            f"Give '{name}' {' and '.join(gaps)}: credentials for named people, and a record "
            "of who opened what and when.",
            f"It {why}. Belfast's shared space needed credentials and recorded the time and "
            "nature of every access.",
            f"Source: {TOOLKIT} (Belfast case study); NCSC guidance.",
        )
    target = flow.target_pattern
    if flow.receiver_can_consume is YesNoUnsure.NO and target is not None:
        step = step_between(flow.current, target, avoid_open=sensitive)
        who = flow.to_organisation or "The receiving organisation"
        add(
            AdviceRule.RECEIVER,
            AdviceLevel.WARNING,
            "receiver_can_consume",
            f"Plan a step between for '{name}': {step.in_words} for now, then "
            f"{target.in_words} when they are ready."
            if step is not None
            else f"Agree with the receiver a pattern they can take for '{name}'.",
            f"{who} cannot take the data as {target.in_words}; the architecture depends on "
            "their systems as much as yours.",
            f"Source: {TOOLKIT}.",
        )
    return found


def architecture_advice(
    model: Architecture, cards: Mapping[str, CardModel], project: ProjectConfig | None
) -> list[Advice]:
    """Advice on each flow's target pattern, in flow order, with its reason and source."""
    found: list[Advice] = []
    if model.flows and "data-systems" not in cards:
        found.append(
            Advice(
                AdviceRule.UNKNOWN_DATASET,
                AdviceLevel.WARNING,
                None,
                None,
                "Fill in the data-systems card (`cds discover data-systems`).",
                "Without it cds cannot tell which datasets hold personal data or are "
                "published: it judged every flow by cds.yaml's answer for the whole share, "
                "or as possibly personal where there is none.",
                DATA_SYSTEMS_SOURCE,
                "flows",
            )
        )
    datasets = datasets_by_title(cards)
    for i, flow in enumerate(model.flows):
        found += _flow_advice(i, flow, model, cards, project, datasets)
    return found


def advice_by_level(advice: list[Advice]) -> dict[AdviceLevel, list[Advice]]:
    """Every level, most serious first, each with its advice in order."""
    return {level: [a for a in advice if a.level is level] for level in AdviceLevel}
