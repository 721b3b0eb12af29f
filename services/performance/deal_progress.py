"""Contest progress a deal would bring if it were won now (``previewDeal``): for each
running individual contest enrolling the rep, whether the deal counts, the score it adds and
the rank it would reach (``gamification.deal_progress``), against the live board.

Reads: one statement finds the contests (rows), the metric definitions are read once, then each
contest's board and rules (a fixed number per contest, however many lines the deal has).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_contests import Contest
from db.queries.contests import running_contests_for
from gamification.deal_progress import DealProgress, progress
from gamification.facts import Fact, attributes_of
from services.performance.contest_results import contest_board
from services.performance.context import load_definitions
from services.performance.metric_source import MetricSource

PROGRESS_CONTESTS_MAX = 20
"""The most running contests a preview reports on (the soonest to end first)."""


@dataclass(frozen=True, slots=True)
class WonDeal:
    """The deal as the SALE fact winning it would log (``services.performance.quote_facts``)."""

    rep_id: int
    account_id: int
    currency: str
    net_total: Decimal
    units: int


@dataclass(frozen=True, slots=True)
class ContestProgress:
    contest: Contest
    progress: DealProgress


def sale_fact(deal: WonDeal, now: datetime) -> Fact:
    """The SALE a win now would log, as the quote workflow logs it."""
    return Fact(
        rep_id=deal.rep_id,
        kind="SALE",
        occurred_at=now,
        quantity=Decimal(max(deal.units, 1)),
        amount=deal.net_total,
        customer_key=f"account:{deal.account_id}",
        attributes=attributes_of({"currency": deal.currency}),
        external_id="preview",
    )


async def contest_progress(
    session: AsyncSession, deal: WonDeal, now: datetime, source: MetricSource
) -> list[ContestProgress]:
    """The deal in every running individual contest enrolling its rep, soonest end first."""
    contests = await running_contests_for(session, deal.rep_id, now, PROGRESS_CONTESTS_MAX)
    if not contests:
        return []
    definitions = await load_definitions(session)
    fact = sale_fact(deal, now)
    found = []
    for contest in contests:
        definition = definitions.get(contest.metric_key)
        if definition is None:
            continue
        board = await contest_board(session, contest, now, source)
        if board.rules is None:  # closed since it was found: nothing to add to
            continue
        step = progress(
            board.rules, board.standings, str(deal.rep_id), definition, fact, now, definitions
        )
        found.append(ContestProgress(contest, step))
    return found
