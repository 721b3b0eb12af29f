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
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commissions.draws import Draw, DrawOutcome, apply_draw
from commissions.holds import HoldOutcome
from commissions.money import ZERO


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
