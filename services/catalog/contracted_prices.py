"""Prices agreed with one account, overriding every book, and ending them.

Any ISO currency is allowed (an account may buy in several); one account's
prices for one product in one currency never overlap in time. The account is
locked while checking, and the ``contracted_prices_no_overlap`` trigger stands
behind the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.accounts import Account
from db.models.price_books import ContractedPrice
from services.audit import record_new
from services.catalog.checks import active_product, check_free_dates, money_amount, overlap
from services.catalog.lifecycle import ending
from services.refusal import Code, refuse
from services.rows import get_or_refuse, new_row

OVERLAP = overlap("another contracted price of this product for this account")
CONSTRAINT_REFUSALS = {"contracted_prices_no_overlap": OVERLAP}


@dataclass(frozen=True, slots=True)
class NewContractedPrice:
    """``valid_to`` is exclusive, None for open-ended."""

    account_id: int
    product_id: int
    unit_price: Decimal
    currency: str
    valid_from: date
    valid_to: date | None = None


async def create_contracted_price(
    session: AsyncSession, actor: Actor, now: datetime, new: NewContractedPrice
) -> ContractedPrice:
    account = await get_or_refuse(
        session, Account, new.account_id, lock=True, field=("input", "accountId")
    )
    if not account.active:
        raise refuse(Code.INVALID_STATE, f"{account.name} is deactivated.", ("input", "accountId"))
    product = await active_product(session, new.product_id, ("input", "productId"))
    unit_price = money_amount(new.unit_price, ("input", "unitPrice"))
    scope = {"account_id": account.id, "product_id": product.id, "currency": new.currency}
    holder = f"{account.name} already has a {new.currency} price for {product.name}"
    await check_free_dates(session, ContractedPrice, scope, new, holder, "end it first")
    contract = new_row(ContractedPrice, new, account_id=account.id, product_id=product.id)
    contract.unit_price = unit_price
    return await record_new(session, actor, "createContractedPrice", contract)


end_contracted_price = ending(ContractedPrice, "endContractedPrice")
"""End an account's agreed price on a date, so a new one can start then."""
