"""The commission statement: what a rep is owed for a period, line by line.

A statement is derived, never stored-and-edited: the period's explained lines
grouped by credit (sales and clawbacks apart), the period-level lines,
finance's adjustments, and what was already paid, down to the balance due.
A negative balance is money the rep owes back (e.g. after a clawback).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commissions.construct import positional_constructor
from commissions.fiscal_calendar import FiscalPeriod
from commissions.lines import ComponentTotal, PayoutLine, SpifAward, total_of
from commissions.money import ZERO, round_money
from commissions.period import PeriodResult
from commissions.reasons import ReasonCode, Refusal, refusal


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A manual correction by finance (dispute outcome, draw, one-off bonus); signed."""

    adjustment_id: str
    description: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class PriorPayout:
    """Money already paid against this period (an advance, an earlier run)."""

    payout_id: str
    paid_on: date
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class StatementCredit:
    """One credit's lines on the statement, with their sum."""

    credit_id: str
    deal_id: str
    clawback: bool
    amount: Decimal
    lines: tuple[PayoutLine, ...]


_statement_credit = positional_constructor(StatementCredit)


@dataclass(frozen=True, slots=True)
class Statement:
    """Totals add up: ``sales + clawbacks + period_level + adjustments = earned``,
    and ``earned - previously_paid = balance_due``.

    A statement that cannot be issued carries its ``refusals`` and the period's
    attainment; every other figure keeps its empty default.
    """

    rep_id: str
    period: FiscalPeriod
    currency: str
    refusals: tuple[Refusal, ...]
    credits: tuple[StatementCredit, ...] = ()
    """The sales, one entry per credit."""
    clawbacks: tuple[StatementCredit, ...] = ()
    period_lines: tuple[PayoutLine, ...] = ()
    """The lines of no credit: retroactive tiers, gate, caps, cash SPIFs."""
    components: tuple[ComponentTotal, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    awards: tuple[SpifAward, ...] = ()
    attainment: Decimal | None = None
    sales_total: Decimal = ZERO
    clawback_total: Decimal = ZERO
    period_total: Decimal = ZERO
    adjustments_total: Decimal = ZERO
    earned_total: Decimal = ZERO
    previously_paid: Decimal = ZERO
    balance_due: Decimal = ZERO
    """Negative when the rep owes money back (e.g. after a clawback)."""


def build_statement(
    result: PeriodResult,
    adjustments: Iterable[Adjustment] = (),
    prior_payouts: Iterable[PriorPayout] = (),
) -> Statement:
    """The statement for a computed period, or one carrying the reasons it cannot be issued."""
    adjustments = tuple(adjustments)
    prior_payouts = tuple(prior_payouts)
    problems = _check(result, adjustments, prior_payouts)
    if problems:
        return Statement(
            result.rep_id, result.period, result.currency, problems, attainment=result.attainment
        )
    grouped: dict[str, list[PayoutLine]] = {}
    period_lines: list[PayoutLine] = []
    current_id: str | None = None
    current: list[PayoutLine] = []
    for line in result.lines:  # (a credit's lines come together: one lookup per credit)
        credit_id = line.credit_id
        if credit_id is None:
            period_lines.append(line)
            continue
        if credit_id is not current_id:
            current_id = credit_id
            found = grouped.get(credit_id)
            if found is None:
                found = grouped[credit_id] = []
            current = found
        current.append(line)
    entries = []
    for credit_id, lines in grouped.items():  # (one a credit: ``total_of`` inlined)
        total = ZERO
        for line in lines:
            total += line.amount
        first = lines[0]
        entries.append(
            _statement_credit(credit_id, first.deal_id or "", first.clawback, total, tuple(lines))
        )
    sales = tuple(e for e in entries if not e.clawback)
    clawbacks = tuple(e for e in entries if e.clawback)
    adjustments_total = sum((a.amount for a in adjustments), ZERO)
    earned = result.total + adjustments_total
    paid = sum((p.amount for p in prior_payouts), ZERO)
    return Statement(
        rep_id=result.rep_id,
        period=result.period,
        currency=result.currency,
        refusals=(),
        credits=sales,
        clawbacks=clawbacks,
        period_lines=tuple(period_lines),
        components=result.component_totals,
        adjustments=adjustments,
        awards=result.awards,
        attainment=result.attainment,
        sales_total=sum((e.amount for e in sales), ZERO),
        clawback_total=sum((e.amount for e in clawbacks), ZERO),
        period_total=total_of(period_lines),
        adjustments_total=adjustments_total,
        earned_total=earned,
        previously_paid=paid,
        balance_due=earned - paid,
    )


def _check(
    result: PeriodResult,
    adjustments: tuple[Adjustment, ...],
    prior_payouts: tuple[PriorPayout, ...],
) -> tuple[Refusal, ...]:
    if not result.ok:
        return (
            refusal(ReasonCode.PERIOD_NOT_COMPUTED, "The period could not be computed.", "period"),
            *result.refusals,
        )
    problems = []
    money: list[tuple[str, str, str, Decimal]] = [
        ("adjustments", a.adjustment_id, a.currency, a.amount) for a in adjustments
    ] + [("priorPayouts", p.payout_id, p.currency, p.amount) for p in prior_payouts]
    for field, item_id, currency, amount in money:
        if currency != result.currency:
            problems.append(
                refusal(
                    ReasonCode.CURRENCY_MISMATCH,
                    f"The statement is in {result.currency}.",
                    field,
                    item_id,
                    "currency",
                )
            )
        elif round_money(amount, currency) != amount:
            problems.append(
                refusal(
                    ReasonCode.AMOUNT_NOT_IN_MINOR_UNITS,
                    f"{amount} has more decimals than {currency} allows.",
                    field,
                    item_id,
                    "amount",
                )
            )
    return tuple(problems)
