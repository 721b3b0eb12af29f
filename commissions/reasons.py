"""Reason codes: why the engine refused to credit, compute or estimate.

Expected business failures are values in results, never exceptions: the
GraphQL layer maps each :class:`Refusal` one-to-one onto a typed
``UserError { code field message }``. Exceptions are kept for programmer
errors (for example passing a state built for another plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ReasonCode(str, Enum):
    """Stable codes; the API exposes them as the ``ErrorCode`` enum, so never rename one."""

    # crediting
    DEAL_NOT_WON = "DEAL_NOT_WON"
    DEAL_HAS_NO_LINES = "DEAL_HAS_NO_LINES"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    SPLITS_NOT_100 = "SPLITS_NOT_100"
    INVALID_SPLIT_SHARE = "INVALID_SPLIT_SHARE"
    DUPLICATE_SPLIT_REP = "DUPLICATE_SPLIT_REP"
    HIERARCHY_CYCLE = "HIERARCHY_CYCLE"
    # clawbacks
    NOTHING_TO_CLAW_BACK = "NOTHING_TO_CLAW_BACK"
    REVERSAL_BEFORE_CLOSE = "REVERSAL_BEFORE_CLOSE"
    UNKNOWN_DEAL_LINE = "UNKNOWN_DEAL_LINE"
    # plans and assignments
    OVERLAPPING_PLAN_VERSIONS = "OVERLAPPING_PLAN_VERSIONS"
    OVERLAPPING_ASSIGNMENTS = "OVERLAPPING_ASSIGNMENTS"
    INVALID_PLAN = "INVALID_PLAN"
    NO_PLAN_VERSION = "NO_PLAN_VERSION"
    PERIOD_KIND_MISMATCH = "PERIOD_KIND_MISMATCH"
    ASSIGNMENT_NOT_ACTIVE = "ASSIGNMENT_NOT_ACTIVE"
    MISSING_QUOTA = "MISSING_QUOTA"
    # credits that a period leaves out
    CREDIT_OUTSIDE_PERIOD = "CREDIT_OUTSIDE_PERIOD"
    CREDIT_OUTSIDE_ASSIGNMENT = "CREDIT_OUTSIDE_ASSIGNMENT"
    CREDIT_FOR_OTHER_REP = "CREDIT_FOR_OTHER_REP"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    # estimates
    NOT_CREDITED_TO_REP = "NOT_CREDITED_TO_REP"
    DEAL_OUTSIDE_PERIOD = "DEAL_OUTSIDE_PERIOD"
    # statements
    PERIOD_NOT_COMPUTED = "PERIOD_NOT_COMPUTED"
    AMOUNT_NOT_IN_MINOR_UNITS = "AMOUNT_NOT_IN_MINOR_UNITS"


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason the engine said no, shaped like the API's ``UserError``.

    ``field`` is the path of the offending input (``("splits", "2", "share")``)
    so a phone can put the message next to the right control.
    """

    code: ReasonCode
    field: tuple[str, ...]
    message: str


def refusal(code: ReasonCode, message: str, *field: str) -> Refusal:
    """Shorthand used throughout the engine to keep call sites on one line."""
    return Refusal(code=code, field=tuple(field), message=message)
