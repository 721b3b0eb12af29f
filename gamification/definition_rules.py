"""What makes a metric definition valid: checked before OPS's edit becomes a version.

A ratio names two existing metrics and no kinds, and never reaches itself
through them; any other aggregate reads at least one known kind. Problems name
the field at fault, so the API can answer with typed errors.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from gamification.metrics import Aggregate, MetricDefinition

KEY_SHAPE = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")


@dataclass(frozen=True, slots=True)
class DefinitionProblem:
    """One reason a definition is refused, and the field at fault."""

    field: str
    message: str


def _reaches(start: str, target: str, definitions: Mapping[str, MetricDefinition]) -> bool:
    """True when ``start`` depends on ``target`` through ratios."""
    pending, seen = [start], set()
    while pending:
        key = pending.pop()
        if key == target:
            return True
        definition = definitions.get(key)
        if key in seen or definition is None or not definition.is_ratio:
            continue
        seen.add(key)
        pending += [k for k in (definition.numerator, definition.denominator) if k]
    return False


def _ratio_problems(
    definition: MetricDefinition, definitions: Mapping[str, MetricDefinition]
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    if definition.source_kinds:
        problems.append(DefinitionProblem("sourceKinds", "A ratio reads two metrics, not kinds."))
    for name, key in (("numerator", definition.numerator), ("denominator", definition.denominator)):
        if key is None:
            problems.append(DefinitionProblem(name, f"A ratio needs a {name} metric."))
        elif key not in definitions and key != definition.key:
            problems.append(DefinitionProblem(name, f"No metric {key!r}."))
        elif key == definition.key or _reaches(key, definition.key, definitions):
            problems.append(DefinitionProblem(name, f"{key} depends on this metric: a cycle."))
    return problems


def definition_problems(
    definition: MetricDefinition,
    definitions: Mapping[str, MetricDefinition],
    kinds: Collection[str],
) -> list[DefinitionProblem]:
    """Every problem of ``definition`` among the current ``definitions`` and known ``kinds``."""
    problems: list[DefinitionProblem] = []
    if not KEY_SHAPE.match(definition.key):
        problems.append(DefinitionProblem("key", "A key is A-Z, 0-9 and _, 2 to 64 long."))
    if not definition.name.strip():
        problems.append(DefinitionProblem("name", "A metric needs a name."))
    if not definition.scale.is_finite() or definition.scale <= 0:
        problems.append(DefinitionProblem("scale", "The scale must be more than zero."))
    if definition.quality_pair is not None and definition.quality_pair not in definitions:
        problems.append(DefinitionProblem("qualityPair", f"No metric {definition.quality_pair!r}."))
    if definition.aggregate is Aggregate.RATIO:
        return problems + _ratio_problems(definition, definitions)
    if definition.numerator or definition.denominator:
        problems.append(DefinitionProblem("numerator", "Only a ratio names other metrics."))
    if not definition.source_kinds:
        problems.append(DefinitionProblem("sourceKinds", "Name at least one activity kind."))
    unknown = sorted(set(definition.source_kinds) - set(kinds))
    if unknown:
        problems.append(DefinitionProblem("sourceKinds", f"No activity kind {', '.join(unknown)}."))
    return problems
