"""``createContractedPrice`` (OPS): a price agreed with one account, overriding every book.

Any ISO currency is allowed (an account may buy in several); one account's
prices for one product in one currency never overlap in time. The account is
locked while checking, and the ``contracted_prices_no_overlap`` trigger stands
behind the check.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.accounts import Account as AccountRow
from db.models.price_books import ContractedPrice as ContractedPriceRow
from schema.text_limits import IdempotencyKey
from resolvers.audit import audit_change
from resolvers.catalog.rules import (
    active_product,
    check_dates,
    describe_period,
    first_overlap,
    money_amount,
)
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from schema.errors import ErrorCode, UserError, user_error
from schema.scalars import CurrencyCode
from schema.types.price_books import ContractedPrice


@strawberry.input(description="`validTo` is exclusive, null for open-ended.")
class CreateContractedPriceInput:
    account_id: relay.GlobalID
    product_id: relay.GlobalID
    unit_price: Decimal
    currency: CurrencyCode
    valid_from: date
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateContractedPricePayload:
    contracted_price: ContractedPrice | None = None
    user_errors: list[UserError]


OVERLAP = user_error(
    ErrorCode.INVALID,
    "These dates overlap another contracted price of this product for this account.",
    ["input", "validFrom"],
)


async def create_contracted_price(
    info: strawberry.Info, input: CreateContractedPriceInput
) -> CreateContractedPricePayload:
    async def work(session: AsyncSession) -> ContractedPriceRow:
        account = await session.get(
            AccountRow,
            decode_id(input.account_id, "Account", ["input", "accountId"]),
            with_for_update=True,
        )
        if account is None:
            raise reject(ErrorCode.NOT_FOUND, "No Account with this id.", ["input", "accountId"])
        if not account.active:
            raise reject(
                ErrorCode.INVALID_STATE, f"{account.name} is deactivated.", ["input", "accountId"]
            )
        product = await active_product(session, input.product_id, ["input", "productId"])
        unit_price = money_amount(input.unit_price, ["input", "unitPrice"])
        check_dates(input.valid_from, input.valid_to)
        clash = await first_overlap(
            session,
            ContractedPriceRow,
            [
                ContractedPriceRow.account_id == account.id,
                ContractedPriceRow.product_id == product.id,
                ContractedPriceRow.currency == input.currency,
            ],
            input.valid_from,
            input.valid_to,
        )
        if clash is not None:
            raise reject(
                ErrorCode.INVALID,
                f"{account.name} already has a {input.currency} price for {product.name} "
                f"{describe_period(clash.valid_from, clash.valid_to)}; end it first or choose "
                "dates that do not overlap it.",
                ["input", "validFrom"],
            )
        contract = ContractedPriceRow(
            account_id=account.id,
            product_id=product.id,
            currency=input.currency,
            unit_price=unit_price,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        session.add(contract)
        await audit_change(info, session, "createContractedPrice", contract)
        return contract

    outcome = await atomically(
        info,
        work,
        constraint_errors={"contracted_prices_no_overlap": OVERLAP},
        idempotent=IdempotentCreate(
            operation="createContractedPrice",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=ContractedPriceRow,
        ),
    )
    return CreateContractedPricePayload(
        contracted_price=ContractedPrice.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
