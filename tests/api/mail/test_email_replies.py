"""Answering an approval email, through the app's SMTP receiver on the loopback: the approver's
APPROVE decides; a stranger, an unclear first line, a rejection without a reason or a decided
request decide nothing and get an answer saying why; malformed and oversized mail is refused."""

from __future__ import annotations

import aiosmtplib
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from db.models.approval_mail import ApprovalEmail
from tests.api.approvals.conftest import Flow
from tests.api.mail.conftest import MANAGER, Catcher, Db, receiver_port, reply, text_of

pytestmark = pytest.mark.usefixtures("mail_worker")

QUOTED = "\n\nOn Mon, 30 Nov 2026 at 10:00, DealDesk wrote:\n> APPROVE\n> Reject: http://x\n"


async def pending(flow: Flow, catcher: Catcher, db: Db) -> tuple[dict, str, str]:
    """A pending request, and the reply address and Message-ID of its approval email, once
    the app has recorded it as sent."""
    request = await flow.pending_request("15")
    mail = await catcher.wait_for(MANAGER)
    await db.recorded(str(mail["Message-ID"]))
    return request, str(mail["Reply-To"]), str(mail["Message-ID"])


async def answer_to(catcher: Catcher, address: str) -> str:
    return text_of(await catcher.wait_for(address))


async def test_the_approver_approves_by_reply_and_hears_it_done(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    request, reply_to, message_id = await pending(flow, catcher, db)

    response = await reply(
        app,
        f"Maya East <{MANAGER.upper()}>",
        reply_to,
        "Approved.\nGood margin." + QUOTED,
        In_Reply_To=message_id,
    )

    assert response == "OK"
    assert await db.status(request["id"]) == "APPROVED"
    assert await db.audits("approval.decidedByEmailReply") == 1
    done = await catcher.wait_for(MANAGER, count=2)
    assert "Done: you approved this request." in text_of(done)
    assert str(done["In-Reply-To"]) and str(done["Auto-Submitted"]) == "auto-generated"


async def test_a_reply_matched_by_in_reply_to_alone_decides_and_a_second_is_told_who_decided(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    request, _, message_id = await pending(flow, catcher, db)

    await reply(
        app, MANAGER, "approvals+whatever@reply.dealdesk.test", "yes", In_Reply_To=message_id
    )
    await reply(
        app,
        MANAGER,
        "approvals+whatever@reply.dealdesk.test",
        "NO\nchanged my mind",
        In_Reply_To=message_id,
    )

    assert await db.status(request["id"]) == "APPROVED"
    second = text_of(await catcher.wait_for(MANAGER, count=3))  # approval, done, already
    assert "Already decided: approved by Maya East" in second


async def test_an_unknown_sender_is_told_why_and_nothing_is_decided(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    request, reply_to, message_id = await pending(flow, catcher, db)

    await reply(app, "mallory@evil.example", reply_to, "APPROVE", In_Reply_To=message_id)

    answer = await answer_to(catcher, "mallory@evil.example")
    assert "only the approver this email was sent to" in answer
    assert await db.status(request["id"]) == "PENDING"
    assert await db.audits("approval.decidedByEmailReply") == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Maybe later", "does not say APPROVE or REJECT clearly"),
        ("yes no", "does not say APPROVE or REJECT clearly"),
        ("", "does not say APPROVE or REJECT clearly"),
        ("REJECT", "reason"),
        ("APPROVE\n" + "x" * 3000, "longer than 2000 characters"),
    ],
)
async def test_an_unclear_or_incomplete_reply_is_answered_and_decides_nothing(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db, body: str, expected: str
) -> None:
    request, reply_to, _ = await pending(flow, catcher, db)

    await reply(app, MANAGER, reply_to, body)

    answer = text_of(await catcher.wait_for(MANAGER, count=2))
    assert expected in answer
    assert await db.status(request["id"]) == "PENDING"


async def test_a_forged_or_missing_reply_token_decides_nothing(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    request, reply_to, _ = await pending(flow, catcher, db)
    token = reply_to.split("+", 1)[1].split("@", 1)[0]
    email_id, signature = token.split("-", 1)
    forged = f"approvals+{email_id}-{'a' * len(signature)}@reply.dealdesk.test"
    other = f"approvals+{int(email_id) + 1}-{signature}@reply.dealdesk.test"

    await reply(app, MANAGER, forged, "APPROVE")
    await reply(app, MANAGER, other, "APPROVE")

    answers = [text_of(m) for m in (await catcher.wait_for(MANAGER, 3), catcher.to(MANAGER)[-1])]
    assert all("does not answer an approval email we sent" in a for a in answers)
    assert await db.status(request["id"]) == "PENDING"


async def test_automatic_mail_is_dropped_without_an_answer(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    request, reply_to, _ = await pending(flow, catcher, db)

    await reply(app, MANAGER, reply_to, "APPROVE", Auto_Submitted="auto-replied")
    await reply(app, MANAGER, reply_to, "Out of office")  # a human-looking one is answered

    await catcher.wait_for(MANAGER, count=2)
    assert len(catcher.to(MANAGER)) == 2
    assert await db.status(request["id"]) == "PENDING"


async def test_malformed_oversized_and_misaddressed_mail_is_refused(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    request, reply_to, _ = await pending(flow, catcher, db)
    port = receiver_port(app)

    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=10) as smtp:
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
            await smtp.sendmail(
                MANAGER, ["someone@reply.dealdesk.test"], b"Subject: x\r\n\r\nAPPROVE\r\n"
            )
        with pytest.raises(aiosmtplib.SMTPDataError) as no_sender:
            await smtp.sendmail(MANAGER, [reply_to], b"Subject: no from\r\n\r\nAPPROVE\r\n")
        huge = b"From: " + MANAGER.encode() + b"\r\n\r\nAPPROVE\r\n" + b"x" * (300 * 1024) + b"\r\n"
        with pytest.raises(aiosmtplib.SMTPResponseException) as too_big:
            await smtp.sendmail(MANAGER, [reply_to], huge)
        garbage = b"\x00\xff\xfe From: \r\n\r\n\x00\x00"
        with pytest.raises(aiosmtplib.SMTPDataError):
            await smtp.sendmail(MANAGER, [reply_to], garbage)

    assert no_sender.value.code == 550
    assert too_big.value.code == 552
    assert await db.status(request["id"]) == "PENDING"


async def test_an_answer_that_beats_the_senders_commit_decides_every_step_of_its_message(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db
) -> None:
    """The sending job stores the message id when it commits, after the SMTP server took the
    message; an answer arriving in between still decides all the steps that message listed."""
    request, _, message_id = await pending(flow, catcher, db)
    manager = await db.user_id(MANAGER)
    mine = [e for e in await db.emails() if e.recipient_id == manager]
    assert len({e.step_id for e in mine}) >= 2  # one message, several steps awaiting him
    async with db.sessions().begin() as session:  # as the job's transaction not yet committed
        await session.execute(
            update(ApprovalEmail)
            .where(ApprovalEmail.id.in_([e.id for e in mine]))
            .values(status="PENDING", sent_at=None, message_id=None)
        )

    await reply(
        app, MANAGER, "approvals+whatever@reply.dealdesk.test", "yes", In_Reply_To=message_id
    )

    assert await db.status(request["id"]) == "APPROVED"
