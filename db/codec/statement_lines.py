"""Statement lines in PostgreSQL's binary COPY format, encoded where they are computed.

A period close computes 100,000 statement lines in worker processes. Sent back as tuples of
decimals and strings, the close's own process unpickled every value (a ``Decimal`` is rebuilt
from its text) and the driver then encoded each of them again for the COPY: most of that
process's CPU besides reading the credits. Here a worker encodes each line's fields once,
as the bytes the COPY sends (``line_fields``), and the close's process only puts each
statement's id in front of its lines' bytes (``EncodedLines``) and forwards them.

The bytes are those of PostgreSQL's binary COPY format, which the driver's
``copy_records_to_table`` wrote from the same values: each field a 32-bit length (-1 for
NULL) and its value: integers big-endian, text (the enum's label, the description, the
JSON details) as UTF-8, a decimal as ``numeric``'s base-10000 digits. PostgreSQL stores the
same rows either way (``numeric`` is rounded to the column's scale on receipt, as before).
Iterated, ``EncodedLines`` gives back the records it holds, for a caller that wants values.
"""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any

STATEMENT_LINE_COLUMNS = (
    "statement_id",
    "position",
    "kind",
    "description",
    "credit_id",
    "quote_id",
    "adjustment_id",
    "amount",
    "details",
)
"""The columns of a statement line as a close COPYs them, in this order."""

_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, no header extension
_TRAILER = b"\xff\xff"
_NULL = b"\xff\xff\xff\xff"
_INT4 = struct.Struct(">ii")  # length 4, value
_INT8 = struct.Struct(">iq")  # length 8, value
_LENGTH = struct.Struct(">i")
_NUMERIC_HEAD = struct.Struct(">ihhHH")  # length, ndigits, weight, sign, dscale
_STATEMENT = struct.Struct(">hii")  # the tuple's field count, then the statement id's field
_POSITIVE, _NEGATIVE = 0x0000, 0x4000
_LABELS: dict[str, bytes] = {}
"""Encoded enum labels (a handful), by label."""
_DIGIT_GROUPS = [struct.Struct(f">{count}H") for count in range(16)]
_POWERS = (1, 10, 100, 1_000)


def _text(value: str) -> bytes:
    data = value.encode()
    return _LENGTH.pack(len(data)) + data


def numeric(value: Decimal) -> bytes:
    """``value`` as a binary COPY field of type ``numeric`` (its length first): base-10000
    digits aligned on the decimal point, the scale of ``value``'s exponent (the digits its
    text shows after the point); a value that is not finite is refused."""
    text = str(value)
    if "E" not in text:
        point = text.find(".")
        if point >= 0:
            return _numeric(int(text[:point] + text[point + 1 :]), len(text) - point - 1)
        if text.lstrip("-").isdigit():
            return _numeric(int(text), 0)
    return _numeric_of_tuple(value)  # an exponent in the text (or not a number)


def _numeric_of_tuple(value: Decimal) -> bytes:
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite decimal: {value}")
    number = int("".join(map(str, digits)) or "0")
    if exponent >= 0:
        return _numeric(-number * 10**exponent if sign else number * 10**exponent, 0)
    return _numeric(-number if sign else number, -exponent)


def _numeric(number: int, scale: int) -> bytes:
    """The field of ``number`` * 10 ** -``scale``."""
    sign = _POSITIVE
    if number < 0:
        number, sign = -number, _NEGATIVE
    pad = -scale % 4
    if pad:
        number *= _POWERS[pad]
    groups: list[int] = []
    while number:
        number, group = divmod(number, 10_000)
        groups.append(group)
    count = len(groups)
    if not count:
        return _NUMERIC_HEAD.pack(8, 0, 0, _POSITIVE, scale)
    groups.reverse()
    weight = count - (scale + pad) // 4 - 1
    packer = _DIGIT_GROUPS[count] if count < len(_DIGIT_GROUPS) else struct.Struct(f">{count}H")
    return _NUMERIC_HEAD.pack(8 + 2 * count, count, weight, sign, scale) + packer.pack(*groups)


def line_fields(
    position: int,
    kind: str,
    description: str,
    credit_id: int | None,
    quote_id: int | None,
    adjustment_id: int | None,
    amount: Decimal,
    details: str,
) -> bytes:
    """One line's fields (``STATEMENT_LINE_COLUMNS`` but the statement id) in binary COPY
    format: what ``EncodedLines`` sends after the line's field count and statement id."""
    label = _LABELS.get(kind)
    if label is None:
        label = _LABELS[kind] = _text(kind)
    described, detailed = description.encode(), details.encode()
    return b"".join(
        (
            _INT4.pack(4, position),
            label,
            _LENGTH.pack(len(described)),
            described,
            _NULL if credit_id is None else _INT8.pack(8, credit_id),
            _NULL if quote_id is None else _INT4.pack(4, quote_id),
            _NULL if adjustment_id is None else _INT4.pack(4, adjustment_id),
            numeric(amount),
            _LENGTH.pack(len(detailed)),
            detailed,
        )
    )


class EncodedLines:
    """Statement lines as a COPY sends them (``copy_data``), statement after statement;
    iterated, the records they encode (``STATEMENT_LINE_COLUMNS``' values)."""

    def __init__(self) -> None:
        self._statements: list[tuple[int, Sequence[bytes]]] = []
        self._count = 0

    @classmethod
    def of(cls, records: Iterable[tuple[Any, ...]]) -> EncodedLines:
        """``records`` (``STATEMENT_LINE_COLUMNS``' values, grouped by statement) encoded:
        the inverse of iterating."""
        encoded = cls()
        for statement_id, group in groupby(records, itemgetter(0)):
            encoded.add(statement_id, [line_fields(*record[1:]) for record in group])
        return encoded

    def add(self, statement_id: int, lines: Sequence[bytes]) -> None:
        """A statement's lines (``line_fields``' bytes, in position order)."""
        if lines:
            self._statements.append((statement_id, lines))
            self._count += len(lines)

    def copy_data(self) -> bytes:
        """The whole binary COPY stream of the lines (header, tuples, trailer)."""
        return b"".join(self._chunks())

    async def copy_chunks(self) -> AsyncIterator[bytes]:
        """``copy_data`` in pieces of a statement's lines each (the driver sends each as it
        comes, as it did with the records it encoded: no copy of the whole stream)."""
        for chunk in self._chunks():
            yield chunk

    def _chunks(self) -> Iterator[bytes]:
        head = _HEADER
        for statement_id, lines in self._statements:
            line_head = _STATEMENT.pack(len(STATEMENT_LINE_COLUMNS), 4, statement_id)
            yield line_head.join([head, *lines])  # (one copy: head, then each line after its own)
            head = b""
        yield head + _TRAILER

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for statement_id, lines in self._statements:
            for line in lines:
                yield (statement_id, *decode_fields(line))


def decode_fields(data: bytes) -> tuple[Any, ...]:
    """The values ``line_fields`` encoded in ``data``, in order (the inverse of ``line_fields``
    for a decimal's exponent up to zero, as a close's amounts have)."""
    kinds = (int, str, str, int, int, int, Decimal, str)
    values: list[Any] = []
    offset = 0
    for kind in kinds:
        (length,) = _LENGTH.unpack_from(data, offset)
        offset += 4
        if length < 0:
            values.append(None)
            continue
        field = data[offset : offset + length]
        offset += length
        if kind is int:
            values.append(int.from_bytes(field, "big", signed=True))
        elif kind is str:
            values.append(field.decode())
        else:
            values.append(_decoded_numeric(field))
    if offset != len(data):
        raise ValueError("statement line fields: trailing bytes")
    return tuple(values)


def _decoded_numeric(field: bytes) -> Decimal:
    count, weight, sign, scale = struct.unpack_from(">hhHH", field)
    groups = struct.unpack_from(f">{count}H", field, 8)
    number = 0
    for group in groups:
        number = number * 10_000 + group
    exponent = 4 * (weight - count + 1)  # of the last group's units
    shift = exponent + scale
    if shift >= 0:
        number *= 10**shift
    else:
        number //= 10**-shift  # (only zeros: the scale keeps every digit the value had)
    text = f"{'-' if sign == _NEGATIVE else ''}{number}E-{scale}"
    return Decimal(text)
