"""Error responses refused at the HTTP edge, shaped like GraphQL errors.

Whatever refuses a request before or around GraphQL execution (a body too big,
a malformed body, the database down) answers ``{"errors": [{message,
extensions: {code}}]}`` with no ``data``, in the media type the client asked
for (GraphQL over HTTP): ``application/graphql-response+json`` when accepted,
``application/json`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.responses import JSONResponse

from db.availability import RETRY_AFTER_SECONDS
from schema.error_codes import SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE

__all__ = ["SERVICE_UNAVAILABLE", "UNAVAILABLE_MESSAGE", "error_response", "unavailable_headers"]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def accepts_graphql_response_json(headers: Headers) -> bool:
    return GRAPHQL_RESPONSE_JSON in headers.get("accept", "")


def error_response(
    headers: Headers,
    status_code: int,
    code: str,
    message: str,
    extra_headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    json_type = (
        f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        if accepts_graphql_response_json(headers)
        else None
    )
    media_type = json_type or "application/json"
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status_code,
        headers=dict(extra_headers or {}),
        media_type=media_type,
    )


def unavailable_headers() -> dict[str, str]:
    return {"retry-after": str(RETRY_AFTER_SECONDS)}
