"""The public side of a shared quote: read it, accept, reject or comment, with the link alone."""

from __future__ import annotations

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteClause, QuoteEvent
from db.models.users import User
from schema.text_limits import Comment, Token
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from services.quotes.editing import current_revision, record_event
from resolvers.quotes.sharing import ShareTokenError, check_current, read_share_token
from services.quotes.transitions import apply_transition
from services.validation import required_text
from schema.errors import ApiError, ErrorCode, UserError
from schema.money import Money
from schema.types.pricing_snapshot import priced_quote_type
from services.pricing.snapshots import priced_quote_of
from schema.types.quote import QuoteClause as QuoteClauseType
from schema.types.shared_quote import SharedQuote, SharedQuoteComment

CUSTOMER = "customer"


class ShareLinkError(ApiError):
    def __init__(self, error: ShareTokenError) -> None:
        self.code = error.code
        super().__init__(error.message)


async def shared_quote_view(session: AsyncSession, quote: Quote) -> SharedQuote:
    revision = await current_revision(session, quote)
    account = await session.get(Account, quote.account_id)
    owner = await session.get(User, quote.owner_id)
    clauses = (
        await session.scalars(select(QuoteClause).where(QuoteClause.revision_id == revision.id).order_by(QuoteClause.position))
    ).all()
    comments = (
        await session.scalars(
            select(QuoteEvent).where(QuoteEvent.quote_id == quote.id, QuoteEvent.kind == "COMMENT").order_by(QuoteEvent.id)
        )
    ).all()
    pricing = priced_quote_type(priced_quote_of(revision))
    return SharedQuote(
        number=f"Q-{quote.number}",
        name=quote.name,
        account_name=account.name if account else "",
        prepared_by=owner.name if owner else "",
        status=quote.status.value,
        revision=revision.number,
        currency=quote.currency,
        valid_until=quote.valid_until,
        sent_at=revision.sent_at,
        terms=revision.terms,
        customer_notes=revision.customer_notes,
        lines=SharedQuote.lines_from(pricing),
        list_total=pricing.list_total,
        discount_total=pricing.discount_total,
        net_total=Money(amount=pricing.net_total.amount, currency=quote.currency),
        clauses=[QuoteClauseType.from_row(c) for c in clauses],
        comments=[SharedQuoteComment(author=c.customer_name, message=c.message or "", at=c.at) for c in comments],
    )


async def quote_for_token(info: strawberry.Info, session: AsyncSession, token: str, *, lock: bool = False) -> Quote:
    claims = read_share_token(info.context.config.tokens.secret, token)
    quote = await session.get(Quote, claims.quote_id, with_for_update=lock)
    return check_current(quote, claims)


async def shared_quote(info: strawberry.Info, token: Token) -> SharedQuote:
    async with info.context.db.read() as session:
        try:
            quote = await quote_for_token(info, session, token)
        except ShareTokenError as exc:
            raise ShareLinkError(exc) from exc
        return await shared_quote_view(session, quote)


@strawberry.input
class SharedQuoteAnswerInput:
    token: Token
    name: str = strawberry.field(description="Who answers for the customer.")
    message: Comment | None = None


@strawberry.input
class SharedQuoteCommentInput:
    token: Token
    name: str
    message: Comment


@strawberry.type
class SharedQuotePayload:
    quote: SharedQuote | None = None
    user_errors: list[UserError]


async def _answer(info: strawberry.Info, token: str, action: str, work) -> SharedQuotePayload:  # type: ignore[no-untyped-def]
    async def run(session: AsyncSession) -> SharedQuote:
        try:
            quote = await quote_for_token(info, session, token, lock=True)
        except ShareTokenError as exc:
            raise reject(ErrorCode.INVALID_TOKEN, exc.message, ["input", "token"]) from exc
        await work(session, quote)
        quote.updated_at = func.now()
        await audit_change(info, session, action, quote)
        return await shared_quote_view(session, quote)

    outcome = await atomically(info, run)
    return SharedQuotePayload(quote=outcome.value, user_errors=outcome.errors)


async def accept_shared_quote(info: strawberry.Info, input: SharedQuoteAnswerInput) -> SharedQuotePayload:
    name = input.name

    async def accept(session: AsyncSession, quote: Quote) -> None:
        await apply_transition(info, session, quote, rules.Action.ACCEPT, message=input.message, customer_name=required_text(name, ["input", "name"], max_length=200))

    return await _answer(info, input.token, "sharedQuote.accept", accept)


async def reject_shared_quote(info: strawberry.Info, input: SharedQuoteAnswerInput) -> SharedQuotePayload:
    async def decline(session: AsyncSession, quote: Quote) -> None:
        await apply_transition(info, session, quote, rules.Action.REJECT, message=input.message, customer_name=required_text(input.name, ["input", "name"], max_length=200))

    return await _answer(info, input.token, "sharedQuote.reject", decline)


async def comment_on_shared_quote(info: strawberry.Info, input: SharedQuoteCommentInput) -> SharedQuotePayload:
    async def comment(session: AsyncSession, quote: Quote) -> None:
        record_event(
            None,
            session,
            quote,
            "COMMENT",
            message=required_text(input.message, ["input", "message"], max_length=5000),
            customer_name=required_text(input.name, ["input", "name"], max_length=200),
        )

    return await _answer(info, input.token, "sharedQuote.comment", comment)
