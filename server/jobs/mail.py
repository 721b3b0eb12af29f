"""The approval mail jobs: send the emails a transaction queued, the digests that waited,
the answers to replies, and tell delegates once their delegation starts.

``send_approval_emails`` is deferred in the transaction that queued its rows
(``services.approvals.mail_queue``); the periodic ``send_held_approval_emails`` sends the digests
once the window has passed, and picks up any row whose job gave up (the SMTP server was down
for longer than ``DELIVERY_RETRY`` waits). An SMTP failure raises: procrastinate retries.
"""

from __future__ import annotations

import logging
from email import message_from_string, policy
from email.message import EmailMessage

import aiosmtplib
from procrastinate import App, JobContext

from server.jobs.delivery import DELIVERY_QUEUE, DELIVERY_RETRY
from server.jobs.runtime import JobRuntime, runtime_of
from server.settings import Settings
from services.approvals.mail_queue import QUEUE, SEND_TASK, TELL_STAND_INS_TASK, tell_seat_approvers
from services.mail.config import MailConfig, SmtpServer
from services.mail.replies import ANSWER_TASK
from services.mail.sending import Outgoing, digest_to_send, email_to_send, mark_sent
from services.transaction import in_transaction

log = logging.getLogger(__name__)

assert QUEUE == DELIVERY_QUEUE, "services.approvals.mail_queue.QUEUE must name the delivery queue"


async def smtp_send(server: SmtpServer, message: EmailMessage) -> None:
    await aiosmtplib.send(
        message,
        hostname=server.host,
        port=server.port,
        username=server.username,
        password=server.password,
        start_tls=server.starttls,
        timeout=server.timeout_seconds,
    )


def _mail(runtime: JobRuntime) -> tuple[MailConfig, SmtpServer] | None:
    config = runtime.mail
    if config is None or config.smtp is None:
        log.info("approval mail is not configured (DEALDESK_SMTP_HOST): nothing sent")
        return None
    return config, config.smtp


async def _send_one(runtime: JobRuntime, config: MailConfig, smtp: SmtpServer, work) -> bool:  # type: ignore[no-untyped-def]
    """Build in a transaction, send, mark sent in the same transaction."""
    now = runtime.clock()

    async def run(session) -> Outgoing | None:  # type: ignore[no-untyped-def]
        outgoing: Outgoing | None = await work(session, now)
        if outgoing is not None:
            await smtp_send(smtp, outgoing.message)
            await mark_sent(session, config, outgoing, now)
        return outgoing

    outcome = await in_transaction(runtime.sessions.begin, run)
    return outcome.value is not None


async def send_approval_emails(context: JobContext, email_ids: list[int]) -> int:
    runtime = runtime_of(context.additional_context)
    found = _mail(runtime)
    if found is None:
        return 0
    config, smtp = found
    sent = 0
    for email_id in email_ids:
        sent += await _send_one(
            runtime,
            config,
            smtp,
            lambda session, now, e=email_id: email_to_send(session, config, int(e), now),
        )
    return sent


async def send_held_approval_emails(context: JobContext, timestamp: int) -> int:
    """Each approver's emails that waited a whole digest window: one digest each."""
    runtime = runtime_of(context.additional_context)
    found = _mail(runtime)
    if found is None:
        return 0
    config, smtp = found
    from services.mail.sending import held_recipients_at

    now = runtime.clock()
    async with runtime.sessions() as session:
        recipients = await held_recipients_at(session, config, now)
    sent = 0
    for recipient in recipients:
        try:
            sent += await _send_one(
                runtime,
                config,
                smtp,
                lambda session, at, r=recipient: digest_to_send(session, config, r, at),
            )
        except Exception:
            log.exception(
                "could not send the digest of user %d; the next run tries again", recipient
            )
    return sent


async def send_mail_answer(context: JobContext, to: str, message: str) -> None:
    """The answer to a reply (built when the reply came in)."""
    runtime = runtime_of(context.additional_context)
    found = _mail(runtime)
    if found is None:
        return
    parsed = message_from_string(message, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    await smtp_send(found[1], parsed)


async def tell_stand_ins(context: JobContext, seat_user_id: int) -> int:
    """A delegation started: its delegate is told of the requests awaiting the seat."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    outcome = await in_transaction(
        runtime.sessions.begin, lambda session: tell_seat_approvers(session, seat_user_id, now)
    )
    return outcome.value or 0


def register(app: App, settings: Settings) -> None:
    for name, function in (
        (SEND_TASK, send_approval_emails),
        (ANSWER_TASK, send_mail_answer),
        (TELL_STAND_INS_TASK, tell_stand_ins),
    ):
        app.task(name=name, pass_context=True, retry=DELIVERY_RETRY, queue=DELIVERY_QUEUE)(function)
    name = "send_held_approval_emails"
    task = app.task(
        name=name, pass_context=True, queue=DELIVERY_QUEUE, lock=name, queueing_lock=name
    )(send_held_approval_emails)
    app.periodic(cron=settings.mail_digest_schedule)(task)
