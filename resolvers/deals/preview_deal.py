"""``previewDeal``: one answer for proposed lines: configuration, price, guardrails, the
approval plan, the rep's commission, incentives and content (nothing is saved).

Decoding and refusals follow ``priceQuote`` (a top-level ``BAD_USER_INPUT`` or
``NOT_FOUND`` naming the argument; line problems are issues of the price) and
``estimateCommission`` (``repId``, ``splits``). The use case is
``services.deals.preview.preview_deal``; the output types are the separate fields' own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db.queries.content_relevance import audience_of
from db.queries.content_relevance_proposed import ProposedDeal
from resolvers.approvals.queries import ApprovalPreview
from resolvers.commissions.estimate_commission import EstimateSplitInput, engine_splits, rep_of
from resolvers.mutation import empty_list_field
from resolvers.pricing.inputs import DiscountInput, PriceLineInput, discount, proposed_lines
from resolvers.pricing.inputs import reference as input_reference
from resolvers.pricing.queries import answer
from resolvers.quotes.inputs import CompetitorName
from schema.decimals import rate
from schema.permissions import require_viewer, signed_in
from schema.scalars import CurrencyCode
from schema.types.approval_plan import ApprovalPlan
from schema.types.commissions import (
    CommissionEstimate,
    CommissionSpifAward,
    CommissionSpifProgress,
)
from schema.types.commissions.estimate_outcome import estimate_type
from schema.types.content_relevance import RELEVANT_MAX, RelevantContentItem, check_first
from schema.types.pricing import ConfigurationResult, PriceBreach, PricedQuote
from schema.types.pricing_snapshot import configuration_type, priced_quote_type
from schema.types.quote import QuoteStatus
from services.content.relevance import relevant_for_proposal
from services.deals import preview as use_case
from services.performance.deal_progress import ContestProgress
from services.performance.metric_source import metric_source
from services.pricing.price_quote import Proposal

if TYPE_CHECKING:  # lazily: importing the contest types early would reorder enum wrapping
    from schema.types.performance.contests import Contest

CONTENT_DEFAULT = 5


@strawberry.input(
    description="Proposed lines for an account, as `priceQuote` takes them, and the deal around "
    "them: whose it is, when it would close, how the credit is split, the competitors and the "
    "stage. Nothing is stored."
)
class PreviewDealInput:
    account_id: relay.GlobalID
    """The global ID of the account (one you may see): its contracts, segment and currency apply."""
    lines: list[PriceLineInput]
    """The lines, each with its own `key`, at most as many as a quote may have."""
    currency: CurrencyCode | None = None
    """The account's currency by default."""
    pricing_date: date | None = None
    """The date whose prices apply; today (UTC) by default."""
    quote_discount: DiscountInput | None = None
    """A discount on the whole quote, spread over the lines pro rata after their own discounts."""
    close_date: date | None = None
    """The day the deal would close, which picks the commission plan version and period; today
    (UTC) by default."""
    rep_id: relay.GlobalID | None = None
    """Whose deal (you by default; a manager: someone in the team): their discount authority
    prices it, their plan pays it, their contests count it. Another is NOT_FOUND."""
    splits: list[EstimateSplitInput] | None = None
    """How the commission credit would be shared; null (the default): the rep gets all of it."""
    competitors: list[CompetitorName] = empty_list_field(
        "The competitors named on the deal (at most 10, each at most 100 "
        "characters): content about them ranks high. More, blank or too long is BAD_USER_INPUT."
    )
    stage: QuoteStatus = strawberry.field(  # type: ignore[valid-type]
        default=QuoteStatus.DRAFT,
        description="The stage the deal is at, as a quote status: content that helps at that "
        "stage ranks higher. DRAFT by default.",
    )


@strawberry.type(description="A configured line's configuration check.")
class DealLineConfiguration:
    line_key: str
    """The key of the proposed line."""
    result: ConfigurationResult
    """Every rule it breaks and the options it resolves to."""


@strawberry.type(description="Whether every configured line's configuration holds.")
class DealConfiguration:
    valid: bool
    """True when no configured line breaks a rule."""
    lines: list[DealLineConfiguration]
    """Each line that is a bundle or was given a configuration, in the order sent."""


@strawberry.type(description="What the deal, won now, would do in a running contest you are in.")
class DealContestProgress:
    contest: Annotated[Contest, strawberry.lazy("schema.types.performance.contests")]
    """The contest."""
    counts: bool
    """Whether a won deal counts in the contest's metric at all."""
    score_before: Decimal | None
    """Your score now, at 6 decimal places; null when you are not on the board."""
    score_delta: Decimal | None
    """What the deal adds to the metric (its currency is the deal's for a money metric), at 6
    decimal places; null when the deal does not count, or when the metric (an average, a
    ratio, a distinct count) depends on more than the deal."""
    score_after: Decimal | None
    """The value with the deal, at 6 decimal places; null when not projected."""
    rank_before: int | None
    """Your rank now; null when not ranked."""
    projected_rank: int | None
    """The rank the deal would take you to on the live board; null when not projected."""
    leader_score: Decimal | None
    """The best score on the board now (6 decimal places); null on an empty board."""

    @classmethod
    def of(cls, found: ContestProgress) -> DealContestProgress:
        from schema.types.performance.contests import Contest  # lazily, see above

        step = found.progress
        return cls(
            contest=Contest.from_row(found.contest),
            counts=step.counts,
            score_before=rate(step.score_before),
            score_delta=rate(step.score_delta),
            score_after=rate(step.score_after),
            rank_before=step.rank_before,
            projected_rank=step.rank_after,
            leader_score=rate(step.leader_score),
        )


@strawberry.type(description="The incentives the deal would bring if won.")
class DealIncentives:
    spifs: list[CommissionSpifProgress]
    """Where each SPIF of the rep's plan stands before and after the deal (as
    `estimateCommission.spifProgress`)."""
    spif_awards: list[CommissionSpifAward]
    """The SPIFs the deal would earn (as `estimateCommission.awards`)."""
    contests: list[DealContestProgress]
    """Each running individual contest enrolling the rep, soonest end first (at most 20)."""


@strawberry.type(
    description="Everything proposed lines would decide, in one answer: configuration, price, "
    "guardrails, approvals, commission, incentives and content. Nothing is stored."
)
class DealPreview:
    configuration: DealConfiguration
    """The configuration check of each configured line."""
    pricing: PricedQuote
    """The price, exactly as `priceQuote` answers it for the same input."""
    guardrail_breaches: list[PriceBreach]
    """Every guardrail crossed, per line and for the quote (`pricing.breaches`)."""
    approval_plan: ApprovalPreview
    """Who would have to approve a first submit, in what order, for which rule and why: the plan
    `previewApprovalPlan` gives for a saved quote with these lines."""
    commission: CommissionEstimate
    """What the deal would pay the rep if won, as `estimateCommission` answers it."""
    incentives: DealIncentives
    """The SPIFs and contest progress the deal would bring."""
    roles: strawberry.Private[tuple[str, ...] | None]
    deal: strawberry.Private[ProposedDeal]

    @strawberry.field(
        description="Content that fits the deal (its products and their families, the "
        "account's segment and industry, the competitors, the stage), best first, with each "
        "item's score and reasons: ranked as `Quote.relevantContentRanked` ranks a saved quote."
    )
    async def relevant_content(
        self,
        info: strawberry.Info,
        first: Annotated[
            int, strawberry.argument(description=f"How many items, 1 to {RELEVANT_MAX}.")
        ] = CONTENT_DEFAULT,
    ) -> list[RelevantContentItem]:
        check_first(first)
        async with info.context.db.read_in_transaction() as session:  # SET LOCAL plans
            found = await relevant_for_proposal(
                session, self.roles, datetime.now(UTC), self.deal, first
            )
        return RelevantContentItem.ranked(found)


def _configuration(preview: use_case.DealPreview) -> DealConfiguration:
    checked = [
        DealLineConfiguration(line_key=line.line_id, result=configuration_type(line.configuration))
        for line in preview.priced.lines
        if line.parent_line_id is None and line.configuration is not None
    ]
    return DealConfiguration(valid=all(c.result.valid for c in checked), lines=checked)


def preview_type(preview: use_case.DealPreview, roles: tuple[str, ...] | None) -> DealPreview:
    pricing = priced_quote_type(preview.priced)
    plan = preview.planned.plan
    estimate = estimate_type(preview.estimate)
    return DealPreview(
        configuration=_configuration(preview),
        pricing=pricing,
        guardrail_breaches=pricing.parts.breaches(),
        approval_plan=ApprovalPreview(
            plan=ApprovalPlan.from_engine(plan, currency=preview.planned.facts.currency),
            within_earlier_approval=preview.planned.within_earlier_approval,
            submittable=plan.submittable,
            issues=[i.value for i in plan.issues],
        ),
        commission=estimate,
        incentives=DealIncentives(
            spifs=estimate.spif_progress,
            spif_awards=estimate.awards,
            contests=[DealContestProgress.of(c) for c in preview.contests],
        ),
        roles=roles,
        deal=preview.content,
    )


async def preview_deal(
    info: strawberry.Info,
    input: Annotated[
        PreviewDealInput,
        strawberry.argument(
            description="The account, lines and the deal around them (nothing is saved)."
        ),
    ],
) -> DealPreview:
    viewer, now = require_viewer(info), datetime.now(UTC)
    asked = use_case.DealProposal(
        proposal=Proposal(
            account=input_reference(input.account_id, "Account"),
            lines=proposed_lines(input.lines),
            currency=input.currency,
            pricing_date=input.pricing_date,
            quote_discount=discount(input.quote_discount),
        ),
        rep_id=rep_of(viewer, input.rep_id),
        close_date=input.close_date,
        splits=engine_splits(input.splits),
        competitors=tuple(input.competitors),
        stage=input.stage,
    )
    roles = audience_of(viewer)
    async with info.context.db.read() as session:
        work = use_case.preview_deal(
            session, viewer, now, info.context.config.pricing, metric_source(), asked
        )
        return preview_type(await answer(work), roles)


@strawberry.type
class DealQueries:
    preview_deal: DealPreview = strawberry.field(
        resolver=preview_deal,
        extensions=signed_in(),
        description="Proposed lines for an account, priced once, with everything that price "
        "decides: configuration, price waterfall and guardrail breaches, the approval plan a "
        "submit would need, the rep's commission estimate, SPIF and contest progress, and the "
        "content that fits. The same figures as `priceQuote`, `previewApprovalPlan` and "
        "`estimateCommission`; nothing is saved. Anyone signed in, for an account they may see.",
    )
