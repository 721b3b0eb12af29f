"""Every commissions mutation, with the roles that may call it."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.commissions.inquiries import CommissionInquiryPayload
from resolvers.commissions.mutations.answer_commission_inquiry import answer_commission_inquiry
from resolvers.commissions.mutations.approve_statement import (
    ApproveStatementPayload,
    approve_statement,
)
from resolvers.commissions.mutations.assign_commission_plan import (
    AssignCommissionPlanPayload,
    assign_commission_plan,
)
from resolvers.commissions.mutations.close_commission_period import (
    CloseCommissionPeriodPayload,
    close_commission_period,
)
from resolvers.commissions.mutations.create_commission_plan import (
    CommissionPlanPayload,
    create_commission_plan,
)
from resolvers.commissions.mutations.open_commission_inquiry import open_commission_inquiry
from resolvers.commissions.mutations.open_commission_period import (
    CommissionPeriodPayload,
    open_commission_period,
)
from resolvers.commissions.mutations.record_commission_adjustment import (
    CommissionAdjustmentPayload,
    record_commission_adjustment,
)
from resolvers.commissions.mutations.reject_commission_inquiry import reject_commission_inquiry
from resolvers.commissions.mutations.resolve_commission_inquiry import resolve_commission_inquiry
from resolvers.commissions.mutations.reverse_won_quote import (
    ReverseWonQuotePayload,
    reverse_won_quote,
)
from resolvers.commissions.mutations.revise_commission_plan import revise_commission_plan
from resolvers.commissions.mutations.set_commission_calendar import (
    SetCommissionCalendarPayload,
    set_commission_calendar,
)
from resolvers.commissions.mutations.set_quote_splits import SetQuoteSplitsPayload, set_quote_splits
from schema.permissions import roles, signed_in

PLANNERS = (Role.OPS, Role.FINANCE)


@strawberry.type
class CommissionMutations:
    set_commission_calendar: SetCommissionCalendarPayload = strawberry.mutation(
        resolver=set_commission_calendar,
        extensions=roles(Role.FINANCE),
        description=(
            "Set the fiscal calendar commission periods follow (FINANCE; "
            "before any period is opened)."
        ),
    )
    create_commission_plan: CommissionPlanPayload = strawberry.mutation(
        resolver=create_commission_plan,
        extensions=roles(*PLANNERS),
        description="A new plan and its first version.",
    )
    revise_commission_plan: CommissionPlanPayload = strawberry.mutation(
        resolver=revise_commission_plan,
        extensions=roles(*PLANNERS),
        description=(
            "A new version of a plan from a date. "
            "Errors: OVERLAPPING_VERSIONS, PERIOD_CLOSED, CONFLICT."
        ),
    )
    assign_commission_plan: AssignCommissionPlanPayload = strawberry.mutation(
        resolver=assign_commission_plan,
        extensions=roles(*PLANNERS),
        description=(
            "Put a rep on a plan with a quota. Errors: OVERLAPPING_ASSIGNMENTS, PERIOD_CLOSED."
        ),
    )
    set_quote_splits: SetQuoteSplitsPayload = strawberry.mutation(
        resolver=set_quote_splits,
        extensions=signed_in(),
        description=(
            "Share a quote's credit (its owner, before the win). "
            "Errors: SPLITS_NOT_100, INVALID_STATE."
        ),
    )
    reverse_won_quote: ReverseWonQuotePayload = strawberry.mutation(
        resolver=reverse_won_quote,
        extensions=signed_in(),
        description=(
            "A won deal cancelled, returned or lost (FINANCE or the owner): "
            "clawbacks in the open period."
        ),
    )
    open_commission_period: CommissionPeriodPayload = strawberry.mutation(
        resolver=open_commission_period,
        extensions=roles(Role.FINANCE),
        description="Open a commission period.",
    )
    close_commission_period: CloseCommissionPeriodPayload = strawberry.mutation(
        resolver=close_commission_period,
        extensions=roles(Role.FINANCE),
        description=(
            "Close a period: its credits lock and every rep gets a statement. "
            "Errors: PERIOD_CLOSED."
        ),
    )
    approve_statement: ApproveStatementPayload = strawberry.mutation(
        resolver=approve_statement,
        extensions=roles(Role.FINANCE),
        description="Approve a statement's payout; it is then final.",
    )
    record_commission_adjustment: CommissionAdjustmentPayload = strawberry.mutation(
        resolver=record_commission_adjustment,
        extensions=roles(Role.FINANCE),
        description="A signed correction in an open period. Errors: PERIOD_CLOSED.",
    )
    open_commission_inquiry: CommissionInquiryPayload = strawberry.mutation(
        resolver=open_commission_inquiry,
        extensions=signed_in(),
        description="Ask about or dispute one of your statement lines or credits.",
    )
    answer_commission_inquiry: CommissionInquiryPayload = strawberry.mutation(
        resolver=answer_commission_inquiry,
        extensions=roles(Role.FINANCE),
        description="Reply to an inquiry.",
    )
    resolve_commission_inquiry: CommissionInquiryPayload = strawberry.mutation(
        resolver=resolve_commission_inquiry,
        extensions=roles(Role.FINANCE),
        description="Settle an inquiry, optionally with an adjustment in the current open period.",
    )
    reject_commission_inquiry: CommissionInquiryPayload = strawberry.mutation(
        resolver=reject_commission_inquiry,
        extensions=roles(Role.FINANCE),
        description="Decline an inquiry with a reason.",
    )


__all__ = ["CommissionMutations"]
