"""``endCommissionAssignment`` (OPS, FINANCE): a rep's last day on a plan (a change or a
departure)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from resolvers.commissions.mutations.assign_commission_plan import assigned, no_overlap
from resolvers.mutation import command, key, payload_type, payload_with, perform
from schema.types.commissions import CommissionAssignment as AssignmentType
from services.commissions.assignment_end import EndAssignment, end_assignment
from services.refusal import Code, Refusal


@strawberry.input(
    description="The last day of an assignment. The rep's next role or territory is a new "
    "assignment from the day after (`assignCommissionPlan`); with none after it, the rep has "
    "left: the period holding `end` closes with their final statement, and the plan's "
    "`clawbackWindowDays` decides which later returns still claw back."
)
class EndCommissionAssignmentInput:
    id: relay.GlobalID
    """The global ID of the assignment (`CommissionAssignment.id`)."""
    end: date
    """The last day on the plan (inclusive): not before its start (else INVALID), within the
    plan's dates (else INVALID), after every closed period (else PERIOD_CLOSED), not into the
    rep's next assignment (else OVERLAPPING_ASSIGNMENTS). The assignment's draws end with it;
    moved later, the draws that ended on its old end move with it (not into another of the
    rep's draws, else OVERLAPPING_DRAWS), and a draw with an earlier end of its own stays."""


EndCommissionAssignmentPayload = payload_type(
    "EndCommissionAssignmentPayload",
    AssignmentType,
    "assignment",
    "endCommissionAssignment",
    holds="The assignment with its new end",
)


async def end_commission_assignment(
    info: strawberry.Info, input: EndCommissionAssignmentInput
) -> EndCommissionAssignmentPayload:
    outcome = await perform(
        info,
        end_assignment,
        command(EndAssignment, input, assignment_id=key(input.id, "CommissionAssignment")),
        constraint_errors={
            **no_overlap("end"),
            "commission_draws_no_overlap": Refusal(
                Code.OVERLAPPING_DRAWS,
                "A draw extended with the assignment would overlap another of the rep's draws.",
                ("input", "end"),
            ),
        },
    )
    return await payload_with(
        EndCommissionAssignmentPayload, outcome, lambda row: assigned(info, row)
    )
