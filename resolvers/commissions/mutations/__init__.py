"""Every commissions mutation, with the roles that may call it."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.commissions.mutations.answer_commission_inquiry import answer_commission_inquiry
from resolvers.commissions.mutations.approve_statement import approve_statement
from resolvers.commissions.mutations.assign_commission_plan import assign_commission_plan
from resolvers.commissions.mutations.close_commission_period import close_commission_period
from resolvers.commissions.mutations.create_commission_plan import create_commission_plan
from resolvers.commissions.mutations.draws_payments import (
    end_commission_draw,
    mark_invoice_paid,
    record_commission_payment,
    set_commission_draw,
    set_commission_plan_payment_hold,
)
from resolvers.commissions.mutations.end_commission_assignment import end_commission_assignment
from resolvers.commissions.mutations.exchange_rates import (
    delete_exchange_rate,
    set_exchange_rate,
)
from resolvers.commissions.mutations.open_commission_inquiry import open_commission_inquiry
from resolvers.commissions.mutations.open_commission_period import open_commission_period
from resolvers.commissions.mutations.record_commission_adjustment import (
    record_commission_adjustment,
)
from resolvers.commissions.mutations.reject_commission_inquiry import reject_commission_inquiry
from resolvers.commissions.mutations.resolve_commission_inquiry import resolve_commission_inquiry
from resolvers.commissions.mutations.reverse_won_quote import reverse_won_quote
from resolvers.commissions.mutations.revise_commission_plan import revise_commission_plan
from resolvers.commissions.mutations.set_clawback_window import (
    set_commission_plan_clawback_window,
)
from resolvers.commissions.mutations.set_commission_calendar import set_commission_calendar
from resolvers.commissions.mutations.set_quote_splits import set_quote_splits
from resolvers.fields import mutation_field

PLANNERS = (Role.OPS, Role.FINANCE)


@strawberry.type
class CommissionMutations:
    set_commission_calendar = mutation_field(
        set_commission_calendar,
        "Set the fiscal calendar commission periods follow; only before any period is opened.",
        Role.FINANCE,
    )
    create_commission_plan = mutation_field(
        create_commission_plan,
        "A new commission plan and its first version. Errors: ALREADY_EXISTS, INVALID, "
        "OVERLAPPING_VERSIONS.",
        *PLANNERS,
    )
    revise_commission_plan = mutation_field(
        revise_commission_plan,
        "A new version of a plan from a date. "
        "Errors: OVERLAPPING_VERSIONS, PERIOD_CLOSED, CONFLICT.",
        *PLANNERS,
    )
    assign_commission_plan = mutation_field(
        assign_commission_plan,
        "Put a rep on a plan with a quota. Errors: OVERLAPPING_ASSIGNMENTS, PERIOD_CLOSED.",
        *PLANNERS,
    )
    end_commission_assignment = mutation_field(
        end_commission_assignment,
        "End a rep's assignment on a day: a change of plan (the next assignment starts the "
        "day after) or a departure (none follows: a final statement, and returns after the "
        "plan's clawback window no longer claw back); the assignment's draws follow its end. "
        "Errors: INVALID, INVALID_STATE, PERIOD_CLOSED, OVERLAPPING_ASSIGNMENTS, "
        "OVERLAPPING_DRAWS, NOT_FOUND.",
        *PLANNERS,
    )
    set_commission_plan_clawback_window = mutation_field(
        set_commission_plan_clawback_window,
        "Set or remove a plan's clawback window for reps who leave: returns after it no "
        "longer claw back. Errors: INVALID, CONFLICT, NOT_FOUND.",
        *PLANNERS,
    )
    set_quote_splits = mutation_field(
        set_quote_splits,
        "Share a quote's commission credit among reps; only the quote's owner (or ADMIN), "
        "before the win. Errors: SPLITS_NOT_100, INVALID_STATE, CONFLICT.",
    )
    reverse_won_quote = mutation_field(
        reverse_won_quote,
        "A won deal cancelled, returned or lost: clawback credits in the open period of the "
        "reversal. Only FINANCE or the quote's owner. Errors: INVALID_STATE, PERIOD_CLOSED, "
        "CONFLICT.",
    )
    open_commission_period = mutation_field(
        open_commission_period,
        "Open the fiscal calendar's commission period containing a day. Errors: ALREADY_EXISTS.",
        Role.FINANCE,
    )
    close_commission_period = mutation_field(
        close_commission_period,
        "Close a period: its credits lock and every rep gets a statement. Errors: PERIOD_CLOSED.",
        Role.FINANCE,
    )
    approve_statement = mutation_field(
        approve_statement,
        "Approve a statement's payout; it is then final. Errors: INVALID_STATE (already approved).",
        Role.FINANCE,
    )
    record_commission_adjustment = mutation_field(
        record_commission_adjustment,
        "A signed manual correction of a rep's commission (a draw, a one-off bonus, a fix) in "
        "an open period. Errors: PERIOD_CLOSED.",
        Role.FINANCE,
    )
    open_commission_inquiry = mutation_field(
        open_commission_inquiry,
        "Ask about or dispute one of your own statement lines or credits; FINANCE answers.",
    )
    answer_commission_inquiry = mutation_field(
        answer_commission_inquiry,
        "Reply in an open inquiry's thread; it stays open. Errors: CONFLICT.",
        Role.FINANCE,
    )
    resolve_commission_inquiry = mutation_field(
        resolve_commission_inquiry,
        "Settle an inquiry, optionally with an adjustment in the current open period. Errors: "
        "PERIOD_CLOSED, CONFLICT.",
        Role.FINANCE,
    )
    reject_commission_inquiry = mutation_field(
        reject_commission_inquiry,
        "Decline an inquiry with a reason; it closes. Errors: CONFLICT.",
        Role.FINANCE,
    )
    set_exchange_rate = mutation_field(
        set_exchange_rate,
        "Set the rate converting a currency into another from a day (created, or replaced for "
        "the same pair and day); credits in another currency than the rep's plan are converted "
        "with the rate valid on their close date. Errors: INVALID.",
        Role.OPS,
    )
    delete_exchange_rate = mutation_field(
        delete_exchange_rate,
        "Delete an exchange rate; credits converted with it keep their rate. Errors: NOT_FOUND.",
        Role.OPS,
    )
    # issue 19: draws and payments
    record_commission_payment = mutation_field(
        record_commission_payment,
        "Record money actually paid to a rep against an approved statement (append-only);"
        " the statement's `previouslyPaid` is the sum of its payments. Errors: OVERPAYMENT,"
        " INVALID, INVALID_STATE (not approved), CURRENCY_MISMATCH, NOT_FOUND.",
        Role.FINANCE,
    )
    set_commission_draw = mutation_field(
        set_commission_draw,
        "Give a rep a draw: a guaranteed amount per period, recoverable or not. Errors:"
        " OVERLAPPING_DRAWS, PERIOD_CLOSED, INVALID, CURRENCY_MISMATCH.",
        Role.FINANCE,
    )
    end_commission_draw = mutation_field(
        end_commission_draw,
        "Set the last day a draw covers. Errors: INVALID, PERIOD_CLOSED, NOT_FOUND.",
        Role.FINANCE,
    )
    mark_invoice_paid = mutation_field(
        mark_invoice_paid,
        "Mark a won quote's invoice paid: commission held for it is released at the next"
        " close. Errors: INVALID_STATE (not won), ALREADY_EXISTS, INVALID.",
        Role.FINANCE,
    )
    set_commission_plan_payment_hold = mutation_field(
        set_commission_plan_payment_hold,
        "Hold (or stop holding) a plan's commission until each deal's invoice is paid, from"
        " the next close. Errors: CONFLICT, NOT_FOUND.",
        *PLANNERS,
    )


__all__ = ["CommissionMutations"]
