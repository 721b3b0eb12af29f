"""The pricing engine's results → GraphQL types.

A quote revision's stored snapshot (``db.codec.pricing.priced_quote_of``)
and the live preview are the same engine value, so a saved quote reads exactly
like a preview did. The GraphQL types keep the engine's field names where they
mean the same; engine ids that are database ids become the API's ids, and an
unknown reference (``unknown:…``) has no node to point at.

Every Decimal is set at its field's stated scale here, where the type is built:
money at the currency's minor units (``Money``), percentages at 2 places
(``schema.decimals.percent``), unit prices with a catalog unit price's precision
(``schema.money.unit_precision``), never the engine's full-precision quotient.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from strawberry import relay

import pricing as engine
from db.codec.pricing import CODEC, decode_priced_line
from db.codec.tagged import TYPE
from db.queries.quotes import SnapshotHeader
from schema.decimals import PERCENT_PLACES, at_scale, percent
from schema.ids import NO_ROW
from schema.money import Money, unit_precision
from schema.scalars import CurrencyCode
from schema.types.pricing import (
    ConfigurationResult,
    ConfigurationViolation,
    PriceBreach,
    PricedLine,
    PricedQuote,
    PricingIssue,
    ResolvedOption,
    WaterfallStep,
)


def _same(value: object, *names: str) -> dict[str, Any]:
    """The fields ``names`` of an engine value, for the GraphQL type's fields of the same name."""
    return {name: getattr(value, name) for name in names}


def _row_id(engine_id: str) -> int:
    return int(engine_id) if engine_id.isdigit() else NO_ROW


def _node_id(engine_id: str | None, bare_key_type: str | None = None) -> str | None:
    """An engine reference as a global ID ``node`` resolves. The engine is given global IDs
    for rules, book entries, contracts, schedules, block prices and promotions, which stay;
    bare database keys (an INCLUDED option's, a feature's) become a ``bare_key_type`` node's
    global ID, or None where that kind of thing is no node (a feature)."""
    if engine_id is None or not engine_id.isdigit():
        return engine_id
    return None if bare_key_type is None else str(relay.GlobalID(bare_key_type, engine_id))


def _money(value: engine.Money | None) -> Money | None:
    return None if value is None else Money(amount=value.amount, currency=value.currency)


def _unit_price(value: Decimal | None, currency: str) -> Decimal | None:
    return None if value is None else unit_precision(value, currency)


def _step_type(step: engine.WaterfallStep, currency: str) -> WaterfallStep:
    return WaterfallStep(
        **_same(step, "kind", "label", "raises_price", "quote_level"),
        rule_id=_node_id(step.rule_id, "BundleOption"),
        amount_delta=Money(amount=step.amount_delta, currency=currency),
        amount_after=Money(amount=step.amount_after, currency=currency),
        unit_price_after=_unit_price(step.unit_price_after, currency),
    )


def _breach_type(breach: engine.GuardrailBreach, currency: str) -> PriceBreach:
    """A floor breach compares unit prices, every other one percentages."""
    if breach.code is engine.BreachCode.BELOW_FLOOR:
        threshold = unit_precision(breach.threshold, currency)
        actual = unit_precision(breach.actual, currency)
    else:
        threshold = at_scale(breach.threshold, PERCENT_PLACES)
        actual = at_scale(breach.actual, PERCENT_PLACES)
    fields = _same(breach, "code", "message")
    return PriceBreach(
        **fields,
        rule_id=_node_id(breach.rule_id),
        line_key=breach.line_id,
        threshold=threshold,
        actual=actual,
    )


def _issue_type(error: engine.PricingError) -> PricingIssue:
    fields = _same(error, "code", "message")
    return PricingIssue(
        **fields,
        rule_id=_node_id(error.rule_id),
        line_key=error.line_id,
        field=list(error.field) or None,
    )


def _violation_type(violation: engine.ConfigurationViolation) -> ConfigurationViolation:
    options = [relay.GlobalID("BundleOption", o) for o in violation.option_ids if o.isdigit()]
    fields = _same(violation, "code", "message", "attribute")
    return ConfigurationViolation(**fields, rule_id=_node_id(violation.rule_id), option_ids=options)


def _option_type(option: engine.ResolvedOption) -> ResolvedOption:
    return ResolvedOption(
        **_same(option, "source", "quantity_per_parent", "quantity"),
        rule_id=_node_id(option.rule_id),
        option_id=_row_id(option.option_id),
        product_id=_row_id(option.product_id),
    )


def configuration_type(result: engine.ConfigurationResult) -> ConfigurationResult:
    return ConfigurationResult(
        valid=result.valid,
        violations=[_violation_type(v) for v in result.violations],
        options=[_option_type(o) for o in result.options],
    )


def _line_type(line: engine.PricedLine, currency: str) -> PricedLine:
    configuration = line.configuration
    return PricedLine(
        quantity=line.quantity,
        list_unit_price=_unit_price(line.list_unit_price, currency),
        net_unit_price=_unit_price(line.net_unit_price, currency),
        discount_percent=percent(line.discount_percent),
        margin_percent=percent(line.margin_percent),
        key=line.line_id,
        parent_key=line.parent_line_id,
        list_amount=_money(line.list_amount),
        net_amount=_money(line.net_amount),
        steps=[_step_type(s, currency) for s in line.steps],
        breaches=[_breach_type(b, currency) for b in line.breaches],
        issues=[_issue_type(e) for e in line.errors],
        configuration=configuration_type(configuration) if configuration else None,
        product_id=_row_id(line.product_id),
        cost_amount=_money(line.cost_amount),
        margin_amount=_money(line.margin_amount),
    )


class _Built:
    """The lists of a priced quote as GraphQL types, each built on first use, then kept."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self._steps: list[WaterfallStep] | None = None
        self._breaches: list[PriceBreach] | None = None
        self._issues: list[PricingIssue] | None = None

    def lines(self) -> list[PricedLine]:
        raise NotImplementedError

    def priced(self) -> bool:
        raise NotImplementedError

    def _engine_steps(self) -> tuple[engine.WaterfallStep, ...]:
        raise NotImplementedError

    def _engine_breaches(self) -> tuple[engine.GuardrailBreach, ...]:
        raise NotImplementedError

    def _engine_errors(self) -> tuple[engine.PricingError, ...]:
        raise NotImplementedError

    def steps(self) -> list[WaterfallStep]:
        if self._steps is None:
            self._steps = [_step_type(s, self.currency) for s in self._engine_steps()]
        return self._steps

    def breaches(self) -> list[PriceBreach]:
        if self._breaches is None:
            self._breaches = [_breach_type(b, self.currency) for b in self._engine_breaches()]
        return self._breaches

    def issues(self) -> list[PricingIssue]:
        if self._issues is None:
            self._issues = [_issue_type(e) for e in self._engine_errors()]
        return self._issues


class _EngineParts(_Built):
    """A live preview's lists, from the engine's value in memory."""

    def __init__(self, priced: engine.PricedQuote) -> None:
        super().__init__(priced.currency)
        self.priced_quote = priced
        self._lines: list[PricedLine] | None = None

    def _engine_steps(self) -> tuple[engine.WaterfallStep, ...]:
        return self.priced_quote.steps

    def _engine_breaches(self) -> tuple[engine.GuardrailBreach, ...]:
        return self.priced_quote.breaches

    def _engine_errors(self) -> tuple[engine.PricingError, ...]:
        return self.priced_quote.errors

    def lines(self) -> list[PricedLine]:
        if self._lines is None:
            self._lines = [_line_type(line, self.currency) for line in self.priced_quote.lines]
        return self._lines

    def priced(self) -> bool:
        value = self.priced_quote
        return not value.errors and all(not line.errors for line in value.lines)


def _quote_type(priced: engine.PricedQuote, parts: _Built) -> PricedQuote:
    currency = priced.currency
    return PricedQuote(
        currency=CurrencyCode(currency),
        pricing_date=priced.pricing_date,
        total_discount_percent=percent(priced.total_discount_percent),
        margin_percent=percent(priced.margin_percent),
        list_total=Money(amount=priced.list_total.amount, currency=currency),
        net_total=Money(amount=priced.net_total.amount, currency=currency),
        discount_total=Money(amount=priced.discount_total.amount, currency=currency),
        cost_total=_money(priced.cost_total),
        margin_amount=_money(priced.margin_amount),
        parts=parts,
    )


def priced_quote_type(priced: engine.PricedQuote) -> PricedQuote:
    """A priced quote held in memory (a preview) as its GraphQL type; its lists are built
    when a query asks for them."""
    return _quote_type(priced, _EngineParts(priced))


# --- a stored snapshot, decoded as far as a request reads it ---------------------------

_LISTS = ("lines", "steps", "breaches", "errors")
"""The snapshot's lists, decoded only when asked for; every other field is decoded at once."""


def _items(stored: Any) -> list[Any]:
    """The members of a stored tuple (the codec's ``{"$tuple": [...]}``), still encoded."""
    if isinstance(stored, dict) and isinstance(stored.get("$tuple"), list):
        return list(stored["$tuple"])
    return list(CODEC.decode(stored))  # not the tagged form: decoded members


def _decoded(value: Any, expected: type[Any]) -> Any:
    if isinstance(value, expected):
        return value
    if expected is engine.PricedLine:  # a page's 200 of them: read in place, not walked
        return decode_priced_line(value)
    return CODEC.decode_as(expected, value)


class StoredPricing(_Built):
    """A quote revision's stored snapshot (``db.codec.pricing``), decoded once per request and
    no further than the request reads: the totals at once, the lines indexed by key once
    (from the stored JSON, without decoding them), each line decoded and built as a GraphQL
    type the first time it is asked for, and never again."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.stored = stored
        header = {name: CODEC.decode(value) for name, value in stored.items() if name not in _LISTS}
        header.pop(TYPE, None)
        self.header = engine.PricedQuote(**header, lines=(), steps=(), breaches=(), errors=())
        super().__init__(self.header.currency)
        self._entries = _items(stored["lines"])
        self._types: list[PricedLine | None] = [None] * len(self._entries)
        self._index: dict[str, int] = {}
        self._children: dict[str, list[int]] = {}
        for position, entry in enumerate(self._entries):
            key, parent = _keys(entry)
            self._index.setdefault(key, position)
            if parent is not None:
                self._children.setdefault(parent, []).append(position)
        self._quote: PricedQuote | None = None

    def _engine_steps(self) -> tuple[engine.WaterfallStep, ...]:
        return tuple(_decoded(s, engine.WaterfallStep) for s in _items(self.stored["steps"]))

    def _engine_breaches(self) -> tuple[engine.GuardrailBreach, ...]:
        found = _items(self.stored["breaches"])
        return tuple(_decoded(b, engine.GuardrailBreach) for b in found)

    def _engine_errors(self) -> tuple[engine.PricingError, ...]:
        return tuple(_decoded(e, engine.PricingError) for e in _items(self.stored["errors"]))

    def _line(self, position: int) -> PricedLine:
        built = self._types[position]
        if built is None:
            line = _decoded(self._entries[position], engine.PricedLine)
            built = self._types[position] = _line_type(line, self.currency)
        return built

    def line(self, key: str) -> PricedLine | None:
        """The priced line ``key``; None when the snapshot has none."""
        position = self._index.get(key)
        return None if position is None else self._line(position)

    def children(self, key: str) -> list[PricedLine]:
        """The bundle options priced as child lines of line ``key``, in order."""
        return [self._line(position) for position in self._children.get(key, ())]

    def lines(self) -> list[PricedLine]:
        return [self._line(position) for position in range(len(self._entries))]

    def priced(self) -> bool:
        return not _items(self.stored["errors"]) and not any(
            _errors(entry) for entry in self._entries
        )

    def breach_count(self) -> int:
        """How many breaches the snapshot holds, counted without decoding them."""
        return len(_items(self.stored["breaches"]))

    def quote_type(self) -> PricedQuote:
        """The snapshot as the API's ``PricedQuote``, one per request."""
        if self._quote is None:
            self._quote = _quote_type(self.header, self)
        return self._quote


class PagePricing(StoredPricing):
    """What one page of a quote's lines reads of its revision's snapshot, as PostgreSQL cut
    it out (``db.queries.quotes.snapshot_pages``): the figures and
    the page's lines, never the megabyte around them. Its lists beyond those lines are not
    read: only totals and lines are asked of it."""

    def __init__(self, header: SnapshotHeader, lines: list[dict[str, Any]]) -> None:
        empty: dict[str, Any] = {"$tuple": []}
        super().__init__(
            {**header.figures, "lines": {"$tuple": lines}, "steps": empty}
            | {"breaches": empty, "errors": empty}
        )
        self.snapshot_header = header

    def priced(self) -> bool:
        return self.snapshot_header.priced

    def breach_count(self) -> int:
        return self.snapshot_header.breach_count

    def _not_read(self) -> tuple[Any, ...]:
        raise TypeError("a page of lines reads no list of its quote's snapshot")

    _engine_steps = _engine_breaches = _engine_errors = _not_read  # type: ignore[assignment]


def _keys(entry: Any) -> tuple[str, str | None]:
    """A stored line's key and its parent's, read without decoding the line."""
    if isinstance(entry, engine.PricedLine):
        return entry.line_id, entry.parent_line_id
    return entry["line_id"], entry["parent_line_id"]


def _errors(entry: Any) -> bool:
    """Whether a stored line has errors, read without decoding it."""
    if isinstance(entry, engine.PricedLine):
        return bool(entry.errors)
    return bool(_items(entry["errors"]))


class StoredPricings:
    """Every snapshot a request reads, decoded once: one per revision, kept while the
    revision's row holds the same stored JSON (a row read again after a change is decoded
    again). The request's loaders hold one (``info.context.loaders.stored_pricings``)."""

    def __init__(self) -> None:
        self._by_revision: dict[int, StoredPricing] = {}

    def of(self, revision_id: int, stored: dict[str, Any]) -> StoredPricing:
        found = self._by_revision.get(revision_id)
        if found is None or found.stored is not stored:
            found = self._by_revision[revision_id] = StoredPricing(stored)
        return found
