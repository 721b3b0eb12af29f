"""What a closed statement pays: earned, less holds, plus releases, after the carried balance
and the draw; and what it carries into the rep's next statement.

Per period, in this order::

    net         = earned - held + released + carried_in     # carried_in <= 0
    carried_out = min(net, 0)                               # a negative balance moves on
    available   = max(net, 0)
    amount_due  = the draw's payout of ``available``        # see commissions.draws

So a clawback larger than the period's earnings leaves ``carried_out < 0``, nothing
is due, and the next statement starts from it. Over any run of periods::

    sum(amount_due) = sum(earned) - still_held - carried_out + outstanding_draw
                      + sum(non_recoverable_draw_paid)

(``carried_out <= 0`` is what the rep still owes back; ``outstanding_draw >= 0`` is
what they were advanced and have not earned yet.)

When the rep's next statement is in another currency (a new plan), what is carried is
converted first (``convert_carry``) with the dated rate of the pair, each amount rounded
once to the new currency's minor units; the rate used stays on the statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commissions.currency import ExchangeRate
from commissions.draws import Draw, DrawConversion, DrawOutcome, apply_draw
from commissions.holds import HoldOutcome
from commissions.money import ZERO, round_money


@dataclass(frozen=True, slots=True)
class PayoutCarry:
    """What one statement hands to the rep's next one."""

    balance: Decimal = ZERO
    """The negative balance carried forward (<= 0)."""
    draw_outstanding: Decimal = ZERO
    """Recoverable draw paid and not recovered yet (>= 0)."""
    held: tuple[tuple[str, Decimal], ...] = ()
    """Commission still held, per quote, until its invoice is paid."""


@dataclass(frozen=True, slots=True)
class CarryConversion:
    """What was carried in another currency, and the rate that converted it."""

    rate: ExchangeRate
    original: PayoutCarry
    """The carry as the previous statement left it, in ``rate.from_currency``."""


def convert_carry(carry: PayoutCarry, rate: ExchangeRate) -> PayoutCarry:
    """``carry`` (in ``rate.from_currency``) in ``rate.to_currency``: every amount times the
    rate, rounded half-up to the new currency's minor units. Signs are kept: a balance
    stays <= 0, the outstanding draw >= 0, held amounts keep their sign."""
    if rate.rate <= ZERO:
        raise ValueError("an exchange rate is above 0")
    currency = rate.to_currency

    def converted(amount: Decimal) -> Decimal:
        return round_money(amount * rate.rate, currency)

    held = tuple((q, converted(a)) for q, a in carry.held)
    return PayoutCarry(
        converted(carry.balance),
        converted(carry.draw_outstanding),
        tuple((q, a) for q, a in held if a != ZERO),
    )


@dataclass(frozen=True, slots=True)
class Payout:
    """One statement's payout figures; ``balance = amount_due + carried_forward``."""

    earned: Decimal
    held: Decimal
    released: Decimal
    carried_in: Decimal
    draw: DrawOutcome
    amount_due: Decimal
    """What FINANCE pays for this statement (>= 0)."""
    carried_forward: Decimal
    """The negative balance the next statement starts with (<= 0)."""
    carry: PayoutCarry
    conversion: CarryConversion | None = None
    """Set when ``carried_in`` was converted from the previous statement's currency."""
    draw_conversions: tuple[DrawConversion, ...] = ()
    """The period's draws in another currency, with the rates that converted them."""

    @property
    def balance(self) -> Decimal:
        """Due less what the rep still owes back: negative when the period ends owing."""
        return self.amount_due + self.carried_forward


def settle_payout(
    earned: Decimal, holds: HoldOutcome, carry_in: PayoutCarry, draw: Draw | None
) -> Payout:
    """The statement's payout from its ``earned`` total (held credits included), the
    period's ``holds``, what the previous statement carried, and the period's draw."""
    if carry_in.balance > ZERO:
        raise ValueError("only a negative balance is carried")
    net = earned - holds.held + holds.released + carry_in.balance
    carried_forward = min(net, ZERO)
    outcome = apply_draw(max(net, ZERO), draw, carry_in.draw_outstanding)
    return Payout(
        earned=earned,
        held=holds.held,
        released=holds.released,
        carried_in=carry_in.balance,
        draw=outcome,
        amount_due=outcome.paid,
        carried_forward=carried_forward,
        carry=PayoutCarry(carried_forward, outcome.outstanding, holds.pool),
    )
