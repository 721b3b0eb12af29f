"""The contest, badge and onboarding dataloaders, built together once per request.

Standings are computed per contest by ``services.performance.contest_results`` from
the metric source (one values read per contest, whatever the number of reps), or
read back closed, and reused while their inputs are unchanged
(``services.performance.board_cache``); they only load. A rep's standings in running
contests (the manager's team view) read which contests enrol the reps in one statement,
then those boards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from strawberry.dataloader import DataLoader

from db.base import Base
from db.models.performance_badges import Badge
from db.models.performance_contests import Contest, ContestPrize
from db.models.performance_onboarding import OnboardingItem, OnboardingProgramme
from db.queries.contests import running_contests_of
from db.session import RequestDatabase
from gamification.contests import Standing, Standings
from resolvers.dataloaders.factories import from_tables
from services.performance.board_cache import live_boards
from services.performance.metric_source import metric_source


@dataclass(frozen=True, slots=True)
class ContestLoaders:
    contest_by_id: DataLoader[int, Contest | None]
    prizes_by_contest_id: DataLoader[int, list[ContestPrize]]
    board_by_contest_id: DataLoader[int, Standings | None]
    running_standings_by_rep_id: DataLoader[int, list[tuple[int, Standing]]]
    """Each rep's (contest id, standing) in the individual contests running now."""
    badge_by_id: DataLoader[int, Badge | None]
    onboarding_programme_by_id: DataLoader[int, OnboardingProgramme | None]
    onboarding_item_by_id: DataLoader[int, OnboardingItem | None]
    items_by_programme_id: DataLoader[int, list[OnboardingItem]]

    @classmethod
    def build(cls, db: RequestDatabase) -> ContestLoaders:
        tables = from_tables(db, _BY_ID, _GROUPED)
        contests = tables["contest_by_id"]
        boards: DataLoader[int, Standings | None] = DataLoader(
            load_fn=lambda keys: _boards(db, contests, keys)
        )
        return cls(
            **tables,
            board_by_contest_id=boards,
            running_standings_by_rep_id=DataLoader(
                load_fn=lambda keys: _running_standings(db, contests, boards, keys)
            ),
        )


_BY_ID: tuple[tuple[str, type[Base]], ...] = (
    ("contest_by_id", Contest),
    ("badge_by_id", Badge),
    ("onboarding_programme_by_id", OnboardingProgramme),
    ("onboarding_item_by_id", OnboardingItem),
)
_GROUPED: tuple[tuple[Any, ...], ...] = (
    ("prizes_by_contest_id", ContestPrize.contest_id, ContestPrize.rank_from, ContestPrize.id),
    ("items_by_programme_id", OnboardingItem.programme_id, OnboardingItem.position),
)


async def _boards(
    db: RequestDatabase, contests: DataLoader[int, Contest | None], keys: Sequence[int]
) -> list[Standings | None]:
    """Each contest's board; the contest rows come from ``contest_by_id`` (already loaded
    when the board hangs off a contest node, so not read twice)."""
    now = datetime.now(UTC)
    rows = [c for c in await contests.load_many(keys) if c is not None]
    if not rows:
        return [None for _ in keys]
    async with db.read() as session:
        found = await live_boards(session, rows, now, metric_source())
    return [found.get(k) for k in keys]


async def _running_standings(
    db: RequestDatabase,
    contests: DataLoader[int, Contest | None],
    boards: DataLoader[int, Standings | None],
    keys: Sequence[int],
) -> list[list[tuple[int, Standing]]]:
    """Each rep's row on the board of every running individual contest enrolling them, by
    contest id: one statement finds the contests (their rows primed into ``contest_by_id``,
    so neither the boards nor the caller read them again), then the boards (whatever the
    number of reps)."""
    async with db.read() as session:
        running = await running_contests_of(session, keys, datetime.now(UTC))
    contests.prime_many({c.id: c for c in running})
    ids = [c.id for c in running]
    # Only the reps asked for: a board has every entrant (hundreds), a home screen one rep.
    found: dict[str, list[tuple[int, Standing]]] = {str(rep): [] for rep in keys}
    for contest_id, board in zip(ids, await boards.load_many(ids), strict=True):
        for row in () if board is None else board.rows:
            mine = found.get(row.ranked.participant)
            if mine is not None:
                mine.append((contest_id, row))
    return [found[str(rep)] for rep in keys]
