"""Quota-tier arithmetic: which tier an attainment is in, and how revenue splits across tiers.

Marginal tiers cut the revenue axis into bands (``[floor_k * quota,
floor_k+1 * quota)``); a credit's revenue is laid on top of the revenue
already credited and each slice takes its band's multiplier. Because earlier
credits are never re-sliced, a later deal cannot lower an earlier deal's
commission, and payout is continuous in revenue (no jump at a tier edge).
Retroactive tiers instead pick one multiplier for the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commissions.components import ComponentKind, QuotaTiers, Tier
from commissions.money import ZERO


@dataclass(frozen=True, slots=True)
class Band:
    """A revenue range with one multiplier; ``None`` bounds are open-ended.

    The band above an attainment cap has kind ``ATTAINMENT_CAP`` and multiplier 0.
    """

    lower: Decimal | None
    upper: Decimal | None
    multiplier: Decimal
    kind: ComponentKind
    tier: str | None


def tier_at(tiers: QuotaTiers, attainment: Decimal) -> Tier:
    """The highest tier whose floor ``attainment`` has reached (the first tier below 0 %)."""
    reached = tiers.tiers[0]
    for tier in tiers.tiers[1:]:
        if attainment >= tier.floor:
            reached = tier
        else:
            break
    return reached


def counted_attainment(tiers: QuotaTiers, attainment: Decimal) -> Decimal:
    """Attainment as far as tiers are concerned: capped at ``max_attainment``."""
    if tiers.max_attainment is not None and attainment > tiers.max_attainment:
        return tiers.max_attainment
    return attainment


def marginal_bands(tiers: QuotaTiers, quota: Decimal) -> tuple[Band, ...]:
    """The revenue bands of marginal ``tiers`` for ``quota``, the cap band last if any."""
    cap = None if tiers.max_attainment is None else tiers.max_attainment * quota
    bands: list[Band] = []
    for index, tier in enumerate(tiers.tiers):
        lower = None if index == 0 else tier.floor * quota
        upper = tiers.tiers[index + 1].floor * quota if index + 1 < len(tiers.tiers) else None
        if cap is not None:
            if lower is not None and lower >= cap:
                break
            upper = cap if upper is None else min(upper, cap)
        bands.append(Band(lower, upper, tier.multiplier, ComponentKind.QUOTA_TIER, tier.name))
    if cap is not None:
        bands.append(Band(cap, None, ZERO, ComponentKind.ATTAINMENT_CAP, None))
    return tuple(bands)


def slices(start: Decimal, end: Decimal, bands: tuple[Band, ...]) -> list[tuple[Band, Decimal]]:
    """How the move from ``start`` to ``end`` revenue splits across ``bands``.

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
