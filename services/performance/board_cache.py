"""Live contest boards reused while nothing they are computed from has changed.

A live board ranks every participant from the contest's kept totals: a handful of
statements and some milliseconds of ranking per contest, on every home screen. Boards are
kept per process, each under a key made of

- the fingerprint of its inputs (``db.queries.contest_boards``: one statement for every
  contest asked, which changes as soon as a change to any input row commits, in any
  process, and reads the contest row again with it), and
- the part of the clock the board depends on: whether the window has started and ended,
  the minute the window so far ends in (rounded up: local days, hence the spans and
  the targets that apply, change only on whole minutes), and for a tournament in rounds
  how many of its rounds' starts and ends have passed (the rounds are in the fingerprint,
  so the kept board's own rounds are the current ones whenever the fingerprint matches).

Only boards read wholly from kept totals through the standard metric source are kept
(``FromDayRollups`` marks the others, a test's own source is never trusted), and closed
contests are read back as before. A tournament's qualifying window and rounds are read
from the day rollups, but only over the days and participants whose kept totals the
board read wholly: every rollup change there changes those totals in the same statement
(``db.queries.rollups``), hence the fingerprint, so such a board is kept too. A key that
differs is a miss: the board is computed again, so a reused board never shows ranks older
than the data the request can see.
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import gamification.contests as engine
from db.models.performance_contests import Contest
from db.queries.contest_boards import board_fingerprints
from services.performance.contest_results import contest_board
from services.performance.metric_source import (
    ROLLUPS,
    ContestWindow,
    FromDayRollups,
    MetricSource,
    RepValue,
)

MAX_BOARDS = 256
"""Boards kept per process (the least recently used go first)."""
_MINUTE = timedelta(minutes=1)

Key = tuple[str, bool, bool, datetime]


def clock_key(contest: Contest, now: datetime) -> tuple[bool, bool, datetime]:
    """What of ``now`` a live board depends on: started, ended, and the end of the window
    so far rounded up to the minute."""
    end = max(contest.starts_at, min(now, contest.ends_at))
    minutes = math.ceil(end.timestamp() / 60)
    return (
        now >= contest.starts_at,
        now >= contest.ends_at,
        datetime.fromtimestamp(minutes * 60, end.tzinfo),
    )


Boundaries = tuple[datetime, ...]
"""A tournament's round starts and ends (none for a contest without rounds)."""


def phase(boundaries: Boundaries, now: datetime) -> int:
    """How many of ``boundaries`` have passed at ``now``: what a bracket depends on of the
    clock beyond ``clock_key`` (which rounds started and ended, and the qualifying end)."""
    return sum(now >= boundary for boundary in boundaries)


class BoardCache:
    """Boards by contest id, each with the key it was computed under and its rounds'
    boundaries."""

    def __init__(self, size: int = MAX_BOARDS) -> None:
        self.size = size
        self._boards: OrderedDict[int, tuple[Key, engine.Standings, Boundaries]] = OrderedDict()

    def get(self, contest_id: int, key: Key) -> engine.Standings | None:
        found = self._boards.get(contest_id)
        if found is None or found[0] != key:
            return None
        self._boards.move_to_end(contest_id)
        return found[1]

    def boundaries(self, contest_id: int) -> Boundaries:
        """The rounds' boundaries of the kept board (none kept: none)."""
        found = self._boards.get(contest_id)
        return () if found is None else found[2]

    def put(
        self, contest_id: int, key: Key, standings: engine.Standings, boundaries: Boundaries = ()
    ) -> None:
        self._boards[contest_id] = (key, standings, boundaries)
        self._boards.move_to_end(contest_id)
        while len(self._boards) > self.size:
            self._boards.popitem(last=False)

    def clear(self) -> None:
        self._boards.clear()


BOARDS = BoardCache()
"""The process's boards: every request reads through it (``live_boards``)."""


async def _computed(
    session: AsyncSession, contest: Contest, now: datetime, source: MetricSource
) -> tuple[engine.Standings, bool, Boundaries]:
    """The board, whether every value in it came from the kept totals (a tournament's
    windows over the same days and participants aside: see the module), and its rounds'
    boundaries."""
    whole = [True]
    read = source.contest_values
    if read is None:
        return (await contest_board(session, contest, now, source)).standings, False, ()

    async def recording(
        session: AsyncSession,
        contest: ContestWindow,
        rep_ids: Sequence[int],
        window: tuple[datetime, datetime],
    ) -> Mapping[int, RepValue]:
        values = await read(session, contest, rep_ids, window)
        whole[0] = whole[0] and not isinstance(values, FromDayRollups)
        return values

    watched = dataclasses.replace(
        source,
        contest_values=recording,
        values=_marking(source.values, whole),
        currency_values=(
            None if source.currency_values is None else _marking(source.currency_values, whole)
        ),
    )
    board = await contest_board(session, contest, now, watched)
    rounds = () if board.rules is None else board.rules.rounds
    boundaries = tuple(at for r in rounds for at in (r.starts_at, r.ends_at))
    return board.standings, whole[0], boundaries


def _marking(read: Callable[..., Awaitable[Any]], whole: list[bool]) -> Any:
    """``read``, noting that the board used a value not from the kept totals (a money
    contest's currency rollups, a source that reads a tournament's windows one by one):
    those inputs are not in the fingerprint, so such a board is computed afresh every
    time, never kept."""

    async def marked(*args: Any) -> Any:
        whole[0] = False
        return await read(*args)

    return marked


async def live_boards(
    session: AsyncSession,
    contests: Sequence[Contest],
    now: datetime,
    source: MetricSource,
    cache: BoardCache = BOARDS,
) -> dict[int, engine.Standings]:
    """Each contest's board at ``now`` (live or closed), reusing the process's boards whose
    inputs have not changed since (one statement finds out for all of them)."""
    reusable = [c.id for c in contests if c.closed_at is None and source is ROLLUPS]
    fingerprints = await board_fingerprints(session, reusable)
    found: dict[int, engine.Standings] = {}
    for contest in contests:
        if contest.id not in fingerprints:
            found[contest.id] = (await contest_board(session, contest, now, source)).standings
            continue
        # The row read with the fingerprint: the board is computed from it, not from an
        # older copy that a change committed in between would leave behind.
        contest, fingerprint = fingerprints[contest.id]
        board = cache.get(contest.id, _key(fingerprint, contest, now, cache.boundaries(contest.id)))
        if board is None:
            board, whole, boundaries = await _computed(session, contest, now, source)
            if whole:
                key = _key(fingerprint, contest, now, boundaries)
                cache.put(contest.id, key, board, boundaries)
        found[contest.id] = board
    return found


def _key(fingerprint: str, contest: Contest, now: datetime, boundaries: Boundaries) -> Key:
    """The key of a board: the fingerprint with the rounds' ``phase`` (the boundaries of the
    kept board are the current ones whenever the fingerprint matches: the rounds are in
    it), and the ``clock_key``."""
    return (f"{fingerprint}/{phase(boundaries, now)}", *clock_key(contest, now))
