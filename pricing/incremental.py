"""Incremental repricing: price a quote again after an edit, redoing only what it touched.

``reprice(previous, request)`` returns a ``PricingState`` whose ``quote`` is exactly
``price_quote(request)`` — the same values, the same Decimal digits — whatever
``previous`` is: None, a state from before any number of edits, even another
quote's. ``previous`` only decides how much work is saved:

* The catalog (every field of the request but ``quote_id``, ``lines`` and
  ``quote_discount``) is compared with the previous one: the same objects, or equal
  ones that read the same (``Decimal("10")`` and ``Decimal("10.0")`` differ). Any
  other catalog reprices everything.
* Lines are matched with the previous ones: by position while they are the very same
  objects (a cheap scan from both ends), then by id, an equal line with the same
  digits counting as unchanged. A new or changed line is expanded (configuration,
  bundle options), looked up and walked to its rounding point; an unchanged line
  keeps all of that.
* Quote-level context is then brought up to date and only what it changed is
  redone. Tiers aggregated across the quote: the summed quantity per schedule is
  adjusted by the lines that came and went, and the lines on a schedule whose sum
  moved are walked again. The quote discount is reallocated over every line's net
  (integer arithmetic) and a line is finished again (quote discount step, NET,
  margin, guardrails) only when its share changed, or for every line when the
  discount itself did. The totals re-add only the chunks holding a changed line
  (``pricing.totals``); a line drafted again only because a quote-wide sum moved
  while its tier held (its label quotes the sum) adds the same amounts, so its
  chunk keeps its sums, and a line finished again only for a new quote discount
  share is patched into its chunk's sums instead of summing the chunk again.

So a one-line edit costs that line and its chunk, a label on each line sharing a
quote-wide tier with it when their sum moved (the lines themselves when the tier
changed), the few lines whose quote discount share moved by a minor unit (a
percentage off keeps almost every share; an amount off spreads anew over every
line), and a few scans of the quote in C.

A state is a frozen value, never changed after it is made: it may be kept (say,
per quote and version) and handed to ``reprice`` any number of times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import localcontext
from itertools import chain, compress, count
from operator import attrgetter, is_not
from typing import Any

from pricing.context import PricingContext, catalog_key, shared_context
from pricing.finishing import FinishedLine
from pricing.line_entries import (
    LineEntry,
    LookedLine,
    draft_line,
    finish_entry,
    look_up_line,
    relabel_entry,
    relabel_finished,
    same_line,
)
from pricing.money import PRICING_CONTEXT, is_known_currency
from pricing.quote_discount import NO_QUOTE_DISCOUNT, QuoteDiscount, allocate_quote_discount
from pricing.reasons import PricingError, ReasonCode
from pricing.request import PricingRequest, QuoteLineInput
from pricing.results import PricedQuote
from pricing.totals import Chunk, chunk_index, chunk_lines, priced_quote
from pricing.values import quick_init

_shared_of = attrgetter("shared")
_options_of = attrgetter("has_options")


@quick_init
@dataclass(frozen=True, slots=True)
class PricingState:
    """A priced quote and what repricing it after an edit reuses.

    ``quote`` is the result: ``price_quote`` of the request it was priced from. The
    other fields are the engine's own bookkeeping (the indexed catalog, each line's
    stages, the quote-wide tier quantities, the quote discount, the totals' chunks);
    callers read only ``quote`` and pass the state back to ``reprice``.
    """

    quote: PricedQuote
    catalog: tuple[Any, ...]
    context: PricingContext | None
    lines: tuple[QuoteLineInput, ...]
    entries: tuple[LineEntry, ...]
    finished: tuple[tuple[FinishedLine, ...], ...]
    """Each entry's finished lines (one per spec), in the order of ``entries``."""
    aggregated: Mapping[str, int]
    discount: QuoteDiscount
    chunks: Mapping[str, Chunk]


def price_with_state(request: PricingRequest) -> PricingState:
    """Price ``request`` from scratch, keeping what a later ``reprice`` can reuse."""
    return reprice(None, request)


def reprice(previous: PricingState | None, request: PricingRequest) -> PricingState:
    """Price ``request``, reusing from ``previous`` every stage its changes did not touch.

    ``reprice(previous, request).quote == price_quote(request)``, digit for digit,
    for any ``previous`` (see the module docstring for what is compared and what is
    redone). Pass the state of the quote as last priced and the edited request; for
    the cheapest match keep the unchanged ``QuoteLineInput`` objects and the catalog
    objects of the previous request (``dataclasses.replace(old_request, lines=...)``).
    Raises ValueError, as ``price_quote`` does, when a bundle option's line id
    collides with another line's.
    """
    with localcontext(PRICING_CONTEXT):
        return _reprice(previous, request)


def _catalog(request: PricingRequest) -> tuple[Any, ...]:
    return (*catalog_key(request), request.guardrails)


def _same_catalog(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Every part the same object, or equal and reading the same (Decimal scale included)."""
    return all(a is b or (a == b and repr(a) == repr(b)) for a, b in zip(old, new, strict=True))


def _unknown_currency(request: PricingRequest, catalog: tuple[Any, ...]) -> PricingState:
    error = PricingError(
        ReasonCode.UNKNOWN_CURRENCY,
        f"{request.currency} is not an ISO 4217 currency code.",
        None,
        ("currency",),
    )
    quote = priced_quote(request, (), error)
    return PricingState(quote, catalog, None, (), (), (), {}, NO_QUOTE_DISCOUNT, {})


def _reprice(previous: PricingState | None, request: PricingRequest) -> PricingState:
    catalog = _catalog(request)
    currency = request.currency
    if not is_known_currency(currency):
        return _unknown_currency(request, catalog)
    if previous is None or previous.context is None or not _same_catalog(previous.catalog, catalog):
        previous = None
    context = shared_context(request) if previous is None else previous.context
    assert context is not None  # kept only with a known currency
    lines = request.lines
    old_lines = () if previous is None else previous.lines
    old_entries = () if previous is None else previous.entries
    old_finished = () if previous is None else previous.finished
    # 1. Match lines: identical ones at both ends keep their entries, the middle by id.
    shortest = min(len(old_lines), len(lines))
    head = next(compress(count(), map(is_not, old_lines, lines)), shortest)
    tail = next(compress(count(), map(is_not, reversed(old_lines), reversed(lines))), shortest)
    tail = min(tail, shortest - head)
    by_id = {
        entry.line.id: (entry, done)
        for entry, done in zip(
            old_entries[head : len(old_entries) - tail],
            old_finished[head : len(old_entries) - tail],
            strict=True,
        )
    }
    # The middle lines' entries, or new lines looked up, and their finished lines (none
    # for a new one); two lists, not a list of pairs (a pair per line for the collector).
    items: list[LineEntry | LookedLine] = []
    dones: list[tuple[FinishedLine, ...]] = []
    for line in lines[head : len(lines) - tail]:
        found = by_id.pop(line.id, None)
        if found is not None and same_line(found[0].line, line):
            items.append(found[0])
            dones.append(found[1])
        else:
            if found is not None:
                by_id[line.id] = found  # changed: its old contributions go
            items.append(look_up_line(line, context))
            dones.append(())
    # 2. Quote-wide tier quantities: take off the lines gone or changed, add the new ones.
    aggregated = {} if previous is None else dict(previous.aggregated)
    for entry, _ in by_id.values():
        for schedule_id, quantity in entry.looked.contributions:
            aggregated[schedule_id] -= quantity
    for item in items:
        if isinstance(item, LookedLine):
            for schedule_id, quantity in item.contributions:
                aggregated[schedule_id] = aggregated.get(schedule_id, 0) + quantity
    moved = {
        schedule_id
        for schedule_id, quantity in aggregated.items()
        if previous is None or previous.aggregated.get(schedule_id) != quantity
    }
    for schedule_id in [s for s, quantity in aggregated.items() if not quantity]:
        del aggregated[schedule_id]
    # 3. Draft the new lines and the lines on a tier whose quote-wide quantity moved.
    entries: list[LineEntry] = [*old_entries[:head]]
    finished: list[tuple[FinishedLine, ...]] = [*old_finished[:head]]
    dirty: list[int] = []
    for item in items:
        if isinstance(item, LookedLine):
            dirty.append(len(entries))
            item = draft_line(item, currency, aggregated)
        entries.append(item)
    finished.extend(dones)
    entries.extend(old_entries[len(old_entries) - tail :])
    finished.extend(old_finished[len(old_entries) - tail :])
    relabeled: list[int] = []  # drafted again, the same tiers: only labels changed
    if previous is not None and moved:
        drafted = set(dirty)
        for index in compress(count(), map(_shared_of, entries)):
            entry = entries[index]
            if index not in drafted and not moved.isdisjoint(entry.shared):
                relabeled_entry = relabel_entry(entry, aggregated)
                if relabeled_entry is None:
                    entries[index] = draft_line(entry.looked, currency, aggregated)
                    dirty.append(index)
                else:
                    entries[index] = relabeled_entry
                    relabeled.append(index)
                    dirty.append(index)  # finished again where the share or label moved
    _check_option_ids(entries)
    # 4. The quote discount over every line's net; refinish the lines whose share moved.
    if request.quote_discount is None:
        discount = NO_QUOTE_DISCOUNT
    else:
        drafts = list(filter(None, chain.from_iterable(map(attrgetter("drafts"), entries))))
        discount = allocate_quote_discount(
            request.quote_discount,
            list(map(attrgetter("spec.id"), drafts)),
            list(map(attrgetter("units"), drafts)),
            currency,
        )
    old_discount = NO_QUOTE_DISCOUNT if previous is None else previous.discount
    if previous is None or discount.label != old_discount.label:
        dirty = list(range(len(entries)))
    elif discount.shares != old_discount.shares:
        dirty.extend(_moved_shares(entries, lines, discount, old_discount))
    policy = request.guardrails
    kept = {index: finished[index] for index in relabeled}
    for index in relabeled:
        finished[index] = relabel_finished(entries[index], finished[index], discount)
    for index in dirty:
        finished[index] = finish_entry(entries[index], finished[index], discount, policy, currency)
    # 5. The totals, chunk by chunk: a relabeled line adds what it added but its share.
    same_amounts_as = {
        id(new): old
        for index, done in kept.items()
        for old, new in zip(done, finished[index], strict=True)
        if new is not old
    }
    chunks = chunk_lines(
        list(chain.from_iterable(finished)),
        {} if previous is None else previous.chunks,
        same_amounts_as,
    )
    return PricingState(
        priced_quote(request, chunks, discount.error),
        catalog,
        context,
        lines,
        tuple(entries),
        tuple(finished),
        aggregated,
        discount,
        chunk_index(chunks),
    )


def _check_option_ids(entries: list[LineEntry]) -> None:
    """Input line ids are unique (``PricingRequest`` checks); an option's may collide."""
    bundles = list(compress(entries, map(_options_of, entries)))
    if not bundles:
        return
    ids = {entry.line.id for entry in entries}
    for entry in bundles:
        for spec in entry.looked.specs[1:]:
            if spec.id in ids:
                raise ValueError("a bundle option line id collides with another line id")
            ids.add(spec.id)


def _moved_shares(
    entries: list[LineEntry],
    lines: tuple[QuoteLineInput, ...],
    discount: QuoteDiscount,
    old: QuoteDiscount,
) -> list[int]:
    """The entries holding a spec whose quote discount share changed."""
    new_shares, old_shares = discount.shares, old.shares
    moved = {
        spec_id
        for spec_id, _ in new_shares.items() ^ old_shares.items()
        if new_shares.get(spec_id, 0) != old_shares.get(spec_id, 0)
    }
    if not moved:
        return []
    position = dict(zip(map(attrgetter("id"), lines), count(), strict=False))
    for entry in compress(entries, map(_options_of, entries)):
        index = position[entry.line.id]
        for spec in entry.looked.specs[1:]:
            position[spec.id] = index
    return sorted({position[spec_id] for spec_id in moved if spec_id in position})
