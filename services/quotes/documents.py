"""A quote revision as the customer's document, from its stored pricing.

Only the values: rendering them (``documents.rendering.render_document``) is CPU work
the caller runs in the CPU pool. The customer's view has no cost, margin or internal notes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteRevision
from db.models.users import User
from db.queries import quotes as queries
from documents import DocumentClause, DocumentLine, QuoteDocument, Seller
from pricing import Money, PricedLine, StepKind
from services.pricing.snapshots import priced_quote_of
from services.quotes.sharing import quote_for_token
from services.refusal import Code, refuse


def _amount(value: Money | None) -> Decimal | None:
    return None if value is None else value.amount


def _line(line: PricedLine, products: dict[int, Any], terms: dict[str, int | None]) -> DocumentLine:
    product = products.get(int(line.product_id))
    return DocumentLine(
        key=line.line_id,
        sku=product.sku if product else "",
        name=product.name if product else "",
        quantity=line.quantity,
        list_unit_price=line.list_unit_price,
        discount_percent=line.discount_percent,
        net_unit_price=line.net_unit_price,
        net_amount=_amount(line.net_amount),
        is_child=line.parent_line_id is not None,
        included=any(step.kind is StepKind.BUNDLE_INCLUDED for step in line.steps),
        term_months=terms.get(line.line_id) if line.parent_line_id is None else None,
    )


async def quote_document(
    session: AsyncSession, quote: Quote, revision: QuoteRevision, seller: Seller = Seller()
) -> QuoteDocument:
    priced = priced_quote_of(revision)
    products: dict[int, Any] = await queries.products_by_id(session, {int(line.product_id) for line in priced.lines})
    account = await session.get(Account, quote.account_id)
    owner = await session.get(User, quote.owner_id)
    clauses = await queries.revision_clauses(session, revision.id)
    terms = await queries.line_terms(session, revision.id)
    return QuoteDocument(
        number=f"Q-{quote.number}",
        name=quote.name,
        revision=revision.number,
        account_name=account.name if account else "",
        prepared_by=owner.name if owner else "",
        currency=quote.currency,
        issued_on=(revision.sent_at or revision.created_at).date(),
        valid_until=quote.valid_until,
        lines=tuple(_line(line, products, terms) for line in priced.lines),
        list_total=priced.list_total.amount,
        discount_total=priced.discount_total.amount,
        net_total=priced.net_total.amount,
        total_discount_percent=priced.total_discount_percent,
        terms=revision.terms,
        customer_notes=revision.customer_notes,
        clauses=tuple(DocumentClause(title=c.title, body=c.body) for c in clauses),
        status=quote.status.value,
        seller=seller,
        account_address=(account.address or "") if account else "",
    )


async def _revision_document(
    session: AsyncSession, quote: Quote, number: int, seller: Seller
) -> QuoteDocument | None:
    revision = await queries.revision_by_number(session, quote.id, number)
    return None if revision is None else await quote_document(session, quote, revision, seller)


async def document_for(
    session: AsyncSession, actor: Actor, quote_id: int | None, number: int | None, seller: Seller
) -> QuoteDocument | None:
    """Revision ``number`` (the current one by default) of a quote ``actor`` may see; ``None``
    when it has no such revision. A quote they may not see is refused as NOT_FOUND."""
    quote = await session.get(Quote, quote_id) if quote_id is not None else None
    if quote is None or not actor.may_see_owner(quote.owner_id):
        raise refuse(Code.NOT_FOUND, "No quote with this id.", ("id",))
    return await _revision_document(session, quote, number or quote.current_revision, seller)


async def shared_document(
    session: AsyncSession, secret: str, token: str, seller: Seller
) -> QuoteDocument | None:
    """The revision a shared link shows; ``ShareTokenError`` for a link that shows nothing."""
    quote = await quote_for_token(session, secret, token)
    return await _revision_document(session, quote, quote.current_revision, seller)
