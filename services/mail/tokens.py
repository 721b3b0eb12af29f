"""Signed tokens: a link decides the steps an email was about, as its approver, until it
expires; a reply address names the message it answers.

Links are JWTs (HS256, the server's secret), like shared quote and attachment links: they name
the request, the steps awaiting the approver when it was sent, the approver, the actions
allowed and the email they came in. Reply
tokens must fit an address's local part (64 characters, and some mail systems change its
case), so they are the email's id and a truncated HMAC in lowercase base32.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from services.link_refusal import LinkRefused

LINK_PURPOSE = "approval-mail"
ACTIONS = ("APPROVE", "REJECT")
REPLY_SIG_CHARS = 26  # 130 bits
REPLY_TOKEN = re.compile(rf"^(\d{{1,12}})-([a-z2-7]{{{REPLY_SIG_CHARS}}})$")


@dataclass(frozen=True, slots=True)
class LinkClaims:
    request_id: int
    step_ids: tuple[str, ...]
    """The steps awaiting the approver when the email went out (of one level)."""
    approver_id: int
    email_id: int
    actions: tuple[str, ...]
    expires_at: datetime


def issue_link(
    secret: str,
    *,
    request_id: int,
    step_ids: tuple[str, ...],
    approver_id: int,
    email_id: int,
    now: datetime,
    ttl: timedelta,
) -> str:
    expires = now + ttl
    claims = {
        "typ": LINK_PURPOSE,
        "rid": request_id,
        "stp": list(step_ids),
        "uid": approver_id,
        "eid": email_id,
        "act": list(ACTIONS),
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def read_link(secret: str, token: str, now: datetime) -> LinkClaims:
    """The claims of a genuine, unexpired link at ``now``; ``LinkRefused`` otherwise."""
    if len(token) > 2000:
        raise LinkRefused(400, "INVALID_TOKEN", "This link is not valid.")
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            options={
                "require": ["exp", "typ", "rid", "stp", "uid", "eid", "act"],
                "verify_exp": False,  # judged against the caller's now below
                "verify_iat": False,
            },
        )
        expires = datetime.fromtimestamp(int(claims["exp"]), tz=now.tzinfo)
        parsed = LinkClaims(
            request_id=int(claims["rid"]),
            step_ids=tuple(str(step) for step in claims["stp"]),
            approver_id=int(claims["uid"]),
            email_id=int(claims["eid"]),
            actions=tuple(str(a) for a in claims["act"]),
            expires_at=expires,
        )
    except (jwt.PyJWTError, ValueError, TypeError, OverflowError) as exc:
        raise LinkRefused(400, "INVALID_TOKEN", "This link is not valid.") from exc
    if claims.get("typ") != LINK_PURPOSE or not parsed.step_ids:
        raise LinkRefused(400, "INVALID_TOKEN", "This link is not valid.")
    if now >= expires:
        expired = "This link has expired. Open the request in DealDesk to decide it."
        raise LinkRefused(410, "TOKEN_EXPIRED", expired)
    return parsed


def _signature(secret: str, email_id: int) -> str:
    digest = hmac.new(secret.encode(), f"approval-reply:{email_id}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()).decode().lower()[:REPLY_SIG_CHARS]


def reply_token(secret: str, email_id: int) -> str:
    """``<email id>-<signature>``: what the reply address and the Message-ID carry."""
    return f"{email_id}-{_signature(secret, email_id)}"


def read_reply_token(secret: str, token: str) -> int | None:
    """The email id a genuine reply token names, or ``None``."""
    match = REPLY_TOKEN.match(token.strip().lower())
    if match is None:
        return None
    email_id = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _signature(secret, email_id)):
        return None
    return email_id
