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
from services.pricing import engine_inputs
from services.pricing.policy import PricingPolicy
from services.pricing.reprice_cache import (
    LineColumns,
    Priced,
    encoded,
    saving,
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
    if state.has_identity and "priced" in state.unloaded:
        set_committed_value(revision, "priced", {})


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
) -> engine.PricedQuote:
    """Price ``revision``'s lines on ``now``'s date under its owner's authority, and keep it.

    ``lines`` are the revision's lines in position order when the caller has them already
    (an edit loaded them to change them); else they are loaded here. The engine starts
    from the revision as this process last priced it (``policy.reprice_cache``, or
    ``previous`` when the caller ``looked_up`` the cache already), which saves work but
    never changes the result."""
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
    stored, stored_lines = encoded(result, previous)
    revision.pricing_date = result.pricing_date
    revision.priced = stored  # what ``store_priced`` writes, unchanged lines' JSON reused
    cache.put(revision.id, Priced(state, request, line_index, stored_lines, saving(revision)))
    quote.net_total = result.net_total.amount.quantize(engine.minor_unit_quantum(quote.currency))
    return result


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
