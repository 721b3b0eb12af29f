"""Shared wording and number formatting, so the HTML and the PDF say the same thing.

Both renderers read the strings built here; a figure is formatted once, with
babel, for the requested locale. Amounts stay ``Decimal`` until the moment they
become text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Generic, TypeVar

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from documents.quote_document import DocumentLine, QuoteDocument

INCLUDED = "Included"
COLUMN_TITLES: tuple[str, ...] = (
    "SKU",
    "Description",
    "Qty",
    "List unit price",
    "Discount",
    "Net unit price",
    "Net amount",
)

_CENT = Decimal("0.01")
T = TypeVar("T")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


@cache
def _locale(name: str) -> Locale:
    """The parsed locale (babel parses a locale name on every call otherwise)."""
    return Locale.parse(name)


def money(amount: Decimal | None, currency: str, locale: str) -> str:
    """An amount in the currency's minor units (no decimals for JPY); "" when absent."""
    if amount is None:
        return ""
    return format_currency(amount, currency, locale=_locale(locale))


def percent(value: Decimal | None, locale: str) -> str:
    """A 0-100 rate with at most two decimals ("12.5%"); "" when absent."""
    if value is None:
        return ""
    # Round first, then let the locale's own pattern place the sign ("12,5 %" in de).
    fraction = (value.quantize(_CENT, rounding=ROUND_HALF_UP) / 100).normalize()
    return format_percent(fraction, locale=_locale(locale), decimal_quantization=False)


def quantity(value: int, locale: str) -> str:
    """A quantity with the locale's grouping ("1,000")."""
    return format_decimal(value, locale=_locale(locale))


def long_date(value: date, locale: str) -> str:
    """A date written out for people ("March 31, 2025"), never ambiguous like 03/04."""
    return format_date(value, format="long", locale=locale)


def paragraphs(text: str) -> tuple[tuple[str, ...], ...]:
    """Split text into paragraphs (blank lines) of lines (single newlines).

    Returned as data, not markup, so the template escapes every piece itself.
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not normalized:
        return ()
    return tuple(
        tuple(line.rstrip() for line in block.split("\n"))
        for block in _PARAGRAPH_BREAK.split(normalized)
    )


def term_label(months: int | None) -> str:
    """A line's subscription term as printed under its name ("12-month term"); "" if none."""
    if months is None:
        return ""
    return f"{months}-month term"


ACCEPTANCE_TEXT = "Signed for the customer, accepting this quote and the terms and clauses above."
SIGNATURE_FIELDS: tuple[str, ...] = ("Name", "Title", "Signature", "Date")
"""The blanks of the acceptance block, in the order both documents print them."""
DRAFT_MARK = "DRAFT"
DRAFT_NOTICE = "Draft: not yet approved, not an offer."


def address_lines(text: str) -> tuple[str, ...]:
    """A postal address as its non-blank lines."""
    return tuple(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def heading(doc: QuoteDocument) -> str:
    """The title line every page and the browser tab show."""
    return f"Quote {doc.number} · revision {doc.revision}"


@dataclass(frozen=True, slots=True)
class LineView:
    """A line as printed: every cell already text, so both renderers agree."""

    sku: str
    name: str
    quantity: str
    list_unit_price: str
    discount: str
    net_unit_price: str
    net_amount: str
    is_child: bool
    included: bool
    term: str = ""

    @property
    def description(self) -> str:
        """The name, with the term on a line of its own when the line has one."""
        return f"{self.name}\n{self.term}" if self.term else self.name

    @property
    def cells(self) -> tuple[str, ...]:
        """The cells in column order (see ``COLUMN_TITLES``)."""
        return (
            self.sku,
            self.description,
            self.quantity,
            self.list_unit_price,
            self.discount,
            self.net_unit_price,
            self.net_amount,
        )


class _Memo(Generic[T]):
    """``render`` applied once per distinct value, keyed on the value's exact text
    (so 1.0 and 1.00, or 0 and -0, are never taken for one another)."""

    def __init__(self, render: Callable[[T], str]) -> None:
        self._render = render
        self._seen: dict[str, str] = {}

    def __call__(self, value: T) -> str:
        key = str(value)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._render(value)
        return found


def line_views(lines: Iterable[DocumentLine], currency: str, locale: str) -> tuple[LineView, ...]:
    """Every line formatted, each distinct figure once: a long quote repeats its unit
    prices, discounts and quantities line after line, and babel is the slow part."""
    amount = _Memo[Decimal | None](lambda value: money(value, currency, locale))
    rate = _Memo[Decimal | None](lambda value: percent(value, locale))
    count = _Memo[int](lambda value: quantity(value, locale))
    views = []
    for line in lines:
        if line.included:
            prices = ("", "", "", INCLUDED)
        else:
            prices = (
                amount(line.list_unit_price),
                rate(line.discount_percent),
                amount(line.net_unit_price),
                amount(line.net_amount),
            )
        views.append(
            LineView(
                line.sku,
                line.name,
                count(line.quantity),
                *prices,
                is_child=line.is_child,
                included=line.included,
                term="" if line.is_child else term_label(line.term_months),
            )
        )
    return tuple(views)


def line_view(line: DocumentLine, currency: str, locale: str) -> LineView:
    """Format one line; an included option shows "Included" instead of prices."""
    return line_views((line,), currency, locale)[0]


@dataclass(frozen=True, slots=True)
class TotalsView:
    """The totals block: list total, discounts (as a deduction), net total."""

    list_total: str
    discount_label: str
    discount_total: str
    net_total: str


def totals_view(doc: QuoteDocument, locale: str) -> TotalsView:
    """Format the totals; the discount reads as a deduction ("-$150.00")."""
    label = "Discounts"
    if doc.total_discount_percent:
        label = f"Discounts ({percent(doc.total_discount_percent, locale)})"
    deduction = -doc.discount_total if doc.discount_total else doc.discount_total
    return TotalsView(
        list_total=money(doc.list_total, doc.currency, locale),
        discount_label=label,
        discount_total=money(deduction, doc.currency, locale),
        net_total=money(doc.net_total, doc.currency, locale),
    )
