"""``/attachments/{token}/{name}``: a content attachment's bytes, for the holder of a link.

The link comes from ``ContentItem.attachments { downloadUrl }`` and is checked when used
(``services.content.attachment_downloads``): an expired or tampered link is refused, a
retired item answers 410 ``RETIRED``, an item the user may no longer read 404. The file is
served from the store as it is (``Range`` requests work, for video), with the type it was
sniffed as, ``nosniff``, an inline ``Content-Disposition`` whose name is percent-encoded
where it is not plain ASCII, and the SHA-256 as a strong ``ETag`` (``If-None-Match``
answers 304: the bytes behind a digest never change).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse

from schema.context import ApiConfig
from services.content.attachment_downloads import DownloadRefused, attachment_for_link
from services.storage.blobs import LocalBlobStore


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


def attachment_endpoint(
    sessions: async_sessionmaker[AsyncSession], config: ApiConfig
) -> Callable[[Request], Awaitable[Response]]:
    async def download(request: Request) -> Response:
        attachments = config.attachments
        if attachments is None:
            return _error(404, "NOT_FOUND", "No attachment here.")
        async with sessions() as session:
            try:
                found = await attachment_for_link(
                    session, attachments, request.path_params["token"], datetime.now(UTC)
                )
            except DownloadRefused as exc:
                return _error(exc.status, exc.code, exc.message)
        etag = f'"{found.sha256}"'
        headers = {
            "etag": etag,
            "cache-control": "private, max-age=300",
            "x-content-type-options": "nosniff",
        }
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        store = attachments.store
        if isinstance(store, LocalBlobStore):
            return FileResponse(
                store.path(found.sha256),
                headers=headers,
                media_type=found.media_type,
                filename=found.file_name,
                content_disposition_type="inline",
            )
        headers["content-length"] = str(found.size)
        return StreamingResponse(
            store.chunks(found.sha256), headers=headers, media_type=found.media_type
        )

    return download
