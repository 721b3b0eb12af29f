"""``setQuoteSplits`` (the quote's owner, before the win): who shares the quote's credit.

Shares are percentages summing to exactly 100 (``SPLITS_NOT_100``); an empty
list gives the owner all of it again. Changing splits bumps the quote's version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from db.models.commissions import QuoteSplit as SplitRow
from db.models.quotes import Quote as QuoteRow
from resolvers.mutation import (
    EditInput,
    Key,
    command,
    empty_list_field,
    key,
    payload,
    payload_with,
    perform,
    user_errors_field,
)
from schema.decimals import written_percent
from schema.errors import UserError
from schema.types.quote import Quote
from schema.types.user import User
from services.commissions.quotes import SplitShare, set_splits


@strawberry.input(description="One rep's share of a quote's commission credit.")
class QuoteSplitInput:
    rep_id: relay.GlobalID
    """The global ID of the rep (an active `User`) who shares the credit."""
    share_percent: Decimal
    """The rep's share in percent (`40` is 40 %), above 0 and at most 100."""


@strawberry.input(
    description="Who shares a quote's commission credit, set by its owner before the win at "
    "the version read; the change bumps the quote's version."
)
class SetQuoteSplitsInput(EditInput):
    splits: list[QuoteSplitInput]
    """Shares summing to exactly 100 (else SPLITS_NOT_100); an empty list gives the owner all of the
    credit again."""


@strawberry.type(description="A rep's share of a quote's commission credit.")
class QuoteSplit:
    share_percent: Decimal
    """The rep's share in percent, exactly 4 decimal places as written ("40.0000" is 40 %); the
    shares sum to 100."""
    rep_id: strawberry.Private[int]

    @strawberry.field(description="The rep who shares the credit.")
    async def rep(self, info: strawberry.Info) -> User | None:
        row = await info.context.loaders.user_by_id.load(self.rep_id)
        return User.from_row(row) if row else None


@payload("setQuoteSplits", "the quote and its shares now")
class SetQuoteSplitsPayload:
    quote: Quote | None = None
    """The quote at its new version; null when refused."""
    splits: list[QuoteSplit] = empty_list_field(
        "The quote's shares now; none when its owner has all the credit."
    )
    user_errors: list[UserError] = user_errors_field()


async def set_quote_splits(
    info: strawberry.Info, input: SetQuoteSplitsInput
) -> SetQuoteSplitsPayload:
    shares = [
        command(
            SplitShare,
            split,
            rep_id=Key(split.rep_id, "User", ("input", "splits", str(i), "repId")),
        )
        for i, split in enumerate(input.splits)
    ]
    outcome = await perform(info, set_splits, key(input.id, "Quote"), input.version, shares)
    return await payload_with(SetQuoteSplitsPayload, outcome, splits_fields)


def splits_fields(value: tuple[QuoteRow, list[SplitRow]]) -> dict[str, Any]:
    quote, rows = value
    splits = [
        QuoteSplit(share_percent=written_percent(row.share_percent), rep_id=row.rep_id)  # type: ignore[arg-type]
        for row in rows
    ]
    return {"quote": Quote.from_row(quote), "splits": splits}
