"""A quote's expected close date changed: record it, and catch a slip the moment it happens.

Every change is a row of the quote's close-date history. A move into a later fiscal
quarter (``gamification.slippage``) is also a slippage event: the amount, the two
periods and the rep's reason, which is required then (a commercial forecast asks
"why did it slip?" at the moment the rep moves the date, not in next week's review).
The rep's manager, and their managers, hear of it live through NOTIFY (keys only:
the event's id and who may want it; subscribers read the row).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.events import publish
from db.models.performance_forecast import QuoteCloseDateChange, SlippageEvent
from db.models.quotes import Quote
from db.queries import commissions as commission_queries
from gamification.calendar import PeriodCalendar
from gamification.slippage import Slippage, detect_slippage
from services.notifications.outbox import slippage_event
from services.performance.quote_facts import on_quote_slipped
from services.refusal import Code, refuse
from services.validation import optional_text

SLIPPAGE_TOPIC = "slippage"
REASON_FIELD = ("input", "closeDateChangeReason")
REASON_MAX_LENGTH = 500


async def fiscal_calendar(session: AsyncSession) -> PeriodCalendar:
    """The performance calendar on the commission calendar's fiscal year (civil by default)."""
    row = await commission_queries.calendar_row(session)
    if row is None:
        return PeriodCalendar()
    return PeriodCalendar(row.first_month, named_by_end_year=row.named_by_end_year)


async def managers_above(session: AsyncSession, rep_id: int) -> list[int]:
    """The rep's manager, their manager, and so on up the hierarchy."""
    chain = await commission_queries.manager_chain(session, [rep_id])
    above: list[int] = []
    user = rep_id
    while (manager := chain.get(user)) is not None and manager not in above:
        above.append(manager)
        user = manager
    return above


async def record_close_date(
    session: AsyncSession,
    actor: Actor | None,
    now: datetime,
    quote: Quote,
    previous: date | None,
    reason: str | None = None,
) -> SlippageEvent | None:
    """Record that ``quote``'s expected close date is now ``quote.expected_close_date``
    (was ``previous``); the slippage event when that is a slip. A slip without a reason is
    refused (REQUIRED on ``closeDateChangeReason``), so nothing is saved."""
    new = quote.expected_close_date
    if new is None or new == previous:
        return None
    reason = optional_text(reason, REASON_FIELD, max_length=REASON_MAX_LENGTH)
    actor_id = actor.user_id if actor else None
    session.add(
        QuoteCloseDateChange(
            quote_id=quote.id, from_date=previous, to_date=new, reason=reason, actor_id=actor_id
        )
    )
    if previous is None:  # a first date is a forecast, not a slip
        return None
    slip = detect_slippage(previous, new, quote.net_total, await fiscal_calendar(session))
    if slip is None:
        return None
    if reason is None or actor_id is None:
        raise refuse(
            Code.REQUIRED,
            f"The close moves from {slip.from_period.label} to {slip.to_period.label}: "
            "say why it slipped.",
            REASON_FIELD,
        )
    event = _slippage_event(quote, slip, reason, actor_id)
    session.add(event)
    await session.flush()
    announced = {
        "id": event.id,
        "rep_id": quote.owner_id,
        "managers": await managers_above(session, quote.owner_id),
    }
    await publish(session, SLIPPAGE_TOPIC, **announced)
    outside = {"quote_id": quote.id, "from_period": event.from_period, "to_period": event.to_period}
    await slippage_event(session, {**announced, **outside})  # the outbox: webhooks and push
    await on_quote_slipped(session, quote, event.id, event.amount, now)
    return event


def _slippage_event(quote: Quote, slip: Slippage, reason: str, actor_id: int) -> SlippageEvent:
    same = {name: getattr(slip, name) for name in ("from_date", "to_date", "amount", "quarters")}
    periods = {"from_period": slip.from_period.label, "to_period": slip.to_period.label}
    return SlippageEvent(
        quote_id=quote.id,
        rep_id=quote.owner_id,
        currency=quote.currency,
        reason=reason,
        actor_id=actor_id,
        **same,
        **periods,
    )
