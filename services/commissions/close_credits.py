"""Stored credit rows → the engine's credits, fast: a period close turns 100,000 of them.

``credit_of_row`` equals ``rep_plans.engine_credit`` on a row of
``db.queries.commission_close.credits_by_rep`` (read by position, decoded by the codec's
exact fast paths); a test holds them equal.
"""

from __future__ import annotations

from typing import Any

import commissions as engine
from db.codec.commission_fast import stored_account, stored_credit_lines_text
from db.models.commissions import CreditRole, ReversalKind
from services.commissions.rep_plans import original_key

_ROLES = {role.value: engine.CreditRole(role.value) for role in CreditRole}
_KINDS = {kind.value: engine.ReversalKind(kind.value) for kind in ReversalKind}
"""By the stored enums' text, as ``credits_by_rep`` reads them."""


def credit_of_row(row: Any) -> engine.Credit:
    """The engine's credit for a record of ``credits_by_rep`` (enums as text)."""
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
    products: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    if isinstance(scope, dict):
        products = tuple(str(p) for p in scope.get("products", ()))
        families = tuple(str(f) for f in scope.get("families", ()))
    return engine.Credit(
        credit_id=key,
        deal_id=str(quote_id),
        rep_id=str(rep_id),
        role=_ROLES[role],
        share=share,
        credit_date=credit_date,
        rated_on=rated_on,
        currency=currency,
        account=stored_account(account),
        lines=stored_credit_lines_text(lines),
        deal_discount=deal_discount,
        deal_margin=deal_margin,
        reverses=original_key(key) if reverses_id is not None else None,
        reversal_kind=_KINDS[reversal_kind] if reversal_kind is not None else None,
        completes_reversal=completes_reversal,
        original_currency=original_currency,
        exchange_rate=exchange_rate,
        deal_products=products,
        deal_families=families,
    )
