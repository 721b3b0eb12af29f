"""The performance engine's enums as the API shows them."""

from __future__ import annotations

from gamification.calendar import Grain
from gamification.hierarchy import Level
from gamification.metrics import Aggregate, Better, Measure
from gamification.profile import Standing
from gamification.values import Direction
from schema.enums import described_enum

HierarchyLevel = described_enum(
    Level,
    "HierarchyLevel",
    "Where on the revenue hierarchy of needs an activity or a metric sits.",
    {
        "TARGET": "Who to sell to and why: lists, leads and their qualification.",
        "ENGAGE": "When and how to engage: calls, emails, contacts, transfers.",
        "PERSUADE": "Why buy, and why from us: ROI demos, role-based messaging, content.",
        "CLOSE": "How to close: referrals, quotes, contracts, sales.",
        "EXPAND": "Sell more, again: cross-sell, up-sell, renewals, customer engagement.",
        "MANAGE": "Management, forecasting and analytics (spans every level).",
        "DEVELOP": "Development, coaching, onboarding and motivation (spans every level).",
    },
)
KpiGrain = described_enum(
    Grain,
    "KpiGrain",
    "The length of a KPI period, on the fiscal calendar and in the rep's time zone.",
    {
        "DAY": "One local day.",
        "WEEK": "Seven days from the organisation's week start.",
        "MONTH": "A fiscal month.",
        "QUARTER": "A fiscal quarter.",
        "YEAR": "A fiscal year.",
    },
)
MetricAggregate = described_enum(
    Aggregate,
    "MetricAggregate",
    "How a metric folds its facts.",
    {
        "COUNT": "How many facts.",
        "SUM": "The sum of the measure.",
        "DISTINCT_COUNT": "How many different customers.",
        "AVERAGE": "The sum of the measure over how many facts, for the whole period.",
        "RATIO": "The numerator metric's value over the denominator's, times the scale.",
    },
)
MetricMeasure = described_enum(
    Measure,
    "MetricMeasure",
    "What of a fact a SUM or an AVERAGE adds up.",
    {
        "QUANTITY": "The fact's quantity (1 unless given).",
        "AMOUNT": "The fact's amount (revenue, slipped amount).",
        "DURATION_HOURS": "The fact's duration in hours.",
        "ONE": "One per fact.",
    },
)
BetterDirection = described_enum(
    Better,
    "BetterDirection",
    "Which way a metric is good.",
    {"HIGHER": "More is better.", "LOWER": "Less is better (slippage)."},
)
TrendDirection = described_enum(
    Direction,
    "TrendDirection",
    "Where a value went since the previous period.",
    {
        "UP": "Higher than in the previous period.",
        "DOWN": "Lower than in the previous period.",
        "FLAT": "The same as in the previous period.",
        "UNKNOWN": "One of the two periods has no value (a zero denominator).",
    },
)
HierarchyStanding = described_enum(
    Standing,
    "HierarchyStanding",
    "How a hierarchy level stands against its targets.",
    {
        "STRONG": "The level's targeted metrics reach their targets on average.",
        "WEAK": "The level's targeted metrics fall short on average.",
        "NO_TARGETS": "No metric of the level has a target.",
    },
)
