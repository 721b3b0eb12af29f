"""The one place rollups are written: facts go into the log, the new ones into the rollups.

``record_facts`` is what the quote workflow and slippage detection call, inside
their own transaction: a fact already logged (same rep and external id) adds
nothing, so a retried event never counts twice. The log is written first and
the current definitions read after it: a definition change holds new log rows
back while it recomputes, so a fact lands in whichever versions are current
when its row goes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import activities as log
from db.queries.rollups import DistinctRow, RollupRow, add_rollups
from gamification.facts import Fact, attributes_of
from gamification.metrics import MetricDefinition
from gamification.rollups import DayKey, Rollups, fold
from services.performance.context import load_definitions, load_zones

LogColumns = dict[str, list[Any]]
"""A batch for the log, one list per column (``db.queries.activities.LOG_COLUMNS``)."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A fact and what the log keeps beside it (account, quote, contact, who recorded it)."""

    fact: Fact
    account_id: int | None = None
    quote_id: int | None = None
    contact: str | None = None
    recorded_by: int | None = None


def log_columns(items: Sequence[object], **computed: list[Any]) -> LogColumns:
    """The log's columns of ``items``: the ``computed`` ones as given, every other read off
    each item by its name."""
    return {
        name: computed[name] if name in computed else [getattr(i, name) for i in items]
        for name in log.LOG_COLUMNS
    }


def entry_columns(entries: Sequence[LogEntry]) -> LogColumns:
    """``entries`` as the log's columns."""
    return log_columns(
        [e.fact for e in entries],
        attributes=[dict(e.fact.attributes) for e in entries],
        account_id=[e.account_id for e in entries],
        quote_id=[e.quote_id for e in entries],
        contact=[e.contact for e in entries],
        recorded_by=[e.recorded_by for e in entries],
    )


def fact_of_row(row: Sequence[Any]) -> Fact:
    """A logged row (``db.queries.activities.FACT_COLUMNS``) as the fact it records."""
    rep, kind, at, quantity, amount, duration, customer, attributes, external = row
    return Fact(
        rep,
        kind,
        at,
        Decimal(quantity),
        amount,
        duration,
        customer,
        attributes_of(attributes),
        external,
    )


def _order(key: DayKey) -> tuple[str, int, int, date]:
    return (key.metric, key.version, key.rep_id, key.day)


def rollup_rows(rollups: Rollups) -> tuple[list[RollupRow], list[DistinctRow]]:
    """Rollups as the rows the upsert sends (in key order, so concurrent writers lock alike)."""
    sums: list[RollupRow] = []
    keys: list[DistinctRow] = []
    for key in sorted(rollups, key=_order):
        row = rollups[key]
        sums.append((key.metric, key.version, key.rep_id, key.day, row.count, row.total))
        keys += [
            (key.metric, key.version, key.rep_id, key.day, k) for k in sorted(row.distinct_keys)
        ]
    return sums, keys


async def roll_up(
    session: AsyncSession,
    facts: Sequence[Fact],
    definitions: Iterable[MetricDefinition],
    zones: Mapping[int, tzinfo],
) -> None:
    """Add ``facts`` to the rollups of ``definitions`` (one upsert statement)."""
    rollups = fold(facts, definitions, zones.__getitem__)
    await add_rollups(session, *rollup_rows(rollups))


async def append_and_roll_up(session: AsyncSession, columns: LogColumns) -> list[Fact]:
    """Append a batch to the log and roll up the facts it did not hold yet; those facts."""
    added = [fact_of_row(row) for row in await log.insert_columns(session, columns)]
    if added:
        definitions = (await load_definitions(session)).values()
        zones = await load_zones(session, {f.rep_id for f in added})
        await roll_up(session, added, definitions, zones)
    return added


async def log_and_roll_up(session: AsyncSession, entries: Sequence[LogEntry]) -> list[Fact]:
    """Append ``entries`` to the log and roll up the ones it did not hold yet; those facts."""
    return await append_and_roll_up(session, entry_columns(entries))


async def record_facts(session: AsyncSession, facts: Sequence[Fact]) -> int:
    """Log ``facts`` and keep every current metric's rollups current; how many were new."""
    return len(await log_and_roll_up(session, [LogEntry(f) for f in facts]))
