"""Engine refusals → typed ``UserError``s, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import commissions as engine
from resolvers.mutation import Rejected
from schema.errors import ErrorCode, UserError, user_error

CODES = {
    engine.ReasonCode.SPLITS_NOT_100: ErrorCode.SPLITS_NOT_100,
    engine.ReasonCode.OVERLAPPING_PLAN_VERSIONS: ErrorCode.OVERLAPPING_VERSIONS,
    engine.ReasonCode.OVERLAPPING_ASSIGNMENTS: ErrorCode.OVERLAPPING_ASSIGNMENTS,
    engine.ReasonCode.INVALID_PLAN: ErrorCode.INVALID_PLAN,
    engine.ReasonCode.UNKNOWN_CURRENCY: ErrorCode.INVALID,
    engine.ReasonCode.CURRENCY_MISMATCH: ErrorCode.CURRENCY_MISMATCH,
    engine.ReasonCode.NOTHING_TO_CLAW_BACK: ErrorCode.INVALID_STATE,
    engine.ReasonCode.DEAL_NOT_WON: ErrorCode.INVALID_STATE,
    engine.ReasonCode.UNKNOWN_DEAL_LINE: ErrorCode.NOT_FOUND,
}


def refusal_error(refusal: engine.Refusal, prefix: Sequence[str] = ("input",)) -> UserError:
    return user_error(
        CODES.get(refusal.code, ErrorCode.INVALID), refusal.message, [*prefix, *refusal.field]
    )


def refused(refusals: Iterable[engine.Refusal], prefix: Sequence[str] = ("input",)) -> Rejected:
    return Rejected(*(refusal_error(r, prefix) for r in refusals))
