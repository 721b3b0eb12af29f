"""Demo commissions: plans, assignments for every rep and manager, last quarter's deals
won and closed into statements, a clawback, this quarter's wins, and open inquiries.

Made through the commissions and quote use cases (as ops, the reps and finance
would), dated relative to ``now``: "last quarter" is the fiscal quarter before
today's. Loading twice changes nothing (the plan's name is the marker).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import commissions as engine
from db.actor import Actor
from db.models.commissions import CommissionInquiry, InquiryCategory
from db.queries import demo as queries
from db.queries.users import user_by_email
from server.demo.quotes import QuoteMade, win
from server.demo.running import FINANCE, OPS, run, run_as
from services.commissions.calendar import load_calendar
from services.commissions.inquiries import InquiryStep, OpenInquiry, answer_inquiry, open_inquiry
from services.commissions.periods import close_commission_period, open_period
from services.commissions.plans import CreatePlan, Draft, assign_plan, create_plan
from services.commissions.quotes import ReverseQuote
from services.quotes.reversal import reverse_won_deal
from services.rows import get_or_refuse

REP_PLAN = "Field Sales FY2026"
MANAGER_PLAN = "Sales Manager Override FY2026"
REPS = [f"rep{i}@dealdesk.example" for i in range(1, 9)]
MANAGERS = ["east.manager@dealdesk.example", "west.manager@dealdesk.example"]
# Last quarter's deals per rep: (day offset from the quarter's start, [(sku, quantity)]).
HISTORY = [
    (12, [("SVC-INST", 6), ("SUP-BAS", 4)]),
    (41, [("SW-SEC", 200), ("SVC-TRN", 3)]),
    (80, [("SVC-INST", 10), ("SVC-TRN", 2)]),  # the last two weeks: x1.2
]
THIS_QUARTER = [
    ("rep1@dealdesk.example", [("SVC-INST", 4), ("SVC-TRN", 2)]),
    ("rep2@dealdesk.example", [("SW-SEC", 150)]),
    ("rep5@dealdesk.example", [("SVC-INST", 8), ("SUP-BAS", 2)]),
]
CLOSE_SECONDS = 600.0  # the API's long-operation allowance for a close
D = Decimal


def _rep_plan(
    products: dict[str, int], spif_start: date, spif_end: date
) -> tuple[engine.Component, ...]:
    def ids(sku: str) -> tuple[str, ...]:
        return (str(products[sku]),)

    tiers = (
        engine.Tier("Base", D("0"), D("1")),
        engine.Tier("Accelerator", D("1"), D("1.5")),
        engine.Tier("Club", D("1.5"), D("2")),
    )
    award = engine.Award(engine.AwardKind.NON_CASH, D("4000"), "A team trip to Lisbon")
    return (
        engine.BaseRate("base", "Base 15%", D("0.15")),
        engine.ProductRate("install", "Installation 20%", D("0.2"), ids("SVC-INST")),
        engine.ProductRate(
            "basic-support", "Basic support 5% (de-emphasised)", D("0.05"), ids("SUP-BAS")
        ),
        engine.SegmentIncentive(
            "enterprise",
            "Enterprise accounts +2% and 250 a deal",
            segments=("ENTERPRISE",),
            extra_rate=D("0.02"),
            amount_per_deal=D("250"),
        ),
        engine.QuotaTiers("tiers", "Quota accelerators", engine.TierMode.MARGINAL, tiers),
        engine.TimingAccelerator(
            "quarter-end", "Last two weeks of the quarter x1.2", D("1.2"), days=14
        ),
        engine.Spif(
            "training-trip",
            "Ten training workshops",
            spif_start,
            spif_end,
            D("10"),
            award,
            product_ids=ids("SVC-TRN"),
        ),
    )


OVERRIDE = (engine.BaseRate("override", "Team override 3%", D("0.03")),)


@dataclass(frozen=True, slots=True)
class Org:
    """Who and what the commissions demo builds on."""

    users: dict[str, int]  # by email
    products: dict[str, int]  # by SKU
    accounts: dict[str, int | None]  # each rep's first USD account, by the rep's email


async def _org(session: AsyncSession) -> Org | None:
    """The org to build on, or None when the demo commissions are already there."""
    if await queries.commission_plan_named(session, REP_PLAN) is not None:
        return None
    users = {}
    for email in [*REPS, *MANAGERS]:
        user = await user_by_email(session, email)
        assert user is not None, f"{email} is loaded with the org"
        users[email] = user.id
    accounts = {}
    for email in REPS:
        owned = await queries.account_ids_of(session, users[email], "USD")
        accounts[email] = next(iter(owned.values()), None)
    return Org(users, await queries.product_ids_by_sku(session), accounts)


async def load_commissions(
    sessions: async_sessionmaker[AsyncSession], now: datetime | None = None
) -> int:
    """Load the demo commissions once; returns how many statements the closed quarter produced."""
    now = now or datetime.now(UTC)
    org = await run(sessions, _org)
    if org is None:
        return 0
    setting = await run(sessions, load_calendar)
    today = now.date()
    current = setting.period_of(today)
    last = setting.period_of(current.start - timedelta(days=1))

    async def plans(session: AsyncSession, ops: Actor, now: datetime) -> None:
        components = _rep_plan(org.products, last.start, current.end)
        for name, parts, members, quota, ote in (
            (REP_PLAN, components, REPS, D("30000"), D("20000")),
            (MANAGER_PLAN, OVERRIDE, MANAGERS, D("120000"), None),
        ):
            plan = await create_plan(
                session, ops, now, CreatePlan(name, "USD", Draft(last.start, None, parts))
            )
            for email in members:
                assignment = engine.Assignment(
                    "new", str(org.users[email]), str(plan.id), last.start, None, quota, ote
                )
                await assign_plan(session, ops, now, assignment)

    await run_as(sessions, OPS, now, plans)

    won: dict[str, list[QuoteMade]] = {}
    for index, email in enumerate(REPS):
        account = org.accounts[email]
        if account is None:
            continue
        for offset, lines in HISTORY[: 2 + index % 2]:
            day = min(last.start + timedelta(days=offset + index), last.end)
            won.setdefault(email, []).append(
                await win(sessions, now, email, account, org.products, lines, day)
            )

    async def close_last_quarter(
        session: AsyncSession, finance: Actor, now: datetime
    ) -> tuple[int, int]:
        period = await open_period(session, finance, now, last.start)
        await session.flush()
        row, closed = await close_commission_period(
            session, finance, now, period.id, period.version, CLOSE_SECONDS
        )
        return row.id, closed.statements

    period_id, statements = await run_as(sessions, FINANCE, now, close_last_quarter)

    async def open_this_quarter(session: AsyncSession, finance: Actor, now: datetime) -> None:
        await open_period(session, finance, now, current.start)

    await run_as(sessions, FINANCE, now, open_this_quarter)

    # A cancelled deal from last quarter: its clawback lands in this quarter.
    cancelled = won["rep6@dealdesk.example"][0]
    reversal = ReverseQuote(
        cancelled.quote_id,
        cancelled.version,
        engine.ReversalKind.CANCELLED,
        reason="Customer cancelled the rollout",
    )
    await run_as(sessions, FINANCE, now, lambda s, a, n: reverse_won_deal(s, a, n, reversal))
    # This quarter so far.
    for email, lines in THIS_QUARTER:
        account = org.accounts[email]
        if account is not None:
            day = max(current.start, today - timedelta(days=3))
            await win(sessions, now, email, account, org.products, lines, day)

    await _inquiries(sessions, now, org, period_id)
    return statements


async def _inquiries(
    sessions: async_sessionmaker[AsyncSession], now: datetime, org: Org, period_id: int
) -> None:
    rep1, rep5 = "rep1@dealdesk.example", "rep5@dealdesk.example"

    async def wrong_rate(session: AsyncSession, rep: Actor, now: datetime) -> None:
        line = await queries.first_statement_line(session, rep.user_id, period_id)
        if line is not None:
            question = OpenInquiry(
                InquiryCategory.WRONG_RATE,
                "The installation days should pay 20%, not the base rate.",
                statement_line_id=line,
                attachment_ref="uploads/po-4711.pdf",
            )
            await open_inquiry(session, rep, now, question)

    async def wrong_split(session: AsyncSession, rep: Actor, now: datetime) -> int | None:
        credit = await queries.newest_credit(session, rep.user_id)
        if credit is None:
            return None
        question = OpenInquiry(
            InquiryCategory.WRONG_SPLIT,
            "Casey helped on this deal; should it be split?",
            credit_id=credit,
        )
        return (await open_inquiry(session, rep, now, question)).id

    await run_as(sessions, rep1, now, wrong_rate)
    inquiry_id = await run_as(sessions, rep5, now, wrong_split)
    if inquiry_id is None:
        return

    async def answer(session: AsyncSession, finance: Actor, now: datetime) -> None:
        inquiry = await get_or_refuse(session, CommissionInquiry, inquiry_id)
        reply = "Splits are set on the quote before the win; we are checking with your manager."
        await answer_inquiry(session, finance, now, InquiryStep(inquiry.id, inquiry.version, reply))

    await run_as(sessions, FINANCE, now, answer)
