"""The quota-tiers component's input: a tier table in attainment, amounts or units, its mode
(marginal, retroactive, per transaction, interpolated) and its boundary rule; translated to
the engine's :class:`QuotaTiers`.

A tier starts where ``start`` (or, for an attainment table, the older ``floorPercent``) says
and runs to the next tier's start. A table copied from a spreadsheet may also give each
tier's ``end``: it must then be the next tier's start exactly, so a gap or an overlap is an
``INVALID_PLAN`` error naming that tier's ``end``. A table that starts above 0 (a gap), two
tiers starting at one figure (an overlap) or a start below the previous one (a descending
table) is refused by the engine's plan checks, also with ``INVALID_PLAN``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

import strawberry

import commissions as engine
from resolvers.commissions.input_fields import component_id_field, label_field
from schema.types.commissions import (
    CommissionTierBasis,
    CommissionTierBoundary,
    CommissionTierMode,
)
from services.numbers import HUNDRED, MAX_ATTAINMENT_PERCENT, multiplier, percent, positive_amount
from services.refusal import Code, Refusal, Refused, refuse

UNIT = (
    "in the table's unit: percent of quota for ATTAINMENT (0 to 1000), an amount in the plan's "
    "currency for AMOUNT, units sold for UNITS"
)


@strawberry.input(description="One tier: from where it starts upward, a multiplier.")
class QuotaTierInput:
    name: str
    """The tier's name, as statements show it."""
    multiplier: Decimal = strawberry.field(
        description="What commission in the tier is multiplied by, 0 to 10 (above 1 "
        "accelerates, below 1 decelerates, 0 pays nothing)."
    )
    floor_percent: Decimal | None = strawberry.field(
        default=None,
        description="ATTAINMENT tables: attainment in percent where the tier starts, 0 to 1000; "
        "the first is 0. Set this or `start`.",
    )
    start: Decimal | None = strawberry.field(
        default=None,
        description=f"Where the tier starts, {UNIT}; the first is 0. Set this or `floorPercent`.",
    )
    end: Decimal | None = strawberry.field(
        default=None,
        description="Optional: where the tier ends, in the unit of `start`; it must be the next "
        "tier's start (else INVALID_PLAN: a gap or an overlap). Null on the last tier, which is "
        "open-ended (`maxAttainmentPercent` or `cap` caps it).",
    )


@strawberry.input(
    description="A tier table (marginal, retroactive, per transaction or interpolated) in "
    "attainment, amounts or units, with an optional gate and cap."
)
class QuotaTiersInput:
    label: str = label_field()
    mode: CommissionTierMode  # type: ignore[valid-type]
    """How the multipliers reach the revenue (see `CommissionTierMode`)."""
    tiers: list[QuotaTierInput]
    """The tiers, by rising start, the first from 0."""
    basis: CommissionTierBasis = engine.TierBasis.ATTAINMENT  # type: ignore[valid-type]
    """What the starts, gate and cap are measured in: ATTAINMENT (the default; needs a quota),
    AMOUNT or UNITS (a plan without quota)."""
    boundary: CommissionTierBoundary = engine.TierBoundary.UPPER  # type: ignore[valid-type]
    """Which tier a figure exactly on an edge is in: UPPER (the default, the higher tier) or
    LOWER."""
    gate_percent: Decimal | None = None
    """ATTAINMENT tables, in percent, 0 to 1000: below this attainment at period end nothing is
    paid. Null (the default): no gate (or see `gate`)."""
    max_attainment_percent: Decimal | None = None
    """ATTAINMENT tables, in percent, above 0 and at most 1000: revenue beyond this attainment
    earns nothing. Null (the default): no cap (or see `cap`)."""
    gate: Decimal | None = strawberry.field(
        default=None,
        description=f"Below this figure at period end nothing is paid, {UNIT}; set this or "
        "`gatePercent`. Null (the default): no gate.",
    )
    cap: Decimal | None = strawberry.field(
        default=None,
        description=f"Revenue beyond this figure earns nothing, {UNIT}; above 0; set this or "
        "`maxAttainmentPercent`. Null (the default): no cap.",
    )
    component_id: str | None = component_id_field()


def _figure(
    choice: QuotaTiersInput, value: Decimal, field: list[str], what: str, *, positive: bool = False
) -> Decimal:
    """A start, end, gate or cap in the table's unit, as the engine holds it (a fraction of
    quota for attainment)."""
    if choice.basis.value == engine.TierBasis.ATTAINMENT.value:
        high = MAX_ATTAINMENT_PERCENT
        return percent(value, field, what=what, high=high, low_open=positive) / HUNDRED
    return positive_amount(value, field, what=what, allow_zero=not positive)


def _one_of(
    choice: QuotaTiersInput,
    percent_value: Decimal | None,
    value: Decimal | None,
    field: list[str],
    names: tuple[str, str],
    what: str,
    *,
    positive: bool = False,
) -> Decimal | None:
    """The figure given either in percent (attainment tables only) or in the table's unit."""
    in_percent, plain = names
    if percent_value is not None and value is not None:
        raise refuse(Code.INVALID, f"Set `{in_percent}` or `{plain}`, not both.", field[:-1])
    if percent_value is not None:
        if choice.basis.value != engine.TierBasis.ATTAINMENT.value:
            raise refuse(
                Code.INVALID,
                f"`{in_percent}` is for ATTAINMENT tables; give `{plain}` in the table's unit.",
                [*field[:-1], in_percent],
            )
        return _figure(choice, percent_value, [*field[:-1], in_percent], what, positive=positive)
    if value is None:
        return None
    return _figure(choice, value, [*field[:-1], plain], what, positive=positive)


def _tier(choice: QuotaTiersInput, tier: QuotaTierInput, where: list[str]) -> engine.Tier:
    multiplier(tier.multiplier, [*where, "multiplier"])
    start = _one_of(
        choice,
        tier.floor_percent,
        tier.start,
        [*where, "-"],
        ("floorPercent", "start"),
        "A tier floor",
    )
    if start is None:
        raise refuse(Code.REQUIRED, "Give where the tier starts (`start`).", [*where, "start"])
    return engine.Tier(tier.name, start, tier.multiplier)


def _ends(choice: QuotaTiersInput, tiers: Sequence[engine.Tier], field: list[str]) -> None:
    """Each given ``end`` is the next tier's start: else a gap or an overlap."""
    problems: list[Refusal] = []
    for index, (tier, following) in enumerate(pairwise([*tiers, None])):
        end = choice.tiers[index].end
        if end is None:
            continue
        where = (*field, "tiers", str(index), "end")
        if following is None:
            message = "The last tier is open-ended; cap it with `cap` or `maxAttainmentPercent`."
            problems.append(Refusal(Code.INVALID_PLAN, message, where))
            continue
        figure = _figure(choice, end, list(where), "An end")
        if figure < following.floor:
            message = f"A gap between tiers {tier.name} and {following.name}."
            problems.append(Refusal(Code.INVALID_PLAN, message, where))
        elif figure > following.floor:
            message = f"Tiers {tier.name} and {following.name} overlap."
            problems.append(Refusal(Code.INVALID_PLAN, message, where))
    if problems:
        raise Refused(*problems)


def quota_tiers(
    choice: QuotaTiersInput, component_id: str, label: str, field: list[str]
) -> engine.QuotaTiers:
    """The engine's tier table for ``choice``, or the first problem with its figures."""
    tiers = tuple(
        _tier(choice, tier, [*field, "tiers", str(index)])
        for index, tier in enumerate(choice.tiers)
    )
    _ends(choice, tiers, field)
    gate = _one_of(
        choice, choice.gate_percent, choice.gate, [*field, "-"], ("gatePercent", "gate"), "The gate"
    )
    cap = _one_of(
        choice,
        choice.max_attainment_percent,
        choice.cap,
        [*field, "-"],
        ("maxAttainmentPercent", "cap"),
        "The attainment cap",
        positive=True,
    )
    return engine.QuotaTiers(
        component_id,
        label,
        engine.TierMode(choice.mode.value),
        tiers,
        gate,
        cap,
        engine.TierBasis(choice.basis.value),
        engine.TierBoundary(choice.boundary.value),
    )
