"""The performance engine's metric definitions as stored (``metric_definitions.definition``).

Registered from here; the engine never imports storage.
"""

from __future__ import annotations

from typing import Any

from db.codec.tagged import TaggedCodec
from gamification import calendar, hierarchy, metrics
from gamification.metrics import MetricDefinition

CODEC = TaggedCodec.of_modules(metrics, calendar, hierarchy)


def definition_json(definition: MetricDefinition) -> dict[str, Any]:
    data = CODEC.encode(definition)
    assert isinstance(data, dict)
    return data


def definition_of(data: dict[str, Any]) -> MetricDefinition:
    value: MetricDefinition = CODEC.decode_as(MetricDefinition, data)
    return value
