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
from operator import is_

from pricing.context import PricingContext
from pricing.finishing import FinishedLine, finish_line, refused_line
from pricing.guardrails import GuardrailPolicy
from pricing.line_pricing import LineDraft, LineRules, build_waterfall, look_up
from pricing.lines import LineSpec, expand_line
from pricing.quote_discount import QuoteDiscount
from pricing.reasons import PricingError
from pricing.request import QuoteLineInput
from pricing.values import quick_init


@quick_init
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


@quick_init
@dataclass(frozen=True, slots=True)
class LineEntry:
    """A looked-up line with its drafts (one per spec, None for a refused spec).

    ``shared`` lists the schedules whose quote-wide quantity the drafts were built
    with: they hold while those sums do.
    """

    looked: LookedLine
    drafts: tuple[LineDraft | None, ...]
    shared: frozenset[str]
    has_options: bool
    """Whether the line is a bundle with option lines."""

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


_NO_TIERS: frozenset[str] = frozenset()


def draft_line(looked: LookedLine, currency: str, aggregated: Mapping[str, int]) -> LineEntry:
    """Walk every priceable spec of ``looked`` to its rounding point (not finished yet)."""
    drafts = [
        build_waterfall(spec, rules, currency, aggregated) if isinstance(rules, LineRules) else None
        for spec, rules in zip(looked.specs, looked.looked, strict=True)
    ]
    shared = [d.shared_tier[0] for d in drafts if d is not None and d.shared_tier is not None]
    return LineEntry(
        looked, tuple(drafts), frozenset(shared) if shared else _NO_TIERS, len(drafts) > 1
    )


def same_amounts(old: LineEntry, new: LineEntry) -> bool:
    """Whether ``new``, ``old`` drafted again for other quote-wide quantities, kept every amount.

    A draft depends on a quote-wide quantity only through the tier it picks (the step's
    amount) and the label quoting it. When every shared schedule picks the same tier for
    its new quantity, each step of ``new`` has the amounts of ``old``'s, digit for digit
    (the same arithmetic on the same values): only labels differ.
    """
    for before, after in zip(old.drafts, new.drafts, strict=True):
        if before is None or after is None or before.shared_tier is None:
            continue
        schedule = before.rules.quantity_schedule
        if after.shared_tier is None or schedule is None:
            return False
        if schedule.tier_for(before.shared_tier[1]) is not schedule.tier_for(after.shared_tier[1]):
            return False
    return True


def finish_entry(
    entry: LineEntry,
    old: tuple[FinishedLine, ...],
    discount: QuoteDiscount,
    policy: GuardrailPolicy,
    currency: str,
) -> tuple[FinishedLine, ...]:
    """Each spec of ``entry`` finished, reusing each of ``old`` (the entry's previous
    finished lines, or none) whose draft, share and label held; ``old`` itself when all did."""
    shares, label = discount.shares, discount.label
    if len(entry.drafts) == 1 and (draft := entry.drafts[0]) is not None:  # the common case
        previous = old[0] if old else None
        share = shares.get(draft.spec.id, 0)
        if (
            previous is not None
            and previous.draft is draft
            and previous.share == share
            and (not share or previous.label == label)
        ):
            return old
        return (finish_line(draft, share, label, policy, currency),)
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
    if old and all(map(is_, old, done)):
        return old
    return tuple(done)
