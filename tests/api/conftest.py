"""GraphQL-over-HTTP helpers: a client on the ASGI app, users with roles, signed-in calls."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.models.users import Role, User
from services.people.passwords import hash_password
from tests.conftest import TEST_ARGON2, truncate_all

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD, TEST_ARGON2)


@pytest.fixture(autouse=True)
async def clean_database(app: Starlette) -> AsyncIterator[None]:
    yield
    await truncate_all(app)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@contextlib.asynccontextmanager
async def started_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on ``app``, which is started (its lifespan runs) for the client's life:
    for a test that needs an app built with other settings than the ``app`` fixture's."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


def at_version(node: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """An input acting on ``node`` as it was read: its id and version, plus ``fields``."""
    return {"id": node["id"], "version": node["version"], **fields}


@dataclass
class Api:
    """Posts GraphQL documents, optionally as a signed-in user."""

    http: httpx.AsyncClient
    token: str | None = None

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        if self.token:
            headers.setdefault("authorization", f"Bearer {self.token}")
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post(query, variables)
        body = response.json()
        assert response.status_code == 200, body
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def succeeded(self, query: str, variables: dict[str, Any], field: str) -> dict[str, Any]:
        """The payload of mutation ``field``, which must report no ``userErrors``."""
        result: dict[str, Any] = (await self.data(query, variables))[field]
        assert result["userErrors"] == [], result["userErrors"]
        return result

    async def mutate(self, mutation: str, input: dict[str, Any]) -> dict[str, Any]:
        """The payload of ``mutation`` (one mutation field taking ``$input``), userErrors and all."""
        (payload,) = (await self.data(mutation, {"input": input})).values()
        return dict(payload)

    def as_(self, token: str | None) -> Api:
        return Api(self.http, token)


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


LOGIN = """
mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) {
    session { accessToken refreshToken accessTokenExpiresAt user { id email roles } }
    userErrors { code field message }
  }
}
"""


@dataclass
class People:
    """Create users straight in the database and sign them in through the API."""

    app: Starlette
    api: Api

    async def add(
        self, name: str, *roles: Role, manager: User | None = None, active: bool = True
    ) -> User:
        from db.engine import create_session_factory

        sessions = create_session_factory(self.app.state.engine)
        async with sessions() as session:
            user = User(
                email=f"{name.lower().replace(' ', '.')}@example.com",
                name=name,
                password_hash=_PASSWORD_HASH,
                roles=list(roles) or [Role.REP],
                manager_id=manager.id if manager else None,
                active=active,
            )
            session.add(user)
            await session.commit()
            return user

    async def sign_in(self, user: User, password: str = PASSWORD) -> Api:
        data = await self.api.data(LOGIN, {"email": user.email, "password": password})
        session = data["login"]["session"]
        assert session is not None, data
        return self.api.as_(session["accessToken"])


@pytest.fixture
def people(app: Starlette, api: Api) -> People:
    return People(app, api)


TYPED_SCALAR = (
    "__typename ... on AttributeText { text } ... on AttributeNumber { number }"
    " ... on AttributeBoolean { boolean }"
)
"""The selection of an ``AttributeScalar`` (the union a client switches on)."""


def gid(type_name: str, pk: int) -> str:
    from strawberry.relay import to_base64

    return to_base64(type_name, pk)


def document_paths(key: int) -> tuple[str, str]:
    """The PDF download paths of the quote and of the commission statement with database ``key``."""
    return (
        f"/documents/quotes/{gid('Quote', key)}.pdf",
        f"/documents/statements/{gid('CommissionStatement', key)}.pdf",
    )
