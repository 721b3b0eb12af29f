"""Day rollups: one upsert statement per batch, and period sums for many reps in one.

Rollups are pre-aggregated in Python per (metric, version, rep, day) and sent as
arrays: ``INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE`` adds to the
existing row, so concurrent batches for one rep and day add up instead of
overwriting each other. The same statement adds the batch to the running totals of
every contest span its days fall in (``db.queries.contest_totals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    BindParameter,
    Date,
    Integer,
    Numeric,
    String,
    bindparam,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

DAY_KEY = {"metrics": String, "versions": Integer, "reps": Integer, "days": Date}


def _arrays(**columns: Any) -> list[BindParameter[Any]]:
    """An array parameter per column: ``name=type``."""
    return [bindparam(name, type_=ARRAY(kind)) for name, kind in columns.items()]


def adding_to(table: str, *key: str) -> str:
    """The ``ON CONFLICT`` clause that adds a row's count and total to the one ``table``
    holds for the same ``key`` (every rollup and running total is kept this way)."""
    return (
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE "
        f"SET count = {table}.count + excluded.count, total = {table}.total + excluded.total"
    )


DAY_ROLLUP_KEY = ("metric", "version", "rep_id", "day")


def contest_totals_from(source: str) -> str:
    """The insert adding the day rollup rows of the CTE ``source`` (metric, version, rep,
    day, count, total) to the running totals of the contests whose spans hold their days."""
    return f"""
    INSERT INTO contest_totals (contest_id, rep_id, metric, version, count, total)
    SELECT s.contest_id, b.rep_id, b.metric, b.version, sum(b.count), sum(b.total)
    FROM {source} b JOIN contest_spans s
      ON s.rep_id = b.rep_id AND s.metric = b.metric AND b.day >= s.first AND b.day < s.stop
    GROUP BY s.contest_id, b.rep_id, b.metric, b.version
    ORDER BY 1, 2, 3, 4
    {adding_to("contest_totals", "contest_id", "rep_id", "metric", "version")}
    """


ROLLUP_UPSERT = text(
    f"""
    WITH batch AS (
        SELECT * FROM unnest(:metrics, :versions, :reps, :days, :counts, :totals)
        AS b(metric, version, rep_id, day, count, total)
    ),
    days AS (
        INSERT INTO metric_rollups (metric, version, rep_id, day, count, total)
        SELECT * FROM batch
        {adding_to("metric_rollups", *DAY_ROLLUP_KEY)}
    )
    {contest_totals_from("batch")}
    """
).bindparams(*_arrays(**DAY_KEY, counts=BigInteger, totals=Numeric))

DISTINCT_INSERT = text(
    """
    INSERT INTO metric_distinct_keys (metric, version, rep_id, day, key)
    SELECT * FROM unnest(:metrics, :versions, :reps, :days, :keys)
    ON CONFLICT DO NOTHING
    """
).bindparams(*_arrays(**DAY_KEY, keys=String))

DISTINCT_DELETE = text(
    """
    DELETE FROM metric_distinct_keys d
    USING unnest(:metrics, :versions, :reps, :days, :keys) AS g(metric, version, rep_id, day, key)
    WHERE (d.metric, d.version, d.rep_id, d.day, d.key)
        = (g.metric, g.version, g.rep_id, g.day, g.key)
    """
).bindparams(*_arrays(**DAY_KEY, keys=String))

CURRENCY_UPSERT = text(
    f"""
    INSERT INTO metric_currency_rollups (metric, version, rep_id, day, currency, count, total)
    SELECT * FROM unnest(:metrics, :versions, :reps, :days, :currencies, :counts, :totals)
    {adding_to("metric_currency_rollups", *DAY_ROLLUP_KEY, "currency")}
    """
).bindparams(*_arrays(**DAY_KEY, currencies=String, counts=BigInteger, totals=Numeric))

RollupRow = tuple[str, int, int, date, int, Decimal]
"""metric, version, rep, day, count, total"""
DistinctRow = tuple[str, int, int, date, str]
"""metric, version, rep, day, key"""
CurrencyRow = tuple[str, int, int, date, str, int, Decimal]
"""metric, version, rep, day, currency, count, total"""
CURRENCY_NAMES = ("metrics", "versions", "reps", "days", "currencies", "counts", "totals")


def _columns(rows: Sequence[tuple[Any, ...]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


async def add_rollups(
    session: AsyncSession,
    rollups: Sequence[RollupRow],
    distinct: Sequence[DistinctRow],
    money: Sequence[CurrencyRow] = (),
) -> None:
    """Add ``rollups`` to the stored rows (one statement), record ``distinct`` keys and add
    the ``money`` rows per currency (a statement each, only when there are some)."""
    if rollups:
        names = ("metrics", "versions", "reps", "days", "counts", "totals")
        await session.execute(ROLLUP_UPSERT, _columns(rollups, names))
    if distinct:
        names = ("metrics", "versions", "reps", "days", "keys")
        await session.execute(DISTINCT_INSERT, _columns(distinct, names))
    if money:
        await session.execute(CURRENCY_UPSERT, _columns(money, CURRENCY_NAMES))


async def remove_distinct_keys(session: AsyncSession, gone: Sequence[DistinctRow]) -> None:
    """Forget the distinct keys ``gone`` (a reversal took back the only fact bringing them)."""
    if gone:
        names = ("metrics", "versions", "reps", "days", "keys")
        await session.execute(DISTINCT_DELETE, _columns(gone, names))


PERIOD_SUMS = text(
    """
    WITH wanted AS (SELECT * FROM unnest(:metrics, :versions) AS w(metric, version)),
    periods AS (SELECT * FROM unnest(:firsts, :ends) WITH ORDINALITY AS p(first, stop, n)),
    months AS (SELECT * FROM unnest(:m_ns, :m_firsts, :m_ends) AS m(n, first, stop)),
    days AS (SELECT * FROM unnest(:d_ns, :d_firsts, :d_ends) AS d(n, first, stop))
    SELECT n, metric, rep_id, sum(count), sum(total), 0 FROM (
        SELECT m.n, r.metric, r.rep_id, r.count, r.total
        FROM metric_month_rollups r JOIN wanted w USING (metric, version)
        JOIN months m ON r.month >= m.first AND r.month < m.stop
        WHERE r.rep_id = ANY(:reps)
        UNION ALL
        SELECT d.n, r.metric, r.rep_id, r.count, r.total
        FROM metric_rollups r JOIN wanted w USING (metric, version)
        JOIN days d ON r.day >= d.first AND r.day < d.stop
        WHERE r.rep_id = ANY(:reps)
    ) AS kept
    GROUP BY n, metric, rep_id
    UNION ALL
    SELECT p.n, d.metric, d.rep_id, 0, 0, count(DISTINCT d.key)
    FROM metric_distinct_keys d JOIN wanted w USING (metric, version)
    JOIN periods p ON d.day >= p.first AND d.day < p.stop
    WHERE d.rep_id = ANY(:reps)
    GROUP BY p.n, d.metric, d.rep_id
    UNION ALL
    SELECT p.n, c.metric || '@' || c.currency, c.rep_id, sum(c.count), sum(c.total), 0
    FROM metric_currency_rollups c JOIN wanted w USING (metric, version)
    JOIN periods p ON c.day >= p.first AND c.day < p.stop
    WHERE c.rep_id = ANY(:reps)
    GROUP BY p.n, c.metric, c.currency, c.rep_id
    """
).bindparams(
    *_arrays(
        metrics=String,
        versions=Integer,
        reps=Integer,
        firsts=Date,
        ends=Date,
        m_ns=Integer,
        m_firsts=Date,
        m_ends=Date,
        d_ns=Integer,
        d_firsts=Date,
        d_ends=Date,
    )
)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def split_by_months(
    periods: Sequence[tuple[date, date]],
) -> tuple[list[tuple[int, date, date]], list[tuple[int, date, date]]]:
    """Each period ``[first, end)`` (numbered from 1) as the whole calendar months inside it,
    summed from the month rollups, and the days outside those, from the day rollups: a
    fiscal quarter of calendar months is three month rows and no day; a week, its days."""
    months: list[tuple[int, date, date]] = []
    days: list[tuple[int, date, date]] = []
    for n, (first, end) in enumerate(periods, start=1):
        start = first if first.day == 1 else _month_after(first)
        stop = end.replace(day=1)
        if start >= stop:
            days.append((n, first, end))
            continue
        months.append((n, start, stop))
        days += [(n, a, b) for a, b in ((first, start), (stop, end)) if a < b]
    return months, days


SumRow = tuple[int, str, int, int, Decimal, int]
"""period index (from 0), metric, rep, count, total, distinct keys; a money metric's sums in
one currency come as metric ``<key>@<currency>`` (``CURRENCY_SEPARATOR``)."""
CURRENCY_SEPARATOR = "@"


async def period_sums(
    session: AsyncSession,
    versions: Sequence[tuple[str, int]],
    periods: Sequence[tuple[date, date]],
    rep_ids: Sequence[int],
) -> list[SumRow]:
    """Sums per (period, metric, rep) over local days ``[first, end)`` (whole calendar months
    from the month rollups, the other days from the day rollups: ``split_by_months``), and
    per currency for money metrics, in one statement; a metric and rep with no row had
    nothing (the caller reads it as zero)."""
    if not versions or not periods or not rep_ids:
        return []
    months, days = split_by_months(periods)
    result = await session.execute(
        PERIOD_SUMS,
        {
            "metrics": [m for m, _ in versions],
            "versions": [v for _, v in versions],
            "firsts": [f for f, _ in periods],
            "ends": [e for _, e in periods],
            "reps": list(rep_ids),
            "m_ns": [n for n, _, _ in months],
            "m_firsts": [f for _, f, _ in months],
            "m_ends": [e for _, _, e in months],
            "d_ns": [n for n, _, _ in days],
            "d_firsts": [f for _, f, _ in days],
            "d_ends": [e for _, _, e in days],
        },
    )
    return [(n - 1, m, r, c, t, d) for n, m, r, c, t, d in result.all()]


async def stored_rollups(
    session: AsyncSession, versions: Sequence[tuple[str, int]]
) -> tuple[list[RollupRow], list[DistinctRow], list[CurrencyRow]]:
    """Every stored rollup, distinct key and currency row of the metric ``versions`` (for
    drift checks)."""
    params = {"metrics": [m for m, _ in versions], "versions": [v for _, v in versions]}
    wanted = (
        "JOIN unnest(CAST(:metrics AS varchar[]), CAST(:versions AS int[])) "
        "AS w(metric, version) USING (metric, version)"
    )
    rollups = await session.execute(
        text(f"SELECT metric, version, rep_id, day, count, total FROM metric_rollups {wanted}"),
        params,
    )
    keys = await session.execute(
        text(f"SELECT metric, version, rep_id, day, key FROM metric_distinct_keys {wanted}"),
        params,
    )
    money = await session.execute(
        text(
            "SELECT metric, version, rep_id, day, currency, count, total "
            f"FROM metric_currency_rollups {wanted}"
        ),
        params,
    )
    return (
        [tuple(r) for r in rollups.all()],  # type: ignore[misc]
        [tuple(k) for k in keys.all()],  # type: ignore[misc]
        [tuple(m) for m in money.all()],  # type: ignore[misc]
    )


async def delete_rollups(
    session: AsyncSession, versions: Sequence[tuple[str, int]], rep_id: int | None = None
) -> None:
    """Remove every rollup and distinct key of the metric ``versions`` (of one rep, if given),
    before a rebuild."""
    params: dict[str, Any] = {
        "metrics": [m for m, _ in versions],
        "versions": [v for _, v in versions],
        "rep": rep_id,
    }
    for table in ("metric_rollups", "metric_distinct_keys", "metric_currency_rollups"):
        await session.execute(
            text(
                f"DELETE FROM {table} WHERE (metric, version) IN (SELECT * FROM "
                "unnest(CAST(:metrics AS varchar[]), CAST(:versions AS int[]))) "
                "AND (CAST(:rep AS int) IS NULL OR rep_id = CAST(:rep AS int))"
            ),
            params,
        )


MONTH_DRIFT = text(
    """
    WITH wanted AS (SELECT * FROM unnest(:metrics, :versions) AS w(metric, version)),
    summed AS (
        SELECT metric, version, rep_id, date_trunc('month', day)::date AS month,
            sum(count) AS count, sum(total) AS total
        FROM metric_rollups JOIN wanted USING (metric, version)
        GROUP BY 1, 2, 3, 4
    ),
    kept AS (SELECT m.* FROM metric_month_rollups m JOIN wanted USING (metric, version))
    SELECT coalesce(k.metric, s.metric), coalesce(k.version, s.version),
        coalesce(k.rep_id, s.rep_id), coalesce(k.month, s.month),
        coalesce(k.count, 0), coalesce(k.total, 0), coalesce(s.count, 0), coalesce(s.total, 0)
    FROM kept k FULL JOIN summed s USING (metric, version, rep_id, month)
    WHERE coalesce(k.count, 0) <> coalesce(s.count, 0)
       OR coalesce(k.total, 0) <> coalesce(s.total, 0)
    ORDER BY 1, 2, 3, 4
    """
).bindparams(*_arrays(metrics=String, versions=Integer))

MonthDriftRow = tuple[str, int, int, date, int, Decimal, int, Decimal]
"""metric, version, rep, month, kept count and total, summed day count and total"""


async def month_drift(
    session: AsyncSession, versions: Sequence[tuple[str, int]]
) -> list[MonthDriftRow]:
    """Every month rollup of the metric ``versions`` that is not the sum of its day rollups
    (a month with days and no row, or a row and no days, counts as zero on the missing side)."""
    if not versions:
        return []
    params = {"metrics": [m for m, _ in versions], "versions": [v for _, v in versions]}
    return [tuple(r) for r in (await session.execute(MONTH_DRIFT, params)).all()]  # type: ignore[misc]


REBUILD_MONTHS = (
    """
    DELETE FROM metric_month_rollups m USING unnest(:metrics, :versions) AS w(metric, version)
    WHERE m.metric = w.metric AND m.version = w.version
    """,
    """
    INSERT INTO metric_month_rollups (metric, version, rep_id, month, count, total)
    SELECT metric, version, rep_id, date_trunc('month', day)::date, sum(count), sum(total)
    FROM metric_rollups JOIN unnest(:metrics, :versions) AS w(metric, version)
        USING (metric, version)
    GROUP BY 1, 2, 3, 4
    """,
)


async def rebuild_months(session: AsyncSession, versions: Sequence[tuple[str, int]]) -> None:
    """Rewrite the month rollups of the metric ``versions`` from their day rollups."""
    params = {"metrics": [m for m, _ in versions], "versions": [v for _, v in versions]}
    for sql in REBUILD_MONTHS:
        await session.execute(
            text(sql).bindparams(*_arrays(metrics=String, versions=Integer)), params
        )
