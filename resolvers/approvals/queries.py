"""The approver's inbox, the plan a rep sees before submitting, and the rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from sqlalchemy import Select

from db.models.approvals import ApprovalRequest as RequestRow
from db.models.users import Role
from db.queries.approvals import approval_rules as rules_by_level
from db.queries.approvals import requests_awaiting
from resolvers.mutation import decode_id
from resolvers.pagination import Listing
from schema.errors import NotFound
from schema.permissions import require_viewer, roles, signed_in
from schema.types.approval_access import now, principals
from schema.types.approval_rules import ApprovalRuleType
from schema.types.approvals import ApprovalPlan, ApprovalRequest, ApprovalRequestConnection
from services.approvals.preview import preview_approval_plan
from services.refusal import Refused


def _quote_pk(quote_id: strawberry.relay.GlobalID) -> int:
    try:
        return decode_id(quote_id, "Quote")
    except Refused as exc:  # malformed, another type, beyond int32: no such quote
        raise NotFound("No quote with this id.") from exc


@strawberry.type(description="What submitting would ask for, before the rep submits.")
class ApprovalPreview:
    plan: ApprovalPlan
    within_earlier_approval: bool
    submittable: bool
    issues: list[str]


APPROVAL_REQUESTS = Listing(
    (RequestRow.submitted_at, RequestRow.id), ApprovalRequestConnection, ApprovalRequest.from_row
)


@strawberry.type
class ApprovalQueries:
    @APPROVAL_REQUESTS.field(
        signed_in(),
        "Requests waiting for you (or for someone you stand in for), oldest first: "
        "the most urgent.",
    )
    async def my_approval_inbox(
        self, info: strawberry.Info, include_countered: bool = False
    ) -> Select[Any]:
        viewer = require_viewer(info)
        # Yours, and those of everyone you stand in for right now.
        acting_for = await principals(info, viewer.user_id, now())
        return requests_awaiting(acting_for, include_countered=include_countered)

    @strawberry.field(extensions=signed_in(), description="Requests for one quote, newest first.")
    async def approval_requests_for_quote(
        self, info: strawberry.Info, quote_id: strawberry.relay.GlobalID
    ) -> list[ApprovalRequest]:
        viewer = require_viewer(info)
        pk = _quote_pk(quote_id)
        quote = await info.context.loaders.quote_by_id.load(pk)
        if quote is None or not viewer.may_see_owner(quote.owner_id):
            raise NotFound("No quote with this id.")
        rows = await info.context.loaders.approval_requests_by_quote_id.load(pk)
        return [ApprovalRequest.from_row(r) for r in sorted(rows, key=lambda r: -r.id)]

    @strawberry.field(
        extensions=signed_in(), description="Who would have to approve this quote now, and why."
    )
    async def preview_approval_plan(
        self, info: strawberry.Info, quote_id: strawberry.relay.GlobalID
    ) -> ApprovalPreview:
        viewer, pk = require_viewer(info), _quote_pk(quote_id)
        try:
            async with info.context.db.read() as session:
                planned = await preview_approval_plan(
                    session, viewer, datetime.now(UTC), pk, info.context.config.pricing
                )
        except Refused as exc:
            raise NotFound("No quote with this id.") from exc
        plan = planned.plan
        return ApprovalPreview(
            plan=ApprovalPlan.from_engine(plan),
            within_earlier_approval=planned.within_earlier_approval,
            submittable=plan.submittable,
            issues=[i.value for i in plan.issues],
        )

    @strawberry.field(
        extensions=roles(Role.OPS, Role.MANAGER, Role.FINANCE),
        description="Approval rules, by level.",
    )
    async def approval_rules(
        self, info: strawberry.Info, include_inactive: bool = False
    ) -> list[ApprovalRuleType]:
        async with info.context.db.read() as session:
            rows = await rules_by_level(session, include_inactive=include_inactive)
        return [ApprovalRuleType.from_row(r) for r in rows]
