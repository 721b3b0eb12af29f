"""``Quote.relevantContent``: content that fits the deal, for the viewer's roles."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from schema.errors import BadUserInput
from schema.permissions import require_viewer
from schema.rows import loader
from schema.types.content import ContentItem

RELEVANT_MAX = 50


async def relevant_content(info: strawberry.Info, quote_id: int, first: int) -> list[ContentItem]:
    """The best ``first`` live items for the quote: its products, their families, the
    account's industry and segment among the tags, a kind that suits its stage."""
    if not 1 <= first <= RELEVANT_MAX:
        raise BadUserInput(f"first is from 1 to {RELEVANT_MAX}.", argument="first")
    viewer = require_viewer(info)
    roles = None if viewer.has_any(Role.OPS) else tuple(sorted(r.value for r in viewer.roles))
    rows = await loader(info, "content.relevant_by_quote").load((quote_id, first, roles))
    return [ContentItem.from_row(row) for row in rows]
