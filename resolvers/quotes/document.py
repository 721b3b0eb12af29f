"""A quote revision → the customer's document values, from its stored pricing.

Rendering them (``documents.rendering.render_document``) is CPU work the caller
runs in the CPU pool.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.catalog import Product
from db.models.quotes import Quote, QuoteClause, QuoteLine, QuoteRevision
from db.models.users import User
from documents import DocumentClause, DocumentLine, QuoteDocument, Seller
from pricing import Money, StepKind
from services.pricing.snapshots import priced_quote_of


def _amount(value: Money | None) -> Decimal | None:
    return None if value is None else value.amount


async def quote_document(
    session: AsyncSession, quote: Quote, revision: QuoteRevision, seller: Seller = Seller()
) -> QuoteDocument:
    priced = priced_quote_of(revision)
    product_ids = {int(line.product_id) for line in priced.lines}
    products = {p.id: p for p in (await session.scalars(select(Product).where(Product.id.in_(product_ids)))).all()}
    account = await session.get(Account, quote.account_id)
    owner = await session.get(User, quote.owner_id)
    clauses = (
        await session.scalars(select(QuoteClause).where(QuoteClause.revision_id == revision.id).order_by(QuoteClause.position))
    ).all()
    term_rows = await session.execute(
        select(QuoteLine.key, QuoteLine.term_months).where(QuoteLine.revision_id == revision.id)
    )
    terms = {key: months for key, months in term_rows}
    lines = []
    for line in priced.lines:
        product = products.get(int(line.product_id))
        included = any(step.kind is StepKind.BUNDLE_INCLUDED for step in line.steps)
        lines.append(
            DocumentLine(
                key=line.line_id,
                sku=product.sku if product else "",
                name=product.name if product else "",
                quantity=line.quantity,
                list_unit_price=line.list_unit_price,
                discount_percent=line.discount_percent,
                net_unit_price=line.net_unit_price,
                net_amount=_amount(line.net_amount),
                is_child=line.parent_line_id is not None,
                included=included,
                term_months=terms.get(line.line_id) if line.parent_line_id is None else None,
            )
        )
    return QuoteDocument(
        number=f"Q-{quote.number}",
        name=quote.name,
        revision=revision.number,
        account_name=account.name if account else "",
        prepared_by=owner.name if owner else "",
        currency=quote.currency,
        issued_on=(revision.sent_at or revision.created_at).date(),
        valid_until=quote.valid_until,
        lines=tuple(lines),
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

