"""Signed, expiring links that show a customer the sent revision of a quote, and what the
customer does with one: read it, accept, decline or comment, with the link alone.

The token is a JWT signed with the server's secret, naming the quote and the
revision that was sent. A tampered, expired or superseded token is refused and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.actor import Actor
from db.events import publish
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteClause, QuoteEvent, QuoteRevision, QuoteStatus
from db.models.users import User
from db.queries import quotes as queries
from db.queries.negotiation import withdraw_open_requests
from services.audit import record_change
from services.quotes.editing import current_revision, quote_for_update, record_event, touch
from services.quotes.transitions import apply_transition
from services.refusal import Code, refuse
from services.validation import required_text

PURPOSE = "quote-share"
SHAREABLE = frozenset(
    {QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.WON}
)
MAX_DAYS = 90


class ShareTokenError(Exception):
    """Why a link shows nothing: ``code`` is INVALID_TOKEN, TOKEN_EXPIRED or SUPERSEDED."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ShareClaims:
    quote_id: int
    revision: int


def issue_share_token(
    secret: str, quote: Quote, lifetime: timedelta, now: datetime
) -> tuple[str, datetime]:
    """The token and when it expires."""
    expires = now + lifetime
    claims = {"typ": PURPOSE, "qid": quote.id, "rev": quote.current_revision}
    times = {"iat": int(now.timestamp()), "exp": int(expires.timestamp())}
    return jwt.encode(claims | times, secret, algorithm="HS256"), expires


def read_share_token(secret: str, token: str) -> ShareClaims:
    try:
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], options={"require": ["exp", "qid", "rev", "typ"]}
        )
    except jwt.ExpiredSignatureError as exc:
        raise ShareTokenError(
            "TOKEN_EXPIRED", "This link has expired. Ask your contact for a new one."
        ) from exc
    except jwt.PyJWTError as exc:
        raise ShareTokenError("INVALID_TOKEN", "This link is not valid.") from exc
    if claims.get("typ") != PURPOSE:
        raise ShareTokenError("INVALID_TOKEN", "This link is not valid.")
    return ShareClaims(quote_id=int(claims["qid"]), revision=int(claims["rev"]))


def check_current(quote: Quote | None, claims: ShareClaims) -> Quote:
    """The quote the link shows, if it still shows what was sent."""
    if quote is None:
        raise ShareTokenError("INVALID_TOKEN", "This link is not valid.")
    if quote.current_revision != claims.revision:
        raise ShareTokenError(
            "SUPERSEDED",
            "This offer has been revised since this link was sent. "
            "Ask your contact for the new one.",
        )
    if quote.status not in SHAREABLE and quote.status is not QuoteStatus.EXPIRED:
        raise ShareTokenError("INVALID_TOKEN", "This link is not valid.")
    return quote


async def quote_for_token(
    session: AsyncSession, secret: str, token: str, *, lock: bool = False
) -> Quote:
    """The quote a link shows (``FOR UPDATE`` with ``lock``), or ``ShareTokenError``."""
    claims = read_share_token(secret, token)
    return check_current(
        await session.get(Quote, claims.quote_id, with_for_update=lock or None), claims
    )


async def share_quote(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    secret: str,
    quote_id: int,
    expires_in_days: int,
) -> tuple[str, datetime]:
    """A link (token, expiry) to the sent revision, lasting ``expires_in_days`` (at most 90),
    never past the quote's validity."""
    if not 0 < expires_in_days <= MAX_DAYS:
        raise refuse(
            Code.INVALID, f"A link lasts 1 to {MAX_DAYS} days.", ("input", "expiresInDays")
        )
    quote = await quote_for_update(session, actor, quote_id, None)
    if quote.status not in SHAREABLE:
        raise refuse(
            Code.INVALID_STATE,
            f"Mark the quote sent before sharing it (it is {quote.status.value}).",
            ("input", "id"),
        )
    validity_end = datetime.combine(quote.valid_until, datetime.max.time(), tzinfo=now.tzinfo)
    lifetime = min(timedelta(days=expires_in_days), max(validity_end - now, timedelta(minutes=1)))
    await record_change(session, actor, "shareQuote", quote)
    return issue_share_token(secret, quote, lifetime, now)


@dataclass(frozen=True, slots=True)
class SharedQuoteView:
    """What the customer sees: the current (sent) revision, its clauses and the comments so far."""

    quote: Quote
    revision: QuoteRevision
    account: Account | None
    owner: User | None
    clauses: Sequence[QuoteClause]
    comments: Sequence[QuoteEvent]


async def shared_quote_view(session: AsyncSession, quote: Quote) -> SharedQuoteView:
    revision = await current_revision(session, quote)
    return SharedQuoteView(
        quote,
        revision,
        await session.get(Account, quote.account_id),
        await session.get(User, quote.owner_id),
        await queries.revision_clauses(session, revision.id),
        await queries.customer_comments(session, quote.id),
    )


async def read_shared_quote(session: AsyncSession, secret: str, token: str) -> SharedQuoteView:
    """The offer behind a link (no sign-in), or ``ShareTokenError``."""
    return await shared_quote_view(session, await quote_for_token(session, secret, token))


@dataclass(frozen=True, slots=True)
class LinkAnswer:
    """What the customer sends through the link: who they are, and their message."""

    token: str
    name: str
    message: str | None = None


Answer = Callable[[Quote], Awaitable[None]]


async def _answer(
    session: AsyncSession, actor: Actor | None, secret: str, token: str, action: str, answer: Answer
) -> SharedQuoteView:
    """Lock the quote the link shows (or refuse the link), let ``answer`` act, audit ``action``."""
    try:
        quote = await quote_for_token(session, secret, token, lock=True)
    except ShareTokenError as exc:
        raise refuse(Code.INVALID_TOKEN, exc.message, ("input", "token")) from exc
    await answer(quote)
    touch(quote)
    await record_change(session, actor, action, quote)
    return await shared_quote_view(session, quote)


async def _decide(
    session: AsyncSession,
    actor: Actor | None,
    now: datetime,
    secret: str,
    answer: LinkAnswer,
    action: rules.Action,
) -> SharedQuoteView:
    async def decide(quote: Quote) -> None:
        name = required_text(answer.name, ("input", "name"), max_length=200)
        await apply_transition(
            session, actor, now, quote, action, message=answer.message, customer_name=name
        )
        await withdraw_open_requests(session, quote.id)  # the customer answered the offer

    return await _answer(
        session, actor, secret, answer.token, f"sharedQuote.{action.value.lower()}", decide
    )


async def accept_shared_quote(
    session: AsyncSession, actor: Actor | None, now: datetime, secret: str, answer: LinkAnswer
) -> SharedQuoteView:
    """The customer accepts through the link; ``actor`` is whoever is signed in, usually no one."""
    return await _decide(session, actor, now, secret, answer, rules.Action.ACCEPT)


async def reject_shared_quote(
    session: AsyncSession, actor: Actor | None, now: datetime, secret: str, answer: LinkAnswer
) -> SharedQuoteView:
    return await _decide(session, actor, now, secret, answer, rules.Action.REJECT)


async def comment_on_shared_quote(
    session: AsyncSession, actor: Actor | None, now: datetime, secret: str, answer: LinkAnswer
) -> SharedQuoteView:
    """The customer's comment joins the quote's history (as the customer, whoever is signed in)."""

    async def comment(quote: Quote) -> None:
        text = required_text(answer.message or "", ("input", "message"), max_length=5000)
        name = required_text(answer.name, ("input", "name"), max_length=200)
        record_event(session, None, quote, "COMMENT", message=text, customer_name=name)
        await publish(session, "quote", quote_id=quote.id, owner=quote.owner_id, what="COMMENT")

    return await _answer(session, actor, secret, answer.token, "sharedQuote.comment", comment)
