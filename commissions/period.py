"""Computing a rep's commission for one period from their credits.

The period is always recomputed from the ledger of credits (never patched):
credits are admitted (right rep, period, assignment, currency), reversals
inside the period cancel the lines they reverse, the rest are rated in date
order and folded into a :class:`PeriodState`, and the state is settled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from commissions.components import AwardKind, Tier
from commissions.context import PeriodContext, build_context
from commissions.credits import Credit, CreditLine
from commissions.currency import ExchangeRate, convert_credit
from commissions.fiscal_calendar import FiscalCalendar, FiscalPeriod
from commissions.lines import ComponentTotal, PayoutLine, SpifAward, component_totals, total_of
from commissions.money import ZERO
from commissions.plans import Assignment, PlanVersion
from commissions.reasons import ReasonCode, Refusable, Refusal
from commissions.settlement import settle
from commissions.state import PeriodState, SpifCounter, fold, opening_state

_SORT_KEY = attrgetter("credit_date", "deal_id", "credit_id")


@dataclass(frozen=True, slots=True)
class SkippedCredit:
    """A credit passed in that this period does not count, and why."""

    credit_id: str
    code: ReasonCode


@dataclass(frozen=True, slots=True)
class ReversedInPeriod:
    """Lines sold and reversed within the same open period: they cancel and count for nothing."""

    credit_id: str
    clawback_id: str
    line_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PeriodResult(Refusable):
    """A rep's period: attainment, tier, explained lines, SPIF awards and the total.

    A period that could not be computed carries only its ``refusals``; every
    figure after them keeps its empty default.
    """

    rep_id: str
    period: FiscalPeriod
    currency: str
    refusals: tuple[Refusal, ...]
    lines: tuple[PayoutLine, ...] = ()
    component_totals: tuple[ComponentTotal, ...] = ()
    awards: tuple[SpifAward, ...] = ()
    """The SPIFs reached this period, cash and non-cash."""
    total: Decimal = ZERO
    """The cash payout: always the sum of ``lines`` (and of ``component_totals``)."""
    non_cash_value: Decimal = ZERO
    """The stated value of the non-cash ``awards``, outside ``total``."""
    attainment: Decimal | None = None
    tier_reached: Tier | None = None
    payout_to_target: Decimal | None = None
    """``total`` over the assignment's on-target earnings; None without them."""
    state: PeriodState | None = None
    """The compact state estimates start from."""
    skipped: tuple[SkippedCredit, ...] = ()
    reversed_in_period: tuple[ReversedInPeriod, ...] = ()

    @property
    def spif_carry(self) -> tuple[SpifCounter, ...]:
        """SPIF progress to carry into the next period of a window (awards marked as paid)."""
        if self.state is None:
            return ()
        awarded = {a.component_id for a in self.awards}
        return tuple(
            SpifCounter(c.component_id, c.progress, c.awarded or c.component_id in awarded)
            for c in self.state.spifs
        )


def compute_period(
    plan_versions: Iterable[PlanVersion],
    assignment: Assignment,
    credits: Iterable[Credit],
    calendar: FiscalCalendar,
    period: FiscalPeriod,
    carried_spifs: Iterable[SpifCounter] = (),
    rates: Iterable[ExchangeRate] = (),
) -> PeriodResult:
    """Compute ``assignment``'s rep's commission for ``period`` from ``credits``.

    ``credits`` may hold other reps' or periods' credits; they are skipped
    and listed. ``carried_spifs`` is the previous period's ``spif_carry``
    when a SPIF window spans periods. A credit in another currency than the plan's
    (one credited while the rep had no plan in that currency) is converted with the
    rate of ``rates`` valid on its ``rated_on``; when none is, the period is refused
    with ``EXCHANGE_RATE_MISSING`` (naming the credit) rather than computed without it.
    """
    context, problems = build_context(plan_versions, assignment, calendar, period)
    if context is None:
        return PeriodResult(assignment.rep_id, period, "", problems)
    admitted, skipped, missing = _admit(credits, context, tuple(rates))
    if missing:
        return PeriodResult(assignment.rep_id, period, context.currency, missing)
    kept, reversed_in_period = _cancel_reversed(admitted)
    kept.sort(key=_SORT_KEY)  # ``sort_key``, read in C: a period sorts 100,000 credits
    state, credit_lines = fold(opening_state(context, carried_spifs), kept, context)
    settlement = settle(state, context)
    lines = credit_lines + settlement.lines
    total = total_of(lines)
    ote = assignment.on_target_earnings
    return PeriodResult(
        rep_id=assignment.rep_id,
        period=period,
        currency=context.currency,
        refusals=(),
        lines=lines,
        component_totals=component_totals(lines),
        awards=settlement.awards,
        total=total,
        non_cash_value=sum(
            (a.value for a in settlement.awards if a.kind is AwardKind.NON_CASH), ZERO
        ),
        attainment=state.attainment,
        tier_reached=settlement.tier,
        payout_to_target=total / ote if ote else None,
        state=state,
        skipped=tuple(skipped),
        reversed_in_period=tuple(reversed_in_period),
    )


def _admit(
    credits: Iterable[Credit], context: PeriodContext, rates: tuple[ExchangeRate, ...]
) -> tuple[list[Credit], list[SkippedCredit], tuple[Refusal, ...]]:
    admitted: list[Credit] = []
    skipped: list[SkippedCredit] = []
    missing: list[Refusal] = []
    rep_id, currency = context.assignment.rep_id, context.currency
    contains, active_on = context.period.contains, context.assignment.active_on
    for credit in credits:
        if credit.rep_id != rep_id:
            code = ReasonCode.CREDIT_FOR_OTHER_REP
        elif not contains(credit.credit_date):
            code = ReasonCode.CREDIT_OUTSIDE_PERIOD
        elif not active_on(credit.credit_date):
            code = ReasonCode.CREDIT_OUTSIDE_ASSIGNMENT
        elif credit.currency != currency:
            converted, refused = convert_credit(credit, currency, rates)
            if converted is not None:
                admitted.append(converted)
            elif refused is not None:
                missing.append(dataclasses.replace(refused, field=("credits", credit.credit_id)))
            continue
        else:
            admitted.append(credit)
            continue
        skipped.append(SkippedCredit(credit.credit_id, code))
    return admitted, skipped, tuple(missing)


def _cancel_reversed(credits: list[Credit]) -> tuple[list[Credit], list[ReversedInPeriod]]:
    """Drop lines whose sale and clawback both fall in this period: the deal never happened.

    Rating them would let the reversal's position in the period (on top of
    later deals) leave a residue in marginal tiers; cancelling makes an open
    period with a sale and its reversal equal to one without either. A clawback of some
    units of a line (``deal_quantity`` set) takes those units off the sale's line instead:
    the period is then the one where only the units kept were sold (their tier included).
    """
    originals = {c.credit_id: c for c in credits if not c.is_clawback}
    cancelled: dict[str, set[str]] = {}
    taken: dict[tuple[str, str], list[CreditLine]] = {}
    reversed_in_period: list[ReversedInPeriod] = []
    for claw in credits:
        original = originals.get(claw.reverses or "")
        if original is None:
            continue
        sold = {line.line_id for line in original.lines}
        line_ids = tuple(line.line_id for line in claw.lines if line.line_id in sold)
        if line_ids:
            for line in claw.lines:
                if line.line_id not in sold:
                    continue
                whole = cancelled.setdefault(original.credit_id, set())
                if line.deal_quantity is None:
                    whole.add(line.line_id)
                else:
                    taken.setdefault((original.credit_id, line.line_id), []).append(line)
            cancelled.setdefault(claw.credit_id, set()).update(line_ids)
            reversed_in_period.append(
                ReversedInPeriod(original.credit_id, claw.credit_id, line_ids)
            )
    if not cancelled:
        return list(credits), reversed_in_period
    kept = []
    for credit in credits:
        gone = cancelled.get(credit.credit_id)
        if gone is None:
            kept.append(credit)
            continue
        lines = tuple(
            _less(line, taken.get((credit.credit_id, line.line_id), ()))
            for line in credit.lines
            if line.line_id not in gone or (credit.credit_id, line.line_id) in taken
        )
        lines = tuple(line for line in lines if line.quantity or line.amount)
        if lines:
            kept.append(dataclasses.replace(credit, lines=lines))
    return kept, reversed_in_period


def _less(line: CreditLine, pieces: Iterable[CreditLine]) -> CreditLine:
    """``line`` without the units the clawback ``pieces`` (negative figures) took back."""
    pieces = tuple(pieces)
    if not pieces:
        return line
    original = line.original_amount
    if original is not None:
        original += sum((p.original_amount or ZERO for p in pieces), ZERO)
    return dataclasses.replace(
        line,
        amount=line.amount + sum((p.amount for p in pieces), ZERO),
        quantity=line.quantity + sum((p.quantity for p in pieces), ZERO),
        original_amount=original,
    )
