"""The pieces of the home screens that no other field already shows: open quotes by
urgency, a contest standing with the gap to the place above, new content counted."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import strawberry

from schema.enums import described_enum
from schema.types.approval_plan import ApprovalRequestStatus
from schema.types.content_relevance import NewContentForDeals
from schema.types.performance.contests import Contest, ContestStanding
from schema.types.quote import Quote


class Urgency(enum.Enum):
    RETURNED = "RETURNED"
    EXPIRING = "EXPIRING"
    STALE = "STALE"
    OPEN = "OPEN"


QuoteUrgency = described_enum(
    Urgency,
    "QuoteUrgency",
    "Why an open quote is where it is on the home screen; the values in urgency order.",
    {
        "RETURNED": "Its latest approval request came back to you: COUNTERED (answer the "
        "counter-offer) or REJECTED (revise and resubmit).",
        "EXPIRING": "Valid until a day within `expiringWithinDays` of your today (or already "
        "past it but not yet marked expired).",
        "STALE": "Untouched (no quote event, close-date change or activity) for at least "
        "`staleAfterDays` days.",
        "OPEN": "Open, nothing urgent.",
    },
)
URGENCY_OF_BUCKET = {1: Urgency.RETURNED, 2: Urgency.EXPIRING, 3: Urgency.STALE, 4: Urgency.OPEN}


@strawberry.type(description="One of your open quotes, with why it is this urgent.")
class UrgentQuote:
    quote: Quote
    """The quote."""
    urgency: QuoteUrgency  # type: ignore[valid-type]
    """Its bucket: RETURNED, then EXPIRING, then STALE, then OPEN."""
    days_to_expiry: int
    """Whole days from your today (in your time zone) to `validUntil`; negative when past."""
    days_since_touch: int
    """Whole days since it was last touched (creation, a quote event, a close-date change or
    an activity naming it)."""
    last_touched_at: datetime
    """When it was last touched."""
    approval_status: ApprovalRequestStatus | None  # type: ignore[valid-type]
    """The status of its latest approval request; null when never submitted."""
    returned_at: datetime | None
    """RETURNED only: when the approval request came back to you."""


@strawberry.type(
    description="Your open quotes (draft, pending approval, approved, sent, accepted), most "
    "urgent first: RETURNED (the longest waiting first), then EXPIRING (the soonest first), "
    "then STALE (the longest untouched first), then the rest (the soonest validity end "
    "first); ties by the older quote first. One statement, whatever the number of quotes."
)
class UrgentQuotes:
    total_count: int
    """How many open quotes you have."""
    returned_count: int
    """How many are RETURNED."""
    expiring_count: int
    """How many are EXPIRING."""
    stale_count: int
    """How many are STALE."""
    quotes: list[UrgentQuote]
    """The first `first` of them, most urgent first."""
    today: date
    """Your today, in your time zone: the day expiry is counted from."""


@strawberry.type(
    description="Your place in one contest running now, and the gap to the place above."
)
class HomeContestStanding:
    contest: Contest
    """The contest."""
    standing: ContestStanding
    """Your row of its live board: rank, position, score."""
    entrants: int
    """How many are ranked on the board."""
    gap_to_next: Decimal | None = strawberry.field(
        description="How much score you need to reach the rank just above yours (the "
        "difference to that rank's score, at 6 decimal places, in the contest's direction); "
        "null when you rank first."
    )


@strawberry.type(description="New content for your open deals: how many, and the best first.")
class HomeNewContent:
    count: int
    """How many items published in the last 14 days fit any of your open quotes, counted up
    to 50 (50 means 50 or more)."""
    items: list[NewContentForDeals]
    """The best-fitting `first` of them."""
