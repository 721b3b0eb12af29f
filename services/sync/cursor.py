"""The opaque, signed cursor of ``changes``: where a reader is in the change log.

A cursor is ``base64url(JSON) "." base64url(HMAC-SHA256)[:16 bytes]``, signed with a key the
server derives from its secret and bound to the user it was issued to: a client cannot forge a
position, nor use another user's cursor. A cursor that does not parse, is not signed by this
server, or names another user is malformed (a typed error); one that parses but is older than the
retention window is answered with ``resetRequired``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.refusal import Code, refuse

CURSOR_MAX_LENGTH = 1000
"""Longer is malformed without being decoded."""

VERSION = 1
_MAC_BYTES = 16


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """The settings of delta sync."""

    key: bytes = field(repr=False, default=b"")
    """Signs cursors (derive it with ``cursor_key``)."""
    retention: timedelta = timedelta(days=30)
    """How long the log keeps changes; an older cursor must start over."""


def cursor_key(secret: str) -> bytes:
    """The cursor signing key, derived from the server's secret (never the secret itself)."""
    return hmac.new(secret.encode(), b"dealdesk sync cursor v1", hashlib.sha256).digest()


@dataclass(frozen=True, slots=True)
class Cursor:
    user_id: int
    position: int
    """Every change up to this position has reached the reader."""
    window_start: datetime
    """Content whose publish or retire instant passed after this has not been looked at."""
    issued_at: datetime
    snapshot_after: tuple[int, int] | None = None
    """A first sync in progress: the (rank, id) of the last entity sent."""
    window_page: tuple[datetime, int] | None = None
    """A time window being paged: its end, and the last content id sent in it."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()[:_MAC_BYTES]


def _instant(value: datetime) -> int:
    return int(value.timestamp() * 1_000_000)


def _from_instant(value: object) -> datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("instant")
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value)


def encode(cursor: Cursor, key: bytes) -> str:
    body: dict[str, object] = {
        "v": VERSION,
        "u": cursor.user_id,
        "p": cursor.position,
        "t": _instant(cursor.window_start),
        "i": _instant(cursor.issued_at),
    }
    if cursor.snapshot_after is not None:
        body["s"] = list(cursor.snapshot_after)
    if cursor.window_page is not None:
        end, after = cursor.window_page
        body["w"] = [_instant(end), after]
    payload = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(payload)}.{_b64(_mac(key, payload))}"


def _int(value: object, low: int = 0, high: int = 2**63 - 1) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError("int")
    return value


def decode(text: str, key: bytes, user_id: int) -> Cursor:
    """The cursor ``text`` names, or an INVALID refusal on ``since``."""
    try:
        if len(text) > CURSOR_MAX_LENGTH or text.count(".") != 1:
            raise ValueError("shape")
        payload_text, mac_text = text.split(".")
        payload, mac = _unb64(payload_text), _unb64(mac_text)
        if not hmac.compare_digest(mac, _mac(key, payload)):
            raise ValueError("signature")
        body = json.loads(payload)
        if not isinstance(body, dict) or body.get("v") != VERSION or body.get("u") != user_id:
            raise ValueError("body")
        snapshot = body.get("s")
        window = body.get("w")
        return Cursor(
            user_id=user_id,
            position=_int(body["p"]),
            window_start=_from_instant(body["t"]),
            issued_at=_from_instant(body["i"]),
            snapshot_after=None
            if snapshot is None
            else (_int(snapshot[0], 0, 100), _int(snapshot[1], 0, 2**31 - 1)),
            window_page=None
            if window is None
            else (_from_instant(window[0]), _int(window[1], 0, 2**31 - 1)),
        )
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, binascii.Error) as exc:
        raise refuse(
            Code.INVALID,
            "This cursor is malformed or was not issued to you: sync again from null.",
            ("since",),
        ) from exc
