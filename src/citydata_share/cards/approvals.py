"""PREPARE, service lane: "Update legal, privacy and ethical approvals".

The legal power the share rests on, the agreements that record it, a Data Protection Impact
Assessment (DPIA) screening, the privacy notice, the ethics work and a risk register. The
screening's outcome, each risk's level and the risk grid are derived in
:mod:`citydata_share.cards.dpia`; the approvals checklist and the links to other cards here,
all by pure functions, so that no outcome is ever typed in by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import AfterValidator, Field, model_validator

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.cards.dpia import (
    SCALES,
    Art35Criterion,
    CriterionNote,
    DpiaScreening,
    EdpbCriterion,
    IcoCriterion,
    IcoWithAnotherCriterion,
    Likelihood,
    Outcome,
    Risk,
    RiskGrid,
    RiskLevel,
    ScreeningCriterion,
    ScreeningOutcome,
    Severity,
    criteria_ticked,
    dpia_screening,
    risk_grid,
    risk_level,
    risk_score,
    screening_outcome,
)
from citydata_share.known import known_names
from citydata_share.project import PersonalData
from citydata_share.questions import Ask, AskContext, Choice, Kind, check_url

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig

__all__ = [  # the screening and the risk register live in cards.dpia; named here too
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "Approvals",
    "Art35Criterion",
    "ChecklistItem",
    "CriterionNote",
    "DpiaScreening",
    "EdpbCriterion",
    "IcoCriterion",
    "IcoWithAnotherCriterion",
    "LegalPower",
    "Likelihood",
    "Outcome",
    "PrivacyNotice",
    "Risk",
    "RiskGrid",
    "RiskLevel",
    "RpsiApplies",
    "ScreeningCriterion",
    "ScreeningOutcome",
    "Severity",
    "Status",
    "agreement_warnings",
    "approvals_checklist",
    "approvals_links",
    "criteria_ticked",
    "dpia_screening",
    "open_items",
    "risk_grid",
    "risk_level",
    "risk_score",
    "screening_outcome",
]

# Legal --------------------------------------------------------------------------------------


class LegalPower(Choice):
    EXPRESS = (
        "express",
        "Express power: a statute says you may share this data",
        "An Act or regulation gives the power in so many words.",
    )
    IMPLIED = (
        "implied",
        "Implied power: sharing is incidental to something a statute lets you do",
        "No Act says 'share', but sharing is reasonably needed to do what an Act allows.",
    )
    GATEWAY = (
        "gateway",
        "A specific legal gateway for this data or this kind of sharing",
        "A provision made for sharing particular data between particular bodies.",
    )
    STATUTORY_FUNCTIONS = (
        "statutory-functions",
        "Part of delivering your statutory functions",
        "The share is part of doing a job the law gives your organisation.",
    )
    OTHER = "other", "Other (you will be asked which)"


class RpsiApplies(Choice):
    YES = "yes", "Yes: we are a public sector body and the data is part of our public task"
    NO = "no", "No: e.g. we are not a public sector body, or the data is outside our public task"
    UNSURE = "unsure", "Not sure yet"


# Agreements ---------------------------------------------------------------------------------


class AgreementKind(Choice):
    MOU = (
        "mou",
        "Memorandum of Understanding",
        "A formal statement of a shared understanding between organisations; usually not "
        "legally enforceable.",
    )
    DATA_SHARING_AGREEMENT = (
        "data-sharing-agreement",
        "Data Sharing Agreement / Information Sharing Protocol",
        "The framework for obtaining, holding, storing and sharing the data securely between "
        "the partners.",
    )
    SLA = (
        "sla",
        "Service Level Agreement",
        "What a service provider commits to deliver to its client.",
    )
    LICENCE = (
        "licence",
        "Licence",
        "Permission to use a dataset, usually with conditions and any charges; it need not "
        "transfer ownership.",
    )
    COLLABORATION = (
        "collaboration",
        "Collaboration agreement",
        "Terms for working together on a project; Belfast made one with each partner, "
        "covering governance and the legal, privacy and ethical issues.",
    )
    OTHER = "other", "Other (you will be asked what)"


class AgreementStatus(Choice):
    NOT_STARTED = "not-started", "Not started"
    DRAFTING = "drafting", "Drafting"
    IN_REVIEW = "in-review", "In review"
    SIGNED = "signed", "Signed"
    ENDED = "ended", "Ended"


def _was_signed(ctx: AskContext) -> bool:
    return ctx.answers.get("status") in (AgreementStatus.SIGNED.value, AgreementStatus.ENDED.value)


class Agreement(Record):
    """One agreement behind the share: an MOU, a data sharing agreement, a licence..."""

    title: Annotated[
        str,
        Ask(
            "What is the agreement called?",
            help="E.g. 'Collaboration agreement with Future Cities Catapult'.",
        ),
    ]
    kind: Annotated[
        AgreementKind | None,
        Ask(
            "What kind of agreement is '{record}'?",
            help="Your organisation may use several kinds; the toolkit names these four, "
            "and Belfast's collaboration agreements.",
            other="kind_other",
        ),
    ] = None
    kind_other: Annotated[
        str | None,
        Ask("What kind of agreement is it, in your own words?", required=False),
    ] = None
    parties: Annotated[
        list[str],
        Ask(
            "Who are the parties to '{record}'?",
            help="One organisation per line, your own included.",
            pick="organisations",
        ),
    ] = Field(default_factory=list)
    status: Annotated[
        AgreementStatus | None,
        Ask("Where has '{record}' got to?"),
    ] = None
    signed_on: Annotated[
        dt.date | None,
        Ask(
            "When was '{record}' signed?",
            help="Keep the date with the signed copy: reviews and audits will ask for it.",
            when=_was_signed,
            required=False,
        ),
    ] = None
    starts_on: Annotated[
        dt.date | None,
        Ask("When does '{record}' take effect?", required=False),
    ] = None
    ends_on: Annotated[
        dt.date | None,
        Ask(
            "When does '{record}' end?",
            help="Leave it empty if it runs until someone ends it.",
            required=False,
        ),
    ] = None
    review_on: Annotated[
        dt.date | None,
        Ask("When is '{record}' next due for review?", required=False),
    ] = None
    notes: Annotated[
        str | None,
        Ask(
            "Notes on '{record}'",
            help="What it covers (governance, legal, privacy, ethics), who signs, where the "
            "signed copy is kept.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Agreement:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(
                f"{self.title!r} ends ({self.ends_on.isoformat()}) before it starts "
                f"({self.starts_on.isoformat()}): check the two dates"
            )
        return self

    @property
    def kind_label(self) -> str:
        if self.kind is AgreementKind.OTHER:
            return self.kind_other or "Other"
        return self.kind.label if self.kind else ""


def agreement_warnings(agreement: Agreement) -> list[str]:
    """What looks wrong in an agreement without being invalid."""
    found = []
    signed = agreement.status in (AgreementStatus.SIGNED, AgreementStatus.ENDED)
    if signed and agreement.signed_on is None:
        found.append(f"{agreement.title!r} is marked signed but has no date of signing.")
    if not signed and agreement.status is not None and agreement.signed_on is not None:
        found.append(
            f"{agreement.title!r} has a date of signing but its status is "
            f"'{agreement.status.label.lower()}'."
        )
    if not agreement.parties:
        found.append(f"{agreement.title!r} names no parties.")
    return found


# Privacy notice -----------------------------------------------------------------------------


class PrivacyNotice(Choice):
    EXISTS = "exists", "Exists and covers this share"
    NEEDS_UPDATING = "needs-updating", "Exists but needs updating for this share"
    NOT_NEEDED = "not-needed", "Not needed: no personal data is processed"


def _has_notice(ctx: AskContext) -> bool:
    return ctx.answers.get("privacy_notice") in (
        PrivacyNotice.EXISTS.value,
        PrivacyNotice.NEEDS_UPDATING.value,
    )


# The card -----------------------------------------------------------------------------------


def _advice_sought(ctx: AskContext) -> bool:
    return ctx.answers.get("legal_advice_sought") in (True, "true", "yes")


def _power_given(ctx: AskContext) -> bool:
    return bool(ctx.answers.get("power"))


def _rpsi_may_apply(ctx: AskContext) -> bool:
    return ctx.answers.get("rpsi_applies") in (RpsiApplies.YES.value, RpsiApplies.UNSURE.value)


def _collected_for_us(ctx: AskContext) -> bool:
    return ctx.answers.get("collected_for_us") in (True, "true", "yes")


def _new_approvals(ctx: AskContext) -> bool:
    return ctx.answers.get("new_approvals_needed") in (True, "true", "yes")


class Approvals(CardModel):
    card_id: ClassVar[str] = "approvals"
    guidance: ClassVar[str] = (
        "Make sure you have the legal power to provide or receive the data, and get legal "
        "advice early: what applies depends on the organisations, the data and what is "
        "exchanged for it, especially money. Public bodies have duties under the Re-use of "
        "Public Sector Information Regulations 2015. Record the agreements the share rests on. "
        "Even for data you believe is not personal, screen the share for a Data Protection "
        "Impact Assessment: combined datasets can identify people, and CityVerve's lesson was "
        "to start early. Consider the ethics too, with the Data Ethics Framework or the ODI's "
        "Data Ethics Canvas, and keep a register of the risks and how you will reduce them. "
        "Practice is still developing: take advice from your legal and information "
        "governance colleagues."
    )

    legal_advice_sought: Annotated[
        bool | None,
        Ask(
            "Have you sought legal advice on the share?",
            help="The toolkit advises getting it early: the legal questions depend on who "
            "is involved, what data it is and what is given in return.",
        ),
    ] = None
    legal_advice_from: Annotated[
        str | None,
        Ask("Who gave the legal advice?", when=_advice_sought, pick="people"),
    ] = None
    legal_advice_on: Annotated[
        dt.date | None,
        Ask("When was it given?", when=_advice_sought, required=False),
    ] = None
    power: Annotated[
        LegalPower | None,
        Ask(
            "Which legal power does the share rely on?",
            provider="Which legal power lets you provide the data?",
            receiver="Which legal power lets you receive and use the data?",
            help="Public bodies can only do what the law allows: you need an express or "
            "implied power, such as a legal gateway for this data or the delivery of your "
            "statutory functions. Your legal team will confirm it.",
            other="power_other",
        ),
    ] = None
    power_other: Annotated[
        str | None,
        Ask("Which other power?", required=False),
    ] = None
    power_detail: Annotated[
        str | None,
        Ask(
            "Which statute, gateway or function is it?",
            help="E.g. the general power of competence (Localism Act 2011, section 1), or "
            "the Act behind the service the data comes from.",
            when=_power_given,
        ),
    ] = None
    rpsi_applies: Annotated[
        RpsiApplies | None,
        Ask(
            "Do the Re-use of Public Sector Information Regulations 2015 apply to the data?",
            help="They cover information a public sector body produces as part of its public "
            "task, outside what data protection law governs. Source: ICO, Guide to RPSI.",
        ),
    ] = None
    rpsi_obligations: Annotated[
        str | None,
        Ask(
            "What do they mean here, for re-use requests, charging and licences?",
            help="Under RPSI 2015 a public body must answer written requests to re-use its "
            "public task information (within 20 working days), may usually charge no more "
            "than the marginal cost of reproducing and providing it, and should license "
            "re-use as openly as it can, e.g. under the Open Government Licence. "
            "Source: ICO, Guide to RPSI.",
            kind=Kind.LONG_TEXT,
            when=_rpsi_may_apply,
        ),
    ] = None
    collected_for_us: Annotated[
        bool | None,
        Ask(
            "Is any of the data collected for you by someone else, such as a contractor or "
            "an IoT supplier?",
            help="If so, check who owns it before you share it: the contract decides.",
            only_for="provider",
        ),
    ] = None
    collected_for_us_ownership: Annotated[
        str | None,
        Ask(
            "Who owns that data, and does the contract let you share it?",
            kind=Kind.LONG_TEXT,
            only_for="provider",
            when=_collected_for_us,
        ),
    ] = None
    new_approvals_needed: Annotated[
        bool | None,
        Ask(
            "Will the data you receive need new approvals in your organisation?",
            help="New data, or data used for a new purpose, may need sign-off from your "
            "information governance board, an entry in your asset register or record of "
            "processing, or a change to a contract.",
            only_for="receiver",
        ),
    ] = None
    new_approvals: Annotated[
        str | None,
        Ask(
            "Which approvals, and from whom?",
            kind=Kind.LONG_TEXT,
            only_for="receiver",
            when=_new_approvals,
        ),
    ] = None
    new_approvals_given: Annotated[
        bool | None,
        Ask("Have they been given?", only_for="receiver", when=_new_approvals),
    ] = None
    agreements: Annotated[
        list[Agreement],
        Ask(
            "Which agreements does the share rest on?",
            help="One entry per agreement: memorandum of understanding, data sharing "
            "agreement, service level agreement, licence, collaboration agreement. Belfast "
            "made a collaboration agreement with each partner. The ICO's data sharing code "
            "lists what a data sharing agreement should cover.",
            item="agreement",
            label="title",
        ),
    ] = Field(default_factory=list)
    personal_data: Annotated[
        PersonalData | None,
        Ask(
            "Does the share involve personal data?",
            help="Data that could identify a living person, alone or combined with other "
            "data. cds.yaml's answer (personal_data) is a starting point; this card keeps its "
            "own, and `cds check` says if the two disagree.",
        ),
    ] = None
    dpia_screening: Annotated[
        DpiaScreening,
        Ask(
            "DPIA screening: does the share need a Data Protection Impact Assessment?",
            help="Tick the criteria that apply in four lists; cds works out whether a DPIA "
            "is required, recommended or good practice, and why. Do it even for data you "
            "believe is not personal. Source: ICO, DPIA guidance.",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=DpiaScreening)
    privacy_notice: Annotated[
        PrivacyNotice | None,
        Ask(
            "Does a privacy notice cover the share?",
            help="A privacy notice tells people how an organisation uses their personal "
            "data; the law requires one wherever personal data is processed.",
        ),
    ] = None
    privacy_notice_link: Annotated[
        str | None,
        Ask("A link to the privacy notice", kind=Kind.URL, when=_has_notice, required=False),
        AfterValidator(check_url),
    ] = None
    data_ethics_framework: Annotated[
        bool | None,
        Ask(
            "Have you applied the Data Ethics Framework?",
            help="The UK government's framework for using data appropriately in policy and "
            "services; public sector bodies are expected to use it. Source: DCMS / GDS.",
        ),
    ] = None
    data_ethics_canvas: Annotated[
        bool | None,
        Ask(
            "Have you used the ODI's Data Ethics Canvas?",
            help="A one-page tool to find the ethical issues of a data project and the steps "
            "to act on them. Source: Open Data Institute.",
        ),
    ] = None
    ethical_issues: Annotated[
        str | None,
        Ask(
            "What ethical issues did you find, and what will you do about them?",
            help="E.g. fairness to the people the data is about, how results will be used, "
            "who benefits. Put the risks among them in the risk register next.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None
    risks: Annotated[
        list[Risk],
        Ask(
            "Which risks does the share bring, and how will you reduce them?",
            help="A risk register: privacy, legal and ethical risks, each with likelihood, "
            "severity, mitigation and the risk left. " + SCALES,
            item="risk",
            label="risk",
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        return approvals_links(self, cards, project)


# Derived: the checklist ---------------------------------------------------------------------


class Status(Choice):
    DONE = "done", "Done"
    TO_DO = "to-do", "To do"
    NOT_NEEDED = "not-needed", "Not needed"


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    status: Status
    detail: str = ""


def _legal_items(model: Approvals, role: str) -> list[ChecklistItem]:
    items = []
    if model.legal_advice_sought:
        who = f" from {model.legal_advice_from}" if model.legal_advice_from else ""
        items.append(ChecklistItem("Legal advice", Status.DONE, f"Sought{who}."))
    else:
        items.append(
            ChecklistItem("Legal advice", Status.TO_DO, "Get legal advice early in the process.")
        )
    if model.power is None:
        items.append(ChecklistItem("Legal power", Status.TO_DO, "Name the power relied on."))
    else:
        label = model.power_other if model.power is LegalPower.OTHER else model.power.short
        detail = f"{label or 'Other'}" + (f": {model.power_detail}" if model.power_detail else "")
        status = Status.DONE if model.power_detail else Status.TO_DO
        if status is Status.TO_DO:
            detail += " (say which statute, gateway or function)"
        items.append(ChecklistItem("Legal power", status, detail + "."))
    if model.rpsi_applies is RpsiApplies.NO:
        items.append(ChecklistItem("RPSI 2015", Status.NOT_NEEDED, "The Regulations do not apply."))
    elif model.rpsi_applies is RpsiApplies.YES and model.rpsi_obligations:
        items.append(ChecklistItem("RPSI 2015", Status.DONE, "Obligations noted."))
    else:
        items.append(
            ChecklistItem(
                "RPSI 2015",
                Status.TO_DO,
                "Settle whether the Regulations apply and what they mean for re-use requests, "
                "charging and licences.",
            )
        )
    if role in ("provider", "both"):
        name = "Ownership of data collected for us"
        if model.collected_for_us is False:
            items.append(ChecklistItem(name, Status.NOT_NEEDED, "No one collects it for us."))
        elif model.collected_for_us and model.collected_for_us_ownership:
            items.append(ChecklistItem(name, Status.DONE, "Ownership checked."))
        else:
            items.append(
                ChecklistItem(name, Status.TO_DO, "Check who owns data others collect for you.")
            )
    if role in ("receiver", "both"):
        name = "Approvals for the new data"
        if model.new_approvals_needed is False:
            items.append(ChecklistItem(name, Status.NOT_NEEDED, "None needed."))
        elif model.new_approvals_needed and model.new_approvals_given:
            items.append(ChecklistItem(name, Status.DONE, "Given."))
        else:
            detail = model.new_approvals or "Find out which approvals the new data needs."
            items.append(ChecklistItem(name, Status.TO_DO, detail))
    return items


def _agreement_items(model: Approvals) -> list[ChecklistItem]:
    if not model.agreements:
        return [
            ChecklistItem(
                "Agreements",
                Status.TO_DO,
                "No agreement recorded: a data sharing agreement, licence or collaboration "
                "agreement sets out the terms (Belfast made one with each partner).",
            )
        ]
    items = []
    for agreement in model.agreements:
        name = f"Agreement: {agreement.title}"
        if agreement.status is AgreementStatus.SIGNED:
            when = f" on {agreement.signed_on.isoformat()}" if agreement.signed_on else ""
            items.append(ChecklistItem(name, Status.DONE, f"Signed{when}."))
        elif agreement.status is AgreementStatus.ENDED:
            items.append(ChecklistItem(name, Status.NOT_NEEDED, "Ended: no longer in force."))
        else:
            state = agreement.status.label if agreement.status else "Status not given"
            items.append(ChecklistItem(name, Status.TO_DO, f"{state}."))
    return items


def _privacy_items(model: Approvals) -> list[ChecklistItem]:
    items = []
    screening = model.dpia_screening
    found = screening_outcome(screening)
    if screening.done:
        items.append(ChecklistItem("DPIA screening", Status.DONE, f"{found.outcome.label}."))
    else:
        items.append(
            ChecklistItem(
                "DPIA screening",
                Status.TO_DO,
                "Record when the screening was done and who did it.",
            )
        )
    if screening.dpia_completed_on is not None:
        items.append(
            ChecklistItem("Full DPIA", Status.DONE, f"Completed on {screening.dpia_completed_on}.")
        )
    elif not screening.done:
        items.append(ChecklistItem("Full DPIA", Status.TO_DO, "Finish the screening first."))
    elif found.outcome is Outcome.GOOD_PRACTICE:
        items.append(
            ChecklistItem("Full DPIA", Status.NOT_NEEDED, "Not required, but good practice.")
        )
    else:
        items.append(ChecklistItem("Full DPIA", Status.TO_DO, f"{found.outcome.label}."))
    no_personal = model.personal_data is PersonalData.NO
    if screening.dpo_consulted:
        when = f" on {screening.dpo_consulted_on}" if screening.dpo_consulted_on else ""
        items.append(ChecklistItem("DPO consulted", Status.DONE, f"Consulted{when}."))
    elif no_personal and found.outcome is Outcome.GOOD_PRACTICE:
        items.append(
            ChecklistItem(
                "DPO consulted", Status.NOT_NEEDED, "No personal data; still worth a word."
            )
        )
    else:
        items.append(
            ChecklistItem("DPO consulted", Status.TO_DO, "Ask your Data Protection Officer.")
        )
    notice = model.privacy_notice
    if notice is PrivacyNotice.EXISTS:
        items.append(ChecklistItem("Privacy notice", Status.DONE, "Covers the share."))
    elif notice is PrivacyNotice.NOT_NEEDED:
        items.append(ChecklistItem("Privacy notice", Status.NOT_NEEDED, notice.short + "."))
    elif notice is PrivacyNotice.NEEDS_UPDATING:
        items.append(ChecklistItem("Privacy notice", Status.TO_DO, "Update it for the share."))
    else:
        items.append(
            ChecklistItem("Privacy notice", Status.TO_DO, "Say whether a notice covers it.")
        )
    return items


def _ethics_item(model: Approvals) -> ChecklistItem:
    used = [
        name
        for name, done in (
            ("the Data Ethics Framework", model.data_ethics_framework),
            ("the Data Ethics Canvas", model.data_ethics_canvas),
        )
        if done
    ]
    if used:
        return ChecklistItem("Ethics", Status.DONE, "Applied " + " and ".join(used) + ".")
    return ChecklistItem(
        "Ethics",
        Status.TO_DO,
        "Work through the Data Ethics Framework or the ODI's Data Ethics Canvas.",
    )


def _risk_item(model: Approvals) -> ChecklistItem:
    if not model.risks:
        return ChecklistItem("Risks accepted", Status.TO_DO, "No risk recorded yet.")
    open_risks = [r.risk for r in model.risks if not r.accepted]
    if not open_risks:
        return ChecklistItem("Risks accepted", Status.DONE, f"All {len(model.risks)} accepted.")
    return ChecklistItem(
        "Risks accepted",
        Status.TO_DO,
        f"{len(open_risks)} of {len(model.risks)} not accepted: " + "; ".join(open_risks) + ".",
    )


def approvals_checklist(model: Approvals, role: str = "both") -> list[ChecklistItem]:
    """Every approval the share needs, with its status; ``role`` is the project's role."""
    return [
        *_legal_items(model, role),
        *_agreement_items(model),
        *_privacy_items(model),
        _ethics_item(model),
        _risk_item(model),
    ]


def open_items(model: Approvals, role: str = "both") -> list[ChecklistItem]:
    return [i for i in approvals_checklist(model, role) if i.status is Status.TO_DO]


# Links to the other cards -------------------------------------------------------------------


def _people_named(model: Approvals) -> list[tuple[str, str]]:
    named: list[tuple[str, str | None]] = [
        ("legal_advice_from", model.legal_advice_from),
        ("dpia_screening.screened_by", model.dpia_screening.screened_by),
    ]
    for i, risk in enumerate(model.risks):
        named += [(f"risks[{i}].accepted_by", risk.accepted_by), (f"risks[{i}].owner", risk.owner)]
    return [(path, name) for path, name in named if name]


def approvals_links(
    model: Approvals, cards: Mapping[str, CardModel], project: ProjectConfig
) -> list[LinkIssue]:
    """Parties must be organisations of the project, people must be on the team card, and
    the privacy answers must agree with cds.yaml."""
    issues: list[LinkIssue] = []
    organisations = known_names("organisations", cards, project)
    for i, agreement in enumerate(model.agreements):
        for j, party in enumerate(agreement.parties):
            if party not in organisations:
                issues.append(
                    LinkIssue(
                        f"agreements[{i}].parties[{j}]",
                        f"{party!r} (a party to {agreement.title!r}) is not an organisation "
                        "of the project",
                        f"Add {party} with `cds discover ecosystem` (or as a partner in "
                        "cds.yaml), or write the name as it is there.",
                    )
                )
    team = cards.get("team")
    if team is not None and getattr(team, "people", None):
        people = known_names("people", cards, project)
        for path, name in _people_named(model):
            if name not in people:
                issues.append(
                    LinkIssue(
                        path,
                        f"{name!r} is not on the team card",
                        "Add them with `cds discover team`, or write the name or role as it "
                        "is on the team list.",
                    )
                )
    said = project.personal_data
    if said is not None and model.personal_data is not None and model.personal_data is not said:
        issues.append(
            LinkIssue(
                "personal_data",
                f"this card says personal data: {model.personal_data.value}, but cds.yaml "
                f"says {said.value}",
                "Make the two agree: edit personal_data in cds.yaml, or this card's answer.",
            )
        )
    found = screening_outcome(model.dpia_screening)
    if said is PersonalData.NO and found.outcome is Outcome.REQUIRED:
        issues.append(
            LinkIssue(
                "dpia_screening",
                "the DPIA screening says a DPIA is required, but cds.yaml says the data is "
                "not personal",
                "The criteria are about personal data: if the screening is right, set "
                "personal_data in cds.yaml to 'yes' or 'unsure' and involve your Data "
                "Protection Officer; if not, review the criteria ticked.",
            )
        )
    return issues
