"""A clawback's carried sale rules in the currency of the plan it lands under.

A return landing in a later period is rated with the rules its sale was rated with
(``commissions.returns.stand_clawback``). Rates are fractions and mean the same in any
currency, but fixed amounts (per unit, per deal, their tiers) and tier tables in amounts are
in the currency of the *sale's* plan. When the rep's plan now pays in another currency (a
plan in dollars, then one in euros), those amounts are converted before the clawback is
rated, with the factor that converted its revenue: the clawback's lines were converted from
the deal's currency at the rate valid on the close day (``CreditLine.original_amount``,
``Credit.exchange_rate``), the sale's at the rate the stood clawback recorded
(``UnitsStanding.rate``), so one unit of the sale's currency is worth
``landing rate / sale rate`` of the landing one. The amounts are converted exactly and
rounded once, on the payout line, in the landing currency.

So converting then clawing back returns to zero: a return of everything a sale was paid in
fixed amounts takes back, in the landing currency, exactly what the sale's unrounded amounts
are worth at that factor, rounded once there; converted back to the sale's currency it is
the sale's payment to within half a minor unit of each currency. When both plans pay in the
same currency the factor is 1 and the clawback mirrors the sale exactly, as before.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING

from commissions.components import QuotaTiers, SegmentIncentive, TierBasis, UnitAmount
from commissions.credits import Credit, UnitsStanding
from commissions.money import ONE

if TYPE_CHECKING:
    from commissions.credits import SaleRule


def landing_factor(credit: Credit, stood: UnitsStanding) -> Decimal:
    """What one unit of the sale's currency (``stood.currency``) is worth in ``credit``'s,
    through the deal's currency at the close day's rates: 1 when they are the same, or when
    the clawback was stood before the sale's currency was recorded."""
    if stood.currency is None or stood.currency == credit.currency:
        return ONE
    landing = credit.exchange_rate if credit.original_currency is not None else None
    return (landing or ONE) / (stood.rate or ONE)


def sale_rules_in(rules: tuple[SaleRule, ...], factor: Decimal) -> tuple[SaleRule, ...]:
    """``rules`` with every amount (not rate, not units) multiplied by ``factor``, unrounded."""
    if factor == ONE:
        return rules
    return tuple(_converted(rule, factor) for rule in rules)


def _converted(rule: SaleRule, factor: Decimal) -> SaleRule:
    if isinstance(rule, UnitAmount):
        return dataclasses.replace(
            rule,
            amount_per_unit=rule.amount_per_unit * factor,
            amount_per_deal=rule.amount_per_deal * factor,
            tiers=tuple(
                dataclasses.replace(t, amount_per_unit=t.amount_per_unit * factor)
                for t in rule.tiers
            ),
        )
    if isinstance(rule, SegmentIncentive):
        return dataclasses.replace(rule, amount_per_deal=rule.amount_per_deal * factor)
    if isinstance(rule, QuotaTiers) and rule.basis is TierBasis.AMOUNT:
        return dataclasses.replace(
            rule,
            tiers=tuple(dataclasses.replace(t, floor=t.floor * factor) for t in rule.tiers),
            gate=None if rule.gate is None else rule.gate * factor,
            max_attainment=None if rule.max_attainment is None else rule.max_attainment * factor,
        )
    return rule
