"""A revision's alternative options (good / better / best): add, change, remove, price.

The revision's own lines are its primary option: ``lines``, the approvals and every
existing reader keep meaning them. Other options keep their lines as line specs (product,
quantity, configuration, discount, term) and their own priced snapshot, priced through the
same engine inputs as the revision. The first ``addQuoteOption`` names the revision's own
lines as option ``O1`` (``Standard`` until renamed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import pricing as engine
from db.actor import Actor
from db.codec.pricing import CODEC
from db.models.negotiation import QuoteOption
from db.models.quotes import Quote, QuoteLine, QuoteRevision
from db.queries import negotiation as queries
from db.queries.pricing import account_and_user, load_pricing_data
from services.pricing import engine_inputs
from services.pricing.policy import PricingPolicy, check_line_count
from services.quotes.editing import QuoteRef, edit_quote, revision_lines
from services.quotes.lines import (
    Discount,
    LineConfiguration,
    NewLine,
    OptionChoice,
    add_lines,
    check_discount,
    check_product,
    check_quantity,
    check_term,
    products_for,
    stored_configuration,
)
from services.quotes.priced import reprice_revision
from services.refusal import Code, Field, refuse
from services.validation import required_text

MAX_OPTIONS = 5
MAX_NAME = 120
MAX_DESCRIPTION = 2_000
PRIMARY_KEY = "O1"
PRIMARY_NAME = "Standard"


@dataclass(frozen=True, slots=True)
class OptionContent:
    """An option's name, description and lines; ``None`` fields stay as they are."""

    name: str | None = None
    description: str | None = None
    lines: tuple[NewLine, ...] | None = None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


async def spec_lines(
    session: AsyncSession, revision: QuoteRevision, lines: Sequence[NewLine], where: Field
) -> list[QuoteLine]:
    """``lines`` checked as a revision's new lines would be, as unsaved ``QuoteLine`` rows
    keyed L1, L2… (never added to the session)."""
    products = await products_for(session, lines)
    rows = []
    for index, line in enumerate(lines):
        at = [*where, str(index)]
        product_id = check_product(products, line.product_id, [*at, "productId"])
        percent, amount = check_discount(line.discount, [*at, "discount"])
        rows.append(
            QuoteLine(
                revision_id=revision.id,
                key=f"L{index + 1}",
                position=index,
                product_id=product_id,
                quantity=check_quantity(line.quantity, [*at, "quantity"]),
                configuration=await stored_configuration(
                    session, line.configuration, product_id, at
                ),
                discount_percent=percent,
                discount_amount=amount,
                term_months=check_term(line.term_months, [*at, "termMonths"]),
            )
        )
    return rows


def line_spec(row: QuoteLine) -> dict[str, Any]:
    return {
        "key": row.key,
        "product_id": row.product_id,
        "quantity": row.quantity,
        "configuration": row.configuration,
        "discount_percent": _money(row.discount_percent),
        "discount_amount": _money(row.discount_amount),
        "term_months": row.term_months,
    }


def spec_rows(option: QuoteOption) -> list[QuoteLine]:
    """An option's stored line specs as unsaved rows, in order."""
    rows = []
    for index, spec in enumerate(option.lines or []):
        percent, amount = spec.get("discount_percent"), spec.get("discount_amount")
        rows.append(
            QuoteLine(
                key=spec["key"],
                position=index,
                product_id=int(spec["product_id"]),
                quantity=int(spec["quantity"]),
                configuration=spec.get("configuration"),
                discount_percent=None if percent is None else Decimal(percent),
                discount_amount=None if amount is None else Decimal(amount),
                term_months=spec.get("term_months"),
            )
        )
    return rows


async def price_lines(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    lines: list[QuoteLine],
) -> engine.PricedQuote:
    """``lines`` priced as the revision's would be (same account, date, authority and quote
    discount), without storing anything."""
    found = await account_and_user(session, quote.account_id, quote.owner_id)
    assert found is not None
    account, owner = found
    data = await load_pricing_data(
        session, account=account, on=now.date(), product_ids={line.product_id for line in lines}
    )
    engine_lines, _ = engine_inputs.saved_lines(lines, quote.currency, data.catalog, None)
    request = engine_inputs.pricing_request(
        engine_lines,
        account,
        data,
        currency=quote.currency,
        pricing_date=now.date(),
        owner=owner,
        policy=policy,
        quote_discount=engine_inputs.stored_quote_discount(revision, quote.currency),
        quote_id=str(quote.id),
    )
    return engine.reprice(None, request).quote


async def price_option(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    option: QuoteOption,
    where: Field,
) -> None:
    """Price an alternative option and keep its snapshot; a line without a price refuses."""
    result = await price_lines(session, now, policy, quote, revision, spec_rows(option))
    for line in result.lines:
        if line.parent_line_id is None and line.net_amount is None:
            raise refuse(Code.NO_PRICE, f"Line {line.line_id} has no price.", where)
    stored = CODEC.encode(result)
    assert isinstance(stored, dict)
    option.priced = stored
    option.net_total = result.net_total.amount.quantize(engine.minor_unit_quantum(quote.currency))


def priced_option(option: QuoteOption) -> engine.PricedQuote:
    priced: engine.PricedQuote = CODEC.decode_as(engine.PricedQuote, option.priced)
    return priced


async def reprice_options(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
) -> None:
    """Every alternative option priced again (the quote discount or the date moved)."""
    for option in await queries.revision_options(session, revision.id):
        if not option.is_primary:
            await price_option(session, now, policy, quote, revision, option, ("input",))


def _name(value: str, where: Field) -> str:
    return required_text(value, where, max_length=MAX_NAME)


def _description(value: str, where: Field) -> str:
    if len(value) > MAX_DESCRIPTION:
        raise refuse(Code.INVALID, f"At most {MAX_DESCRIPTION} characters.", where)
    return value.strip()


def _find(options: Sequence[QuoteOption], key: str) -> QuoteOption:
    for option in options:
        if option.key == key:
            return option
    raise refuse(Code.NOT_FOUND, f"No option {key[:16]} on this quote.", ("input", "key"))


async def add_quote_option(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    target: QuoteRef,
    content: OptionContent,
) -> Quote:
    """A new alternative on the quote's editable revision, priced; the first one also names
    the revision's own lines as the primary option ``O1``."""

    async def apply(quote: Quote, revision: QuoteRevision) -> None:
        options = await queries.revision_options(session, revision.id)
        if len(options) >= MAX_OPTIONS:
            raise refuse(Code.INVALID, f"A quote offers at most {MAX_OPTIONS} options.", ("input",))
        if not options:
            primary = QuoteOption(
                revision_id=revision.id,
                key=PRIMARY_KEY,
                name=PRIMARY_NAME,
                description="",
                position=0,
                is_primary=True,
                lines=None,
                priced={},
                net_total=quote.net_total,
            )
            session.add(primary)
            options = [primary]
        lines = content.lines or ()
        if not lines:
            raise refuse(Code.REQUIRED, "An option needs at least one line.", ("input", "lines"))
        check_line_count(len(lines), policy, ("input", "lines"))
        rows = await spec_lines(session, revision, lines, ("input", "lines"))
        taken = [int(o.key[1:]) for o in options if o.key[1:].isdigit()]
        option = QuoteOption(
            revision_id=revision.id,
            key=f"O{max(taken, default=0) + 1}",
            name=_name(content.name or "", ("input", "name")),
            description=_description(content.description or "", ("input", "description")),
            position=max(o.position for o in options) + 1,
            is_primary=False,
            lines=[line_spec(row) for row in rows],
        )
        await price_option(session, now, policy, quote, revision, option, ("input", "lines"))
        session.add(option)

    return await edit_quote(session, actor, now, target, "addQuoteOption", apply)


async def update_quote_option(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    target: QuoteRef,
    key: str,
    content: OptionContent,
) -> Quote:
    """Rename, describe or replace the lines of option ``key`` (the primary's lines are the
    revision's own: replacing them reprices the revision)."""

    async def apply(quote: Quote, revision: QuoteRevision) -> None:
        option = _find(await queries.revision_options(session, revision.id), key)
        if content.name is not None:
            option.name = _name(content.name, ("input", "name"))
        if content.description is not None:
            option.description = _description(content.description, ("input", "description"))
        if content.lines is None:
            return
        if not content.lines:
            raise refuse(Code.REQUIRED, "An option needs at least one line.", ("input", "lines"))
        check_line_count(len(content.lines), policy, ("input", "lines"))
        if option.is_primary:
            await replace_revision_lines(session, now, policy, quote, revision, content.lines)
            option.net_total = quote.net_total
            return
        rows = await spec_lines(session, revision, content.lines, ("input", "lines"))
        option.lines = [line_spec(row) for row in rows]
        await price_option(session, now, policy, quote, revision, option, ("input", "lines"))

    return await edit_quote(session, actor, now, target, "updateQuoteOption", apply)


async def replace_revision_lines(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    lines: Sequence[NewLine],
) -> engine.PricedQuote:
    """The revision's lines replaced by ``lines`` (new keys: keys are never reused), repriced."""
    for old in await revision_lines(session, revision):
        await session.delete(old)
    await session.flush()
    first = revision.lines_added + 1
    rows = await add_lines(session, revision, lines, first, 0, ("input", "lines"))
    revision.lines_added = first + len(lines) - 1
    touched = {row.key: ("input", "lines", str(i)) for i, row in enumerate(rows)}
    return await reprice_revision(session, now, policy, quote, revision, touched, rows)


async def remove_quote_option(
    session: AsyncSession, actor: Actor, now: datetime, target: QuoteRef, key: str
) -> Quote:
    """Remove an alternative; with the last alternative gone the quote is single-option again."""

    async def apply(quote: Quote, revision: QuoteRevision) -> None:
        options = await queries.revision_options(session, revision.id)
        option = _find(options, key)
        if option.is_primary:
            raise refuse(
                Code.INVALID,
                "The primary option is the quote's own lines: edit them, or remove the others.",
                ("input", "key"),
            )
        await session.delete(option)
        if len(options) == 2:
            for rest in options:
                if rest is not option:
                    await session.delete(rest)

    return await edit_quote(session, actor, now, target, "removeQuoteOption", apply)


def as_new_lines(option: QuoteOption) -> tuple[NewLine, ...]:
    """An alternative's lines as new lines for a revision (accepting it)."""
    out = []
    for row in spec_rows(option):
        config = row.configuration
        configuration = None
        if config:
            configuration = LineConfiguration(
                selections=tuple(
                    OptionChoice(int(s["option_id"]), s.get("quantity"))
                    for s in config.get("selections", [])
                ),
                attributes=tuple((a["code"], a["value"]) for a in config.get("attributes", [])),
            )
        discount = None
        if row.discount_percent is not None or row.discount_amount is not None:
            discount = Discount(percent=row.discount_percent, amount=row.discount_amount)
        out.append(NewLine(row.product_id, row.quantity, configuration, discount, row.term_months))
    return tuple(out)
