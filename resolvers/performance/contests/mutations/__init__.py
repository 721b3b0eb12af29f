"""The contest, badge and onboarding mutations (V3)."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.fields import mutation_field
from resolvers.performance.contests.mutations.badges import define_badge, evaluate_badge
from resolvers.performance.contests.mutations.create_contest import create_contest
from resolvers.performance.contests.mutations.end_contest import end_contest
from resolvers.performance.contests.mutations.enrol_in_contest import enrol_in_contest
from resolvers.performance.contests.mutations.onboarding import (
    create_onboarding_programme,
    enrol_in_onboarding,
    sign_off_onboarding_item,
)
from resolvers.performance.contests.mutations.update_contest import update_contest


@strawberry.type
class ContestMutations:
    create_contest = mutation_field(
        create_contest,
        "Start a contest on a metric over a window (a manager's is for their team).",
        Role.OPS,
        Role.MANAGER,
    )
    update_contest = mutation_field(
        update_contest,
        "Change a contest before it starts; once started only its name changes (the rules "
        "are frozen, and the freeze is recorded in the audit log).",
        Role.OPS,
        Role.MANAGER,
    )
    enrol_in_contest = mutation_field(
        enrol_in_contest,
        "Enrol a rep, a manager's team or everyone holding a role, before the start.",
        Role.OPS,
        Role.MANAGER,
    )
    end_contest = mutation_field(
        end_contest,
        "Close an ended contest's final standings and pay its cash prizes as commission "
        "adjustments; a second call changes nothing.",
        Role.OPS,
        Role.MANAGER,
    )
    define_badge = mutation_field(
        define_badge, "Define a badge with levels over a metric per period.", Role.OPS
    )
    evaluate_badge = mutation_field(
        evaluate_badge,
        "Award a rep the badge levels their values reached, each level once.",
        Role.OPS,
    )
    create_onboarding_programme = mutation_field(
        create_onboarding_programme,
        "Build an ordered onboarding checklist, with the badge completing it earns.",
        Role.OPS,
    )
    enrol_in_onboarding = mutation_field(
        enrol_in_onboarding, "Put a rep on an onboarding programme.", Role.OPS, Role.MANAGER
    )
    sign_off_onboarding_item = mutation_field(
        sign_off_onboarding_item,
        "Sign off a rep's onboarding item that needs a manager's sign-off.",
        Role.OPS,
        Role.MANAGER,
    )
