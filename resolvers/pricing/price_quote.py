"""``priceQuote``: a live, unsaved price for a proposed set of lines (the phone's preview).

Loads everything in a fixed number of queries (the count does not grow with the
lines), then lets the pure engine decide.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import strawberry

import pricing as engine
from db.models.accounts import Account as AccountRow
from db.queries.pricing import PricingData, load_pricing_data
from resolvers.pricing import engine_inputs
from resolvers.pricing.inputs import (
    MAX_LINES,
    PriceQuoteInput,
    adjustment,
    configuration,
    db_id,
    engine_id,
    product_ids,
)
from resolvers.pricing.outputs import issue_json, priced_quote
from schema.errors import BadUserInput, NotFound
from schema.permissions import require_viewer
from schema.types.pricing import PricedQuote


async def visible_account(info: strawberry.Info, account_id: strawberry.relay.GlobalID) -> AccountRow:
    pk = db_id(account_id, "Account")
    row = await info.context.loaders.account_by_id.load(pk) if pk is not None else None
    if row is None or not require_viewer(info).may_see_owner(row.owner_id):
        raise NotFound("No account with this id.", argument="accountId")
    return row


async def discount_authority(info: strawberry.Info) -> Decimal:
    user = await info.context.loaders.user_by_id.load(require_viewer(info).user_id)
    if user is not None and user.discount_authority_percent is not None:
        return user.discount_authority_percent
    return info.context.config.pricing.default_discount_authority_percent


def _discount_issue(message: str, key: str | None) -> dict[str, object]:
    return issue_json(engine.PricingError(code=engine.ReasonCode.INVALID_DISCOUNT, message=message, line_id=key, field=("discount",)))


def build_request(
    input: PriceQuoteInput,
    account: AccountRow,
    data: PricingData,
    *,
    currency: str,
    authority: Decimal,
    min_margin: Decimal,
    quote_id: str = "preview",
) -> tuple[engine.PricingRequest, list[dict[str, object]]]:
    issues: list[dict[str, object]] = []
    lines = []
    for line in input.lines:
        try:
            discount = adjustment(line.discount, currency)
        except ValueError as exc:
            issues.append(_discount_issue(str(exc), line.key))
            discount = None
        lines.append(
            engine.QuoteLineInput(
                id=line.key,
                product_id=engine_id(line.product_id, "Product"),
                quantity=line.quantity,
                configuration=configuration(line.configuration, db_id(line.product_id, "Product"), data.catalog),
                discount=discount,
                term_months=line.term_months,
            )
        )
    try:
        quote_discount = adjustment(input.quote_discount, currency)
    except ValueError as exc:
        issues.append(_discount_issue(str(exc), None))
        quote_discount = None
    request = engine.PricingRequest(
        quote_id=quote_id,
        currency=currency,
        pricing_date=input.pricing_date or datetime.now(UTC).date(),
        account=engine_inputs.account(account),
        lines=tuple(lines),
        products=engine_inputs.products(data.catalog),
        price_books=engine_inputs.price_books(data),
        contracted_prices=engine_inputs.contracts(data),
        discount_schedules=engine_inputs.schedules(data),
        block_prices=engine_inputs.block_prices(data),
        promotions=engine_inputs.promotions(data),
        guardrails=engine.GuardrailPolicy(
            floor_prices=engine_inputs.floors(data),
            discount_authority_percent=authority,
            min_margin_percent=min_margin,
        ),
        quote_discount=quote_discount,
    )
    return request, issues


async def price_quote(info: strawberry.Info, input: PriceQuoteInput) -> PricedQuote:
    if len(input.lines) > MAX_LINES:
        raise BadUserInput(f"A quote has at most {MAX_LINES} lines.", argument="lines")
    keys = [line.key for line in input.lines]
    if len(set(keys)) != len(keys):
        raise BadUserInput("Every line needs its own `key`.", argument="lines")
    account = await visible_account(info, input.account_id)
    currency = input.currency or account.currency
    pricing_date = input.pricing_date or datetime.now(UTC).date()
    authority = await discount_authority(info)
    async with info.context.db.read() as session:
        data = await load_pricing_data(
            session, account=account, currency=currency, on=pricing_date, product_ids=product_ids(input.lines)
        )
    request, issues = build_request(
        input,
        account,
        data,
        currency=currency,
        authority=authority,
        min_margin=info.context.config.pricing.min_margin_percent,
    )
    return priced_quote(engine.price_quote(request), issues)
