"""What deliveries run with, from the settings (handed to the worker, never a global)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NotificationConfig:
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = 8
    webhook_backoff_base_seconds: float = 5.0
    webhook_backoff_max_seconds: float = 3600.0
    http_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
    """Hosts a plain ``http://`` URL may name (https is always allowed)."""
    max_endpoints: int = 50
    vapid_private_key: str | None = None
    vapid_public_key: str | None = None
    vapid_subject: str = "mailto:ops@dealdesk.example"
    push_timeout_seconds: float = 10.0
    max_push_subscriptions: int = 20
    period_close_lead_days: int = 3
    outbox_retention_days: int = 30
    """Delivered events older than this are pruned (``prune_outbox``)."""
    allow_private_addresses: bool = False
    """Whether webhooks may go to private, loopback or link-local addresses."""
