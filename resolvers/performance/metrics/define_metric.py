"""``defineMetric`` and ``updateMetricDefinition`` (OPS): a metric as data; each edit is a new
version whose history is recomputed from the activity log before it becomes current."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from gamification.calendar import Grain
from gamification.metrics import Better, Filter, Measure
from gamification.metrics import MetricDefinition as Definition
from resolvers.mutation import Arguments, Command, command, later, mutations_sharing
from schema.text_limits import MaxLength, Reason
from schema.types.performance.enums import (
    BetterDirection,
    HierarchyLevel,
    KpiGrain,
    MetricAggregate,
    MetricMeasure,
)
from schema.types.performance.metrics import MetricDefinition
from services.performance import definitions
from services.refusal import Code, refuse

Key = Annotated[str, MaxLength(64)]
MAX_KINDS = 50


@strawberry.input(description="A fact counts only when its attribute equals the value.")
class MetricFilterInput:
    attribute: Key
    """The attribute's name."""
    value: Annotated[str, MaxLength(200)]
    """The value it must have."""


@strawberry.input(description="A metric definition; the version is assigned by the server.")
class MetricDefinitionInput:
    key: Key
    """The metric's key: A-Z, 0-9 and _, 2 to 64 long."""
    name: Annotated[str, MaxLength(200)]
    """What it is called."""
    aggregate: MetricAggregate  # type: ignore[valid-type]
    """How it folds its facts."""
    level: HierarchyLevel  # type: ignore[valid-type]
    """Where on the hierarchy it sits."""
    description: Reason = ""
    """What it means in the organisation's words."""
    measure: MetricMeasure = Measure.ONE  # type: ignore[valid-type]
    """What a SUM or AVERAGE adds up."""
    source_kinds: list[Key] | None = None
    """The activity kinds it reads (none for a ratio), at most 50."""
    filters: list[MetricFilterInput] | None = None
    """Attribute conditions, at most 50."""
    numerator: Key | None = None
    """A ratio's numerator metric."""
    denominator: Key | None = None
    """A ratio's denominator metric."""
    scale: Decimal = Decimal(1)
    """What a ratio is multiplied by (100 for a percentage)."""
    unit: Annotated[str, MaxLength(32)] = ""
    """The unit of its values."""
    better: BetterDirection = Better.HIGHER  # type: ignore[valid-type]
    """Which way is good."""
    default_grain: KpiGrain = Grain.DAY  # type: ignore[valid-type]
    """The period length it is usually read at."""
    quality_pair: Key | None = None
    """The quality metric shown beside it."""


def _kinds(input: MetricDefinitionInput) -> tuple[str, ...]:
    kinds, filters = input.source_kinds or [], input.filters or []
    if len(kinds) > MAX_KINDS or len(filters) > MAX_KINDS:
        raise refuse(Code.INVALID, "At most 50 kinds and 50 filters.", ("input", "sourceKinds"))
    return tuple(dict.fromkeys(kinds))


def draft_of(input: MetricDefinitionInput) -> Command[Definition]:
    """The definition the input describes (its version is the use case's to assign)."""
    filters = tuple(Filter(f.attribute, f.value) for f in input.filters or [])
    return command(Definition, input, version=0, source_kinds=later(_kinds, input), filters=filters)


metric_mutation = mutations_sharing(
    "MetricDefinitionPayload",
    MetricDefinition,
    "metric",
    "defineMetric",
    "updateMetricDefinition",
    holds="The definition version just made current",
    builds=MetricDefinition.of,
)


@metric_mutation(definitions.define_metric)
def define_metric(input: MetricDefinitionInput) -> Arguments:
    return (draft_of(input),)


@metric_mutation(definitions.update_metric_definition)
def update_metric_definition(input: MetricDefinitionInput) -> Arguments:
    return (draft_of(input),)
