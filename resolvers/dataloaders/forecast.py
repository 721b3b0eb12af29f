"""The slippage and forecast dataloaders, built together once per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from db.base import Base
from db.models.performance_forecast import ForecastCategory, QuoteCloseDateChange, SlippageEvent
from db.session import RequestDatabase
from resolvers.dataloaders.factories import from_tables


@dataclass(frozen=True, slots=True)
class ForecastLoaders:
    slippage_event_by_id: DataLoader[int, SlippageEvent | None]
    close_date_changes_by_quote_id: DataLoader[int, list[QuoteCloseDateChange]]
    calls_by_quote_id: DataLoader[int, list[ForecastCategory]]
    """A list of at most one row: the quote's calls (none until someone calls it)."""

    @classmethod
    def build(cls, db: RequestDatabase) -> ForecastLoaders:
        return cls(**from_tables(db, _BY_ID, _GROUPED))


_BY_ID: tuple[tuple[str, type[Base]], ...] = (("slippage_event_by_id", SlippageEvent),)

_GROUPED: tuple[tuple[Any, ...], ...] = (
    ("close_date_changes_by_quote_id", QuoteCloseDateChange.quote_id, QuoteCloseDateChange.id),
    ("calls_by_quote_id", ForecastCategory.quote_id, ForecastCategory.quote_id),
)
