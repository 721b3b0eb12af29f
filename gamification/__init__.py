"""The sales-performance engine: activities, KPIs, slippage, forecasts, contests, badges.

Pure like the other engines: no I/O, no ORM, no GraphQL and no clock. Instants,
time zones, the fiscal calendar and every definition come in as arguments, and
each result carries the facts that explain it (numerator, denominator, the
definition version, the tie-breaker), so a rep or a manager can check a number.
"""
