"""The pricing engine's values as stored: a quote revision's priced snapshot.

Every dataclass and enum the engine exports is registered, so a ``PricedQuote``
encodes exactly and decodes to an equal value (``CODEC.encode`` /
``CODEC.decode_as``). The engine stays free of storage: it is registered from
here, never imports this.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pricing
from db.codec.tagged import TYPE, TaggedCodec, storable
from db.models.quotes import QuoteRevision

CODEC = TaggedCodec.of_modules(pricing)


def priced_quote_of(revision: QuoteRevision) -> pricing.PricedQuote:
    """The priced quote a revision stores (every saved revision is priced: each save reprices)."""
    priced: pricing.PricedQuote = CODEC.decode_as(pricing.PricedQuote, revision.priced)
    return priced


def store_priced(revision: QuoteRevision, priced: pricing.PricedQuote) -> None:
    """Keep ``priced`` as the revision's snapshot, with the date it was priced on."""
    revision.pricing_date = priced.pricing_date
    stored = CODEC.encode(priced)
    assert isinstance(stored, dict)  # a dataclass encodes as an object
    revision.priced = stored


# --- a stored priced line, read without the codec's general walk ------------------------
#
# A page of a long quote decodes 200 stored ``PricedLine`` values, each some 40 tagged
# values (its waterfall steps, amounts, percentages): through ``CODEC.decode`` that was some
# 5 ms of a page's ~35 ms of CPU (2.8 ms here). ``decode_priced_line`` reads the one shape the
# codec writes for a line (every field present; the commonest values, decimals, money and
# steps, read in place; breaches, errors and a configuration, rare, through the codec) and
# hands anything else to ``CODEC.decode_as``, so it answers exactly what the codec answers,
# and refuses what it refuses, only faster.


class _Unusual(Exception):
    """A stored line this reader does not read: the codec decodes it."""


def _line_keys(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls) if f.init) | {TYPE}


_LINE_KEYS = _line_keys(pricing.PricedLine)
_STEP_KEYS = _line_keys(pricing.WaterfallStep)
_MONEY_KEYS = _line_keys(pricing.Money)
_STEP_KIND = pricing.StepKind.__name__
"""The name the codec registers ``StepKind`` by (one class per name: ``TaggedCodec``)."""
_STEP_KINDS = dict(pricing.StepKind.__members__)


_PLAIN = frozenset({str, int, bool, type(None)})
"""The types the codec keeps as they are (JSON's own null, booleans, integers and strings)."""


def _plain(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    raise _Unusual


def _decimal(value: Any) -> Decimal:
    if type(value) is dict and len(value) == 1:
        text = value.get("$decimal")
        if type(text) is str:
            try:
                number = Decimal(text)
            except ArithmeticError:
                raise _Unusual from None
            if storable(number):
                return number
    raise _Unusual


def _decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else _decimal(value)


def _money(value: Any) -> pricing.Money | None:
    if value is None:
        return None
    if type(value) is not dict or value.keys() != _MONEY_KEYS or value[TYPE] != "Money":
        raise _Unusual
    currency = value["currency"]
    if type(currency) not in _PLAIN:
        raise _Unusual
    return pricing.Money(amount=_decimal(value["amount"]), currency=currency)


def _items(value: Any) -> list[Any]:
    if type(value) is dict and len(value) == 1:
        items = value.get("$tuple")
        if type(items) is list:
            return items
    raise _Unusual


def _step_kind(value: Any) -> pricing.StepKind:
    if type(value) is dict and len(value) == 1:
        pair = value.get("$enum")
        if type(pair) is list and len(pair) == 2 and pair[0] == _STEP_KIND:
            member = pair[1]
            if type(member) is str and member in _STEP_KINDS:
                return _STEP_KINDS[member]
    raise _Unusual


def _step(value: Any) -> pricing.WaterfallStep:
    if type(value) is not dict or value.keys() != _STEP_KEYS or value[TYPE] != "WaterfallStep":
        raise _Unusual
    label, rule_id = value["label"], value["rule_id"]
    raises_price, quote_level = value["raises_price"], value["quote_level"]
    if not (
        type(label) in _PLAIN
        and type(rule_id) in _PLAIN
        and type(raises_price) in _PLAIN
        and type(quote_level) in _PLAIN
    ):
        raise _Unusual
    unit_price_after = value["unit_price_after"]
    return pricing.WaterfallStep(
        kind=_step_kind(value["kind"]),
        label=label,
        rule_id=rule_id,
        amount_delta=_decimal(value["amount_delta"]),
        amount_after=_decimal(value["amount_after"]),
        unit_price_after=None if unit_price_after is None else _decimal(unit_price_after),
        raises_price=raises_price,
        quote_level=quote_level,
    )


def _rare(value: Any) -> tuple[Any, ...]:
    """Breaches or errors: usually none; any, through the codec."""
    items = _items(value)
    return () if not items else tuple(CODEC.decode(item) for item in items)


def _read_line(data: dict[str, Any]) -> pricing.PricedLine:
    if data.keys() != _LINE_KEYS or data[TYPE] != "PricedLine":
        raise _Unusual
    configuration = data["configuration"]
    return pricing.PricedLine(
        line_id=_plain(data["line_id"]),
        parent_line_id=_plain(data["parent_line_id"]),
        product_id=_plain(data["product_id"]),
        quantity=_plain(data["quantity"]),
        steps=tuple([_step(step) for step in _items(data["steps"])]),
        list_unit_price=_decimal_or_none(data["list_unit_price"]),
        list_amount=_money(data["list_amount"]),
        net_unit_price=_decimal_or_none(data["net_unit_price"]),
        net_amount=_money(data["net_amount"]),
        discount_percent=_decimal_or_none(data["discount_percent"]),
        cost_amount=_money(data["cost_amount"]),
        margin_amount=_money(data["margin_amount"]),
        margin_percent=_decimal_or_none(data["margin_percent"]),
        breaches=_rare(data["breaches"]),
        errors=_rare(data["errors"]),
        configuration=None if configuration is None else CODEC.decode(configuration),
    )


def decode_priced_line(data: Any) -> pricing.PricedLine:
    """The ``pricing.PricedLine`` a stored line (``CODEC.encode`` of one) holds: exactly
    ``CODEC.decode_as(pricing.PricedLine, data)``, about twice as fast for the shape the
    codec writes (``CodecError`` for what is not a stored line)."""
    if type(data) is dict:
        try:
            return _read_line(data)
        except _Unusual:
            pass
    line: pricing.PricedLine = CODEC.decode_as(pricing.PricedLine, data)
    return line
