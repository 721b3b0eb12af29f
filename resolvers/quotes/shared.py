"""The public side of a shared quote: read it, accept, reject or comment, with the link alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from resolvers.mutation import payload_of, perform_public
from resolvers.quotes.inputs import from_attributes
from schema.errors import ApiError, UserError
from schema.money import Money
from schema.text_limits import Comment, Token
from schema.types.pricing_snapshot import priced_quote_type
from schema.types.quote import QuoteClause as QuoteClauseType
from schema.types.shared_quote import SharedQuote, SharedQuoteComment
from services.pricing.snapshots import priced_quote_of
from services.quotes import sharing
from services.quotes.sharing import LinkAnswer, SharedQuoteView, ShareTokenError


class ShareLinkError(ApiError):
    def __init__(self, error: ShareTokenError) -> None:
        self.code = error.code
        super().__init__(error.message)


def shared_quote_type(view: SharedQuoteView) -> SharedQuote:
    """The offer as the customer sees it; the revision's ``sent_at``, ``terms`` and
    ``customer_notes`` carry over by name."""
    quote, revision, account, owner = view.quote, view.revision, view.account, view.owner
    pricing = priced_quote_type(priced_quote_of(revision))
    return from_attributes(
        SharedQuote,
        revision,
        number=f"Q-{quote.number}",
        name=quote.name,
        account_name=account.name if account else "",
        prepared_by=owner.name if owner else "",
        status=quote.status.value,
        revision=revision.number,
        currency=quote.currency,
        valid_until=quote.valid_until,
        lines=SharedQuote.lines_from(pricing),
        list_total=pricing.list_total,
        discount_total=pricing.discount_total,
        net_total=Money(amount=pricing.net_total.amount, currency=quote.currency),
        clauses=[QuoteClauseType.from_row(c) for c in view.clauses],
        comments=[
            SharedQuoteComment(author=c.customer_name, message=c.message or "", at=c.at)
            for c in view.comments
        ],
    )


async def shared_quote(info: strawberry.Info, token: Token) -> SharedQuote:
    async with info.context.db.read() as session:
        try:
            view = await sharing.read_shared_quote(
                session, info.context.config.tokens.secret, token
            )
        except ShareTokenError as exc:
            raise ShareLinkError(exc) from exc
        return shared_quote_type(view)


@strawberry.input(
    description=(
        "The customer's answer through a shared link: no sign-in, the link's token stands for them."
    )
)
class SharedQuoteAnswerInput:
    token: Token
    """The token from the shared link (`shareQuote`)."""
    name: str
    """Who answers for the customer."""
    message: Comment | None = None
    """An optional note to the rep."""


@strawberry.input(
    description=(
        "A customer's comment through a shared link: no sign-in, the link's token stands for them."
    )
)
class SharedQuoteCommentInput:
    token: Token
    """The token from the shared link (`shareQuote`)."""
    name: str
    """Who writes, for the customer."""
    message: Comment
    """The comment, shown to the rep in the quote's history."""


@strawberry.type(
    description=(
        "The quote as the customer sees it after their answer, or null beside the userErrors."
    )
)
class SharedQuotePayload:
    quote: SharedQuote | None = None
    """The shared revision as the customer sees it; null when refused."""
    user_errors: list[UserError]
    """Why the answer was refused (e.g. an expired token); empty on success."""


LinkUseCase = Callable[
    [AsyncSession, Actor | None, datetime, str, LinkAnswer], Awaitable[SharedQuoteView]
]


async def _answer(
    info: strawberry.Info,
    answer: LinkUseCase,
    input: SharedQuoteAnswerInput | SharedQuoteCommentInput,
) -> SharedQuotePayload:
    """Run a link use case as whoever is signed in (usually no one), with the server's secret."""
    secret = info.context.config.tokens.secret
    outcome = await perform_public(info, answer, secret, from_attributes(LinkAnswer, input))
    return payload_of(SharedQuotePayload, outcome, "quote", shared_quote_type)


async def accept_shared_quote(
    info: strawberry.Info, input: SharedQuoteAnswerInput
) -> SharedQuotePayload:
    """The share token from the link, and the customer's name."""
    return await _answer(info, sharing.accept_shared_quote, input)


async def reject_shared_quote(
    info: strawberry.Info, input: SharedQuoteAnswerInput
) -> SharedQuotePayload:
    """The share token from the link, and the customer's name."""
    return await _answer(info, sharing.reject_shared_quote, input)


async def comment_on_shared_quote(
    info: strawberry.Info, input: SharedQuoteCommentInput
) -> SharedQuotePayload:
    """The share token from the link, the customer's name and comment."""
    return await _answer(info, sharing.comment_on_shared_quote, input)
