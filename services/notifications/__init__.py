"""Telling the outside world: the outbox of domain events, webhooks, push, reminders.

The topics of the events are ``db.models.outbox.Topic``.

- ``outbox``: appending an event in the transaction that made the change.
- ``urls``: which URLs a webhook (or a push service) may be.
- ``webhooks``: OPS's endpoints (create, update, rotate the secret, delete) and redelivery.
- ``webhook_delivery``: the fan-out, the signed POST, retries with backoff, the dead letter.
- ``push``: the ``PushSender`` hook (Web Push built in; FCM/APNs plug in) and subscriptions.
- ``reminders``: period-close reminders, once per period and kind.
"""
