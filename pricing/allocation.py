"""Splitting a rounded total across lines so the parts add up to it exactly.

The quote discount is shared pro rata to each line's net before it. Each share
is first floored to the currency's minor unit; the units left over go one each
to the lines with the largest remainders (largest-remainder method). Ties go to
the lowest key, never to a position, so the split does not depend on line order.
The arithmetic is on integers of minor units, so no division ever rounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import chain, compress, count, repeat
from operator import eq, floordiv, gt, mod, mul


def minor_units(amount: Decimal, quantum: Decimal) -> int:
    """``amount`` as a whole number of ``quantum`` (ValueError when it is not one)."""
    units = amount / quantum
    if units != units.to_integral_value():
        raise ValueError(f"{amount} is not a multiple of {quantum}")
    return int(units)


def allocate_largest_remainder(
    total: Decimal, weights: Sequence[tuple[str, Decimal]], quantum: Decimal
) -> dict[str, Decimal]:
    """Share ``total`` pro rata to ``weights`` (key, weight ≥ 0), in multiples of ``quantum``.

    ``total`` and the weights are multiples of ``quantum`` (rounded amounts).
    The shares add up to ``total`` exactly and, when ``total`` ≤ the sum of the
    weights, no share exceeds its weight.
    """
    shares = allocate_units(
        minor_units(total, quantum),
        [key for key, _ in weights],
        [minor_units(weight, quantum) for _, weight in weights],
    )
    return {key: share * quantum for key, share in shares.items()}


def allocate_units(units: int, keys: Sequence[str], weights: Sequence[int]) -> dict[str, int]:
    """``allocate_largest_remainder`` on whole minor units: ``units`` shared pro rata to
    ``weights`` (≥ 0, one per key of ``keys``), each share an integer, adding up to ``units``.

    The units left after flooring go to the largest remainders, ties to the lowest key
    then the first position: every remainder above the ``left``-th largest gets one, and
    the rest go to the lowest keys among those equal to it (so sorting the plain integer
    remainders is enough; the scans run in C, a quote discount over 1,000 lines is
    reallocated on every edit).
    """
    weight_sum = sum(weights)
    if weight_sum == 0:
        if units:
            raise ValueError("cannot allocate a non-zero total over zero weights")
        return dict.fromkeys(keys, 0)
    scaled = list(map(mul, repeat(units), weights))
    shares = list(map(floordiv, scaled, repeat(weight_sum)))
    left = units - sum(shares)
    if left:
        remainders = list(map(mod, scaled, repeat(weight_sum)))
        threshold = sorted(remainders, reverse=True)[left - 1]
        above = list(compress(count(), map(gt, remainders, repeat(threshold))))
        tied = list(compress(count(), map(eq, remainders, repeat(threshold))))
        if len(above) + len(tied) > left:  # only some of the tied get one: the lowest keys
            tied = [index for _, index in sorted((keys[index], index) for index in tied)]
        for index in chain(above, tied[: left - len(above)]):
            shares[index] += 1
    return dict(zip(keys, shares, strict=True))
