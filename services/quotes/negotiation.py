"""The negotiation through the shared link: the customer picks an option and proposes
clause changes or a counter-price; the rep accepts a proposal into a new revision (which
then runs the approvals it needs) or declines it with a reason.

Every step joins the quote's history (one timeline for rep, approver and customer) and is
announced on the ``quote`` topic, so the rep's subscriptions hear it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import pricing as price_engine
import quotes.negotiation as engine
from db.actor import Actor
from db.events import publish
from db.models.accounts import Account
from db.models.negotiation import QuoteChangeRequest
from db.models.quotes import Quote, QuoteClause, QuoteRevision, QuoteStatus
from db.queries import negotiation as queries
from services.audit import record_change
from services.pricing.policy import PricingPolicy
from services.quotes.clauses import deviates
from services.quotes.editing import (
    current_revision,
    editable_revision,
    quote_for_update,
    record_event,
    revision_clauses,
    touch,
)
from services.quotes.lines import MAX_AMOUNT
from services.quotes.negotiation_options import (
    PRIMARY_KEY,
    as_new_lines,
    replace_revision_lines,
)
from services.quotes.priced import reprice_revision
from services.quotes.sharing import (
    SharedQuoteView,
    ShareTokenError,
    quote_for_token,
    shared_quote_view,
)
from services.refusal import Code, refuse
from services.rows import get_or_refuse
from services.validation import required_text

MAX_CLAUSE_CHANGES = 20
MAX_CLAUSE_TEXT = 20_000
MAX_CLAUSE_TITLE = 300
MAX_COMMENT = 5_000
MAX_NAME = 200
MAX_REASON = 500
MAX_OPEN_REQUESTS = 10
"""Open proposals a quote holds at once: the link cannot flood the rep's screen."""


@dataclass(frozen=True, slots=True)
class ClauseChangeInput:
    """ADD (``title``?, ``text``), REMOVE (``clause_id``) or EDIT (``clause_id``, ``text``);
    ``clause_id`` is a clause of the offer shown (``None``: the reference named none)."""

    action: engine.ClauseAction
    clause_id: int | None = None
    title: str | None = None
    text: str | None = None
    named_clause: bool = False


@dataclass(frozen=True, slots=True)
class Proposal:
    token: str
    name: str
    option_key: str | None = None
    clause_changes: tuple[ClauseChangeInput, ...] = ()
    counter_price: Decimal | None = None
    counter_currency: str | None = None
    comment: str = ""


def _announce_args(quote: Quote, what: str, request_id: int | None = None) -> dict[str, Any]:
    return {"quote_id": quote.id, "owner": quote.owner_id, "what": what, "request": request_id}


async def _link_quote(session: AsyncSession, secret: str, token: str) -> Quote:
    try:
        return await quote_for_token(session, secret, token, lock=True)
    except ShareTokenError as exc:
        raise refuse(Code.INVALID_TOKEN, exc.message, ("input", "token")) from exc


def _open_for_answers(quote: Quote) -> None:
    if quote.status is not QuoteStatus.SENT:
        raise refuse(
            Code.INVALID_STATE,
            f"This offer is {quote.status.value.lower()}: it takes no more proposals.",
            ("input", "token"),
        )


async def _option_keys(session: AsyncSession, revision: QuoteRevision) -> list[str]:
    options = await queries.revision_options(session, revision.id)
    return [o.key for o in options] or [PRIMARY_KEY]


def _check_option(keys: Sequence[str], key: str) -> str:
    if key not in keys:
        raise refuse(Code.NOT_FOUND, "No such option on this offer.", ("input", "optionKey"))
    return key


async def select_shared_quote_option(
    session: AsyncSession,
    actor: Actor | None,
    now: datetime,
    secret: str,
    token: str,
    option_key: str,
    name: str,
) -> SharedQuoteView:
    """The customer picks one of the options offered (the last pick counts)."""
    quote = await _link_quote(session, secret, token)
    _open_for_answers(quote)
    revision = await current_revision(session, quote)
    key = _check_option(await _option_keys(session, revision), option_key)
    who = required_text(name, ("input", "name"), max_length=MAX_NAME)
    record_event(session, None, quote, "OPTION_SELECTED", message=key, customer_name=who)
    touch(quote)
    await record_change(session, actor, "sharedQuote.selectOption", quote)
    await publish(session, "quote", **_announce_args(quote, "OPTION_SELECTED"))
    return await shared_quote_view(session, quote)


def _bounded(text: str | None, where: tuple[str, ...], limit: int) -> str | None:
    if text is None:
        return None
    if len(text) > limit:
        raise refuse(Code.INVALID, f"At most {limit} characters.", where)
    return text.strip() or None


def _stored_changes(
    changes: Sequence[ClauseChangeInput], clause_ids: set[int]
) -> list[dict[str, Any]]:
    if len(changes) > MAX_CLAUSE_CHANGES:
        raise refuse(
            Code.INVALID,
            f"At most {MAX_CLAUSE_CHANGES} clause changes in one proposal.",
            ("input", "clauseChanges"),
        )
    stored = []
    for index, change in enumerate(changes):
        where = ("input", "clauseChanges", str(index))
        title = _bounded(change.title, (*where, "title"), MAX_CLAUSE_TITLE)
        text = _bounded(change.text, (*where, "text"), MAX_CLAUSE_TEXT)
        if change.action is engine.ClauseAction.ADD:
            if text is None:
                raise refuse(Code.REQUIRED, "A new clause needs its text.", (*where, "text"))
            if change.named_clause:
                raise refuse(Code.INVALID, "A new clause names no clauseId.", (*where, "clauseId"))
        else:
            if change.clause_id is None or change.clause_id not in clause_ids:
                raise refuse(Code.NOT_FOUND, "No such clause on this offer.", (*where, "clauseId"))
            if change.action is engine.ClauseAction.EDIT and text is None:
                raise refuse(Code.REQUIRED, "An edit needs the new text.", (*where, "text"))
        stored.append(
            {
                "action": change.action.value,
                "clause_id": change.clause_id,
                "title": title,
                "text": text,
            }
        )
    return stored


async def propose_shared_quote_change(
    session: AsyncSession, actor: Actor | None, now: datetime, secret: str, proposal: Proposal
) -> tuple[SharedQuoteView, QuoteChangeRequest]:
    """The customer's proposal on the offer shown: an option, clause changes, a counter-price
    and a comment, as an OPEN change request the rep hears of at once."""
    quote = await _link_quote(session, secret, proposal.token)
    _open_for_answers(quote)
    revision = await current_revision(session, quote)
    who = required_text(proposal.name, ("input", "name"), max_length=MAX_NAME)
    comment = _bounded(proposal.comment, ("input", "comment"), MAX_COMMENT) or ""
    key = None
    if proposal.option_key is not None:
        key = _check_option(await _option_keys(session, revision), proposal.option_key)
    else:  # the option the customer picked last, if any
        key = await queries.selected_option_key(session, quote.id, quote.current_revision)
    clause_ids = {c.id for c in await revision_clauses(session, revision)}
    changes = _stored_changes(proposal.clause_changes, clause_ids)
    counter = proposal.counter_price
    if counter is not None:
        if proposal.counter_currency not in (None, quote.currency):
            raise refuse(
                Code.CURRENCY_MISMATCH,
                f"This offer is in {quote.currency}.",
                ("input", "counterPrice", "currency"),
            )
        if not counter.is_finite() or not 0 < counter <= MAX_AMOUNT:
            raise refuse(
                Code.INVALID,
                "A counter-price is above 0 and at most 1,000,000,000,000.",
                ("input", "counterPrice", "amount"),
            )
        quantum = price_engine.minor_unit_quantum(quote.currency)
        if counter != counter.quantize(quantum):
            raise refuse(
                Code.INVALID,
                f"A counter-price in {quote.currency} is in its minor units (e.g. {quantum}).",
                ("input", "counterPrice", "amount"),
            )
    if not changes and counter is None and proposal.option_key is None and not comment:
        raise refuse(
            Code.REQUIRED,
            "Propose something: an option, a clause change, a counter-price or a comment.",
            ("input",),
        )
    open_now = [
        r
        for r in await queries.change_requests_of_quotes(session, [quote.id])
        if r.status == "OPEN"
    ]
    if len(open_now) >= MAX_OPEN_REQUESTS:
        raise refuse(
            Code.LIMIT_REACHED,
            f"This offer already has {MAX_OPEN_REQUESTS} open proposals: wait for the answers.",
            ("input",),
        )
    request = QuoteChangeRequest(
        quote_id=quote.id,
        revision=quote.current_revision,
        option_key=key,
        status="OPEN",
        clause_changes=changes,
        counter_price=counter,
        comment=comment,
        customer_name=who,
    )
    session.add(request)
    await session.flush()
    record_event(
        session,
        None,
        quote,
        "CHANGE_PROPOSED",
        message=comment or None,
        customer_name=who,
        change_request_id=request.id,
    )
    touch(quote)
    await record_change(session, actor, "sharedQuote.proposeChange", quote)
    await publish(session, "quote", **_announce_args(quote, "CHANGE_PROPOSED", request.id))
    return await shared_quote_view(session, quote), request


async def _request_for_rep(
    session: AsyncSession, actor: Actor, request_id: int, version: int | None
) -> tuple[QuoteChangeRequest, Quote]:
    request = await get_or_refuse(session, QuoteChangeRequest, request_id, lock=True)
    quote = await quote_for_update(session, actor, request.quote_id, version)
    if request.status != "OPEN":
        raise refuse(
            Code.INVALID_STATE,
            f"This proposal is {request.status.lower()} already.",
            ("input", "id"),
        )
    return request, quote


def _terms(clauses: Sequence[QuoteClause]) -> list[engine.Term]:
    return [engine.Term(str(c.id), c.title, c.body, c.clause_version_id, c.edited) for c in clauses]


def _engine_changes(stored: Sequence[dict[str, Any]]) -> list[engine.ClauseChange]:
    return [
        engine.ClauseChange(
            engine.ClauseAction(c["action"]),
            key=None if c.get("clause_id") is None else str(c["clause_id"]),
            title=c.get("title"),
            body=c.get("text"),
        )
        for c in stored
    ]


async def _apply_clauses(
    session: AsyncSession,
    quote: Quote,
    proposed_on: QuoteRevision,
    revision: QuoteRevision,
    request: QuoteChangeRequest,
) -> None:
    """The proposal's clause changes applied to the clauses of the revision it was made on,
    as the new revision's clauses."""
    if not request.clause_changes:
        return
    try:
        applied = engine.apply_clause_changes(
            _terms(await revision_clauses(session, proposed_on)),
            _engine_changes(request.clause_changes),
        )
    except engine.ProposalError as exc:
        raise refuse(
            Code.INVALID, f"The proposal no longer applies: {exc.reason}.", ("input", "id")
        ) from exc
    for old in await revision_clauses(session, revision):
        await session.delete(old)
    await session.flush()
    chosen = [
        QuoteClause(
            revision_id=revision.id,
            clause_version_id=term.library,
            title=term.title,
            body=term.body,
            position=index,
            edited=term.edited,
        )
        for index, term in enumerate(applied.terms)
    ]
    session.add_all(chosen)
    account = await session.get(Account, quote.account_id)
    assert account is not None
    revision.non_standard = await deviates(session, chosen, account.segment)


async def _apply_counter_price(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    counter: Decimal,
) -> None:
    """The counter-price as the quote discount (a QUOTE_DISCOUNT step on every line, which
    the approvals weigh as the rep's discount) bringing the net total to it."""
    revision.quote_discount_percent = revision.quote_discount_amount = None
    before = await reprice_revision(session, now, policy, quote, revision)
    quantum = price_engine.minor_unit_quantum(quote.currency)
    result = engine.counter_price(before.net_total.amount, counter, None, quantum)
    if result.discount > 0:
        revision.quote_discount_amount = result.discount
        await reprice_revision(session, now, policy, quote, revision)


async def accept_quote_change_request(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    request_id: int,
    version: int,
) -> tuple[Quote, QuoteChangeRequest]:
    """A new revision with the chosen option's lines, the clause changes and the counter-price
    (as a quote discount), in DRAFT (``services.approvals.change_requests`` submits it for
    the approvals it needs in the same transaction). A quote that moved
    on since the proposal (another revision, or a stale ``version``) is a CONFLICT."""
    request, quote = await _request_for_rep(session, actor, request_id, version)
    if quote.current_revision != request.revision or quote.status is not QuoteStatus.SENT:
        raise refuse(
            Code.CONFLICT,
            "The quote has moved on since this proposal: revise it by hand, or decline it.",
            ("input", "id"),
        )
    proposed_on = await current_revision(session, quote)
    options = {o.key: o for o in await queries.revision_options(session, proposed_on.id)}
    revision = await editable_revision(session, actor, now, quote)
    chosen = options.get(request.option_key or "")
    if chosen is not None and not chosen.is_primary:
        await replace_revision_lines(session, now, policy, quote, revision, as_new_lines(chosen))
    for option in await queries.revision_options(session, revision.id):
        await session.delete(option)  # the customer chose: the new revision offers one
    await _apply_clauses(session, quote, proposed_on, revision, request)
    if request.counter_price is not None:
        await _apply_counter_price(session, now, policy, quote, revision, request.counter_price)
    else:
        await reprice_revision(session, now, policy, quote, revision)
    request.status = "ACCEPTED"
    request.decided_by_id = actor.user_id
    request.decided_at = now
    request.accepted_revision = revision.number
    record_event(
        session,
        actor,
        quote,
        "CHANGE_ACCEPTED",
        message=f"Accepted into revision {revision.number}.",
        change_request_id=request.id,
    )
    touch(quote)
    await record_change(session, actor, "acceptQuoteChangeRequest", quote)
    await session.flush()
    await session.refresh(quote)
    await publish(session, "quote", **_announce_args(quote, "CHANGE_ACCEPTED", request.id))
    return quote, request


async def decline_quote_change_request(
    session: AsyncSession, actor: Actor, now: datetime, request_id: int, reason: str
) -> tuple[Quote, QuoteChangeRequest]:
    """Decline the proposal; the reason is shown to the customer and kept in the history."""
    request, quote = await _request_for_rep(session, actor, request_id, None)
    why = required_text(reason, ("input", "reason"), max_length=MAX_REASON)
    request.status = "DECLINED"
    request.decline_reason = why
    request.decided_by_id = actor.user_id
    request.decided_at = now
    record_event(
        session, actor, quote, "CHANGE_DECLINED", message=why, change_request_id=request.id
    )
    touch(quote)
    await record_change(session, actor, "declineQuoteChangeRequest", quote)
    await publish(session, "quote", **_announce_args(quote, "CHANGE_DECLINED", request.id))
    return quote, request
