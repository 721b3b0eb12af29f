"""One input line's pricing stages, kept as frozen values so a reprice can reuse them.

An input line goes through three stages: looked up (expanded into the line and its
bundle options, each with the rules that apply), drafted (walked to its rounding
point, which needs the quote-wide quantities of the tiers it is on) and finished
(quote discount share, NET, margin, guardrails). ``LineEntry`` holds all three;
each stage is redone only when what it depends on changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from operator import is_

from pricing.context import PricingContext
from pricing.finishing import FinishedLine, finish_line, refused_line
from pricing.guardrails import GuardrailPolicy
from pricing.line_pricing import LineDraft, build_waterfall, volume_tier_label
from pricing.line_rules import LineRules, look_up, look_up_one
from pricing.lines import LineSpec, expand_line
from pricing.quote_discount import QuoteDiscount
from pricing.reasons import PricingError
from pricing.request import QuoteLineInput
from pricing.values import quick_init, quick_new
from pricing.waterfall import StepKind, WaterfallStep


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


new_looked: Callable[
    [
        QuoteLineInput,
        tuple[LineSpec, ...],
        tuple[LineRules | tuple[PricingError, ...] | None, ...],
        tuple[tuple[str, int], ...],
    ],
    LookedLine,
] = quick_new(LookedLine)


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


new_entry: Callable[[LookedLine, tuple[LineDraft | None, ...], frozenset[str], bool], LineEntry] = (
    quick_new(LineEntry)
)


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
    if len(specs) == 1:  # the common case, without the loop's lists
        spec = specs[0]
        if spec.errors or spec.product is None:
            return new_looked(line, specs, _NOT_LOOKED, ())
        found = look_up_one(spec, spec.product, context)
        if isinstance(found, list):
            return new_looked(line, specs, (tuple(found),), ())
        schedule = found[0].quantity_schedule
        if schedule is not None and schedule.aggregate_across_quote:
            return new_looked(line, specs, found, ((schedule.id, spec.quantity),))
        return new_looked(line, specs, found, ())
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
    return new_looked(line, specs, tuple(looked), tuple(contributions))


_NOT_LOOKED: tuple[None] = (None,)
_NO_TIERS: frozenset[str] = frozenset()


def draft_line(looked: LookedLine, currency: str, aggregated: Mapping[str, int]) -> LineEntry:
    """Walk every priceable spec of ``looked`` to its rounding point (not finished yet)."""
    if len(looked.specs) == 1:  # the common case, without the comprehensions' lists
        rules = looked.looked[0]
        if not isinstance(rules, LineRules):
            return new_entry(looked, _NOT_LOOKED, _NO_TIERS, False)
        draft = build_waterfall(looked.specs[0], rules, currency, aggregated)
        tier = draft.shared_tier
        return new_entry(
            looked, (draft,), _NO_TIERS if tier is None else frozenset((tier[0],)), False
        )
    drafts = [
        build_waterfall(spec, rules, currency, aggregated) if isinstance(rules, LineRules) else None
        for spec, rules in zip(looked.specs, looked.looked, strict=True)
    ]
    shared = [d.shared_tier[0] for d in drafts if d is not None and d.shared_tier is not None]
    return new_entry(
        looked, tuple(drafts), frozenset(shared) if shared else _NO_TIERS, len(drafts) > 1
    )


def relabel_entry(entry: LineEntry, aggregated: Mapping[str, int]) -> LineEntry | None:
    """``entry`` drafted again for new quote-wide quantities, when every shared schedule
    keeps its tier; None when one picks another (draft it again: amounts change).

    The tier alone sets the step's amount, so the drafts keep every amount, digit for
    digit: only the VOLUME_TIER step's label, which quotes the quote-wide quantity, and
    ``shared_tier`` move.
    """
    drafts: list[LineDraft | None] = []
    for draft in entry.drafts:
        if draft is None or draft.shared_tier is None:
            drafts.append(draft)
            continue
        schedule_id, before = draft.shared_tier
        schedule = draft.rules.quantity_schedule
        if schedule is None:  # a shared tier comes from the quantity schedule
            return None
        after = aggregated.get(schedule_id, draft.spec.quantity)  # as ``build_waterfall``
        tier = schedule.tier_for(before)
        if schedule.tier_for(after) is not tier:
            return None
        steps = draft.steps
        if tier is not None and tier.discount_percent:
            label = volume_tier_label(schedule, tier, after)
            steps = tuple(
                _relabeled_step(step, label) if step.kind is StepKind.VOLUME_TIER else step
                for step in steps
            )
        drafts.append(
            LineDraft(
                draft.spec,
                draft.rules,
                steps,
                draft.amount,
                draft.units,
                draft.discretionary_base,
                draft.line_discount,
                (schedule_id, after),
            )
        )
    return LineEntry(entry.looked, tuple(drafts), entry.shared, entry.has_options)


def _relabeled_step(step: WaterfallStep, label: str) -> WaterfallStep:
    return WaterfallStep(
        step.kind,
        label,
        step.rule_id,
        step.amount_delta,
        step.amount_after,
        step.unit_price_after,
        step.raises_price,
        step.quote_level,
    )


def relabel_finished(
    entry: LineEntry, old: tuple[FinishedLine, ...], discount: QuoteDiscount
) -> tuple[FinishedLine, ...]:
    """``old``, the finished lines of the entry ``entry`` was relabeled from (``relabel_entry``),
    each taking its new draft's steps when its share and label held (nothing after the draft
    depends on a label); the others stay as they were, for ``finish_entry`` to finish again."""
    shares, label = discount.shares, discount.label
    done: list[FinishedLine] = []
    for previous, draft in zip(old, entry.drafts, strict=True):
        share = 0 if draft is None else shares.get(draft.spec.id, 0)
        if (
            draft is None
            or previous.draft is None
            or previous.draft is draft
            or previous.share != share
            or (share and previous.label != label)
        ):
            done.append(previous)
            continue
        line = previous.line
        done.append(
            FinishedLine(
                replace(line, steps=draft.steps + line.steps[len(draft.steps) :]),
                draft,
                share,
                previous.label,
                previous.discretionary,
                previous.discretionary_base,
                previous.counts_for_authority,
                previous.ends_chunk,
            )
        )
    return tuple(done)


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
