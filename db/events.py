"""Publishing events through PostgreSQL NOTIFY, inside the writer's transaction.

NOTIFY is delivered only when (and if) the transaction commits, so a
subscriber never hears of a decision that was rolled back, and every server
process listening on the channel hears it, whichever process made it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CHANNEL = "dealdesk_events"
# Not sent by writers: the listening process hands it to its subscribers after it
# reconnected, since notifications sent while it was away are lost for good.
RESYNC = "resync"
# Sent by the ``users`` table's trigger (migration 0006) whenever a user's
# ``active`` flag changes or the user is deleted, whoever made the change.
USER = "user"


async def publish(session: AsyncSession, topic: str, **data: Any) -> None:
    payload = json.dumps({"topic": topic, **data}, default=str)
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
    )
