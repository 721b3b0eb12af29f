"""``setQuoteSplits`` (the quote's owner, before the win): who shares the quote's credit.

Shares are percentages summing to exactly 100 (``SPLITS_NOT_100``); an empty
list gives the owner all of it again. Changing splits bumps the quote's version.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

import commissions as engine
from db.models.commissions import QuoteSplit as SplitRow
from db.models.quotes import Quote as QuoteRow
from db.models.quotes import QuoteStatus
from resolvers.audit import audit_change
from resolvers.commissions.errors import refused
from services.numbers import percent
from resolvers.mutation import atomically, decode_id, reject
from services.quotes.editing import quote_for_update, touch
from services.people.rules import active_user
from schema.errors import ErrorCode, UserError
from schema.permissions import require_viewer
from schema.types.commissions import plain
from schema.types.quote import Quote
from schema.types.user import User

HUNDRED = Decimal(100)


@strawberry.input
class QuoteSplitInput:
    rep_id: relay.GlobalID
    share_percent: Decimal


@strawberry.input
class SetQuoteSplitsInput:
    id: relay.GlobalID
    version: int
    splits: list[QuoteSplitInput]


@strawberry.type(description="A rep's share of a quote's commission credit.")
class QuoteSplit:
    share_percent: Decimal
    rep_id: strawberry.Private[int]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        row = await info.context.loaders.user_by_id.load(self.rep_id)
        return User.from_row(row) if row else None


@strawberry.type
class SetQuoteSplitsPayload:
    quote: Quote | None = None
    splits: list[QuoteSplit] = strawberry.field(default_factory=list)
    user_errors: list[UserError]


def _split_problems(
    quote: QuoteRow, splits: tuple[engine.Split, ...]
) -> tuple[engine.Refusal, ...]:
    """The engine's own split rules (shares in (0, 100 %], no rep twice, summing to 100 %),
    asked by crediting a one-line probe deal the way the win will."""
    probe = engine.Deal(
        "probe",
        str(quote.owner_id),
        engine.DealStatus.WON,
        quote.valid_until,
        quote.currency,
        (engine.DealLine("probe", "probe", "", Decimal(1)),),
    )
    return engine.credit_if_won(probe, splits).refusals


async def set_quote_splits(
    info: strawberry.Info, input: SetQuoteSplitsInput
) -> SetQuoteSplitsPayload:
    saved: list[SplitRow] = []

    async def work(session: AsyncSession) -> QuoteRow:
        quote = await quote_for_update(session, require_viewer(info), decode_id(input.id, "Quote"), input.version)
        if quote.status in (QuoteStatus.WON, QuoteStatus.LOST):
            raise reject(
                ErrorCode.INVALID_STATE,
                f"A {quote.status.value} quote's credit is settled.",
                ["input", "id"],
            )
        splits = []
        for index, split in enumerate(input.splits):
            where = ["input", "splits", str(index)]
            percent(split.share_percent, [*where, "sharePercent"], what="A share", low_open=True)
            rep_field = [*where, "repId"]
            rep = await active_user(session, decode_id(split.rep_id, "User", rep_field), rep_field)
            splits.append(engine.Split(str(rep.id), split.share_percent / HUNDRED))
        problems = _split_problems(quote, tuple(splits))
        if problems:
            raise refused(problems)
        await session.execute(delete(SplitRow).where(SplitRow.quote_id == quote.id))
        for split, given in zip(splits, input.splits, strict=True):
            row = SplitRow(
                quote_id=quote.id, rep_id=int(split.rep_id), share_percent=given.share_percent
            )
            session.add(row)
            saved.append(row)
        touch(quote)
        await audit_change(info, session, "setQuoteSplits", quote)
        return quote

    outcome = await atomically(info, work)
    if outcome.value is None:
        return SetQuoteSplitsPayload(user_errors=outcome.errors)
    return SetQuoteSplitsPayload(
        quote=Quote.from_row(outcome.value),
        splits=[
            QuoteSplit(share_percent=plain(row.share_percent), rep_id=row.rep_id) for row in saved
        ],  # type: ignore[arg-type]
        user_errors=[],
    )
