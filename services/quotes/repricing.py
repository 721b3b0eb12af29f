"""Every save reprices: the quote's lines go through the engine and the result is stored.

Runs inside the caller's transaction on its session (not the request's loaders,
which would wait on the same lock). The revision keeps the engine's result as
its priced snapshot (``services.pricing.snapshots``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

import pricing as engine
from db.models.quotes import Quote, QuoteRevision
from db.queries.pricing import account_and_user, load_pricing_data
from db.queries.quote_snapshots import PricedLineRow, store_snapshot
from services.pricing import engine_inputs
from services.pricing.policy import PricingPolicy
from services.pricing.reprice_cache import (
    LineColumns,
    Priced,
    SavedAt,
    Snapshot,
    encoded,
    with_previous_catalog,
)
from services.quotes.editing import revision_lines
from services.refusal import Code, Refusal, Refused

# Reasons a line has no price in the quote's currency: saving it would store a quote that
# can never be sent, so the edit that brings such a line is refused instead.
_UNPRICEABLE = {
    engine.ReasonCode.CURRENCY_MISMATCH: Code.CURRENCY_MISMATCH,
    engine.ReasonCode.NO_PRICE: Code.NO_PRICE,
}


def replacing_snapshot(revision: QuoteRevision) -> None:
    """Mark the revision's snapshot as about to be replaced: when it was not loaded (an edit
    defers it), a flush before the new one is set does not load it either.

    Every mapper fetches its server defaults after a flush (``eager_defaults``), and the
    snapshot has one: a flush of any change to the revision (its next line key, a header
    text) loaded the old snapshot, 1.7 MB of JSON for 1,000 lines, only to replace it. The
    revision holds the column's default as its loaded value until ``reprice`` stores the
    new snapshot; call this only when the revision is repriced next."""
    state = inspect(revision)
    if not state.has_identity:
        return
    unloaded = state.unloaded
    for name in ("priced_header", "priced"):
        if name in unloaded:
            set_committed_value(revision, name, {})


async def reprice(
    session: AsyncSession,
    now: datetime,
    quote: Quote,
    revision: QuoteRevision,
    policy: PricingPolicy,
    lines: Sequence[LineColumns] | None = None,
    *,
    previous: Priced | None = None,
    looked_up: bool = False,
    known: Sequence[str] | None = None,
) -> engine.PricedQuote:
    """Price ``revision``'s lines on ``now``'s date under its owner's authority, and keep it.

    ``lines`` are the revision's lines in position order when the caller has them already
    (an edit loaded them to change them); else they are loaded here. The engine starts
    from the revision as this process last priced it (``policy.reprice_cache``, or
    ``previous`` when the caller ``looked_up`` the cache already), which saves work but
    never changes the result. ``known``: the JSON text of each priced line row the revision
    stores, in order, when the caller knows them (``reprice_cache.stored_texts``): only
    the rows that differ are sent; else every row is (and only changed ones written)."""
    if lines is None:
        lines = await revision_lines(session, revision)
    found = await account_and_user(session, quote.account_id, quote.owner_id)
    assert found is not None  # a quote's account is a foreign key
    account, owner = found
    today = now.date()
    data = await load_pricing_data(
        session, account=account, on=today, product_ids={line.product_id for line in lines}
    )
    cache = policy.reprice_cache
    if not looked_up:
        previous = cache.get(revision.id)
    engine_lines, line_index = engine_inputs.saved_lines(
        lines, quote.currency, data.catalog, previous
    )
    request = engine_inputs.pricing_request(
        engine_lines,
        account,
        data,
        currency=quote.currency,
        pricing_date=today,
        owner=owner,
        policy=policy,
        quote_discount=engine_inputs.stored_quote_discount(revision, quote.currency),
        quote_id=str(quote.id),
    )
    request = with_previous_catalog(request, previous)
    state = engine.reprice(None if previous is None else previous.state, request)
    result = state.quote
    snapshot = encoded(result, previous)
    saved = await keep_snapshot(session, revision, result, snapshot, known)
    cache.put(revision.id, Priced(state, request, line_index, snapshot.lines, saved))
    quote.net_total = result.net_total.amount.quantize(engine.minor_unit_quantum(quote.currency))
    return result


async def keep_snapshot(
    session: AsyncSession,
    revision: QuoteRevision,
    priced: engine.PricedQuote,
    snapshot: Snapshot,
    known: Sequence[str] | None,
) -> SavedAt:
    """Store ``snapshot`` as the revision's, in one statement: its header, and the priced
    line rows whose JSON differs from ``known`` (the rows as stored, when known: else all
    of them are sent, and only the changed ones written), the rows past its last line
    dropped. The revision then reads as stored (its whole snapshot as ``priced``); what
    comes back is when the row was written. ``known`` empty: the revision stores no line
    rows (a new one), which are then only inserted."""
    await session.flush()  # the revision's own changes first: the statement dates the row
    texts = snapshot.texts
    rows = [
        PricedLineRow(n, line.line_id, line.parent_line_id, text)
        for n, (line, text) in enumerate(zip(priced.lines, texts, strict=True))
        if known is None or n >= len(known) or known[n] != text
    ]
    header = (snapshot.header.text, priced.pricing_date)
    fresh = known is not None and not known
    written = await store_snapshot(session, revision.id, header, rows, len(texts), fresh=fresh)
    for name, value in (
        ("pricing_date", priced.pricing_date),
        ("priced_header", snapshot.header),
        ("priced", snapshot.whole),
        ("updated_at", written),
    ):
        set_committed_value(revision, name, value)
    return SavedAt(written)


def fully_priced(priced: engine.PricedQuote) -> bool:
    """Whether a quote can go out: it has lines, and nothing in it was refused a price."""
    return bool(priced.lines) and priced.complete


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
    refusals = []
    for error in result.errors:
        code = _UNPRICEABLE.get(error.code)
        if code is None or error.line_id is None:
            continue
        root = error.line_id
        while (parent := parents.get(root)) is not None:
            root = parent
        path = fields.get(root)
        if path is not None:
            refusals.append(Refusal(code, error.message, (*map(str, path), *error.field)))
    if refusals:
        raise Refused(*refusals)
