"""Demo data: a realistic small sales org, loadable any number of times without duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.demo.activities import load_activities
from server.demo.approvals import load_approval_rules
from server.demo.catalog import load_catalog
from server.demo.clauses import load_clauses
from server.demo.commissions import load_commissions
from server.demo.content import load_content
from server.demo.content_attachments import demo_attachments, load_content_attachments
from server.demo.contests import award_badges, load_contests
from server.demo.forecast import load_forecast
from server.demo.org import DEMO_PASSWORD, load_org
from server.demo.quotes import load_quotes
from server.demo.running import OPS, run, run_as
from server.demo.targets import load_targets
from services.people.passwords import Argon2Parameters


@dataclass(frozen=True, slots=True)
class DemoSummary:
    password: str
    logins: list[tuple[str, str, str]]  # (email, name, roles)
    accounts: int
    products: int


async def load_demo(
    sessions: async_sessionmaker[AsyncSession],
    *,
    with_quotes: bool = True,
    password_parameters: Argon2Parameters = Argon2Parameters(),
    now: datetime | None = None,
    attachments_dir: Path | None = None,
) -> DemoSummary:
    """Load what is not there yet, one transaction per section, through the use cases,
    dated relative to ``now`` (the clock's by default). A later load adds the activities
    that have happened since: a rep's day is the same whenever it is made."""
    now = now or datetime.now(UTC)
    org = await run(sessions, lambda session: load_org(session, now, password_parameters))
    products = await run_as(sessions, OPS, now, load_catalog)
    await run_as(sessions, OPS, now, load_clauses)
    await run_as(sessions, OPS, now, load_approval_rules)
    if with_quotes:
        await load_quotes(sessions, now)
        await load_contests(sessions, now)  # V3: contests, badges, onboarding
        await run_as(sessions, OPS, now, load_content)  # the enablement library
        if attachments_dir is not None:  # and a file or two on it, where the store is known
            store = demo_attachments(attachments_dir)
            await run_as(
                sessions, OPS, now, lambda s, a, t: load_content_attachments(s, a, t, store)
            )
        # A month of activities (before the wins, so a sale can follow a transfer; after
        # the onboarding enrolment, so a training completes its item), then the forecast.
        await load_targets(sessions, now)
        await load_activities(sessions, now)
        await load_commissions(sessions, now)
        await load_forecast(sessions, now)
        await award_badges(sessions, now)
    return DemoSummary(
        password=DEMO_PASSWORD, logins=org.logins, accounts=org.accounts, products=products
    )
