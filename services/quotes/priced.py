"""The one place the quote use cases reprice a revision on save, and what the save changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import pricing as engine
from db.models.quotes import Quote, QuoteRevision
from db.queries import quotes as queries
from services.collector import collector_paused
from services.pricing.policy import PricingPolicy
from services.pricing.reprice_cache import LineColumns, Priced, stored_figures, stored_texts
from services.quotes.lines import EditedLines
from services.quotes.repricing import refuse_unpriceable, replacing_snapshot, reprice


async def reprice_revision(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    touched: Mapping[str, Sequence[str]] | None = None,
    lines: Sequence[LineColumns] | None = None,
    *,
    previous: Priced | None = None,
    looked_up: bool = False,
    known: Sequence[str] | None = None,
) -> engine.PricedQuote:
    """Price ``revision`` as of ``now`` under ``policy`` and store the result.

    With ``touched`` (line key → input path of the lines this save added or changed),
    refuse when one of them has no price. ``lines``: the revision's lines when the caller
    holds them already (in position order). ``previous``: the repricing cache's entry when
    the caller ``looked_up`` it, and ``known`` the priced line rows it tells are stored
    (``stored_texts``, read before the revision's last flush).

    The cyclic collector is paused meanwhile (``services.collector``): a 1,000-line quote's pricing
    and its snapshot's encoding build some hundred thousand acyclic values (frozen engine
    values, tuples, JSON), and the collector's passes over them took a third of a create."""
    if not looked_up:
        previous = policy.reprice_cache.get(revision.id)
        known = stored_texts(previous, revision)
    replacing_snapshot(revision)
    await session.flush()
    with collector_paused():
        result = await reprice(
            session,
            now,
            quote,
            revision,
            policy,
            lines,
            previous=previous,
            looked_up=True,
            known=known,
        )
    if touched is not None:
        refuse_unpriceable(result, touched)
    return result


@dataclass(frozen=True, slots=True)
class PriceChange:
    """What a save did to a quote's price: the new result, the lines whose price changed
    (added ones included) and the keys of the priced lines that are gone."""

    priced: engine.PricedQuote
    changed: tuple[engine.PricedLine, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EditedQuote:
    """A content edit's outcome: the quote, and what the edit did to its price."""

    quote: Quote
    change: PriceChange


def _figures(stored: dict[str, Any]) -> list[Any]:
    """A priced line's ``queries.PRICE_FIGURES`` in the snapshot's tagged JSON, read off
    the line as the snapshot just stored it (``CODEC.encode`` of each figure)."""
    return [stored[name] for name in queries.PRICE_FIGURES]


async def reprice_with_change(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    edited: EditedLines | None = None,
) -> PriceChange:
    """``reprice_revision`` (of the lines an edit left, refusing a touched one without a
    price), and which lines' prices differ from the snapshot it replaces: the few figures
    per line, from the repricing cache when its entry wrote that snapshot, else picked out
    of the stored one by the database."""
    previous = policy.reprice_cache.get(revision.id)
    before = stored_figures(previous, revision, queries.PRICE_FIGURES)
    known = stored_texts(previous, revision)
    replacing_snapshot(revision)
    await session.flush()
    if before is None:
        before = await queries.priced_line_figures(session, revision.id)
    lines, touched = (edited.lines, edited.touched) if edited else (None, None)
    priced = await reprice_revision(
        session,
        now,
        policy,
        quote,
        revision,
        touched,
        lines,
        previous=previous,
        looked_up=True,
        known=known,
    )
    stored = revision.priced["lines"]["$tuple"]  # the new snapshot's lines, in order
    changed = tuple(
        line
        for line, data in zip(priced.lines, stored, strict=True)
        if before.get(line.line_id) != _figures(data)
    )
    kept = {line.line_id for line in priced.lines}
    return PriceChange(priced, changed, tuple(key for key in before if key not in kept))
