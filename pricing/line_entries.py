"""One input line's pricing stages, kept as frozen values so a reprice can reuse them.

An input line goes through three stages: looked up (expanded into the line and its
bundle options, each with the rules that apply), drafted (walked to its rounding
point, which needs the quote-wide quantities of the tiers it is on) and finished
(quote discount share, NET, margin, guardrails). ``LineEntry`` holds all three;
each stage is redone only when what it depends on changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pricing.context import PricingContext
from pricing.finishing import FinishedLine, finish_line, refused_line
from pricing.guardrails import GuardrailPolicy
from pricing.line_pricing import LineDraft, LineRules, build_waterfall, look_up
from pricing.lines import LineSpec, expand_line
from pricing.quote_discount import QuoteDiscount
from pricing.reasons import PricingError
from pricing.request import QuoteLineInput


@dataclass(frozen=True, slots=True)
class LookedLine:
    """An input line expanded and looked up: depends on the line and the catalog only.

    ``looked`` holds, per spec, the ``LineRules`` that apply, the refusals from the
    look-up, or None when the spec was refused before it (``spec.errors``).
    ``contributions`` are the quantities it adds to tiers aggregated across the quote.
    """

    line: QuoteLineInput
    specs: tuple[LineSpec, ...]
    looked: tuple[LineRules | tuple[PricingError, ...] | None, ...]
    contributions: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class LineEntry:
    """A looked-up line with its drafts and finished lines (one of each per spec).

    ``shared`` lists the schedules whose quote-wide quantity the drafts were built
    with: they hold while those sums do. ``net_ids`` and ``net_units`` are each draft's
    spec id and net in minor units, the quote discount's weights.
    """

    looked: LookedLine
    drafts: tuple[LineDraft | None, ...]
    shared: frozenset[str]
    net_ids: tuple[str, ...]
    net_units: tuple[int, ...]
    has_options: bool
    """Whether the line is a bundle with option lines."""
    finished: tuple[FinishedLine, ...] = ()

    @property
    def line(self) -> QuoteLineInput:
        """The input line."""
        return self.looked.line


def same_line(old: QuoteLineInput, new: QuoteLineInput) -> bool:
    """The same input line: the same object, or equal with the same Decimal digits.

    Equal Decimals may differ in scale (``10`` and ``10.0``), which the results show,
    so the parts holding Decimals must also read the same.
    """
    return old is new or (
        old == new
        and (old.discount is None or repr(old.discount) == repr(new.discount))
        and (old.configuration is None or repr(old.configuration) == repr(new.configuration))
    )


def look_up_line(line: QuoteLineInput, context: PricingContext) -> LookedLine:
    """Expand ``line`` into its specs and look up what applies to each."""
    specs = expand_line(line, context.products, context.currency)
    looked: list[LineRules | tuple[PricingError, ...] | None] = []
    contributions: list[tuple[str, int]] = []
    for spec in specs:
        if spec.errors or spec.product is None:
            looked.append(None)
            continue
        rules = look_up(spec, spec.product, context)
        if isinstance(rules, list):
            looked.append(tuple(rules))
            continue
        looked.append(rules)
        schedule = rules.quantity_schedule
        if schedule is not None and schedule.aggregate_across_quote:
            contributions.append((schedule.id, spec.quantity))
    return LookedLine(line, specs, tuple(looked), tuple(contributions))


def draft_line(looked: LookedLine, currency: str, aggregated: Mapping[str, int]) -> LineEntry:
    """Walk every priceable spec of ``looked`` to its rounding point (not finished yet)."""
    drafts = tuple(
        build_waterfall(spec, rules, currency, aggregated) if isinstance(rules, LineRules) else None
        for spec, rules in zip(looked.specs, looked.looked, strict=True)
    )
    priced = [d for d in drafts if d is not None]
    return LineEntry(
        looked,
        drafts,
        frozenset(d.shared_tier[0] for d in priced if d.shared_tier is not None),
        tuple(d.spec.id for d in priced),
        tuple(d.units for d in priced),
        len(looked.specs) > 1,
    )


def finish_entry(
    entry: LineEntry, discount: QuoteDiscount, policy: GuardrailPolicy, currency: str
) -> LineEntry:
    """``entry`` with its specs finished, reusing each finished line whose draft, share
    and label held (the same entry when all did)."""
    old = entry.finished
    shares, label = discount.shares, discount.label
    done: list[FinishedLine] = []
    for position, (spec, looked, draft) in enumerate(
        zip(entry.looked.specs, entry.looked.looked, entry.drafts, strict=True)
    ):
        previous = old[position] if old else None
        if draft is None:
            if previous is None:
                errors = spec.errors + (looked if isinstance(looked, tuple) else ())
                previous = refused_line(spec, errors)
            done.append(previous)
            continue
        share = shares.get(spec.id, 0)
        if (
            previous is None
            or previous.draft is not draft
            or previous.share != share
            or (share and previous.label != label)
        ):
            previous = finish_line(draft, share, label, policy, currency)
        done.append(previous)
    if old and all(a is b for a, b in zip(old, done, strict=True)):
        return entry
    return LineEntry(
        entry.looked,
        entry.drafts,
        entry.shared,
        entry.net_ids,
        entry.net_units,
        entry.has_options,
        tuple(done),
    )
