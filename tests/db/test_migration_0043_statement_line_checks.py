"""Revision 0043 checks a statement line's statement, credit, quote and adjustment with
triggers, once per statement's new lines, instead of four foreign keys: a line referring to a
missing row is still refused with the foreign key's error, nothing stored; a row a line
refers to still cannot be deleted, truncated or given another id; a delete racing an insert
still waits for it and is refused. Down again, the four foreign keys are back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import dsn, execute, fetch_row

LINE_COLUMNS = ("statement_id", "position", "kind", "description", "amount", "details")
REFERENCES = {  # the lines' column: (its table, the former foreign key's name)
    "statement_id": (
        "commission_statements",
        "fk_commission_statement_lines_statement_id_commission_s_4665",
    ),
    "credit_id": (
        "commission_credits",
        "fk_commission_statement_lines_credit_id_commission_credits",
    ),
    "quote_id": ("quotes", "fk_commission_statement_lines_quote_id_quotes"),
    "adjustment_id": (
        "commission_adjustments",
        "fk_commission_statement_lines_adjustment_id_commission__d17d",
    ),
}

# The rows lines refer to (id 1 each; quote 2 has no credit), without their own parents.
SEED = (
    ("SET session_replication_role = replica",),
    (
        "INSERT INTO commission_statements (id, period_id, rep_id, currency, sales_total,"
        " clawback_total, period_total, adjustments_total, earned_total, previously_paid,"
        " balance_due, non_cash_value, summary)"
        " VALUES (1, 1, 1, 'USD', 180, 0, 0, 0, 180, 0, 180, 0, '{}')",
    ),
    (
        "INSERT INTO quotes (id, name, account_id, owner_id, currency, status, valid_until)"
        " VALUES (1, 'Q1', 1, 1, 'USD', 'DRAFT', '2026-12-31'),"
        " (2, 'Q2', 1, 1, 'USD', 'DRAFT', '2026-12-31')",
    ),
    (
        "INSERT INTO commission_credits (id, credit_key, quote_id, rep_id, role, share,"
        " credit_date, rated_on, currency, amount, account, lines, deal_discount)"
        " VALUES (1, 'C1', 1, 1, 'DIRECT', 1, '2026-11-02', '2026-11-02', 'USD', 1200,"
        " '{}', '[]', 0)",
    ),
    (
        "INSERT INTO commission_adjustments (id, rep_id, effective_date, amount, currency,"
        " description) VALUES (1, 1, '2026-11-02', 10, 'USD', 'bonus')",
    ),
    ("SET session_replication_role = origin",),
)

FOREIGN_KEYS = (
    "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
    " AND conrelid = 'commission_statement_lines'::regclass"
)


def _line(position: int, **references: int) -> tuple[Any, ...]:
    """A line of statement 1 (unless ``statement_id`` says otherwise) at ``position``."""
    statement = references.pop("statement_id", 1)
    return (statement, position, "SALE", f"line {position}", 180, "[]", *references.values())


async def _connected(url: str, work: Callable[[asyncpg.Connection], Awaitable[Any]]) -> Any:
    conn = await asyncpg.connect(dsn(url))
    try:
        return await work(conn)
    finally:
        await conn.close()


def _copy(url: str, lines: list[tuple[Any, ...]], columns: tuple[str, ...] = ()) -> None:
    """COPY ``lines`` (``LINE_COLUMNS`` and ``columns``) as a close does."""

    async def copy(conn: asyncpg.Connection) -> None:
        await conn.copy_records_to_table(
            "commission_statement_lines", records=lines, columns=[*LINE_COLUMNS, *columns]
        )

    asyncio.run(_connected(url, copy))


def _count(url: str, sql: str) -> int:
    return int(asyncio.run(fetch_row(url, sql))[0])


def _lines(url: str) -> int:
    return _count(url, "SELECT count(*) FROM commission_statement_lines")


@pytest.fixture
def seeded(scratch_url: str) -> str:
    """The scratch database at head with a statement, two quotes, a credit and an adjustment."""
    upgrade(scratch_url)
    asyncio.run(execute(scratch_url, *SEED))
    assert _count(scratch_url, FOREIGN_KEYS) == 0  # (what refuses here is the triggers)
    return scratch_url


def test_the_foreign_keys_become_triggers_and_come_back_down(scratch_url: str) -> None:
    upgrade(scratch_url, "0042_quote_priced_lines")
    asyncio.run(execute(scratch_url, *SEED))
    _copy(scratch_url, [_line(1, credit_id=1, quote_id=1, adjustment_id=1)], tuple(REFERENCES)[1:])
    assert _count(scratch_url, FOREIGN_KEYS) == 4

    upgrade(scratch_url, "0043_statement_line_checks")
    assert _count(scratch_url, FOREIGN_KEYS) == 0
    assert _lines(scratch_url) == 1
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        _copy(scratch_url, [_line(2, quote_id=9)], ("quote_id",))

    command.downgrade(alembic_config(scratch_url), "0042_quote_priced_lines")
    assert _count(scratch_url, FOREIGN_KEYS) == 4
    assert (
        _count(scratch_url, "SELECT count(*) FROM pg_proc WHERE proname LIKE '%statement_line%'")
        == 0
    )
    assert _lines(scratch_url) == 1
    upgrade(scratch_url)  # and up again
    assert _count(scratch_url, FOREIGN_KEYS) == 0


@pytest.mark.parametrize("column", list(REFERENCES))
def test_a_line_referring_to_a_missing_row_is_refused_and_nothing_is_stored(
    seeded: str, column: str
) -> None:
    good = [_line(p, credit_id=1, quote_id=1, adjustment_id=1) for p in range(1, 500)]
    bad = _line(500, **{"credit_id": 1, "quote_id": 1, "adjustment_id": 1, column: 404})
    table, constraint = REFERENCES[column]

    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        after = _line(501, credit_id=1, quote_id=1, adjustment_id=1)
        _copy(seeded, [*good, bad, after], tuple(REFERENCES)[1:])

    assert refused.value.constraint_name == constraint
    assert refused.value.detail == f'Key ({column})=(404) is not present in table "{table}".'
    assert _lines(seeded) == 0
    _copy(seeded, good, tuple(REFERENCES)[1:])  # the same lines without the bad one
    assert _lines(seeded) == 499


def test_a_line_refers_to_nothing_but_its_statement_when_the_rest_is_null(seeded: str) -> None:
    _copy(seeded, [_line(1)])
    assert _lines(seeded) == 1


@pytest.mark.parametrize("column", list(REFERENCES))
def test_a_row_a_line_refers_to_cannot_be_deleted_truncated_or_given_another_id(
    seeded: str, column: str
) -> None:
    table, constraint = REFERENCES[column]
    key = 2 if column == "quote_id" else 1  # (quote 2: no credit refers to it)
    if column == "statement_id":
        _copy(seeded, [_line(1)])
    else:
        _copy(seeded, [_line(1, **{column: key})], (column,))
    # (statements, credits and adjustments are append-only besides: switched off here, so
    # that what refuses is the reference)
    append_only = f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"
    switch = () if table == "quotes" else ((append_only,),)
    for change in (
        f"DELETE FROM {table} WHERE id = {key}",
        f"UPDATE {table} SET id = 99 WHERE id = {key}",
        f"TRUNCATE {table} CASCADE",
    ):
        with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
            asyncio.run(execute(seeded, *switch, (change,)))
        assert refused.value.constraint_name == constraint, change
        assert refused.value.detail == (
            f'Key (id)=({key}) is still referenced from table "commission_statement_lines".'
        )
    assert _count(seeded, f"SELECT count(*) FROM {table} WHERE id = {key}") == 1
    asyncio.run(execute(seeded, *switch))
    assert _count(seeded, f"SELECT count(*) FROM {table}") == (2 if table == "quotes" else 1)


def test_a_row_no_line_refers_to_is_deleted_and_its_other_columns_change(seeded: str) -> None:
    _copy(seeded, [_line(1, quote_id=1)], ("quote_id",))
    asyncio.run(
        execute(
            seeded,
            ("UPDATE quotes SET name = 'renamed' WHERE id = 1",),
            ("DELETE FROM quotes WHERE id = 2",),
        )
    )
    assert _count(seeded, "SELECT count(*) FROM quotes") == 1


async def _race(url: str, first: str, then: str) -> BaseException | None:
    """``first`` in a transaction left open while ``then`` runs on another connection; the
    first commits once ``then`` is seen waiting for it. ``then``'s error, if any."""
    one, two = await asyncpg.connect(dsn(url)), await asyncpg.connect(dsn(url))
    try:
        transaction = one.transaction()
        await transaction.start()
        await one.execute(first)
        waiting = asyncio.create_task(two.execute(then))
        done, _ = await asyncio.wait([waiting], timeout=0.5)
        assert not done, "the second statement did not wait for the first transaction"
        await transaction.commit()
        try:
            await waiting
        except asyncpg.PostgresError as error:
            return error
        return None
    finally:
        await one.close()
        await two.close()


INSERT_LINE = (
    "INSERT INTO commission_statement_lines (statement_id, position, kind, description,"
    " quote_id, amount, details) VALUES (1, 1, 'SALE', 'x', 2, 180, '[]')"
)


def test_a_quote_delete_waits_for_the_lines_being_written_and_is_refused(seeded: str) -> None:
    error = asyncio.run(_race(seeded, INSERT_LINE, "DELETE FROM quotes WHERE id = 2"))

    assert isinstance(error, asyncpg.ForeignKeyViolationError)
    assert _count(seeded, "SELECT count(*) FROM quotes WHERE id = 2") == 1
    assert _lines(seeded) == 1


def test_lines_wait_for_a_delete_of_their_quote_and_are_refused(seeded: str) -> None:
    error = asyncio.run(_race(seeded, "DELETE FROM quotes WHERE id = 2", INSERT_LINE))

    assert isinstance(error, asyncpg.ForeignKeyViolationError)
    assert _lines(seeded) == 0
