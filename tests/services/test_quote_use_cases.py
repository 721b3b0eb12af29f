"""The quote use cases run without GraphQL: a session, an actor and ``now`` are all they need."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette

from db.actor import Actor
from db.engine import create_session_factory
from db.models.accounts import Account
from db.models.quotes import QuoteStatus
from db.models.users import Role, User
from services.pricing.policy import PricingPolicy
from services.quotes.create import CloneQuote, NewQuote, clone_quote, create_quote
from services.quotes.editing import QuoteRef
from services.quotes.status import mark_quote_sent
from services.quotes.update import HeaderChange, update_quote
from services.refusal import Code, Refusal
from services.transaction import in_transaction
from tests.conftest import truncate_all

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
async def clean_database(app: Starlette) -> AsyncIterator[None]:
    yield
    await truncate_all(app)


@pytest.fixture
async def rep_and_account(app: Starlette) -> tuple[Actor, int]:
    sessions = create_session_factory(app.state.engine)
    async with sessions.begin() as session:
        user = User(email="rep@example.com", name="Rep", password_hash="-", roles=[Role.REP])
        session.add(user)
        await session.flush()
        account = Account(name="Acme", segment="SMB", currency="EUR", owner_id=user.id)
        session.add(account)
        await session.flush()
        return Actor(user_id=user.id, roles=frozenset({Role.REP})), account.id


async def test_a_draft_is_created_edited_and_cloned_through_the_use_cases(
    app: Starlette, rep_and_account: tuple[Actor, int]
) -> None:
    rep, account_id = rep_and_account
    sessions = create_session_factory(app.state.engine)
    policy = PricingPolicy()

    created = await in_transaction(
        sessions.begin, lambda s: create_quote(s, rep, NOW, policy, NewQuote(account_id=account_id))
    )
    assert created.refusals == [] and created.value is not None
    quote = created.value
    assert (quote.status, quote.currency, quote.name) == (
        QuoteStatus.DRAFT,
        "EUR",
        "Acme — 2026-03-02",
    )

    renamed = await in_transaction(
        sessions.begin,
        lambda s: update_quote(
            s, rep, NOW, policy, QuoteRef(quote.id, quote.version), HeaderChange(name="Renewal")
        ),
    )
    assert renamed.value is not None and renamed.value.name == "Renewal"

    copy = await in_transaction(
        sessions.begin, lambda s: clone_quote(s, rep, NOW, policy, CloneQuote(quote.id))
    )
    assert copy.value is not None and copy.value.name == "Renewal (copy)"
    assert copy.value.cloned_from_id == quote.id


async def test_a_refused_move_names_the_rule_and_changes_nothing(
    app: Starlette, rep_and_account: tuple[Actor, int]
) -> None:
    rep, account_id = rep_and_account
    sessions = create_session_factory(app.state.engine)
    created = await in_transaction(
        sessions.begin,
        lambda s: create_quote(s, rep, NOW, PricingPolicy(), NewQuote(account_id=account_id)),
    )
    assert created.value is not None
    quote = created.value

    sent = await in_transaction(
        sessions.begin, lambda s: mark_quote_sent(s, rep, NOW, QuoteRef(quote.id, 1), None)
    )
    assert sent.value is None
    assert [(r.code, r.field) for r in sent.refusals] == [(Code.INVALID_STATE, ("input", "id"))]

    someone_else = Actor(user_id=rep.user_id + 1, roles=frozenset({Role.REP}))
    foreign = await in_transaction(
        sessions.begin,
        lambda s: update_quote(
            s, someone_else, NOW, PricingPolicy(), QuoteRef(quote.id), HeaderChange()
        ),
    )
    assert foreign.refusals == [Refusal(Code.NOT_FOUND, "No Quote with this id.", ("input", "id"))]
