"""Downloadable quote documents.

``/documents/quotes/{id}.pdf`` (or ``.html``, ``?revision=N``) for a signed-in
user who may see the quote; ``/documents/shared/{token}.pdf`` for the customer
holding a shared link. Both render the customer's view: no cost, margin or
internal notes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.relay import GlobalID

from db.models.commissions import CommissionStatement
from schema.context import ApiConfig, viewer_for
from schema.deadline import extend_deadline
from server.auth import TokenUser
from server.metrics import Metrics
from services.commissions.statements import render_statement, statement_documents
from services.quotes.documents import DocumentSource, document_for, render_source, shared_document
from services.quotes.sharing import ShareTokenError
from services.refusal import Refused

FORMATS = ("pdf", "html")
MAX_INT4 = 2**31 - 1  # ids and revision numbers are PostgreSQL integers
DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() also takes "²"
T = TypeVar("T")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


class BadParameter(ValueError):
    """A query parameter the route cannot use; answered with 400 BAD_USER_INPUT."""


def database_id(raw: str, type_name: str) -> int | None:
    """The row id inside a global ID of ``type_name``, or None for anything else
    (malformed, another type, out of the column's range): a miss, never a fault."""
    try:
        gid = GlobalID.from_id(raw)
    except Exception:  # strawberry raises several kinds for malformed base64 / text
        return None
    if gid.type_name != type_name or not DIGITS.fullmatch(gid.node_id):
        return None
    pk = int(gid.node_id)
    return pk if 0 < pk <= MAX_INT4 else None


def revision_number(raw: str | None) -> int | None:
    """``?revision=N``: a positive whole number within the column's range, or absent."""
    if raw is None or raw == "":
        return None
    if not DIGITS.fullmatch(raw) or not 0 < int(raw) <= MAX_INT4:
        raise BadParameter("`revision` must be a whole number from 1 to 2147483647.")
    return int(raw)


async def _render(request: Request, config: ApiConfig, fn: Callable[..., T], *args: Any) -> T:
    """Render in the CPU pool's processes: laying out a long PDF holds the GIL for
    seconds (a 2,000-line quote on a busy machine can outlast the request deadline,
    so rendering gets the long-operation allowance; the database is no longer held)."""
    extend_deadline(request, config.long_operation_seconds)
    return await config.cpu.run_in_process(fn, *args)


async def _send(
    request: Request,
    config: ApiConfig,
    document: DocumentSource | None,
    fmt: str,
    metrics: Metrics | None,
) -> Response:
    if document is None:
        return _error(404, "NOT_FOUND", "No such revision.")
    started = time.perf_counter()
    # Decoding the stored snapshot and rendering both run in the CPU pool's processes.
    body, media_type = await _render(request, config, render_source, document, fmt)
    if metrics is not None and fmt == "pdf":
        metrics.pdf_seconds.labels("quote").observe(time.perf_counter() - started)
    filename = f"{document.number}-r{document.revision}.{fmt}"
    return Response(
        body,
        media_type=media_type,
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


def document_endpoints(  # type: ignore[no-untyped-def]
    sessions: async_sessionmaker[AsyncSession], config: ApiConfig, metrics: Metrics | None = None
):
    async def quote_document_endpoint(request: Request) -> Response:
        user = request.scope.get("user")
        if not isinstance(user, TokenUser):
            return _error(401, "UNAUTHENTICATED", "Sign in to download this document.")
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            return _error(404, "NOT_FOUND", "Unknown format.")
        try:
            wanted = revision_number(request.query_params.get("revision"))
        except BadParameter as exc:
            return _error(400, "BAD_USER_INPUT", str(exc))
        quote_id = database_id(request.path_params["quote_id"], "Quote")
        async with sessions() as session:
            viewer = await viewer_for(session, user.claims)
            try:
                document = await document_for(session, viewer, quote_id, wanted, config.seller)
            except Refused:
                return _error(404, "NOT_FOUND", "No quote with this id.")
        return await _send(request, config, document, fmt, metrics)

    async def shared_document_endpoint(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            return _error(404, "NOT_FOUND", "Unknown format.")
        async with sessions() as session:
            try:
                document = await shared_document(
                    session, config.tokens.secret, request.path_params["token"], config.seller
                )
            except ShareTokenError as exc:
                return _error(403 if exc.code != "TOKEN_EXPIRED" else 410, exc.code, exc.message)
        return await _send(request, config, document, fmt, metrics)

    async def statement_document_endpoint(request: Request) -> Response:
        """A commission statement as PDF: for its rep, their managers, and back office."""
        user = request.scope.get("user")
        if not isinstance(user, TokenUser):
            return _error(401, "UNAUTHENTICATED", "Sign in to download this document.")
        statement_id = database_id(request.path_params["statement_id"], "CommissionStatement")
        async with sessions() as session:
            viewer = await viewer_for(session, user.claims)
            statement = (
                await session.get(CommissionStatement, statement_id)
                if statement_id is not None
                else None
            )
            if statement is None or not viewer.may_see_owner(statement.rep_id):
                return _error(404, "NOT_FOUND", "No statement with this id.")
            document = (await statement_documents(session, [statement.id]))[0]
        if document is None:
            return _error(404, "NOT_FOUND", "No statement with this id.")
        started = time.perf_counter()
        extend_deadline(request, config.long_operation_seconds)
        body = await render_statement(config.cpu, document)
        if metrics is not None:
            metrics.pdf_seconds.labels("statement").observe(time.perf_counter() - started)
        return Response(
            body,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="statement-{statement_id}.pdf"'},
        )

    return quote_document_endpoint, shared_document_endpoint, statement_document_endpoint
