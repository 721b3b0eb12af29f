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
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _quote  # type: ignore[attr-defined]
from typing import Any

from commissions import Account, ComponentKind, CreditLine, PayoutLine
from commissions.construct import positional_constructor
from db.codec.commissions import CODEC, account_of, credit_lines_of
from db.codec.tagged import MAX_STORED_EXPONENT, Json, storable

_LINE_KEYS = frozenset(f.name for f in dataclasses.fields(CreditLine)) | {"$type"}
_ACCOUNT_KEYS = frozenset(f.name for f in dataclasses.fields(Account)) | {"$type"}
PAYOUT_FIELDS = tuple(f.name for f in dataclasses.fields(PayoutLine))
"""The fields ``payout_line_json`` writes (a test holds them to ``PayoutLine``'s)."""


class _Unusual(Exception):
    """The data is not in the codec's own plain shape: the general codec takes it."""


class _Decimals(dict[str, Decimal]):
    """``_DECIMALS[text]``: the cached decimal, else ``_decimal``'s (which caches it)."""

    def __missing__(self, text: str) -> Decimal:
        return _decimal({"$decimal": text})


_DECIMALS = _Decimals()
"""Decoded decimals by their stored text: a ledger repeats the same few (quantities,
discounts, shares, many amounts). A ``Decimal`` is immutable and its text fixes it
exactly (exponent included), so sharing one is safe; the cache is emptied when full."""
_DECIMALS_MAX = 100_000


def _decimal(data: Any) -> Decimal:
    if type(data) is dict and len(data) == 1:
        text = data.get("$decimal")
        if type(text) is str:
            number = _DECIMALS.get(text)
            if number is not None:
                return number
            try:
                number = Decimal(text)
            except ArithmeticError:
                raise _Unusual from None
            if storable(number):
                if len(_DECIMALS) >= _DECIMALS_MAX:
                    _DECIMALS.clear()
                _DECIMALS[text] = number
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
    if data.get("units_standing") is not None:  # a later return's: the general codec
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
            _optional_decimal(data.get("deal_quantity")),
        )
    except KeyError:
        raise _Unusual from None


def stored_credit_lines(data: Sequence[Json]) -> tuple[CreditLine, ...]:
    """``credit_lines_of``, fast for the codec's own shape."""
    try:
        return tuple(_credit_line(item) for item in data)
    except _Unusual:
        return credit_lines_of(data)


def _line_hook(data: dict[str, Any]) -> Any:
    """``json.loads``'s object hook: each object becomes its value as it is parsed."""
    if len(data) == 1 and "$decimal" in data:
        return _decimal(data)
    if (
        data.get("$type") == "CreditLine"
        and data.keys() <= _LINE_KEYS
        and data.get("units_standing") is None
    ):
        try:
            line = CreditLine(
                _text(data["line_id"]),
                _text(data["product_id"]),
                _text(data["family"]),
                data["amount"],
                data["quantity"],
                data["discount"],
                data["margin"],
                data.get("original_amount"),
                data.get("deal_quantity"),
            )
        except KeyError:
            raise _Unusual from None
        for number in (line.amount, line.quantity, line.discount):
            if type(number) is not Decimal:
                raise _Unusual
        for optional in (line.margin, line.original_amount, line.deal_quantity):
            if optional is not None and type(optional) is not Decimal:
                raise _Unusual
        return line
    raise _Unusual


_S = r'"([^"\\]*+)"'  # a string without escapes: its text is its value
_D = r'\{"\$decimal": "([^"\\]*+)"\}'
_N = f"(?:null|{_D})"
_JSONB_LINE = re.compile(
    r'\{"\$type": "CreditLine", '
    f'"amount": {_D}, "family": {_S}, "margin": {_N}, "line_id": {_S}, '
    f'"discount": {_D}, "quantity": {_D}, "product_id": {_S}'
    f'(?:, "deal_quantity": {_N})?+(?:, "units_standing": null)?+(?:, "original_amount": {_N})?+'
    r"\}(, |\])"
)
"""One stored ``CreditLine`` as PostgreSQL prints a ``jsonb`` value (keys by length, then
bytes; ``", "`` and ``": "``), and what follows it (the next line, or the array's end).

Its repeats are possessive (``*+``, ``?+``): what follows each (a quote, another key)
cannot match what it gave back, so backtracking never finds another match, and not
keeping the places to backtrack to made matching a quarter faster."""


_credit_line_of = positional_constructor(CreditLine)


def _jsonb_lines(text: str) -> tuple[CreditLine, ...]:
    """The credit lines of a ``jsonb`` column printed by PostgreSQL, matched line by line
    without building the JSON's dictionaries; ``_Unusual`` for any other shape (a string
    with an escape, another key, an unexpected type: the JSON paths decide those)."""
    if text == "[]":
        return ()
    if not text.startswith("["):
        raise _Unusual
    scan = _JSONB_LINE.scanner(text, 1).match  # each match starts where the last ended
    decimals = _DECIMALS  # (a miss decodes: ``_Decimals.__missing__``)
    lines = []
    while True:
        found = scan()
        if found is None:
            raise _Unusual
        amount, family, margin, line_id, discount, quantity, product, sold, original, after = (
            found.groups()
        )
        lines.append(
            _credit_line_of(  # CreditLine's fields, in order
                line_id,
                product,
                family,
                decimals[amount],
                decimals[quantity],
                decimals[discount],
                None if margin is None else decimals[margin],
                None if original is None else decimals[original],
                None if sold is None else decimals[sold],
                None,  # units_standing: a stood clawback's lines take the JSON path
            )
        )
        if after == "]":
            if found.end() != len(text):
                raise _Unusual
            return tuple(lines)


def stored_credit_lines_text(text: str) -> tuple[CreditLine, ...]:
    """``credit_lines_of(json.loads(text))``: the lines column read as text and turned into
    credit lines while it is parsed (one pass, no intermediate dictionaries kept); the text
    PostgreSQL prints for the codec's own shape is matched without a JSON parse at all."""
    try:
        return _jsonb_lines(text)
    except _Unusual:
        pass
    try:
        lines = json.loads(text, object_hook=_line_hook)
    except _Unusual:
        return credit_lines_of(json.loads(text))
    if type(lines) is not list or any(type(line) is not CreditLine for line in lines):
        return credit_lines_of(json.loads(text))
    return tuple(lines)


def stored_account(data: Json) -> Account:
    """``account_of``, fast for the codec's own shape."""
    if type(data) is dict and data.get("$type") == "Account" and data.keys() <= _ACCOUNT_KEYS:
        segment, industry = data.get("segment", ""), data.get("industry", "")
        new_logo = data.get("new_logo", False)
        if type(segment) is str and type(industry) is str and type(new_logo) is bool:
            return Account(segment, industry, new_logo)
    return account_of(data)


def _decimal_json(number: Decimal | None) -> str:
    if number is None:
        return "null"
    if type(number) is not Decimal:
        raise _Unusual
    in_range = -MAX_STORED_EXPONENT <= number.adjusted() <= MAX_STORED_EXPONENT
    if not (in_range and number.is_finite()) and not storable(number):
        raise _Unusual  # (zero with a huge exponent is storable; nothing else out of range is)
    return f'{{"$decimal":"{number}"}}'


def _optional_text(text: str | None) -> str:
    if text is None:
        return "null"
    return _quote(_text(text))


def payout_line_text(line: PayoutLine) -> str:
    """``json.dumps(CODEC.encode(line))`` as the same JSON value (key order and spacing may
    differ: it is stored as JSONB), fast for a plain line; built as text, since encoding
    100,000 credits' details through dictionaries and ``json.dumps`` was a close's
    second cost."""
    try:
        ids = line.line_ids
        if type(ids) is not tuple or type(line.kind) is not ComponentKind:
            raise _Unusual
        if type(line.clawback) is not bool:
            raise _Unusual
        line_ids = ",".join(_quote(_text(i)) for i in ids)
        return (
            f'{{"$type":"PayoutLine","component_id":{_quote(_text(line.component_id))},'
            f'"kind":{{"$enum":["ComponentKind","{line.kind.name}"]}},'
            f'"label":{_quote(_text(line.label))},'
            f'"amount":{_decimal_json(line.amount)},"base":{_decimal_json(line.base)},'
            f'"rate":{_decimal_json(line.rate)},"multiplier":{_decimal_json(line.multiplier)},'
            f'"tier":{_optional_text(line.tier)},"credit_id":{_optional_text(line.credit_id)},'
            f'"deal_id":{_optional_text(line.deal_id)},"line_ids":{{"$tuple":[{line_ids}]}},'
            f'"clawback":{"true" if line.clawback else "false"},'
            f'"fixed_amount":{_decimal_json(line.fixed_amount)},'
            f'"quantity":{_decimal_json(line.quantity)}}}'
        )
    except _Unusual:
        return json.dumps(CODEC.encode(line))


_HEADS: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
"""The JSON of a payout line's fields that a plan's component fixes (component, kind, label,
tier, rate, multiplier, fixed amount), by those values: a close writes 300,000 lines from
a few dozen components. Decimals are keyed by identity (``Decimal("1.0") == Decimal("1.00")``
but they print differently) and the entry keeps them, so an id is never reused while
remembered; the cache is emptied when full."""
_HEADS_MAX = 4_096


def _head(line: PayoutLine) -> str:
    rate, multiplier, fixed = line.rate, line.multiplier, line.fixed_amount
    key = (line.component_id, line.kind, line.label, line.tier, id(rate), id(multiplier), id(fixed))
    found = _HEADS.get(key)
    if found is not None:  # (the entry keeps its decimals alive: equal ids, same objects)
        return found[0]
    if type(line.kind) is not ComponentKind:
        raise _Unusual
    head = (
        f'{{"$type":"PayoutLine","component_id":{_quote(_text(line.component_id))},'
        f'"kind":{{"$enum":["ComponentKind","{line.kind.name}"]}},'
        f'"label":{_quote(_text(line.label))},"tier":{_optional_text(line.tier)},'
        f'"rate":{_decimal_json(rate)},"multiplier":{_decimal_json(multiplier)},'
        f'"fixed_amount":{_decimal_json(fixed)},'
    )
    if len(_HEADS) >= _HEADS_MAX:
        _HEADS.clear()
    _HEADS[key] = (head, (rate, multiplier, fixed))
    return head


def _plain_decimal(number: Decimal) -> str:
    """``_decimal_json`` of a decimal that is not None."""
    if type(number) is not Decimal:
        raise _Unusual
    text = str(number)
    # Without an exponent its text has at most 6 zeros after the point and fewer digits
    # than its length, so it is within 10^±MAX_STORED_EXPONENT; no N or I: finite.
    if "E" in text or "N" in text or "I" in text or len(text) > MAX_STORED_EXPONENT:
        return _decimal_json(number)
    return '{"$decimal":"' + text + '"}'


def _checked_text(number: Decimal) -> str:
    """A decimal's text after ``_decimal_json``'s range test (which prints the same text)."""
    _decimal_json(number)
    return str(number)


_IDS: dict[tuple[str, ...], str] = {}
"""The JSON of a payout line's line ids (its ``$tuple``'s items), by the ids: a credit's
lines are the same few ids for each of its components. Equal tuples of strings print
the same; the cache is emptied when full."""
_IDS_MAX = 100_000


def _line_ids_text(ids: tuple[str, ...]) -> str:
    text = ",".join([_quote(_text(i)) for i in ids])
    if len(_IDS) >= _IDS_MAX:
        _IDS.clear()
    _IDS[ids] = text
    return text


_NOT_YET = object()


def payout_lines_text(lines: Sequence[PayoutLine]) -> str:
    """``json.dumps(encode_all(lines))`` as the same JSON value, fast for plain lines: the
    fields a component fixes are encoded once per component (``_head``), those of the
    credit (its id, deal, clawback) once per credit (the same objects: a credit's lines
    share them)."""
    parts: list[str] = []
    try:
        credit_id: Any = _NOT_YET
        deal_id: Any = _NOT_YET
        clawback: Any = _NOT_YET
        tail = ""
        heads, known_ids = _HEADS.get, _IDS.get
        for line in lines:
            ids = line.line_ids
            if type(ids) is not tuple:
                raise _Unusual
            if (
                line.credit_id is not credit_id
                or line.deal_id is not deal_id
                or line.clawback is not clawback
            ):
                credit_id, deal_id, clawback = line.credit_id, line.deal_id, line.clawback
                if type(clawback) is not bool:
                    raise _Unusual
                # ``_optional_text``, inlined for the usual strings:
                credit = _quote(credit_id) if type(credit_id) is str else _optional_text(credit_id)
                deal = _quote(deal_id) if type(deal_id) is str else _optional_text(deal_id)
                tail = (
                    f'"credit_id":{credit},"deal_id":{deal},'
                    f'"clawback":{"true" if clawback else "false"},'
                )
            found = heads(
                (
                    line.component_id,
                    line.kind,
                    line.label,
                    line.tier,
                    id(line.rate),
                    id(line.multiplier),
                    id(line.fixed_amount),
                )
            )  # ``_head``'s key: a hit without the call
            head = _head(line) if found is None else found[0]
            amount, base, quantity = line.amount, line.base, line.quantity
            if type(amount) is not Decimal or type(base) is not Decimal:
                raise _Unusual
            numbers = str(amount), str(base)  # ``_plain_decimal``'s test, inlined for both
            both = numbers[0] + numbers[1]
            if "E" in both or "N" in both or "I" in both or len(both) > MAX_STORED_EXPONENT:
                numbers = _checked_text(amount), _checked_text(base)
            line_ids = known_ids(ids) or _line_ids_text(ids)  # ("": the empty tuple)
            parts.append(
                f"{head}{tail}"
                f'"amount":{{"$decimal":"{numbers[0]}"}},"base":{{"$decimal":"{numbers[1]}"}},'
                f'"quantity":{"null" if quantity is None else _plain_decimal(quantity)},'
                f'"line_ids":{{"$tuple":[{line_ids}]}}}}'
            )
    except (_Unusual, TypeError):  # (a TypeError: an unhashable value where text belongs)
        return "[" + ",".join(payout_line_text(line) for line in lines) + "]"
    return "[" + ",".join(parts) + "]"
