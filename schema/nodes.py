"""``resolve_nodes`` for Relay types, built one way: through the request's loader, for a
signed-in viewer, with an optional visibility rule.

Missing and not-visible both come back ``null``, so an id never tells whether
something exists that the viewer may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import strawberry

from schema.permissions import viewer_of
from schema.viewer import Viewer


def nodes_via(loader_name: str, visible: Callable[[Viewer, Any], bool] | None = None) -> Any:
    async def resolve_nodes(
        cls: Any, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        ids = [int(i) for i in node_ids]
        viewer = viewer_of(info)
        if viewer is None:
            return [None for _ in ids]
        rows = await getattr(info.context.loaders, loader_name).load_many(ids)
        return [
            cls.from_row(row) if row is not None and (visible is None or visible(viewer, row)) else None for row in rows
        ]

    return classmethod(resolve_nodes)


def owned(viewer: Viewer, row: Any) -> bool:
    """Rows with an ``owner_id``: the owner, their managers, back office."""
    return viewer.may_see_owner(row.owner_id)
