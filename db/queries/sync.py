"""The SQL of delta sync: the change log's latest visible change per entity after a position,
the first sync's snapshot of every visible entity, content crossing its publish or retire
instant in a time window, and the log's pruning.

Visibility is a filter in the SQL (never a filter after a LIMIT): a quote's rows are kept for
the owners the reader may see, a content item's for its audience roles; catalog, price book and
clause rows for everyone signed in. Migration 0026 writes the log and explains its ordering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, INTEGER, VARCHAR, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models.quotes import Clause, ClauseVersion

SNAPSHOT_RANKS = (
    "PRODUCT",
    "PRICE_BOOK",
    "PRICE_BOOK_ENTRY",
    "CLAUSE",
    "CONTENT_ITEM",
    "QUOTE",
)
"""The order a first sync walks the entity types in (its keyset is (rank, id))."""


@dataclass(frozen=True, slots=True)
class Reader:
    """What the reader may see, as the SQL filters take it."""

    owner_ids: frozenset[int] | None
    """The quote owners it may see; None: every owner."""
    roles: frozenset[str]
    """Its role names, matched against content audiences."""
    all_content: bool
    """OPS and admins: every content item, scheduled ones too."""

    def params(self) -> dict[str, object]:
        return {
            "all_owners": self.owner_ids is None,
            "owners": sorted(self.owner_ids or ()),
            "roles": sorted(self.roles),
            "all_content": self.all_content,
        }


_TYPED = (
    bindparam("owners", type_=ARRAY(INTEGER)),
    bindparam("roles", type_=ARRAY(VARCHAR(20))),
)

_VISIBLE_CHANGE = """
    (c.entity_type <> 'QUOTE' OR :all_owners OR c.owner_id = ANY(:owners))
    AND (c.entity_type <> 'CONTENT_ITEM' OR :all_content
         OR cardinality(c.audience_roles) = 0 OR c.audience_roles && :roles)
"""

_AUDIENCE = "(:all_content OR cardinality(i.audience_roles) = 0 OR i.audience_roles && :roles)"


@dataclass(frozen=True, slots=True)
class Change:
    position: int
    entity_type: str
    entity_id: int
    kind: str


@dataclass(frozen=True, slots=True)
class Changes:
    horizon: int
    """The highest position committed when read: every position up to it is final."""
    pruned_through: int
    """The highest position pruning removed: a cursor below it may have missed changes."""
    changes: list[Change]


_DELTA = text(f"""
WITH marks AS (
    SELECT (SELECT coalesce(max(position), 0) FROM sync_changes) AS horizon,
           (SELECT coalesce(max(through), 0) FROM sync_pruned) AS pruned
),
latest AS (
    SELECT DISTINCT ON (c.entity_type, c.entity_id)
           c.position, c.entity_type, c.entity_id, c.kind
    FROM sync_changes c
    WHERE c.position > :after AND {_VISIBLE_CHANGE}
    ORDER BY c.entity_type, c.entity_id, c.position DESC
),
page AS (SELECT * FROM latest ORDER BY position LIMIT :size)
SELECT m.horizon, m.pruned, p.position, p.entity_type, p.entity_id, p.kind
FROM marks m LEFT JOIN page p ON true
ORDER BY p.position
""").bindparams(*_TYPED)


async def changes_after(session: AsyncSession, reader: Reader, after: int, size: int) -> Changes:
    """The latest change of each entity the reader may see with a position above ``after``,
    by position, at most ``size``; with the horizon and the pruning mark, in one statement."""
    rows = (await session.execute(_DELTA, {"after": after, "size": size, **reader.params()})).all()
    horizon, pruned = (rows[0][0], rows[0][1]) if rows else (0, 0)
    return Changes(
        horizon=int(horizon),
        pruned_through=int(pruned),
        changes=[Change(int(r[2]), r[3], int(r[4]), r[5]) for r in rows if r[2] is not None],
    )


_SNAPSHOT = text(f"""
WITH marks AS (SELECT coalesce(max(position), 0) AS horizon FROM sync_changes),
keys AS (
    SELECT 0 AS rank, p.id FROM products p WHERE p.active
    UNION ALL
    SELECT 1, b.id FROM price_books b WHERE b.active
    UNION ALL
    SELECT 2, e.id FROM price_book_entries e
    JOIN price_books b ON b.id = e.price_book_id AND b.active
    UNION ALL
    SELECT 3, c.id FROM clauses c WHERE c.active
    UNION ALL
    SELECT 4, i.id FROM content_items i
    WHERE (i.retire_at IS NULL OR i.retire_at > :now)
      AND (:all_content OR (i.publish_at <= :now AND {_AUDIENCE}))
    UNION ALL
    SELECT 5, q.id FROM quotes q WHERE :all_owners OR q.owner_id = ANY(:owners)
),
page AS (
    SELECT rank, id FROM keys WHERE (rank, id) > (:rank, :id) ORDER BY rank, id LIMIT :size
)
SELECT m.horizon, p.rank, p.id FROM marks m LEFT JOIN page p ON true ORDER BY p.rank, p.id
""").bindparams(*_TYPED)


async def snapshot_after(
    session: AsyncSession,
    reader: Reader,
    after: tuple[int, int],
    now: datetime,
    size: int,
) -> tuple[int, list[tuple[int, int]]]:
    """A first sync's page: every entity the reader may see (active products, books and
    their entries, clauses; readable live content; its quotes) after the key ``after``
    ((rank, id), ranks from ``SNAPSHOT_RANKS``), at most ``size``; with the log's horizon read
    in the same statement (changes after it reach the reader by the log)."""
    rank, key = after
    rows = (
        await session.execute(
            _SNAPSHOT,
            {"rank": rank, "id": key, "now": now, "size": size, **reader.params()},
        )
    ).all()
    horizon = int(rows[0][0]) if rows else 0
    return horizon, [(int(r[1]), int(r[2])) for r in rows if r[1] is not None]


_WINDOW = text(f"""
SELECT i.id FROM content_items i
WHERE ((i.publish_at > :start AND i.publish_at <= :end)
       OR (i.retire_at > :start AND i.retire_at <= :end))
  AND i.id > :after AND {_AUDIENCE}
ORDER BY i.id LIMIT :size
""").bindparams(_TYPED[1])


async def content_crossing(
    session: AsyncSession,
    reader: Reader,
    window: tuple[datetime, datetime],
    after: int,
    size: int,
) -> list[int]:
    """Content items in the reader's audience whose publish or retire instant fell in the
    window (start exclusive, end inclusive): they changed for the reader with no write."""
    start, end = window
    params = {"start": start, "end": end, "after": after, "size": size}
    params |= {k: v for k, v in reader.params().items() if k in ("roles", "all_content")}
    return [int(r[0]) for r in (await session.execute(_WINDOW, params)).all()]


async def library_entries(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, tuple[Clause, ClauseVersion]]:
    """Library clauses by id with their latest version, in one statement."""
    if not ids:
        return {}
    latest = (
        select(ClauseVersion)
        .where(ClauseVersion.clause_id.in_(ids))
        .order_by(ClauseVersion.clause_id, ClauseVersion.version.desc())
        .ext(distinct_on(ClauseVersion.clause_id))
        .subquery()
    )
    version = aliased(ClauseVersion, latest)
    stmt = select(Clause, version).join(version, version.clause_id == Clause.id)
    rows = (await session.execute(stmt)).all()
    return {clause.id: (clause, v) for clause, v in rows}


_PRUNE = text("""
WITH gone AS (
    DELETE FROM sync_changes WHERE committed_at < :before RETURNING position
)
SELECT count(*), coalesce(max(position), 0) FROM gone
""")

_COMPACT = text("""
DELETE FROM sync_changes c
WHERE c.position IS NOT NULL AND c.position <= :through AND EXISTS (
    SELECT 1 FROM sync_changes later
    WHERE later.entity_type = c.entity_type AND later.entity_id = c.entity_id
      AND later.position > c.position
      AND later.owner_id IS NOT DISTINCT FROM c.owner_id
      AND later.audience_roles IS NOT DISTINCT FROM c.audience_roles
)
""")

_MARK = text("""
INSERT INTO sync_pruned AS p (id, through) VALUES (true, :through)
ON CONFLICT (id) DO UPDATE SET through = greatest(p.through, excluded.through)
""")


async def prune(session: AsyncSession, before: datetime) -> tuple[int, int]:
    """Removes changes committed before ``before`` (a cursor from then must start over) and
    every change superseded by a later one of the same entity and scope (a reader gets only the
    latest anyway); returns how many rows each removed."""
    removed, through = (await session.execute(_PRUNE, {"before": before})).one()
    if through:
        await session.execute(_MARK, {"through": int(through)})
    horizon = await session.scalar(text("SELECT coalesce(max(position), 0) FROM sync_changes"))
    compacted = (await session.execute(_COMPACT, {"through": int(horizon or 0)})).rowcount
    return int(removed), int(compacted or 0)
