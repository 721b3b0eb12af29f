"""Tier-table arithmetic: which tier a figure is in, and how revenue splits across tiers.

A table's figure is measured in its :class:`TierBasis`: attainment (quota revenue
over quota), quota revenue itself, or units sold. Its *axis* is what credits move
along: revenue for the first two (a tier start ``s`` of an attainment table sits at
``s * quota``), units for the third; :func:`scale_of` gives the factor.

Marginal tiers cut the axis into bands (``[floor_k * scale, floor_k+1 * scale)``);
a credit's lines are laid on top of what the period already holds and each slice
takes its band's multiplier. Because earlier credits are never re-sliced, a later
deal cannot lower an earlier deal's commission, and payout is continuous (no jump
at a tier edge). Per-transaction tiers use the same bands but lay every credit from
0, on its own. Retroactive tiers pick one multiplier for the period (the tier
reached, by the table's :class:`TierBoundary`); interpolated ones the linear
:func:`interpolated_multiplier` at the period's figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from commissions.components import ComponentKind, QuotaTiers, Tier, TierBasis, TierBoundary
from commissions.money import ONE, ZERO


@dataclass(frozen=True, slots=True)
class Band:
    """A range of the axis with one multiplier; ``None`` bounds are open-ended.

    The band above an attainment cap has kind ``ATTAINMENT_CAP`` and multiplier 0.
    """

    lower: Decimal | None
    upper: Decimal | None
    multiplier: Decimal
    kind: ComponentKind
    tier: str | None


def needs_quota(tiers: QuotaTiers | None) -> bool:
    """True when the table is measured against quota (an attainment table)."""
    return tiers is not None and tiers.basis is TierBasis.ATTAINMENT


def scale_of(tiers: QuotaTiers, quota: Decimal) -> Decimal:
    """Axis units per unit of the table's figure: the quota for attainment, else 1."""
    return quota if tiers.basis is TierBasis.ATTAINMENT else ONE


def figure_of(
    tiers: QuotaTiers, quota_revenue: Decimal, quota_units: Decimal, quota: Decimal
) -> Decimal:
    """The period's figure in the table's basis: attainment, quota revenue or units."""
    if tiers.basis is TierBasis.UNITS:
        return quota_units
    if tiers.basis is TierBasis.AMOUNT:
        return quota_revenue
    return quota_revenue / quota


def reaches(tiers: QuotaTiers, figure: Decimal, start: Decimal) -> bool:
    """Whether ``figure`` is in the tier starting at ``start`` (or above): on the edge
    itself, only when the table's boundary is UPPER (the default)."""
    return figure >= start if tiers.boundary is TierBoundary.UPPER else figure > start


def tier_at(tiers: QuotaTiers, figure: Decimal) -> Tier:
    """The highest tier ``figure`` has reached (the first tier below its start)."""
    reached = tiers.tiers[0]
    for tier in tiers.tiers[1:]:
        if reaches(tiers, figure, tier.floor):
            reached = tier
        else:
            break
    return reached


def counted_attainment(tiers: QuotaTiers, figure: Decimal) -> Decimal:
    """The figure as far as tiers are concerned: capped at ``max_attainment``."""
    if tiers.max_attainment is not None and figure > tiers.max_attainment:
        return tiers.max_attainment
    return figure


def interpolated_multiplier(tiers: QuotaTiers, figure: Decimal) -> Decimal:
    """The multiplier at ``figure``, moving linearly from each tier's start to the next's.

    Below the first start (a negative figure after clawbacks) and from the last
    start up it is flat; it is continuous everywhere, so the boundary rule never
    changes it.
    """
    table = tiers.tiers
    if figure <= table[0].floor:
        return table[0].multiplier
    for low, high in pairwise(table):
        if figure < high.floor:
            share = (figure - low.floor) / (high.floor - low.floor)
            return low.multiplier + (high.multiplier - low.multiplier) * share
    return table[-1].multiplier


def marginal_bands(tiers: QuotaTiers, scale: Decimal) -> tuple[Band, ...]:
    """The axis bands of ``tiers`` (``scale``: see :func:`scale_of`), the cap band last if any."""
    cap = None if tiers.max_attainment is None else tiers.max_attainment * scale
    bands: list[Band] = []
    for index, tier in enumerate(tiers.tiers):
        lower = None if index == 0 else tier.floor * scale
        upper = tiers.tiers[index + 1].floor * scale if index + 1 < len(tiers.tiers) else None
        if cap is not None:
            if lower is not None and lower >= cap:
                break
            upper = cap if upper is None else min(upper, cap)
        bands.append(Band(lower, upper, tier.multiplier, ComponentKind.QUOTA_TIER, tier.name))
    if cap is not None:
        bands.append(Band(cap, None, ZERO, ComponentKind.ATTAINMENT_CAP, None))
    return tuple(bands)


def slices(start: Decimal, end: Decimal, bands: tuple[Band, ...]) -> list[tuple[Band, Decimal]]:
    """How the move from ``start`` to ``end`` on the axis splits across ``bands``.

    Slices are signed: a clawback (``end < start``) walks down from where the
    period's revenue stands and gives negative slices.
    """
    low, high = (start, end) if start <= end else (end, start)
    sign = 1 if end >= start else -1
    out: list[tuple[Band, Decimal]] = []
    for band in bands:
        a = low if band.lower is None or band.lower < low else band.lower
        b = high if band.upper is None or band.upper > high else band.upper
        if b > a:
            out.append((band, (b - a) * sign))
    return out
