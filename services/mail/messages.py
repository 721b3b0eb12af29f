"""The messages: an approval email, a digest, and the answer to a reply that decided nothing.

Jinja2 with autoescape on for HTML (a customer name with ``<script>`` prints as text) and off
for the plain-text part. Every message says it was sent by a machine (``Auto-Submitted``), so
an out-of-office answer does not come back to the receiver.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import cache
from urllib.parse import quote

from jinja2 import Environment

from documents.jinja import template_environment
from services.mail.config import MailConfig
from services.mail.deal_view import DealView
from services.mail.tokens import reply_token

LINK_PATH = "/mail/approvals/"


@dataclass(frozen=True, slots=True)
class Links:
    approve: str
    reject: str
    open: str


@dataclass(frozen=True, slots=True)
class DigestItem:
    deal: DealView
    links: Links


@cache
def _environment(html: bool) -> Environment:
    return template_environment("services.mail", autoescape=html)


def render(name: str, **values: object) -> str:
    return _environment(name.endswith(".html.j2")).get_template(name).render(**values)


def links_for(config: MailConfig, token: str) -> Links:
    base = f"{config.public_url}{LINK_PATH}{quote(token, safe='')}"
    return Links(approve=f"{base}?action=APPROVE", reject=f"{base}?action=REJECT", open=base)


def message_id_for(config: MailConfig, email_id: int) -> str:
    return f"<approval.{reply_token(config.secret, email_id)}@{config.reply_domain}>"


def reply_address(config: MailConfig, email_id: int) -> str:
    return f"{config.reply_local_part}+{reply_token(config.secret, email_id)}@{config.reply_domain}"


def _base(config: MailConfig, to: str, subject: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.from_address
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    return message


def _expires(config: MailConfig, now: datetime) -> str:
    return (now + config.link_ttl).strftime("%Y-%m-%d %H:%M UTC")


def approval_message(
    config: MailConfig, to: str, email_id: int, deal: DealView, links: Links, now: datetime
) -> EmailMessage:
    subject = (
        f"Approval needed: {deal.quote_name} for {deal.customer} "
        f"({deal.total_net}, {deal.discount} off)"
    )
    message = _base(config, to, subject, now)
    message["Message-ID"] = message_id_for(config, email_id)
    message["Reply-To"] = reply_address(config, email_id)
    values = {"deal": deal, "links": links, "expires": _expires(config, now)}
    message.set_content(render("approval.txt.j2", **values))
    message.add_alternative(render("approval.html.j2", **values), subtype="html")
    return message


def digest_message(
    config: MailConfig, to: str, items: Sequence[DigestItem], now: datetime
) -> EmailMessage:
    message = _base(config, to, f"{len(items)} approval requests await you", now)
    message["Message-ID"] = f"<digest.{secrets.token_hex(12)}@{config.reply_domain}>"
    message["Reply-To"] = f"{config.reply_local_part}@{config.reply_domain}"
    values = {"items": items, "expires": _expires(config, now)}
    message.set_content(render("digest.txt.j2", **values))
    message.add_alternative(render("digest.html.j2", **values), subtype="html")
    return message


def answer_message(
    config: MailConfig,
    to: str,
    subject: str,
    in_reply_to: str | None,
    text: str,
    now: datetime,
) -> EmailMessage:
    """The answer to a reply: what happened, or why nothing did."""
    clean = " ".join(subject.split())[:200]
    message = _base(config, to, clean if clean.lower().startswith("re:") else f"Re: {clean}", now)
    message["Message-ID"] = make_msgid("answer", domain=config.reply_domain)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(text + "\n")
    return message
