"""Reason codes: why the engine could not price a line or apply a quote-level rule.

A refusal is data in the result, never an exception, so the GraphQL resolver can
turn each one into a typed ``UserError`` (``code``, ``field``, ``message``).
Exceptions stay for programmer errors (e.g. two lines with the same id).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ReasonCode(Enum):
    """Stable codes; the API's ``ErrorCode`` enum mirrors them."""

    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    INVALID_TERM = "INVALID_TERM"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    NO_PRICE = "NO_PRICE"
    CONFIGURATION_INVALID = "CONFIGURATION_INVALID"
    INVALID_DISCOUNT = "INVALID_DISCOUNT"


@dataclass(frozen=True, slots=True)
class PricingError:
    """One refusal: ``line_id`` is None for the quote; ``field`` names the input at fault.

    ``rule_id`` points at the input that caused it (a price book entry, a
    contract, a promotion, a floor) when there is one, so the message can link
    to it.
    """

    code: ReasonCode
    message: str
    line_id: str | None = None
    field: tuple[str, ...] = ()
    rule_id: str | None = None
