"""Turning won deals into credits, and reversals into clawback credits.

Who gets credit: the owner, or the reps named in the splits (shares summing
to exactly 1), plus every manager above them in the hierarchy (roll-up
credit for manager plans). A manager above several split reps gets one
roll-up credit carrying the sum of their shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from commissions.credits import Credit, CreditingResult, CreditLine, CreditRole
from commissions.deals import Deal, DealLine, DealStatus, Reversal, Split
from commissions.money import ONE, ZERO, is_known_currency, round_money
from commissions.reasons import ReasonCode, Refusal, refusal


def credit_deal(
    deal: Deal, splits: tuple[Split, ...] = (), hierarchy: Mapping[str, str] | None = None
) -> CreditingResult:
    """Credit a WON deal to its sellers and their managers, or say why not.

    ``splits`` empty means the owner takes all of it; ``hierarchy`` maps a
    rep to their manager.
    """
    if deal.status is not DealStatus.WON:
        return CreditingResult(
            (), (refusal(ReasonCode.DEAL_NOT_WON, "Only won deals earn credit.", "status"),)
        )
    return credit_if_won(deal, splits, hierarchy)


def credit_if_won(
    deal: Deal, splits: tuple[Split, ...] = (), hierarchy: Mapping[str, str] | None = None
) -> CreditingResult:
    """The credits ``deal`` would produce if won on its close date (used by what-if estimates)."""
    problems = _check_deal(deal) + _check_splits(splits)
    if problems:
        return CreditingResult((), problems)
    direct = splits or (Split(deal.owner_id, ONE),)
    managers, cycle = _rollup_shares(direct, hierarchy or {})
    if cycle:
        return CreditingResult((), (cycle,))
    discount, margin = _deal_figures(deal.lines)
    credits = [
        _credit(deal, s.rep_id, CreditRole.DIRECT, s.share, discount, margin) for s in direct
    ]
    credits += [
        _credit(deal, rep, CreditRole.ROLLUP, share, discount, margin)
        for rep, share in managers.items()
    ]
    return CreditingResult(tuple(credits), ())


def claw_back(credits: tuple[Credit, ...], reversal: Reversal) -> CreditingResult:
    """Mirror a reversed deal's credits as negative credits dated on the reversal day.

    ``credits`` are the deal's credits so far, earlier clawbacks included, so
    a line returned once is not clawed back twice.
    """
    originals = [c for c in credits if c.deal_id == reversal.deal_id and not c.is_clawback]
    if not originals:
        return _refused(
            ReasonCode.NOTHING_TO_CLAW_BACK, "The deal has no credits to reverse.", "dealId"
        )
    if reversal.reversal_date < min(c.credit_date for c in originals):
        return _refused(
            ReasonCode.REVERSAL_BEFORE_CLOSE, "A reversal cannot precede the sale.", "reversalDate"
        )
    known = {line.line_id for c in originals for line in c.lines}
    parts = {r.line_id: r.quantity for r in reversal.returned_units}
    unknown = [line_id for line_id in (*reversal.line_ids, *parts) if line_id not in known]
    if unknown:
        return _refused(
            ReasonCode.UNKNOWN_DEAL_LINE, f"Unknown deal lines: {', '.join(unknown)}.", "lineIds"
        )
    returned = returned_so_far(credits)
    wanted = set(reversal.line_ids) | set(parts) or known
    mirrored = []
    for original in originals:
        lines: list[CreditLine] = []
        for line in original.lines:
            back = returned.get((original.credit_id, line.line_id))
            if line.line_id not in wanted or (back is not None and back.done(line)):
                continue
            units = parts.get(line.line_id)
            if units is not None and units * original.share > line.quantity - _q(back):
                left = (line.quantity - _q(back)) / original.share
                return _refused(
                    ReasonCode.NOTHING_TO_CLAW_BACK,
                    f"Only {left.normalize():f} units of line {line.line_id} are left to return.",
                    "returnedUnits",
                )
            if units is None and back is None:
                lines.append(_negated(line))
            else:
                lines.append(_returned_part(original, line, units, back))
        if lines:
            after = {**returned}
            for piece in lines:
                after[(original.credit_id, piece.line_id)] = _Returned.adding(
                    after.get((original.credit_id, piece.line_id)), piece
                )
            standing = any(
                not (after.get((original.credit_id, line.line_id)) or _NONE).done(line)
                for line in original.lines
            )
            mirrored.append(_mirror(original, tuple(lines), reversal, completes=not standing))
    if not mirrored:
        return _refused(
            ReasonCode.NOTHING_TO_CLAW_BACK, "These lines were already clawed back.", "lineIds"
        )
    return CreditingResult(tuple(mirrored), ())


@dataclass(frozen=True, slots=True)
class _Returned:
    """What earlier clawbacks took back of one credited line."""

    whole: bool
    """A clawback took the whole line at once (the line is done)."""
    quantity: Decimal
    amount: Decimal
    original_amount: Decimal

    def done(self, line: CreditLine) -> bool:
        """True when nothing of ``line`` is left to return."""
        return self.whole or self.quantity >= line.quantity

    @staticmethod
    def adding(before: _Returned | None, piece: CreditLine) -> _Returned:
        """``before`` plus one clawback line (negative figures)."""
        base = before or _NONE
        return _Returned(
            base.whole or piece.deal_quantity is None,
            base.quantity - piece.quantity,
            base.amount - piece.amount,
            base.original_amount - (piece.original_amount or ZERO),
        )


_NONE = _Returned(False, ZERO, ZERO, ZERO)


def returned_so_far(credits: tuple[Credit, ...]) -> dict[tuple[str, str], _Returned]:
    """Per (sale credit, line): what the clawbacks among ``credits`` took back of it."""
    found: dict[tuple[str, str], _Returned] = {}
    for credit in credits:
        if credit.reverses is None:
            continue
        for line in credit.lines:
            key = (credit.reverses, line.line_id)
            found[key] = _Returned.adding(found.get(key), line)
    return found


def _q(back: _Returned | None) -> Decimal:
    return ZERO if back is None else back.quantity


def _returned_part(
    original: Credit, line: CreditLine, units: Decimal | None, back: _Returned | None
) -> CreditLine:
    """The clawback of ``units`` deal units of ``line`` (None: all that is left of it).

    The amount is the line's, pro rata to the units, rounded to the currency's minor units;
    the piece that returns the last units takes exactly what is left, so returning a line in
    any number of pieces claws back exactly its amount."""
    before = back or _NONE
    left = line.quantity - before.quantity
    credited = left if units is None else units * original.share
    deal_quantity = line.quantity / original.share
    if credited == left:
        amount = line.amount - before.amount
        original_amount = (
            None if line.original_amount is None else line.original_amount - before.original_amount
        )
    else:
        amount = round_money(line.amount * credited / line.quantity, original.currency)
        original_amount = (
            None
            if line.original_amount is None or original.original_currency is None
            else round_money(
                line.original_amount * credited / line.quantity, original.original_currency
            )
        )
    return replace(
        line,
        amount=-amount,
        quantity=-credited,
        original_amount=None if original_amount is None else -original_amount,
        deal_quantity=deal_quantity,
    )


def _check_deal(deal: Deal) -> tuple[Refusal, ...]:
    problems = []
    if not deal.lines:
        problems.append(
            refusal(ReasonCode.DEAL_HAS_NO_LINES, "A deal needs at least one line.", "lines")
        )
    if not is_known_currency(deal.currency):
        problems.append(
            refusal(ReasonCode.UNKNOWN_CURRENCY, f"Unknown currency {deal.currency}.", "currency")
        )
    return tuple(problems)


def _check_splits(splits: tuple[Split, ...]) -> tuple[Refusal, ...]:
    if not splits:
        return ()
    problems = []
    seen: set[str] = set()
    for index, split in enumerate(splits):
        if not ZERO < split.share <= ONE:
            problems.append(
                refusal(
                    ReasonCode.INVALID_SPLIT_SHARE,
                    "A share is above 0 and at most 100%.",
                    "splits",
                    str(index),
                    "share",
                )
            )
        if split.rep_id in seen:
            problems.append(
                refusal(
                    ReasonCode.DUPLICATE_SPLIT_REP,
                    "A rep appears twice in the splits.",
                    "splits",
                    str(index),
                    "repId",
                )
            )
        seen.add(split.rep_id)
    total = sum((s.share for s in splits), ZERO)
    if total != ONE:
        problems.append(
            refusal(
                ReasonCode.SPLITS_NOT_100,
                f"Splits sum to {format(total * 100, 'f')}%, not 100%.",
                "splits",
            )
        )
    return tuple(problems)


def _rollup_shares(
    direct: tuple[Split, ...], hierarchy: Mapping[str, str]
) -> tuple[dict[str, Decimal], Refusal | None]:
    shares: dict[str, Decimal] = {}
    for split in direct:
        chain = {split.rep_id}
        manager = hierarchy.get(split.rep_id)
        while manager is not None:
            if manager in chain:
                return {}, refusal(
                    ReasonCode.HIERARCHY_CYCLE, f"The hierarchy loops at {manager}.", "hierarchy"
                )
            chain.add(manager)
            shares[manager] = shares.get(manager, ZERO) + split.share
            manager = hierarchy.get(manager)
    return shares, None


def _deal_figures(lines: tuple[DealLine, ...]) -> tuple[Decimal, Decimal | None]:
    """Revenue-weighted deal discount and margin (margin unknown if any line hides it)."""
    revenue = sum((line.amount for line in lines), ZERO)
    if revenue == ZERO:
        return ZERO, None
    discount = sum((line.amount * line.discount for line in lines), ZERO) / revenue
    if any(line.margin is None for line in lines):
        return discount, None
    margin = (
        sum((line.amount * line.margin for line in lines if line.margin is not None), ZERO)
        / revenue
    )
    return discount, margin


def _credit(
    deal: Deal,
    rep_id: str,
    role: CreditRole,
    share: Decimal,
    discount: Decimal,
    margin: Decimal | None,
) -> Credit:
    lines = tuple(
        CreditLine(
            line_id=line.line_id,
            product_id=line.product_id,
            family=line.family,
            amount=line.amount * share,
            quantity=line.quantity * share,
            discount=line.discount,
            margin=line.margin,
        )
        for line in deal.lines
    )
    return Credit(
        credit_id=f"{deal.deal_id}:{role.value}:{rep_id}",
        deal_id=deal.deal_id,
        rep_id=rep_id,
        role=role,
        share=share,
        credit_date=deal.close_date,
        rated_on=deal.close_date,
        currency=deal.currency,
        account=deal.account,
        lines=lines,
        deal_discount=discount,
        deal_margin=margin,
        deal_products=tuple(sorted({line.product_id for line in deal.lines})),
        deal_families=tuple(sorted({line.family for line in deal.lines})),
    )


def _negated(line: CreditLine) -> CreditLine:
    original = None if line.original_amount is None else -line.original_amount
    return replace(line, amount=-line.amount, quantity=-line.quantity, original_amount=original)


def _mirror(
    original: Credit, lines: tuple[CreditLine, ...], reversal: Reversal, completes: bool
) -> Credit:
    """``original`` turned around: its reversal on the reversal's date, linked back to it."""
    return replace(
        original,
        credit_id=f"{original.credit_id}~{reversal.reversal_id}",
        credit_date=reversal.reversal_date,
        lines=lines,
        reverses=original.credit_id,
        reversal_kind=reversal.kind,
        completes_reversal=completes,
    )


def _refused(code: ReasonCode, message: str, field: str) -> CreditingResult:
    return CreditingResult((), (refusal(code, message, field),))
