"""Inquiries: a rep asks about (or disputes) a statement line or a credit; FINANCE answers.

OPEN → ANSWERED (FINANCE replied; more answers may follow) → RESOLVED (with or
without an adjustment) or REJECTED (with a reason). Resolved and rejected
inquiries are final. Every step appends a message to the thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.commissions import (
    CommissionCredit,
    CommissionInquiry,
    CommissionInquiryMessage,
    CommissionStatement,
    CommissionStatementLine,
    InquiryCategory,
    InquiryStatus,
)
from db.queries.audit import snapshot
from services.audit import record_change
from services.commissions.adjustments import add_adjustment
from services.refusal import Code, refuse
from services.rows import check_version, get_or_refuse
from services.validation import optional_text, required_text

OPEN_STATES = (InquiryStatus.OPEN, InquiryStatus.ANSWERED)
MESSAGE = 5000


@dataclass(frozen=True, slots=True)
class OpenInquiry:
    """Exactly one of ``statement_line_id`` and ``credit_id``."""

    category: InquiryCategory
    message: str
    statement_line_id: int | None = None
    credit_id: int | None = None
    attachment_ref: str | None = None


def _add_message(
    session: AsyncSession,
    actor: Actor,
    inquiry: CommissionInquiry,
    kind: str,
    message: str,
    attachment_ref: str | None = None,
) -> None:
    inquiry.updated_at = func.now()  # every step bumps the inquiry's version
    session.add(
        CommissionInquiryMessage(
            inquiry_id=inquiry.id,
            author_id=actor.user_id,
            kind=kind,
            message=message,
            attachment_ref=attachment_ref,
        )
    )


async def open_inquiry(
    session: AsyncSession, actor: Actor, now: datetime, command: OpenInquiry
) -> CommissionInquiry:
    """``openCommissionInquiry``: on one of the actor's own statement lines or credits."""
    if (command.statement_line_id is None) == (command.credit_id is None):
        raise refuse(Code.INVALID, "Name exactly one statement line or credit.", ("input",))
    line_id = credit_id = None
    if command.statement_line_id is not None:
        field = ("input", "statementLineId")
        line = await session.get(CommissionStatementLine, command.statement_line_id)
        statement = await session.get(CommissionStatement, line.statement_id) if line else None
        if line is None or statement is None or statement.rep_id != actor.user_id:
            raise refuse(Code.NOT_FOUND, "No statement line of yours with this id.", field)
        line_id = line.id
    elif command.credit_id is not None:
        field = ("input", "creditId")
        credit = await session.get(CommissionCredit, command.credit_id)
        if credit is None or credit.rep_id != actor.user_id:
            raise refuse(Code.NOT_FOUND, "No credit of yours with this id.", field)
        credit_id = credit.id
    inquiry = CommissionInquiry(
        rep_id=actor.user_id,
        statement_line_id=line_id,
        credit_id=credit_id,
        category=command.category,
        status=InquiryStatus.OPEN,
        attachment_ref=optional_text(
            command.attachment_ref, ["input", "attachmentRef"], max_length=500
        ),
    )
    session.add(inquiry)
    await session.flush()
    message = required_text(command.message, ["input", "message"], max_length=MESSAGE)
    _add_message(session, actor, inquiry, "OPENED", message, inquiry.attachment_ref)
    await record_change(session, actor, "openCommissionInquiry", inquiry)
    return inquiry


async def _open_for_update(
    session: AsyncSession, inquiry_id: int, version: int
) -> CommissionInquiry:
    inquiry = await get_or_refuse(session, CommissionInquiry, inquiry_id, lock=True)
    check_version(inquiry, version)
    if inquiry.status not in OPEN_STATES:
        raise refuse(
            Code.INVALID_STATE, f"This inquiry is {inquiry.status.value.lower()}.", ("input", "id")
        )
    return inquiry


async def answer_inquiry(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    inquiry_id: int,
    version: int,
    message: str,
    attachment_ref: str | None = None,
) -> CommissionInquiry:
    """``answerCommissionInquiry`` (FINANCE): reply; the inquiry stays open for more."""
    inquiry = await _open_for_update(session, inquiry_id, version)
    before = snapshot(inquiry)
    _add_message(
        session,
        actor,
        inquiry,
        "ANSWER",
        required_text(message, ["input", "message"], max_length=MESSAGE),
        optional_text(attachment_ref, ["input", "attachmentRef"], max_length=500),
    )
    inquiry.status = InquiryStatus.ANSWERED
    await record_change(session, actor, "answerCommissionInquiry", inquiry, before)
    return inquiry


@dataclass(frozen=True, slots=True)
class InquiryAdjustment:
    amount: Decimal
    description: str


async def resolve_inquiry(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    inquiry_id: int,
    version: int,
    message: str,
    adjustment: InquiryAdjustment | None = None,
) -> CommissionInquiry:
    """``resolveCommissionInquiry`` (FINANCE): settle it, optionally with an adjustment landing
    in the current open period (never a closed one); the inquiry points at it."""
    inquiry = await _open_for_update(session, inquiry_id, version)
    before = snapshot(inquiry)
    text = required_text(message, ["input", "message"], max_length=MESSAGE)
    if adjustment is not None:
        row = await add_adjustment(
            session,
            rep_id=inquiry.rep_id,
            amount=adjustment.amount,
            description=required_text(
                adjustment.description, ["input", "adjustment", "description"], max_length=500
            ),
            effective_date=None,
            currency=None,
            created_by_id=actor.user_id,
            field=["input", "adjustment"],
            today=now.date(),
        )
        inquiry.adjustment_id = row.id
        await record_change(session, actor, "recordCommissionAdjustment", row)
    _add_message(session, actor, inquiry, "RESOLVED", text)
    inquiry.status = InquiryStatus.RESOLVED
    inquiry.resolution = text
    await record_change(session, actor, "resolveCommissionInquiry", inquiry, before)
    return inquiry


async def reject_inquiry(
    session: AsyncSession, actor: Actor, now: datetime, inquiry_id: int, version: int, reason: str
) -> CommissionInquiry:
    """``rejectCommissionInquiry`` (FINANCE): decline it, saying why."""
    inquiry = await _open_for_update(session, inquiry_id, version)
    before = snapshot(inquiry)
    text = required_text(reason, ["input", "reason"], max_length=MESSAGE)
    _add_message(session, actor, inquiry, "REJECTED", text)
    inquiry.status = InquiryStatus.REJECTED
    inquiry.resolution = text
    await record_change(session, actor, "rejectCommissionInquiry", inquiry, before)
    return inquiry
