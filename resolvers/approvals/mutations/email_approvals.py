"""``setEmailApprovals``: whether approval requests also reach you by email."""

from __future__ import annotations

import strawberry

from resolvers.mutation import payload_of, payload_type, perform
from schema.types.user import User
from services.mail.preferences import set_email_approvals as set_preference


@strawberry.input(description="Whether approval requests awaiting you also reach you by email.")
class SetEmailApprovalsInput:
    enabled: bool
    """True: an email with one-tap links when a request awaits you (the default); false: the
    app only. Emails already sent keep working."""


SetEmailApprovalsPayload = payload_type(
    "SetEmailApprovalsPayload", User, "user", "setEmailApprovals"
)


async def set_email_approvals(
    info: strawberry.Info, input: SetEmailApprovalsInput
) -> SetEmailApprovalsPayload:
    outcome = await perform(info, set_preference, input.enabled)
    return payload_of(SetEmailApprovalsPayload, outcome, "user", User.from_row)
