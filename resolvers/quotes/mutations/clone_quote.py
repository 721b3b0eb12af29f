"""``cloneQuote``: a new draft from any revision of a quote you can see, repriced today."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from schema.text_limits import IdempotencyKey, LongName
from resolvers.audit import audit_change
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from services.quotes.editing import copy_revision, record_event
from resolvers.quotes.mutations.create_quote import DEFAULT_VALIDITY
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.quotes.repricing import reprice
from schema.errors import ErrorCode
from schema.permissions import require_viewer


@strawberry.input
class CloneQuoteInput:
    id: strawberry.relay.GlobalID
    revision: int | None = strawberry.field(default=None, description="The current revision by default.")
    name: LongName | None = None
    idempotency_key: IdempotencyKey | None = None


async def clone_quote(info: strawberry.Info, input: CloneQuoteInput) -> QuotePayload:
    viewer = require_viewer(info)

    async def work(session: AsyncSession) -> Quote:
        source = await session.get(Quote, decode_id(input.id, "Quote"))
        if source is None or not viewer.may_see_owner(source.owner_id):
            raise reject(ErrorCode.NOT_FOUND, "No Quote with this id.", ["input", "id"])
        number = input.revision or source.current_revision
        revision = await session.scalar(
            select(QuoteRevision).where(QuoteRevision.quote_id == source.id, QuoteRevision.number == number)
        )
        if revision is None:
            raise reject(ErrorCode.NOT_FOUND, f"The quote has no revision {number}.", ["input", "revision"])
        today = datetime.now(UTC).date()
        clone = Quote(
            name=input.name or f"{source.name} (copy)",
            account_id=source.account_id,
            owner_id=viewer.user_id,
            currency=source.currency,
            status=QuoteStatus.DRAFT,
            valid_until=today + DEFAULT_VALIDITY,
            expected_close_date=source.expected_close_date if source.expected_close_date and source.expected_close_date >= today else None,
            cloned_from_id=source.id,
        )
        session.add(clone)
        await session.flush()
        fresh = await copy_revision(session, revision, clone.id, 1)
        await reprice(session, datetime.now(UTC), clone, fresh, info.context.config.pricing)
        record_event(info, session, clone, "CLONED", None, QuoteStatus.DRAFT, message=f"From Q-{source.number} revision {number}")
        await audit_change(info, session, "cloneQuote", clone)
        return clone

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="cloneQuote",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=Quote,
        ),
    )
    return quote_payload(info, outcome)


