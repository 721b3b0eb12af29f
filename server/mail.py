"""Approval mail's configuration from the settings (``services.mail.config``)."""

from __future__ import annotations

from datetime import timedelta

from server.settings import Settings
from services.mail.config import MailConfig, SmtpServer


def mail_config(settings: Settings) -> MailConfig:
    """Always built (links and replies are checked with it); ``smtp`` is ``None`` when no SMTP
    server is configured, and then nothing is sent."""
    smtp = (
        SmtpServer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            timeout_seconds=settings.smtp_timeout_seconds,
        )
        if settings.smtp_host
        else None
    )
    return MailConfig(
        secret=settings.resolved_secret_key(),
        public_url=settings.public_url,
        from_address=settings.mail_from,
        reply_domain=settings.mail_reply_domain.lower(),
        smtp=smtp,
        link_ttl=timedelta(seconds=settings.mail_link_ttl_seconds),
        digest_window=timedelta(seconds=settings.mail_digest_window_seconds),
        digest_threshold=settings.mail_digest_threshold,
        max_message_bytes=settings.mail_max_inbound_bytes,
    )
