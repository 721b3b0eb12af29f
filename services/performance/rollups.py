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
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import activities as log
from db.queries.rollups import (
    CurrencyRow,
    DistinctRow,
    RollupRow,
    add_rollups,
    remove_distinct_keys,
)
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


def rollup_rows(
    rollups: Rollups,
) -> tuple[list[RollupRow], list[DistinctRow], list[CurrencyRow]]:
    """Rollups as the rows the upserts send (in key order, so concurrent writers lock alike):
    sums, distinct keys present, and money per currency."""
    sums: list[RollupRow] = []
    keys: list[DistinctRow] = []
    money: list[CurrencyRow] = []
    for key in sorted(rollups, key=_order):
        row = rollups[key]
        day = (key.metric, key.version, key.rep_id, key.day)
        sums.append((*day, row.count, row.total))
        keys += [(*day, k) for k in sorted(row.distinct_keys)]
        money += [
            (*day, c, row.currency_counts[c], row.currency_totals[c])
            for c in sorted(row.currency_totals)
        ]
    return sums, keys, money


def removed_rows(rollups: Rollups) -> list[DistinctRow]:
    """The distinct keys ``rollups`` take back (a reversal's customer), in key order."""
    return [
        (key.metric, key.version, key.rep_id, key.day, k)
        for key in sorted(rollups, key=_order)
        for k in sorted(rollups[key].removed_keys)
    ]


async def _settle_removed(
    session: AsyncSession,
    removed: Sequence[DistinctRow],
    definitions: Iterable[MetricDefinition],
    zones: Mapping[int, tzinfo],
) -> None:
    """Take back the ``removed`` keys no other fact in the log still brings that day.

    Storage keeps which keys a day has, not how many facts brought each, so the log
    (holding the reversal already) is folded again for each rep, customer and day
    concerned; reversals are rare, so this reads a few rows."""
    by_version = {(d.key, d.version): d for d in definitions}
    gone: list[DistinctRow] = []
    for rep, key in sorted({(r[2], r[4]) for r in removed}):
        rows = [r for r in removed if r[2] == rep and r[4] == key]
        first, last = min(r[3] for r in rows), max(r[3] for r in rows)
        start = datetime.combine(first - timedelta(days=1), time(), UTC)
        end = datetime.combine(last + timedelta(days=2), time(), UTC)
        wanted = [by_version[(r[0], r[1])] for r in rows]
        kinds = {kind for d in wanted for kind in d.source_kinds}
        logged = await log.customer_facts(session, rep, key, kinds, start, end)
        again = fold([fact_of_row(row) for row in logged], wanted, zones.__getitem__)
        for row in rows:
            kept = again.get(DayKey(row[0], row[1], rep, row[3]))
            if kept is None or key not in kept.distinct_keys:
                gone.append(row)
    await remove_distinct_keys(session, gone)


async def roll_up(
    session: AsyncSession,
    facts: Sequence[Fact],
    definitions: Iterable[MetricDefinition],
    zones: Mapping[int, tzinfo],
) -> None:
    """Add ``facts`` to the rollups of ``definitions`` (one upsert statement), and take back
    the distinct keys a reversal among them removed."""
    definitions = list(definitions)
    rollups = fold(facts, definitions, zones.__getitem__)
    await add_rollups(session, *rollup_rows(rollups))
    removed = removed_rows(rollups)
    if removed:
        await _settle_removed(session, removed, definitions, zones)


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
