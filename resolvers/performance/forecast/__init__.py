"""Slippage and the forecast: calls, overrides, the forecast, slippage events, live slips."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.fields import mutation_field
from resolvers.performance.forecast.mutations import (
    override_forecast_category,
    set_forecast_category,
)
from resolvers.performance.forecast.queries import ForecastQueries
from resolvers.performance.forecast.subscription import ForecastSubscriptions

__all__ = ["ForecastMutations", "ForecastQueries", "ForecastSubscriptions"]


@strawberry.type
class ForecastMutations:
    set_forecast_category = mutation_field(
        set_forecast_category,
        "Your call on one of your deals (commit, best case, pipeline, omitted); a manager's "
        "override stays beside it.",
    )
    override_forecast_category = mutation_field(
        override_forecast_category,
        "Override the call on a deal of your team; the rep's call stays visible.",
        Role.MANAGER,
    )
