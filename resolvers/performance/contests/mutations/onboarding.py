"""``createOnboardingProgramme`` (OPS), ``enrolInOnboarding`` and
``signOffOnboardingItem`` (OPS or the rep's manager)."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.mutation import (
    Arguments,
    Key,
    command,
    idempotency_key_field,
    key,
    mutation,
    payload_with,
    perform,
    user_errors_field,
)
from schema.errors import UserError
from schema.rows import loader
from schema.text_limits import Family, IdempotencyKey, LongName, Reason
from schema.types.performance.onboarding import OnboardingProgramme
from services.performance import onboarding
from services.performance.onboarding import NewItem, NewProgramme


@strawberry.input(description="One checklist item.")
class OnboardingItemInput:
    title: Reason
    """What to do, e.g. "Watch the culture video"; at most 500 characters."""
    activity_kind: Family | None = None
    """The activity kind that completes it (e.g. TRAINING_COMPLETED); null: a sign-off."""


@strawberry.input(description="An ordered checklist; completing every item earns its badge.")
class CreateOnboardingProgrammeInput:
    name: LongName
    """A unique name."""
    items: list[OnboardingItemInput]
    """The items, in order (at least one)."""
    badge_name: LongName | None = None
    """The badge's name; "<name> completed" by default."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(
    onboarding.create_programme,
    OnboardingProgramme,
    constraint_errors=onboarding.CONSTRAINT_REFUSALS,
    field="programme",
)
def create_onboarding_programme(input: CreateOnboardingProgrammeInput) -> Arguments:
    """The programme."""
    items = tuple(command(NewItem, i) for i in input.items)
    return (command(NewProgramme, input, items=items),)


@strawberry.input(description="A rep to put on a programme.")
class EnrolInOnboardingInput:
    programme_id: strawberry.relay.GlobalID
    """The programme."""
    rep_id: strawberry.relay.GlobalID
    """The rep (on the caller's team, unless OPS)."""


@strawberry.input(description="An item to sign off for a rep.")
class SignOffOnboardingItemInput:
    item_id: strawberry.relay.GlobalID
    """The item (one completed by a sign-off)."""
    rep_id: strawberry.relay.GlobalID
    """The rep (on the caller's team, unless OPS)."""


@strawberry.type(
    description="The result of `enrolInOnboarding` or `signOffOnboardingItem`: whether the "
    "rep's programme is now complete, or `userErrors` saying why nothing changed."
)
class OnboardingEnrolmentPayload:
    programme: OnboardingProgramme | None = None
    """The programme; null when refused."""
    completed: bool = False
    """Whether the rep has now completed every item (the badge is then awarded)."""
    user_errors: list[UserError] = user_errors_field()


async def _enrolled(info: strawberry.Info, row: Any) -> dict[str, Any]:
    programme = await loader(info, "contests.onboarding_programme_by_id").load(row.programme_id)
    return {
        "programme": OnboardingProgramme.from_row(programme),
        "completed": row.completed_at is not None,
    }


async def _enrolment_change(
    info: strawberry.Info, use_case: Any, target: Key, rep_id: strawberry.relay.GlobalID
) -> OnboardingEnrolmentPayload:
    """Run ``use_case`` on ``target`` for the rep, then report the rep's programme."""
    rep = key(rep_id, "User", "repId")
    outcome = await perform(
        info, use_case, target, rep, constraint_errors=onboarding.CONSTRAINT_REFUSALS
    )
    return await payload_with(OnboardingEnrolmentPayload, outcome, lambda r: _enrolled(info, r))


async def enrol_in_onboarding(
    info: strawberry.Info, input: EnrolInOnboardingInput
) -> OnboardingEnrolmentPayload:
    programme = key(input.programme_id, "OnboardingProgramme", "programmeId")
    return await _enrolment_change(info, onboarding.enrol_in_onboarding, programme, input.rep_id)


async def sign_off_onboarding_item(
    info: strawberry.Info, input: SignOffOnboardingItemInput
) -> OnboardingEnrolmentPayload:
    item = key(input.item_id, "OnboardingItem", "itemId")
    return await _enrolment_change(info, onboarding.sign_off_item, item, input.rep_id)
