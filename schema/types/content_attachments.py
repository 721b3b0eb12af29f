"""A file attached to a content item, and the link that downloads it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry import relay

from db.actor import Actor
from schema.nodes import nodes_via
from schema.permissions import require_viewer
from schema.rows import FromRow, loader, required
from schema.types.user import User


async def _readable_items(info: strawberry.Info, viewer: Actor, rows: list[Any]) -> Any:
    """An attachment is visible where its item is (``ContentItem``'s own rule)."""
    from schema.types.content import content_visible  # the item type names this one

    items = await loader(info, "content.item_by_id").load_many([r.content_item_id for r in rows])
    visible = {i.id for i in items if i is not None and content_visible(viewer, i)}
    return lambda _viewer, row: row.content_item_id in visible


@strawberry.type(
    description="A file attached to a content item: a PDF, slides, a spreadsheet, an image, "
    "a video or plain text. Stored once per content (SHA-256), whoever uploads it again."
)
class ContentAttachment(relay.Node, FromRow):
    id: relay.NodeID[int]
    file_name: str
    """The name it was uploaded under."""
    media_type: str
    """Its media type, as its bytes were found to be (e.g. "application/pdf")."""
    size: int
    """Its size in bytes."""
    sha256: str
    """The SHA-256 of its bytes, lower-case hex: a checksum, and the download's ETag."""
    created_at: datetime
    """When it was attached."""
    uploaded_by_id: strawberry.Private[int]
    content_item_id: strawberry.Private[int]

    resolve_nodes = nodes_via("content.attachment_by_id", scope=_readable_items)

    uploaded_by = required("user_by_id", "uploaded_by_id", User, description="Who attached it.")

    @strawberry.field(
        description="Where to download it: a URL for you alone, valid for a few minutes "
        "(DEALDESK_ATTACHMENT_LINK_TTL_SECONDS) and needing no Authorization header, so a "
        "phone can hand it to a viewer, a player or the share sheet. It answers 410 once "
        "the item is retired, 404 if you may no longer read it; read the item again for a "
        "fresh link."
    )
    def download_url(self, info: strawberry.Info) -> str:
        viewer = require_viewer(info)
        path = info.context.config.attachments.download_path(
            self.id, self.file_name, viewer.user_id, datetime.now(UTC)
        )
        request = info.context.request
        base = "" if request is None else str(request.base_url).rstrip("/")
        return f"{base}{path}"
