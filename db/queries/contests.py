"""Reading contests: prizes, enrolments, who the enrolments name, the closed result, and the
participants' rollup sums over the window (each over the local days of their own zone)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BindParameter,
    Date,
    Integer,
    Select,
    String,
    TextClause,
    any_,
    bindparam,
    cast,
    column,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_contests import (
    Contest,
    ContestEnrolment,
    ContestPrize,
    ContestResult,
    ContestRound,
)
from db.models.users import Role, User
from db.queries.batches import rows_with
from db.queries.users import team_member_ids


async def contest_prizes(session: AsyncSession, contest_id: int) -> Sequence[ContestPrize]:
    query = select(ContestPrize).where(ContestPrize.contest_id == contest_id)
    return (await session.scalars(query.order_by(ContestPrize.rank_from, ContestPrize.id))).all()


async def contest_rounds(session: AsyncSession, contest_id: int) -> Sequence[ContestRound]:
    """A tournament's round schedule, in round order (none: not scheduled)."""
    query = select(ContestRound).where(ContestRound.contest_id == contest_id)
    return (await session.scalars(query.order_by(ContestRound.number))).all()


async def contest_enrolments(session: AsyncSession, contest_id: int) -> Sequence[ContestEnrolment]:
    return await rows_with(session, ContestEnrolment.contest_id, contest_id, ContestEnrolment.id)


async def enrolled_names(
    session: AsyncSession, enrolments: Sequence[ContestEnrolment]
) -> list[tuple[int, str]]:
    """The (id, name) of the active reps the enrolments name, by id: each rep, every member
    of each team, everyone holding each role (a rep named twice counts once)."""
    ids = {e.rep_id for e in enrolments if e.rep_id is not None}
    for e in enrolments:
        if e.team_manager_id is not None:
            ids |= await team_member_ids(session, e.team_manager_id)
    roles = [Role(e.role) for e in enrolments if e.role is not None]
    query = select(User.id, User.name).where(User.active.is_(True))
    by_role = [any_(User.roles) == role for role in roles]
    condition = User.id.in_(ids or {-1})
    for clause in by_role:
        condition = condition | clause
    rows = await session.execute(query.where(condition).order_by(User.id))
    return [(rep, name) for rep, name in rows.all()]


async def contest_participants(session: AsyncSession, contest_id: int) -> list[tuple[int, str]]:
    """``enrolled_names`` of every enrolment of an individual contest, in one statement."""
    e = ContestEnrolment
    mine = e.contest_id == contest_id
    team = (
        select(User.id)
        .join(e, User.manager_id == e.team_manager_id)
        .where(mine)
        .cte(recursive=True)
    )
    team = team.union(select(User.id).join(team, User.manager_id == team.c.id))
    by_role = select(e.id).where(mine, cast(e.role, User.roles.type.item_type) == any_(User.roles))
    query = (
        select(User.id, User.name)
        .where(
            User.active.is_(True),
            User.id.in_(select(e.rep_id).where(mine))
            | User.id.in_(select(team.c.id))
            | by_role.exists(),
        )
        .order_by(User.id)
    )
    return [(rep, name) for rep, name in (await session.execute(query)).all()]


async def users_named(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    rows = await session.scalars(select(User).where(User.id.in_(ids or [-1])))
    return {u.id: u for u in rows}


async def contest_result(session: AsyncSession, contest_id: int) -> ContestResult | None:
    return await session.get(ContestResult, contest_id)


async def contests_for(session: AsyncSession, manager_ids: Sequence[int] | None) -> list[Contest]:
    """Contests newest first: all (``None``), or those org-wide and for these managers."""
    query = select(Contest).order_by(Contest.starts_at.desc(), Contest.id.desc())
    if manager_ids is not None:
        query = query.where(Contest.manager_id.is_(None) | Contest.manager_id.in_(manager_ids))
    return list((await session.scalars(query)).all())


async def contest_ids_due(session: AsyncSession, now: datetime) -> list[int]:
    """Contests whose window is over and whose final standings are not closed yet."""
    query = select(Contest.id).where(Contest.ends_at <= now, Contest.closed_at.is_(None))
    return list((await session.scalars(query.order_by(Contest.ends_at, Contest.id))).all())


async def contests_started_unfrozen(session: AsyncSession, now: datetime) -> list[Contest]:
    """Contests running at ``now`` whose rules are not frozen yet (their start not handled),
    locked, in start order."""
    query = (
        select(Contest)
        .where(
            Contest.starts_at <= now,
            now < Contest.ends_at,
            Contest.rules_frozen_at.is_(None),
            Contest.closed_at.is_(None),
        )
        .order_by(Contest.starts_at, Contest.id)
        .with_for_update()
    )
    return list((await session.scalars(query)).all())


async def contest_ids_starting(session: AsyncSession, now: datetime) -> list[int]:
    """Contests running at ``now`` whose start is not handled yet (rules not frozen), in
    start order; unlocked, for a job that then handles each in a transaction of its own."""
    query = select(Contest.id).where(
        Contest.starts_at <= now,
        now < Contest.ends_at,
        Contest.rules_frozen_at.is_(None),
        Contest.closed_at.is_(None),
    )
    return list((await session.scalars(query.order_by(Contest.starts_at, Contest.id))).all())


async def contest_id_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(Contest.id).where(Contest.name == name).limit(1))


# The CTEs every window sum reads: the wanted and the distinct-keyed metric versions, and each
# participant's span of local days.
_WINDOW_SPANS = """
    WITH wanted AS (SELECT * FROM unnest(:metrics, :versions) AS w(metric, version)),
    keyed AS (SELECT * FROM unnest(:keyed_metrics, :keyed_versions) AS k(metric, version)),
    spans AS (SELECT * FROM unnest(:windows, :reps, :firsts, :ends) AS s(n, rep_id, first, stop))
    SELECT s.n, r.metric, r.rep_id, sum(r.count), sum(r.total), 0
    FROM metric_rollups r JOIN wanted w USING (metric, version)
    JOIN spans s ON r.rep_id = s.rep_id AND r.day >= s.first AND r.day < s.stop
"""

# The distinct-key counts, the last branch of every window sum.
_WINDOW_DISTINCT_KEYS = """    UNION ALL
    SELECT s.n, d.metric, d.rep_id, 0, 0, count(DISTINCT d.key)
    FROM metric_distinct_keys d JOIN keyed k USING (metric, version)
    JOIN spans s ON d.rep_id = s.rep_id AND d.day >= s.first AND d.day < s.stop
    GROUP BY s.n, d.metric, d.rep_id
    """


def _window_sums(middle: str, *params: BindParameter[Any]) -> TextClause:
    """A window sum: the rollups (filtered and joined by ``middle``) and the distinct keys, with
    ``params`` bound besides the metric versions and the spans."""
    return text(_WINDOW_SPANS + middle + _WINDOW_DISTINCT_KEYS).bindparams(
        bindparam("metrics", type_=ARRAY(String)),
        bindparam("versions", type_=ARRAY(Integer)),
        bindparam("keyed_metrics", type_=ARRAY(String)),
        bindparam("keyed_versions", type_=ARRAY(Integer)),
        *params,
        bindparam("windows", type_=ARRAY(Integer)),
        bindparam("reps", type_=ARRAY(Integer)),
        bindparam("firsts", type_=ARRAY(Date)),
        bindparam("ends", type_=ARRAY(Date)),
    )


WINDOW_SUMS = _window_sums("""    GROUP BY s.n, r.metric, r.rep_id
""")


WINDOW_CURRENCY_SUMS = _window_sums(
    """    WHERE r.metric <> ALL(:money)
    GROUP BY s.n, r.metric, r.rep_id
    UNION ALL
    SELECT s.n, c.metric, c.rep_id, sum(c.count), sum(c.total), 0
    FROM metric_currency_rollups c JOIN wanted w USING (metric, version)
    JOIN spans s ON c.rep_id = s.rep_id AND c.day >= s.first AND c.day < s.stop
    WHERE c.metric = ANY(:money) AND c.currency = :currency
    GROUP BY s.n, c.metric, c.rep_id
""",
    bindparam("money", type_=ARRAY(String)),
    bindparam("currency", type_=String),
)


def _window_spans(spans: Sequence[Mapping[int, tuple[date, date]]]) -> dict[str, list[Any]]:
    """The ``spans`` parameters: each window's number (its index) with each rep's local days."""
    rows = [(n, rep, *span) for n, by_rep in enumerate(spans) for rep, span in by_rep.items()]
    windows, reps, firsts, ends = (list(column) for column in zip(*rows, strict=True))
    return dict(windows=windows, reps=reps, firsts=firsts, ends=ends)


def _window_params(
    versions: Sequence[tuple[str, int]],
    keyed: Sequence[tuple[str, int]],
    spans: Sequence[Mapping[int, tuple[date, date]]],
) -> dict[str, Any]:
    """What every window sum binds: the metric ``versions``, the ``keyed`` ones and the
    ``spans``."""
    metrics, numbers = zip(*versions, strict=True)
    keyed_metrics, keyed_numbers = zip(*keyed, strict=True) if keyed else ((), ())
    return dict(
        **_window_spans(spans),
        metrics=list(metrics),
        versions=list(numbers),
        keyed_metrics=list(keyed_metrics),
        keyed_versions=list(keyed_numbers),
    )


async def window_currency_sums(
    session: AsyncSession,
    versions: Sequence[tuple[str, int]],
    keyed: Sequence[tuple[str, int]],
    money: Sequence[str],
    currency: str,
    spans: Sequence[Mapping[int, tuple[date, date]]],
) -> list[tuple[int, str, int, int, Any, int]]:
    """Like ``window_sums`` (distinct counts over every currency's facts), but the ``money``
    metrics summed from their per-currency rollups in ``currency`` only, as plain rows of
    the metric: a money contest's amounts in its one currency, never added to another's."""
    if not versions or not any(spans):
        return []
    params = dict(_window_params(versions, keyed, spans), money=list(money), currency=currency)
    result = await session.execute(WINDOW_CURRENCY_SUMS, params)
    return [tuple(row) for row in result.all()]  # type: ignore[misc]


async def window_sums(
    session: AsyncSession,
    versions: Sequence[tuple[str, int]],
    keyed: Sequence[tuple[str, int]],
    spans: Sequence[Mapping[int, tuple[date, date]]],
) -> list[tuple[int, str, int, int, Any, int]]:
    """Rollup sums per (window, metric, rep) of the metric ``versions`` over each rep's own
    local days ``[first, end)`` in each window of ``spans`` (one mapping per window), and
    the distinct keys of the ``keyed`` ones (the distinct counts), in one statement whatever
    the zones and the number of windows: rows as ``db.queries.rollups.period_sums`` gives
    them (the period index is the window's index in ``spans``)."""
    if not versions or not any(spans):
        return []
    params = _window_params(versions, keyed, spans)
    return [tuple(row) for row in (await session.execute(WINDOW_SUMS, params)).all()]  # type: ignore[misc]


RUNNING_FOR_REPS = text(
    """
    WITH RECURSIVE above(id) AS (
        SELECT manager_id FROM users WHERE id = ANY(:reps) AND manager_id IS NOT NULL
        UNION
        SELECT u.manager_id FROM users u JOIN above a ON u.id = a.id
        WHERE u.manager_id IS NOT NULL
    ),
    roles AS (SELECT DISTINCT unnest(roles)::text AS role FROM users WHERE id = ANY(:reps))
    SELECT DISTINCT c.id FROM contests c JOIN contest_enrolments e ON e.contest_id = c.id
    WHERE c.team_score IS NULL AND c.closed_at IS NULL
      AND c.starts_at <= :now AND :now < c.ends_at
      AND (e.rep_id = ANY(:reps) OR e.team_manager_id IN (SELECT id FROM above)
           OR e.role IN (SELECT role FROM roles))
    ORDER BY c.id
    """
).bindparams(bindparam("reps", type_=ARRAY(Integer)))


@functools.cache
def _running_contests() -> Select[tuple[Contest]]:
    """The contests ``RUNNING_FOR_REPS`` finds, as rows by id (parameters ``reps`` and
    ``now``), built once: every manager's home screen runs it."""
    running = RUNNING_FOR_REPS.columns(column("id", Integer)).subquery("running")
    return select(Contest).join(running, running.c.id == Contest.id).order_by(Contest.id)


async def running_contests_of(
    session: AsyncSession, rep_ids: Sequence[int], now: datetime
) -> Sequence[Contest]:
    """The individual contests running at ``now`` that enrol any of ``rep_ids`` (by name,
    through a manager above them, or by role), by id, in one statement."""
    if not rep_ids:
        return []
    return (await session.scalars(_running_contests(), {"reps": list(rep_ids), "now": now})).all()


async def running_contests_for(
    session: AsyncSession, rep_id: int, now: datetime, limit: int
) -> Sequence[Contest]:
    """``running_contests_of`` one rep, soonest end first, at most ``limit``: one
    statement."""
    statement = _running_contests().order_by(Contest.ends_at, Contest.id).limit(limit)
    return (await session.scalars(statement, {"reps": [rep_id], "now": now})).all()
