"""The engine's refusals as use-case refusals, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import commissions as engine
from services.refusal import Code, Refusal, Refused

CODES = {
    engine.ReasonCode.SPLITS_NOT_100: Code.SPLITS_NOT_100,
    engine.ReasonCode.OVERLAPPING_PLAN_VERSIONS: Code.OVERLAPPING_VERSIONS,
    engine.ReasonCode.OVERLAPPING_ASSIGNMENTS: Code.OVERLAPPING_ASSIGNMENTS,
    engine.ReasonCode.INVALID_PLAN: Code.INVALID_PLAN,
    engine.ReasonCode.UNKNOWN_CURRENCY: Code.INVALID,
    engine.ReasonCode.CURRENCY_MISMATCH: Code.CURRENCY_MISMATCH,
    engine.ReasonCode.NOTHING_TO_CLAW_BACK: Code.INVALID_STATE,
    engine.ReasonCode.DEAL_NOT_WON: Code.INVALID_STATE,
    engine.ReasonCode.UNKNOWN_DEAL_LINE: Code.NOT_FOUND,
    engine.ReasonCode.EXCHANGE_RATE_MISSING: Code.EXCHANGE_RATE_MISSING,
}


def refusal_of(refusal: engine.Refusal, prefix: Sequence[str] = ("input",)) -> Refusal:
    return Refusal(
        CODES.get(refusal.code, Code.INVALID), refusal.message, (*prefix, *refusal.field)
    )


def refused(refusals: Iterable[engine.Refusal], prefix: Sequence[str] = ("input",)) -> Refused:
    """``raise refused(result.refusals)``: the engine's reasons, pointing into the input."""
    return Refused(*(refusal_of(r, prefix) for r in refusals))
