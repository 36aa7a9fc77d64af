"""The DPIA screening and the risk register of the approvals card.

A screening asks whether processing is of a kind likely to result in high risk (it does not
assess the risk; a full DPIA does). The criteria come in four lists: UK GDPR Article 35(3),
the ICO's list of processing that needs a DPIA on its own, the ICO's items that need one more
criterion from the EDPB's list, and the EDPB's nine criteria. :func:`dpia_screening` turns the
criteria ticked into an outcome with its reasons. Risks are scored on the scales of the ICO's
sample DPIA template. Pure functions only: no I/O, no prompts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from citydata_share.cards.base import Record
from citydata_share.questions import Ask, AskContext, Choice, Kind

# DPIA screening -----------------------------------------------------------------------------


class Art35Criterion(Choice):
    A = (
        "a",
        "(a) Systematic, extensive evaluation of people by automated means, with significant "
        "effects",
        "Including profiling, where decisions with legal or similarly significant effects "
        "follow. Source: UK GDPR Article 35(3)(a).",
    )
    B = (
        "b",
        "(b) Large-scale processing of special category or criminal offence data",
        "Special category: health, ethnicity, religion, sexual life, biometrics and the like. "
        "Source: UK GDPR Article 35(3)(b).",
    )
    C = (
        "c",
        "(c) Systematic monitoring of a publicly accessible area on a large scale",
        "E.g. cameras or sensors covering streets or public spaces. "
        "Source: UK GDPR Article 35(3)(c).",
    )


class IcoCriterion(Choice):
    """The ICO's list of processing that needs a DPIA on its own."""

    DENIAL_OF_SERVICE = (
        "denial-of-service",
        "Denial of service",
        "Decisions on access to a product, service, opportunity or benefit based on automated "
        "decision-making or on special category data.",
    )
    LARGE_SCALE_PROFILING = (
        "large-scale-profiling",
        "Large-scale profiling",
        "Profiling people on a large scale.",
    )
    DATA_MATCHING = (
        "data-matching",
        "Data matching",
        "Combining, comparing or matching personal data from several sources.",
    )
    INVISIBLE_PROCESSING = (
        "invisible-processing",
        "Invisible processing",
        "Personal data not obtained from the person, where telling them would be impossible "
        "or take disproportionate effort.",
    )
    TRACKING = (
        "tracking",
        "Tracking",
        "Tracking people's location or behaviour.",
    )
    TARGETING_VULNERABLE = (
        "targeting-vulnerable",
        "Targeting children or other vulnerable people",
        "E.g. marketing or online services aimed at them.",
    )
    RISK_OF_PHYSICAL_HARM = (
        "risk-of-physical-harm",
        "Risk of physical harm",
        "A breach could put someone's physical health or safety at risk.",
    )


class IcoWithAnotherCriterion(Choice):
    """The ICO's list of processing that needs a DPIA with one EDPB criterion as well."""

    INNOVATIVE_TECHNOLOGY = (
        "innovative-technology",
        "Innovative technology",
        "New technology or a novel use of existing technology: AI, smart city sensors, "
        "some Internet of Things applications.",
    )
    BIOMETRIC = (
        "biometric",
        "Biometric data",
        "Biometric data used to identify someone.",
    )
    GENETIC = (
        "genetic",
        "Genetic data",
        "Any processing of genetic data (other than by a GP or health professional for care).",
    )


class EdpbCriterion(Choice):
    """The nine criteria of the EDPB's DPIA guidelines (WP248 rev.01)."""

    EVALUATION_OR_SCORING = (
        "evaluation-or-scoring",
        "Evaluation or scoring",
        "Including profiling and predicting, e.g. of someone's reliability or behaviour.",
    )
    AUTOMATED_DECISIONS = (
        "automated-decisions",
        "Automated decisions with legal or similar effect",
        "Decisions made by machine that affect people's rights or lives significantly.",
    )
    SYSTEMATIC_MONITORING = (
        "systematic-monitoring",
        "Systematic monitoring",
        "Observing, monitoring or controlling people, including in public spaces.",
    )
    SENSITIVE_DATA = (
        "sensitive-data",
        "Sensitive or highly personal data",
        "Special category or criminal offence data, or data people see as highly private "
        "(financial details, location).",
    )
    LARGE_SCALE = (
        "large-scale",
        "Large scale",
        "Many people, much data, a long time or a wide area.",
    )
    MATCHING_OR_COMBINING = (
        "matching-or-combining",
        "Matching or combining datasets",
        "Datasets from different operations or organisations brought together in ways people "
        "would not expect.",
    )
    VULNERABLE_PEOPLE = (
        "vulnerable-people",
        "Vulnerable people",
        "Children, employees, patients, the elderly: people with less power to object.",
    )
    INNOVATIVE_USE = (
        "innovative-use",
        "Innovative use or new technology",
        "New technological or organisational solutions.",
    )
    PREVENTS_A_RIGHT = (
        "prevents-a-right",
        "Stops people exercising a right or using a service or contract",
        "E.g. screening that decides whether someone gets a service.",
    )


_CRITERIA_LISTS: tuple[tuple[str, type[Choice]], ...] = (
    ("art35", Art35Criterion),
    ("ico", IcoCriterion),
    ("ico-with-another", IcoWithAnotherCriterion),
    ("edpb", EdpbCriterion),
)
_LIST_NAMES = {
    "art35": "Art. 35(3)",
    "ico": "ICO",
    "ico-with-another": "ICO, with one more",
    "edpb": "EDPB",
}

if TYPE_CHECKING:
    ScreeningCriterion = Choice  # any criterion of the four lists
else:
    # Every criterion of the four lists in one choice, so a note can name any of them; built
    # from the lists themselves so the two can never disagree.
    ScreeningCriterion = Choice(
        "ScreeningCriterion",
        [
            (
                f"{prefix}_{member.name}".upper().replace("-", "_"),
                (
                    f"{prefix}-{member.value}",
                    f"{member.short} ({_LIST_NAMES[prefix]})",
                    member.help,
                ),
            )
            for prefix, members in _CRITERIA_LISTS
            for member in members
        ],
    )


class CriterionNote(Record):
    criterion: Annotated[
        ScreeningCriterion,
        Ask(
            "Which criterion is the note about?",
            help="Any criterion of the four lists, ticked or not: a note can say why one "
            "does not apply.",
        ),
    ]
    note: Annotated[
        str | None,
        Ask("Your note on '{record}'", kind=Kind.LONG_TEXT),
    ] = None


def _dpo_consulted(ctx: AskContext) -> bool:
    return ctx.answers.get("dpo_consulted") in (True, "true", "yes")


class DpiaScreening(Record):
    """A screening: does the processing need a DPIA? (It does not assess the risk itself.)"""

    screened_on: Annotated[dt.date | None, Ask("When was the screening done?")] = None
    screened_by: Annotated[
        str | None,
        Ask(
            "Who did the screening?",
            help="Usually your Information Governance Lead or Data Protection Officer.",
            pick="people",
        ),
    ] = None
    art35: Annotated[
        list[Art35Criterion],
        Ask(
            "Which of the three cases in UK GDPR Article 35(3) apply?",
            help="Any one of them makes a DPIA a legal requirement. Tick none if none "
            "applies. Source: UK GDPR Article 35(3).",
            required=False,
        ),
    ] = Field(default_factory=list)
    ico: Annotated[
        list[IcoCriterion],
        Ask(
            "Which items of the ICO's list of high-risk processing apply?",
            help="Each of these needs a DPIA on its own. Matching data from several sources "
            "counts as data matching when any of it is personal. Source: ICO, DPIA guidance "
            "(examples of processing likely to result in high risk).",
            required=False,
        ),
    ] = Field(default_factory=list)
    ico_with_another: Annotated[
        list[IcoWithAnotherCriterion],
        Ask(
            "Which of the ICO's items that need one more criterion apply?",
            help="Each needs a DPIA only together with at least one of the EDPB's nine "
            "criteria (the next question). Source: ICO, DPIA guidance.",
            required=False,
        ),
    ] = Field(default_factory=list)
    edpb: Annotated[
        list[EdpbCriterion],
        Ask(
            "Which of the EDPB's nine criteria apply?",
            help="Two or more make a DPIA required; one makes it recommended. "
            "Source: EDPB (Article 29 Working Party), DPIA guidelines WP248 rev.01.",
            required=False,
        ),
    ] = Field(default_factory=list)
    criterion_notes: Annotated[
        list[CriterionNote],
        Ask(
            "Any notes on the criteria?",
            help="Why a criterion applies, or why it does not: the record of your reasoning.",
            item="note",
            label="criterion",
            required=False,
        ),
    ] = Field(default_factory=list)
    dpo_consulted: Annotated[
        bool | None,
        Ask(
            "Was your Data Protection Officer consulted?",
            help="UK GDPR asks you to seek the DPO's advice when you do a DPIA.",
        ),
    ] = None
    dpo_consulted_on: Annotated[
        dt.date | None,
        Ask("When was the DPO consulted?", when=_dpo_consulted, required=False),
    ] = None
    next_step: Annotated[
        str | None,
        Ask(
            "What is the next step?",
            help="E.g. a full DPIA before any data moves, or the screening filed with the "
            "agreement. cds shows the screening's outcome once the card is saved.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    dpia_completed_on: Annotated[
        dt.date | None,
        Ask(
            "If a full DPIA has been done, when was it completed?",
            help="Leave it empty until it is finished.",
            required=False,
        ),
    ] = None

    @property
    def done(self) -> bool:
        """A screening counts as done once it has a date and someone who did it."""
        return self.screened_on is not None and bool(self.screened_by)


class Outcome(Choice):
    REQUIRED = "required", "A DPIA is required"
    RECOMMENDED = "recommended", "A DPIA is recommended"
    GOOD_PRACTICE = "good-practice", "A DPIA is good practice"


@dataclass(frozen=True)
class ScreeningOutcome:
    outcome: Outcome
    reasons: tuple[str, ...]  # why this outcome, each naming its criterion and rule
    notes: tuple[str, ...] = ()  # criteria ticked that did not count, and why


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

GOOD_PRACTICE_BECAUSE = (
    "a DPIA is still good practice because the ICO's data sharing code advises one before "
    "any significant sharing of personal data even where none is required; the toolkit "
    "advises one even for data believed non-personal, since combining datasets can "
    "re-identify people; and CityVerve in Manchester screened every share and learnt to "
    "start the process early"
)


def _name(member: Choice) -> str:
    short = member.short
    return short[:1].lower() + short[1:]


def _quoted(members: Iterable[Choice]) -> str:
    names = [f"'{_name(m)}'" for m in members]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def dpia_screening(
    art35: Iterable[Art35Criterion] = (),
    ico: Iterable[IcoCriterion] = (),
    ico_with_another: Iterable[IcoWithAnotherCriterion] = (),
    edpb: Iterable[EdpbCriterion] = (),
) -> ScreeningOutcome:
    """The screening's outcome from the criteria ticked, with the rule behind each reason.

    Required: any Art. 35(3) case, any item of the ICO's stand-alone list, an ICO item that
    needs one more criterion together with at least one EDPB criterion, or two or more EDPB
    criteria. Recommended: exactly one EDPB criterion. Good practice otherwise.
    Source: ICO, DPIA guidance; EDPB, WP248 rev.01.
    """
    art35_, ico_, with_another, edpb_ = (
        list(dict.fromkeys(art35)),
        list(dict.fromkeys(ico)),
        list(dict.fromkeys(ico_with_another)),
        list(dict.fromkeys(edpb)),
    )
    required: list[str] = []
    notes: list[str] = []
    for case in art35_:
        letter = case.value
        what = case.label.split(") ", 1)[1]
        required.append(f"Art. 35(3)({letter}) applies on its own: {what[:1].lower()}{what[1:]}.")
    for item in ico_:
        required.append(f"The ICO's '{_name(item)}' item applies on its own.")
    for needs_more in with_another:
        if edpb_:
            required.append(
                f"The ICO's '{_name(needs_more)}' item needs one EDPB criterion as well: "
                f"it has {_quoted(edpb_)}."
            )
        else:
            notes.append(
                f"The ICO's '{_name(needs_more)}' item needs one EDPB criterion as well, and none "
                "is ticked: on its own it does not make a DPIA required."
            )
    if len(edpb_) >= 2:
        required.append(f"{_NUMBERS[len(edpb_)].capitalize()} EDPB criteria: {_quoted(edpb_)}.")
    if required:
        return ScreeningOutcome(Outcome.REQUIRED, tuple(required), tuple(notes))
    if len(edpb_) == 1:
        return ScreeningOutcome(
            Outcome.RECOMMENDED,
            (f"One EDPB criterion: {_quoted(edpb_)}; two would make a DPIA required.",),
            tuple(notes),
        )
    opening = "No criterion applies" if not notes else "No rule that requires a DPIA is met"
    return ScreeningOutcome(
        Outcome.GOOD_PRACTICE, (f"{opening}; {GOOD_PRACTICE_BECAUSE}.",), tuple(notes)
    )


def screening_outcome(screening: DpiaScreening) -> ScreeningOutcome:
    return dpia_screening(
        screening.art35, screening.ico, screening.ico_with_another, screening.edpb
    )


def criteria_ticked(screening: DpiaScreening) -> list[str]:
    """Every criterion ticked, in words, with the list it comes from."""
    lists: tuple[tuple[str, Iterable[Choice]], ...] = (
        ("art35", screening.art35),
        ("ico", screening.ico),
        ("ico-with-another", screening.ico_with_another),
        ("edpb", screening.edpb),
    )
    return [f"{m.short} ({_LIST_NAMES[prefix]})" for prefix, members in lists for m in members]


# Risks --------------------------------------------------------------------------------------


class Likelihood(Choice):
    REMOTE = "remote", "Remote"
    POSSIBLE = "possible", "Possible"
    PROBABLE = "probable", "Probable"


class Severity(Choice):
    MINIMAL = "minimal", "Minimal"
    SIGNIFICANT = "significant", "Significant"
    SEVERE = "severe", "Severe"


class RiskLevel(Choice):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


_LIKELIHOOD_SCORE = {Likelihood.REMOTE: 1, Likelihood.POSSIBLE: 2, Likelihood.PROBABLE: 3}
_SEVERITY_SCORE = {Severity.MINIMAL: 1, Severity.SIGNIFICANT: 2, Severity.SEVERE: 3}


def risk_score(likelihood: Likelihood, severity: Severity) -> int:
    return _LIKELIHOOD_SCORE[likelihood] * _SEVERITY_SCORE[severity]


def risk_level(likelihood: Likelihood, severity: Severity) -> RiskLevel:
    """Likelihood x severity on 1-3 scales: 1-2 low, 3-4 medium, 6-9 high."""
    score = risk_score(likelihood, severity)
    if score <= 2:
        return RiskLevel.LOW
    if score <= 4:
        return RiskLevel.MEDIUM
    return RiskLevel.HIGH


def _accepted(ctx: AskContext) -> bool:
    return ctx.answers.get("accepted") in (True, "true", "yes")


SCALES = (
    "The scales are those of the ICO's sample DPIA template; cds works out the overall "
    "level as likelihood x severity (1 to 3 each): 1-2 low, 3-4 medium, 6-9 high."
)


class Risk(Record):
    risk: Annotated[
        str,
        Ask(
            "What is the risk?",
            help="The harm and who would suffer it, e.g. 'A sole trader is identified from "
            "matched records'. Privacy, legal and ethical risks all belong here.",
        ),
    ]
    likelihood: Annotated[
        Likelihood | None,
        Ask("How likely is harm from '{record}'?", help=SCALES),
    ] = None
    severity: Annotated[
        Severity | None,
        Ask("How severe would the harm from '{record}' be?", help=SCALES),
    ] = None
    mitigation: Annotated[
        str | None,
        Ask(
            "What will you do to reduce '{record}'?",
            help="E.g. remove names before sharing, control and log access, agree deletion.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    residual: Annotated[
        RiskLevel | None,
        Ask(
            "How high is the risk left once that is done?",
            help="The residual risk, as the ICO's sample DPIA template records it.",
        ),
    ] = None
    accepted: Annotated[
        bool | None,
        Ask(
            "Has the risk that is left been accepted?",
            help="Someone with the authority to do so agrees to go ahead with it.",
        ),
    ] = None
    accepted_by: Annotated[
        str | None,
        Ask("Who accepted '{record}'?", when=_accepted, pick="people"),
    ] = None
    owner: Annotated[
        str | None,
        Ask(
            "Who owns '{record}'?",
            help="The person who sees the mitigation through.",
            pick="people",
        ),
    ] = None

    @property
    def level(self) -> RiskLevel | None:
        """The overall level before mitigation; None until likelihood and severity are given."""
        if self.likelihood is None or self.severity is None:
            return None
        return risk_level(self.likelihood, self.severity)


@dataclass(frozen=True)
class RiskGrid:
    """The likelihood x severity grid: which risks sit in each of the nine cells."""

    cells: dict[tuple[Likelihood, Severity], list[Risk]]  # all nine, likelihood-major
    unplaced: list[Risk] = field(default_factory=list)  # likelihood or severity not given

    def cell(self, likelihood: Likelihood, severity: Severity) -> list[Risk]:
        return self.cells[(likelihood, severity)]


def risk_grid(risks: Iterable[Risk]) -> RiskGrid:
    cells: dict[tuple[Likelihood, Severity], list[Risk]] = {
        (likelihood, severity): [] for likelihood in Likelihood for severity in Severity
    }
    unplaced = []
    for risk in risks:
        if risk.likelihood is None or risk.severity is None:
            unplaced.append(risk)
        else:
            cells[(risk.likelihood, risk.severity)].append(risk)
    return RiskGrid(cells, unplaced)
