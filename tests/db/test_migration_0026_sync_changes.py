"""Revision 0026 adds the sync change log and its triggers: a transaction's changes are one row
per entity, kind and scope, numbered at commit (so in commit order), quotes carry their owner
and content its audience; it goes down again without a trace."""

from __future__ import annotations

import asyncio

import asyncpg
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import dsn, execute, fetch_row

LOG = (
    "SELECT count(*) AS n, count(position) AS numbered, "
    "array_agg(entity_type || ':' || kind ORDER BY position) AS kinds FROM sync_changes"
)
LEFT = (
    "SELECT (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'sync_%') AS tables, "
    "(SELECT count(*) FROM pg_proc WHERE proname LIKE 'sync_%') AS functions, "
    "(SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'sync_%') AS triggers, "
    "(SELECT count(*) FROM pg_class WHERE relname = 'sync_position_seq') AS sequences"
)


async def _interleaved(url: str) -> list[tuple[str, int]]:
    """T1 writes first and commits last; T2 commits in between."""
    first, second = await asyncpg.connect(dsn(url)), await asyncpg.connect(dsn(url))
    try:
        t1 = first.transaction()
        await t1.start()
        await first.execute("INSERT INTO products (sku, name) VALUES ('ONE', 'One')")
        await first.execute("UPDATE products SET name = 'One!' WHERE sku = 'ONE'")
        await second.execute("INSERT INTO products (sku, name) VALUES ('TWO', 'Two')")
        await t1.commit()
        rows = await second.fetch(
            "SELECT p.sku, c.position FROM sync_changes c JOIN products p ON p.id = c.entity_id "
            "WHERE c.entity_type = 'PRODUCT' ORDER BY c.position"
        )
        return [(r["sku"], r["position"]) for r in rows]
    finally:
        await first.close()
        await second.close()


def test_the_log_is_numbered_in_commit_order_and_the_revision_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0026_sync_changes")
    assert asyncio.run(_interleaved(scratch_url)) == [("TWO", 1), ("ONE", 2)]

    asyncio.run(
        execute(
            scratch_url,
            (
                "INSERT INTO users (email, name, password_hash, roles) VALUES "
                "('a@b.c', 'A', 'x', '{REP}')",
            ),
            (
                "INSERT INTO content_items (kind, title, language, publish_at, created_by_id, "
                "audience_roles, tags, product_ids, families, competitors) SELECT 'PRODUCT_SHEET', 'T', "
                "'en', now(), id, '{REP}', '{}', '{}', '{}', '{}' FROM users",
            ),
            ("UPDATE content_items SET audience_roles = '{MANAGER}'",),
            ("UPDATE products SET active = false WHERE sku = 'TWO'",),
            ("DELETE FROM products WHERE sku = 'ONE'",),
        )
    )
    row = asyncio.run(fetch_row(scratch_url, LOG))
    assert row["n"] == row["numbered"]  # every committed change has its position
    assert row["kinds"][2:] == [
        "CONTENT_ITEM:UPSERT",
        "CONTENT_ITEM:REVOKE",  # the old audience loses it …
        "CONTENT_ITEM:UPSERT",  # … before the new one gets it
        "PRODUCT:RETIRE",
        "PRODUCT:DELETE",
    ]
    audiences = asyncio.run(
        fetch_row(
            scratch_url,
            "SELECT array_agg(audience_roles::text ORDER BY position) AS a FROM sync_changes "
            "WHERE entity_type = 'CONTENT_ITEM'",
        )
    )
    assert audiences["a"] == ["{REP}", "{REP}", "{MANAGER}"]

    command.downgrade(alembic_config(scratch_url), "0025_persisted_queries")
    assert dict(asyncio.run(fetch_row(scratch_url, LEFT))) == {
        "tables": 0,
        "functions": 0,
        "triggers": 0,
        "sequences": 0,
    }
    upgrade(scratch_url)  # and up again
