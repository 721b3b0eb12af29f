"""Stored credit rows → the engine's credits, fast: a period close turns 100,000 of them.

``credit_of_row`` equals ``rep_plans.engine_credit`` on a row of
``db.queries.commission_close.credits_by_rep`` (read by position, decoded by the codec's
exact fast paths; decimals read as their text and dates as days, built once each here);
a test holds them equal.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import commissions as engine
from commissions.construct import positional_constructor
from db.codec.commission_fast import stored_account, stored_credit_lines_text
from db.models.commissions import CreditRole, ReversalKind
from services.commissions.rep_plans import original_key

_ROLES = {role.value: engine.CreditRole(role.value) for role in CreditRole}
_KINDS = {kind.value: engine.ReversalKind(kind.value) for kind in ReversalKind}
"""By the stored enums' text, as ``credits_by_rep`` reads them."""


_credit = positional_constructor(engine.Credit)
_ACCOUNTS: dict[str, engine.Account] = {}
_SCOPES: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {None: ((), ())}
"""Decoded accounts and deal scopes by their stored text: a ledger repeats a few dozen
(segment, industry, new logo) and most credits have no scope. Both values are immutable;
the caches are emptied when full."""
_CACHE_MAX = 10_000

_DATES: dict[int, date] = {}
"""Dates by their days since 2000-01-01 (``commission_close.DAYS_FROM``): a period has a
hundred or so."""
_FIRST_DAY = date(2000, 1, 1).toordinal()
_NUMBERS: dict[str | None, Decimal | None] = {None: None}
"""Decimals by their stored text (shares, discounts, margins, rates: a ledger repeats them;
the text fixes a ``Decimal`` exactly, exponent included, and it is immutable)."""


def _day(days: int) -> date:
    day = _DATES.get(days)
    if day is None:
        if len(_DATES) >= _CACHE_MAX:
            _DATES.clear()
        day = _DATES[days] = date.fromordinal(_FIRST_DAY + days)
    return day


def _number(text: str | None) -> Decimal | None:
    """The decimal a numeric column's text prints (None for NULL)."""
    try:
        return _NUMBERS[text]
    except KeyError:
        if len(_NUMBERS) >= _CACHE_MAX:
            _NUMBERS.clear()
            _NUMBERS[None] = None
        number = _NUMBERS[text] = Decimal(text)  # type: ignore[arg-type]  # (None is cached)
        return number


def _account(text: str) -> engine.Account:
    account = _ACCOUNTS.get(text)
    if account is None:
        if len(_ACCOUNTS) >= _CACHE_MAX:
            _ACCOUNTS.clear()
        account = _ACCOUNTS[text] = stored_account(json.loads(text))
    return account


def _scope(text: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(products, families) of a deal scope as ``rep_plans.engine_credit`` reads it."""
    scope = _SCOPES.get(text)
    if scope is None:
        data = json.loads(text)  # type: ignore[arg-type]  # (None is cached)
        scope = ((), ())
        if isinstance(data, dict):
            products = tuple(str(p) for p in data.get("products", ()))
            scope = (products, tuple(str(f) for f in data.get("families", ())))
        if len(_SCOPES) >= _CACHE_MAX:
            _SCOPES.clear()
            _SCOPES[None] = ((), ())
        _SCOPES[text] = scope
    return scope


def credit_of_row(row: Any) -> engine.Credit:
    """The engine's credit for a record of ``credits_by_rep`` (enums, JSON and decimals as
    text, dates as days)."""
    (
        _,
        key,
        quote_id,
        rep_id,
        role,
        share,
        credit_date,
        rated_on,
        currency,
        account,
        lines,
        deal_discount,
        deal_margin,
        reverses_id,
        reversal_kind,
        completes_reversal,
        original_currency,
        exchange_rate,
        scope,
    ) = row
    products, families = _scope(scope)
    return _credit(  # engine.Credit's fields, in order
        key,
        str(quote_id),
        str(rep_id),
        _ROLES[role],
        _number(share),
        _day(credit_date),
        _day(rated_on),
        currency,
        _account(account),
        stored_credit_lines_text(lines),
        _number(deal_discount),
        _number(deal_margin),
        original_key(key) if reverses_id is not None else None,
        _KINDS[reversal_kind] if reversal_kind is not None else None,
        completes_reversal,
        original_currency,
        _number(exchange_rate),
        products,
        families,
    )
