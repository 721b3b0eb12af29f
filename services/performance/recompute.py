"""Rollups recomputed from the activity log: the proof that the kept ones are right.

``recompute`` folds every logged fact under the current definitions and
compares the result with the stored rollups, row by row (and the month rollups with
the day rollups they sum); with rollups kept in the writing transaction the drift is
empty. ``repair`` replaces drifted
versions' rows with the computed ones. ``rebuild`` writes a new definition
version's whole history (a definition change).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import activities as log
from db.queries.contest_totals import TotalRow, rebuild_totals, total_drift
from db.queries.rollups import (
    add_rollups,
    delete_rollups,
    month_drift,
    rebuild_months,
    stored_rollups,
)
from gamification.metrics import MetricDefinition
from gamification.rollups import DayKey, DayRollup, Rollups, fold, merge_all
from services.performance.context import load_definitions, load_zones
from services.performance.rollups import fact_of_row, rollup_rows


async def computed_rollups(
    session: AsyncSession, definitions: Collection[MetricDefinition], rep_id: int | None = None
) -> Rollups:
    """The rollups of ``definitions`` folded from the whole log (of one rep, if given), a batch
    of rows at a time."""
    readers = [d for d in definitions if not d.is_ratio]
    kinds = {kind for d in readers for kind in d.source_kinds}
    zones: dict[int, tzinfo] = {}
    parts: list[Rollups] = []
    async for rows in log.logged_facts(session, kinds, rep_id):
        facts = [fact_of_row(row) for row in rows]
        missing = {f.rep_id for f in facts} - zones.keys()
        zones.update(await load_zones(session, missing))
        parts.append(fold(facts, readers, zones.__getitem__))
    return merge_all(parts)


async def rebuild(
    session: AsyncSession, definitions: Collection[MetricDefinition], rep_id: int | None = None
) -> None:
    """Replace the stored rollups of ``definitions``' versions (of one rep, if given) with ones
    computed from the log, and the contest totals that sum them."""
    versions = [(d.key, d.version) for d in definitions if not d.is_ratio]
    await delete_rollups(session, versions, rep_id)
    computed = await computed_rollups(session, definitions, rep_id)
    await add_rollups(session, *rollup_rows(computed))
    await rebuild_totals(session, versions, rep_id)


@dataclass(frozen=True, slots=True)
class Drift:
    """One rollup row where the stored and the computed differ; or, with ``contest_id``
    (and no ``day``), a contest's running total that is not the sum of its day rollups."""

    metric: str
    version: int
    rep_id: int
    day: date | None
    stored: tuple[int, Decimal, int]
    computed: tuple[int, Decimal, int]
    contest_id: int | None = None


def _stored(rows: Iterable[tuple[str, int, int, date, int, Decimal]]) -> Rollups:
    return {DayKey(m, v, r, d): DayRollup(c, Decimal(t)) for m, v, r, d, c, t in rows}


TOTAL_TOLERANCE = Decimal("1e-12")
"""How far a stored total may be from the recomputed one and still be the same. Worked
hours are seconds ÷ 3600, rounded at 28 significant digits; the kept rollups add those
quotients exactly in SQL batch by batch, the recompute in Python in other groupings, so
the last digits may differ (a trillionth of an hour is 3.6 ns: no real drift hides there)."""


def _same_total(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOTAL_TOLERANCE


def _same(was: DayRollup, now: DayRollup) -> bool:
    """Whether a stored and a recomputed rollup row agree (totals within the tolerance)."""
    zero = Decimal(0)
    return (
        was.count == now.count
        and _same_total(was.total, now.total)
        and was.distinct_keys == now.distinct_keys
        and was.currency_counts == now.currency_counts  # a missing currency counts zero
        and all(
            _same_total(was.currency_totals.get(c, zero), now.currency_totals.get(c, zero))
            for c in was.currency_totals.keys() | now.currency_totals.keys()
        )
    )


def _shape(row: DayRollup | None) -> tuple[int, Decimal, int]:
    return (0, Decimal(0), 0) if row is None else (row.count, row.total, len(row.distinct_keys))


async def recompute(
    session: AsyncSession, metric_keys: Collection[str] | None = None, *, repair: bool = False
) -> list[Drift]:
    """The drift between stored and recomputed rollups of the current definitions (all, or
    ``metric_keys``); with ``repair``, the drifted ones are rebuilt."""
    current = await load_definitions(session)
    chosen = [
        d
        for k, d in current.items()
        if not d.is_ratio and (metric_keys is None or k in metric_keys)
    ]
    computed = await computed_rollups(session, chosen)
    sums, keys, money = await stored_rollups(session, [(d.key, d.version) for d in chosen])
    stored = _stored(sums)
    for m, v, r, d, k in keys:
        stored.setdefault(DayKey(m, v, r, d), DayRollup()).key_counts[k] = 1
    for m, v, r, d, c, n, t in money:
        stored.setdefault(DayKey(m, v, r, d), DayRollup()).add_currency(c, n, Decimal(t))
    drift = []
    for key in sorted(stored.keys() | computed.keys()):
        was, now = stored.get(key), computed.get(key)
        if was is None or now is None or not _same(was, now):
            drift.append(
                Drift(key.metric, key.version, key.rep_id, key.day, _shape(was), _shape(now))
            )
    versions = [(d.key, d.version) for d in chosen]
    if repair and drift:
        drifted = {(d.metric, d.version) for d in drift}
        await rebuild(session, [d for d in chosen if (d.key, d.version) in drifted])
    return (
        drift
        + await months_drift(session, versions, repair=repair)
        + await contest_drift(session, versions, repair=repair)
    )


async def months_drift(
    session: AsyncSession, versions: Collection[tuple[str, int]], *, repair: bool = False
) -> list[Drift]:
    """Every month rollup of the metric ``versions`` that is not the sum of its (stored) day
    rollups (``day`` is the month's first); with ``repair``, those versions' months are
    rewritten from their days."""
    drift = [
        Drift(metric, version, rep, month, (count, Decimal(total), 0), (n, Decimal(t), 0))
        for metric, version, rep, month, count, total, n, t in await month_drift(
            session, list(versions)
        )
    ]
    if repair and drift:
        await rebuild_months(session, sorted({(d.metric, d.version) for d in drift}))
    return drift


def _total(row: TotalRow | None) -> tuple[int, Decimal, int]:
    return (0, Decimal(0), 0) if row is None else (row[4], Decimal(row[5]), 0)


async def contest_drift(
    session: AsyncSession, versions: Collection[tuple[str, int]], *, repair: bool = False
) -> list[Drift]:
    """Every contest total of the metric ``versions`` that is not the sum of the (stored) day
    rollups over its span; with ``repair``, those versions' totals are rewritten."""
    drift = []
    for was, now in await total_drift(session, list(versions)):
        either = was or now
        assert either is not None  # a full join row has one side at least
        contest, rep, metric, version, _, _ = either
        drift.append(
            Drift(metric, version, rep, None, _total(was), _total(now), contest_id=contest)
        )
    if repair and drift:
        await rebuild_totals(session, sorted({(d.metric, d.version) for d in drift}))
    return drift
