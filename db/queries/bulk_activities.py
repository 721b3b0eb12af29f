"""Appending a batch of activities and rolling it up in one set-based statement.

The Python path (``services.performance.rollups``) folds the new facts into day rollups
in the app and sends the sums; here PostgreSQL does the fold: the batch goes in as
arrays, the log insert skips the rows already logged (same rep and external id), and
the rows it did add are joined to the current definitions (one row per definition and
source kind, with its filters as a JSON object the attributes must contain) and to each
rep's zone, then summed per (metric, version, rep, local day) into the day rollups,
the contest totals, the distinct keys and the per-currency rollups, all in the same
statement. It gives the rollups ``gamification.rollups.fold`` gives for facts without a
reversal (the caller sends those the Python way); hours come from the caller, computed
as the engine computes them, so sums match to the digit.

The statement returns how many activities it added, their reps (the contest notification
names them) and the rep, kind and instant of those added whose kind completes an open item
of one of the rep's open onboarding programmes (only those may tick one: a dialer's batch
of calls for an enrolled rep no longer costs three look-ups an activity), so the rows
themselves never come back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Integer, Numeric, String, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.activities import LOG_COLUMNS
from db.queries.rollups import DAY_ROLLUP_KEY, adding_to, contest_totals_from

DEFINITION_COLUMNS: dict[str, Any] = {
    "d_metric": String,
    "d_version": Integer,
    "d_kind": String,
    "d_aggregate": String,
    "d_measure": String,
    "d_filter": String,
}
"""One row per (definition, source kind): key, version, kind, aggregate, measure, filters
(a JSON object of attribute → value, or null)."""

BULK_INSERT = text(
    f"""
    WITH src AS (
        SELECT u.rep_id, u.kind, u.occurred_at, u.quantity, u.amount, u.duration_seconds,
            u.customer_key, CAST(u.attributes AS jsonb) AS attributes, u.external_id,
            u.account_id, u.quote_id, u.contact, u.recorded_by, u.hours
        FROM unnest(:rep_id, :kind, :occurred_at, :quantity, :amount,
            :duration_seconds, :customer_key, :attributes, :external_id, :account_id,
            :quote_id, :contact, :recorded_by, :hours)
        AS u(rep_id, kind, occurred_at, quantity, amount, duration_seconds, customer_key,
            attributes, external_id, account_id, quote_id, contact, recorded_by, hours)
    ),
    ins AS (
        INSERT INTO activities (rep_id, kind, occurred_at, quantity, amount, duration_seconds,
            customer_key, attributes, external_id, account_id, quote_id, contact, recorded_by)
        SELECT rep_id, kind, occurred_at, quantity, amount, duration_seconds, customer_key,
            attributes, external_id, account_id, quote_id, contact, recorded_by
        FROM src
        ON CONFLICT (rep_id, external_id) DO NOTHING
        RETURNING rep_id, external_id
    ),
    zones AS (SELECT * FROM unnest(:z_rep, :z_zone) AS z(rep_id, zone)),
    added AS (
        SELECT s.* FROM src s WHERE s.external_id IS NULL
        UNION ALL
        SELECT s.* FROM src s JOIN ins i ON i.rep_id = s.rep_id AND i.external_id = s.external_id
    ),
    new AS (
        SELECT a.*, (a.occurred_at AT TIME ZONE z.zone)::date AS day
        FROM added a JOIN zones z ON z.rep_id = a.rep_id
    ),
    defs AS (
        SELECT metric, version, kind, aggregate, measure, CAST(filter AS jsonb) AS filter
        FROM unnest(:d_metric, :d_version, :d_kind, :d_aggregate, :d_measure, :d_filter)
        AS d(metric, version, kind, aggregate, measure, filter)
    ),
    hit AS (
        SELECT d.metric, d.version, n.rep_id, n.day,
            CASE WHEN d.aggregate = 'DISTINCT_COUNT' THEN n.customer_key END AS key,
            CASE
                WHEN d.aggregate = 'DISTINCT_COUNT' THEN 0
                WHEN d.measure = 'ONE' THEN 1
                WHEN d.measure = 'QUANTITY' THEN n.quantity
                WHEN d.measure = 'AMOUNT' THEN coalesce(n.amount, 0)
                ELSE coalesce(n.hours, 0)
            END AS total,
            CASE
                WHEN d.aggregate <> 'DISTINCT_COUNT' AND d.measure = 'AMOUNT'
                THEN n.attributes ->> 'currency'
            END AS currency
        FROM new n
        JOIN defs d ON d.kind = n.kind
        WHERE (d.filter IS NULL OR n.attributes @> d.filter)
          AND (d.aggregate <> 'DISTINCT_COUNT' OR n.customer_key IS NOT NULL)
    ),
    sums AS (
        SELECT metric, version, rep_id, day, count(*) AS count, sum(total) AS total
        FROM hit GROUP BY metric, version, rep_id, day
    ),
    days AS (
        INSERT INTO metric_rollups (metric, version, rep_id, day, count, total)
        SELECT * FROM sums ORDER BY metric, version, rep_id, day
        {adding_to("metric_rollups", *DAY_ROLLUP_KEY)}
    ),
    totals AS ({contest_totals_from("sums")}),
    keys AS (
        INSERT INTO metric_distinct_keys (metric, version, rep_id, day, key)
        SELECT DISTINCT metric, version, rep_id, day, key FROM hit WHERE key IS NOT NULL
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT DO NOTHING
    ),
    money AS (
        INSERT INTO metric_currency_rollups (metric, version, rep_id, day, currency, count, total)
        SELECT metric, version, rep_id, day, currency, count(*), sum(total)
        FROM hit WHERE currency IS NOT NULL
        GROUP BY metric, version, rep_id, day, currency
        ORDER BY 1, 2, 3, 4, 5
        {adding_to("metric_currency_rollups", *DAY_ROLLUP_KEY, "currency")}
    )
    SELECT count(*), coalesce(array_agg(DISTINCT n.rep_id), '{{}}'),
        coalesce(array_agg(n.rep_id ORDER BY n.occurred_at) FILTER (WHERE o.ticks), '{{}}'),
        coalesce(array_agg(n.kind ORDER BY n.occurred_at) FILTER (WHERE o.ticks), '{{}}'),
        coalesce(array_agg(n.occurred_at ORDER BY n.occurred_at) FILTER (WHERE o.ticks), '{{}}')
    FROM new n LEFT JOIN (
        SELECT DISTINCT e.rep_id, i.activity_kind AS kind, true AS ticks
        FROM onboarding_enrolments e
        JOIN onboarding_items i ON i.programme_id = e.programme_id
        WHERE e.completed_at IS NULL AND i.activity_kind IS NOT NULL
          AND NOT EXISTS (SELECT FROM onboarding_completions c
                          WHERE c.enrolment_id = e.id AND c.item_id = i.id)
    ) o ON o.rep_id = n.rep_id AND o.kind = n.kind
    """
).bindparams(
    *(bindparam(name, type_=ARRAY(kind)) for name, kind in LOG_COLUMNS.items()),
    bindparam("hours", type_=ARRAY(Numeric)),
    *(bindparam(name, type_=ARRAY(kind)) for name, kind in DEFINITION_COLUMNS.items()),
    bindparam("z_rep", type_=ARRAY(Integer)),
    bindparam("z_zone", type_=ARRAY(String)),
)

LOCK_FOR_APPEND = text("LOCK TABLE activities IN ROW EXCLUSIVE MODE")
"""What the insert takes anyway, taken before the definitions are read: a definition change
(``lock_log_for_recompute``) either committed before (its version is read) or waits for
this transaction (its recompute then reads these rows)."""


async def lock_for_append(session: AsyncSession) -> None:
    await session.execute(LOCK_FOR_APPEND)


@dataclass(frozen=True, slots=True)
class Appended:
    """What a set-based append added: how many, for which reps, and the (rep, kind, instant)
    of those whose kind completes an open item of the rep's open onboarding programmes,
    oldest first."""

    count: int
    reps: frozenset[int]
    onboarding: list[tuple[int, str, datetime]]


async def insert_and_roll_up(
    session: AsyncSession,
    columns: Mapping[str, Sequence[Any]],
    hours: Sequence[Any],
    definitions: Mapping[str, Sequence[Any]],
    zones: Mapping[int, str],
) -> Appended:
    """Append the batch (``LOG_COLUMNS`` lists, ``attributes`` as mappings, plus each row's
    worked hours) and roll the rows it added up under ``definitions``
    (``DEFINITION_COLUMNS`` lists) in each rep's zone name."""
    if not columns["rep_id"]:
        return Appended(0, frozenset(), [])
    params: dict[str, Any] = {name: columns[name] for name in LOG_COLUMNS}
    params["attributes"] = [json.dumps(value) if value else "{}" for value in columns["attributes"]]
    params["hours"] = list(hours)
    params.update({name: list(definitions[name]) for name in DEFINITION_COLUMNS})
    params["z_rep"], params["z_zone"] = list(zones), list(zones.values())
    count, reps, o_reps, o_kinds, o_ats = (await session.execute(BULK_INSERT, params)).one()
    return Appended(count, frozenset(reps), list(zip(o_reps, o_kinds, o_ats, strict=True)))
