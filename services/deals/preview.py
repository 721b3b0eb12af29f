"""``preview_deal``: proposed lines for an account, priced once, and everything that price
decides, in one read (nothing is saved).

The pricing engine runs once; its ``PricedQuote`` value is handed, never through JSON, to
the approvals engine (the facts and plan a first submit would run, as
``previewApprovalPlan`` builds them for a saved quote), to the commissions engine (the
estimate ``estimateCommission`` gives, with the plan's SPIFs) and to gamification (the
SALE a win now would log, folded into each running contest of the rep). The content that
fits the deal is ranked by the same query as ``Quote.relevantContent``, for the proposed
products, account and competitors at the given stage (``relevant_for_proposal``, read when
asked).

The number of statements does not grow with the lines: pricing loads its slice in a fixed
number, the facts and the plan read products, floors, rules and the directory in one, the
estimate its stacked setting and period states in a fixed number; contests cost a fixed
number each (at most ``PROGRESS_CONTESTS_MAX``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

import commissions
import pricing
from db.actor import Actor
from db.models.quotes import QuoteStatus
from db.queries.content_relevance_proposed import ProposedDeal
from services.approvals.facts import Deal
from services.approvals.requests import PlannedApproval, plan_for_priced
from services.commissions.deals import priced_lines
from services.commissions.estimates import EstimateOutcome, WhatIf, estimate_what_if
from services.performance.deal_progress import ContestProgress, WonDeal, contest_progress
from services.performance.metric_source import MetricSource
from services.pricing.policy import PricingPolicy
from services.pricing.price_quote import (
    Proposal,
    account_and_viewer,
    check_lines,
    price_lines,
    row_id,
)
from services.quotes.competitors import competitor_keys
from services.refusal import Code, refuse

PREVIEW_QUOTE_ID = "preview"
"""The quote id the approval facts carry for a deal not saved yet."""


@dataclass(frozen=True, slots=True)
class DealProposal:
    """What to preview: ``proposal`` priced as ``priceQuote`` prices it, as ``rep_id``'s deal
    (the actor by default), closing on ``close_date`` (today by default) with ``splits``,
    naming ``competitors`` at ``stage``."""

    proposal: Proposal
    rep_id: int | None = None
    close_date: date | None = None
    splits: tuple[commissions.Split, ...] = ()
    competitors: tuple[str, ...] = ()
    stage: QuoteStatus = QuoteStatus.DRAFT


@dataclass(frozen=True, slots=True)
class DealPreview:
    """The one priced value and what each engine made of it."""

    priced: pricing.PricedQuote
    planned: PlannedApproval
    estimate: EstimateOutcome
    contests: list[ContestProgress]
    content: ProposedDeal
    """The deal as content relevance reads it (``services.content.relevance``)."""


async def preview_deal(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    source: MetricSource,
    asked: DealProposal,
) -> DealPreview:
    """Price, approval plan, commission estimate and contest progress of ``asked`` for one of
    the actor's accounts; a rep other than the actor must be one the actor may see (a
    manager's team), else NOT_FOUND, as a foreign account is."""
    proposal = asked.proposal
    check_lines(proposal.lines, policy)
    competitors = tuple(competitor_keys(asked.competitors))
    rep_id = actor.user_id if asked.rep_id is None else asked.rep_id
    if not actor.may_see_owner(rep_id):
        raise refuse(Code.NOT_FOUND, "No rep with this id.", ("input", "repId"))
    account, owner = await account_and_viewer(session, actor, proposal.account, rep_id)
    if owner is None:
        raise refuse(Code.NOT_FOUND, "No rep with this id.", ("input", "repId"))
    currency = proposal.currency or account.currency
    priced = await price_lines(
        session,
        account,
        owner,
        policy,
        proposal.lines,
        currency=currency,
        pricing_date=proposal.pricing_date or now.date(),
        quote_discount=proposal.quote_discount,
    )
    deal = Deal(PREVIEW_QUOTE_ID, rep_id, account.segment or "")
    planned = await plan_for_priced(
        session, priced, deal, policy.default_discount_authority_percent, now
    )
    what_if = WhatIf(
        rep_id,
        account,
        currency,
        asked.close_date or now.date(),
        priced_lines(priced),
        asked.splits,
    )
    estimate = await estimate_what_if(session, what_if)
    won = WonDeal(
        rep_id,
        account.id,
        currency,
        priced.net_total.amount,
        sum(line.quantity for line in proposal.lines),
    )
    contests = await contest_progress(session, won, now, source)
    products = sorted({pk for line in proposal.lines if (pk := row_id(line.product)) is not None})
    content = ProposedDeal(
        tuple(products), account.segment, account.industry, competitors, asked.stage
    )
    return DealPreview(priced, planned, estimate, contests, content)
