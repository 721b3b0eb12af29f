"""Exact fast paths of the commissions codec for the rows a period close reads and writes.

A close decodes 100,000 stored credits (an ``Account`` and an array of ``CreditLine``
each) and encodes every credit's ``PayoutLine``s into its statement line: through the
general tagged codec that was most of the close's CPU. These functions handle exactly
the shapes the codec itself writes for those three classes and produce the same values
(decoding) and the same JSON (encoding); anything else (an unexpected key or type, a
decimal out of range) takes the general codec, which decides or refuses as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from commissions import Account, ComponentKind, CreditLine, PayoutLine
from db.codec.commissions import CODEC, account_of, credit_lines_of
from db.codec.tagged import Json, storable

_LINE_KEYS = frozenset(f.name for f in dataclasses.fields(CreditLine)) | {"$type"}
_ACCOUNT_KEYS = frozenset(f.name for f in dataclasses.fields(Account)) | {"$type"}
PAYOUT_FIELDS = tuple(f.name for f in dataclasses.fields(PayoutLine))
"""The fields ``payout_line_json`` writes (a test holds them to ``PayoutLine``'s)."""


class _Unusual(Exception):
    """The data is not in the codec's own plain shape: the general codec takes it."""


def _decimal(data: Any) -> Decimal:
    if type(data) is dict and len(data) == 1:
        text = data.get("$decimal")
        if type(text) is str:
            try:
                number = Decimal(text)
            except ArithmeticError:
                raise _Unusual from None
            if storable(number):
                return number
    raise _Unusual


def _optional_decimal(data: Any) -> Decimal | None:
    return None if data is None else _decimal(data)


def _text(data: Any) -> str:
    if type(data) is str:
        return data
    raise _Unusual


def _credit_line(data: Any) -> CreditLine:
    if type(data) is not dict or data.get("$type") != "CreditLine" or not data.keys() <= _LINE_KEYS:
        raise _Unusual
    try:
        return CreditLine(
            _text(data["line_id"]),
            _text(data["product_id"]),
            _text(data["family"]),
            _decimal(data["amount"]),
            _decimal(data["quantity"]),
            _decimal(data["discount"]),
            _optional_decimal(data["margin"]),
            _optional_decimal(data.get("original_amount")),
        )
    except KeyError:
        raise _Unusual from None


def stored_credit_lines(data: Sequence[Json]) -> tuple[CreditLine, ...]:
    """``credit_lines_of``, fast for the codec's own shape."""
    try:
        return tuple(_credit_line(item) for item in data)
    except _Unusual:
        return credit_lines_of(data)


def stored_account(data: Json) -> Account:
    """``account_of``, fast for the codec's own shape."""
    if type(data) is dict and data.get("$type") == "Account" and data.keys() <= _ACCOUNT_KEYS:
        segment, industry = data.get("segment", ""), data.get("industry", "")
        new_logo = data.get("new_logo", False)
        if type(segment) is str and type(industry) is str and type(new_logo) is bool:
            return Account(segment, industry, new_logo)
    return account_of(data)


def _encoded_decimal(number: Decimal | None) -> Json:
    if number is None:
        return None
    if type(number) is not Decimal or not storable(number):
        raise _Unusual
    return {"$decimal": str(number)}


def payout_line_json(line: PayoutLine) -> Json:
    """``CODEC.encode(line)``, fast for a plain line (exact str/Decimal/None fields)."""
    try:
        ids = line.line_ids
        if type(ids) is not tuple or any(type(i) is not str for i in ids):
            raise _Unusual
        for text in (line.component_id, line.label):
            _text(text)
        for optional in (line.tier, line.credit_id, line.deal_id):
            if optional is not None:
                _text(optional)
        if type(line.clawback) is not bool or type(line.kind) is not ComponentKind:
            raise _Unusual
        return {
            "$type": "PayoutLine",
            "component_id": line.component_id,
            "kind": {"$enum": ["ComponentKind", line.kind.name]},
            "label": line.label,
            "amount": _encoded_decimal(line.amount),
            "base": _encoded_decimal(line.base),
            "rate": _encoded_decimal(line.rate),
            "multiplier": _encoded_decimal(line.multiplier),
            "tier": line.tier,
            "credit_id": line.credit_id,
            "deal_id": line.deal_id,
            "line_ids": {"$tuple": list(ids)},
            "clawback": line.clawback,
            "fixed_amount": _encoded_decimal(line.fixed_amount),
            "quantity": _encoded_decimal(line.quantity),
        }
    except _Unusual:
        return CODEC.encode(line)


def payout_lines_json(lines: Sequence[PayoutLine]) -> list[Json]:
    """``encode_all(lines)``, fast for plain lines."""
    return [payout_line_json(line) for line in lines]
