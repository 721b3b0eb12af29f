"""A quote's deal lines read from its stored snapshot's line fields alone are the lines the
whole decoded snapshot gives (``services.commissions.deals``), for every kind of line."""

from __future__ import annotations

from sqlalchemy import select

from db.codec.pricing import priced_quote_of
from db.models.quotes import Quote, QuoteRevision
from db.queries.commissions import current_deal_lines
from services.commissions.deals import priced_lines, stored_deal_lines
from tests.api.commissions.conftest import Commissions


async def test_stored_line_fields_give_the_deal_lines_of_the_whole_snapshot(
    comm: Commissions,
) -> None:
    first = [await comm.quotes.line(sku, qty) for sku, qty in (("SW-ANL", 120), ("SVC-INST", 2))]
    first.append(await comm.quotes.line("SW-SEC", 5, discount={"percent": "15"}))
    await comm.quotes.create(first)
    second = [await comm.quotes.line(sku, 3) for sku in ("SSD-1T", "SUP-PRM", "SW-SEC", "CHS-L")]
    await comm.quotes.create(second, account="Acme Manufacturing")
    async with comm.demo.sessions() as session:
        quotes = list((await session.scalars(select(Quote).order_by(Quote.id))).all())
        stored = await current_deal_lines(session, quotes)
        for quote in quotes:
            revision = await session.scalar(
                select(QuoteRevision).where(
                    QuoteRevision.quote_id == quote.id,
                    QuoteRevision.number == quote.current_revision,
                )
            )
            assert revision is not None
            whole = priced_lines(priced_quote_of(revision))

            assert stored_deal_lines(stored.get(quote.id, [])) == whole
            assert len(whole) == len(priced_quote_of(revision).lines) > 0
