"""A fingerprint of everything a live contest board is computed from, in one statement.

PostgreSQL gives every row version the id of the transaction that wrote it (``xmin``),
and every insert, update or delete is a new transaction's work: a list of each input
row's key and ``xmin`` changes as soon as a change to any of them commits, whatever order
transactions commit in (unlike a maximum or a counter), and never changes otherwise. The
md5 of those lists is the fingerprint ``services.performance.board_cache`` keys a board
by, so a board read again is only reused while none of its inputs changed.

The inputs are those ``services.performance.contest_results.contest_board`` reads for a
live board kept in contest totals: the contest row, its prizes, rounds, enrolments, spans
and totals; and, shared by every contest, the users (participants, names, zones, managers,
roles, active), the metric definitions, the fiscal calendar, the performance settings and
the KPI targets. A board read partly from the day rollups is not reused (the cache
checks that), so the rollups are not in the list; a tournament's qualifying window and
rounds are read from them only over days whose totals are in it (any change to those
rollups changes the totals in the same statement), and its rounds are in the list.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, Integer, Select, any_, bindparam, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_contests import Contest


def _versions(table: str, key: str, where: str = "") -> str:
    """``key:xmin`` of every row of ``table`` (``where`` filtering), in key order; '' for none."""
    return (
        f"coalesce((SELECT string_agg(concat_ws(':', {key}, x.xmin), ',' ORDER BY {key}) "
        f"FROM {table} x {where}), '')"
    )


_MINE = "WHERE x.contest_id = contests.id"

FINGERPRINT = literal_column(
    f"""md5(concat_ws('/',
        (SELECT concat_ws('/', current_database(),
            {_versions("users", "x.id")},
            {_versions("metric_definitions", "x.id")},
            {_versions("commission_calendar", "x.id")},
            {_versions("performance_settings", "x.id")},
            {_versions("kpi_targets", "x.id")})),
        contests.xmin,
        {_versions("contest_prizes", "x.id", _MINE)},
        {_versions("contest_rounds", "x.number", _MINE)},
        {_versions("contest_enrolments", "x.id", _MINE)},
        {_versions("contest_spans", "x.rep_id, x.metric", _MINE)},
        {_versions("contest_totals", "x.rep_id, x.metric, x.version", _MINE)}))"""
)


@functools.cache
def _fingerprints_statement() -> Select[Any]:
    """The statement of ``board_fingerprints``, built once (the array parameter
    ``contest_ids``): every board read runs it."""
    return (
        select(Contest, FINGERPRINT)
        .where(Contest.id == any_(bindparam("contest_ids", type_=ARRAY(Integer))))
        .execution_options(populate_existing=True)
    )


async def board_fingerprints(
    session: AsyncSession, contest_ids: Sequence[int]
) -> dict[int, tuple[Contest, str]]:
    """Each existing contest, read afresh, with its fingerprint (see the module): the row
    and the fingerprint come from one snapshot, so a board computed from this row is never
    older than its fingerprint."""
    if not contest_ids:
        return {}
    rows = await session.execute(_fingerprints_statement(), {"contest_ids": list(contest_ids)})
    return {contest.id: (contest, fingerprint) for contest, fingerprint in rows.all()}
