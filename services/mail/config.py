"""What approval mail needs to know, built from the server's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_seconds: float = 10.0


@dataclass(frozen=True, slots=True)
class MailConfig:
    secret: str
    """Signs the links and the reply addresses (the server's secret key)."""
    public_url: str
    """Where the links point, without a trailing slash (``https://deals.example.com``)."""
    from_address: str
    reply_domain: str
    """Replies go to ``approvals+<token>@reply_domain``, the receiver's domain."""
    smtp: SmtpServer | None = None
    link_ttl: timedelta = timedelta(days=7)
    digest_window: timedelta = timedelta(minutes=10)
    digest_threshold: int = 3
    """From this many messages to one approver within the window, the rest wait for a digest."""
    max_message_bytes: int = 256 * 1024
    """An inbound message larger than this is refused by the receiver."""

    @property
    def reply_local_part(self) -> str:
        return "approvals"
