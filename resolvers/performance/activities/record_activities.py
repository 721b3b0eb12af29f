"""``recordActivities``: a batch (up to 1,000) from a phone, a dialer or a CRM integration,
stored whole or not at all; re-sending it adds nothing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

from gamification.activities import ActivityInput
from gamification.facts import attributes_of
from resolvers.lean_input import lean
from resolvers.mutation import decode_id, later, payload_with, perform, user_errors_field
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.text_limits import MaxLength
from services.performance import activities as service
from services.performance.activities import Recorded
from services.refusal import Code, Refusal, Refused, refuse

Key = Annotated[str, MaxLength(64)]
Text = Annotated[str, MaxLength(200)]
MAX_ATTRIBUTES = 20


@strawberry.input(description="A named fact an activity carries (qualification=BANT).")
class ActivityAttributeInput:
    name: Key
    """The attribute's name, e.g. qualification, engagement, transferId."""
    value: Text
    """Its value, e.g. BANT, USER_COMMUNITY."""


@strawberry.input(description="One activity: who, what, when, and the optional details.")
class RecordedActivityInput:
    kind: Key
    """An activity kind's key (see `activityKinds`), e.g. DIAL; quote and slippage kinds are
    refused (they come from the quote workflow)."""
    occurred_at: datetime
    """When it happened, with its offset; at most the organisation's tolerance in the future."""
    rep_id: relay.GlobalID | None = None
    """The rep (a User) it is for; you by default. A manager records for their team, OPS for
    anyone."""
    quantity: Decimal = Decimal(1)
    """How many (a dialer may send 5 dials as one); more than zero."""
    amount: Decimal | None = None
    """An amount it carries, not negative."""
    duration_seconds: int | None = None
    """How long it took; worked time (SHIFT) needs it."""
    account_id: relay.GlobalID | None = None
    """The account (customer) it concerns."""
    quote_id: relay.GlobalID | None = None
    """The quote it concerns."""
    contact: Text | None = None
    """The person contacted, when there is no account."""
    external_id: Text | None = None
    """The sender's id for it: the same id from the same rep is recorded once."""
    attributes: list[ActivityAttributeInput] | None = None
    """Named facts it carries (at most 20), e.g. qualification=BANT, transferred=true."""


@lean
@strawberry.input(description="A batch of activities, recorded all together or not at all.")
class RecordActivitiesInput:
    activities: list[RecordedActivityInput]
    """The activities, at most 1,000."""


@strawberry.type(description="The result of `recordActivities`.")
class RecordActivitiesPayload:
    recorded: int = strawberry.field(default=0, description="How many activities were new.")
    already_known: int = strawberry.field(
        default=0, description="How many were already recorded (a re-sent batch)."
    )
    user_errors: list[UserError] = user_errors_field()


def _optional_id(value: relay.GlobalID | None, type_name: str, path: tuple[str, ...]) -> int | None:
    return None if value is None else decode_id(value, type_name, path)


def _decoded(index: int, item: RecordedActivityInput, viewer: int) -> ActivityInput:
    path = ("input", "activities", str(index))
    if item.occurred_at.tzinfo is None:
        raise refuse(Code.INVALID, "Give the time with its offset.", (*path, "occurredAt"))
    attributes = item.attributes or []
    if len(attributes) > MAX_ATTRIBUTES:
        raise refuse(Code.INVALID, "At most 20 attributes.", (*path, "attributes"))
    rep = _optional_id(item.rep_id, "User", (*path, "repId"))
    return ActivityInput(
        rep_id=viewer if rep is None else rep,
        kind=item.kind,
        occurred_at=item.occurred_at,
        quantity=item.quantity,
        amount=item.amount,
        duration_seconds=item.duration_seconds,
        account_id=_optional_id(item.account_id, "Account", (*path, "accountId")),
        quote_id=_optional_id(item.quote_id, "Quote", (*path, "quoteId")),
        contact=item.contact,
        external_id=item.external_id,
        attributes=attributes_of({a.name: a.value for a in attributes}),
    )


def decoded_batch(input: RecordActivitiesInput, viewer: int) -> list[ActivityInput]:
    """Every activity decoded, or every decoding problem refused at once."""
    batch: list[ActivityInput] = []
    problems: list[Refusal] = []
    for index, item in enumerate(input.activities):
        try:
            batch.append(_decoded(index, item, viewer))
        except Refused as refused:
            problems += refused.refusals
    if problems:
        raise Refused(*problems)
    return batch


async def record_activities(
    info: strawberry.Info, input: RecordActivitiesInput
) -> RecordActivitiesPayload:
    viewer = require_viewer(info).user_id
    outcome = await perform(info, service.record_activities, later(decoded_batch, input, viewer))

    def fields(done: Recorded) -> dict[str, int]:
        return {"recorded": done.recorded, "already_known": done.already_known}

    return await payload_with(RecordActivitiesPayload, outcome, fields)
