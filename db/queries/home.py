"""A rep's open quotes by urgency, in one statement: the home screen's first list.

The order (documented on ``RepHome.urgentQuotes``):

1. RETURNED: the quote's latest approval request came back to the rep, COUNTERED (waiting
   for the rep's answer) or REJECTED (not resubmitted since), the longest-waiting first;
2. EXPIRING: valid until at most ``expiring_days`` days after the rep's today (or already
   past its date but not yet marked expired), the soonest first;
3. STALE: untouched (no quote event, close-date change or activity) for at least
   ``stale_days`` days, the longest-untouched first;
4. OPEN: the rest, the soonest validity end first.

Ties go to the lower quote id. A quote is in the first bucket it fits. The counts per bucket
come from window functions over the whole set, so the page is bounded and the counts exact.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    Select,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote
from db.queries.batches import one_of
from db.queries.team_view import OPEN_STATUSES, latest_activity, latest_touches

RETURNED, EXPIRING, STALE, OPEN = 1, 2, 3, 4
"""The buckets, most urgent first."""
RETURNED_STATUSES = (ApprovalRequestStatus.COUNTERED, ApprovalRequestStatus.REJECTED)


class UrgentQuote(NamedTuple):
    """One open quote of the page, with why it is where it is."""

    quote: Quote
    bucket: int
    returned_at: datetime | None
    """When the latest approval request came back (RETURNED only)."""
    request_status: ApprovalRequestStatus | None
    """The latest approval request's status, if any."""
    last_touched: datetime
    account: Account | None = None
    """The quote's account, when asked for with the page (``with_accounts``)."""


class UrgentPage(NamedTuple):
    """A bounded page of the rep's open quotes, most urgent first, and the counts."""

    quotes: list[UrgentQuote]
    total: int
    returned: int
    expiring: int
    stale: int


@functools.cache
def _urgent_statement(with_accounts: bool = False) -> Select[Any]:
    """The statement of ``urgent_quotes``, built once per kind: its values are the
    parameters ``owner``, ``expiring_until``, ``stale_before`` and ``limit``;
    ``with_accounts``, each quote's account comes in the same row (a join, no second
    statement)."""
    owner = bindparam("owner", type_=Integer)
    latest = (
        select(ApprovalRequest.status, ApprovalRequest.updated_at)
        .where(ApprovalRequest.quote_id == Quote.id)
        .order_by(ApprovalRequest.submitted_at.desc(), ApprovalRequest.id.desc())
        .limit(1)
        .lateral("latest")
    )
    mine = select(Quote.id).where(Quote.owner_id == owner, one_of(Quote.status, OPEN_STATUSES))
    touches = latest_touches(mine.cte("mine"))
    facts = (
        select(
            Quote.id.label("quote_id"),
            latest.c.status.label("request_status"),
            latest.c.updated_at.label("request_changed_at"),
            func.greatest(Quote.created_at, touches.c.at, latest_activity(Quote.id)).label(
                "touched"
            ),
            Quote.valid_until.label("valid_until"),
        )
        .select_from(Quote)
        .outerjoin(latest, true())
        .outerjoin(touches, touches.c.quote_id == Quote.id)
        .where(Quote.owner_id == owner, one_of(Quote.status, OPEN_STATUSES))
        .cte("facts")
        .prefix_with("MATERIALIZED")  # each quote's touch is computed once, not per use
    )
    f = facts.c
    returned = one_of(f.request_status, RETURNED_STATUSES)
    bucket = case(
        (returned, literal(RETURNED)),
        (f.valid_until <= bindparam("expiring_until", type_=Date), literal(EXPIRING)),
        (f.touched <= bindparam("stale_before", type_=DateTime(timezone=True)), literal(STALE)),
        else_=literal(OPEN),
    ).label("bucket")
    inner = select(
        f.quote_id,
        bucket,
        f.request_status,
        case((returned, f.request_changed_at)).label("returned_at"),
        f.touched,
        f.valid_until,
    ).subquery("open_quotes")
    c = inner.c
    valid_end = cast(c.valid_until, DateTime(timezone=False))
    sort_at = case(
        (c.bucket == RETURNED, func.timezone("UTC", c.returned_at)),
        (c.bucket == STALE, func.timezone("UTC", c.touched)),
        else_=valid_end,
    )
    statement = (
        select(
            Quote,
            c.bucket,
            c.returned_at,
            c.request_status,
            c.touched,
            func.count().over().label("total"),
            func.count().filter(c.bucket == RETURNED).over().label("returned"),
            func.count().filter(c.bucket == EXPIRING).over().label("expiring"),
            func.count().filter(c.bucket == STALE).over().label("stale"),
        )
        .join(inner, Quote.id == c.quote_id)
        .order_by(c.bucket, sort_at, Quote.id)
        .limit(bindparam("limit", type_=Integer))
    )
    if with_accounts:
        statement = statement.add_columns(Account).join(Account, Account.id == Quote.account_id)
    return statement


async def urgent_quotes(
    session: AsyncSession,
    owner_id: int,
    now: datetime,
    today: date,
    expiring_days: int,
    stale_days: int,
    limit: int,
    *,
    with_accounts: bool = False,
) -> UrgentPage:
    """The first ``limit`` open quotes of ``owner_id`` by urgency, with the counts of each
    bucket over all of them (and ``with_accounts`` each quote's account), in one
    statement."""
    params = {
        "owner": owner_id,
        "expiring_until": today + timedelta(days=expiring_days),
        "stale_before": now - timedelta(days=stale_days),
        "limit": limit,
    }
    rows = (await session.execute(_urgent_statement(with_accounts), params)).all()
    if not rows:
        return UrgentPage([], 0, 0, 0, 0)
    first = rows[0]
    return UrgentPage(
        [UrgentQuote(r[0], r[1], r[2], r[3], r[4], r[9] if with_accounts else None) for r in rows],
        first.total,
        first.returned,
        first.expiring,
        first.stale,
    )


def open_requests_on_quotes_of(owner_id: int) -> Select[tuple[ApprovalRequest]]:
    """The approval requests of ``owner_id``'s quotes still open: PENDING (waiting for an
    approver) or COUNTERED (waiting for the rep's answer)."""
    return (
        select(ApprovalRequest)
        .join(Quote, Quote.id == ApprovalRequest.quote_id)
        .where(
            Quote.owner_id == owner_id,
            one_of(
                ApprovalRequest.status,
                (ApprovalRequestStatus.PENDING, ApprovalRequestStatus.COUNTERED),
            ),
        )
    )
