"""PREPARE, service lane: "Build your business case".

The organisation's own business case process (its form, who is consulted, who signs it off),
HM Treasury's five case model (strategic, economic, commercial, financial, management), and
the costs and benefits the share brings, year by year. The appraisal is derived here as pure
functions: the yearly cash flows, totals undiscounted and discounted at the Green Book's
social time preference rate, the net present social value and the benefit-cost ratio, with
the benefits that have no price listed apart. The figures are the user's estimates: the
Green Book warns that appraisals tend to be optimistic (optimism bias).

Validation stops what cannot be right (a negative amount, a year before 0 or after year 75,
where the discount rates cds applies end, a recurring item that ends before it starts).
An item running past the appraisal period is a derived warning instead: the period is a
separate answer the user may change later, and the figures then simply count the years
inside it, saying which were left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, Field, model_validator

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.questions import Ask, AskContext, Choice, Kind, is_answered, questions_of

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig

# Green Book social time preference rate (HM Treasury): 3.5% a year for years 0-30, then
# 3.0% for years 31-75. Beyond year 75 the rate falls again; cds stops there.
STPR_EARLY = 0.035
STPR_LATER = 0.03
STPR_SWITCH_YEAR = 30
LAST_YEAR = 75
DEFAULT_APPRAISAL_PERIOD = 10

ESTIMATES_CAVEAT = (
    "These figures are your own estimates. The Green Book warns that appraisals are "
    "usually too optimistic (optimism bias): costs and timescales tend to grow and benefits "
    "to shrink, so test how the result changes if they do. Source: HM Treasury Green Book."
)


class CostOrBenefit(Choice):
    COST = "cost", "Cost"
    BENEFIT = "benefit", "Benefit"


class Recurrence(Choice):
    ONE_OFF = "one-off", "One-off", "Falls in a single year, e.g. setting up a shared space."
    RECURRING = (
        "recurring",
        "Recurring, every year",
        "The same amount each year from its first year to its last, e.g. a yearly licence.",
    )


class Funding(Choice):
    SELF_FUNDING = (
        "self-funding",
        "It pays for itself",
        "The money it brings in or saves covers what it costs.",
    )
    EXISTING_BUDGET = "existing-budget", "From an existing budget"
    FURTHER_FUNDING = (
        "further-funding",
        "Further funding is needed",
        "A bid, a grant or a partner's contribution must be found first.",
    )
    NOT_KNOWN = "not-known", "Not known yet"


def _check_year(year: int | None) -> int | None:
    if year is None:
        return None
    if year < 0:
        raise ValueError("years count from 0, the first year of the share: use 0 or more")
    if year > LAST_YEAR:
        raise ValueError(
            f"year {year} is beyond year {LAST_YEAR}, where the Green Book discount rates cds "
            "applies end: appraise a shorter span"
        )
    return year


def _check_amount(amount: float | None) -> float | None:
    if amount is not None and amount < 0:
        raise ValueError(
            "an amount cannot be negative: record a saving as a benefit, and a loss as a cost"
        )
    return amount


Year = Annotated[int | None, AfterValidator(_check_year)]
Pounds = Annotated[float | None, AfterValidator(_check_amount)]


# The organisation's own process and the five cases ---------------------------------------


class StrategicCase(Record):
    case_for_change: Annotated[
        str | None,
        Ask(
            "What is the case for change: why is the share needed now?",
            help="The problem today and what happens if nothing changes.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    fit_with_strategy: Annotated[
        str | None,
        Ask(
            "How does the share fit your organisation's strategy and aims?",
            help="Name the plan or priority it serves, e.g. the corporate plan.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    expected_outcomes: Annotated[
        list[str],
        Ask(
            "What outcomes do you expect?",
            help="One per line, as results someone could check, e.g. '200 premises inspected'.",
        ),
    ] = Field(default_factory=list)


class OptionConsidered(Record):
    name: Annotated[
        str,
        Ask("Option's name", help="E.g. 'Do nothing', 'Do minimum', 'Share with all partners'."),
    ]
    description: Annotated[
        str | None,
        Ask("What would '{record}' involve?", kind=Kind.LONG_TEXT, required=False),
    ] = None
    preferred: Annotated[
        bool | None,
        Ask(
            "Is '{record}' your preferred option?",
            help="The economic case recommends one option.",
        ),
    ] = None


class EconomicCase(Record):
    options: Annotated[
        list[OptionConsidered],
        Ask(
            "Which options did you consider?",
            help="At least doing nothing, doing the minimum and your preferred option, so "
            "that seniors can see the share is the best use of public money. "
            "Source: HM Treasury Green Book.",
            item="option",
            label="name",
            default=[{"name": "Do nothing"}, {"name": "Do minimum"}],
            kind=Kind.RECORDS,
        ),
    ] = Field(default_factory=list)
    wider_costs_and_benefits: Annotated[
        str | None,
        Ask(
            "What costs and benefits does the share bring to society, beyond your organisation?",
            help="The economic case looks at public value as a whole: residents, businesses "
            "and other public bodies, not only your budget. Put figures on them below where "
            "you can.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None


def _charging(ctx: AskContext) -> bool:
    return ctx.answers.get("charge") is True


def _data_costs_money(ctx: AskContext) -> bool:
    return ctx.answers.get("data_costs_money") is True


class SourceCompared(Record):
    source: Annotated[
        str, Ask("Source of similar data", help="A dataset and who holds it, or a supplier.")
    ]
    benefits: Annotated[
        str | None, Ask("What are the benefits of '{record}'?", kind=Kind.LONG_TEXT)
    ] = None
    disbenefits: Annotated[
        str | None, Ask("What are the drawbacks of '{record}'?", kind=Kind.LONG_TEXT)
    ] = None


class CommercialCase(Record):
    licence: Annotated[
        str | None,
        Ask(
            "Under what licence will the data be made available?",
            help="E.g. the Open Government Licence, or a licence for this project only. "
            "Public bodies have duties on re-use and licences under the Re-use of Public "
            "Sector Information Regulations 2015.",
            only_for="provider",
        ),
    ] = None
    charge: Annotated[
        bool | None,
        Ask(
            "Will there be a charge for the data?",
            help="Most public sector data is shared free; a charge needs a charging structure.",
            only_for="provider",
        ),
    ] = None
    charging_structure: Annotated[
        str | None,
        Ask(
            "How will the charge be structured?",
            help="E.g. a yearly fee, a fee per extract, cost recovery only.",
            kind=Kind.LONG_TEXT,
            only_for="provider",
            when=_charging,
        ),
    ] = None
    legal_considerations: Annotated[
        str | None,
        Ask(
            "What other legal points does providing the data raise?",
            help="E.g. whether you own data that a contractor collected on your behalf.",
            kind=Kind.LONG_TEXT,
            only_for="provider",
            required=False,
        ),
    ] = None
    sources_compared: Annotated[
        list[SourceCompared],
        Ask(
            "Which sources of similar data did you compare?",
            help="Each with its benefits and drawbacks: coverage, quality, price, terms.",
            item="source",
            label="source",
            only_for="receiver",
        ),
    ] = Field(default_factory=list)
    licences_to_accept: Annotated[
        str | None,
        Ask(
            "Which licences will you be asked to accept, and what do they commit you to?",
            help="Restrictions on use, sharing on, attribution, liability. Your lawyer can help.",
            kind=Kind.LONG_TEXT,
            only_for="receiver",
        ),
    ] = None
    data_costs_money: Annotated[
        bool | None,
        Ask("Does the data cost money?", only_for="receiver"),
    ] = None
    data_cost_terms: Annotated[
        str | None,
        Ask(
            "What does it cost, and on what terms?",
            help="Add the cost as an item under costs and benefits too, so it is counted.",
            only_for="receiver",
            when=_data_costs_money,
        ),
    ] = None


def _further_funding(ctx: AskContext) -> bool:
    return ctx.answers.get("funding") == Funding.FURTHER_FUNDING.value


class FinancialCase(Record):
    costs_to_us: Annotated[
        str | None,
        Ask(
            "What exactly will the share cost your organisation?",
            help="In words: staff time, systems, licences, legal work, one-off and ongoing. "
            "Give each cost a figure under costs and benefits as well, so cds can add them up.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    who_pays: Annotated[
        list[str],
        Ask(
            "Who will pay for the share?",
            help="One organisation per line: yours, a partner, a funder.",
            pick="organisations",
        ),
    ] = Field(default_factory=list)
    funding: Annotated[
        Funding | None,
        Ask("Will it pay for itself, or does it need funding?"),
    ] = None
    further_funding: Annotated[
        str | None,
        Ask(
            "Where will the further funding come from?",
            help="The fund, bid or partner, how much and by when.",
            when=_further_funding,
        ),
    ] = None
    affordability: Annotated[
        str | None,
        Ask(
            "Is it affordable: how do the costs fit the budgets they fall on?",
            help="The financial case shows the money is there, year by year.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None


class Milestone(Record):
    name: Annotated[str, Ask("Milestone", help="E.g. 'Collaboration agreements signed'.")]
    date: Annotated[dt.date | None, Ask("When is '{record}' due?")] = None
    owner: Annotated[
        str | None,
        Ask("Who owns '{record}'?", pick="people", required=False),
    ] = None


class ManagementCase(Record):
    arrangements: Annotated[
        str | None,
        Ask(
            "How will the share be run as a project: who leads, who reports to whom?",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    methodology: Annotated[
        str | None,
        Ask(
            "Which project method will you use?",
            help="E.g. your organisation's own, agile sprints, PRINCE2.",
            required=False,
        ),
    ] = None
    milestones: Annotated[
        list[Milestone],
        Ask("What are the milestones?", item="milestone", label="name"),
    ] = Field(default_factory=list)
    monitoring: Annotated[
        str | None,
        Ask(
            "How will the share be monitored once it is running?",
            help="Who checks what, how often: use of the data, access, quality, results.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    contingency: Annotated[
        str | None,
        Ask(
            "What are the main risks, and the contingency plan for each?",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    benefits_realisation: Annotated[
        str | None,
        Ask(
            "How will you make sure the benefits are realised, and who is responsible?",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    evaluation: Annotated[
        str | None,
        Ask(
            "How and when will the share be evaluated?",
            help="What you will compare against the expected outcomes, and when.",
            kind=Kind.LONG_TEXT,
            required=False,
        ),
    ] = None


# Costs and benefits ------------------------------------------------------------------------


def _benefit(ctx: AskContext) -> bool:
    return ctx.answers.get("kind") == CostOrBenefit.BENEFIT.value


def _priced(ctx: AskContext) -> bool:
    return not (_benefit(ctx) and ctx.answers.get("monetised") is False)


def _recurring(ctx: AskContext) -> bool:
    return _priced(ctx) and ctx.answers.get("recurrence") == Recurrence.RECURRING.value


class CostBenefit(Record):
    """One cost or benefit. Costs always have a price; a benefit may be listed without one,
    and is then not asked for an amount or years (it is weighed beside the figures).

    Answers to questions that no longer apply (a last year on a one-off item, an amount on a
    benefit said to have no price, "monetised" on a cost) are dropped when the record is
    read, just as the wizard stops asking them.
    """

    what: Annotated[
        str,
        Ask("What is it?", help="E.g. 'Analyst time to prepare the data', 'Rates collected'."),
    ]
    kind: Annotated[CostOrBenefit | None, Ask("Is '{record}' a cost or a benefit?")] = None
    monetised: Annotated[
        bool | None,
        Ask(
            "Can you put a value in pounds on '{record}'?",
            help="Benefits without a price still count: they are listed beside the figures. "
            "Source: HM Treasury Green Book.",
            when=_benefit,
        ),
    ] = None
    recurrence: Annotated[
        Recurrence | None,
        Ask("Is '{record}' one-off or recurring every year?", when=_priced),
    ] = None
    amount: Annotated[
        Pounds,
        Ask(
            "How much is '{record}', in pounds?",
            help="For a recurring item, the amount each year. Use today's prices: the "
            "discount rate is applied to real values, without inflation. "
            "Source: HM Treasury Green Book.",
            when=_priced,
        ),
    ] = None
    first_year: Annotated[
        Year,
        Ask(
            "In which year does '{record}' fall, or start?",
            help="Year 0 is the first year of the share, year 1 the next, and so on.",
            default=0,
            when=_priced,
        ),
    ] = None
    last_year: Annotated[
        Year,
        Ask(
            "In which year does '{record}' last occur?",
            help="Leave it empty if it runs to the end of the appraisal period.",
            when=_recurring,
            required=False,
        ),
    ] = None
    who: Annotated[
        list[str],
        Ask(
            "Which organisations bear or gain '{record}'?",
            help="One per line: yours, a partner, or another organisation.",
            pick="organisations",
            required=False,
        ),
    ] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> CostBenefit:
        if self.kind is CostOrBenefit.COST:
            self.monetised = None
        if self.kind is CostOrBenefit.BENEFIT and self.monetised is False:
            self.amount = None
        if self.recurrence is Recurrence.ONE_OFF:
            self.last_year = None
        if (
            self.first_year is not None
            and self.last_year is not None
            and self.last_year < self.first_year
        ):
            raise ValueError(
                f"'{self.what}' ends in year {self.last_year}, before it starts in year "
                f"{self.first_year}: the last year must be the first year or later"
            )
        return self

    @property
    def priced(self) -> bool:
        """True unless it is a benefit said to have no price."""
        return not (self.kind is CostOrBenefit.BENEFIT and self.monetised is False)


def _check_period(years: int) -> int:
    if not 1 <= years <= LAST_YEAR + 1:
        raise ValueError(
            f"the appraisal period should be 1 to {LAST_YEAR + 1} years (years 0 to {LAST_YEAR}"
            ", the span of the discount rates cds applies)"
        )
    return years


def _has_items(ctx: AskContext) -> bool:
    return is_answered(ctx.card.get("costs_and_benefits"))


class BusinessCase(CardModel):
    card_id: ClassVar[str] = "business-case"
    guidance: ClassVar[str] = (
        "A formal business case is usually how senior people clear a share, so find out "
        "early what your organisation expects: its form, who must be consulted and who signs "
        "it off. A rough first draft shows where more work is needed. HM Treasury's five "
        "case model is a sound structure: the strategic case (why), the economic case (the "
        "best option for public value), the commercial case (licences and charges), the "
        "financial case (affordable, and who pays) and the management case (how it will be "
        "delivered). It was made for large spending decisions, so use the parts that fit. "
        "Put figures on costs and benefits where you can: cds adds them up year by year and "
        "discounts them as the Green Book does. Sources: HM Treasury Green Book and its "
        "business case guidance; the Business Model Canvas can help if you provide data as "
        "a product."
    )

    # The organisation's own process.
    process: Annotated[
        str | None,
        Ask(
            "What template or process does your organisation use for business cases?",
            help="Ask finance or the programme office early: the form decides what you must "
            "show, and by when.",
            kind=Kind.LONG_TEXT,
        ),
    ] = None
    consulted: Annotated[
        list[str],
        Ask(
            "Who must be consulted on the business case?",
            help="One person per line, by name or role (e.g. finance, legal, IT).",
            pick="people",
        ),
    ] = Field(default_factory=list)
    signs_off: Annotated[
        list[str],
        Ask(
            "Who signs the business case off?",
            help="One person per line: the person or people whose approval clears the share.",
            pick="people",
        ),
    ] = Field(default_factory=list)
    board_date: Annotated[
        dt.date | None,
        Ask(
            "When does it go to the board or committee that decides?",
            help="Work back from this date to plan the rest of the case.",
            required=False,
        ),
    ] = None

    # The five cases.
    strategic: Annotated[
        StrategicCase,
        Ask(
            "Strategic case: why the share is needed and how it fits your strategy",
            help="The reasons card already holds the user needs, the organisation's aims and "
            "the policy links, and the documents draw on it: here add what it does not say. "
            "Source: HM Treasury business case guidance.",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=StrategicCase)
    economic: Annotated[
        EconomicCase,
        Ask(
            "Economic case: the options, and which gives the best public value",
            help="Compare at least doing nothing, doing the minimum and your preferred "
            "option, counting costs and benefits to society. Source: HM Treasury Green Book.",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=EconomicCase)
    appraisal_period: Annotated[
        int,
        Ask(
            "Over how many years should costs and benefits be counted?",
            help=f"The appraisal period, from year 0 (the first year of the share). "
            f"{DEFAULT_APPRAISAL_PERIOD} years is a common choice; a one-off share may "
            "need fewer.",
            required=False,
        ),
        AfterValidator(_check_period),
    ] = DEFAULT_APPRAISAL_PERIOD
    costs_and_benefits: Annotated[
        list[CostBenefit],
        Ask(
            "What are the costs and benefits, with figures where you can give them?",
            provider="What are the costs and benefits? Include technical changes to provide "
            "the data and any legal work on licences.",
            receiver="What are the costs and benefits? Include technical changes to receive "
            "the data and any cleaning it needs.",
            help="One entry per item: cds works out the yearly figures, the present values "
            "and the net present social value. A payment from one organisation to another "
            "is a cost to one and a benefit to the other.",
            item="cost or benefit",
            label="what",
        ),
    ] = Field(default_factory=list)
    estimation_note: Annotated[
        str | None,
        Ask(
            "How were the figures estimated?",
            help="Where each figure comes from (quotes, day rates, past projects) and how "
            "sure you are. Appraisals tend to be optimistic: say what allowance you made. "
            "Source: HM Treasury Green Book.",
            kind=Kind.LONG_TEXT,
            when=_has_items,
        ),
    ] = None
    commercial: Annotated[
        CommercialCase,
        Ask(
            "Commercial case: licences, charges and contracts",
            provider="Commercial case: the licence and any charge for the data",
            receiver="Commercial case: the sources compared and the terms you will accept",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=CommercialCase)
    financial: Annotated[
        FinancialCase,
        Ask(
            "Financial case: is it affordable, and who pays?",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=FinancialCase)
    management: Annotated[
        ManagementCase,
        Ask(
            "Management case: how the share will be delivered",
            help="Project arrangements, milestones, monitoring, risks, benefits and evaluation.",
            kind=Kind.GROUP,
        ),
    ] = Field(default_factory=ManagementCase)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """People on the team card; organisations in cds.yaml or on the ecosystem card."""
        from citydata_share.known import known_names

        issues: list[LinkIssue] = []
        people = known_names("people", cards, project)
        if len(people):  # checked once the team card names someone
            named = [(f"consulted[{i}]", n) for i, n in enumerate(self.consulted)]
            named += [(f"signs_off[{i}]", n) for i, n in enumerate(self.signs_off)]
            named += [
                (f"management.milestones[{i}].owner", m.owner)
                for i, m in enumerate(self.management.milestones)
                if m.owner
            ]
            for path, name in named:
                if name not in people:
                    issues.append(
                        LinkIssue(
                            path,
                            f"{name!r} is not on the team card",
                            "Add them with `cds discover team`, or write the name or role as "
                            "it is there.",
                        )
                    )
        organisations = known_names("organisations", cards, project)
        orgs = [(f"financial.who_pays[{i}]", n) for i, n in enumerate(self.financial.who_pays)]
        for i, item in enumerate(self.costs_and_benefits):
            orgs += [(f"costs_and_benefits[{i}].who[{j}]", n) for j, n in enumerate(item.who)]
        for path, name in orgs:
            if name not in organisations:
                issues.append(
                    LinkIssue(
                        path,
                        f"{name!r} is not one of the project's organisations",
                        "Add it with `cds discover ecosystem` (or as a partner in cds.yaml), "
                        "or use the name it has there.",
                    )
                )
        return issues


# Discounting -------------------------------------------------------------------------------


def discount_factor(year: int) -> float:
    """What £1 in ``year`` is worth today, at the Green Book social time preference rate.

    3.5% a year compounds up to year 30; from year 31 the rate is 3.0%, compounding on the
    factor reached at year 30. Source: HM Treasury Green Book.
    """
    if not 0 <= year <= LAST_YEAR:
        raise ValueError(f"years run from 0 to {LAST_YEAR}, not {year}")
    if year <= STPR_SWITCH_YEAR:
        return float(1 / (1 + STPR_EARLY) ** year)
    early = (1 + STPR_EARLY) ** STPR_SWITCH_YEAR
    return float(1 / (early * (1 + STPR_LATER) ** (year - STPR_SWITCH_YEAR)))


def present_value(amount: float, year: int) -> float:
    return amount * discount_factor(year)


def benefit_cost_ratio(pv_benefits: float, pv_costs: float) -> float | None:
    """PV benefits / PV costs; None when there are no costs to divide by."""
    if pv_costs == 0:
        return None
    return pv_benefits / pv_costs


def bcr_in_words(ratio: float | None) -> str:
    if ratio is None:
        return "not defined: no costs are recorded"
    return f"{ratio:.2f}: every £1 of cost brings £{ratio:.2f} of benefit (present values)"


def discount_rate_text(appraisal_period: int) -> str:
    """The rates that apply over an appraisal period, in words."""
    if appraisal_period - 1 <= STPR_SWITCH_YEAR:
        return f"{STPR_EARLY:.1%} a year"
    return f"{STPR_EARLY:.1%} a year to year {STPR_SWITCH_YEAR}, then {STPR_LATER:.1%} a year after"


def pounds(amount: float) -> str:
    """Money for display, to the nearest pound: "£12,345", "-£800"."""
    rounded = round(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,}"


# The appraisal -----------------------------------------------------------------------------


def item_years(item: CostBenefit, appraisal_period: int) -> list[int]:
    """Every year an item falls in, the appraisal period aside; [] without a first year.

    A one-off item falls in its first year; a recurring one in each year from its first to
    its last, or to the end of the appraisal period when no last year is given.
    """
    first = item.first_year
    if first is None:
        return []
    if item.recurrence is not Recurrence.RECURRING:
        return [first]
    last = item.last_year if item.last_year is not None else max(first, appraisal_period - 1)
    return list(range(first, last + 1))


@dataclass(frozen=True)
class YearFlow:
    """One year of the cash flows, undiscounted and as present values."""

    year: int
    discount_factor: float
    costs: float
    benefits: float

    @property
    def pv_costs(self) -> float:
        return self.costs * self.discount_factor

    @property
    def pv_benefits(self) -> float:
        return self.benefits * self.discount_factor

    @property
    def net(self) -> float:
        return self.benefits - self.costs


@dataclass(frozen=True)
class ItemFigures:
    """A priced item's years inside the appraisal period and what they add up to."""

    index: int  # position in costs_and_benefits
    item: CostBenefit
    years: tuple[int, ...]
    undiscounted: float
    present_value: float

    @property
    def is_cost(self) -> bool:
        return self.item.kind is CostOrBenefit.COST


@dataclass(frozen=True)
class AppraisalWarning:
    field: str  # e.g. "costs_and_benefits[2].last_year"
    message: str
    hint: str


@dataclass(frozen=True)
class Appraisal:
    period: int  # years 0 .. period - 1
    flows: list[YearFlow]
    items: list[ItemFigures]  # priced items, as counted
    unpriced_benefits: list[CostBenefit]
    warnings: list[AppraisalWarning]

    @property
    def costs(self) -> float:
        return sum(f.costs for f in self.flows)

    @property
    def benefits(self) -> float:
        return sum(f.benefits for f in self.flows)

    @property
    def pv_costs(self) -> float:
        return sum(f.pv_costs for f in self.flows)

    @property
    def pv_benefits(self) -> float:
        return sum(f.pv_benefits for f in self.flows)

    @property
    def npsv(self) -> float:
        """Net present social value: PV benefits minus PV costs."""
        return self.pv_benefits - self.pv_costs

    @property
    def bcr(self) -> float | None:
        return benefit_cost_ratio(self.pv_benefits, self.pv_costs)


def _years_text(years: list[int]) -> str:
    return f"year {years[0]}" if len(years) == 1 else f"years {years[0]}-{years[-1]}"


def appraise(model: BusinessCase) -> Appraisal:
    """The yearly cash flows and their totals, with what could not be counted and why."""
    period = model.appraisal_period
    costs = [0.0] * period
    benefits = [0.0] * period
    figures: list[ItemFigures] = []
    unpriced: list[CostBenefit] = []
    warnings: list[AppraisalWarning] = []
    span = _years_text(list(range(period)))
    for i, item in enumerate(model.costs_and_benefits):
        path = f"costs_and_benefits[{i}]"
        if not item.priced:
            unpriced.append(item)
            continue
        if item.kind is None:
            warnings.append(
                AppraisalWarning(
                    f"{path}.kind",
                    f"'{item.what}' is not counted: it is not said to be a cost or a benefit.",
                    "Say which it is.",
                )
            )
            continue
        if item.amount is None:
            warnings.append(
                AppraisalWarning(
                    f"{path}.amount",
                    f"'{item.what}' is not counted: it has no amount yet.",
                    "Give an amount in pounds, or, for a benefit, say it has no price.",
                )
            )
            continue
        years = item_years(item, period)
        if not years:
            warnings.append(
                AppraisalWarning(
                    f"{path}.first_year",
                    f"'{item.what}' is not counted: it has no first year yet.",
                    "Say in which year it falls (0 is the first year of the share).",
                )
            )
            continue
        inside = [y for y in years if y < period]
        outside = [y for y in years if y >= period]
        if outside:
            left_out = "entirely" if not inside else f"for {_years_text(outside)}"
            warnings.append(
                AppraisalWarning(
                    f"{path}.last_year" if inside else f"{path}.first_year",
                    f"'{item.what}' runs past the appraisal period ({span}) and is left out "
                    f"of the figures {left_out}.",
                    "Lengthen the appraisal period, or end the item sooner.",
                )
            )
        column = costs if item.kind is CostOrBenefit.COST else benefits
        for year in inside:
            column[year] += item.amount
        figures.append(
            ItemFigures(
                i,
                item,
                tuple(inside),
                item.amount * len(inside),
                sum(present_value(item.amount, y) for y in inside),
            )
        )
    flows = [
        YearFlow(year, discount_factor(year), costs[year], benefits[year]) for year in range(period)
    ]
    return Appraisal(period, flows, figures, unpriced, warnings)


def cash_flows(model: BusinessCase) -> list[YearFlow]:
    """Costs and benefits in each year of the appraisal period."""
    return appraise(model).flows


def unpriced_benefits(model: BusinessCase) -> list[CostBenefit]:
    """Benefits listed without a price, kept beside the figures."""
    return [item for item in model.costs_and_benefits if not item.priced]


# The five cases and the advice -------------------------------------------------------------

FIVE_CASES: tuple[tuple[str, str], ...] = (
    ("strategic", "Strategic case"),
    ("economic", "Economic case"),
    ("commercial", "Commercial case"),
    ("financial", "Financial case"),
    ("management", "Management case"),
)


def _answered_count(model: type[BaseModel], answers: Mapping[str, Any], role: str) -> int:
    ctx = AskContext(role=role, answers=answers, card=answers)
    return sum(
        1 for q in questions_of(model) if q.applies(ctx) and is_answered(answers.get(q.name))
    )


@dataclass(frozen=True)
class CaseStatus:
    field: str
    label: str
    answered: int  # questions of the case that have an answer


def case_statuses(model: BusinessCase, role: str) -> list[CaseStatus]:
    """How many questions of each of the five cases have an answer, for this role.

    The economic case counts the costs and benefits too: they are its figures.
    """
    found = []
    for name, label in FIVE_CASES:
        group: BaseModel = getattr(model, name)
        count = _answered_count(type(group), group.model_dump(mode="json"), role)
        if name == "economic" and model.costs_and_benefits:
            count += 1
        found.append(CaseStatus(name, label, count))
    return found


def empty_cases(model: BusinessCase, role: str) -> list[CaseStatus]:
    """The cases with no answers at all yet."""
    return [s for s in case_statuses(model, role) if s.answered == 0]


@dataclass(frozen=True)
class Advice:
    field: str
    message: str


def advice(model: BusinessCase, appraisal: Appraisal | None = None) -> list[Advice]:
    """What the Green Book would ask about next, from the answers so far."""
    appraisal = appraisal or appraise(model)
    found: list[Advice] = []
    options = model.economic.options
    if options and len(options) < 3:
        found.append(
            Advice(
                "economic.options",
                "Compare at least three options: doing nothing, doing the minimum and your "
                "preferred option.",
            )
        )
    preferred = [o.name for o in options if o.preferred]
    if options and not preferred:
        found.append(Advice("economic.options", "Mark the option you recommend as preferred."))
    elif len(preferred) > 1:
        found.append(
            Advice(
                "economic.options",
                "More than one option is marked preferred (" + ", ".join(preferred) + "): "
                "the economic case should recommend one.",
            )
        )
    if model.costs_and_benefits and not appraisal.items:
        found.append(
            Advice("costs_and_benefits", "No cost or benefit has a figure yet, so nothing adds up.")
        )
    if (
        model.financial.funding is Funding.SELF_FUNDING
        and appraisal.items
        and appraisal.pv_benefits < appraisal.pv_costs
    ):
        found.append(
            Advice(
                "financial.funding",
                "You say the share pays for itself, but the priced benefits "
                f"({pounds(appraisal.pv_benefits)}) are less than the costs "
                f"({pounds(appraisal.pv_costs)}), as present values.",
            )
        )
    return found


@dataclass(frozen=True)
class StrategicInputs:
    """What the reasons card already gives the strategic case."""

    user_needs: list[str]
    aims: list[str]
    policy_links: list[str]


def strategic_inputs(cards: Mapping[str, CardModel]) -> StrategicInputs | None:
    from citydata_share.cards.reasons import Reasons

    reasons = cards.get("reasons")
    if not isinstance(reasons, Reasons):
        return None
    return StrategicInputs(
        list(reasons.user_needs), list(reasons.organisational_aims), list(reasons.policy_links)
    )
