"""A quote revision as the customer's document, from its stored pricing.

Only the values: rendering them (``documents.rendering.render_document``) is CPU work
the caller runs in the CPU pool. The customer's view has no cost, margin or internal notes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.codec.pricing import CODEC
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteRevision
from db.models.users import User
from db.queries import quotes as queries
from documents import DocumentClause, DocumentLine, QuoteDocument, Seller
from documents.rendering import render_document
from pricing import Money, PricedLine, PricedQuote, StepKind
from services.pricing.snapshots import priced_quote_of
from services.quotes.sharing import quote_for_token
from services.refusal import Code, refuse

#: The seller a document names when its caller gives none (a frozen value, shared safely).
DEFAULT_SELLER = Seller()


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
    session: AsyncSession, quote: Quote, revision: QuoteRevision, seller: Seller = DEFAULT_SELLER
) -> QuoteDocument:
    priced = priced_quote_of(revision)
    products: dict[int, Any] = await queries.products_by_id(
        session, {int(line.product_id) for line in priced.lines}
    )
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


@dataclass(frozen=True)
class DocumentSource:
    """A revision's document before its snapshot is decoded: the printed header, the
    snapshot as its stored JSON text, and the products and terms its lines name. It pickles
    small, and ``render_source`` (in the CPU pool's processes) decodes and renders it, so
    the event loop neither parses nor decodes a 1,000-line quote's megabyte of pricing."""

    header: dict[str, Any]
    """``QuoteDocument``'s fields other than its lines and totals."""
    priced_text: str
    products: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Each product the snapshot names: (sku, name)."""
    terms: dict[str, int | None] = field(default_factory=dict)

    @property
    def number(self) -> str:
        return str(self.header["number"])

    @property
    def revision(self) -> int:
        return int(self.header["revision"])


def document_of(source: DocumentSource) -> QuoteDocument:
    """The document ``source`` describes, its snapshot decoded (CPU work: run it in the pool,
    as ``render_source`` does)."""
    priced: PricedQuote = CODEC.decode_as(PricedQuote, json.loads(source.priced_text))
    products = {pid: _Product(sku=sku, name=name) for pid, (sku, name) in source.products.items()}
    return QuoteDocument(
        **source.header,
        lines=tuple(_line(line, products, source.terms) for line in priced.lines),
        list_total=priced.list_total.amount,
        discount_total=priced.discount_total.amount,
        net_total=priced.net_total.amount,
        total_discount_percent=priced.total_discount_percent,
    )


def render_source(source: DocumentSource, fmt: str) -> tuple[bytes, str]:
    """``render_document`` of ``document_of(source)``: decoding and rendering, in one call
    for the CPU pool."""
    return render_document(document_of(source), fmt)


@dataclass(frozen=True)
class _Product:
    sku: str
    name: str


async def revision_source(
    session: AsyncSession, quote: Quote, number: int, seller: Seller = DEFAULT_SELLER
) -> DocumentSource | None:
    """Revision ``number`` of ``quote`` as a ``DocumentSource`` (None when it has none): the
    reading a document endpoint does on the event loop, before the pool decodes and renders."""
    found = await queries.revision_for_document(session, quote.id, number)
    if found is None:
        return None
    revision, priced_text = found
    products = await queries.snapshot_products(session, revision.id)
    account = await session.get(Account, quote.account_id)
    owner = await session.get(User, quote.owner_id)
    clauses = await queries.revision_clauses(session, revision.id)
    terms = await queries.line_terms(session, revision.id)
    header = {
        "number": f"Q-{quote.number}",
        "name": quote.name,
        "revision": revision.number,
        "account_name": account.name if account else "",
        "prepared_by": owner.name if owner else "",
        "currency": quote.currency,
        "issued_on": (revision.sent_at or revision.created_at).date(),
        "valid_until": quote.valid_until,
        "terms": revision.terms,
        "customer_notes": revision.customer_notes,
        "clauses": tuple(DocumentClause(title=c.title, body=c.body) for c in clauses),
        "status": quote.status.value,
        "seller": seller,
        "account_address": (account.address or "") if account else "",
    }
    return DocumentSource(
        header=header,
        priced_text=priced_text,
        products={p.id: (p.sku, p.name) for p in products.values()},
        terms=terms,
    )


async def document_for(
    session: AsyncSession, actor: Actor, quote_id: int | None, number: int | None, seller: Seller
) -> DocumentSource | None:
    """Revision ``number`` (the current one by default) of a quote ``actor`` may see; ``None``
    when it has no such revision. A quote they may not see is refused as NOT_FOUND."""
    quote = await session.get(Quote, quote_id) if quote_id is not None else None
    if quote is None or not actor.may_see_owner(quote.owner_id):
        raise refuse(Code.NOT_FOUND, "No quote with this id.", ("id",))
    return await revision_source(session, quote, number or quote.current_revision, seller)


async def shared_document(
    session: AsyncSession, secret: str, token: str, seller: Seller
) -> DocumentSource | None:
    """The revision a shared link shows; ``ShareTokenError`` for a link that shows nothing."""
    quote = await quote_for_token(session, secret, token)
    return await revision_source(session, quote, quote.current_revision, seller)
