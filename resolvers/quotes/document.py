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


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


async def quote_document(
    session: AsyncSession, quote: Quote, revision: QuoteRevision, seller: Seller = Seller()
) -> QuoteDocument:
    priced = revision.priced
    product_ids = {line["product_id"] for line in priced.get("lines", [])}
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
    for line in priced.get("lines", []):
        product = products.get(line["product_id"])
        included = any(step["kind"] == "BUNDLE_INCLUDED" for step in line["steps"])
        lines.append(
            DocumentLine(
                key=line["key"],
                sku=product.sku if product else "",
                name=product.name if product else "",
                quantity=line["quantity"],
                list_unit_price=_dec(line["list_unit_price"]),
                discount_percent=_dec(line["discount_percent"]),
                net_unit_price=_dec(line["net_unit_price"]),
                net_amount=_dec(line["net_amount"]),
                is_child=line["parent_key"] is not None,
                included=included,
                term_months=terms.get(line["key"]) if line["parent_key"] is None else None,
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
        list_total=Decimal(priced.get("list_total") or 0),
        discount_total=Decimal(priced.get("discount_total") or 0),
        net_total=Decimal(priced.get("net_total") or 0),
        total_discount_percent=_dec(priced.get("total_discount_percent")),
        terms=revision.terms,
        customer_notes=revision.customer_notes,
        clauses=tuple(DocumentClause(title=c.title, body=c.body) for c in clauses),
        status=quote.status.value,
        seller=seller,
        account_address=(account.address or "") if account else "",
    )

