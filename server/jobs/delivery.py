"""How outbound deliveries retry: email, webhooks, push (tasks named ``deliver_*``).

A delivery task takes the id of an outbox row, not the message: it loads the row in a
transaction, skips it when it is already delivered (a retry after a crash between the send
and the commit must not send twice where the receiver can tell, and say so where it cannot),
sends, then marks it delivered. A failure raises, and procrastinate retries the job with
``DELIVERY_RETRY``; after the last attempt the job is ``failed``, which is the dead letter an
operator can list and retry (``procrastinate`` ``retry_job_by_id``). Register one like this::

    app.task(name="deliver_webhook", pass_context=True, retry=DELIVERY_RETRY,
             queue=DELIVERY_QUEUE)(deliver_webhook)
"""

from __future__ import annotations

from procrastinate import RetryStrategy

from services.notifications.outbox import DELIVERY_QUEUE as QUEUE

DELIVERY_QUEUE = QUEUE
"""Kept apart from the scheduled work, so a slow receiver never delays an escalation."""

DELIVERY_RETRY = RetryStrategy(max_attempts=10, exponential_wait=2)
"""Waits 4 s, 8 s, 16 s … about 34 minutes before the tenth and last attempt (2 ** (n + 1))."""
