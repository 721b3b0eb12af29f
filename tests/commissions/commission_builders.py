"""Small builders for commission-engine tests: sensible defaults, override what the test is about.

Dates sit in calendar-year FY2025 Q1 (Jan 1 - Mar 31) unless a test says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from commissions import (
    Account,
    Assignment,
    Credit,
    Deal,
    DealLine,
    DealStatus,
    ExchangeRate,
    FiscalCalendar,
    PeriodKind,
    PeriodResult,
    PlanVersion,
    ReturnedUnits,
    Reversal,
    ReversalKind,
    SpifCounter,
    Split,
    UnitAmount,
    UnitTier,
    claw_back,
    compute_period,
    credit_deal,
)

D = Decimal
CALENDAR = FiscalCalendar()
Q1 = CALENDAR.period(PeriodKind.QUARTER, 2025, 1)
Q2 = CALENDAR.period(PeriodKind.QUARTER, 2025, 2)
NO_SEGMENT = Account()


def line(
    line_id: str = "L1",
    product: str = "P",
    amount: str | Decimal = "10000",
    *,
    family: str = "F",
    quantity: str | Decimal = "1",
    discount: str | Decimal = "0",
    margin: str | Decimal | None = None,
) -> DealLine:
    return DealLine(
        line_id,
        product,
        family,
        D(amount),
        D(quantity),
        D(discount),
        None if margin is None else D(margin),
    )


def deal(
    *lines: DealLine,
    deal_id: str = "D1",
    owner: str = "alice",
    close: date = date(2025, 2, 10),
    account: Account = NO_SEGMENT,
    currency: str = "USD",
    status: DealStatus = DealStatus.WON,
) -> Deal:
    return Deal(deal_id, owner, status, close, currency, lines or (line(),), account)


def assignment(
    rep: str = "alice",
    quota: str | Decimal = "100000",
    *,
    plan_id: str = "PLAN",
    start: date = date(2024, 1, 1),
    end: date | None = None,
    ote: str | None = None,
    assignment_id: str | None = None,
) -> Assignment:
    """``rep`` on ``plan_id`` from ``start`` (to ``end``); the id is ``A-<rep>`` unless a test
    with two assignments of one rep names each."""
    return Assignment(
        f"A-{rep}" if assignment_id is None else assignment_id,
        rep,
        plan_id,
        start,
        end,
        D(quota),
        None if ote is None else D(ote),
    )


def credits_of(
    sale: Deal, splits: tuple[Split, ...] = (), hierarchy: Mapping[str, str] | None = None
) -> tuple[Credit, ...]:
    result = credit_deal(sale, splits, hierarchy)
    if not result.ok:
        raise AssertionError(f"the test deal should credit: {result.refusals}")
    return result.credits


def units_back(
    ledger: tuple[Credit, ...], deal_id: str, units: int, rid: str, day: date = date(2025, 4, 7)
) -> tuple[Credit, ...]:
    """The clawbacks of ``units`` of ``deal_id``'s line L1 returned on ``day`` (in Q2), as the
    engine makes them (not yet stood on their sale's period)."""
    result = claw_back(
        ledger,
        Reversal(
            rid,
            deal_id,
            day,
            ReversalKind.RETURNED,
            returned_units=(ReturnedUnits("L1", D(units)),),
        ),
    )
    if not result.ok:
        raise AssertionError(f"the test return should claw back: {result.refusals}")
    return result.credits


def period_of(
    versions: PlanVersion | tuple[PlanVersion, ...],
    credits: tuple[Credit, ...],
    *,
    rep: str = "alice",
    quota: str = "100000",
    ote: str | None = None,
    assigned: Assignment | None = None,
    period=Q1,
    calendar: FiscalCalendar = CALENDAR,
    carried_spifs: Iterable[SpifCounter] = (),
    rates: Iterable[ExchangeRate] = (),
) -> PeriodResult:
    """The period's result for ``assigned``, by default ``rep`` on the plan from 2024 with
    ``quota`` (and ``ote``)."""
    versions = versions if isinstance(versions, tuple) else (versions,)
    on_plan = assignment(rep, quota, ote=ote) if assigned is None else assigned
    return compute_period(versions, on_plan, credits, calendar, period, carried_spifs, rates)


def amounts_by_component(result: PeriodResult) -> dict[str, Decimal]:
    """Line amounts summed per component id (the usual thing a hand-computed test checks)."""
    out: dict[str, Decimal] = {}
    for payout_line in result.lines:
        out[payout_line.component_id] = out.get(payout_line.component_id, D(0)) + payout_line.amount
    return out


def widget_units(
    *tiers: tuple[str, int | str, int | str], name: str = "Widgets", **options: Any
) -> UnitAmount:
    """A fixed amount of 5 per unit of the WIDGET family, with these tiers (each a name, the
    units it starts at and its amount per unit); ``options`` as ``UnitAmount`` takes them."""
    return UnitAmount(
        "units",
        name,
        amount_per_unit=D(5),
        families=("WIDGET",),
        tiers=tuple(UnitTier(tier, D(start), D(amount)) for tier, start, amount in tiers),
        **options,
    )
