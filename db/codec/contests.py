"""The contest engine's values as stored: a contest's final ``Standings``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from db.codec.tagged import TaggedCodec
from db.models.performance_contests import Contest, ContestPrize, ContestRound
from gamification import contests, matches, metrics, ranking, rounds

CODEC = TaggedCodec.of_modules(metrics, ranking, matches, rounds, contests)


def standings_json(value: contests.Standings) -> dict[str, Any]:
    """Final standings for ``contest_results.standings``."""
    data = CODEC.encode(value)
    assert isinstance(data, dict)
    return data


def standings_of(data: dict[str, Any]) -> contests.Standings:
    """The ``Standings`` stored by ``standings_json``, equal to the one written."""
    value: contests.Standings = CODEC.decode_as(contests.Standings, data)
    return value


def prize_of(row: ContestPrize) -> contests.Prize:
    """A stored prize as the engine's ``Prize``."""
    return contests.Prize(
        row.rank_from,
        row.rank_to,
        contests.PrizeKind(row.kind),
        row.description,
        row.value,
        row.currency,
    )


def round_of(row: ContestRound) -> rounds.RoundWindow:
    """A stored round as the engine's ``RoundWindow``."""
    return rounds.RoundWindow(row.number, row.starts_at, row.ends_at)


def rules_of(
    row: Contest, prizes: Iterable[ContestPrize] = (), schedule: Iterable[ContestRound] = ()
) -> contests.Contest:
    """A stored contest (with its prizes and round schedule) as the engine reads it."""
    return contests.Contest(
        kind=contests.ContestKind(row.kind),
        metric_key=row.metric_key,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        direction=metrics.Better(row.direction),
        scoring=contests.Scoring(row.scoring),
        team_score=None if row.team_score is None else contests.TeamScore(row.team_score),
        target=row.target,
        prizes=tuple(prize_of(p) for p in prizes),
        rounds=tuple(round_of(r) for r in schedule),
        currency=row.currency,
    )
