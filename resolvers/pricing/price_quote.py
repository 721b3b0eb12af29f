"""``priceQuote``: a live, unsaved price for a proposed set of lines (the phone's preview).

Loads everything in a fixed number of queries (the count does not grow with the
lines), then lets the pure engine decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry

import pricing as engine
from db.models.accounts import Account as AccountRow
from db.models.users import User as UserRow
from db.queries.pricing import PricingData, load_pricing_data
from services.pricing.policy import PricingPolicy
from services.pricing import engine_inputs
from resolvers.pricing.inputs import (
    MAX_LINES,
    PriceLineInput,
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


def _discount_issue(message: str, key: str | None) -> dict[str, object]:
    return issue_json(engine.PricingError(code=engine.ReasonCode.INVALID_DISCOUNT, message=message, line_id=key, field=("discount",)))


def engine_lines(
    input_lines: list[PriceLineInput], currency: str, data: PricingData, issues: list[dict[str, object]]
) -> tuple[engine.QuoteLineInput, ...]:
    lines = []
    for line in input_lines:
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
    return tuple(lines)


def pricing_request(
    lines: tuple[engine.QuoteLineInput, ...],
    account: AccountRow,
    data: PricingData,
    *,
    currency: str,
    pricing_date: date,
    policy: PolicyInputs,
    quote_discount: engine.Adjustment | None,
    quote_id: str = "preview",
) -> engine.PricingRequest:
    """The engine's request: the lines plus everything loaded for them."""
    return engine.PricingRequest(
        quote_id=quote_id,
        currency=currency,
        pricing_date=pricing_date,
        account=engine_inputs.account(account),
        lines=lines,
        products=engine_inputs.products(data.catalog),
        price_books=engine_inputs.price_books(data),
        contracted_prices=engine_inputs.contracts(data),
        discount_schedules=engine_inputs.schedules(data),
        block_prices=engine_inputs.block_prices(data),
        promotions=engine_inputs.promotions(data),
        guardrails=engine.GuardrailPolicy(
            floor_prices=engine_inputs.floors(data),
            discount_authority_percent=policy.discount_authority_percent,
            min_margin_percent=policy.min_margin_percent,
        ),
        quote_discount=quote_discount,
    )


@dataclass(frozen=True, slots=True)
class PolicyInputs:
    discount_authority_percent: Decimal
    min_margin_percent: Decimal


def policy_from(user: UserRow | None, pricing: PricingPolicy) -> PolicyInputs:
    """The quote owner's discount authority (their own, or the house default) and the margin floor."""
    authority = pricing.default_discount_authority_percent
    if user is not None and user.discount_authority_percent is not None:
        authority = user.discount_authority_percent
    return PolicyInputs(discount_authority_percent=authority, min_margin_percent=pricing.min_margin_percent)


async def price_quote(info: strawberry.Info, input: PriceQuoteInput) -> PricedQuote:
    if len(input.lines) > MAX_LINES:
        raise BadUserInput(f"A quote has at most {MAX_LINES} lines.", argument="lines")
    keys = [line.key for line in input.lines]
    if len(set(keys)) != len(keys):
        raise BadUserInput("Every line needs its own `key`.", argument="lines")
    account = await visible_account(info, input.account_id)
    currency = input.currency or account.currency
    pricing_date = input.pricing_date or datetime.now(UTC).date()
    owner = await info.context.loaders.user_by_id.load(require_viewer(info).user_id)
    policy = policy_from(owner, info.context.config.pricing)
    async with info.context.db.read() as session:
        data = await load_pricing_data(
            session, account=account, on=pricing_date, product_ids=product_ids(input.lines)
        )
    issues: list[dict[str, object]] = []
    lines = engine_lines(input.lines, currency, data, issues)
    try:
        quote_discount = adjustment(input.quote_discount, currency)
    except ValueError as exc:
        issues.append(_discount_issue(str(exc), None))
        quote_discount = None
    request = pricing_request(
        lines, account, data, currency=currency, pricing_date=pricing_date, policy=policy, quote_discount=quote_discount
    )
    return priced_quote(engine.price_quote(request), issues)
