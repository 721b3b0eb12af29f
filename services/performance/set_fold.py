"""What PostgreSQL needs to fold a batch into rollups as ``gamification.rollups.fold`` does.

The set-based append (``db.queries.bulk_activities``) joins new rows to the current
definitions; here they become its columns: one row per (definition, source kind), the
aggregate and measure by name and the filters as a JSON object the row's attributes
must contain. A definition with two filters on one attribute cannot be written as such
an object, so then there are no columns and the caller folds in Python. Worked hours
are divided here, exactly as the engine divides them (``gamification.metrics``), so the
two folds sum the same decimals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from gamification.metrics import SECONDS_PER_HOUR, MetricDefinition
from services.performance.rollups import LogColumns

ZERO = Decimal(0)


def definition_columns(definitions: Iterable[MetricDefinition]) -> LogColumns | None:
    """``db.queries.bulk_activities.DEFINITION_COLUMNS`` for ``definitions`` (ratios read
    no facts and are left out), or None when a filter cannot be expressed."""
    columns: LogColumns = {
        name: [] for name in ("d_metric", "d_version", "d_kind", "d_aggregate", "d_measure")
    }
    columns["d_filter"] = []
    for definition in definitions:
        if definition.is_ratio:
            continue
        wanted = {f.attribute: f.value for f in definition.filters}
        if len(wanted) != len(definition.filters):
            return None
        shown = json.dumps(wanted, sort_keys=True) if wanted else None
        for kind in definition.source_kinds:
            columns["d_metric"].append(definition.key)
            columns["d_version"].append(definition.version)
            columns["d_kind"].append(kind)
            columns["d_aggregate"].append(definition.aggregate.value)
            columns["d_measure"].append(definition.measure.value)
            columns["d_filter"].append(shown)
    return columns


def hours_of(durations: Sequence[Any]) -> list[Decimal]:
    """Each row's duration in hours (zero without one), divided as the engine divides."""
    return [ZERO if not d else Decimal(d) / SECONDS_PER_HOUR for d in durations]
