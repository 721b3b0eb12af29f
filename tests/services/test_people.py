"""The people use cases run without GraphQL: one transaction each, refusals as values."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import Role
from services.people.login import Credentials, login
from services.people.passwords import Passwords
from services.people.sessions import refresh_session
from services.people.throttle import SignInLimits
from services.people.tokens import TokenConfig, decode_access_token
from services.people.users import CONSTRAINT_REFUSALS, NewUser, create_user
from services.refusal import Code
from services.transaction import in_transaction
from tests.conftest import TEST_ARGON2, truncate_all

TOKENS = TokenConfig(
    secret="s" * 40, access_ttl=timedelta(minutes=15), refresh_ttl=timedelta(days=30)
)
PASSWORDS = Passwords(TEST_ARGON2)
ANN = NewUser("ann@example.com", "Ann Admin", "a long enough password", [Role.ADMIN])


@pytest.fixture
async def sessions(app: Starlette) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    yield create_session_factory(app.state.engine)
    await truncate_all(app)


async def test_a_user_made_without_an_actor_signs_in_and_refreshes(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    now = datetime.now(UTC)  # access tokens are checked against the clock: the test's own now
    made = await in_transaction(sessions.begin, lambda s: create_user(s, None, now, ANN, PASSWORDS))
    assert made.value is not None and made.refusals == []

    credentials = Credentials("ANN@example.com", ANN.password, "203.0.113.7")
    signed_in = await in_transaction(
        sessions.begin,
        lambda s: login(
            s, now, credentials, passwords=PASSWORDS, tokens=TOKENS, limits=SignInLimits()
        ),
    )
    assert signed_in.value is not None
    assert decode_access_token(TOKENS, signed_in.value.access.token).user_id == made.value.id

    old = signed_in.value.refresh_token
    later = now + timedelta(minutes=20)
    rotated = await in_transaction(sessions.begin, lambda s: refresh_session(s, later, old, TOKENS))
    reused = await in_transaction(sessions.begin, lambda s: refresh_session(s, later, old, TOKENS))
    assert rotated.value is not None and rotated.value.refresh_token != old
    assert [r.code for r in reused.refusals] == [Code.INVALID_TOKEN]

    # The reuse revoked the whole family, the token it rotated to included.
    after_reuse = await in_transaction(
        sessions.begin, lambda s: refresh_session(s, later, rotated.value.refresh_token, TOKENS)
    )
    assert [r.code for r in after_reuse.refusals] == [Code.INVALID_TOKEN]


async def test_an_email_taken_in_another_case_is_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    now = datetime.now(UTC)
    await in_transaction(sessions.begin, lambda s: create_user(s, None, now, ANN, PASSWORDS))
    twin = NewUser("Ann@Example.com", "Ann Twin", "another long password", [Role.REP])

    outcome = await in_transaction(
        sessions.begin,
        lambda s: create_user(s, None, now, twin, PASSWORDS),
        constraint_refusals=CONSTRAINT_REFUSALS,
    )

    assert outcome.value is None
    assert [(r.code, r.field) for r in outcome.refusals] == [
        (Code.ALREADY_EXISTS, ("input", "email"))
    ]
