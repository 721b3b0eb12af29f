"""What a deal won now would do in a running contest: the score it adds and the rank it reaches.

A won deal is a SALE fact; ``metrics.contribution`` says what it adds to the contest's
metric. The score moves only for metrics that fold facts one by one (COUNT, SUM); an
AVERAGE, a RATIO or a DISTINCT_COUNT depends on more than the deal (how many facts, another
metric, whether the customer already counted), so for those the progress says the deal
counts but projects no score. The projected board is the contest's own ``standings`` with
the rep's value raised by the delta, reached at ``now`` (so a tie reached earlier by
someone else stays ahead): the same ranking rule the live board uses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from gamification.contests import Contest, Score, Standings, standings
from gamification.facts import Fact
from gamification.metrics import Aggregate, MetricDefinition, contribution

FOLDED = frozenset({Aggregate.COUNT, Aggregate.SUM})
"""Aggregates whose value a single fact moves by its own contribution alone."""


@dataclass(frozen=True, slots=True)
class DealProgress:
    """The deal in one contest: whether it counts, the score it adds (None: not projected) and
    the participant's rank before and after (None: not on that board)."""

    counts: bool
    score_before: Decimal | None
    score_delta: Decimal | None
    score_after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    leader_score: Decimal | None
    """The best score on the board without the deal (None: an empty board)."""


def score_delta(
    definition: MetricDefinition,
    fact: Fact,
    definitions: Mapping[str, MetricDefinition] | None = None,
) -> tuple[bool, Decimal | None]:
    """Whether ``fact`` counts in the metric, and what it adds to the value when that is
    the fact's alone to say (None otherwise). A ratio counts the fact when its numerator or
    denominator does (looked up in ``definitions``)."""
    if definition.is_ratio:
        parts = (definition.numerator, definition.denominator)
        found = [(definitions or {}).get(key) for key in parts if key]
        counted = any(d is not None and contribution(d, fact) is not None for d in found)
        return counted, None
    tally = contribution(definition, fact)
    if tally is None:
        return False, None
    if definition.aggregate not in FOLDED:
        return True, None
    return True, tally.total


def _scores_of(board: Standings) -> list[Score]:
    rows = [
        Score(
            r.ranked.participant, r.ranked.entry.name, r.value, r.target, r.ranked.entry.reached_at
        )
        for r in board.rows
    ]
    return rows + list(board.unscored)


def progress(
    contest: Contest,
    board: Standings,
    participant: str,
    definition: MetricDefinition,
    fact: Fact,
    now: datetime,
    definitions: Mapping[str, MetricDefinition] | None = None,
) -> DealProgress:
    """The deal ``fact`` in ``contest`` for ``participant``, given the live ``board``
    (``definitions``: every metric's, for a ratio's parts)."""
    counts, delta = score_delta(definition, fact, definitions)
    before = board.ranking.rank_of(participant)
    scores = _scores_of(board)
    mine = next((s for s in scores if s.participant == participant), None)
    leader = board.ranking.entries[0].entry.score if board.ranking.entries else None
    if mine is None or not counts or delta is None:
        value = None if mine is None else mine.value
        return DealProgress(counts, value, delta, None, before, None, leader)
    if delta == 0:  # nothing moves (a tie it would now reach later is no change)
        return DealProgress(counts, mine.value, delta, mine.value, before, before, leader)
    raised = dataclasses.replace(mine, value=mine.value + delta, reached_at=now)
    after = standings(contest, [raised if s.participant == participant else s for s in scores], now)
    return DealProgress(
        counts,
        mine.value,
        delta,
        raised.value,
        before,
        after.ranking.rank_of(participant),
        leader,
    )
