"""Scheduled and background work on PostgreSQL, with procrastinate.

- ``app``: the procrastinate ``App`` for a ``Settings`` (its psycopg connector, the tasks, their
  schedules); procrastinate's tables come from the Alembic revision ``0019_job_queue``.
- ``tasks``: the tasks, thin: each opens one transaction and calls a use case in ``services``.
- ``runtime``: what a task needs (sessions, the pricing policy, the clock), handed to the
  worker, never a global.
- ``worker``: running a worker (``dealdesk worker``, or in-process under ``dealdesk serve``),
  graceful stop, and retrying the jobs of a worker that died.
- ``delivery``: the retry policy outbound deliveries (``deliver_*`` tasks) use.
"""
