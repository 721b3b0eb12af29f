"""The approver's inbox, the plan a rep sees before submitting, and the rules."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry

import approvals as engine
from db.codec.approvals import decode_text
from db.models.approvals import ApprovalRequest as RequestRow
from db.models.users import Role
from db.queries.approvals import approval_rules as rules_by_level
from db.queries.approvals import inbox_as_text
from resolvers.pagination import Listing, Selection, id_or_not_found
from resolvers.reading import read
from schema.errors import NotFound
from schema.permissions import require_viewer, roles, signed_in
from schema.selections import nodes_ask
from schema.types.approval_access import now, principals
from schema.types.approval_plan import ApprovalPlan
from schema.types.approval_rules import ApprovalRuleType
from schema.types.approvals import ApprovalRequest, ApprovalRequestConnection
from services.approvals.preview import preview_approval_plan
from services.refusal import Refused


def _quote_pk(quote_id: strawberry.relay.GlobalID) -> int:
    return id_or_not_found(quote_id, "Quote", "No quote with this id.")


@strawberry.type(
    description="What submitting the quote's current revision now would ask for, before the "
    "rep submits (nothing is stored)."
)
class ApprovalPreview:
    plan: ApprovalPlan
    """Who would have to approve, level by level, and why; no levels when nothing needs approval."""
    within_earlier_approval: bool
    """The quote changed only within what an earlier request approved."""
    submittable: bool
    """Whether every step has someone who can decide it; false means submitting is refused with
    APPROVER_UNRESOLVED (see `issues`)."""
    issues: list[str]
    """Reason codes blocking the plan (e.g. no approver can be found for a step), distinct, in
    first-seen order; empty when submittable."""


QuoteId = Annotated[
    strawberry.relay.GlobalID,
    strawberry.argument(description="The global ID of the quote (from `Quote.id`)."),
]

APPROVAL_REQUESTS = Listing(
    (RequestRow.submitted_at, RequestRow.id), ApprovalRequestConnection, ApprovalRequest.from_row
)


async def load_page_ahead(info: strawberry.Info, rows: list[RequestRow]) -> None:
    """Load what an inbox page's nodes read, in the batches their fields would make (the
    same statements), before they resolve: their quote, its owner and account, decisions,
    and the plan's seats' delegations and delegates. The fields then answer synchronously
    (``schema.rows.loaded``) instead of awaiting a loader each, some 250 times a page.
    Only what the query selects is loaded."""
    asked = info.selected_fields
    loaders = info.context.loaders
    quotes = nodes_ask(asked, "quote")
    plans = nodes_ask(asked, "plan")
    first: dict[str, Awaitable[list[Any]]] = {}
    if quotes:
        first["quotes"] = loaders.quote_by_id.load_many(sorted({r.quote_id for r in rows}))
    if plans or any(nodes_ask(asked, f) for f in STATE_FIELDS):
        ids = [r.id for r in rows]
        first["decisions"] = loaders.approval_decisions_by_request_id.load_many(ids)
    if plans:
        seats = {
            int(approver.user_id)
            for row in rows
            for step in decode_text(engine.ApprovalPlan, row.plan_text).steps
            for approver in step.approvers
            if approver.user_id.isdigit()
        }
        first["delegations"] = loaders.delegations_by_user_id.load_many(sorted(seats))
    loaded = dict(zip(first, await asyncio.gather(*first.values()), strict=True))
    found = [q for q in loaded.get("quotes", ()) if q is not None]
    owners = found if nodes_ask(asked, "quote", "owner") else []
    users = {q.owner_id for q in owners} | {
        d.delegate_id for group in loaded.get("delegations", ()) for d in group
    }
    accounts = {q.account_id for q in found} if nodes_ask(asked, "quote", "account") else set()
    await asyncio.gather(
        loaders.user_by_id.load_many(sorted(users)),
        loaders.account_by_id.load_many(sorted(accounts)),
    )


STATE_FIELDS = ("myTurn", "currentLevel", "dueAt", "overdue")
"""The inbox node's fields (besides ``plan``) that read the request's decisions."""


@strawberry.type
class ApprovalQueries:
    @APPROVAL_REQUESTS.field(
        signed_in(),
        "Approval requests waiting for your decision (or for someone you stand in for right "
        "now), oldest first: the most urgent. Anyone signed in.",
    )
    async def my_approval_inbox(
        self,
        info: strawberry.Info,
        include_countered: Annotated[
            bool,
            strawberry.argument(
                description="Also list COUNTERED requests (awaiting the rep's answer to your "
                "counter-offer); false by default: PENDING ones only."
            ),
        ] = False,
    ) -> Selection:
        viewer = require_viewer(info)
        # Yours, and those of everyone you stand in for right now.
        acting_for = await principals(info, viewer.user_id, now())
        stmt = inbox_as_text(acting_for, include_countered=include_countered)
        return Selection(stmt, prefetch=load_page_ahead)

    @strawberry.field(
        extensions=signed_in(),
        description="Every approval request of one quote, newest first. Anyone signed in who "
        "may see the quote's owner (the owner, a manager of the team, OPS, FINANCE); "
        "otherwise NOT_FOUND.",
    )
    async def approval_requests_for_quote(
        self, info: strawberry.Info, quote_id: QuoteId
    ) -> list[ApprovalRequest]:
        viewer = require_viewer(info)
        pk = _quote_pk(quote_id)
        quote = await info.context.loaders.quote_by_id.load(pk)
        if quote is None or not viewer.may_see_owner(quote.owner_id):
            raise NotFound("No quote with this id.")
        rows = await info.context.loaders.approval_requests_by_quote_id.load(pk)
        return [ApprovalRequest.from_row(r) for r in sorted(rows, key=lambda r: -r.id)]

    @strawberry.field(
        extensions=signed_in(),
        description="Who would have to approve this quote's current revision if it were "
        "submitted now, and why. Anyone signed in who may see the quote's owner; otherwise "
        "NOT_FOUND.",
    )
    async def preview_approval_plan(
        self, info: strawberry.Info, quote_id: QuoteId
    ) -> ApprovalPreview:
        viewer, pk, policy = require_viewer(info), _quote_pk(quote_id), info.context.config.pricing
        try:
            planned = await read(info, preview_approval_plan, viewer, datetime.now(UTC), pk, policy)
        except Refused as exc:
            raise NotFound("No quote with this id.") from exc
        plan = planned.plan
        return ApprovalPreview(
            plan=ApprovalPlan.from_engine(plan, currency=planned.facts.currency),
            within_earlier_approval=planned.within_earlier_approval,
            submittable=plan.submittable,
            issues=[i.value for i in plan.issues],
        )

    @strawberry.field(
        extensions=roles(Role.OPS, Role.MANAGER, Role.FINANCE),
        description="The approval rules, by level. Requires the role OPS, MANAGER or FINANCE "
        "(ADMIN holds every role).",
    )
    async def approval_rules(
        self,
        info: strawberry.Info,
        include_inactive: Annotated[
            bool,
            strawberry.argument(
                description="Also list rules switched off; false by default: active ones only."
            ),
        ] = False,
    ) -> list[ApprovalRuleType]:
        rows = await read(info, rules_by_level, include_inactive=include_inactive)
        return [ApprovalRuleType.from_row(r) for r in rows]
