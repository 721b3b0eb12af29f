"""Estimates for a quote's alternative options (good / better / best): what each would pay
the quote's owner if the customer picked it and the deal were won.

An option is estimated exactly as the quote's own lines are (``estimate_quotes``): the
owner's stored period state, the quote's account and splits, the products' families; only
the lines differ. A batch of options (every option of every quote on a screen) costs the
same fixed number of statements as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

import pricing
from db.queries import commission_context as context
from services.commissions.calendar import load_setting
from services.commissions.deals import engine_splits, priced_lines, product_ids, quote_deal
from services.commissions.estimates import DealToEstimate, EstimateOutcome, estimate_deals


@dataclass(frozen=True, slots=True)
class OptionToEstimate:
    """One option of a quote: its priced result, closing on ``close_date`` (None: today)."""

    quote_id: int
    priced: pricing.PricedQuote
    close_date: date | None = None


async def estimate_options(
    session: AsyncSession, options: Sequence[OptionToEstimate], today: date
) -> list[EstimateOutcome | None]:
    """Each option's estimate for its quote's owner, in order (None: no such quote)."""
    setting, closed, (found,) = await load_setting(
        session, context.setting_and_quotes(), quote_ids=list({o.quote_id for o in options})
    )
    quotes = {quote.id: quote for (quote,) in found}
    wanted = [(o, priced_lines(o.priced)) for o in options if o.quote_id in quotes]
    if not wanted:
        return [None for _ in options]
    rows = await context.deal_rows(
        session,
        {quotes[o.quote_id].account_id for o, _ in wanted},
        [o.quote_id for o, _ in wanted],
        product_ids(line for _, lines in wanted for line in lines),
    )
    requests = [
        DealToEstimate(
            rep_id=quotes[o.quote_id].owner_id,
            deal=quote_deal(quotes[o.quote_id], lines, rows, o.close_date or today),
            splits=engine_splits(rows.splits.get(o.quote_id, [])),
        )
        for o, lines in wanted
    ]
    outcomes = iter(await estimate_deals(session, requests, setting, closed))
    return [next(outcomes) if o.quote_id in quotes else None for o in options]
