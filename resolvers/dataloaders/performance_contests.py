"""The contest, badge and onboarding dataloaders, built together once per request.

Standings are computed per contest by ``services.performance.contest_results`` from
the metric source (one values read per contest, whatever the number of reps), or
read back closed; they only load.
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
from db.session import RequestDatabase
from gamification.contests import Standings
from resolvers.dataloaders.factories import from_tables
from services.performance.contest_results import contest_board
from services.performance.metric_source import metric_source


@dataclass(frozen=True, slots=True)
class ContestLoaders:
    contest_by_id: DataLoader[int, Contest | None]
    prizes_by_contest_id: DataLoader[int, list[ContestPrize]]
    board_by_contest_id: DataLoader[int, Standings | None]
    badge_by_id: DataLoader[int, Badge | None]
    onboarding_programme_by_id: DataLoader[int, OnboardingProgramme | None]
    onboarding_item_by_id: DataLoader[int, OnboardingItem | None]
    items_by_programme_id: DataLoader[int, list[OnboardingItem]]

    @classmethod
    def build(cls, db: RequestDatabase) -> ContestLoaders:
        tables = from_tables(db, _BY_ID, _GROUPED)
        contests = tables["contest_by_id"]
        return cls(
            **tables,
            board_by_contest_id=DataLoader(load_fn=lambda keys: _boards(db, contests, keys)),
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
    found: dict[int, Standings] = {}
    rows = [c for c in await contests.load_many(keys) if c is not None]
    if not rows:
        return [None for _ in keys]
    async with db.read() as session:
        for contest in rows:
            found[contest.id] = (
                await contest_board(session, contest, now, metric_source())
            ).standings
    return [found.get(k) for k in keys]
