"""Downloadable quote documents.

``/documents/quotes/{id}.pdf`` (or ``.html``, ``?revision=N``) for a signed-in
user who may see the quote; ``/documents/shared/{token}.pdf`` for the customer
holding a shared link. Both render the customer's view: no cost, margin or
internal notes.
"""

from __future__ import annotations

import base64

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.relay import GlobalID

from db.models.commissions import CommissionStatement
from db.models.quotes import Quote, QuoteRevision
from db.session import RequestDatabase
from resolvers.commissions.loaders import statement_pdfs
from resolvers.context import ApiConfig, UnknownUser, viewer_for
from resolvers.quotes.document import quote_document, render
from resolvers.quotes.sharing import ShareTokenError, check_current, read_share_token
from server.auth import TokenUser
from schema.ids import NO_ROW, node_key

FORMATS = ("pdf", "html")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


async def _send(session: AsyncSession, quote: Quote, number: int, fmt: str) -> Response:
    revision = await session.scalar(
        select(QuoteRevision).where(QuoteRevision.quote_id == quote.id, QuoteRevision.number == number)
    )
    if revision is None:
        return _error(404, "NOT_FOUND", "No such revision.")
    body, media_type = render(await quote_document(session, quote, revision), fmt)
    filename = f"Q-{quote.number}-r{revision.number}.{fmt}"
    return Response(body, media_type=media_type, headers={"content-disposition": f'inline; filename="{filename}"'})


def document_endpoints(sessions: async_sessionmaker[AsyncSession], config: ApiConfig):  # type: ignore[no-untyped-def]
    async def quote_document_endpoint(request: Request) -> Response:
        user = request.scope.get("user")
        if not isinstance(user, TokenUser):
            return _error(401, "UNAUTHENTICATED", "Sign in to download this document.")
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            return _error(404, "NOT_FOUND", "Unknown format.")
        try:
            gid = GlobalID.from_id(request.path_params["quote_id"])
            quote_id = node_key(gid.node_id) if gid.type_name == "Quote" else NO_ROW
        except Exception:
            quote_id = -1
        async with sessions() as session:
            try:
                viewer = await viewer_for(session, user.claims)
            except UnknownUser:
                return _error(401, "UNAUTHENTICATED", "The access token names no user; sign in again.")
            quote = await session.get(Quote, quote_id)
            if quote is None or not viewer.may_see_owner(quote.owner_id):
                return _error(404, "NOT_FOUND", "No quote with this id.")
            revision = request.query_params.get("revision")
            number = node_key(revision) if revision else quote.current_revision
            return await _send(session, quote, number, fmt)

    async def shared_document_endpoint(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            return _error(404, "NOT_FOUND", "Unknown format.")
        async with sessions() as session:
            try:
                claims = read_share_token(config.tokens.secret, request.path_params["token"])
                quote = check_current(await session.get(Quote, claims.quote_id), claims)
            except ShareTokenError as exc:
                return _error(403 if exc.code != "TOKEN_EXPIRED" else 410, exc.code, exc.message)
            return await _send(session, quote, quote.current_revision, fmt)

    async def statement_document_endpoint(request: Request) -> Response:
        """A commission statement as PDF: for its rep, their managers, and back office."""
        user = request.scope.get("user")
        if not isinstance(user, TokenUser):
            return _error(401, "UNAUTHENTICATED", "Sign in to download this document.")
        try:
            gid = GlobalID.from_id(request.path_params["statement_id"])
            statement_id = node_key(gid.node_id) if gid.type_name == "CommissionStatement" else NO_ROW
        except Exception:
            statement_id = -1
        db = RequestDatabase(sessions)
        try:
            async with db.read() as session:
                try:
                    viewer = await viewer_for(session, user.claims)
                except UnknownUser:
                    return _error(401, "UNAUTHENTICATED", "The access token names no user; sign in again.")
                statement = await session.get(CommissionStatement, statement_id)
            if statement is None or not viewer.may_see_owner(statement.rep_id):
                return _error(404, "NOT_FOUND", "No statement with this id.")
            body = base64.b64decode((await statement_pdfs(db, [statement_id]))[0])
        finally:
            await db.close()
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="statement-{statement_id}.pdf"'},
        )

    return quote_document_endpoint, shared_document_endpoint, statement_document_endpoint
