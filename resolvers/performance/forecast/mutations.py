"""``setForecastCategory`` (the rep) and ``overrideForecastCategory`` (the manager)."""

from __future__ import annotations

import strawberry

from gamification.forecast import Category
from resolvers.mutation import Arguments, key, mutations_sharing
from schema.text_limits import Reason
from schema.types.performance.forecast import ForecastCategory
from schema.types.quote import Quote
from services.performance import forecast as use_cases

forecast_call = mutations_sharing(
    "ForecastCategoryPayload", Quote, "quote", "setForecastCategory", "overrideForecastCategory"
)


@strawberry.input(description="A rep's call on one of their own deals.")
class SetForecastCategoryInput:
    quote_id: strawberry.relay.GlobalID
    """The global ID of your quote."""
    category: ForecastCategory  # type: ignore[valid-type]
    """Your call."""


@strawberry.input(description="A manager's override of the call on a deal of their team.")
class OverrideForecastCategoryInput:
    quote_id: strawberry.relay.GlobalID
    """The global ID of a quote of a rep in your team."""
    category: ForecastCategory  # type: ignore[valid-type]
    """The call the forecast should use; the rep's own call stays visible beside it."""
    note: Reason | None = None
    """Why you override (shown beside the override)."""


@forecast_call(use_cases.set_forecast_category)
def set_forecast_category(input: SetForecastCategoryInput) -> Arguments:
    """The quote and call."""
    return key(input.quote_id, "Quote", "quoteId"), Category(input.category.value)


@forecast_call(use_cases.override_forecast_category)
def override_forecast_category(input: OverrideForecastCategoryInput) -> Arguments:
    """The quote, call and note."""
    return key(input.quote_id, "Quote", "quoteId"), Category(input.category.value), input.note
