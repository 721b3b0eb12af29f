"""Every performance mutation, with the roles that may call it."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.fields import mutation_field
from resolvers.performance.activities.create_activity_kind import create_activity_kind
from resolvers.performance.activities.record_activities import record_activities
from resolvers.performance.metrics.define_metric import define_metric, update_metric_definition
from resolvers.performance.metrics.set_kpi_target import set_kpi_target
from resolvers.performance.settings.mutations import set_performance_settings, set_time_zone


@strawberry.type
class PerformanceMutations:
    record_activities = mutation_field(
        record_activities,
        "Record a batch of activities (at most 1,000), all or none: each problem is a userError "
        "naming the activity's path. Re-sending a batch adds nothing (external ids). Errors: "
        "INVALID, NOT_FOUND, FORBIDDEN, ALREADY_EXISTS.",
    )
    create_activity_kind = mutation_field(
        create_activity_kind,
        "Add an activity kind. Errors: INVALID, REQUIRED, ALREADY_EXISTS.",
        Role.OPS,
    )
    define_metric = mutation_field(
        define_metric,
        "Define a new metric (version 1); its history is computed from the activity log. "
        "Errors: INVALID, ALREADY_EXISTS.",
        Role.OPS,
    )
    update_metric_definition = mutation_field(
        update_metric_definition,
        "A new version of a metric; its history is recomputed from the activity log, then it "
        "becomes current (reads use the old version until then). Errors: INVALID, NOT_FOUND.",
        Role.OPS,
    )
    set_kpi_target = mutation_field(
        set_kpi_target,
        "Set a KPI target for a rep, a team or everyone; a manager for their team and reps. "
        "Errors: FORBIDDEN, NOT_FOUND, INVALID.",
        Role.OPS,
        Role.MANAGER,
    )
    set_performance_settings = mutation_field(
        set_performance_settings,
        "Set the week start and the future tolerance of activity times. Errors: INVALID.",
        Role.OPS,
    )
    set_time_zone = mutation_field(
        set_time_zone,
        "Set a user's time zone (yours; OPS anyone's); their KPI days move with it and their "
        "rollups are rebuilt. Errors: INVALID, NOT_FOUND.",
    )
