"""Download links of attachments: short-lived signed URLs, checked again when used.

A phone hands a URL to whatever shows the file (the system PDF viewer, a video player, an
image view, the share sheet), and most of those cannot add an ``Authorization`` header. So
``ContentItem.attachments`` gives each viewer a URL carrying a signed token (HS256 with
the server's secret) naming the attachment and the viewer, valid for minutes. When the URL
is fetched, the user must still be active and the item still visible to their current
roles: a retired item answers that it was retired, an item taken out of their audience
answers that nothing is there.
"""

from __future__ import annotations

from datetime import datetime

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from content.window import ContentStatus, readable, status
from db.models.content_attachments import ContentAttachment
from db.models.users import Role, User
from db.queries.content_attachments import attachment_with_item
from services.content.attachments import PURPOSE, Attachments
from services.link_refusal import LinkRefused


class DownloadRefused(LinkRefused):
    """Why a download link serves nothing."""


def _read(attachments: Attachments, token: str) -> tuple[int, int]:
    try:
        claims = jwt.decode(
            token,
            attachments.link_secret,
            algorithms=["HS256"],
            options={"require": ["exp", "aid", "sub", "typ"]},
        )
        if claims["typ"] != PURPOSE:
            raise jwt.InvalidTokenError("not a download link")
        return int(claims["aid"]), int(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise DownloadRefused(
            410, "TOKEN_EXPIRED", "This download link has expired: read the item again."
        ) from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise DownloadRefused(403, "INVALID_TOKEN", "This download link is not valid.") from exc


async def attachment_for_link(
    session: AsyncSession, attachments: Attachments, token: str, now: datetime
) -> ContentAttachment:
    """The attachment a link serves now, or ``DownloadRefused`` saying why not."""
    attachment_id, user_id = _read(attachments, token)
    found = await attachment_with_item(session, attachment_id)
    user = await session.get(User, user_id)
    missing = DownloadRefused(404, "NOT_FOUND", "No attachment here.")
    if found is None or user is None or not user.active:
        raise missing
    attachment, item = found
    roles = [Role(r).value for r in user.roles]
    back_office = Role.OPS.value in roles or Role.ADMIN.value in roles
    if not readable(item.audience_roles, item.publish_at, roles, now, sees_all=back_office):
        raise missing
    if status(item.publish_at, item.retire_at, now) is ContentStatus.RETIRED:
        raise DownloadRefused(410, "RETIRED", "This content item was retired.")
    return attachment
