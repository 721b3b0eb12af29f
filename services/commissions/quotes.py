"""A quote's commissions before and after the win: who shares its credit; reversing the deal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.actor import Actor
from db.models.commissions import CommissionCredit, QuoteSplit
from db.models.quotes import Quote, QuoteEvent, QuoteStatus
from db.models.users import Role
from db.queries import commissions as queries
from services.audit import record_change
from services.commissions.crediting import claw_back_quote
from services.commissions.refusals import refused
from services.numbers import percent
from services.people.rules import active_user
from services.refusal import Code, refuse
from services.rows import owned_or_refuse

HUNDRED = Decimal(100)


def _touch(quote: Quote) -> None:
    """A change to a quote's commissions is a change of the quote: bumps its version."""
    quote.updated_at = func.now()


async def _quote_for_update(
    session: AsyncSession, actor: Actor, quote_id: int, version: int, *, finance: bool = False
) -> Quote:
    """The quote, locked, if the actor owns it (or is an admin, or FINANCE when ``finance``)."""
    also = Role.FINANCE if finance else Role.ADMIN
    return await owned_or_refuse(session, actor, Quote, quote_id, version, also=also)


@dataclass(frozen=True, slots=True)
class SplitShare:
    rep_id: int
    share_percent: Decimal


def _split_problems(quote: Quote, splits: tuple[engine.Split, ...]) -> tuple[engine.Refusal, ...]:
    """The engine's own split rules (shares in (0, 100 %], no rep twice, summing to 100 %),
    asked by crediting a one-line probe deal the way the win will."""
    probe = engine.Deal(
        "probe",
        str(quote.owner_id),
        engine.DealStatus.WON,
        quote.valid_until,
        quote.currency,
        (engine.DealLine("probe", "probe", "", Decimal(1)),),
    )
    return engine.credit_if_won(probe, splits).refusals


async def set_splits(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote_id: int,
    version: int,
    shares: Sequence[SplitShare],
) -> tuple[Quote, list[QuoteSplit]]:
    """``setQuoteSplits`` (the owner, before the win): shares summing to exactly 100 %;
    none gives the owner all of it again."""
    quote = await _quote_for_update(session, actor, quote_id, version)
    if quote.status in (QuoteStatus.WON, QuoteStatus.LOST):
        raise refuse(
            Code.INVALID_STATE,
            f"A {quote.status.value} quote's credit is settled.",
            ("input", "id"),
        )
    splits = []
    for index, share in enumerate(shares):
        where = ("input", "splits", str(index))
        percent(share.share_percent, [*where, "sharePercent"], what="A share", low_open=True)
        rep = await active_user(session, share.rep_id, (*where, "repId"))
        splits.append(engine.Split(str(rep.id), share.share_percent / HUNDRED))
    problems = _split_problems(quote, tuple(splits))
    if problems:
        raise refused(problems)
    await queries.replace_splits(session, quote.id)
    rows = [
        QuoteSplit(quote_id=quote.id, rep_id=int(split.rep_id), share_percent=share.share_percent)
        for split, share in zip(splits, shares, strict=True)
    ]
    session.add_all(rows)
    _touch(quote)
    await record_change(session, actor, "setQuoteSplits", quote)
    return quote, rows


@dataclass(frozen=True, slots=True)
class ReverseQuote:
    quote_id: int
    version: int
    kind: engine.ReversalKind
    reversal_date: date | None = None
    line_keys: tuple[str, ...] = ()
    reason: str | None = None
    returned_units: tuple[tuple[str, Decimal], ...] = ()
    """Lines returned in part: (line key, units of the quote line returned)."""


async def reverse_won_quote(
    session: AsyncSession, actor: Actor, now: datetime, command: ReverseQuote
) -> tuple[Quote, list[CommissionCredit]]:
    """``reverseWonQuote`` (FINANCE or the owner): a won deal cancelled, returned or lost.

    Writes clawback credits dated on the reversal (in the open period where it
    happens; a closed period never changes) and, once every line is reversed, sets
    the quote LOST. A partial return (``line_keys``) claws back those lines only; a
    partial-quantity return (``returned_units``) the units returned of each line named.
    """
    quote = await _quote_for_update(session, actor, command.quote_id, command.version, finance=True)
    if quote.status is not QuoteStatus.WON:
        raise refuse(Code.INVALID_STATE, "Only a WON quote can be reversed.", ("input", "id"))
    today = now.date()
    day = command.reversal_date or today
    if day > today:
        raise refuse(Code.INVALID, "A reversal cannot be in the future.", ("input", "reversalDate"))
    rows, complete = await claw_back_quote(
        session, quote, command.kind, day, command.line_keys, command.returned_units
    )
    previous = quote.status
    if complete:
        quote.status = QuoteStatus.LOST
        quote.outcome_reason = command.reason or command.kind.value
    session.add(
        QuoteEvent(
            quote_id=quote.id,
            revision=quote.current_revision,
            kind="REVERSED" if complete else "PARTIALLY_REVERSED",
            from_status=previous.value,
            to_status=quote.status.value,
            actor_id=actor.user_id,
            message=command.reason,
        )
    )
    _touch(quote)
    await record_change(session, actor, "reverseWonQuote", quote)
    return quote, rows
