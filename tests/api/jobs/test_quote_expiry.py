"""Quote expiry: an offer whose last valid day has passed moves to EXPIRED on its own, with its
history event and an audit entry, on schedule, and only once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from starlette.applications import Starlette
from strawberry.relay import from_base64

from db.engine import create_session_factory
from db.models.audit import AuditEvent
from db.models.quotes import QuoteEvent
from server.jobs import tasks
from server.jobs.runtime import JobRuntime
from tests.api.jobs.conftest import FakeClock, eventually, lapse, quote_status
from tests.api.jobs.test_tasks_run_twice import context
from tests.api.quotes.conftest import SEND, SUBMIT, Quotes


async def sent_quote(quotes: Quotes) -> int:
    """A quote within its rep's authority, approved on submit and sent."""
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))
    assert sent["status"] == "SENT"
    return int(from_base64(sent["id"])[1])


async def approved_quote(quotes: Quotes) -> int:
    approved = await quotes.move(SUBMIT, await quotes.create())
    assert approved["status"] == "APPROVED"
    return int(from_base64(approved["id"])[1])


async def traces(app: Starlette, quote_id: int) -> tuple[list[tuple[str, str | None]], int]:
    """The quote's EXPIRE history events (from status) and its ``quote.expire`` audit entries."""
    async with create_session_factory(app.state.engine)() as session:
        events = (
            await session.execute(
                select(QuoteEvent.kind, QuoteEvent.from_status).where(
                    QuoteEvent.quote_id == quote_id, QuoteEvent.to_status == "EXPIRED"
                )
            )
        ).all()
        audits = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "quote.expire", AuditEvent.entity_id == str(quote_id))
        )
    return [(kind, origin) for kind, origin in events], int(audits or 0)


async def test_lapsed_sent_and_approved_quotes_expire_once_and_the_rest_stay(
    app: Starlette, quotes: Quotes, clock: FakeClock, runtime: JobRuntime
) -> None:
    sent, approved, valid = (
        await sent_quote(quotes),
        await approved_quote(quotes),
        await sent_quote(quotes),
    )
    draft = int(from_base64((await quotes.create())["id"])[1])
    for lapsed in (sent, approved, draft):
        await lapse(app, lapsed, clock.now)

    first = await tasks.expire_quotes(context(runtime), 0)
    second = await tasks.expire_quotes(context(runtime), 0)

    assert (first, second) == (2, 0)
    assert [await quote_status(app, q) for q in (sent, approved, valid, draft)] == [
        "EXPIRED",
        "EXPIRED",
        "SENT",
        "DRAFT",
    ]
    assert await traces(app, sent) == ([("EXPIRE", "SENT")], 1)
    assert await traces(app, approved) == ([("EXPIRE", "APPROVED")], 1)


async def test_a_quote_expires_on_schedule_the_day_after_its_last_valid_day(
    app: Starlette, quotes: Quotes, clock: FakeClock, expiry_worker: None
) -> None:
    quote = await sent_quote(quotes)
    await lapse(app, quote, clock.now + timedelta(days=1))  # today is its last valid day
    await clock.runs_finish(2)
    on_its_last_day = await quote_status(app, quote)

    clock.advance(timedelta(days=1))

    async def expired() -> bool:
        """the quote expired"""
        return await quote_status(app, quote) == "EXPIRED"

    await eventually(expired)

    assert on_its_last_day == "SENT"
    assert await traces(app, quote) == ([("EXPIRE", "SENT")], 1)
