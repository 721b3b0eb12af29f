"""The contest engine's enums as the API publishes them, each value described."""

from __future__ import annotations

import gamification.contests as engine
from schema.enums import described_enum

ContestKind = described_enum(
    engine.ContestKind,
    "ContestKind",
    "How a contest is won.",
    {
        "RACE": "A leaderboard: prizes go by rank.",
        "TARGET": "Everyone whose score reaches the contest's `target` wins.",
        "HEAD_TO_HEAD": "Participants meet in pairs (in enrolment order); the better of each wins.",
        "TOURNAMENT": "Rounds of pairs seeded by the previous round's score; winners advance.",
    },
)
ContestScoring = described_enum(
    engine.Scoring,
    "ContestScoring",
    "What a participant is ranked on.",
    {
        "RAW": "The metric's value over the window.",
        "ATTAINMENT": "The value divided by the participant's own target (ramped for new hires);"
        " a participant with no target is listed apart, unranked.",
    },
)
TeamScore = described_enum(
    engine.TeamScore,
    "TeamScore",
    "How a team's value (and target) comes from its members'.",
    {"SUM": "The members' values added up.", "AVERAGE": "The members' values averaged."},
)
ContestStatus = described_enum(
    engine.ContestStatus,
    "ContestStatus",
    "Where a contest is in its window.",
    {
        "SCHEDULED": "Before the window: every rule may still change.",
        "RUNNING": "Inside the window: the rules are frozen.",
        "ENDED": "From the window's end on (the final standings close with `endContest`).",
    },
)
PrizeKind = described_enum(
    engine.PrizeKind,
    "PrizeKind",
    "What a prize is.",
    {
        "CASH": "Money, paid as a commission adjustment when the contest ends.",
        "NON_CASH": "A thing or an experience, with its stated value.",
    },
)
