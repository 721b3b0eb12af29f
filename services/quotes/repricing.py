"""Every save reprices: the quote's lines go through the engine and the result is stored.

Runs inside the mutation's transaction on its session (not the request's
loaders, which would wait on the same lock).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import pricing as engine
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteLine, QuoteRevision
from db.models.users import User
from db.queries.pricing import CatalogSlice, load_pricing_data
from services.pricing.engine_inputs import attribute_value
from resolvers.pricing.outputs import snapshot
from resolvers.pricing.price_quote import policy_from, pricing_request
from resolvers.mutation import Rejected
from services.quotes.editing import revision_lines
from schema.errors import ErrorCode, user_error

# Reasons a line has no price in the quote's currency: saving it would store a quote that
# can never be sent, so the edit that brings such a line is refused instead.
_UNPRICEABLE = {
    engine.ReasonCode.CURRENCY_MISMATCH: ErrorCode.CURRENCY_MISMATCH,
    engine.ReasonCode.NO_PRICE: ErrorCode.NO_PRICE,
}


def stored_configuration(line: QuoteLine, catalog: CatalogSlice) -> engine.Configuration | None:
    if not line.configuration:
        return None
    kinds = {a.code: a.type for a in catalog.attributes.get(line.product_id, [])}
    return engine.Configuration(
        selections=tuple(
            engine.OptionSelection(option_id=str(s["option_id"]), quantity=s.get("quantity"))
            for s in line.configuration.get("selections", [])
        ),
        attributes=tuple(
            engine.AttributeValue(code=a["code"], value=attribute_value(kinds.get(a["code"]), a["value"]))
            for a in line.configuration.get("attributes", [])
        ),
    )


def line_discount(line: QuoteLine, currency: str) -> engine.Adjustment | None:
    if line.discount_percent is not None:
        return engine.PercentOff(line.discount_percent)
    if line.discount_amount is not None:
        return engine.AmountOff(engine.Money(line.discount_amount, currency))
    return None


def quote_discount(revision: QuoteRevision, currency: str) -> engine.Adjustment | None:
    if revision.quote_discount_percent is not None:
        return engine.PercentOff(revision.quote_discount_percent)
    if revision.quote_discount_amount is not None:
        return engine.AmountOff(engine.Money(revision.quote_discount_amount, currency))
    return None


async def reprice(info: strawberry.Info, session: AsyncSession, quote: Quote, revision: QuoteRevision) -> engine.PricedQuote:
    lines = await revision_lines(session, revision)
    account = await session.get(Account, quote.account_id)
    owner = await session.get(User, quote.owner_id)
    assert account is not None
    today = datetime.now(UTC).date()
    data = await load_pricing_data(
        session, account=account, on=today, product_ids={line.product_id for line in lines}
    )
    request = pricing_request(
        tuple(
            engine.QuoteLineInput(
                id=line.key,
                product_id=str(line.product_id),
                quantity=line.quantity,
                configuration=stored_configuration(line, data.catalog),
                discount=line_discount(line, quote.currency),
                term_months=line.term_months,
            )
            for line in lines
        ),
        account,
        data,
        currency=quote.currency,
        pricing_date=today,
        policy=policy_from(owner, info.context.config.pricing),
        quote_discount=quote_discount(revision, quote.currency),
        quote_id=str(quote.id),
    )
    result = engine.price_quote(request)
    revision.pricing_date = today
    revision.priced = snapshot(result)
    quote.net_total = result.net_total.amount.quantize(engine.minor_unit_quantum(quote.currency))
    return result


def fully_priced(priced: dict) -> bool:  # type: ignore[type-arg]
    return bool(priced.get("lines")) and not priced.get("issues") and all(not line["issues"] for line in priced["lines"])


def refuse_unpriceable(
    result: engine.PricedQuote, fields: Mapping[str, Sequence[str | int]]
) -> None:
    """Refuse the save when a line this request added or changed cannot be priced.

    ``fields`` maps the keys of the lines the request touched to their input path;
    a bundle option's failure is reported on the line that brought it. Lines the
    request did not touch keep their state (a price book that ended must not block
    removing the line it priced). Every such line is reported at once.
    """
    parents = {line.line_id: line.parent_line_id for line in result.lines}
    errors = []
    for error in result.errors:
        code = _UNPRICEABLE.get(error.code)
        if code is None or error.line_id is None:
            continue
        root = error.line_id
        while parents.get(root):
            root = parents[root]  # type: ignore[assignment]
        path = fields.get(root)
        if path is not None:
            errors.append(user_error(code, error.message, [*map(str, path), *error.field]))
    if errors:
        raise Rejected(*errors)
