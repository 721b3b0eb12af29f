"""Reason codes: why the engine refused to credit, compute or estimate.

Expected business failures are values in results, never exceptions: the
GraphQL layer maps each :class:`Refusal` one-to-one onto a typed
``UserError { code field message }``. Exceptions are kept for programmer
errors (for example passing a state built for another plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import auto

from commissions.enums import NamedEnum


class ReasonCode(NamedEnum):
    """Stable codes; the API exposes them as the ``ErrorCode`` enum, so never rename one."""

    # crediting
    DEAL_NOT_WON = auto()
    """Only a won deal earns credit."""
    DEAL_HAS_NO_LINES = auto()
    """A deal to credit has no lines."""
    UNKNOWN_CURRENCY = auto()
    """The currency is not an ISO 4217 code the engine knows."""
    SPLITS_NOT_100 = auto()
    """The shares of a deal's splits do not sum to exactly 1."""
    INVALID_SPLIT_SHARE = auto()
    """A split share is not above 0 and at most 1."""
    DUPLICATE_SPLIT_REP = auto()
    """A rep appears twice in one deal's splits."""
    HIERARCHY_CYCLE = auto()
    """The manager hierarchy loops, so roll-up credit has no top."""
    # clawbacks
    NOTHING_TO_CLAW_BACK = auto()
    """The deal, or these lines of it, have no credit left to reverse."""
    REVERSAL_BEFORE_CLOSE = auto()
    """A reversal is dated before the sale it reverses."""
    UNKNOWN_DEAL_LINE = auto()
    """A partial return names a line the deal was not credited for."""
    # plans and assignments
    OVERLAPPING_PLAN_VERSIONS = auto()
    """Two versions of one plan are in force on the same day."""
    OVERLAPPING_ASSIGNMENTS = auto()
    """A rep is assigned to two plans on the same day."""
    INVALID_PLAN = auto()
    """A component or the versions of a plan fail the sanity checks."""
    NO_PLAN_VERSION = auto()
    """No version of the plan is in force in the period."""
    PERIOD_KIND_MISMATCH = auto()
    """The period asked for is not the kind the plan pays per."""
    ASSIGNMENT_NOT_ACTIVE = auto()
    """The rep is not on the plan in the period."""
    MISSING_QUOTA = auto()
    """Quota tiers need the assignment to carry a quota above 0."""
    # credits that a period leaves out
    CREDIT_OUTSIDE_PERIOD = auto()
    """A credit is dated outside the period."""
    CREDIT_OUTSIDE_ASSIGNMENT = auto()
    """A credit is dated on a day the rep is not on the plan."""
    CREDIT_FOR_OTHER_REP = auto()
    """A credit belongs to another rep."""
    CURRENCY_MISMATCH = auto()
    """A credit, deal or amount is not in the currency of the plan or statement."""
    EXCHANGE_RATE_MISSING = auto()
    """A credit or deal is in another currency than the plan's and no exchange rate for the
    pair is valid on its date: it is refused, never skipped."""
    # estimates
    NOT_CREDITED_TO_REP = auto()
    """The deal would not credit the rep being estimated."""
    DEAL_OUTSIDE_PERIOD = auto()
    """The deal closes outside the period (or the assignment) being estimated."""
    # statements
    PERIOD_NOT_COMPUTED = auto()
    """A statement was asked of a period that could not be computed."""
    AMOUNT_NOT_IN_MINOR_UNITS = auto()
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


class Refusable:
    """A result that carries the reasons it was refused, if any."""

    __slots__ = ()
    refusals: tuple[Refusal, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was refused."""
        return not self.refusals


def refusal(code: ReasonCode, message: str, *field: str) -> Refusal:
    """Shorthand used throughout the engine to keep call sites on one line."""
    return Refusal(code=code, field=tuple(field), message=message)
