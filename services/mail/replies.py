"""Deciding by answering an approval email.

The first non-empty line of the answer says APPROVE / APPROVED / YES or REJECT / REJECTED / NO
(any case, punctuation ignored); what follows, up to the quoted original, is the comment. The
answer must reply to a message we sent (the signed token of ``approvals+<token>@…`` or of the
Message-ID it answers) and come from the address of the approver that message was for. Any
other answer decides nothing and is told why; automatic mail (bounces, out-of-office) is
dropped without an answer, so two robots never write to each other forever.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approval_mail import ApprovalEmail
from db.queries.approval_mail import steps_sent_with, user_by_email
from db.queries.outbox import defer_job
from services.approvals.mail_queue import QUEUE
from services.audit import record_change
from services.mail.config import MailConfig
from services.mail.links import COMMENT_MAX, approver_actor, decide_steps
from services.mail.messages import answer_message
from services.mail.standing import standing
from services.mail.tokens import read_reply_token

ANSWER_TASK = "send_mail_answer"
APPROVE_WORDS = frozenset({"APPROVE", "APPROVED", "YES"})
REJECT_WORDS = frozenset({"REJECT", "REJECTED", "NO"})
QUOTE_START = re.compile(
    r"^\s*(>|On .{1,200} wrote:\s*$|-{2,}\s*Original Message|_{5,}|From:\s)", re.IGNORECASE
)
MAX_LINES = 500


class Unreadable(Exception):
    """A message that is not an answer we can read (no sender, no text)."""


@dataclass(frozen=True, slots=True)
class Reply:
    sender: str
    """The From address, lowercased."""
    subject: str
    message_id: str | None
    email_ids: tuple[int, ...]
    """The approval emails it answers, from genuine tokens only."""
    first_line: str
    comment: str
    automatic: bool
    """A bounce or an auto-reply: never answered."""
    to_digest: bool = False
    """It answers a digest (which lists several requests: its links decide, a reply cannot)."""


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    if not isinstance(content, str):
        return ""
    if body.get_content_subtype() == "html":
        content = html.unescape(re.sub(r"<[^>]{0,2000}>", "\n", content))
    return content


def _tokens(config: MailConfig, message: EmailMessage, recipients: Iterable[str]) -> set[int]:
    found: set[int] = set()
    domain = re.escape(config.reply_domain.lower())
    local = re.escape(config.reply_local_part)
    address = re.compile(rf"^{local}\+([a-z0-9-]{{1,80}})@{domain}$")
    msgid = re.compile(rf"<approval\.([a-z0-9-]{{1,80}})@{domain}>")
    fields = [str(message.get(name, "")) for name in ("To", "Cc", "Delivered-To")]
    for _, addr in getaddresses([*fields, *recipients]):
        match = address.match(addr.strip().lower())
        if match and (email_id := read_reply_token(config.secret, match.group(1))) is not None:
            found.add(email_id)
    for name in ("In-Reply-To", "References"):
        for token in msgid.findall(str(message.get(name, "")).lower()):
            if (email_id := read_reply_token(config.secret, token)) is not None:
                found.add(email_id)
    return found


def parse_reply(config: MailConfig, raw: bytes, recipients: Iterable[str] = ()) -> Reply:
    """The answer in ``raw`` (CPU work: run it off the event loop). ``Unreadable`` when it
    has no single sender."""
    try:
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        senders = getaddresses([str(message.get("From", ""))])
        text = _text_of(message)
    except Exception as exc:  # a malformed header or part: the email package raises anything
        raise Unreadable("The message could not be read.") from exc
    addresses = [a for _, a in senders if "@" in a]
    if len(addresses) != 1:
        raise Unreadable("The message has no single sender.")
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    automatic = (auto not in ("", "no")) or precedence in ("bulk", "junk", "auto_reply", "list")
    first, rest = "", []
    for line in text.splitlines()[:MAX_LINES]:
        if QUOTE_START.match(line):
            break
        if not first:
            first = line.strip()
            continue
        rest.append(line.rstrip())
    comment_lines = []
    words = re.findall(r"[A-Za-z]+", first)
    if words:
        after = first.split(words[0], 1)[1].strip(" \t.,;:!-–—")
        if after:
            comment_lines.append(after)
    comment_lines.extend(rest)
    comment = "\n".join(comment_lines).strip()
    comment = "".join(c for c in comment if c != "\x00" and not "\ud800" <= c <= "\udfff")
    return Reply(
        sender=addresses[0].strip().lower(),
        subject=str(message.get("Subject", "")),
        message_id=str(message.get("Message-ID", "")).strip() or None,
        email_ids=tuple(sorted(_tokens(config, message, recipients))),
        first_line=first,
        comment=comment[: COMMENT_MAX + 1],
        automatic=automatic,
        to_digest="<digest." in str(message.get("In-Reply-To", "")).lower(),
    )


def command_of(first_line: str) -> engine.DecisionKind | None:
    """APPROVE or REJECT from the first line's first word; ``None`` when it says neither or
    both (``yes, no``)."""
    words = {w.upper() for w in re.findall(r"[A-Za-z]+", first_line)}
    first = re.findall(r"[A-Za-z]+", first_line)[:1]
    if not first or (words & APPROVE_WORDS and words & REJECT_WORDS):
        return None
    head = first[0].upper()
    if head in APPROVE_WORDS:
        return engine.DecisionKind.APPROVE
    if head in REJECT_WORDS:
        return engine.DecisionKind.REJECT
    return None


HOW = (
    "Answer an approval email with APPROVE or REJECT on the first line; what follows is your "
    "comment (a rejection needs one)."
)


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    decided: bool
    answer: str | None
    """What to answer the sender, or ``None`` to stay silent."""


async def decide_by_reply(
    session: AsyncSession, config: MailConfig, reply: Reply, now: datetime
) -> ReplyOutcome:
    """Decide what the reply says, as the approver its email was for, or explain why not."""
    if reply.automatic:
        return ReplyOutcome(False, None)
    if not reply.email_ids:
        known = await user_by_email(session, reply.sender)
        why = (
            "Nothing was decided: a digest lists several requests, so answering it cannot say "
            "which one you decide. Use its links, or answer a request's own email."
            if reply.to_digest
            else "Nothing was decided: this message does not answer an approval email we sent "
            "(its reply address or references were changed or removed). " + HOW
        )
        # a stranger writing out of the blue gets no mail from us (no backscatter)
        return ReplyOutcome(False, why if known else None)
    if len(reply.email_ids) > 1:
        return ReplyOutcome(
            False, "Nothing was decided: this message answers more than one approval email. " + HOW
        )
    kind = command_of(reply.first_line)
    email = await session.get(ApprovalEmail, reply.email_ids[0])
    if email is None:
        return ReplyOutcome(False, "Nothing was decided: the approval email is unknown. " + HOW)
    steps = await steps_sent_with(session, email)
    found = await standing(
        session, email.id, email.request_id, steps, email.recipient_id, now, lock=True
    )
    approver = found.approver
    if approver is None or approver.email.strip().lower() != reply.sender:
        return ReplyOutcome(
            False,
            "Nothing was decided: only the approver this email was sent to can answer it, "
            "from their own address. A forwarded approval email decides nothing.",
        )
    if email.sent_at is not None and now >= email.sent_at + config.link_ttl:
        return ReplyOutcome(
            False, "Nothing was decided: this approval email has expired. Open DealDesk to decide."
        )
    if found.code is not None:
        return ReplyOutcome(False, found.message)
    if kind is None:
        return ReplyOutcome(
            False,
            f"Nothing was decided: the first line ({reply.first_line[:80]!r}) does not say "
            "APPROVE or REJECT clearly. " + HOW,
        )
    if len(reply.comment) > COMMENT_MAX:
        return ReplyOutcome(
            False, f"Nothing was decided: the comment is longer than {COMMENT_MAX} characters."
        )
    request = await decide_steps(session, found, kind, reply.comment, now)
    actor = await approver_actor(session, found)
    await record_change(session, actor, "approval.decidedByEmailReply", request)
    done = "approved" if kind is engine.DecisionKind.APPROVE else "rejected"
    return ReplyOutcome(True, f"Done: you {done} this request.")


async def queue_answer(
    session: AsyncSession,
    config: MailConfig,
    reply: Reply,
    text: str,
    now: datetime,
) -> None:
    """Send ``text`` to the sender of ``reply`` (by a job: the SMTP session is not held)."""
    message = answer_message(config, reply.sender, reply.subject, reply.message_id, text, now)
    await defer_job(
        session, QUEUE, ANSWER_TASK, {"to": reply.sender, "message": message.as_string()}
    )
