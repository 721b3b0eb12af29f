"""A close's statement lines are encoded in its worker processes as the bytes of a binary COPY
(``db.codec.statement_lines``): PostgreSQL must store exactly the rows the driver stored from
the same records (amounts rounded to the column's scale as before, NULLs, any text), and the
encoded lines must read back as the records they came from."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import asyncpg
import pytest

from db.codec.statement_lines import (
    STATEMENT_LINE_COLUMNS,
    EncodedLines,
    decode_fields,
    line_fields,
    numeric,
)
from db.migrate import upgrade
from tests.db.scratch import dsn

D = Decimal
AMOUNTS = (
    D("2388.500000"),
    D("-1234.56"),
    D("0"),
    D("-0.00"),
    D("0.000000"),
    D("0.0000005"),  # rounded up to the column's six places, as the driver's was
    D("-0.0000005"),
    D("123456789012.123456"),
    D("9999.9999"),
    D("10000"),
    D("1E+2"),
    D("-3E-7"),
    D("0.1"),
    D("42"),
)
DESCRIPTIONS = (
    "Q-1048 Bench history 14 (Bench Account 000) - sale",
    "tab\there, newline\nhere, backslash \\ here",
    "ใบเสนอราคา 报价单 - clawback",
    "",
    "x" * 500,
)


def _records() -> list[tuple[Any, ...]]:
    """Statement lines (``STATEMENT_LINE_COLUMNS``) of three statements, every kind of value."""
    records = []
    for index, amount in enumerate(AMOUNTS):
        statement = 7 + index % 3
        credit = None if index % 4 == 3 else 10**12 + index
        quote = None if index % 5 == 4 else 2_000_000_000 - index
        adjustment = None if index % 2 else index
        details = '[{"$type":"PayoutLine","label":"a \\"quoted\\" \\\\ \\u00e9 label"}]'
        kind = ("SALE", "CLAWBACK", "PERIOD", "ADJUSTMENT", "AWARD")[index % 5]
        description = DESCRIPTIONS[index % len(DESCRIPTIONS)]
        records.append(
            (statement, index + 1, kind, description, credit, quote, adjustment, amount, details)
        )
    return sorted(records, key=lambda record: record[0])


def test_encoded_lines_read_back_as_their_records() -> None:
    records = _records()
    encoded = EncodedLines.of(records)
    assert len(encoded) == len(records)
    assert list(encoded) == records
    for record in records:  # the exponent too, where the text shows one after the point
        amount = decode_fields(line_fields(*record[1:]))[6]
        assert amount == record[7]
        if record[7].as_tuple().exponent < 0:
            assert str(amount).lstrip("-") == str(record[7]).lstrip("-")


def test_a_decimal_that_is_not_finite_is_refused() -> None:
    for value in (D("NaN"), D("Infinity"), D("-Infinity")):
        with pytest.raises(ValueError):
            numeric(value)


async def _stored(url: str, records: list[tuple[Any, ...]]) -> tuple[list[Any], list[Any]]:
    """The rows the driver's own COPY of ``records`` stores, and those of the encoded COPY."""
    conn = await asyncpg.connect(dsn(url))
    try:
        found = []
        for table, encoded in (("by_driver", False), ("encoded", True)):
            await conn.execute(
                f"CREATE TEMP TABLE {table} (LIKE commission_statement_lines INCLUDING DEFAULTS)"
            )
            if encoded:
                await conn.copy_to_table(
                    table,
                    source=EncodedLines.of(records).copy_chunks(),
                    columns=STATEMENT_LINE_COLUMNS,
                    format="binary",
                )
            else:
                await conn.copy_records_to_table(
                    table, records=records, columns=STATEMENT_LINE_COLUMNS
                )
            columns = ", ".join(STATEMENT_LINE_COLUMNS[:-1])
            found.append(
                [
                    tuple(row)
                    for row in await conn.fetch(
                        f"SELECT {columns}, details::text, amount::text FROM {table}"
                        " ORDER BY statement_id, position"
                    )
                ]
            )
        return found[0], found[1]
    finally:
        await conn.close()


def test_the_encoded_copy_stores_what_the_drivers_copy_stored(scratch_url: str) -> None:
    upgrade(scratch_url)
    records = _records()
    by_driver, encoded = asyncio.run(_stored(scratch_url, records))
    assert encoded == by_driver
    assert len(encoded) == len(records)
    amounts = {row[1]: row[-1] for row in encoded}  # (position: the amount's stored text)
    assert amounts[6] == "0.000001" and amounts[7] == "-0.000001"
    assert amounts[4] == "0.000000" and amounts[11] == "100.000000"
