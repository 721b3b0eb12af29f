"""``estimateCommission``: the what-if for proposed lines, before anything is saved.

The lines are priced exactly as ``priceQuote`` prices them, then estimated
exactly as a saved quote's ``commissionEstimate`` is: the same lines for the
same account give the same estimate either way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

import commissions as engine
from db.actor import Actor
from resolvers.pagination import id_or_not_found
from resolvers.pricing.inputs import (
    DiscountInput,
    PriceLineInput,
    discount,
    proposed_lines,
    reference,
)
from resolvers.pricing.queries import answer
from resolvers.reading import read
from schema.errors import BadUserInput, NotFound
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.types.commissions import CommissionEstimate
from schema.types.commissions.estimate_outcome import estimate_type
from services.commissions.deals import priced_lines
from services.commissions.estimates import WhatIf, estimate_what_if
from services.numbers import percent
from services.pricing.price_quote import MAX_LINES, account_and_viewer, price_lines
from services.refusal import Refused

HUNDRED = Decimal(100)


@strawberry.input(description="One rep's proposed share of the deal's commission credit.")
class EstimateSplitInput:
    rep_id: relay.GlobalID
    """The global ID of the rep (a `User`) who would share the credit."""
    share_percent: Decimal
    """The share in percent (`40` is 40 %), above 0 and at most 100."""


@strawberry.input(
    description="A what-if: proposed lines for an account, priced as `priceQuote` prices them "
    "and estimated as a saved quote's commission estimate is. Nothing is stored."
)
class EstimateCommissionInput:
    account_id: relay.GlobalID
    """The global ID of an account you may see (from `Account.id`); it decides prices and segment
    incentives."""
    lines: list[PriceLineInput]
    """The proposed lines, each with its own `key`, at most as many as a quote may have."""
    close_date: date | None = None
    """The day the deal would close, which picks the plan version and period; today (UTC) by
    default."""
    rep_id: relay.GlobalID | None = None
    """Whose payout (you by default; a manager: someone in the team)."""
    currency: CurrencyCode | None = None
    """The account's currency by default."""
    quote_discount: DiscountInput | None = None
    """A discount on the whole quote, as on a quote; null: none."""
    splits: list[EstimateSplitInput] | None = None
    """How the credit would be shared; null (the default): the rep gets all of it."""


async def estimate_commission(
    info: strawberry.Info,
    input: Annotated[
        EstimateCommissionInput,
        strawberry.argument(
            description="The proposed deal: account, lines, close date, discount and splits."
        ),
    ],
) -> CommissionEstimate:
    viewer = require_viewer(info)
    if len(input.lines) > MAX_LINES:
        raise BadUserInput(f"A quote has at most {MAX_LINES} lines.", argument="lines")
    keys = [line.key for line in input.lines]
    if len(set(keys)) != len(keys):
        raise BadUserInput("Every line needs its own `key`.", argument="lines")
    splits = engine_splits(input.splits)
    rep_id = rep_of(viewer, input.rep_id)
    account_ref = reference(input.account_id, "Account")
    account, owner = await answer(read(info, account_and_viewer, viewer, account_ref, rep_id))
    currency = input.currency or account.currency
    today = datetime.now(UTC).date()
    close_date = input.close_date or today
    async with info.context.db.read() as session:
        priced = await price_lines(
            session,
            account,
            owner,
            info.context.config.pricing,
            proposed_lines(input.lines),
            currency=currency,
            pricing_date=today,
            quote_discount=discount(input.quote_discount),
        )
        what_if = WhatIf(rep_id, account, currency, close_date, priced_lines(priced), splits)
        outcome = await estimate_what_if(session, what_if)
    return estimate_type(outcome)


def engine_splits(splits: list[EstimateSplitInput] | None) -> tuple[engine.Split, ...]:
    """The proposed splits as the engine's, each share checked (above 0, at most 100 %)."""
    for index, split in enumerate(splits or []):
        try:
            percent(
                split.share_percent,
                ["input", "splits", str(index), "sharePercent"],
                what="A share",
                low_open=True,
            )
        except Refused as exc:
            raise BadUserInput(
                exc.refusals[0].message, argument=f"splits[{index}].sharePercent"
            ) from exc
    return tuple(engine.Split(_rep(s.rep_id), s.share_percent / HUNDRED) for s in (splits or []))


def rep_of(viewer: Actor, rep_id: relay.GlobalID | None) -> int:
    """Whose deal: the viewer by default, else a rep the viewer may see (NOT_FOUND when not)."""
    if rep_id is None:
        return viewer.user_id
    found = id_or_not_found(rep_id, "User", "No rep with this id.", "repId")
    if not viewer.may_see_owner(found):
        raise NotFound("No rep with this id.", argument="repId")
    return found


def _rep(global_id: relay.GlobalID) -> str:
    return str(id_or_not_found(global_id, "User", "A split names no User.", "splits"))
