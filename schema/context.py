"""The per-request context every resolver and type receives as ``info.context``.

It lives outside ``resolvers/`` so the server builds it without importing resolvers:
the per-request loaders come from a factory the schema assembly hands the server
(``schema.assembly.build_loaders``), and types reach them as ``info.context.loaders``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from db.models.users import Role
from db.queries.users import team_member_ids
from db.session import RequestDatabase
from documents.quote_document import Seller
from offload import CpuPool
from schema.connection import PageLimits
from services.content.attachments import Attachments
from services.notifications.config import NotificationConfig
from services.people.passwords import Passwords
from services.people.throttle import SignInLimits
from services.people.tokens import AccessClaims, TokenConfig
from services.pricing.policy import PricingPolicy
from services.sync.cursor import SyncConfig

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.websockets import WebSocket

    from resolvers.dataloaders import Loaders

LoadersFactory = Callable[[RequestDatabase], "Loaders"]

log = structlog.get_logger("dealdesk.context")


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """What resolvers need from the settings, without depending on the server package."""

    tokens: TokenConfig
    pages: PageLimits
    pricing: PricingPolicy = PricingPolicy()
    # The process's pool for CPU-bound work (PDF rendering, password hashing): not a
    # setting but built from them, and shared by every request like the settings are.
    cpu: CpuPool = field(default_factory=CpuPool)
    passwords: Passwords = field(default_factory=Passwords)
    sign_in: SignInLimits = SignInLimits()
    # Statement timeout and request deadline for work long by design (period close).
    long_operation_seconds: float = 600.0
    seller: Seller = Seller()
    """Printed on quote documents (``DEALDESK_SELLER_NAME`` / ``_ADDRESS``)."""
    attachments: Attachments | None = None
    """Content attachments' store, limits and download links (None: uploads are refused)."""
    sync: SyncConfig = field(default_factory=SyncConfig)
    """Delta sync: the cursor signing key and the change log's retention."""

    notifications: NotificationConfig = field(default_factory=NotificationConfig)
    """Webhook URL rules and limits, the VAPID public key (``services.notifications``)."""


@dataclass(slots=True)
class Context:
    sessions: async_sessionmaker[AsyncSession]
    build_loaders: LoadersFactory
    config: ApiConfig
    viewer: Actor | None = None
    """The signed-in user; None for an anonymous request."""
    request_id: str | None = None
    """The id the request is logged under (sent back in the response's header)."""
    request: Request | WebSocket | None = None
    """The HTTP request or WebSocket being answered."""
    response: Response | WebSocket | None = None
    """The HTTP response being prepared: a resolver may set headers (``Retry-After``)."""
    # Set by the graphql-transport-ws handler from the connection_init payload.
    connection_params: dict[str, Any] | None = None
    events: Any = None  # the process's EventHub, for subscriptions
    db: RequestDatabase = field(init=False)
    """This request's session, opened on first use."""
    loaders: Loaders = field(init=False)
    """This request's dataloaders, reading through ``db``."""

    def __post_init__(self) -> None:
        self._open()

    def _open(self) -> None:
        self.db = RequestDatabase(self.sessions)
        self.loaders = self.build_loaders(self.db)

    async def close(self) -> None:
        await self.db.close()

    async def refresh(self) -> None:
        """A fresh session and loaders: a subscription lives long and must read what is new.

        The old session's connection goes back to the pool now (none is held while a
        subscription waits). If that connection died meanwhile (a database restart),
        closing it may fail; the pool has already discarded it, so that is no reason
        to end the subscription.
        """
        try:
            await self.db.close()
        except Exception:
            log.warning("closing a dead session failed", exc_info=True)
        self._open()


async def viewer_for(session: AsyncSession, claims: AccessClaims) -> Actor:
    """The viewer a token names; a manager's team is read once (one query), others need none.

    That the user exists and is active was checked when the request was authenticated
    (``server.active_users``), on its own connection pool, so a refused or trivial request
    runs no statement here.
    """
    team = (
        await team_member_ids(session, claims.user_id)
        if Role.MANAGER in claims.roles
        else frozenset()
    )
    return Actor(user_id=claims.user_id, roles=claims.roles, team_ids=team)


async def build_context(
    sessions: async_sessionmaker[AsyncSession],
    config: ApiConfig,
    claims: AccessClaims | None,
    build_loaders: LoadersFactory,
    **transport: Any,
) -> Context:
    """The context of one request, signed in as ``claims`` names (anonymous for ``None``);
    ``transport`` sets the ``Context`` fields the server knows of the request
    (``request_id``, ``request``, ``response``, ``events``)."""
    context = Context(sessions=sessions, build_loaders=build_loaders, config=config, **transport)
    if claims is not None:
        async with context.db.read() as session:
            context.viewer = await viewer_for(session, claims)
    return context
