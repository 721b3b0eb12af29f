"""The quote's totals, summed chunk by chunk so an edit re-adds only its own chunk.

Lines are cut into chunks where ``ends_chunk`` says so (by line id, and at most
``MAX_CHUNK`` lines), and each chunk keeps its partial sums: list and net totals,
costs, the rep's discretionary discounts, each kind of waterfall step, breaches and
errors. The quote adds the chunks up. Every amount here is exact in the engine's
60-digit context, so the chunked sums are the line-by-line sums, digit for digit;
and since the chunks depend only on the lines, pricing the same lines from scratch
or after an edit performs the very same additions.

After an edit, a chunk whose lines were only relabeled keeps its sums, and one where
a few lines only took another quote discount share has those lines' terms replaced
in its sums (``replace_term``: the same value and digits as summing again, or it
declines and the chunk is summed again).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import chain, compress, count, repeat
from operator import attrgetter, is_

from pricing.finishing import FinishedLine
from pricing.guardrails import GuardrailBreach, check_authority, check_margin
from pricing.money import ZERO, Money, ratio_percent
from pricing.reasons import PricingError
from pricing.request import PricingRequest
from pricing.results import PricedLine, PricedQuote
from pricing.values import quick_init
from pricing.waterfall import KindTotal, StepKind, WaterfallStep, summarize

MAX_CHUNK = 48
"""A chunk closes after this many lines even when no line id ends it."""

_delta = attrgetter("amount_delta")
_raises = attrgetter("raises_price")
_quote_level = attrgetter("quote_level")
_line = attrgetter("line")


@quick_init
@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive finished lines and their partial sums (over the priced ones)."""

    lines: tuple[FinishedLine, ...]
    priced_lines: tuple[PricedLine, ...]
    priced: int
    list_start: Decimal
    """The sum of the first steps' amounts (the quote waterfall's list price)."""
    list_total: Decimal
    net_total: Decimal
    cost_total: Decimal
    all_costs: bool
    discretionary: Decimal
    discretionary_base: Decimal
    kinds: Mapping[StepKind, KindTotal]
    breaches: tuple[GuardrailBreach, ...]
    errors: tuple[PricingError, ...]


def make_chunk(lines: tuple[FinishedLine, ...]) -> Chunk:
    """Sum one chunk of lines."""
    priced = 0
    list_start = list_total = net_total = cost_total = discretionary = base = ZERO
    all_costs = True
    kinds: dict[StepKind, list[WaterfallStep]] = {}
    breaches: list[GuardrailBreach] = []
    errors: list[PricingError] = []
    for finished in lines:
        line = finished.line
        if line.errors:  # a refused line has no amounts, nor breaches
            errors.extend(line.errors)
            continue
        priced += 1
        if line.breaches:
            breaches.extend(line.breaches)
        list_amount, net_amount = line.list_amount, line.net_amount
        if list_amount is None or net_amount is None:  # an engine bug
            raise AssertionError("a priced line has no amount")
        steps = line.steps
        list_start += steps[0].amount_after
        list_total += list_amount.amount
        net_total += net_amount.amount
        if all_costs:
            if line.cost_amount is None:
                all_costs = False
            else:
                cost_total += line.cost_amount.amount
        for step in steps[1:-1]:
            kind = step.kind
            if kind in kinds:
                kinds[kind].append(step)
            else:
                kinds[kind] = [step]
        if finished.counts_for_authority:
            discretionary += finished.discretionary
            base += finished.discretionary_base
    totals = {
        kind: KindTotal(
            sum(map(_delta, found), ZERO),
            len(found),
            any(map(_raises, found)),
            any(map(_quote_level, found)),
        )
        for kind, found in kinds.items()
    }
    return Chunk(
        lines,
        tuple(map(_line, lines)),
        priced,
        list_start,
        list_total,
        net_total,
        cost_total,
        all_costs,
        discretionary,
        base,
        totals,
        tuple(breaches),
        tuple(errors),
    )


PATCH_SHARE = 2
"""A chunk is patched, not summed again, when at most one line in this many changed."""


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: never an engine amount
        raise AssertionError(f"{value} is not a finite amount")
    return exponent


def replace_term(total: Decimal, old: Decimal, new: Decimal) -> Decimal | None:
    """``total``, a sum from ZERO, with its term ``old`` replaced by ``new``.

    Exact in the engine's context, so the value is the sum's anew; its exponent is too
    (an exact sum's exponent is the least of its terms') unless ``old`` held the least
    exponent and ``new`` has a greater one: then whether another term holds it takes a
    new sum, and the answer is None.
    """
    least = _exponent(old)
    if _exponent(new) > least and least <= _exponent(total):
        return None
    return total - old + new


def _patched(
    old: Chunk,
    lines: tuple[FinishedLine, ...],
    changed: Sequence[tuple[FinishedLine, FinishedLine]],
) -> Chunk | None:
    """``old`` with each pair's first line replaced by its second, a draft with the same
    amounts finished with another quote discount share (so only the net, the discretionary
    discount and the QUOTE_DISCOUNT step moved); None when a new sum is needed (a share
    going to zero, an exponent only a new sum could tell)."""
    net_total, discretionary = old.net_total, old.discretionary
    kinds = dict(old.kinds)
    breached = False  # a changed line had or has breaches: list them again
    for a, b in changed:
        before, after = a.line, b.line
        if not b.share or before.net_amount is None or after.net_amount is None:
            return None
        net = replace_term(net_total, before.net_amount.amount, after.net_amount.amount)
        if net is None:
            return None
        net_total = net
        if a.counts_for_authority:
            moved = replace_term(discretionary, a.discretionary, b.discretionary)
            if moved is None:
                return None
            discretionary = moved
        step = after.steps[-2]  # the QUOTE_DISCOUNT step, before NET
        total = kinds.get(step.kind)
        if total is None:
            total = KindTotal(ZERO + step.amount_delta, 1, step.raises_price, step.quote_level)
        elif a.share:
            delta = replace_term(total.delta, before.steps[-2].amount_delta, step.amount_delta)
            if delta is None:
                return None
            total = KindTotal(delta, total.count, total.raises_price, total.quote_level)
        else:
            total = KindTotal(
                total.delta + step.amount_delta,
                total.count + 1,
                total.raises_price or step.raises_price,
                total.quote_level or step.quote_level,
            )
        kinds[step.kind] = total
        breached = breached or bool(before.breaches or after.breaches)
    breaches = old.breaches
    if breached:
        breaches = tuple(chain.from_iterable(map(attrgetter("line.breaches"), lines)))
    return replace(
        _relined(old, lines),
        net_total=net_total,
        discretionary=discretionary,
        kinds=kinds,
        breaches=breaches,
    )


def _relined(old: Chunk, lines: tuple[FinishedLine, ...]) -> Chunk:
    """``old``'s sums over ``lines``, which add up to the very same sums."""
    return replace(old, lines=lines, priced_lines=tuple(map(_line, lines)))


def _updated(
    old: Chunk, lines: tuple[FinishedLine, ...], relabeled: Mapping[int, FinishedLine]
) -> Chunk:
    """The chunk of ``lines`` from ``old``, holding as many lines, the same ones at each place
    but some finished again: its sums kept (only labels moved), patched (a few shares
    moved), or summed again."""
    changed: list[tuple[FinishedLine, FinishedLine]] = []
    for a, b in zip(old.lines, lines, strict=True):
        if a is b:
            continue
        if a.draft is None or (a.draft is not b.draft and relabeled.get(id(b)) is not a):
            return make_chunk(lines)  # the line itself changed
        if a.share != b.share or (a.share and a.label != b.label):
            changed.append((a, b))
    if not changed:
        return _relined(old, lines)
    if len(changed) * PATCH_SHARE <= len(lines):
        patched = _patched(old, lines, changed)
        if patched is not None:
            return patched
    return make_chunk(lines)


def chunk_lines(
    lines: Sequence[FinishedLine],
    previous: Mapping[str, Chunk],
    relabeled: Mapping[int, FinishedLine] | None = None,
) -> list[Chunk]:
    """Cut ``lines`` into chunks, reusing what ``previous`` summed over the same lines.

    A chunk ends after a line that ``ends_chunk``, after ``MAX_CHUNK`` lines, or at
    the last line. ``previous`` maps the id of a chunk's first line to the chunk (see
    ``chunk_index``). A chunk of ``previous`` over as many lines is kept when it holds
    the very same ones; when only some were finished again from the same draft, or from
    a draft with the same amounts (``relabeled`` maps ``id(line)`` of such a new line to
    the old one: drafted again for a quote-wide quantity whose tier held, only a label
    moved), its sums are kept, or patched where quote discount shares moved. Any other
    change sums the chunk again.
    """
    moved = relabeled or {}
    chunks: list[Chunk] = []
    ends = list(compress(count(), map(attrgetter("ends_chunk"), lines)))
    if lines and (not ends or ends[-1] != len(lines) - 1):
        ends.append(len(lines) - 1)
    start = 0
    for end in ends:
        while start <= end:
            stop = min(end + 1, start + MAX_CHUNK)
            part = lines[start:stop]
            old = previous.get(part[0].line.line_id)
            if old is None or len(old.lines) != len(part):
                chunks.append(make_chunk(tuple(part)))
            elif all(map(is_, old.lines, part)):
                chunks.append(old)
            else:
                chunks.append(_updated(old, tuple(part), moved))
            start = stop
    return chunks


def chunk_index(chunks: Sequence[Chunk]) -> dict[str, Chunk]:
    """The chunks by the id of their first line (unique in a quote), for ``chunk_lines``."""
    return {chunk.lines[0].line.line_id: chunk for chunk in chunks}


_priced = attrgetter("priced")
_all_costs = attrgetter("all_costs")
_kinds = attrgetter("kinds")
_SUMMED = tuple(
    map(
        attrgetter,
        (
            "list_start",
            "list_total",
            "net_total",
            "cost_total",
            "discretionary",
            "discretionary_base",
        ),
    )
)


def priced_quote(
    request: PricingRequest, chunks: Sequence[Chunk], quote_error: PricingError | None
) -> PricedQuote:
    """The quote: its lines, totals, summarized waterfall, breaches and errors.

    Totals are sums of rounded lines; the quote-level guardrails use the summed
    discretionary discounts and the quote's margin.
    """
    currency = request.currency
    priced = sum(map(_priced, chunks))
    list_start, list_total, net_total, cost_total, discretionary, base = (
        sum(map(field, chunks), ZERO) for field in _SUMMED
    )
    all_costs = all(map(_all_costs, chunks))
    by_chunk = list(map(_kinds, chunks))
    kinds: dict[StepKind, list[KindTotal]] = {}
    for kind in StepKind:  # the chunks' totals per kind, in C
        found = list(filter(None, map(dict.get, by_chunk, repeat(kind))))
        if found:
            kinds[kind] = found
    margin = margin_percent = None
    if not (priced and all_costs):
        cost = None
    else:
        cost = Money(cost_total, currency)
        margin = net_total - cost_total
        margin_percent = ratio_percent(margin, net_total)
    policy = request.guardrails
    quote_breaches = (
        check_authority(None, policy.discount_authority_percent, discretionary, base),
        check_margin(None, policy.min_margin_percent, margin_percent),
    )
    breaches = list(chain.from_iterable(map(attrgetter("breaches"), chunks)))
    breaches.extend(b for b in quote_breaches if b is not None)
    errors = [] if quote_error is None else [quote_error]
    errors.extend(chain.from_iterable(map(attrgetter("errors"), chunks)))
    totals = {
        kind: KindTotal(
            sum(map(attrgetter("delta"), found), ZERO),
            sum(map(attrgetter("count"), found)),
            any(map(_raises, found)),
            any(map(_quote_level, found)),
        )
        for kind, found in kinds.items()
    }
    return PricedQuote(
        quote_id=request.quote_id,
        currency=currency,
        pricing_date=request.pricing_date,
        lines=tuple(chain.from_iterable(map(attrgetter("priced_lines"), chunks))),
        steps=summarize(list_start, totals),
        list_total=Money(list_total, currency),
        net_total=Money(net_total, currency),
        discount_total=Money(list_total - net_total, currency),
        total_discount_percent=ratio_percent(list_total - net_total, list_total),
        cost_total=cost,
        margin_amount=None if margin is None else Money(margin, currency),
        margin_percent=margin_percent,
        breaches=tuple(breaches),
        errors=tuple(errors),
    )
