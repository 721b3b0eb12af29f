"""``endContractedPrice`` (OPS): close an account's price on a date, so a new one can start then."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.price_books import ContractedPrice as ContractedPriceRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.catalog.rules import end_validity
from resolvers.mutation import atomically, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.types.price_books import ContractedPrice


@strawberry.input
class EndContractedPriceInput:
    id: relay.GlobalID
    valid_to: date = strawberry.field(description="The first day the price no longer applies.")


@strawberry.type
class EndContractedPricePayload:
    contracted_price: ContractedPrice | None = None
    user_errors: list[UserError]


async def end_contracted_price(
    info: strawberry.Info, input: EndContractedPriceInput
) -> EndContractedPricePayload:
    async def work(session: AsyncSession) -> ContractedPriceRow:
        contract = await session.get(
            ContractedPriceRow, decode_id(input.id, "ContractedPrice"), with_for_update=True
        )
        if contract is None:
            raise reject(ErrorCode.NOT_FOUND, "No ContractedPrice with this id.", ["input", "id"])
        before = snapshot(contract)
        end_validity(contract, input.valid_to)
        await audit_change(info, session, "endContractedPrice", contract, before)
        return contract

    outcome = await atomically(info, work)
    return EndContractedPricePayload(
        contracted_price=ContractedPrice.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
