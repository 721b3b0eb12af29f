"""``slippageReported``: a manager hears the moment a deal of their team slips.

The writer NOTIFYs the event's id and the rep's managers (keys only); each
subscriber keeps the events naming them (or every event, for roles that see all
sales records), then reads the event fresh while they may see it. After the hub
lost contact with the database, the slips since then are sent again.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any

import strawberry

from db.queries import forecast as queries
from resolvers.subscriptions import events, fresh_node, is_resync, read_fresh, subscriber
from schema.types.performance.forecast import SlippageEvent
from services.performance.slippage import SLIPPAGE_TOPIC

RESENT_AT_MOST = 200


async def _since(
    info: strawberry.Info, owners: frozenset[int] | None, event: dict[str, Any]
) -> list[SlippageEvent]:
    """The slips recorded since the hub may have missed events, oldest first."""
    since = datetime.fromisoformat(event["since"]) if event.get("since") else None
    if since is None:
        return []

    async def read() -> list[Any]:
        async with info.context.db.read() as session:
            return await queries.slips_recorded_since(session, owners, since, RESENT_AT_MOST)

    return [SlippageEvent.from_row(row) for row in await read_fresh(info, read)]


@strawberry.type
class ForecastSubscriptions:
    @strawberry.subscription(
        description="Each slip of a deal of your team (a close date moved into a later fiscal "
        "quarter) the moment the rep saves it, with the amount, the periods and the reason. "
        "A manager hears their team's (at any depth); OPS, FINANCE and ADMIN everyone's; a "
        "rep their own. After the server lost contact with the database, the slips since then "
        "are sent again."
    )
    async def slippage_reported(self, info: strawberry.Info) -> AsyncGenerator[SlippageEvent, None]:
        viewer = subscriber(info)
        me, everyone = viewer.user_id, viewer.sees_all_sales_records()

        def concerns_me(event: dict[str, Any]) -> bool:
            return event.get("topic") == SLIPPAGE_TOPIC and (
                everyone or me == event.get("rep_id") or me in (event.get("managers") or [])
            )

        async for event in events(info, concerns_me):
            if is_resync(event):
                for slip in await _since(info, viewer.visible_owner_ids(), event):
                    yield slip
                continue
            found = await fresh_node(info, SlippageEvent, int(event["id"]))
            if found is not None:
                yield found
