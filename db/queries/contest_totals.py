"""Contest totals: each participant's rollup sums over the contest window, kept current.

``contest_spans`` says which local days ``[first, stop)`` of which metric a participant's
totals cover; ``contest_totals`` holds the sums per metric version. The rollup upsert
(``db.queries.rollups.ROLLUP_UPSERT``) adds each batch's day rows to every span they fall
in, in the same statement; ``set_spans`` (a contest's enrolment or window changed) and
``rebuild_totals`` (a definition's history was rebuilt) write them from the day rollups,
set-based. A leaderboard then reads one row per participant and metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ARRAY, Date, Integer, String, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

SpanRow = tuple[int, str, date, date]
"""rep, metric, first local day, day after the last"""

_SPAN_ARRAYS = (
    bindparam("reps", type_=ARRAY(Integer)),
    bindparam("metrics", type_=ARRAY(String)),
    bindparam("firsts", type_=ARRAY(Date)),
    bindparam("stops", type_=ARRAY(Date)),
)

DROP_STALE_SPANS = text(
    """
    WITH wanted AS (SELECT * FROM unnest(:reps, :metrics, :firsts, :stops)
                    AS w(rep_id, metric, first, stop)),
    gone AS (
        DELETE FROM contest_spans s
        WHERE s.contest_id = :contest
          AND (s.rep_id, s.metric, s.first, s.stop) NOT IN (SELECT * FROM wanted)
        RETURNING s.rep_id, s.metric
    )
    DELETE FROM contest_totals t USING gone g
    WHERE t.contest_id = :contest AND t.rep_id = g.rep_id AND t.metric = g.metric
    """
).bindparams(*_SPAN_ARRAYS)

ADD_SPANS = text(
    """
    WITH added AS (
        INSERT INTO contest_spans (contest_id, rep_id, metric, first, stop)
        SELECT :contest, * FROM unnest(:reps, :metrics, :firsts, :stops)
        ORDER BY 2, 3
        ON CONFLICT DO NOTHING
        RETURNING rep_id, metric, first, stop
    )
    INSERT INTO contest_totals (contest_id, rep_id, metric, version, count, total)
    SELECT :contest, a.rep_id, r.metric, r.version, sum(r.count), sum(r.total)
    FROM added a JOIN metric_rollups r
      ON r.rep_id = a.rep_id AND r.metric = a.metric AND r.day >= a.first AND r.day < a.stop
    GROUP BY a.rep_id, r.metric, r.version
    ORDER BY 2, 3, 4
    """
).bindparams(*_SPAN_ARRAYS)


async def set_spans(session: AsyncSession, contest_id: int, spans: Sequence[SpanRow]) -> None:
    """Make ``spans`` the contest's: spans no longer wanted go with their totals; new ones
    come with their totals summed from the day rollups; unchanged ones and their running
    totals stay as they are.

    The day rollups are locked against writers first (``SHARE`` waits for batches being
    recorded and holds new ones until this commits): a batch committed while the new
    totals were summed would otherwise be in neither them nor, not having seen the new
    spans, the running totals."""
    await session.execute(text("LOCK TABLE metric_rollups IN SHARE MODE"))
    params: dict[str, Any] = {
        "contest": contest_id,
        "reps": [s[0] for s in spans],
        "metrics": [s[1] for s in spans],
        "firsts": [s[2] for s in spans],
        "stops": [s[3] for s in spans],
    }
    await session.execute(DROP_STALE_SPANS, params)
    if spans:
        await session.execute(ADD_SPANS, params)


async def contest_ids_spanning(session: AsyncSession, rep_id: int) -> list[int]:
    """The contests keeping totals for ``rep_id`` (their spans are in the rep's zone)."""
    result = await session.scalars(
        text("SELECT DISTINCT contest_id FROM contest_spans WHERE rep_id = :r ORDER BY 1"),
        {"r": rep_id},
    )
    return list(result.all())


async def drop_spans(session: AsyncSession, contest_id: int) -> None:
    """Forget a closed contest's spans and totals (its final board is kept elsewhere)."""
    for table in ("contest_totals", "contest_spans"):
        await session.execute(text(f"DELETE FROM {table} WHERE contest_id = :c"), {"c": contest_id})


_VERSIONS = (
    "(SELECT * FROM unnest(CAST(:metrics AS varchar[]), CAST(:versions AS int[])) "
    "AS w(metric, version))"
)
_REP = "(CAST(:rep AS int) IS NULL OR {}.rep_id = CAST(:rep AS int))"
COMPUTED_TOTALS = f"""
    SELECT s.contest_id, s.rep_id, r.metric, r.version, sum(r.count) AS count,
           sum(r.total) AS total
    FROM contest_spans s JOIN metric_rollups r
      ON r.rep_id = s.rep_id AND r.metric = s.metric AND r.day >= s.first AND r.day < s.stop
    WHERE (r.metric, r.version) IN {_VERSIONS} AND {_REP.format("s")}
    GROUP BY s.contest_id, s.rep_id, r.metric, r.version
"""


def _version_params(versions: Sequence[tuple[str, int]], rep_id: int | None) -> dict[str, Any]:
    return {
        "metrics": [m for m, _ in versions],
        "versions": [v for _, v in versions],
        "rep": rep_id,
    }


async def rebuild_totals(
    session: AsyncSession, versions: Sequence[tuple[str, int]], rep_id: int | None = None
) -> None:
    """Rewrite every contest's totals of the metric ``versions`` (of one rep, if given) from
    the day rollups over the stored spans (after those rollups were rebuilt)."""
    params = _version_params(versions, rep_id)
    await session.execute(
        text(
            f"DELETE FROM contest_totals t WHERE (t.metric, t.version) IN {_VERSIONS} "
            f"AND {_REP.format('t')}"
        ),
        params,
    )
    await session.execute(
        text(
            "INSERT INTO contest_totals (contest_id, rep_id, metric, version, count, total) "
            f"SELECT * FROM ({COMPUTED_TOTALS}) c ORDER BY 1, 2, 3, 4"
        ),
        params,
    )


TotalRow = tuple[int, int, str, int, int, Decimal]
"""contest, rep, metric, version, count, total"""


async def total_drift(
    session: AsyncSession, versions: Sequence[tuple[str, int]]
) -> list[tuple[TotalRow | None, TotalRow | None]]:
    """Every contest total of the metric ``versions`` that differs from the sum of the day
    rollups over its span, as (stored, computed); a missing side is None (a zero sum is
    missing on either side: a sale and its reversal sum to nothing)."""
    result = await session.execute(
        text(
            f"""
            WITH stored AS (SELECT * FROM contest_totals t
                            WHERE (t.metric, t.version) IN {_VERSIONS}
                              AND (t.count <> 0 OR t.total <> 0)),
            computed AS (SELECT * FROM ({COMPUTED_TOTALS}) c WHERE c.count <> 0 OR c.total <> 0)
            SELECT s.contest_id, s.rep_id, s.metric, s.version, s.count, s.total,
                   c.contest_id, c.rep_id, c.metric, c.version, c.count, c.total
            FROM stored s FULL JOIN computed c USING (contest_id, rep_id, metric, version)
            WHERE s.count IS DISTINCT FROM c.count OR s.total IS DISTINCT FROM c.total
            ORDER BY 1, 2, 3, 4, 7, 8, 9, 10
            """
        ),
        _version_params(versions, None),
    )
    return [
        (
            None if row[0] is None else tuple(row[:6]),  # type: ignore[misc]
            None if row[6] is None else tuple(row[6:]),
        )
        for row in result.all()
    ]


CONTEST_SUMS = text(
    """
    SELECT s.rep_id, s.metric, s.first, s.stop, coalesce(t.count, 0), coalesce(t.total, 0)
    FROM contest_spans s
    JOIN unnest(:metrics, :versions) AS w(metric, version) ON w.metric = s.metric
    LEFT JOIN contest_totals t ON t.contest_id = s.contest_id AND t.rep_id = s.rep_id
         AND t.metric = s.metric AND t.version = w.version
    WHERE s.contest_id = :contest
    """
).bindparams(bindparam("metrics", type_=ARRAY(String)), bindparam("versions", type_=ARRAY(Integer)))

ContestSum = tuple[int, str, date, date, int, Decimal]
"""rep, metric, first, stop, count, total"""


async def contest_sums(
    session: AsyncSession, contest_id: int, versions: Sequence[tuple[str, int]]
) -> list[ContestSum]:
    """The contest's kept totals of the metric ``versions``, one row per participant and
    metric with a span (zero when nothing counted yet), with the span they cover."""
    params = {
        "contest": contest_id,
        "metrics": [m for m, _ in versions],
        "versions": [v for _, v in versions],
    }
    return [tuple(r) for r in (await session.execute(CONTEST_SUMS, params)).all()]  # type: ignore[misc]
