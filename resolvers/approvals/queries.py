"""The approver's inbox, the plan a rep sees before submitting, and the rules."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from db.models.approvals import ApprovalRequest as RequestRow
from db.models.approvals import ApprovalRequestStatus
from db.models.approvals import ApprovalRule as RuleRow
from db.models.quotes import Quote as QuoteRow
from db.models.users import Role
from db.queries.approvals import requests_awaiting
from resolvers.approvals.requests import plan_for
from services.refusal import Refused
from resolvers.mutation import decode_id
from resolvers.pagination import PageRequest, paginate
from services.quotes.editing import current_revision
from schema.errors import NotFound
from schema.permissions import require_viewer, roles, signed_in
from schema.types.approval_access import now, principals
from schema.types.approval_rules import ApprovalRuleType
from schema.types.approvals import ApprovalPlan, ApprovalRequest, ApprovalRequestConnection


@strawberry.type(description="What submitting would ask for, before the rep submits.")
class ApprovalPreview:
    plan: ApprovalPlan
    within_earlier_approval: bool
    submittable: bool
    issues: list[str]


@strawberry.type
class ApprovalQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="Requests waiting for you (or for someone you stand in for), oldest first: the most urgent.",
    )
    async def my_approval_inbox(
        self,
        info: strawberry.Info,
        include_countered: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> ApprovalRequestConnection:
        viewer = require_viewer(info)
        statuses = [ApprovalRequestStatus.PENDING]
        if include_countered:
            statuses.append(ApprovalRequestStatus.COUNTERED)
        # Yours, and those of everyone you stand in for right now.
        stmt = requests_awaiting(await principals(info, viewer.user_id, now()), statuses)
        return await paginate(
            info,
            stmt,
            keys=[RequestRow.submitted_at, RequestRow.id],
            request=PageRequest(first=first, after=after, last=last, before=before),
            to_node=ApprovalRequest.from_row,
            connection=ApprovalRequestConnection,
        )

    @strawberry.field(extensions=signed_in(), description="Requests for one quote, newest first.")
    async def approval_requests_for_quote(self, info: strawberry.Info, quote_id: strawberry.relay.GlobalID) -> list[ApprovalRequest]:
        viewer = require_viewer(info)
        try:
            pk = decode_id(quote_id, "Quote")
        except Refused as exc:
            raise NotFound("No quote with this id.") from exc
        quote = await info.context.loaders.quote_by_id.load(pk)
        if quote is None or not viewer.may_see_owner(quote.owner_id):
            raise NotFound("No quote with this id.")
        rows = await info.context.loaders.approval_requests_by_quote_id.load(pk)
        return [ApprovalRequest.from_row(r) for r in sorted(rows, key=lambda r: -r.id)]

    @strawberry.field(extensions=signed_in(), description="Who would have to approve this quote now, and why.")
    async def preview_approval_plan(self, info: strawberry.Info, quote_id: strawberry.relay.GlobalID) -> ApprovalPreview:
        viewer = require_viewer(info)
        try:
            pk = decode_id(quote_id, "Quote")
        except Refused as exc:  # malformed, another type, beyond int32: no such quote
            raise NotFound("No quote with this id.") from exc
        async with info.context.db.read() as session:
            quote = await session.get(QuoteRow, pk)
            if quote is None or not viewer.may_see_owner(quote.owner_id):
                raise NotFound("No quote with this id.")
            _, plan, _, within = await plan_for(info, session, quote, await current_revision(session, quote))
        return ApprovalPreview(
            plan=ApprovalPlan.from_engine(plan),
            within_earlier_approval=within,
            submittable=plan.submittable,
            issues=[i.value for i in plan.issues],
        )

    @strawberry.field(extensions=roles(Role.OPS, Role.MANAGER, Role.FINANCE), description="Approval rules, by level.")
    async def approval_rules(self, info: strawberry.Info, include_inactive: bool = False) -> list[ApprovalRuleType]:
        async with info.context.db.read() as session:
            stmt = select(RuleRow).order_by(RuleRow.level, RuleRow.id)
            if not include_inactive:
                stmt = stmt.where(RuleRow.active)
            rows = (await session.scalars(stmt)).all()
        return [ApprovalRuleType.from_row(r) for r in rows]
