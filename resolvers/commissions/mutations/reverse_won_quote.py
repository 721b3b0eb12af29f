"""``reverseWonQuote`` (FINANCE or the owner): a won deal cancelled, returned or lost after the win.

Writes clawback credits dated on the reversal (in the open period where it
happens; a closed period never changes) and, once every line is reversed, sets
the quote LOST. A partial return (``lineKeys``) claws back those lines only.
"""

from __future__ import annotations

import contextlib
import enum
from datetime import UTC, date, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

import commissions as engine
from db.models.quotes import Quote as QuoteRow
from db.models.quotes import QuoteStatus
from db.models.users import Role
from schema.text_limits import Reason, Sku
from resolvers.audit import audit_change
from services.commissions.crediting import claw_back_quote
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.quotes.editing import record_event, touch
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import require_viewer
from schema.types.commissions import CommissionCredit
from schema.types.quote import Quote


@strawberry.enum
class ReversalKindInput(enum.Enum):
    CANCELLED = "CANCELLED"
    RETURNED = "RETURNED"
    LOST_AFTER_WIN = "LOST_AFTER_WIN"


@strawberry.input
class ReverseWonQuoteInput:
    id: relay.GlobalID
    version: int
    kind: ReversalKindInput
    reversal_date: date | None = strawberry.field(default=None, description="Today by default.")
    line_keys: list[Sku] | None = strawberry.field(
        default=None, description="A partial return: these lines only."
    )
    reason: Reason | None = None


@strawberry.type
class ReverseWonQuotePayload:
    quote: Quote | None = None
    clawbacks: list[CommissionCredit] = strawberry.field(default_factory=list)
    user_errors: list[UserError]


async def reverse_won_quote(
    info: strawberry.Info, input: ReverseWonQuoteInput
) -> ReverseWonQuotePayload:
    written = []

    async def work(session: AsyncSession) -> QuoteRow:
        viewer = require_viewer(info)
        quote = await session.get(QuoteRow, decode_id(input.id, "Quote"), with_for_update=True)
        if quote is None or not (quote.owner_id == viewer.user_id or viewer.has_any(Role.FINANCE)):
            raise reject(ErrorCode.NOT_FOUND, "No Quote with this id.", ["input", "id"])
        check_version(quote, input.version)
        if quote.status is not QuoteStatus.WON:
            raise reject(
                ErrorCode.INVALID_STATE, "Only a WON quote can be reversed.", ["input", "id"]
            )
        today = datetime.now(UTC).date()
        day = input.reversal_date or today
        if day > today:
            raise reject(
                ErrorCode.INVALID, "A reversal cannot be in the future.", ["input", "reversalDate"]
            )
        rows, complete = await claw_back_quote(
            session, quote, engine.ReversalKind(input.kind.value), day, tuple(input.line_keys or ())
        )
        written.extend(rows)
        previous = quote.status
        if complete:
            quote.status = QuoteStatus.LOST
            quote.outcome_reason = input.reason or input.kind.value
        record_event(
            session,
            require_viewer(info),
            quote,
            "REVERSED" if complete else "PARTIALLY_REVERSED",
            previous,
            quote.status,
            message=input.reason,
        )
        touch(quote)
        await audit_change(info, session, "reverseWonQuote", quote)
        return quote

    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "commission_period_closed": user_error(
                ErrorCode.PERIOD_CLOSED,
                "The period of this reversal was just closed; try again.",
                ["input"],
            )
        },
    )
    if outcome.value is None:
        return ReverseWonQuotePayload(user_errors=outcome.errors)
    loaders = info.context.loaders
    for loader in (loaders.quote_by_id, loaders.events_by_quote_id):
        with contextlib.suppress(KeyError):
            loader.clear(outcome.value.id)
    return ReverseWonQuotePayload(
        quote=Quote.from_row(outcome.value),
        clawbacks=[CommissionCredit.from_row(row) for row in written],
        user_errors=[],
    )
