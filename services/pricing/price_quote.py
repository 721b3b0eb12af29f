"""``price_quote``: a live, unsaved price for a proposed set of lines (the phone's preview).

Loads everything in a fixed number of queries (the count does not grow with the
lines), then lets the pure engine decide. Bad references (an id that is not a
Product, an option from another bundle) are passed on as unknown ids, so the
engine reports them with every other problem in one answer instead of the
first one stopping the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import pricing as engine
from db.actor import Actor
from db.models.accounts import Account as AccountRow
from db.models.users import User as UserRow
from db.queries.pricing import (
    CatalogSlice,
    PricingData,
    account_and_pricing_data,
    account_and_user,
    load_pricing_data,
)
from services.collector import collector_paused
from services.pricing import engine_inputs
from services.pricing.policy import MAX_QUOTE_LINES, PricingPolicy, check_line_count
from services.pricing.snapshots import with_issues
from services.refusal import Code, refuse

MAX_LINES = MAX_QUOTE_LINES
"""The default line limit (the policy's ``max_quote_lines`` is the one a request meets)."""

Reference = int | str
"""A row the request names: its id, or (a str) what the client sent when it names no row."""


@dataclass(frozen=True, slots=True)
class Discount:
    """A percent of the price or an amount off each unit: never both (refused); a saved quote
    line's discount names exactly one (``services.quotes.lines.check_discount``)."""

    percent: Decimal | None = None
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ProposedConfiguration:
    selections: tuple[tuple[Reference, int | None], ...] = ()
    """Bundle options and their quantity per bundle unit (the default when None)."""
    attributes: tuple[tuple[str, str], ...] = ()
    """Attribute codes and their values as text (numbers like '2.5', booleans 'true')."""


@dataclass(frozen=True, slots=True)
class ProposedLine:
    key: str
    """The client's id for the line; the results refer to it."""
    product: Reference
    quantity: int
    configuration: ProposedConfiguration | None = None
    """Required for a configurable bundle; its options become child lines."""
    discount: Discount | None = None
    term_months: int | None = None
    """For a product priced per term."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """What to price: lines for an account, in its currency and on today's date unless given."""

    account: Reference
    lines: tuple[ProposedLine, ...]
    currency: str | None = None
    pricing_date: date | None = None
    quote_discount: Discount | None = None
    """Spread over the lines pro rata, after their own discounts."""


def engine_id(reference: Reference) -> str:
    """The engine's id for a reference: the database id, or a marker it will not find."""
    return str(reference) if isinstance(reference, int) else f"unknown:{reference}"


def row_id(reference: Reference) -> int | None:
    return reference if isinstance(reference, int) else None


def check_lines(lines: tuple[ProposedLine, ...], policy: PricingPolicy) -> None:
    """Refuse more lines than a quote may hold, or two lines with one key."""
    check_line_count(len(lines), policy, ("input", "lines"))
    keys = [line.key for line in lines]
    if len(set(keys)) != len(keys):
        raise refuse(Code.INVALID, "Every line needs its own `key`.", ("input", "lines"))


async def visible_account(session: AsyncSession, actor: Actor, reference: Reference) -> AccountRow:
    """The account, when the actor may see it; a foreign one looks missing."""
    return (await account_and_viewer(session, actor, reference))[0]


async def account_and_viewer(
    session: AsyncSession, actor: Actor, reference: Reference, user_id: int | None = None
) -> tuple[AccountRow, UserRow | None]:
    """The account, when the actor may see it (a foreign one looks missing), and the actor's
    own row (their discount authority), in one statement; ``user_id``: another user's row
    instead (the rep a manager prices for)."""
    pk = row_id(reference)
    user = actor.user_id if user_id is None else user_id
    found = await account_and_user(session, pk, user) if pk is not None else None
    if found is None or not actor.may_see_owner(found[0].owner_id):
        raise refuse(Code.NOT_FOUND, "No account with this id.", ("input", "accountId"))
    return found


def configuration(
    value: ProposedConfiguration | None, product: Reference, catalog: CatalogSlice
) -> engine.Configuration | None:
    """A proposed configuration, attribute values typed as the product defines them."""
    if value is None:
        return None
    kinds = engine_inputs.attribute_kinds(catalog, row_id(product))
    return engine.Configuration(
        selections=tuple(
            engine.OptionSelection(option_id=engine_id(option), quantity=quantity)
            for option, quantity in value.selections
        ),
        attributes=tuple(
            engine.AttributeValue(
                code=code, value=engine_inputs.attribute_value(kinds.get(code), text)
            )
            for code, text in value.attributes
        ),
    )


def _adjustment(
    discount: Discount | None, currency: str, key: str | None, issues: list[engine.PricingError]
) -> engine.Adjustment | None:
    """The engine's discount; both kinds or neither is an issue, and no discount."""
    if discount is None:
        return None
    if (discount.percent is None) == (discount.amount is None):
        message = "Give exactly one of percent or amount."
        issues.append(
            engine.PricingError(engine.ReasonCode.INVALID_DISCOUNT, message, key, ("discount",))
        )
        return None
    return engine_inputs.adjustment(discount.percent, discount.amount, currency)


def _product_ids(lines: tuple[ProposedLine, ...]) -> set[int]:
    return {pk for line in lines if (pk := row_id(line.product)) is not None}


async def price_lines(
    session: AsyncSession,
    account: AccountRow,
    owner: UserRow | None,
    policy: PricingPolicy,
    lines: tuple[ProposedLine, ...],
    *,
    currency: str,
    pricing_date: date,
    quote_discount: Discount | None,
    data: PricingData | None = None,
) -> engine.PricedQuote:
    """Proposed lines priced for ``account`` under ``owner``'s discount authority, over
    ``data`` when it is already loaded.

    A malformed discount is an issue of the result (first among its errors), and
    the line is priced without it.
    """
    if data is None:
        data = await load_pricing_data(
            session, account=account, on=pricing_date, product_ids=_product_ids(lines)
        )
    issues: list[engine.PricingError] = []
    engine_lines = tuple(
        engine.QuoteLineInput(
            id=line.key,
            product_id=engine_id(line.product),
            quantity=line.quantity,
            configuration=configuration(line.configuration, line.product, data.catalog),
            discount=_adjustment(line.discount, currency, line.key, issues),
            term_months=line.term_months,
        )
        for line in lines
    )
    whole_quote = _adjustment(quote_discount, currency, None, issues)
    request = engine_inputs.pricing_request(
        engine_lines,
        account,
        data,
        currency=currency,
        pricing_date=pricing_date,
        owner=owner,
        policy=policy,
        quote_discount=whole_quote,
    )
    with collector_paused():
        priced = engine.price_quote(request)
    return with_issues(priced, issues)


async def price_quote(
    session: AsyncSession, actor: Actor, now: datetime, policy: PricingPolicy, proposal: Proposal
) -> engine.PricedQuote:
    """The price of ``proposal`` for one of the actor's accounts, under the actor's authority.

    The account, the actor's row and the pricing data come in one statement; the data of an
    account the actor may not see is read and dropped (the refusal is the same as for a
    missing account).
    """
    check_lines(proposal.lines, policy)
    pk = row_id(proposal.account)
    pricing_date = proposal.pricing_date or now.date()
    found = (
        await account_and_pricing_data(
            session,
            account_id=pk,
            user_id=actor.user_id,
            on=pricing_date,
            product_ids=_product_ids(proposal.lines),
        )
        if pk is not None
        else None
    )
    if found is None or not actor.may_see_owner(found[0].owner_id):
        raise refuse(Code.NOT_FOUND, "No account with this id.", ("input", "accountId"))
    account, owner, data = found
    return await price_lines(
        session,
        account,
        owner,
        policy,
        proposal.lines,
        currency=proposal.currency or account.currency,
        pricing_date=pricing_date,
        quote_discount=proposal.quote_discount,
        data=data,
    )
