"""HTTP caching of GET queries: a strong ETag, revalidation, and compression on top.

A successful GET query (no GraphQL errors) gets ``ETag`` (the body's sha256),
``Cache-Control: private, no-cache`` (per user: a cache may keep it but must ask first) and
``Vary: Authorization, Accept``. A request whose ``If-None-Match`` holds that tag is answered
304 with no body: the phone keeps the bytes it has. POSTs and mutations get none of this.

The tag names the uncompressed body. ``EncodedETag`` (outside the compression middleware)
appends the content coding to the tag of a compressed response (``"…-br"``), so two
representations never share a strong tag, and ``conditional_get`` takes a tag with or
without that suffix back as the same body (as Apache's ``mod_deflate`` does).
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_CONTROL = "private, no-cache"
VARY = "Authorization, Accept"
CODINGS = ("gzip", "br", "zstd")


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _opaque(tag: str) -> str:
    """The tag as ``conditional_get`` made it: no ``W/``, no content-coding suffix."""
    tag = tag.strip()
    tag = tag.removeprefix("W/")
    for coding in CODINGS:
        suffix = f'-{coding}"'
        if tag.endswith(suffix):
            return tag[: -len(suffix)] + '"'
    return tag


def matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison, as If-None-Match asks (RFC 9110, 13.1.2); ``*`` matches any."""
    if if_none_match.strip() == "*":
        return True
    return any(_opaque(candidate) == tag for candidate in if_none_match.split(",") if candidate)


def conditional_get(request: Request, response: Response) -> Response:
    """``response`` tagged, or a bodiless 304 when the client already holds it."""
    tag = entity_tag(bytes(response.body))
    headers = {"etag": tag, "cache-control": CACHE_CONTROL, "vary": VARY}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response


class EncodedETag:
    """Appends the content coding to a compressed response's strong ETag."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                tag = headers.get("etag")
                coding = headers.get("content-encoding")
                if tag and coding and tag.startswith('"') and tag.endswith('"'):
                    headers["etag"] = f'{tag[:-1]}-{coding}"'
            await send(message)

        await self.app(scope, receive, send_tagged)
