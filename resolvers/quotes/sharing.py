"""Signed, expiring links that show a customer the sent revision of a quote.

The token is a JWT signed with the server's secret, naming the quote and the
revision that was sent. A tampered, expired or superseded token is refused and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from db.models.quotes import Quote, QuoteStatus

PURPOSE = "quote-share"
SHAREABLE = frozenset({QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.WON})


class ShareTokenError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ShareClaims:
    quote_id: int
    revision: int


def issue_share_token(secret: str, quote: Quote, lifetime: timedelta, now: datetime) -> tuple[str, datetime]:
    expires = now + lifetime
    claims = {"typ": PURPOSE, "qid": quote.id, "rev": quote.current_revision, "iat": int(now.timestamp()), "exp": int(expires.timestamp())}
    return jwt.encode(claims, secret, algorithm="HS256"), expires


def read_share_token(secret: str, token: str) -> ShareClaims:
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "qid", "rev", "typ"]})
    except jwt.ExpiredSignatureError as exc:
        raise ShareTokenError("TOKEN_EXPIRED", "This link has expired. Ask your contact for a new one.") from exc
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
            "SUPERSEDED", "This offer has been revised since this link was sent. Ask your contact for the new one."
        )
    if quote.status not in SHAREABLE and quote.status is not QuoteStatus.EXPIRED:
        raise ShareTokenError("INVALID_TOKEN", "This link is not valid.")
    return quote


def now_utc() -> datetime:
    return datetime.now(UTC)
