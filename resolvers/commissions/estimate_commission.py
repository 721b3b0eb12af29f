"""``estimateCommission``: the what-if for proposed lines, before anything is saved.

The lines are priced exactly as ``priceQuote`` prices them, then estimated
exactly as a saved quote's ``commissionEstimate`` is: the same lines for the
same account give the same estimate either way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

import commissions as engine
from db.queries import commissions as queries
from resolvers.commissions.calendar import load_calendar, load_closed
from resolvers.commissions.deals import deal_account, deal_lines, priced_product_ids, product_families
from resolvers.commissions.estimates import DealToEstimate, estimate_deals, estimate_type
from services.numbers import percent
from services.refusal import Refused
from resolvers.mutation import decode_id
from resolvers.pricing.inputs import DiscountInput, PriceLineInput, discount, proposed_lines, reference
from resolvers.pricing.queries import answer
from services.pricing.price_quote import MAX_LINES, price_lines, visible_account
from schema.errors import BadUserInput, NotFound
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.types.commissions import CommissionEstimate

HUNDRED = Decimal(100)


@strawberry.input
class EstimateSplitInput:
    rep_id: relay.GlobalID
    share_percent: Decimal


@strawberry.input
class EstimateCommissionInput:
    account_id: relay.GlobalID
    lines: list[PriceLineInput]
    close_date: date | None = strawberry.field(default=None, description="Today (UTC) by default.")
    rep_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Whose payout (you by default; a manager: someone in the team)."
    )
    currency: CurrencyCode | None = strawberry.field(
        default=None, description="The account's currency by default."
    )
    quote_discount: DiscountInput | None = None
    splits: list[EstimateSplitInput] | None = None


async def estimate_commission(
    info: strawberry.Info, input: EstimateCommissionInput
) -> CommissionEstimate:
    viewer = require_viewer(info)
    if len(input.lines) > MAX_LINES:
        raise BadUserInput(f"A quote has at most {MAX_LINES} lines.", argument="lines")
    keys = [line.key for line in input.lines]
    if len(set(keys)) != len(keys):
        raise BadUserInput("Every line needs its own `key`.", argument="lines")
    for index, split in enumerate(input.splits or []):
        try:
            percent(split.share_percent, ["input", "splits", str(index), "sharePercent"], what="A share", low_open=True)
        except Refused as exc:
            raise BadUserInput(exc.refusals[0].message, argument=f"splits[{index}].sharePercent") from exc
    rep_id = viewer.user_id
    if input.rep_id is not None:
        try:
            rep_id = decode_id(input.rep_id, "User")
        except Refused as exc:
            raise NotFound("No rep with this id.", argument="repId") from exc
        if not viewer.may_see_owner(rep_id):
            raise NotFound("No rep with this id.", argument="repId")
    async with info.context.db.read() as session:
        account = await answer(visible_account(session, viewer, reference(input.account_id, "Account")))
    currency = input.currency or account.currency
    today = datetime.now(UTC).date()
    close_date = input.close_date or today
    owner = await info.context.loaders.user_by_id.load(rep_id)
    db = info.context.db
    async with db.read() as session:
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
        families = await product_families(session, priced_product_ids(priced))
        bought = await queries.accounts_with_wins(session, [account.id])
        splits = tuple(
            engine.Split(_rep(s.rep_id), s.share_percent / HUNDRED) for s in (input.splits or [])
        )
        deal = engine.Deal(
            deal_id="what-if",
            owner_id=str(rep_id),
            status=engine.DealStatus.OPEN,
            close_date=close_date,
            currency=currency,
            lines=deal_lines(priced, families),
            account=deal_account(account, account.id in bought),
        )
        setting = await load_calendar(session)
        closed = await load_closed(session)
        outcomes, to_save = await estimate_deals(
            session, [DealToEstimate(rep_id, deal, splits)], setting, closed
        )
    if to_save:
        async with db.transaction() as session:
            await queries.save_states(session, to_save)
    return estimate_type(outcomes[0])


def _rep(global_id: relay.GlobalID) -> str:
    try:
        return str(decode_id(global_id, "User"))
    except Refused as exc:
        raise NotFound("A split names no User.", argument="splits") from exc
