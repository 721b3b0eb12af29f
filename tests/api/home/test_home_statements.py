"""Each home screen reads the same small number of SQL statements for the demo org as for
one ten times bigger (ten times the reps under the manager, ten times the rep's quotes,
each new rep with the demo rep's activities, rollups, plan, credits and contest entries)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.performance.board_cache import BOARDS
from tests.api.conftest import Api
from tests.api.home.conftest import AGE, MANAGER_HOME, REP_HOME, Home
from tests.api.home.org import clone_quotes_sql, clone_reps_sql
from tests.conftest import StatementCounter

REP1, EAST = "rep1@dealdesk.example", "east.manager@dealdesk.example"
REP_HOME_STATEMENTS = 23
MANAGER_HOME_STATEMENTS = 34
"""The ceilings with every contest board computed (one statement for their fingerprints;
the forecast reads its four histories as of a week ago in one statement; the manager's
home reads the team, its open quotes, its slips and the fiscal calendar once for all its
sections, its slippage alerts paged from those slips); a regression shows as a bigger
number. The demo's tournament in rounds costs 7 of them on each screen (16 and 28
without it; 30 and 42 when it read each window apart): its qualifying window and every
started round are summed in one statement, whatever the number of rounds, and its board
is kept like the others."""


async def counted(
    statements: StatementCounter, api: Api, query: str, variables: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """The statements of the screen with no contest board kept (``BOARDS`` emptied first:
    every board is computed), then of the same screen again (the boards are reused): each
    the same for any size of org. A kept board is keyed by the minute too
    (``board_cache.clock_key``): where the two requests fall in different minutes (a loaded
    machine), the pair is measured again."""
    while True:
        minute = datetime.now(UTC).replace(second=0, microsecond=0)
        BOARDS.clear()
        statements.count = 0
        data = await api.data(query, variables)
        cold = statements.count
        statements.count = 0
        assert await api.data(query, variables) == data
        if datetime.now(UTC).replace(second=0, microsecond=0) == minute:
            return cold * 1000 + statements.count, data


async def test_each_home_screen_reads_a_constant_number_of_statements(
    home: Home, statements: StatementCounter
) -> None:
    # Shape the demo like a lived-in org: a quote untouched for a month (the team's stale
    # quotes, the forecast's week-ago snapshot read histories only for quotes that old).
    old = await home.sql(
        "SELECT q.id FROM quotes q JOIN users u ON u.id = q.owner_id WHERE u.email = :e "
        "AND q.status = 'DRAFT' AND q.expected_close_date IS NOT NULL ORDER BY q.id LIMIT 1",
        e=REP1,
    )
    await home.sql(AGE.format(days=30, id=old[0][0]))
    rep, manager = await home.as_(REP1), await home.as_(EAST)
    await rep.data(REP_HOME, {"first": 50})  # warm: per-process caches (settings, calendar)
    await manager.data(MANAGER_HOME, {})
    small_rep, small = await counted(statements, rep, REP_HOME, {"first": 50})
    small_manager, small_team = await counted(statements, manager, MANAGER_HOME, {})

    await home.sql(clone_reps_sql(REP1, EAST, 36, "scale"))  # 4 reps -> 40
    await home.sql(clone_quotes_sql(REP1, "email LIKE 'scale%'", 1, jitter=True))  # like rep1's
    await home.sql(clone_quotes_sql(REP1, f"email = '{REP1}'", 9, jitter=True))  # rep1's x10
    big_rep, big = await counted(statements, rep, REP_HOME, {"first": 50})
    big_manager, big_team = await counted(statements, manager, MANAGER_HOME, {})

    urgent = big["repHome"]["urgentQuotes"]
    assert urgent["totalCount"] == 10 * small["repHome"]["urgentQuotes"]["totalCount"]
    assert len(urgent["quotes"]) == 50
    assert len(big_team["managerHome"]["team"]) == 10 * len(small_team["managerHome"]["team"])
    assert len(big_team["managerHome"]["commissions"]) == 40
    stale = big_team["managerHome"]["staleQuotes"]
    assert stale["totalCount"] > small_team["managerHome"]["staleQuotes"]["totalCount"] >= 1
    assert len(stale["edges"]) == 5
    assert (big_rep, big_manager) == (small_rep, small_manager)
    assert small_rep // 1000 <= REP_HOME_STATEMENTS
    assert small_manager // 1000 <= MANAGER_HOME_STATEMENTS
    # A kept board costs one statement for all of a screen's contests, not a few each.
    assert small_rep % 1000 < small_rep // 1000
    assert small_manager % 1000 < small_manager // 1000
