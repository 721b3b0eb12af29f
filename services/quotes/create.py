"""Starting a quote: a new draft for an account (``create_quote``), or one from a revision of
another quote (``clone_quote``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from db.queries import quotes as queries
from services.audit import record_change
from services.performance.quote_facts import on_quote_created
from services.performance.slippage import record_close_date
from services.pricing.policy import PricingPolicy, check_line_count
from services.quotes.clauses import attach_standard_clauses
from services.quotes.competitors import competitor_keys
from services.quotes.editing import copy_revision, record_event
from services.quotes.lines import Discount, NewLine, add_lines, check_discount
from services.quotes.priced import reprice_revision
from services.refusal import Code, refuse
from services.rows import visible_or_refuse
from services.validation import optional_text

DEFAULT_VALIDITY = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class NewQuote:
    account_id: int
    name: str | None = None
    currency: str | None = None  # the account's by default
    valid_until: date | None = None  # DEFAULT_VALIDITY from today by default
    expected_close_date: date | None = None
    terms: str | None = None
    notes: str | None = None
    customer_notes: str | None = None
    competitors: tuple[str, ...] = ()
    """The competitors named on the deal."""
    lines: tuple[NewLine, ...] = ()
    quote_discount: Discount | None = None


@dataclass(frozen=True, slots=True)
class CloneQuote:
    quote_id: int
    revision: int | None = None  # the current one by default
    name: str | None = None  # "<source name> (copy)" by default


async def visible_account(session: AsyncSession, actor: Actor, account_id: int) -> Account:
    """An active account ``actor`` may see, or NOT_FOUND (foreign looks like missing) / INACTIVE."""
    account = await visible_or_refuse(
        session, actor, Account, account_id, field=("input", "accountId")
    )
    if not account.active:
        raise refuse(Code.INACTIVE, f"{account.name} is inactive.", ("input", "accountId"))
    return account


async def create_quote(
    session: AsyncSession, actor: Actor, now: datetime, policy: PricingPolicy, command: NewQuote
) -> Quote:
    """A draft owned by ``actor``, with the segment's standard clauses, priced on save."""
    today = now.date()
    account = await visible_account(session, actor, command.account_id)
    valid_until = command.valid_until or today + DEFAULT_VALIDITY
    if valid_until < today:
        raise refuse(
            Code.INVALID, "A quote cannot be valid only in the past.", ("input", "validUntil")
        )
    check_line_count(len(command.lines), policy, ("input", "lines"))
    percent, amount = check_discount(command.quote_discount, ("input", "quoteDiscount"))
    competitors = competitor_keys(command.competitors)
    quote = Quote(
        name=optional_text(command.name, ("input", "name"), max_length=300)
        or f"{account.name} — {today.isoformat()}",
        account_id=account.id,
        owner_id=actor.user_id,
        currency=command.currency or account.currency,
        status=QuoteStatus.DRAFT,
        valid_until=valid_until,
        expected_close_date=command.expected_close_date,
    )
    session.add(quote)
    await session.flush()
    revision = QuoteRevision(
        quote_id=quote.id,
        number=1,
        terms=command.terms or "",
        notes=command.notes or "",
        customer_notes=command.customer_notes or "",
        competitors=competitors,
        quote_discount_percent=percent,
        quote_discount_amount=amount,
        pricing_date=today,
        lines_added=len(command.lines),
    )
    session.add(revision)
    await session.flush()
    lines = await add_lines(session, revision, command.lines, 1, 0, ("input", "lines"))
    await attach_standard_clauses(session, revision, account.segment)
    touched = {f"L{i + 1}": ("input", "lines", str(i)) for i in range(len(command.lines))}
    # A new revision: nothing cached nor stored for it (its priced lines are only inserted).
    await reprice_revision(
        session, now, policy, quote, revision, touched, lines, looked_up=True, known=()
    )
    record_event(session, actor, quote, "CREATED", None, QuoteStatus.DRAFT)
    await record_close_date(session, actor, now, quote, None)
    await on_quote_created(session, quote, now)
    await record_change(session, actor, "createQuote", quote)
    return quote


async def clone_quote(
    session: AsyncSession, actor: Actor, now: datetime, policy: PricingPolicy, command: CloneQuote
) -> Quote:
    """A new draft owned by ``actor`` from a revision of a quote they may see, repriced today."""
    source = await visible_or_refuse(session, actor, Quote, command.quote_id)
    number = command.revision or source.current_revision
    original = await queries.revision_by_number(session, source.id, number)
    if original is None:
        raise refuse(Code.NOT_FOUND, f"The quote has no revision {number}.", ("input", "revision"))
    today = now.date()
    close = source.expected_close_date
    clone = Quote(
        name=command.name or f"{source.name} (copy)",
        account_id=source.account_id,
        owner_id=actor.user_id,
        currency=source.currency,
        status=QuoteStatus.DRAFT,
        valid_until=today + DEFAULT_VALIDITY,
        expected_close_date=close if close and close >= today else None,
        cloned_from_id=source.id,
    )
    session.add(clone)
    await session.flush()
    fresh = await copy_revision(session, original, clone.id, 1)
    await reprice_revision(session, now, policy, clone, fresh)
    await record_close_date(session, actor, now, clone, None)
    record_event(
        session,
        actor,
        clone,
        "CLONED",
        None,
        QuoteStatus.DRAFT,
        message=f"From Q-{source.number} revision {number}",
    )
    await on_quote_created(session, clone, now)
    await record_change(session, actor, "cloneQuote", clone)
    return clone
