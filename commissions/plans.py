"""Plans, their effective-dated versions, and rep assignments.

A plan change is a new :class:`PlanVersion`, never an edit, so a period is
always computed with the version in force on each credit's date. Versions of
one plan must not overlap, nor may one rep's assignments; both checks return
reason codes the API shows as userErrors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import TypeVar

from commissions.components import Component
from commissions.fiscal_calendar import PeriodKind
from commissions.plan_checks import check_components
from commissions.reasons import ReasonCode, Refusal, refusal

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """One version of a plan, in force from ``effective_from`` to ``effective_to``.

    Both ends are inclusive; ``effective_to=None`` is open-ended.
    """

    plan_id: str
    version: int
    name: str
    effective_from: date
    effective_to: date | None
    currency: str
    period_kind: PeriodKind
    components: tuple[Component, ...]

    def in_force_on(self, day: date) -> bool:
        """True when this version governs credits rated on ``day``."""
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True, slots=True)
class Assignment:
    """A rep on a plan from ``start`` to ``end`` (inclusive, None = open).

    ``quota`` and the optional ``on_target_earnings`` are per period of the
    plan's period kind (a quarterly plan has a quarterly quota).
    """

    assignment_id: str
    rep_id: str
    plan_id: str
    start: date
    end: date | None
    quota: Decimal
    on_target_earnings: Decimal | None = None

    def active_on(self, day: date) -> bool:
        """True when the assignment covers ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


def version_on(versions: Iterable[PlanVersion], plan_id: str, day: date) -> PlanVersion | None:
    """The version of ``plan_id`` in force on ``day``, if any."""
    for version in versions:
        if version.plan_id == plan_id and version.in_force_on(day):
            return version
    return None


def validate_plan_versions(versions: Iterable[PlanVersion]) -> tuple[Refusal, ...]:
    """Reason codes for overlapping or malformed versions; empty when all is well."""
    problems: list[Refusal] = []
    by_plan: dict[str, list[PlanVersion]] = defaultdict(list)
    for version in versions:
        by_plan[version.plan_id].append(version)
        problems += check_components(version.components, version.currency)
    for plan_id, group in by_plan.items():
        for earlier, later in _overlapping(group, lambda v: (v.effective_from, v.effective_to)):
            problems.append(
                refusal(
                    ReasonCode.OVERLAPPING_PLAN_VERSIONS,
                    f"Plan {plan_id}: versions {earlier.version} and {later.version} overlap.",
                    "planVersions",
                    str(later.version),
                    "effectiveFrom",
                )
            )
        if len({(v.currency, v.period_kind) for v in group}) > 1:
            problems.append(
                refusal(
                    ReasonCode.INVALID_PLAN,
                    f"Plan {plan_id}: all versions need one currency and one period kind.",
                    "planVersions",
                )
            )
    return tuple(problems)


def validate_assignments(assignments: Iterable[Assignment]) -> tuple[Refusal, ...]:
    """``OVERLAPPING_ASSIGNMENTS`` for every rep on two plans on the same day."""
    problems: list[Refusal] = []
    by_rep: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_rep[assignment.rep_id].append(assignment)
    for rep_id, group in by_rep.items():
        for earlier, later in _overlapping(group, lambda a: (a.start, a.end)):
            problems.append(
                refusal(
                    ReasonCode.OVERLAPPING_ASSIGNMENTS,
                    f"Rep {rep_id}: assignments {earlier.assignment_id} and "
                    f"{later.assignment_id} overlap.",
                    "assignments",
                    later.assignment_id,
                    "start",
                )
            )
    return tuple(problems)


def _overlapping(
    spans: Iterable[T], dates: Callable[[T], tuple[date, date | None]]
) -> Iterator[tuple[T, T]]:
    """Neighbours by start date where the earlier one (both ends inclusive, ``None`` open)
    is still in force on the day the later one starts."""
    ordered = sorted(spans, key=lambda span: dates(span)[0])
    for earlier, later in pairwise(ordered):
        end = dates(earlier)[1]
        if end is None or end >= dates(later)[0]:
            yield earlier, later
