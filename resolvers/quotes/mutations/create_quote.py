"""``createQuote``: a draft for one of your accounts, priced on save, with the standard clauses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from schema.text_limits import Comment, Document, IdempotencyKey, LongName
from resolvers.audit import audit_change
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from resolvers.pricing.inputs import DiscountInput
from resolvers.quotes.clauses import attach_standard_clauses
from services.quotes.editing import record_event
from resolvers.quotes.lines import QuoteLineInput, add_line, check_discount, products_for
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.quotes.repricing import refuse_unpriceable, reprice
from services.validation import optional_text
from schema.errors import ErrorCode
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode

DEFAULT_VALIDITY = timedelta(days=30)
MAX_LINES = 2000


@strawberry.input
class CreateQuoteInput:
    account_id: strawberry.relay.GlobalID
    name: LongName | None = None
    currency: CurrencyCode | None = strawberry.field(default=None, description="The account's currency by default.")
    valid_until: date | None = strawberry.field(default=None, description="30 days from today by default.")
    expected_close_date: date | None = None
    terms: Document | None = None
    notes: Comment | None = strawberry.field(default=None, description="Internal; never shown to the customer.")
    customer_notes: Comment | None = None
    lines: list[QuoteLineInput] = strawberry.field(default_factory=list)
    quote_discount: DiscountInput | None = None
    idempotency_key: IdempotencyKey | None = None


async def visible_account(info: strawberry.Info, session: AsyncSession, global_id: strawberry.relay.GlobalID) -> Account:
    viewer = require_viewer(info)
    account = await session.get(Account, decode_id(global_id, "Account", ["input", "accountId"]))
    if account is None or not viewer.may_see_owner(account.owner_id):
        raise reject(ErrorCode.NOT_FOUND, "No Account with this id.", ["input", "accountId"])
    if not account.active:
        raise reject(ErrorCode.INACTIVE, f"{account.name} is inactive.", ["input", "accountId"])
    return account


async def create_quote(info: strawberry.Info, input: CreateQuoteInput) -> QuotePayload:
    viewer = require_viewer(info)
    today = datetime.now(UTC).date()

    async def work(session: AsyncSession) -> Quote:
        account = await visible_account(info, session, input.account_id)
        valid_until = input.valid_until or today + DEFAULT_VALIDITY
        if valid_until < today:
            raise reject(ErrorCode.INVALID, "A quote cannot be valid only in the past.", ["input", "validUntil"])
        if len(input.lines) > MAX_LINES:
            raise reject(ErrorCode.INVALID, f"A quote has at most {MAX_LINES} lines.", ["input", "lines"])
        percent, amount = check_discount(input.quote_discount, ["input", "quoteDiscount"])
        quote = Quote(
            name=optional_text(input.name, ["input", "name"], max_length=300) or f"{account.name} — {today.isoformat()}",
            account_id=account.id,
            owner_id=viewer.user_id,
            currency=input.currency or account.currency,
            status=QuoteStatus.DRAFT,
            valid_until=valid_until,
            expected_close_date=input.expected_close_date,
        )
        session.add(quote)
        await session.flush()
        revision = QuoteRevision(
            quote_id=quote.id,
            number=1,
            terms=input.terms or "",
            notes=input.notes or "",
            customer_notes=input.customer_notes or "",
            quote_discount_percent=percent,
            quote_discount_amount=amount,
            pricing_date=today,
            lines_added=len(input.lines),
        )
        session.add(revision)
        await session.flush()
        products = await products_for(session, input.lines)
        for index, line in enumerate(input.lines):
            await add_line(session, revision, line, f"L{index + 1}", index, ["input", "lines", index], products)
        await attach_standard_clauses(session, revision, account.segment)
        await session.flush()
        priced = await reprice(session, datetime.now(UTC), quote, revision, info.context.config.pricing)
        refuse_unpriceable(priced, {f"L{i + 1}": ["input", "lines", i] for i in range(len(input.lines))})
        record_event(info, session, quote, "CREATED", None, QuoteStatus.DRAFT)
        await audit_change(info, session, "createQuote", quote)
        return quote

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="createQuote",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=Quote,
        ),
    )
    return quote_payload(info, outcome)
