"""One graphql-transport-ws connection's life: admitted, capped, and ended with its right to exist.

Strawberry's handler speaks the protocol; this subclass adds what the protocol
leaves to the server:

* a connection from an address already holding its cap, or opening connections
  faster than its rate, is closed at once (4429);
* ``connection_init`` authenticates (the view's ``admit``); a user over their cap
  is refused (4429), a bad, expired or deactivated token too (4403), before any
  ``connection_ack``;
* when the access token expires, the connection closes with 4403, ending every
  subscription on it (a client reconnects with a fresh token), and no
  subscription starts on an expired token;
* a deactivated user's connections are closed (4403) by ``Connections`` when the
  event hub hears of the deactivation;
* in trusted-documents-only mode, a subscribe whose document is not in the manifest gets
  an ``error`` message (``OPERATION_NOT_TRUSTED``) and starts nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)

from schema.context import Context
from server.persisted_queries import PersistedQueryRefused
from server.ws_connections import FORBIDDEN, TOKEN_EXPIRED, Refused
from services.people.tokens import AccessClaims

if TYPE_CHECKING:
    from server.graphql_view import GraphQLView


def _now() -> datetime:
    return datetime.now(UTC)


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    view: GraphQLView

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._claims: AccessClaims | None = None
        self._expiry: asyncio.Task[None] | None = None
        self._ended = False

    def _address(self) -> str:
        client = getattr(self.context.request, "client", None)
        return client.host if client is not None else "unknown"

    async def handle(self) -> None:
        connections = self.view.connections
        address = self._address()
        try:
            await connections.open(address)
        except Refused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)
            return
        try:
            await super().handle()
        finally:
            connections.closed(address)
            if self._expiry is not None:
                self._expiry.cancel()
            if self._claims is not None:
                connections.signed_out(self._claims.user_id, self)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        # Strawberry's own version, with our admission between init and ack and our close codes.
        if self.connection_timed_out:
            return
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            await self.websocket.close(code=4400, reason="Invalid connection init payload")
            return
        if self.connection_init_received:
            await self.websocket.close(code=4429, reason="Too many initialisation requests")
            return
        self.connection_init_received = True
        self.context.connection_params = payload
        try:
            claims = await self.view.admit(self.context)
            if claims is not None:
                self.view.connections.signed_in(claims.user_id, self)
                self._claims = claims
                self._watch_expiry(claims)
        except Refused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)
            return
        except ConnectionRejectionError:
            await self.websocket.close(code=FORBIDDEN, reason="Forbidden")
            return
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self._expired():  # the timer may not have fired yet; start nothing on a dead token
            await self.end(FORBIDDEN, TOKEN_EXPIRED)
            return
        persisted = self.view.persisted
        query = message.get("payload", {}).get("query")
        known = message["id"] in self.operations  # strawberry closes 4409 on a reused id
        if persisted is not None and isinstance(query, str) and not known:
            try:
                persisted.check_trusted(query)
            except PersistedQueryRefused as exc:
                error = {"message": exc.message, "extensions": {"code": exc.code}}
                await self.send_message({"id": message["id"], "type": "error", "payload": [error]})
                return
        await super().handle_subscribe(message)

    def _expired(self) -> bool:
        expires = self._claims.expires_at if self._claims else None
        return expires is not None and expires <= _now()

    def _watch_expiry(self, claims: AccessClaims) -> None:
        if claims.expires_at is None:
            return

        async def end_at_expiry() -> None:
            assert claims.expires_at is not None
            await asyncio.sleep(max(0.0, (claims.expires_at - _now()).total_seconds()))
            await self.end(FORBIDDEN, TOKEN_EXPIRED)

        self._expiry = asyncio.create_task(end_at_expiry())

    async def end(self, code: int, reason: str) -> None:
        """Stop every operation, then close the connection (once)."""
        if self._ended:
            return
        self._ended = True
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.websocket.close(code=code, reason=reason)
