"""Inquiries: a rep asks about (or disputes) a statement line or a credit; FINANCE answers.

OPEN → ANSWERED (FINANCE replied; more answers may follow) → RESOLVED (with or
without an adjustment) or REJECTED (with a reason). Resolved and rejected
inquiries are final. Every step appends a message to the thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
from services.audit import record_change
from services.commissions.adjustments import NewAdjustment, add_adjustment
from services.refusal import Code, refuse
from services.rows import audited_edit
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


@dataclass(frozen=True, slots=True)
class InquiryStep:
    """FINANCE's step on an open inquiry (at the ``version`` it read) and its message."""

    inquiry_id: int
    version: int
    message: str
    attachment_ref: str | None = None
    adjustment: NewAdjustment | None = None


STEP_ACTIONS = {
    InquiryStatus.ANSWERED: "answerCommissionInquiry",
    InquiryStatus.RESOLVED: "resolveCommissionInquiry",
    InquiryStatus.REJECTED: "rejectCommissionInquiry",
}
"""The audit action of each step, by the status it moves the inquiry to."""


async def _step(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    step: InquiryStep,
    kind: str,
    status: InquiryStatus,
    message_field: str = "message",
) -> CommissionInquiry:
    """Lock the open inquiry, record an adjustment the step makes, add the step's message
    (``kind``) to the thread and move the inquiry to ``status`` (a final one keeps the
    message as its resolution)."""
    async with audited_edit(
        session, actor, STEP_ACTIONS[status], CommissionInquiry, step.inquiry_id, step.version
    ) as inquiry:
        if inquiry.status not in OPEN_STATES:
            raise refuse(
                Code.INVALID_STATE,
                f"This inquiry is {inquiry.status.value.lower()}.",
                ("input", "id"),
            )
        text = required_text(step.message, ["input", message_field], max_length=MESSAGE)
        attachment = optional_text(step.attachment_ref, ["input", "attachmentRef"], max_length=500)
        if step.adjustment is not None:  # in the current open period, never a closed one
            adjustment = await add_adjustment(
                session, actor, now, inquiry.rep_id, step.adjustment, ("input", "adjustment")
            )
            inquiry.adjustment_id = adjustment.id
        _add_message(session, actor, inquiry, kind, text, attachment)
        inquiry.status = status
        if status not in OPEN_STATES:
            inquiry.resolution = text
    return inquiry


async def answer_inquiry(
    session: AsyncSession, actor: Actor, now: datetime, step: InquiryStep
) -> CommissionInquiry:
    """``answerCommissionInquiry`` (FINANCE): reply; the inquiry stays open for more."""
    return await _step(session, actor, now, step, "ANSWER", InquiryStatus.ANSWERED)


async def resolve_inquiry(
    session: AsyncSession, actor: Actor, now: datetime, step: InquiryStep
) -> CommissionInquiry:
    """``resolveCommissionInquiry`` (FINANCE): settle it, optionally with an adjustment landing
    in the current open period (never a closed one); the inquiry points at it."""
    return await _step(session, actor, now, step, "RESOLVED", InquiryStatus.RESOLVED)


async def reject_inquiry(
    session: AsyncSession, actor: Actor, now: datetime, step: InquiryStep
) -> CommissionInquiry:
    """``rejectCommissionInquiry`` (FINANCE): decline it, the message saying why."""
    return await _step(
        session, actor, now, step, "REJECTED", InquiryStatus.REJECTED, message_field="reason"
    )
