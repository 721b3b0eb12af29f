"""A rep's period under several assignments: one part per assignment, prorated by days.

Each credit belongs to the assignment in force on its date (a clawback after the rep
left, inside the window, to their last one: ``commissions.leavers``). A period wholly after
the rep left counts only those clawbacks, rated on the last plan's rules from zero, in a
part of 0 days (factor 0). Each part is
computed as its own period (``compute_period``) with its quota and period-level figures
prorated (``commissions.proration``), and the parts are joined into one
:class:`PeriodResult` whose lines are theirs, in date order of the parts. A rep on one
assignment for the whole period gets exactly ``compute_period``'s result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commissions.credits import Credit
from commissions.currency import ExchangeRate
from commissions.fiscal_calendar import FiscalCalendar, FiscalPeriod
from commissions.leavers import Departure, gap_owner, late_owner
from commissions.lines import PayoutLine, component_totals
from commissions.money import ZERO
from commissions.period import PeriodResult, SkippedCredit, compute_period
from commissions.plans import Assignment, PlanVersion
from commissions.proration import Proration, prorate_assignment, prorate_version, proration_of
from commissions.reasons import ReasonCode, refusal
from commissions.returns import stand_on_sale_parts
from commissions.state import PeriodState, SpifCounter


@dataclass(frozen=True, slots=True)
class AssignmentPart:
    """One assignment's part of a period, as the statement shows it."""

    assignment_id: str
    plan_id: str
    first: date
    last: date
    """The days of the period the assignment covers (inclusive)."""
    days: int
    period_days: int
    factor: Decimal
    """``days / period_days`` to six places: what the quota and amounts were scaled by."""
    full_quota: Decimal
    quota: Decimal
    """``full_quota`` prorated: the quota this part is measured against."""
    attainment: Decimal | None
    total: Decimal
    """The part's commission: the sum of its lines."""
    tier: str | None
    leaving: bool = False
    """True when the rep left on ``last`` (no assignment follows): a final statement."""


@dataclass(frozen=True, slots=True)
class SplitPeriod:
    """The joined result and its parts (one part with factor 1 for a whole period)."""

    result: PeriodResult
    parts: tuple[AssignmentPart, ...]


def compute_split_period(
    plan_versions: Iterable[PlanVersion],
    assignments: Iterable[Assignment],
    credits: Iterable[Credit],
    calendar: FiscalCalendar,
    period: FiscalPeriod,
    carried_spifs: Iterable[SpifCounter] = (),
    rates: Iterable[ExchangeRate] = (),
    departure: Departure | None = None,
) -> SplitPeriod:
    """The period of one rep under ``assignments`` (theirs, non-overlapping).

    ``departure``: set when the rep has left (their last assignment ended, none follows);
    a clawback after the last day counts only inside its window."""
    versions, assignments = tuple(plan_versions), tuple(assignments)
    carried, rates = tuple(carried_spifs), tuple(rates)
    spans = sorted(
        ((a, p) for a in assignments if (p := proration_of(a, period)) is not None),
        key=lambda pair: pair[1].first,
    )
    if not spans and departure is not None and assignments:
        return _trailing(versions, assignments, tuple(credits), calendar, period, rates, departure)
    if not spans:
        rep = assignments[0] if assignments else None
        problem = refusal(
            ReasonCode.ASSIGNMENT_NOT_ACTIVE, "The rep is not on a plan in the period.", "period"
        )
        return SplitPeriod(PeriodResult(rep.rep_id if rep else "", period, "", (problem,)), ())
    credits = tuple(credits)
    if len(spans) == 1 and spans[0][1].whole and departure is None:
        assignment, proration = spans[0]
        result = compute_period(versions, assignment, credits, calendar, period, carried, rates)
        return SplitPeriod(result, (_part(assignment, assignment, proration, result),))
    owned, unowned = _attribute(credits, [a for a, _ in spans], departure)
    results: list[tuple[Assignment, Proration, PeriodResult, Assignment]] = []
    sold = {c.credit_id: i for i, own in owned.items() for c in own if not c.is_clawback}
    sales: list[tuple[PeriodState | None, tuple[PlanVersion, ...]]] = []
    back: dict[int, list[Credit]] = {}
    for index, (assignment, proration) in enumerate(spans):
        plan = tuple(prorate_version(v, proration) for v in versions)
        own = owned.get(index, [])
        if index:  # (a return of an earlier part's sale, stored unstood: stood now)
            own = stand_on_sale_parts(own, index, sold, sales, back, calendar, rates)
        currency = next((v.currency for v in plan if v.plan_id == assignment.plan_id), None)
        prorated = prorate_assignment(assignment, proration, currency)
        carry = carried if index == 0 else (results[-1][2].spif_carry if results else ())
        result = compute_period(plan, prorated, own, calendar, period, carry, rates)
        results.append((assignment, proration, result, prorated))
        sales.append((result.state, plan))
    parts = tuple(
        _part(a, p, pr, r, leaving=departure is not None and departure.last_day == pr.last)
        for a, pr, r, p in results
    )
    joined = _join(period, [(r, p, pr) for _, pr, r, p in results], unowned)
    return SplitPeriod(joined, parts)


def _trailing(
    versions: tuple[PlanVersion, ...],
    assignments: tuple[Assignment, ...],
    credits: tuple[Credit, ...],
    calendar: FiscalCalendar,
    period: FiscalPeriod,
    rates: tuple[ExchangeRate, ...],
    departure: Departure,
) -> SplitPeriod:
    """A period after the rep left: only their clawbacks count, rated on the last plan's
    rules from zero (no sale of the period to stand on), in a part of 0 days. The window is
    not judged again here: a clawback in a later period may have landed there from a closed
    one, after its real reversal day, and the ledger holds only those written inside it."""
    last = max(assignments, key=lambda a: a.start)
    late = tuple(
        c
        for c in credits
        if c.is_clawback
        and period.contains(c.credit_date)
        and late_owner(assignments, c.credit_date) == last
    )
    spanned = dataclasses.replace(last, start=period.start, end=period.end)
    result = compute_period(versions, spanned, late, calendar, period, (), rates)
    dropped = {c.credit_id for c in late}
    result = dataclasses.replace(
        result,
        attainment=None,
        tier_reached=None,
        skipped=result.skipped
        + tuple(
            SkippedCredit(c.credit_id, ReasonCode.CREDIT_OUTSIDE_ASSIGNMENT)
            for c in credits
            if c.credit_id not in dropped
        ),
    )
    part = AssignmentPart(
        assignment_id=last.assignment_id,
        plan_id=last.plan_id,
        first=period.start,
        last=period.end,
        days=0,
        period_days=(period.end - period.start).days + 1,
        factor=ZERO,
        full_quota=last.quota,
        quota=ZERO,
        attainment=None,
        total=result.total,
        tier=None,
    )
    return SplitPeriod(result, (part,))


def _attribute(
    credits: tuple[Credit, ...], assignments: list[Assignment], departure: Departure | None
) -> tuple[dict[int, list[Credit]], list[Credit]]:
    """Each credit to the part whose assignment is in force on its date; a clawback after the
    rep left, inside the window, to the last part (dated on its last day, so it is admitted).

    A clawback dated between two assignments of a rep who has not left (stored before such
    returns landed on the next assignment's first day, ``commissions.leavers.gap_owner``)
    goes to the next part of the period, dated on its first day, or, when none follows in
    the period, to the part before it, dated on its last day: never dropped."""
    owned: dict[int, list[Credit]] = {}
    unowned: list[Credit] = []
    for credit in credits:
        day = credit.credit_date
        index = next((i for i, a in enumerate(assignments) if a.active_on(day)), None)
        if index is None and credit.is_clawback and departure is not None:
            late = late_owner(assignments, day)
            if late is not None and departure.claws_back(day):
                index = assignments.index(late)
                credit = dataclasses.replace(credit, credit_date=departure.last_day)
        if (
            index is None
            and credit.is_clawback
            and (departure is None or day <= departure.last_day)
        ):
            index, landing = _gap_part(assignments, day)
            if index is not None:
                credit = dataclasses.replace(credit, credit_date=landing)
        if index is None:
            unowned.append(credit)
        else:
            owned.setdefault(index, []).append(credit)
    return owned, unowned


def _gap_part(assignments: list[Assignment], day: date) -> tuple[int | None, date]:
    """The part a clawback dated ``day``, in a gap between two assignments, lands on and the
    day it is dated: the next assignment's first, else the previous one's last."""
    after = gap_owner(assignments, day)
    if after is not None:
        return assignments.index(after), after.start
    before = [(i, a.end) for i, a in enumerate(assignments) if a.end is not None and a.end < day]
    if not before:
        return None, day
    return max(before, key=lambda pair: pair[1])


def _part(
    assignment: Assignment,
    prorated: Assignment,
    proration: Proration,
    result: PeriodResult,
    leaving: bool = False,
) -> AssignmentPart:
    return AssignmentPart(
        assignment_id=assignment.assignment_id,
        plan_id=assignment.plan_id,
        first=proration.first,
        last=proration.last,
        days=proration.days,
        period_days=proration.period_days,
        factor=proration.factor,
        full_quota=assignment.quota,
        quota=prorated.quota,
        attainment=result.attainment,
        total=result.total,
        tier=result.tier_reached.name if result.tier_reached else None,
        leaving=leaving,
    )


def _join(
    period: FiscalPeriod,
    parts: list[tuple[PeriodResult, Assignment, Proration]],
    unowned: list[Credit],
) -> PeriodResult:
    """One result from the parts': lines, awards and totals added, attainment over the
    prorated quotas together; the last part's state carries SPIF progress on."""
    results = [result for result, _, _ in parts]
    rep_id = parts[0][1].rep_id
    last = results[-1]
    refused = [r for result in results for r in result.refusals]
    if not refused and len({r.currency for r in results}) > 1:
        refused.append(
            refusal(
                ReasonCode.CURRENCY_MISMATCH,
                "The rep's plans in this period pay in different currencies.",
                "assignments",
            )
        )
    if refused:
        return PeriodResult(rep_id, period, last.currency, tuple(refused))
    several = len(parts) > 1
    lines: list[PayoutLine] = []
    for result, _, proration in parts:
        for line in result.lines:
            if several and line.credit_id is None:  # whose period-level line it is
                line = dataclasses.replace(line, label=f"{line.label} ({_span(proration)})")
            lines.append(line)
    quota = sum((a.quota for _, a, _ in parts), ZERO)
    quota_revenue = sum((r.state.quota_revenue for r in results if r.state), ZERO)
    otes = [a.on_target_earnings for _, a, _ in parts]
    target = sum((o for o in otes if o is not None), ZERO)
    total = sum((r.total for r in results), ZERO)
    skipped = [s for r in results for s in r.skipped] + [
        SkippedCredit(c.credit_id, ReasonCode.CREDIT_OUTSIDE_ASSIGNMENT) for c in unowned
    ]
    return PeriodResult(
        rep_id=rep_id,
        period=period,
        currency=last.currency,
        refusals=(),
        lines=tuple(lines),
        component_totals=component_totals(lines),
        awards=tuple(a for r in results for a in r.awards),
        total=total,
        non_cash_value=sum((r.non_cash_value for r in results), ZERO),
        attainment=quota_revenue / quota if quota > ZERO else None,
        tier_reached=last.tier_reached,
        payout_to_target=total / target if None not in otes and target > ZERO else None,
        state=last.state,
        skipped=tuple(skipped),
        reversed_in_period=tuple(x for r in results for x in r.reversed_in_period),
    )


def _span(proration: Proration) -> str:
    return f"{proration.first.isoformat()} to {proration.last.isoformat()}"


__all__ = ["AssignmentPart", "SplitPeriod", "compute_split_period"]
