"""Reviewing a batch of activities before anything is stored: all-or-nothing.

A phone, a dialer or a CRM integration sends up to ``max_size`` activities at
once. ``review_batch`` lists every problem with the item's path
(``activities.3.occurredAt``), so the caller refuses the whole batch with
typed errors and stores nothing; a clean batch becomes ``Fact`` values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import auto

from gamification.enums import NamedEnum
from gamification.facts import Attributes, Fact, Happening
from gamification.hierarchy import KindSpec


class ProblemCode(NamedEnum):
    """Why an activity (or the batch) was refused."""

    TOO_MANY = auto()
    EMPTY = auto()
    IN_FUTURE = auto()
    UNKNOWN_KIND = auto()
    NOT_RECORDABLE = auto()
    OTHER_REP = auto()
    INVALID_QUANTITY = auto()
    INVALID_AMOUNT = auto()
    INVALID_DURATION = auto()
    DUPLICATE_EXTERNAL_ID = auto()


@dataclass(frozen=True, slots=True)
class ActivityInput(Happening):
    """One activity as sent: the rep, kind, instant and the optional details."""

    account_id: int | None = None
    quote_id: int | None = None
    contact: str | None = None
    external_id: str | None = None
    attributes: Attributes = ()

    def customer_key(self) -> str | None:
        """The customer the activity concerns: the account when named, else the contact."""
        return f"account:{self.account_id}" if self.account_id is not None else self.contact

    def fact(self) -> Fact:
        """The activity as a fact metrics aggregate."""
        shared = {f.name: getattr(self, f.name) for f in fields(Happening)}
        return Fact(
            **shared,
            customer_key=self.customer_key(),
            attributes=self.attributes,
            external_id=self.external_id,
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: the item's index (None for the batch), code, field path and message."""

    index: int | None
    code: ProblemCode
    field: tuple[str, ...]
    message: str


def _path(index: int, name: str) -> tuple[str, ...]:
    return ("activities", str(index), name)


def _item_problems(
    index: int,
    item: ActivityInput,
    kinds: Mapping[str, KindSpec],
    latest: datetime,
    may_record_for: Callable[[int], bool],
) -> list[Problem]:
    problems: list[Problem] = []

    def add(code: ProblemCode, name: str, message: str) -> None:
        problems.append(Problem(index, code, _path(index, name), message))

    kind = kinds.get(item.kind)
    if kind is None:
        add(ProblemCode.UNKNOWN_KIND, "kind", f"No activity kind {item.kind!r}.")
    elif not kind.recordable:
        add(ProblemCode.NOT_RECORDABLE, "kind", f"{item.kind} comes from the quote workflow.")
    if item.occurred_at > latest:
        add(ProblemCode.IN_FUTURE, "occurredAt", "The activity is in the future.")
    if not may_record_for(item.rep_id):
        add(ProblemCode.OTHER_REP, "repId", "You may not record activities for this rep.")
    if not item.quantity.is_finite() or item.quantity <= 0:
        add(ProblemCode.INVALID_QUANTITY, "quantity", "The quantity must be more than zero.")
    if item.amount is not None and (not item.amount.is_finite() or item.amount < 0):
        add(ProblemCode.INVALID_AMOUNT, "amount", "The amount cannot be negative.")
    if item.duration_seconds is not None and item.duration_seconds < 0:
        add(ProblemCode.INVALID_DURATION, "durationSeconds", "A duration cannot be negative.")
    if kind is not None and kind.worked_time and not item.duration_seconds:
        add(ProblemCode.INVALID_DURATION, "durationSeconds", "Worked time needs a duration.")
    return problems


def review_batch(
    batch: Sequence[ActivityInput],
    kinds: Mapping[str, KindSpec],
    now: datetime,
    future_tolerance: timedelta,
    max_size: int,
    may_record_for: Callable[[int], bool],
) -> list[Problem]:
    """Every problem of the batch, in item order; empty when the whole batch may be stored."""
    if len(batch) > max_size:
        message = f"A batch holds at most {max_size} activities, not {len(batch)}."
        return [Problem(None, ProblemCode.TOO_MANY, ("activities",), message)]
    if not batch:
        return [Problem(None, ProblemCode.EMPTY, ("activities",), "The batch is empty.")]
    latest = now + future_tolerance
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for index, item in enumerate(batch):
        problems += _item_problems(index, item, kinds, latest, may_record_for)
        if item.external_id is not None:
            key = (item.rep_id, item.external_id)
            if key in seen:
                message = f"External id {item.external_id!r} appears twice in the batch."
                field = _path(index, "externalId")
                problems.append(Problem(index, ProblemCode.DUPLICATE_EXTERNAL_ID, field, message))
            seen.add(key)
    return problems
