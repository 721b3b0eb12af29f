"""Contests as the API shows them: rules, prizes, status and the ranked standings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

import strawberry
from strawberry import relay

import gamification.contests as engine
from db.actor import Actor
from db.codec.contests import prize_of, rules_of
from db.models.performance_contests import Contest as ContestRow
from db.models.performance_contests import ContestPrize as PrizeRow
from gamification.matches import Match
from gamification.rounds import BracketMatch, BracketRound, Seat
from schema.decimals import RATE_PLACES, at_scale, rate
from schema.money import Money, money
from schema.nodes import nodes_via
from schema.rows import from_attrs, loader, related, row_object, row_objects
from schema.scalars import CurrencyCode
from schema.types.performance.contest_enums import (
    ContestKind,
    ContestScoring,
    ContestStatus,
    PrizeKind,
    TeamScore,
)
from schema.types.performance.enums import BetterDirection
from schema.types.user import User

T = TypeVar("T")

SCORE = "at 6 decimal places"
PARTICIPANT = "The rep, or in a team contest the team's manager."


def user_field(key: str, description: str) -> Any:
    """A ``User`` field read through the request's loader from the private id ``key``."""
    return related("user_by_id", key, User, description=description)


@strawberry.type(description="What a rank range of a contest wins.")
class ContestPrize:
    rank_from: int
    """The first rank that wins it (in a non-RACE contest, 1: every winner)."""
    rank_to: int
    """The last rank that wins it."""
    kind: PrizeKind
    """Cash (paid as a commission adjustment) or not."""
    description: str
    """What it is, e.g. "dinner for two"."""
    value: Money
    """Its stated value."""

    @classmethod
    def of(cls, prize: engine.Prize) -> ContestPrize:
        return from_attrs(cls, prize, value=money(prize.value, prize.currency))

    @classmethod
    def from_row(cls, row: PrizeRow) -> ContestPrize:
        return cls.of(prize_of(row))


@strawberry.type(description="A participant's place on a contest's board.")
class ContestStanding:
    rank: int
    """Competition rank: 1 + how many score strictly better (ties share: 1, 2, 2, 4)."""
    position: int
    """The place in the board's order (ties ordered by `tieBreaker`), from 1."""
    tie_breaker: str
    """The tie-breaker value that placed this entry among entries of its rank."""
    score: Decimal = strawberry.field(description=f"What the rank is based on, {SCORE}.")
    value: Decimal = strawberry.field(description=f"The metric's value, {SCORE}.")
    target: Decimal | None = strawberry.field(
        description=f"The participant's own target (ATTAINMENT), {SCORE}; null when none."
    )
    won: bool
    """Whether this participant wins (rank 1, reached the target, won the match)."""
    prizes: list[ContestPrize]
    """What this participant wins."""
    participant_id: strawberry.Private[int]
    known_participant: strawberry.Private[User | None] = None
    """The participant read beforehand with the whole board's (``Contest.standings``): a
    200-rep board then answers without 200 loader calls."""

    @strawberry.field(description=PARTICIPANT, graphql_type=User | None)
    def participant(self, info: strawberry.Info) -> Awaitable[User | None] | User | None:
        if self.known_participant is not None:
            return self.known_participant
        return row_object(info, "user_by_id", self.participant_id, User)

    @classmethod
    def of(cls, row: engine.Standing) -> ContestStanding:
        return cls(
            rank=row.ranked.rank,
            position=row.ranked.position,
            tie_breaker=row.ranked.tie_breaker,
            score=at_scale(row.ranked.entry.score, RATE_PLACES),
            value=at_scale(row.value, RATE_PLACES),
            target=rate(row.target),
            won=row.won,
            prizes=[ContestPrize.of(p) for p in row.prizes],
            participant_id=int(row.ranked.participant),
        )


def contest_visible(viewer: Actor, manager_of_viewer: int | None, row: ContestRow) -> bool:
    """An OPS contest is for everyone; a team's for its manager, the managers above them,
    the team (reps whose manager runs it) and back office."""
    return (
        row.manager_id is None
        or viewer.sees_all_sales_records()
        or row.manager_id in (viewer.user_id, manager_of_viewer)
        or row.manager_id in viewer.team_ids
    )


async def contest_scope(
    info: strawberry.Info, viewer: Actor, rows: list[ContestRow]
) -> Callable[[Actor, ContestRow], bool]:
    """``contest_visible`` with the viewer's own manager, loaded once."""
    me = await loader(info, "user_by_id").load(viewer.user_id)
    manager = None if me is None else me.manager_id
    return lambda who, row: contest_visible(who, manager, row)


@strawberry.type(description="A contest on one metric over a window, with its live standings.")
class Contest(relay.Node):
    id: relay.NodeID[int]
    name: str
    """What the contest is called."""
    kind: ContestKind
    """How it is won."""
    metric_key: str
    """The metric it ranks on."""
    starts_at: datetime
    """The start of the window (inclusive); the rules freeze then."""
    ends_at: datetime
    """The end of the window (exclusive)."""
    direction: BetterDirection  # type: ignore[valid-type]
    """Which way a score is better."""
    scoring: ContestScoring
    """Raw value or attainment of the participant's own target."""
    team_score: TeamScore | None
    """Null for an individual contest; for a team contest, how members' values add up."""
    target: Decimal | None = strawberry.field(description=f"A TARGET contest's goal, {SCORE}.")
    rules_frozen_at: datetime | None
    """When the rules were frozen (recorded in the audit log), null before."""
    closed_at: datetime | None
    """When the final standings were closed, null before."""
    currency: CurrencyCode | None
    """A contest on a money metric: the one currency it counts (amounts in other currencies
    are left out, never added); null for any other metric."""
    version: int
    """Send back on update; a stale one is a CONFLICT."""

    resolve_nodes = nodes_via("contests.contest_by_id", scope=contest_scope)

    @classmethod
    def from_row(cls, row: ContestRow) -> Contest:
        """The row's own columns beside the rules decoded from it."""
        rules = rules_of(row)
        return from_attrs(
            cls,
            rules,
            id=row.id,
            name=row.name,
            target=rate(rules.target),
            rules_frozen_at=row.rules_frozen_at,
            closed_at=row.closed_at,
            version=row.version,
        )

    @strawberry.field(description="Where the contest is in its window, now.")
    def status(self) -> ContestStatus:
        return engine.window_status(self.starts_at, self.ends_at, datetime.now(UTC))

    @strawberry.field(description="The prizes, by rank.")
    async def prizes(self, info: strawberry.Info) -> list[ContestPrize]:
        return await row_objects(info, "contests.prizes_by_contest_id", self.id, ContestPrize)

    async def _on_board(
        self, info: strawberry.Info, part: Callable[[engine.Standings], Iterable[T]]
    ) -> list[T]:
        """``part`` of the board (live or closed), or nothing when the contest has none."""
        board: engine.Standings | None = await loader(info, "contests.board_by_contest_id").load(
            self.id
        )
        return [] if board is None else list(part(board))

    @strawberry.field(
        description="The board: live while the contest runs, the closed final one after "
        "`endContest`. Ties share a rank (competition ranking 1, 2, 2, 4) and are ordered by "
        "the tie-breaker each entry shows: earlier to reach the score first, then name."
    )
    async def standings(self, info: strawberry.Info) -> list[ContestStanding]:
        standings = await self._on_board(info, lambda board: map(ContestStanding.of, board.rows))
        users = await loader(info, "user_by_id").load_many([s.participant_id for s in standings])
        for standing, user in zip(standings, users, strict=True):
            standing.known_participant = None if user is None else User.from_row(user)
        return standings

    @strawberry.field(
        description="HEAD_TO_HEAD and TOURNAMENT: this round's pairs (in enrolment order) and "
        "who wins each; empty for the other kinds, and for a scheduled TOURNAMENT (see "
        "`rounds`)."
    )
    async def matches(self, info: strawberry.Info) -> list[ContestMatch]:
        return await self._on_board(info, lambda board: map(ContestMatch.of, board.matches))

    @strawberry.field(
        description="A scheduled TOURNAMENT's rounds in order, each with its own window and "
        "its matches: seeds, scores over the round's window, and the winner once the round "
        "has ended (equal scores advance the higher seed). Empty for a contest without a "
        "round schedule."
    )
    async def rounds(self, info: strawberry.Info) -> list[ContestRound]:
        return await self._on_board(
            info,
            lambda board: (
                () if board.bracket is None else map(ContestRound.of, board.bracket.rounds)
            ),
        )

    @strawberry.field(
        description="A scheduled TOURNAMENT's champion: the last one left once the final "
        "round has ended; null before, or when the schedule ran out with more than one still "
        "in (they are the winners on `standings`)."
    )
    async def champion(self, info: strawberry.Info) -> User | None:
        keys = await self._on_board(
            info,
            lambda board: (
                []
                if board.bracket is None or board.bracket.champion is None
                else [int(board.bracket.champion)]
            ),
        )
        rows = await loader(info, "user_by_id").load_many(keys)
        return next((User.from_row(r) for r in rows if r is not None), None)

    @strawberry.field(
        description="ATTAINMENT: participants with no target, who are not ranked (ask for "
        "their targets); empty otherwise."
    )
    async def unranked(self, info: strawberry.Info) -> list[User]:
        keys = await self._on_board(
            info, lambda board: (int(s.participant) for s in board.unscored)
        )
        rows = await loader(info, "user_by_id").load_many(keys)
        return [User.from_row(r) for r in rows if r is not None]


@strawberry.type(description="A pair meeting head to head, and who wins.")
class ContestMatch:
    first_id: strawberry.Private[int]
    second_id: strawberry.Private[int | None]
    winner_id: strawberry.Private[int]
    decided_by: str
    """"score", "tie-breaker" (equal scores: the board's tie-breaker) or "bye" (no opponent)."""

    @classmethod
    def of(cls, match: Match) -> ContestMatch:
        second = None if match.second is None else int(match.second.participant)
        return cls(
            first_id=int(match.first.participant),
            second_id=second,
            winner_id=int(match.winner),
            decided_by=match.decided_by,
        )

    first = user_field("first_id", "The first of the pair.")
    second = user_field("second_id", "The second of the pair; null for a bye.")
    winner = user_field("winner_id", "Who wins the pair.")


@strawberry.type(description="A participant in a tournament match: their seed and round score.")
class ContestSeat:
    seed: int
    """Their seed in the round, from 1 (the best): round 1 by the scores before it, later
    rounds by the scores of the round before."""
    score: Decimal | None = strawberry.field(
        description=f"Their score over the round's window so far, {SCORE}; null before the "
        "round starts."
    )
    participant_id: strawberry.Private[int]
    participant = user_field("participant_id", PARTICIPANT)

    @classmethod
    def of(cls, seat: Seat) -> ContestSeat:
        score = None if seat.score is None else at_scale(seat.score, RATE_PLACES)
        return cls(seed=seat.seed, score=score, participant_id=int(seat.participant))


@strawberry.type(description="A tournament match: the higher and the lower seed, and who advances.")
class ContestRoundMatch:
    higher: ContestSeat
    """The higher seed (the better-placed of the two)."""
    lower: ContestSeat | None
    """The lower seed; null for a bye (the higher seed advances without a match)."""
    decided_by: str | None
    """"score", "seed" (equal scores: the higher seed advances) or "bye"; null while the round
    runs."""
    winner_id: strawberry.Private[int | None]
    winner = user_field("winner_id", "Who advances; null while the round runs.")

    @classmethod
    def of(cls, match: BracketMatch) -> ContestRoundMatch:
        return cls(
            higher=ContestSeat.of(match.higher),
            lower=None if match.lower is None else ContestSeat.of(match.lower),
            decided_by=match.decided_by,
            winner_id=None if match.winner is None else int(match.winner),
        )


@strawberry.type(description="One round of a scheduled tournament: its window and matches.")
class ContestRound:
    number: int
    """The round's number, from 1."""
    starts_at: datetime
    """The start of the round's window (inclusive)."""
    ends_at: datetime
    """The end of the round's window (exclusive); its matches are decided then."""
    matches: list[ContestRoundMatch]
    """The round's pairs (seed 1 against the last seed...); empty while the round before is
    still running (the field is not known yet) or once a champion is decided."""

    @strawberry.field(description="Where the round is in its window, now.")
    def status(self) -> ContestStatus:
        return engine.window_status(self.starts_at, self.ends_at, datetime.now(UTC))

    @classmethod
    def of(cls, played: BracketRound) -> ContestRound:
        return cls(
            number=played.number,
            starts_at=played.starts_at,
            ends_at=played.ends_at,
            matches=[ContestRoundMatch.of(m) for m in played.matches],
        )
