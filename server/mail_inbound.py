"""The SMTP receiver for answers to approval emails (``aiosmtpd``), run by ``dealdesk serve``
in the server's own event loop when ``DEALDESK_SMTP_INBOUND_PORT`` is set.

It accepts mail for ``approvals+…@<mail_reply_domain>`` (and ``approvals@…``, where answers to
a digest go) only (any other recipient: 550), up to ``mail_max_inbound_bytes`` (552 beyond,
from ``SIZE`` on). A message is parsed off the event
loop, decided in a transaction of its own (``services.mail.replies``), and answered by a job; a
database failure answers 451 so the sending server tries again later. Sender authentication
(SPF, DKIM) is the job of the MX in front of it: the From address is compared with the
approver's, and the signed token proves the message answers our email.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.mail.config import MailConfig
from services.mail.replies import Reply, Unreadable, decide_by_reply, parse_reply, queue_answer
from services.transaction import in_transaction

log = logging.getLogger(__name__)


class ReplyHandler:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        config: MailConfig,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.clock = clock
        self.suffix = f"@{config.reply_domain}"
        self.prefix = f"{config.reply_local_part}+"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        lowered = address.lower()
        local = lowered[: -len(self.suffix)] if lowered.endswith(self.suffix) else None
        # approvals+<token>@…, or approvals@… (an answer to a digest: told how to decide)
        if local is None or not (local.startswith(self.prefix) or local == self.prefix[:-1]):
            return "550 5.1.1 No such mailbox here"
        if len(envelope.rcpt_tos) >= 5:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        if len(raw) > self.config.max_message_bytes:
            return "552 5.3.4 Message too big"
        try:
            reply = await asyncio.to_thread(parse_reply, self.config, raw, tuple(envelope.rcpt_tos))
        except Unreadable as exc:
            log.info("refused an unreadable answer: %s", exc)
            return f"550 5.6.0 {exc}"
        try:
            await self.handle(reply)
        except Exception:
            log.exception("could not handle an answer to an approval email")
            return "451 4.3.0 Try again later"
        return "250 OK"

    async def handle(self, reply: Reply) -> bool:
        """Decide (or not) and queue the answer; whether it decided."""
        now = self.clock()
        outcome = await in_transaction(
            self.sessions.begin,
            lambda session: decide_by_reply(session, self.config, reply, now),
        )
        if outcome.value is not None:
            decided, text = outcome.value.decided, outcome.value.answer
        else:  # refused by the use case (a rejection without a reason…): rolled back
            decided = False
            text = "Nothing was decided: " + "; ".join(r.message for r in outcome.refusals)
        if text is not None:
            await in_transaction(
                self.sessions.begin,
                lambda session: queue_answer(session, self.config, reply, text, now),
            )
        log.info("answer from %s: %s", reply.sender, "decided" if decided else "nothing decided")
        return decided


async def start_receiver(
    sessions: async_sessionmaker[AsyncSession],
    config: MailConfig,
    host: str,
    port: int,
    clock: Callable[[], datetime] | None = None,
) -> asyncio.Server:
    """Listen on ``host``:``port`` (0 picks a free port) in this event loop."""
    handler = ReplyHandler(sessions, config, *((clock,) if clock else ()))
    loop = asyncio.get_running_loop()

    def protocol() -> Any:
        return SMTP(
            handler,
            data_size_limit=config.max_message_bytes,
            hostname=config.reply_domain,
            ident="DealDesk",
            timeout=60,
            loop=loop,
        )

    return await loop.create_server(protocol, host, port, reuse_port=True)
