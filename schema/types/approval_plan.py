"""An approval request's plan as the phone shows it: the enums, each triggered rule and its
seats, the reasons with their values, and a counter-offer; the request itself is in
``schema.types.approvals``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

import approvals as engine
from approvals.conditions import Observed
from db.codec.approvals import decode
from db.models.approvals import ApprovalRequestStatus as StatusModel
from schema.decimals import PERCENT_PLACES, at_scale, plain_text, written_percent
from schema.enums import described_enum
from schema.money import unit_precision
from schema.rows import from_attrs, required, row_object
from schema.types.user import User

ApprovalRequestStatus = described_enum(
    StatusModel,
    "ApprovalRequestStatus",
    "Where an approval request stands; only PENDING takes decisions, every other is final.",
    {
        "PENDING": "Open: waiting for the approvers of the current level.",
        "APPROVED": "Every level approved: the quote revision may be sent.",
        "REJECTED": "An approver rejected it (`reason` says why); the rep may revise and resubmit.",
        "COUNTERED": (
            "An approver proposed a smaller discount (`counterOffer`): the rep accepts or"
            " declines it."
        ),
        "RECALLED": "The rep withdrew it while it was open (pending or countered).",
        "COUNTER_ACCEPTED": (
            "The rep accepted the counter-offer: the quote was repriced into a new revision."
        ),
        "COUNTER_DECLINED": "The rep declined the counter-offer; the revision is not approved.",
    },
)
ApprovalMode = described_enum(
    engine.ApprovalMode,
    "ApprovalMode",
    "How the approvers of one step combine.",
    {
        "ANY": "One approval from any seat completes the step.",
        "ALL": "Every seat must approve before the step completes.",
    },
)
ConditionKind = described_enum(
    engine.ConditionKind,
    "ApprovalConditionKind",
    "A kind of condition an approval rule can test a priced quote for.",
    {
        "LINE_DISCOUNT_ABOVE": (
            "A line's discount (percent) is above the rule's threshold and the rep's own"
            " authority, optionally only on some products or families."
        ),
        "TOTAL_DISCOUNT_ABOVE": (
            "The quote's total discount (percent) is above the threshold and the rep's authority."
        ),
        "NET_BELOW_FLOOR": "A line's net unit price is below its product's floor price.",
        "MARGIN_BELOW": (
            "The quote's margin (percent) is below the minimum, or unknown when the rule says so."
        ),
        "DEAL_SIZE_ABOVE": "The quote's total net is above an amount in the quote's currency.",
        "NON_STANDARD_CLAUSES": (
            "The quote's clauses differ from the standard set for the account's segment"
            " (edited, written ad hoc, added or left out)."
        ),
        "PRODUCT_IN": "The quote has a line for one of the listed products.",
        "FAMILY_IN": "The quote has a line in one of the listed product families.",
        "SEGMENT_IN": "The account is in one of the listed segments.",
        "BREACH_CODE_IN": "Pricing reported one of the listed guardrail breaches.",
    },
)
Dimension = described_enum(
    engine.Dimension,
    "ApprovalDimension",
    "The aspect of a quote an approval reason is about; it sets how `observed` and"
    " `threshold` are shown.",
    {
        "LINE_DISCOUNT": "A line's discount, in percent.",
        "TOTAL_DISCOUNT": "The quote's total discount, in percent.",
        "NET_PRICE": "A line's net price per unit, in the quote's currency.",
        "MARGIN": "The quote's margin, in percent.",
        "DEAL_SIZE": "The quote's total net, in the quote's currency.",
        "CLAUSES": "Whether the quote's clauses are the standard set (true/false).",
        "PRODUCTS": "The products or product families on the quote.",
        "SEGMENT": "The account's segment.",
        "BREACH": "The pricing guardrail breaches reported for the quote.",
    },
)
DecisionKind = described_enum(
    engine.DecisionKind,
    "ApprovalDecisionKind",
    "What an approver said about a step.",
    {
        "APPROVE": "Approved the step (for this seat, on an ALL step).",
        "REJECT": "Rejected: the whole request is REJECTED.",
        "COUNTER_OFFER": "Proposed a smaller discount instead: the request is COUNTERED.",
    },
)

PERCENT_DIMENSIONS = frozenset({"LINE_DISCOUNT", "TOTAL_DISCOUNT", "MARGIN"})
"""Reasons whose decimals are percentages, shown at ``schema.decimals.percent``'s scale."""

NON_NULL_LINK = " Never null: the data guarantees it."


def linked(loader_name: str, key: str, cls: type[Any], description: str) -> Any:
    """``schema.rows.required``, its description saying the link is never null."""
    return required(loader_name, key, cls, description=description + NON_NULL_LINK)


@strawberry.type(
    description="Why a step is needed: which condition, what was seen against what threshold."
)
class ApprovalReason:
    kind: ConditionKind  # type: ignore[valid-type]
    """The kind of the rule's condition that holds."""
    dimension: Dimension  # type: ignore[valid-type]
    """The aspect of the quote it covers."""
    observed: str
    """What the quote has, as text to show: percentages (LINE_DISCOUNT, TOTAL_DISCOUNT, MARGIN) with
    exactly 2 decimal places ("12.50" is 12.5 %), amounts (NET_PRICE per unit, DEAL_SIZE) in the
    quote's currency with at least its minor units and at most 6 places, yes/no as true/false,
    lists comma-separated, `unknown` when the quote does not say (a margin without costs)."""
    threshold: str
    """What the rule allows, shown the same way as `observed`; for a discount, the rule's threshold
    or the rep's own authority, whichever is higher."""
    line_key: str | None
    """The key of the quote line it is about (`QuoteLine.key`); null for a quote-level condition."""


def shown(value: Observed, dimension: str = "", currency: str = "") -> str:
    """An observed value or threshold as the phone shows it: percentages at 2 places,
    amounts at least at ``currency``'s minor units (2 without one) and at most 6 places,
    yes/no as ``true``/``false``, lists comma-separated, unknown as ``unknown``."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, Decimal):
        if dimension in PERCENT_DIMENSIONS:
            return plain_text(at_scale(value, PERCENT_PLACES))
        return plain_text(unit_precision(value, currency))
    return str(value)


@strawberry.type(
    description="One approver's place on a step: who the rule named, and who stands in now."
)
class ApprovalSeat:
    user_id: strawberry.Private[int]
    delegate_ids: strawberry.Private[list[int]]
    decided: bool
    """This seat has approved the step (on an ANY step, one seat is enough)."""

    approver = linked(
        "user_by_id", "user_id", User, "The approver the rule resolved to for this seat."
    )

    @strawberry.field(
        description="Who may decide in the approver's place now: delegates while the approver"
        " is away, and managers the step was escalated to past its SLA."
    )
    async def delegates(self, info: strawberry.Info) -> list[User]:
        return [
            u
            for i in self.delegate_ids
            if (u := await row_object(info, "user_by_id", i, User)) is not None
        ]


@strawberry.type(description="One triggered approval rule and the seats that must approve it.")
class ApprovalStep:
    step_id: str
    """Identifies the step within the request: a plain key, not a global ID (the number of the
    approval rule that triggered it, as text). Name it when approving, rejecting or countering."""
    rule_name: str
    """The name of the approval rule, for display."""
    level: int
    """The level the step belongs to (1 runs first)."""
    mode: ApprovalMode  # type: ignore[valid-type]
    """Whether one seat or every seat must approve."""
    approver_source: str
    """How the rule found its approvers, e.g. `MANAGER+1` (the owner's manager one level up),
    `ROLE:FINANCE`, `USER:42`."""
    seats: list[ApprovalSeat]
    """The approvers' seats; empty when nobody could be found (see `issues`)."""
    reasons: list[ApprovalReason]
    """Why the rule applies: each condition that holds, per line where it is about a line."""
    complete: bool
    """The step has all the approvals it needs."""
    issues: list[str]
    """Why the step cannot complete, as stable codes (e.g. APPROVER_UNRESOLVED: no manager that far
    up, nobody active with the role); empty when it can."""


@strawberry.type(
    description="Steps that run together; the next level starts when all of them are complete."
)
class ApprovalLevel:
    level: int
    """The level's number: 1 runs first."""
    name: str
    """The level's name as OPS set it on its rules, e.g. `Manager`."""
    steps: list[ApprovalStep]
    """The level's steps, in rule order."""


@strawberry.type(
    description="Who must approve, level by level, and why; empty when nothing needs approval."
)
class ApprovalPlan:
    auto_approved: bool
    """No rule applies: the quote needs nobody's approval (and `levels` is empty)."""
    levels: list[ApprovalLevel]
    """The levels in the order they run."""

    @classmethod
    def from_engine(
        cls,
        plan: engine.ApprovalPlan,
        decisions: tuple[engine.RecordedDecision, ...] = (),
        delegates: dict[str, tuple[str, ...]] | None = None,
        currency: str = "",
    ) -> ApprovalPlan:
        """The plan as shown; ``delegates`` (seat -> who stands in now) replaces the
        delegates recorded when the plan was built, for a request already open;
        ``currency`` (the quote's) sets the places its reasons show amounts with."""
        from approvals.state import approved_seats, step_complete

        def seat(step: engine.PlanStep, approver: engine.PlanApprover) -> ApprovalSeat:
            standing = (
                approver.delegates if delegates is None else delegates.get(approver.user_id, ())
            )
            return ApprovalSeat(
                user_id=int(approver.user_id),
                delegate_ids=[int(d) for d in (*standing, *approver.escalated_to)],
                decided=approver.user_id in approved_seats(step, decisions),
            )

        return from_attrs(
            cls,
            plan,
            levels=[
                from_attrs(
                    ApprovalLevel,
                    level,
                    steps=[
                        from_attrs(
                            ApprovalStep,
                            step,
                            seats=[seat(step, a) for a in step.approvers],
                            reasons=[
                                ApprovalReason(
                                    kind=h.kind,
                                    dimension=h.dimension,
                                    observed=shown(h.observed, h.dimension.value, currency),
                                    threshold=shown(h.threshold, h.dimension.value, currency),
                                    line_key=h.line_id,
                                )
                                for h in step.hits
                            ],
                            complete=step_complete(step, decisions),
                            issues=[i.value for i in step.issues],
                        )
                        for step in level.steps
                    ],
                )
                for level in plan.levels
            ],
        )


SHOWN_PLANS_KEPT = 4096
"""How many shown plans ``shown_plan`` keeps (the oldest goes first)."""

_shown_plans: dict[tuple[Any, ...], ApprovalPlan] = {}


def shown_plan(
    text: str | None,
    plan: engine.ApprovalPlan,
    decisions: tuple[engine.RecordedDecision, ...],
    delegates: dict[str, tuple[str, ...]],
    currency: str,
) -> ApprovalPlan:
    """``ApprovalPlan.from_engine`` of a stored plan, kept by everything it depends on: the
    plan's stored text (``text``, of which ``plan`` is the decoding), the decisions, who
    stands in now and the currency. An inbox polled again shows the same requests: their
    plans are built once, not on every poll. Without the text nothing is kept. The objects
    are only read once built, so requests may share them."""
    if text is None:
        return ApprovalPlan.from_engine(plan, decisions, delegates, currency=currency)
    key = (text, decisions, tuple(sorted(delegates.items())), currency)
    found = _shown_plans.get(key)
    if found is None:
        found = ApprovalPlan.from_engine(plan, decisions, delegates, currency=currency)
        if len(_shown_plans) >= SHOWN_PLANS_KEPT:
            del _shown_plans[next(iter(_shown_plans))]
        _shown_plans[key] = found
    return found


@strawberry.type(
    description="What the approver proposes for one line: a discount or a net unit price."
)
class CounterOfferLine:
    line_key: str
    """The key of the quote line (`QuoteLine.key`) the proposal is for."""
    discount_percent: Decimal | None
    """The proposed line discount in percent, exactly 4 decimal places ("12.5000" is 12.5 %); null
    when the proposal is a net unit price."""
    net_unit_price: Decimal | None
    """The proposed net price per unit in the quote's currency, with at least its minor units and at
    most 6 decimal places; null when the proposal is a discount."""


@strawberry.type(
    description="An approver's proposal: the rep accepts it into a new revision or declines."
)
class CounterOffer:
    lines: list[CounterOfferLine]
    """Proposals for single lines; empty when only the total is countered."""
    total_discount_percent: Decimal | None
    """The proposed discount on the quote total in percent, exactly 4 decimal places ("12.5000" is
    12.5 %); null when only lines are countered."""
    note: str
    """The approver's note to the rep; may be empty."""


def counter_offer_type(data: dict[str, Any] | None, currency: str) -> CounterOffer | None:
    """The stored proposal as shown; ``currency`` (the quote's) sets the places of a
    proposed net unit price."""
    if not data:
        return None
    offer = decode(engine.CounterOffer, data)
    return from_attrs(
        CounterOffer,
        offer,
        lines=[
            from_attrs(
                CounterOfferLine,
                line,
                line_key=line.line_id,
                discount_percent=written_percent(line.discount_pct),
                net_unit_price=None
                if line.net_unit_price is None
                else unit_precision(line.net_unit_price, currency),
            )
            for line in offer.lines
        ],
        total_discount_percent=written_percent(offer.total_discount_pct),
    )


def currency_of(facts: dict[str, Any]) -> str:
    """The quote's currency in stored facts (what a request or a decision saw)."""
    return str(decode(engine.QuoteFacts, facts).currency)
