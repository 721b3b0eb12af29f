"""The negotiation dataloaders: a revision's options, a quote's change requests, its
timeline pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row
from strawberry.dataloader import DataLoader

from db.models.negotiation import QuoteChangeRequest, QuoteOption
from db.queries.negotiation import (
    TimelineKey,
    selected_option_keys,
    timeline_counts,
    timeline_pages,
)
from db.session import RequestDatabase
from resolvers.dataloaders.factories import answered, by_id, found, grouped_by
from schema.types.commissions import CommissionEstimate
from schema.types.commissions.estimate_outcome import estimate_type
from schema.types.negotiation import OptionEstimateKey
from services.commissions.option_estimates import OptionToEstimate, estimate_options


@dataclass(frozen=True, slots=True)
class NegotiationLoaders:
    options_by_revision_id: DataLoader[int, list[QuoteOption]]
    change_requests_by_quote_id: DataLoader[int, list[QuoteChangeRequest]]
    change_request_by_id: DataLoader[int, QuoteChangeRequest | None]
    timeline_page: DataLoader[TimelineKey, list[Row[Any]]]
    """A page of a quote's timeline: every page asked for in one statement."""
    timeline_count: DataLoader[int, int]
    """By quote id: how many entries its timeline holds (only ``totalCount`` asks)."""
    selected_option: DataLoader[tuple[int, int], str | None]
    """By (quote id, revision): the option the customer last picked, in one statement."""
    option_estimate: DataLoader[OptionEstimateKey, CommissionEstimate | None]
    """Each option's commission estimate for its quote's owner: every option of every quote
    asked for in one batch (a fixed number of statements)."""

    @classmethod
    def build(cls, db: RequestDatabase) -> NegotiationLoaders:
        return cls(
            options_by_revision_id=grouped_by(
                db, QuoteOption, QuoteOption.revision_id, QuoteOption.position, QuoteOption.id
            ),
            change_requests_by_quote_id=grouped_by(
                db, QuoteChangeRequest, QuoteChangeRequest.quote_id, QuoteChangeRequest.id
            ),
            change_request_by_id=by_id(db, QuoteChangeRequest),
            timeline_page=answered(db, timeline_pages),
            timeline_count=found(db, timeline_counts, 0),
            selected_option=found(db, selected_option_keys, None),
            option_estimate=DataLoader(load_fn=_option_estimates(db)),
        )


def _option_estimates(
    db: RequestDatabase,
) -> Callable[[Sequence[OptionEstimateKey]], Awaitable[list[CommissionEstimate | None]]]:
    async def load(keys: Sequence[OptionEstimateKey]) -> list[CommissionEstimate | None]:
        options = [OptionToEstimate(k.quote_id, k.priced, k.close_date) for k in keys]
        async with db.read() as session:
            found = await estimate_options(session, options, datetime.now(UTC).date())
        return [None if outcome is None else estimate_type(outcome) for outcome in found]

    return load
