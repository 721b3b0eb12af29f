"""Demo quotes in every status, with approval decisions and counter-offers, made through the
quote and approval use cases as rep1 and their manager would."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import approvals as engine
from db.actor import Actor
from db.models.quotes import Quote
from db.queries import demo as queries
from db.queries.users import user_by_email
from server.demo.org import REPS
from server.demo.running import run, run_as
from services.approvals.deciding import DecideCommand, decide_request
from services.approvals.rep_actions import (
    accept_counter_offer,
    decline_counter_offer,
    recall_approval_request,
)
from services.approvals.submitting import submit_quote_for_approval
from services.pricing.policy import PricingPolicy
from services.quotes.create import NewQuote, create_quote
from services.quotes.editing import QuoteRef
from services.quotes.lines import Discount, NewLine
from services.quotes.status import (
    Closing,
    mark_quote_lost,
    mark_quote_sent,
    mark_quote_won,
    record_quote_acceptance,
    record_quote_rejection,
)
from services.refusal import Code

REP = "rep1@dealdesk.example"
MANAGER = next(manager for email, _, manager in REPS if email == REP)
POLICY = PricingPolicy()  # the API's default pricing policy
EXPIRED_SINCE = timedelta(days=31)
"""How long ago the quote that expires was made: a day more than a quote's default validity."""

# name, account, [(sku, quantity, discount %)], steps
PLAN: list[tuple[str, str, list[tuple[str, int, str | None]], list[str]]] = [
    (
        "Acme analytics expansion",
        "Acme Manufacturing",
        [("SW-ANL", 150, None), ("SVC-TRN", 1, None)],
        [],
    ),
    ("Acme security rollout", "Acme Manufacturing", [("SW-SEC", 400, None)], ["submit"]),
    ("Cyberdyne edge pilot", "Cyberdyne Systems", [("SVC-INST", 2, "25")], ["submit"]),
    ("Nakatomi support renewal", "Nakatomi Trading", [("SUP-PRM", 3, None)], ["submit", "send"]),
    (
        "Sterling Cooper API gateway",
        "Sterling Cooper",
        [("SW-API", 30, None)],
        ["submit", "send", "accept"],
    ),
    ("Acme training", "Acme Manufacturing", [("SVC-TRN", 2, None)], ["submit", "send", "reject"]),
    (
        "Cyberdyne analytics",
        "Cyberdyne Systems",
        [("SW-ANL", 80, None)],
        ["submit", "send", "accept", "win"],
    ),
    ("Nakatomi security", "Nakatomi Trading", [("SW-SEC", 120, None)], ["submit", "send", "lose"]),
    (
        "Sterling Cooper installation",
        "Sterling Cooper",
        [("SVC-INST", 1, None)],
        ["submit", "send", "expire"],
    ),
    (
        "Acme on-site services",
        "Acme Manufacturing",
        [("SVC-INST", 3, "15")],
        ["submit", "m:approve"],
    ),
    (
        "Cyberdyne deep discount",
        "Cyberdyne Systems",
        [("SVC-INST", 2, "20")],
        ["submit", "m:reject"],
    ),
    (
        "Nakatomi services negotiation",
        "Nakatomi Trading",
        [("SVC-INST", 4, "22")],
        ["submit", "m:counter"],
    ),
    (
        "Sterling Cooper services",
        "Sterling Cooper",
        [("SVC-INST", 2, "18")],
        ["submit", "r:recall"],
    ),
    (
        "Acme installation bundle",
        "Acme Manufacturing",
        [("SVC-INST", 5, "20")],
        ["submit", "m:counter", "r:accept_counter"],
    ),
    (
        "Cyberdyne rollout services",
        "Cyberdyne Systems",
        [("SVC-INST", 6, "20")],
        ["submit", "m:counter", "r:decline_counter"],
    ),
]


@dataclass(frozen=True, slots=True)
class QuoteMade:
    """A demo quote, at the version its last step left it."""

    quote_id: int
    version: int


Move = Callable[[AsyncSession, Actor, datetime, QuoteRef], Awaitable[Quote]]


async def _submit(session: AsyncSession, rep: Actor, now: datetime, ref: QuoteRef) -> Quote:
    assert ref.version is not None
    return await submit_quote_for_approval(
        session, rep, now, ref.quote_id, ref.version, None, POLICY
    )


def _closing(close: Callable[..., Awaitable[Quote]], closing: Closing) -> Move:
    return lambda session, rep, now, ref: close(session, rep, now, ref, closing)


def _noted(move: Callable[..., Awaitable[Quote]]) -> Move:
    return lambda session, rep, now, ref: move(session, rep, now, ref, None)


# The rep's moves of the quote, by step name.
MOVES: dict[str, Move] = {
    "submit": _submit,
    "send": _noted(mark_quote_sent),
    "accept": _noted(record_quote_acceptance),
    "reject": _noted(record_quote_rejection),
    "win": _closing(mark_quote_won, Closing()),
    "lose": _closing(mark_quote_lost, Closing()),
}

Act = Callable[[AsyncSession, Actor, datetime, int], Awaitable[object]]
COUNTER = engine.CounterOffer(
    lines=(engine.LineCounter("L1", discount_pct=Decimal("12")),), note="12% is the most I can do."
)


def _decide(
    kind: engine.DecisionKind, reason: str = "", offer: engine.CounterOffer | None = None
) -> Act:
    return lambda session, manager, now, request: decide_request(
        session, manager, now, DecideCommand(request, kind, None, reason, offer)
    )


# Who acts on the quote's approval request, and how, by step name.
APPROVAL_STEPS: dict[str, tuple[str, Act]] = {
    "m:approve": (MANAGER, _decide(engine.DecisionKind.APPROVE)),
    "m:reject": (MANAGER, _decide(engine.DecisionKind.REJECT, "Too deep for this account.")),
    "m:counter": (MANAGER, _decide(engine.DecisionKind.COUNTER_OFFER, COUNTER.note, COUNTER)),
    "r:recall": (
        REP,
        lambda s, rep, now, request: recall_approval_request(s, rep, now, request, None),
    ),
    "r:accept_counter": (
        REP,
        lambda s, rep, now, request: accept_counter_offer(s, rep, now, request, POLICY),
    ),
    "r:decline_counter": (
        REP,
        lambda s, rep, now, request: decline_counter_offer(s, rep, now, request, None),
    ),
}


async def make_quote(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    rep: str,
    account_id: int,
    name: str,
    lines: Sequence[NewLine],
    close: date | None = None,
    competitors: tuple[str, ...] = (),
) -> QuoteMade:
    """A draft quote by ``rep`` (an email) for one of their accounts, expected to close on
    ``close`` (when given), naming ``competitors`` on the deal."""
    new = NewQuote(
        account_id, name, expected_close_date=close, lines=tuple(lines), competitors=competitors
    )
    quote = await run_as(sessions, rep, now, lambda s, a, n: create_quote(s, a, n, POLICY, new))
    return QuoteMade(quote.id, quote.version)


async def move_quote(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    rep: str,
    step: str | Move,
    made: QuoteMade,
    expected: Collection[Code] = (),
) -> QuoteMade:
    """The rep's move ``step`` (by name, or the use case) of the quote, at the version made
    (a refusal ``expected`` leaves it as made)."""
    move = MOVES[step] if isinstance(step, str) else step
    ref = QuoteRef(made.quote_id, made.version)
    quote: Quote | None = await run_as(
        sessions, rep, now, lambda s, a, n: move(s, a, n, ref), expected
    )
    return made if quote is None else QuoteMade(quote.id, quote.version)


async def win(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    rep: str,
    account_id: int,
    products: dict[str, int],
    lines: Sequence[tuple[str, int]],
    day: date,
) -> QuoteMade:
    """A quote by ``rep`` (an email), submitted, sent and won on ``day``."""
    name = f"{', '.join(sku for sku, _ in lines)} for {day.isoformat()}"
    made = await make_quote(
        sessions, now, rep, account_id, name, [NewLine(products[sku], qty) for sku, qty in lines]
    )
    for step in ("submit", "send", _closing(mark_quote_won, Closing(close_date=day))):
        made = await move_quote(sessions, now, rep, step, made)
    return made


async def _act(
    sessions: async_sessionmaker[AsyncSession], now: datetime, step: str, made: QuoteMade
) -> None:
    """An approval step on the quote's (first) request."""
    who, act = APPROVAL_STEPS[step]

    async def on_request(session: AsyncSession, actor: Actor, now: datetime) -> object:
        request = await queries.first_approval_request(session, made.quote_id)
        assert request is not None, f"quote {made.quote_id} has no approval request"
        return await act(session, actor, now, request)

    await run_as(sessions, who, now, on_request)


DEAL_COMPETITORS: tuple[tuple[str, ...], ...] = (
    ("Contoso",),
    ("Fabrikam",),
    (),
    ("Contoso", "Fabrikam"),
)
"""The competitors the demo quotes name, in turn (the demo library has battlecards for both)."""


async def load_quotes(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Load the demo quotes once (none may be there yet); returns how many were made."""

    async def known(session: AsyncSession) -> tuple[dict[str, int], dict[str, int]] | None:
        if await queries.any_quote(session):
            return None
        rep = await user_by_email(session, REP)
        assert rep is not None, f"{REP} is loaded with the org"
        return await queries.product_ids_by_sku(session), await queries.account_ids_of(
            session, rep.id
        )

    found = await run(sessions, known)
    if found is None:
        return 0
    products, accounts = found
    for index, (name, account, items, steps) in enumerate(PLAN):
        lines = [
            NewLine(products[sku], qty, discount=Discount(Decimal(d)) if d else None)
            for sku, qty, d in items
        ]
        # The quote that expires was made and sent a month ago; the customer accepts too late.
        made_at = now - EXPIRED_SINCE if "expire" in steps else now
        rivals = DEAL_COMPETITORS[index % len(DEAL_COMPETITORS)]
        made = await make_quote(
            sessions, made_at, REP, accounts[account], name, lines, competitors=rivals
        )
        for step in steps:
            if step in APPROVAL_STEPS:
                await _act(sessions, now, step, made)
            elif step == "expire":  # accepted today: refused, and saved as EXPIRED
                await move_quote(sessions, now, REP, "accept", made, expected=[Code.EXPIRED])
            else:
                made = await move_quote(sessions, made_at, REP, step, made)
    return len(PLAN)
