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


def _minor_units(amount: Decimal, quantum: Decimal) -> int:
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
    units = _minor_units(total, quantum)
    weight_units = [(key, _minor_units(weight, quantum)) for key, weight in weights]
    weight_sum = sum(weight for _, weight in weight_units)
    if weight_sum == 0:
        if units:
            raise ValueError("cannot allocate a non-zero total over zero weights")
        return {key: Decimal(0) * quantum for key, _ in weight_units}
    shares: dict[str, int] = {}
    remainders: list[tuple[int, str]] = []
    for key, weight in weight_units:
        share, remainder = divmod(units * weight, weight_sum)
        shares[key] = share
        remainders.append((remainder, key))
    left = units - sum(shares.values())
    remainders.sort(key=lambda item: (-item[0], item[1]))
    for _, key in remainders[:left]:
        shares[key] += 1
    return {key: share * quantum for key, share in shares.items()}
