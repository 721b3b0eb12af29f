"""The demo data: quotes in every status, loaded through the API, repeatable."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote, QuoteStatus
from server.demo import load_demo
from tests.conftest import truncate_all


async def test_demo_has_quotes_in_every_status_and_loads_twice_without_duplicates(
    app: Starlette,
) -> None:
    sessions = create_session_factory(app.state.engine)
    try:
        await load_demo(sessions)
        async with sessions() as session:
            first_count = await session.scalar(select(func.count()).select_from(Quote))
        await load_demo(sessions)
        async with sessions() as session:
            statuses = set((await session.scalars(select(Quote.status))).all())
            count = await session.scalar(select(func.count()).select_from(Quote))
            request_statuses = set((await session.scalars(select(ApprovalRequest.status))).all())
    finally:
        await truncate_all(app)

    assert statuses == set(QuoteStatus)
    assert count == first_count and count >= 15
    assert request_statuses == set(ApprovalRequestStatus)
