"""Approval requests as approvers and reps see them: the plan and why, decisions, thread."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry import relay

import approvals as engine
from db.actor import Actor
from db.codec.approvals import decode_sla, decode_stored, decode_text
from db.models.approvals import ApprovalDecision as DecisionRow
from db.models.approvals import ApprovalRequest as RequestRow
from db.models.users import Role
from db.queries.approvals import request_state_of
from schema.connection import CountedConnection
from schema.nodes import Visible, nodes_via
from schema.permissions import viewer_of
from schema.rows import NOT_LOADED, FromRow, from_attrs, loaded, row_objects
from schema.types.approval_access import (
    live_delegates,
    live_delegates_now,
    now,
    principals,
    principals_now,
    viewer_directory,
)
from schema.types.approval_plan import (
    ApprovalPlan,
    ApprovalRequestStatus,
    CounterOffer,
    DecisionKind,
    counter_offer_type,
    currency_of,
    linked,
    shown_plan,
)
from schema.types.quote import Quote
from schema.types.user import User


@strawberry.type(
    description="One approver's decision on one step of a request: recorded once, never changed."
)
class ApprovalDecision:
    kind: DecisionKind  # type: ignore[valid-type]
    """Approve, reject or counter-offer."""
    step_id: str
    """The step decided: its `ApprovalStep.stepId` in the request's plan (a plain key, not a global
    ID)."""
    level: int
    """The level of that step (1 runs first)."""
    reason: str | None
    """The approver's words: why rejected or countered, or a note with an approval; null when none
    was given."""
    delegated: bool
    """A delegate decided in the approver's seat."""
    decided_at: datetime
    """When the decision was recorded."""
    counter_offer: CounterOffer | None
    """The proposal, for a COUNTER_OFFER decision; null otherwise."""
    decided_by_id: strawberry.Private[int]
    seat_user_id: strawberry.Private[int]

    decided_by = linked(
        "user_by_id",
        "decided_by_id",
        User,
        "Who decided: the approver, or a delegate or escalation manager standing in.",
    )
    on_behalf_of = linked(
        "user_by_id",
        "seat_user_id",
        User,
        "Whose seat the decision filled (differs from `decidedBy` when someone stood in).",
    )

    @classmethod
    def from_row(cls, row: DecisionRow) -> ApprovalDecision:
        return from_attrs(
            cls,
            row,
            kind=engine.DecisionKind(row.kind),
            counter_offer=counter_offer_type(row.counter_offer, currency_of(row.seen)),
            decided_by_id=row.decided_by,
        )


@strawberry.type(
    description="A message in a request's negotiation thread, between the rep and approvers."
)
class ApprovalComment(FromRow):
    message: str
    """The text as written (plain text)."""
    at: datetime
    """When it was posted."""
    author_id: strawberry.Private[int]

    author = linked("user_by_id", "author_id", User, "Who wrote it.")


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


def _seats(state: engine.RequestState) -> list[str]:
    return [a.user_id for step in state.plan.steps for a in step.approvers]


@strawberry.type(description="A request for approval of one quote revision.")
class ApprovalRequest(relay.Node):
    id: relay.NodeID[int]
    status: ApprovalRequestStatus  # type: ignore[valid-type]
    """Where the request stands."""
    revision: int
    """The number of the quote revision submitted."""
    submitted_at: datetime
    """When the rep submitted it."""
    closed_at: datetime | None
    """When it left PENDING (decided, countered or recalled); null while open."""
    reason: str | None
    """The rejection reason, when rejected."""
    counter_offer: CounterOffer | None = strawberry.field(
        description="The approver's proposal while or after the request was COUNTERED; null"
        " when there was none."
    )
    breach_codes: list[str]
    """The pricing guardrail breaches of the submitted revision, as stable codes (e.g. BELOW_FLOOR,
    DISCOUNT_ABOVE_AUTHORITY)."""
    row: strawberry.Private[RequestRow]
    facts: strawberry.Private[engine.QuoteFacts]
    decoded_plan: strawberry.Private[dict[int, engine.ApprovalPlan]]
    # ``(decisions, state)`` of the last ``_state_now``: ``plan`` and ``myTurn`` both need
    # the state, and an inbox page would build it twice per node.
    known_state: strawberry.Private[list[Any]]

    quote = linked(
        "quote_by_id",
        "row.quote_id",
        Quote,
        "The quote submitted; `revision` says which of its revisions.",
    )
    submitted_by = linked("user_by_id", "row.submitted_by", User, "The rep who submitted it.")

    @strawberry.field(description="Every decision so far, oldest first.")
    async def decisions(self, info: strawberry.Info) -> list[ApprovalDecision]:
        return await row_objects(
            info, "approval_decisions_by_request_id", self.id, ApprovalDecision
        )

    @strawberry.field(description="The negotiation thread, oldest first.")
    async def comments(self, info: strawberry.Info) -> list[ApprovalComment]:
        return await row_objects(info, "approval_comments_by_request_id", self.id, ApprovalComment)

    def _plan(self) -> engine.ApprovalPlan:
        # Several fields need the state: the stored plan is decoded once per object.
        plan = self.decoded_plan.get(self.id)
        if plan is None:
            text = self.row.plan_text
            plan = self.decoded_plan[self.id] = (
                decode_stored(engine.ApprovalPlan, self.row.plan)
                if text is None
                else decode_text(engine.ApprovalPlan, text)
            )
        return plan

    async def _state(self, info: strawberry.Info) -> engine.RequestState:
        decisions = await info.context.loaders.approval_decisions_by_request_id.load(self.id)
        return request_state_of(self.row, decisions, plan=self._plan(), facts=self.facts)

    def _state_now(self, info: strawberry.Info) -> engine.RequestState | None:
        """``_state`` when the request's loader already holds the decisions (a page loaded
        them ahead); else None."""
        decisions = loaded(info.context.loaders.approval_decisions_by_request_id, self.id)
        if decisions is NOT_LOADED:
            return None
        known = self.known_state
        if known and known[0] is decisions:  # the same loaded rows: the same state
            return cast(engine.RequestState, known[1])
        state = request_state_of(self.row, decisions, plan=self._plan(), facts=self.facts)
        known[:] = (decisions, state)
        return state

    def _shown_plan(
        self, state: engine.RequestState, delegates: dict[str, tuple[str, ...]]
    ) -> ApprovalPlan:
        return shown_plan(
            self.row.plan_text, state.plan, state.decisions, delegates, state.facts.currency
        )

    async def _plan_fetched(self, info: strawberry.Info) -> ApprovalPlan:
        state = await self._state(info)
        delegates = await live_delegates(info, _seats(state), state.facts.owner_id, now())
        return self._shown_plan(state, delegates)

    @strawberry.field(
        description="Who must approve, and why; seats show who stands in for them now.",
        graphql_type=ApprovalPlan,
    )
    def plan(self, info: strawberry.Info) -> Any:
        # Synchronous when a page loaded the decisions and delegations ahead.
        state = self._state_now(info)
        if state is not None:
            delegates = live_delegates_now(info, _seats(state), state.facts.owner_id)
            if delegates is not None:
                return self._shown_plan(state, delegates)
        return self._plan_fetched(info)

    @strawberry.field(description="The level deciding now (null once closed).")
    async def current_level(self, info: strawberry.Info) -> int | None:
        if self.row.status.value != "PENDING":
            return None
        return engine.progress(await self._state(info)).current_level

    @strawberry.field(
        description="Whether the signed-in user can decide a step right now.", graphql_type=bool
    )
    def my_turn(self, info: strawberry.Info) -> Any:
        viewer = viewer_of(info)
        if viewer is None or self.row.status.value != "PENDING":
            return False
        state = self._state_now(info)
        acting_for = principals_now(info, viewer.user_id)
        if state is None or acting_for is None:  # not loaded ahead: through the loaders
            return self._my_turn_fetched(info, viewer.user_id)
        return bool(engine.awaiting_as(state, str(viewer.user_id), acting_for))

    async def _my_turn_fetched(self, info: strawberry.Info, user_id: int) -> bool:
        state = await self._state(info)
        directory = await viewer_directory(info, user_id)
        return bool(engine.awaiting(state, str(user_id), directory, now()))

    @strawberry.field(description="When the active level's SLA runs out (null without an SLA).")
    async def due_at(self, info: strawberry.Info) -> datetime | None:
        if self.row.status.value != "PENDING":
            return None
        progress = engine.progress(await self._state(info))
        sla = decode_sla(self.row.sla).get(progress.current_level)
        if sla is None or progress.level_started_at is None:
            return None
        return progress.level_started_at + sla.duration

    @strawberry.field(description="Still open past `dueAt`.")
    async def overdue(self, info: strawberry.Info) -> bool:
        due = await self.due_at(info)
        return due is not None and due < now()

    @classmethod
    def from_row(cls, row: RequestRow) -> ApprovalRequest:
        text = row.facts_text  # set by lists that load the documents as text
        facts: engine.QuoteFacts = (
            decode_stored(engine.QuoteFacts, row.facts)
            if text is None
            else decode_text(engine.QuoteFacts, text)
        )
        return from_attrs(
            cls,
            row,
            counter_offer=counter_offer_type(row.counter_offer, facts.currency),
            breach_codes=list(facts.breach_codes),
            row=row,
            facts=facts,
            decoded_plan={},
            known_state=[],
        )

    resolve_nodes = nodes_via("approval_request_by_id", scope=_request_scope)


@strawberry.type(name="ApprovalRequestConnection", description="A page of approval requests.")
class ApprovalRequestConnection(CountedConnection[ApprovalRequest]):
    pass
