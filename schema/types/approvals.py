"""Approval requests as approvers and reps see them: the plan and why, decisions, thread."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

import approvals as engine
from approvals.conditions import Observed
from db.actor import Actor
from db.codec.approvals import decode, decode_sla
from db.models.approvals import ApprovalDecision as DecisionRow
from db.models.approvals import ApprovalRequest as RequestRow
from db.models.approvals import ApprovalRequestStatus as StatusModel
from db.models.users import Role
from db.queries.approvals import request_state_of
from schema.connection import CountedConnection
from schema.nodes import Visible, nodes_via
from schema.permissions import viewer_of
from schema.rows import FromRow, from_attrs, related, row_object, row_objects
from schema.types.approval_access import live_delegates, now, principals, viewer_directory
from schema.types.quote import Quote
from schema.types.user import User

ApprovalRequestStatus = strawberry.enum(StatusModel, name="ApprovalRequestStatus")
ApprovalMode = strawberry.enum(engine.ApprovalMode, name="ApprovalMode")
ConditionKind = strawberry.enum(engine.ConditionKind, name="ApprovalConditionKind")
DecisionKind = strawberry.enum(engine.DecisionKind, name="ApprovalDecisionKind")


@strawberry.type(
    description="Why a step is needed: which condition, what was seen against what threshold."
)
class ApprovalReason:
    kind: ConditionKind  # type: ignore[valid-type]
    dimension: str = strawberry.field(
        description="The aspect of the quote it covers, e.g. LINE_DISCOUNT, MARGIN, DEAL_SIZE."
    )
    observed: str = strawberry.field(
        description="What the quote has, as shown: decimals as written, yes/no as true/false,"
        " lists comma-separated, `unknown` when missing."
    )
    threshold: str = strawberry.field(
        description="What the rule allows, shown the same way; for a discount, the rule's"
        " threshold or the rep's own authority, whichever is higher."
    )
    line_key: str | None = strawberry.field(
        description="The line it is about; null for a quote-level condition."
    )


def shown(value: Observed) -> str:
    """An observed value or threshold as the phone shows it: decimals as written,
    yes/no as ``true``/``false``, lists comma-separated, unknown as ``unknown``."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


@strawberry.type
class ApprovalSeat:
    user_id: strawberry.Private[int]
    delegate_ids: strawberry.Private[list[int]]
    decided: bool

    approver = related("user_by_id", "user_id", User)

    @strawberry.field(description="Standing in while the approver is away.")
    async def delegates(self, info: strawberry.Info) -> list[User]:
        return [
            u
            for i in self.delegate_ids
            if (u := await row_object(info, "user_by_id", i, User)) is not None
        ]


@strawberry.type
class ApprovalStep:
    step_id: str
    rule_name: str
    level: int
    mode: ApprovalMode  # type: ignore[valid-type]
    approver_source: str
    seats: list[ApprovalSeat]
    reasons: list[ApprovalReason]
    complete: bool
    issues: list[str]


@strawberry.type
class ApprovalLevel:
    level: int
    name: str
    steps: list[ApprovalStep]


@strawberry.type(
    description="Who must approve, level by level, and why; empty when nothing needs approval."
)
class ApprovalPlan:
    auto_approved: bool
    levels: list[ApprovalLevel]

    @classmethod
    def from_engine(
        cls,
        plan: engine.ApprovalPlan,
        decisions: tuple[engine.RecordedDecision, ...] = (),
        delegates: dict[str, tuple[str, ...]] | None = None,
    ) -> ApprovalPlan:
        """The plan as shown; ``delegates`` (seat -> who stands in now) replaces the
        delegates recorded when the plan was built, for a request already open."""
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
                                    dimension=str(h.dimension.value),
                                    observed=shown(h.observed),
                                    threshold=shown(h.threshold),
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


@strawberry.type
class CounterOfferLine:
    line_key: str
    discount_percent: Decimal | None
    net_unit_price: Decimal | None


@strawberry.type(
    description="An approver's proposal: the rep accepts it into a new revision or declines."
)
class CounterOffer:
    lines: list[CounterOfferLine]
    total_discount_percent: Decimal | None
    note: str


def counter_offer_type(data: dict[str, Any] | None) -> CounterOffer | None:
    if not data:
        return None
    offer = decode(engine.CounterOffer, data)
    return from_attrs(
        CounterOffer,
        offer,
        lines=[
            from_attrs(
                CounterOfferLine, line, line_key=line.line_id, discount_percent=line.discount_pct
            )
            for line in offer.lines
        ],
        total_discount_percent=offer.total_discount_pct,
    )


@strawberry.type
class ApprovalDecision:
    kind: DecisionKind  # type: ignore[valid-type]
    step_id: str
    level: int
    reason: str | None
    delegated: bool = strawberry.field(description="A delegate decided in the approver's seat.")
    decided_at: datetime
    counter_offer: CounterOffer | None = strawberry.field(
        description="The proposal, for a COUNTER_OFFER decision; null otherwise."
    )
    decided_by_id: strawberry.Private[int]
    seat_user_id: strawberry.Private[int]

    decided_by = related(
        "user_by_id",
        "decided_by_id",
        User,
        description="Who decided: the approver, or a delegate standing in.",
    )
    on_behalf_of = related(
        "user_by_id",
        "seat_user_id",
        User,
        description="Whose seat the decision filled (differs when a delegate decided).",
    )

    @classmethod
    def from_row(cls, row: DecisionRow) -> ApprovalDecision:
        return from_attrs(
            cls,
            row,
            kind=engine.DecisionKind(row.kind),
            counter_offer=counter_offer_type(row.counter_offer),
            decided_by_id=row.decided_by,
        )


@strawberry.type
class ApprovalComment(FromRow):
    message: str
    at: datetime
    author_id: strawberry.Private[int]

    author = related("user_by_id", "author_id", User)


async def _request_scope(info: strawberry.Info, viewer: Actor, rows: list[RequestRow]) -> Visible:
    """Visible to its approvers (and whoever stands in for one *now*), the
    quote's owner and their managers, and back office."""
    quotes = await info.context.loaders.quote_by_id.load_many([r.quote_id for r in rows])
    owner_of = {q.id: q.owner_id for q in quotes if q is not None}
    acting_for = await principals(info, viewer.user_id, now())

    def visible(viewer: Actor, row: RequestRow) -> bool:
        return row.quote_id in owner_of and (
            not acting_for.isdisjoint(row.approver_ids)
            or viewer.may_see_owner(owner_of[row.quote_id])
            or viewer.has_any(Role.ADMIN)
        )

    return visible


@strawberry.type(description="A request for approval of one quote revision.")
class ApprovalRequest(relay.Node):
    id: relay.NodeID[int]
    status: ApprovalRequestStatus  # type: ignore[valid-type]
    revision: int = strawberry.field(description="The number of the quote revision submitted.")
    submitted_at: datetime
    closed_at: datetime | None
    reason: str | None = strawberry.field(description="The rejection reason, when rejected.")
    counter_offer: CounterOffer | None
    breach_codes: list[str]
    row: strawberry.Private[RequestRow]

    quote = related("quote_by_id", "row.quote_id", Quote)
    submitted_by = related("user_by_id", "row.submitted_by", User)

    @strawberry.field
    async def decisions(self, info: strawberry.Info) -> list[ApprovalDecision]:
        return await row_objects(
            info, "approval_decisions_by_request_id", self.id, ApprovalDecision
        )

    @strawberry.field(description="The negotiation thread.")
    async def comments(self, info: strawberry.Info) -> list[ApprovalComment]:
        return await row_objects(info, "approval_comments_by_request_id", self.id, ApprovalComment)

    async def _state(self, info: strawberry.Info) -> engine.RequestState:
        return request_state_of(
            self.row, await info.context.loaders.approval_decisions_by_request_id.load(self.id)
        )

    @strawberry.field(
        description="Who must approve, and why; seats show who stands in for them now."
    )
    async def plan(self, info: strawberry.Info) -> ApprovalPlan:
        state = await self._state(info)
        seats = [a.user_id for step in state.plan.steps for a in step.approvers]
        delegates = await live_delegates(info, seats, state.facts.owner_id, now())
        return ApprovalPlan.from_engine(state.plan, state.decisions, delegates)

    @strawberry.field(description="The level deciding now (null once closed).")
    async def current_level(self, info: strawberry.Info) -> int | None:
        if self.row.status.value != "PENDING":
            return None
        return engine.progress(await self._state(info)).current_level

    @strawberry.field(description="Whether the signed-in user can decide a step right now.")
    async def my_turn(self, info: strawberry.Info) -> bool:
        viewer = viewer_of(info)
        if viewer is None or self.row.status.value != "PENDING":
            return False
        state = await self._state(info)
        directory = await viewer_directory(info, viewer.user_id)
        return bool(engine.awaiting(state, str(viewer.user_id), directory, now()))

    @strawberry.field(description="When the active level's SLA runs out (null without an SLA).")
    async def due_at(self, info: strawberry.Info) -> datetime | None:
        if self.row.status.value != "PENDING":
            return None
        progress = engine.progress(await self._state(info))
        sla = decode_sla(self.row.sla).get(progress.current_level)
        if sla is None or progress.level_started_at is None:
            return None
        return progress.level_started_at + sla.duration

    @strawberry.field(description="Past its SLA.")
    async def overdue(self, info: strawberry.Info) -> bool:
        due = await self.due_at(info)
        return due is not None and due < now()

    @classmethod
    def from_row(cls, row: RequestRow) -> ApprovalRequest:
        facts: engine.QuoteFacts = decode(engine.QuoteFacts, row.facts)
        return from_attrs(
            cls,
            row,
            counter_offer=counter_offer_type(row.counter_offer),
            breach_codes=list(facts.breach_codes),
            row=row,
        )

    resolve_nodes = nodes_via("approval_request_by_id", scope=_request_scope)


@strawberry.type(name="ApprovalRequestConnection")
class ApprovalRequestConnection(CountedConnection[ApprovalRequest]):
    pass
