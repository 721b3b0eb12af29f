"""The request's deadline, as work that is long by design may extend it.

The server stops every HTTP request that runs past its deadline (see
``server.deadline``) and keeps the running ``asyncio.Timeout`` in the request's
scope state under ``DEADLINE_KEY``. A resolver that knowingly runs long (closing
a commission period) pushes it out with ``extend_deadline``.
"""

from __future__ import annotations

import asyncio
from typing import Any

DEADLINE_KEY = "deadline"


def extend_deadline(request: Any, seconds: float) -> None:
    """Let this request run ``seconds`` from now, if that is later than its deadline."""
    scope = getattr(request, "scope", None) or {}
    timeout: asyncio.Timeout | None = scope.get("state", {}).get(DEADLINE_KEY)
    if timeout is None or timeout.expired():
        return
    when = asyncio.get_running_loop().time() + seconds
    current = timeout.when()
    if current is not None and current < when:
        timeout.reschedule(when)
