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
    """Only a won deal earns credit."""
    DEAL_HAS_NO_LINES = "DEAL_HAS_NO_LINES"
    """A deal to credit has no lines."""
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    """The currency is not an ISO 4217 code the engine knows."""
    SPLITS_NOT_100 = "SPLITS_NOT_100"
    """The shares of a deal's splits do not sum to exactly 1."""
    INVALID_SPLIT_SHARE = "INVALID_SPLIT_SHARE"
    """A split share is not above 0 and at most 1."""
    DUPLICATE_SPLIT_REP = "DUPLICATE_SPLIT_REP"
    """A rep appears twice in one deal's splits."""
    HIERARCHY_CYCLE = "HIERARCHY_CYCLE"
    """The manager hierarchy loops, so roll-up credit has no top."""
    # clawbacks
    NOTHING_TO_CLAW_BACK = "NOTHING_TO_CLAW_BACK"
    """The deal, or these lines of it, have no credit left to reverse."""
    REVERSAL_BEFORE_CLOSE = "REVERSAL_BEFORE_CLOSE"
    """A reversal is dated before the sale it reverses."""
    UNKNOWN_DEAL_LINE = "UNKNOWN_DEAL_LINE"
    """A partial return names a line the deal was not credited for."""
    # plans and assignments
    OVERLAPPING_PLAN_VERSIONS = "OVERLAPPING_PLAN_VERSIONS"
    """Two versions of one plan are in force on the same day."""
    OVERLAPPING_ASSIGNMENTS = "OVERLAPPING_ASSIGNMENTS"
    """A rep is assigned to two plans on the same day."""
    INVALID_PLAN = "INVALID_PLAN"
    """A component or the versions of a plan fail the sanity checks."""
    NO_PLAN_VERSION = "NO_PLAN_VERSION"
    """No version of the plan is in force in the period."""
    PERIOD_KIND_MISMATCH = "PERIOD_KIND_MISMATCH"
    """The period asked for is not the kind the plan pays per."""
    ASSIGNMENT_NOT_ACTIVE = "ASSIGNMENT_NOT_ACTIVE"
    """The rep is not on the plan in the period."""
    MISSING_QUOTA = "MISSING_QUOTA"
    """Quota tiers need the assignment to carry a quota above 0."""
    # credits that a period leaves out
    CREDIT_OUTSIDE_PERIOD = "CREDIT_OUTSIDE_PERIOD"
    """A credit is dated outside the period."""
    CREDIT_OUTSIDE_ASSIGNMENT = "CREDIT_OUTSIDE_ASSIGNMENT"
    """A credit is dated on a day the rep is not on the plan."""
    CREDIT_FOR_OTHER_REP = "CREDIT_FOR_OTHER_REP"
    """A credit belongs to another rep."""
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    """A credit, deal or amount is not in the currency of the plan or statement."""
    # estimates
    NOT_CREDITED_TO_REP = "NOT_CREDITED_TO_REP"
    """The deal would not credit the rep being estimated."""
    DEAL_OUTSIDE_PERIOD = "DEAL_OUTSIDE_PERIOD"
    """The deal closes outside the period (or the assignment) being estimated."""
    # statements
    PERIOD_NOT_COMPUTED = "PERIOD_NOT_COMPUTED"
    """A statement was asked of a period that could not be computed."""
    AMOUNT_NOT_IN_MINOR_UNITS = "AMOUNT_NOT_IN_MINOR_UNITS"
    """An adjustment or payout has more decimals than its currency."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason the engine said no, shaped like the API's ``UserError``."""

    code: ReasonCode
    field: tuple[str, ...]
    """The path of the offending input (``("splits", "2", "share")``), so a phone
    can put the message next to the right control."""
    message: str
    """A sentence for the person at the screen; match on ``code``, never on this."""


def refusal(code: ReasonCode, message: str, *field: str) -> Refusal:
    """Shorthand used throughout the engine to keep call sites on one line."""
    return Refusal(code=code, field=tuple(field), message=message)
