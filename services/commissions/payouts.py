"""The payout of each statement a close writes: held credits, released ones, the negative
balance carried in, the draw (``commissions.payouts``); read, for the close, in a few queries.

Called from ``closing.close_period`` (the hook is three calls: ``payout_inputs`` once,
``payout_columns`` per statement, ``draw_only_statements`` once). What one statement
carries to the next (the negative balance, the recoverable draw outstanding, the pool of
held commission) is stored on the statement and read back from the rep's latest earlier
statement; when that one is in another currency (the rep changed plans), the carry is
converted with the pair's rate valid on the period's first day, and the rate is stored on
the new statement. Without such a rate the close is refused (``EXCHANGE_RATE_MISSING``),
nothing written: a balance is never dropped.

Every draw touching the period counts, each for its days (``commissions.draws.period_draws``:
a draw of an assignment prorated by the days it covers, a rep's lone draw whole); one in
another currency than the statement's is converted with the pair's rate valid on the
period's first day, the rate stored on the statement (``draw_conversions``); without it the
close is refused (``EXCHANGE_RATE_MISSING``), nothing written: a draw is never dropped.

Whether a plan holds commission until the invoice is paid is a property of each plan
version: the version governing the period decides. A rep with a draw covering the period
but no assignment in it (a new hire before their plan starts) still gets a statement: the
draw, on nothing earned (``draw_only_statements``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.draws import DrawConversion, DrawKind, DrawTerms, PeriodDraws, period_draws
from commissions.holds import DealAmount, apply_holds
from commissions.money import ZERO
from commissions.payouts import (
    CarryConversion,
    Payout,
    PayoutCarry,
    convert_carry,
    settle_payout,
)
from db.codec.commissions import StatementSummary, summary_json
from db.models.commission_payouts import CommissionDraw
from db.models.commissions import CommissionStatement
from db.queries import commission_payouts as queries
from db.queries import commission_statements as statement_queries
from services.commissions.exchange_rates import load_rates
from services.commissions.rep_plans import RepPlan
from services.refusal import Code, Refusal, Refused

NO_DRAWS = PeriodDraws()


class StoredCarry(Protocol):
    """What a statement hands on to the next: a stored statement, or its ``CarriedBalance``."""

    @property
    def currency(self) -> str: ...
    @property
    def carried_forward(self) -> Decimal: ...
    @property
    def draw_outstanding(self) -> Decimal: ...
    @property
    def held_pool(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class CarriedBalance:
    """A stored statement's carry as plain values (a close's worker processes get these)."""

    currency: str
    carried_forward: Decimal
    draw_outstanding: Decimal
    held_pool: Mapping[str, Any]

    @classmethod
    def of(cls, row: StoredCarry) -> CarriedBalance:
        return cls(row.currency, row.carried_forward, row.draw_outstanding, dict(row.held_pool))


@dataclass(frozen=True, slots=True)
class PayoutInputs:
    """What the close's payouts need beyond the statements: draws, paid invoices, carries."""

    draws: Mapping[int, PeriodDraws]
    """Per rep: the period's draws together, in the currency of their statement."""
    paid_quotes: frozenset[str]
    """The quotes (ids as text, as held pools key them) whose invoice is paid by period end."""
    carried: Mapping[int, StoredCarry]
    holding: Mapping[int, bool] = dataclasses.field(default_factory=dict)
    """Per rep: whether the plan version governing the period holds until invoice paid."""
    carry_rates: Mapping[int, engine.ExchangeRate] = dataclasses.field(default_factory=dict)
    """Per rep whose previous statement is in another currency: the rate converting it."""


async def payout_inputs(
    session: AsyncSession,
    period: engine.FiscalPeriod,
    plans: Mapping[int, RepPlan],
    carried: Mapping[int, CommissionStatement],
    quote_ids: Iterable[int],
) -> PayoutInputs:
    """The draws covering ``period`` and the invoices paid by its end, among the quotes
    credited in it and those earlier statements still hold."""
    held = {int(q) for row in carried.values() for q in row.held_pool}
    currencies = {rep: plan.plan_row.currency for rep, plan in plans.items()}
    touching = await queries.draws_covering(session, plans.keys(), period.start, period.end)
    draws = await draws_of_period(session, period, touching, currencies)
    holding = await version_holds(session, period, plans)
    wanted = {*quote_ids, *held} if any(holding.values()) else held  # else only pools to release
    paid = await queries.invoices_paid(session, wanted, period.end)
    rates = await carry_rates(session, period, carried, currencies)
    return PayoutInputs(draws, frozenset(str(q) for q in paid), carried, holding, rates)


async def version_holds(
    session: AsyncSession, period: engine.FiscalPeriod, plans: Mapping[int, RepPlan]
) -> dict[int, bool]:
    """Per rep: the hold option of the plan version governing ``period`` (the plan's own
    option when no version does)."""
    flags = await queries.version_holds(session, {p.plan_row.id for p in plans.values()})
    found = {}
    for rep_id, plan in plans.items():
        version = plan.period_version(period)
        fallback = plan.plan_row.holds_until_invoice_paid
        found[rep_id] = (
            fallback
            if version is None
            else flags.get((plan.plan_row.id, version.version), fallback)
        )
    return found


def draw_terms(row: CommissionDraw) -> DrawTerms:
    """The engine's terms of a stored draw."""
    return DrawTerms(
        str(row.id),
        DrawKind(row.kind.value),
        row.amount,
        row.currency,
        row.start_date,
        row.end_date,
        of_assignment=row.assignment_id is not None,
    )


async def draws_of_period(
    session: AsyncSession,
    period: engine.FiscalPeriod,
    draws: Mapping[int, Sequence[CommissionDraw]],
    currencies: Mapping[int, str],
) -> dict[int, PeriodDraws]:
    """Each rep's draws of ``period`` together in the currency of their statement; refuses
    the close (``EXCHANGE_RATE_MISSING``) when a draw in another currency has no rate valid on
    the period's first day (one query for the rates, only when a draw needs one)."""
    foreign = {
        d.currency for rep, rows in draws.items() for d in rows if d.currency != currencies[rep]
    }
    rates = await load_rates(session, foreign, period.start) if foreign else ()
    found = {
        rep: period_draws([draw_terms(d) for d in rows], period, currencies[rep], rates)
        for rep, rows in draws.items()
    }
    missing = sorted({r.message for drawn in found.values() for r in drawn.refusals})
    if missing:  # one error per missing pair, however many reps need it
        raise Refused(
            *(
                Refusal(
                    Code.EXCHANGE_RATE_MISSING,
                    f"{message[:-1]}: it converts a rep's draw into their statement's currency.",
                    ("input", "id"),
                )
                for message in missing
            )
        )
    return found


def _carries_something(row: CommissionStatement) -> bool:
    return row.carried_forward != ZERO or row.draw_outstanding != ZERO or bool(row.held_pool)


async def carry_rates(
    session: AsyncSession,
    period: engine.FiscalPeriod,
    carried: Mapping[int, CommissionStatement],
    currencies: Mapping[int, str],
) -> dict[int, engine.ExchangeRate]:
    """The rate converting each rep's carry into the currency of their new statement, valid on
    the period's first day; refuses the close (``EXCHANGE_RATE_MISSING``) when one is missing."""
    changed = {
        rep: (row.currency, currencies[rep])
        for rep, row in carried.items()
        if rep in currencies and row.currency != currencies[rep] and _carries_something(row)
    }
    if not changed:
        return {}
    rates = await load_rates(session, {source for source, _ in changed.values()}, period.start)
    found, missing = {}, set()
    for rep, (source, target) in changed.items():
        rate = engine.rate_on(rates, source, target, period.start)
        if rate is None:
            missing.add((source, target))
        else:
            found[rep] = rate
    if missing:  # one error per missing pair, however many reps need it
        raise Refused(
            *(
                Refusal(
                    Code.EXCHANGE_RATE_MISSING,
                    f"No {source} to {target} exchange rate is valid on"
                    f" {period.start.isoformat()}: it converts the balance a rep carries into"
                    " their new plan's currency.",
                    ("input", "id"),
                )
                for source, target in sorted(missing)
            )
        )
    return found


def stored_carry(row: StoredCarry) -> PayoutCarry:
    """What a statement hands on, in its own currency."""
    return PayoutCarry(
        row.carried_forward,
        row.draw_outstanding,
        tuple(sorted((q, Decimal(a)) for q, a in row.held_pool.items())),
    )


def carry_of(
    row: StoredCarry | None,
    currency: str,
    rate: engine.ExchangeRate | None = None,
) -> tuple[PayoutCarry, CarryConversion | None]:
    """What the rep's previous statement hands on, in ``currency``: converted with ``rate``
    from another currency (nothing without a rate)."""
    if row is None:
        return PayoutCarry(), None
    if row.currency == currency:
        return stored_carry(row), None
    if rate is None or rate.from_currency != row.currency or rate.to_currency != currency:
        return PayoutCarry(), None
    original = stored_carry(row)
    return convert_carry(original, rate), CarryConversion(rate, original)


def payout_of(
    rep_id: int,
    statement: engine.Statement,
    holds_by_default: bool,
    inputs: PayoutInputs,
    quote_id_of: Callable[[str], int],
) -> Payout:
    """The statement's payout under the rep's plan (held until invoice paid or not: as the
    period's plan version says, else ``holds_by_default``, the plan's own option);
    ``quote_id_of`` gives the quote of a credit key (asked only when something is held)."""
    carry, conversion = carry_of(
        inputs.carried.get(rep_id), statement.currency, inputs.carry_rates.get(rep_id)
    )
    holding = inputs.holding.get(rep_id, holds_by_default)
    amounts = (
        [
            DealAmount(str(quote_id_of(entry.credit_id)), entry.amount, entry.clawback)
            for entry in (*statement.credits, *statement.clawbacks)
        ]
        if holding or carry.held  # nothing to hold or release: no pass over the credits
        else []
    )
    holds = apply_holds(amounts, inputs.paid_quotes, dict(carry.held), holding)
    draws = inputs.draws.get(rep_id, NO_DRAWS)
    payout = settle_payout(statement.earned_total, holds, carry, draws.draw)
    return dataclasses.replace(payout, conversion=conversion, draw_conversions=draws.conversions)


def payout_columns(payout: Payout) -> dict[str, Any]:
    """The statement row's payout columns; ``previously_paid`` is 0 at close (payments come
    after), and ``balance_due`` is ``amount_due + carried_forward``."""
    return {
        "previously_paid": Decimal(0),
        "balance_due": payout.balance,
        "carried_in": payout.carried_in,
        "held_total": payout.held,
        "released_total": payout.released,
        "draw_paid": payout.draw.shortfall_paid,
        "draw_recovered": payout.draw.recovered,
        "draw_outstanding": payout.carry.draw_outstanding,
        "amount_due": payout.amount_due,
        "carried_forward": payout.carried_forward,
        "held_pool": {q: str(a) for q, a in payout.carry.held},
        **_conversion_columns(payout.conversion),
        "draw_conversions": [_draw_conversion(c) for c in payout.draw_conversions],
    }


def _draw_conversion(conversion: DrawConversion) -> dict[str, str]:
    """One converted draw as the statement keeps it (amounts and rate as text)."""
    return {
        "draw": conversion.draw_id,
        "from": conversion.rate.from_currency,
        "rate": str(conversion.rate.rate),
        "valid_from": conversion.rate.valid_from.isoformat(),
        "original": str(conversion.original),
        "converted": str(conversion.converted),
    }


def _conversion_columns(conversion: CarryConversion | None) -> dict[str, Any]:
    """The rate that converted the carry, and what it was before (all null without one)."""
    if conversion is None:
        return {
            "carry_from_currency": None,
            "carry_rate": None,
            "carry_rate_valid_from": None,
            "carried_in_original": None,
        }
    return {
        "carry_from_currency": conversion.rate.from_currency,
        "carry_rate": conversion.rate.rate,
        "carry_rate_valid_from": conversion.rate.valid_from,
        "carried_in_original": conversion.original.balance,
    }


async def draw_only_statements(
    session: AsyncSession,
    period_id: int,
    period: engine.FiscalPeriod,
    assigned: Iterable[int],
) -> list[dict[str, Any]]:
    """The statement rows of reps whose draw covers ``period`` but who hold no assignment in
    it (left out of the close's plans): nothing earned, the draw paid (recovering or adding to
    what they carry). Their statement is in the currency of their latest draw."""
    touching = await queries.draws_covering_except(session, assigned, period.start, period.end)
    if not touching:
        return []
    carried = await statement_queries.latest_statements_before(
        session, touching.keys(), period.start
    )
    currencies = {rep: rows[-1].currency for rep, rows in touching.items()}
    draws = await draws_of_period(session, period, touching, currencies)
    rates = await carry_rates(session, period, carried, currencies)
    pools = {int(q) for row in carried.values() for q in row.held_pool}
    paid = frozenset(str(q) for q in await queries.invoices_paid(session, pools, period.end))
    rows = []
    for rep_id, drawn in sorted(draws.items()):
        currency = currencies[rep_id]
        carry, conversion = carry_of(carried.get(rep_id), currency, rates.get(rep_id))
        holds = apply_holds([], paid, dict(carry.held), False)
        payout = settle_payout(ZERO, holds, carry, drawn.draw)
        payout = dataclasses.replace(
            payout, conversion=conversion, draw_conversions=drawn.conversions
        )
        rows.append(
            {
                "period_id": period_id,
                "rep_id": rep_id,
                "assignment_id": None,
                "currency": currency,
                "attainment": None,
                "quota": None,
                "tier": None,
                "sales_total": ZERO,
                "clawback_total": ZERO,
                "period_total": ZERO,
                "adjustments_total": ZERO,
                "earned_total": ZERO,
                "non_cash_value": ZERO,
                "summary": summary_json(StatementSummary()),
                **payout_columns(payout),
            }
        )
    return rows
