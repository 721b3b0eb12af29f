"""``retireBlockPrice`` (OPS): the block price stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import BlockPrice as BlockPriceRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.mutation import atomically, check_version, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.types.price_books import BlockPrice


@strawberry.input
class RetireBlockPriceInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class RetireBlockPricePayload:
    block_price: BlockPrice | None = None
    user_errors: list[UserError]


async def retire_block_price(
    info: strawberry.Info, input: RetireBlockPriceInput
) -> RetireBlockPricePayload:
    async def work(session: AsyncSession) -> BlockPriceRow:
        row = await session.get(
            BlockPriceRow, decode_id(input.id, "BlockPrice"), with_for_update=True
        )
        if row is None:
            raise reject(ErrorCode.NOT_FOUND, "No BlockPrice with this id.", ["input", "id"])
        check_version(row, input.version)
        if not row.active:
            raise reject(
                ErrorCode.INVALID_STATE, f"{row.name} is already retired.", ["input", "id"]
            )
        before = snapshot(row)
        row.active = False
        await audit_change(info, session, "retireBlockPrice", row, before)
        return row

    outcome = await atomically(info, work)
    return RetireBlockPricePayload(
        block_price=BlockPrice.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
