"""Rating one credit: the per-credit waterfall of a plan.

For each credit line, in this fixed order:

1. **rate** - the product or family rate, else the base rate, on credited revenue;
2. **rate modifiers** (discount/margin) multiply the commission so far;
3. **timing accelerators** multiply it again when the deal closed in their window;
4. **marginal and per-transaction tiers** multiply each slice of the line's revenue (or
   units, for a table in units) by its band's multiplier: marginal slices lie on the
   period's running total, per-transaction ones on the credit's own, from 0 (a clawback
   mirrors its sale's slices, negated); retroactive and interpolated tiers are settled for
   the whole period instead, see ``settlement``;

then, per credit, **segment incentives** add a rate on the credit's quota revenue
and/or a fixed amount per deal, and **unit amounts** a fixed amount per unit of each
line in their scope (the amount per unit chosen by the deal line's quantity) and/or
per deal; neither is multiplied by tiers, modifiers or accelerators. A line that no
rate claims pays nothing but still counts toward quota; an excluded product
(``counts_toward_quota=False``) does neither. Each step's exact contribution is summed per
(component, tier) over the credit's lines and rounded once: that sum is a
:class:`PayoutLine`.

A clawback landing in a later period than its sale, or in its sale's period under another
assignment (a mid-period plan change), carries the rules its sale was rated with
(``commissions.returns.stand_clawback``) and is rated with them, not with the rules it lands
under (``_clawback_day``): it takes back what the sale paid.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from commissions.components import (
    ComponentKind,
    QuotaTiers,
    RateModifier,
    UnitAmount,
    UnitTier,
    UnitTierMode,
)
from commissions.construct import positional_constructor
from commissions.context import PeriodContext, RatingRules, compile_rules
from commissions.credits import Credit, CreditLine, UnitsStanding
from commissions.lines import PayoutLine
from commissions.money import ONE, ZERO, minor_unit, round_money
from commissions.rating_steps import (
    Prepared,
    Step,
    modifier_steps,
    multiplying_step,
    prepare,
    rate_step,
    timing_steps,
)
from commissions.sale_currency import landing_factor, sale_rules_in
from commissions.tiers import marginal_bands

if TYPE_CHECKING:
    from commissions.credits import SaleRule


@dataclass(frozen=True, slots=True)
class RatedCredit:
    """A credit's payout lines and what it adds to the period's running figures."""

    lines: tuple[PayoutLine, ...]
    credited_revenue: Decimal
    quota_revenue: Decimal
    tier_base: Decimal
    quota_units: Decimal


class _Group:
    """One (component, tier) on one credit: what its line says, with the amounts still running."""

    __slots__ = (
        "amount",
        "base",
        "fixed_amount",
        "key",
        "label",
        "line_ids",
        "multiplier",
        "quantity",
        "rate",
    )

    def __init__(
        self,
        key: _Key,
        label: str,
        rate: Decimal | None,
        multiplier: Decimal | None,
        fixed_amount: Decimal | None,
        quantity: Decimal | None,
    ) -> None:
        self.key = key
        self.label = label
        self.rate = rate
        self.multiplier = multiplier
        self.fixed_amount = fixed_amount
        self.base = ZERO
        self.amount = ZERO
        self.quantity = quantity
        self.line_ids: list[str] = []


_Key = tuple[str, ComponentKind, str | None]
_payout_line = positional_constructor(PayoutLine)
_rated = positional_constructor(RatedCredit)


class _Groups:
    """Adds exact contributions per (component, tier) to a credit's table of groups
    (``rate_credit`` keeps the table itself and inlines the adds of its hot loop; the fixed
    amounts add through this), rounded into lines at the end by ``_payout_lines``."""

    __slots__ = ("by_key",)

    def __init__(self, by_key: dict[_Key, _Group]) -> None:
        self.by_key = by_key

    def add(
        self,
        key: _Key,
        line_ids: tuple[str, ...],
        base: Decimal,
        amount: Decimal,
        *,
        label: str,
        rate: Decimal | None = None,
        multiplier: Decimal | None = None,
        fixed_amount: Decimal | None = None,
        quantity: Decimal | None = None,
    ) -> None:
        group = self.by_key.get(key)
        if group is None:
            running = None if quantity is None else ZERO
            group = _Group(key, label, rate, multiplier, fixed_amount, running)
            self.by_key[key] = group
        group.base += base
        group.amount += amount
        if quantity is not None and group.quantity is not None:
            group.quantity += quantity
        group.line_ids.extend(line_ids)


def _payout_lines(
    by_key: dict[_Key, _Group], credit: Credit, currency: str
) -> tuple[PayoutLine, ...]:
    """One line per group of ``by_key``, its amount rounded here and only here (built
    directly: this runs for every credit of a period)."""
    clawback, credit_id, deal_id = credit.is_clawback, credit.credit_id, credit.deal_id
    minor = minor_unit(currency)
    build, half_up = _payout_line, ROUND_HALF_UP
    return tuple(
        [
            build(  # positional: the fields in PayoutLine's order
                group.key[0],
                group.key[1],
                group.label,
                group.amount.quantize(minor, half_up),  # round_money, inlined
                group.base,
                group.rate,
                group.multiplier,
                group.key[2],
                credit_id,
                deal_id,
                tuple(group.line_ids),
                clawback,
                group.fixed_amount,
                group.quantity,
            )
            for group in by_key.values()
        ]
    )


_Day = tuple[RatingRules, list[Step], tuple[tuple[RateModifier, Step], ...] | None, Prepared]
"""What rating a credit of a day takes from its context: the day's rules, its accelerators'
steps, the modifiers' steps (``modifier_steps``) and the context's ``prepare``; remembered
in the context's memo by day (one lookup a credit)."""


def _day(context: PeriodContext, day: date) -> _Day:
    rules = context.rules_for(day)
    prepared = cast("Prepared | None", context.memo.get("prepared"))
    if prepared is None:
        prepared = context.memo["prepared"] = prepare(context)
    return rules, timing_steps(rules, day, context.calendar), modifier_steps(rules), prepared


def rate_credit(
    credit: Credit,
    context: PeriodContext,
    position: Decimal,
    unit_totals: dict[str, Decimal] | None = None,
) -> RatedCredit:
    """Rate ``credit`` with its version's rules; ``position``: where the period stands on the
    tier axis before it (quota revenue, or units for a table in units). ``unit_totals``: the
    period's running units in scope of each cumulative :class:`UnitAmount` (by component id),
    advanced here by the credit's units.

    The per-line steps are taken from what the rules and the context remember (the rate of
    each (product, family), the modifiers' and bands' keys and factors) and summed into
    their groups inline: this runs for every line of a period."""
    day = cast("_Day | None", context.memo.get(credit.rated_on))
    if day is None:  # (days: keys of their own type)
        day = context.memo[credit.rated_on] = _day(context, credit.rated_on)
    if credit.reverses is not None:  # a later return is rated with its sale's rules
        day = _clawback_day(credit, context, day)
    rules, timing, deal_steps, (tiered, bands, ascending, on_units, own) = day
    if deal_steps:  # judged once for the deal: the same for each line
        first = credit.lines[0] if credit.lines else None
        steps = [step for m, step in deal_steps if first is not None and m.applies(credit, first)]
        steps += timing
    elif deal_steps is not None:  # (no modifiers: the day's steps, never changed)
        steps = timing
    rate_steps = rules.memo.get
    table: dict[_Key, _Group] = {}  # (``_Groups``' table, inline: one a credit)
    get = table.get
    credited = quota_revenue = tier_base = units = ZERO
    counted: list[str] = []
    if own:
        position = ZERO
    for line in credit.lines:
        amount = line.amount
        credited += amount
        line_id = line.line_id
        rate: Any = rate_steps((line.product_id, line.family), False)
        if rate is False:
            rate = rate_step(rules, line.product_id, line.family)
        value = ZERO
        counts = True
        if rate is not None:
            key, factor, label, counts = rate
            value = amount * factor
            group = get(key)
            if group is None:
                group = table[key] = _Group(key, label, factor, None, None, None)
            group.base += amount
            group.amount += value
            group.line_ids.append(line_id)
        if deal_steps is None:
            steps = [
                multiplying_step(m.component_id, ComponentKind.RATE_MODIFIER, m.label, m.multiplier)
                for m in rules.modifiers
                if m.applies(credit, line)
            ]
            steps += timing
        for key, label, multiplier, extra in steps:
            delta = value * extra
            group = get(key)
            if group is None:
                group = table[key] = _Group(key, label, None, multiplier, None, None)
            group.base += value
            group.amount += delta
            group.line_ids.append(line_id)
            value += delta
        if not counts:
            continue
        quota_revenue += amount
        units += line.quantity
        counted.append(line_id)
        if not tiered:
            tier_base += value
            continue
        extent = line.quantity if on_units else amount
        start, end = position, position + extent
        if own and extent < ZERO:  # a clawback retraces its sale's own slices, downward
            start, end = position - extent, position
        if value and extent:  # ``tiers.slices``, over the bands that pay
            low, high, negative = (start, end, False) if start <= end else (end, start, True)
            for lower, upper, (key, label, multiplier, extra) in bands:
                if ascending and lower is not None and lower >= high:
                    break  # (bands ascend: none after this one reaches the move either)
                a = low if lower is None or lower < low else lower
                b = high if upper is None or upper > high else upper
                if b > a:
                    part = (b - a) * -1 if negative else b - a
                    sliced = value * part / extent
                    group = get(key)
                    if group is None:
                        group = table[key] = _Group(key, label, None, multiplier, None, None)
                    group.base += sliced
                    group.amount += sliced * extra
                    group.line_ids.append(line_id)
        position += abs(extent) if own else extent

    for incentive in rules.segments:
        if incentive.matches(credit.account):
            amount = incentive.extra_rate * quota_revenue
            if credit.completes_reversal:
                amount += incentive.amount_per_deal * credit.share * credit.sign
            key = (incentive.component_id, ComponentKind.SEGMENT_INCENTIVE, None)
            group = get(key)  # (``_Groups.add``, inlined)
            if group is None:
                group = table[key] = _Group(
                    key, incentive.label, incentive.extra_rate, None, None, None
                )
            group.base += quota_revenue
            group.amount += amount
            group.line_ids += counted

    if rules.units:
        totals = {} if unit_totals is None else unit_totals
        _unit_amounts(credit, rules.units, _Groups(table), context.currency, totals)

    return _rated(  # RatedCredit's fields, in order
        _payout_lines(table, credit, context.currency), credited, quota_revenue, tier_base, units
    )


def _unit_amounts(
    credit: Credit,
    components: tuple[UnitAmount, ...],
    groups: _Groups,
    currency: str,
    totals: dict[str, Decimal],
) -> None:
    """Fixed amounts per unit of the lines in scope, and per deal: one line per tier reached.

    Each deal line's amount (each of its tier slices, under ``MARGINAL``) is rounded on its
    own (then summed), so returning a line claws back exactly what it paid, even when a split
    leaves it a fraction of a cent."""
    for component in components:
        cumulative = component.tier_mode is not UnitTierMode.LINE
        for line in credit.lines:
            if not component.matches(line):
                continue
            if cumulative:
                _cumulative_units(component, credit, line, groups, currency, totals)
                continue
            sold = line.deal_quantity  # a partial return keeps its sale's tier
            per_unit, tier = component.per_unit(
                abs(line.quantity) / credit.share if sold is None else sold
            )
            if not per_unit:
                continue
            name = None if tier is None else tier.name
            groups.add(
                (component.component_id, ComponentKind.UNIT_AMOUNT, name),
                (line.line_id,),
                line.amount,
                round_money(per_unit * line.quantity, currency),
                label=component.label,
                fixed_amount=per_unit,
                quantity=line.quantity,
            )
        if component.amount_per_deal and credit.completes_reversal and component.sells(credit):
            deals = credit.share * credit.sign
            groups.add(
                (component.component_id, ComponentKind.DEAL_AMOUNT, None),
                tuple(line.line_id for line in credit.lines if component.matches(line)),
                ZERO,
                round_money(component.amount_per_deal * deals, currency),
                label=component.label,
                fixed_amount=component.amount_per_deal,
                quantity=deals,
            )


def _cumulative_units(
    component: UnitAmount,
    credit: Credit,
    line: CreditLine,
    groups: _Groups,
    currency: str,
    totals: dict[str, Decimal],
) -> None:
    """A line's units under a cumulative tier mode, advancing the period's running total:
    ``MARGINAL`` pays each slice of the move at its tier's amount; ``RETROACTIVE`` pays
    ``amount_per_unit`` now (settlement re-rates the period's units at the tier reached)."""
    standing = _standing(line, component.component_id)
    pieces: list[tuple[Decimal, UnitTier | None, Decimal]]
    if standing is not None and credit.is_clawback:  # its sale's period, not this one
        pieces = component.taken_back(standing, line.quantity)
        _add_pieces(component, line, groups, currency, pieces)
        return
    start = totals.get(component.component_id, ZERO)
    end = start + line.quantity
    totals[component.component_id] = end
    if component.tier_mode is UnitTierMode.RETROACTIVE:
        pieces = [(component.amount_per_unit, None, line.quantity)]
    else:
        pieces = component.marginal_slices(start, end)
    _add_pieces(component, line, groups, currency, pieces)


def _clawback_day(credit: Credit, context: PeriodContext, day: _Day) -> _Day:
    """What a clawback is rated with: the rules its sale was rated with when it carries them
    (``commissions.returns.stand_clawback``: a return landing in a later period), else
    ``day``, those of its own period. Only clawbacks come here: a sale's rating is as before.

    The sale's per-transaction tier table, when it had one, lays the clawback's lines (from
    0, as the sale's were); a landing period with per-transaction tiers lays none when the
    sale's period had none (it paid no such tier); tiers on the period's attainment are the
    landing period's, by design. Under a plan in another currency than the sale's, the
    sale's amounts are converted first (``commissions.sale_currency``)."""
    stood = _stood(credit)
    carried = tuple(s.table for s in stood if s.table is not None)
    if not carried:
        return day
    factor = landing_factor(credit, stood[0])  # (another plan's currency: its amounts converted)
    key = ("sale rules", carried, factor)
    found = cast("tuple[RatingRules, Prepared] | None", context.memo.get(key))
    if found is None:
        rules_in = sale_rules_in(carried, factor)
        found = context.memo[key] = _sale_rating(rules_in, context, day[3])
    rules, prepared = found
    timing = timing_steps(rules, credit.rated_on, context.calendar)
    return rules, timing, modifier_steps(rules), prepared


def _stood(credit: Credit) -> tuple[UnitsStanding, ...]:
    """What a clawback's stood lines carry of its sale (the same rules, currency and rate on
    each of them; with the rules when recorded), or ()."""
    for line in credit.lines:
        if line.units_standing and any(s.table is not None for s in line.units_standing):
            return line.units_standing
    return ()


def _sale_rating(
    carried: tuple[SaleRule, ...], context: PeriodContext, landing: Prepared
) -> tuple[RatingRules, Prepared]:
    """The rules compiled from ``carried`` and how its lines lie on tiers (``Prepared``)."""
    per_credit = tuple(c for c in carried if not isinstance(c, QuotaTiers))
    rules = compile_rules(dataclasses.replace(context.period_version, components=per_credit))
    tiers = next((c for c in carried if isinstance(c, QuotaTiers)), None)
    if tiers is not None:  # in amounts or units: ``returns.sale_rules`` scaled it
        bands = marginal_bands(tiers, ONE)
        return rules, prepare(dataclasses.replace(context, tiers=tiers, bands=bands, memo={}))
    if context.per_transaction:
        return rules, prepare(dataclasses.replace(context, tiers=None, bands=(), memo={}))
    return rules, landing


def _standing(line: CreditLine, component_id: str) -> Decimal | None:
    """Where the sale's period stood on ``component_id``'s table before ``line`` came back."""
    for found in line.units_standing or ():
        if found.component_id == component_id:
            return found.units
    return None


def _add_pieces(
    component: UnitAmount,
    line: CreditLine,
    groups: _Groups,
    currency: str,
    pieces: list[tuple[Decimal, UnitTier | None, Decimal]],
) -> None:
    for per_unit, tier, units in pieces:
        if not per_unit:
            continue
        groups.add(
            (
                component.component_id,
                ComponentKind.UNIT_AMOUNT,
                None if tier is None else tier.name,
            ),
            (line.line_id,),
            line.amount,
            round_money(per_unit * units, currency),
            label=component.label,
            fixed_amount=per_unit,
            quantity=units,
        )
