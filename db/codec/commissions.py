"""The commissions engine's values as stored: plan components, credits, statements, states.

Every dataclass and enum the engine exports is registered with the one tagged
codec (``db.codec.tagged``), so what the engine produces encodes exactly and
decodes to an equal value. The columns hold:

* ``commission_plan_versions.components``: an array of components;
* ``commission_credits.account``: an ``Account``; ``.lines``: an array of ``CreditLine``;
* ``commission_period_states.state``: a ``PeriodState`` (a cache of the ledger);
* ``commission_statements.summary``: ``{"components": [ComponentTotal], "awards":
  [SpifAward], "spif_carry": [SpifCounter], "parts": [AssignmentPart]}``;
* ``commission_statement_lines.details``: an array of ``PayoutLine``.

The engine stays free of storage: it is registered from here, never imports this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import commissions
from commissions.state import PeriodState, SpifCounter
from db.codec.tagged import Json, TaggedCodec

CODEC = TaggedCodec.of_modules(commissions)


def encode(value: Any) -> Json:
    """A commissions engine value (or a container of them) as JSON for a JSONB column."""
    return CODEC.encode(value)


def decode(expected: Any, data: Json) -> Any:
    """The value stored in ``data``, checked to be an ``expected`` (a class or union)."""
    return CODEC.decode_as(expected, data)


def stored_decimal(text: str) -> Decimal:
    """A decimal stored as text elsewhere (a priced snapshot), bounded as this codec's are."""
    value: Decimal = CODEC.decode_as(Decimal, {"$decimal": text})
    return value


def encode_all(values: Iterable[Any]) -> list[Json]:
    """Values as a JSON array (the columns holding several values hold arrays)."""
    return [CODEC.encode(v) for v in values]


def decode_all(expected: Any, data: Sequence[Json]) -> tuple[Any, ...]:
    return tuple(CODEC.decode_as(expected, item) for item in data)


# --- the stored shapes, by column -------------------------------------------------------


def components_json(components: Iterable[commissions.Component]) -> list[Json]:
    return encode_all(components)


def components_of(data: Sequence[Json]) -> tuple[commissions.Component, ...]:
    return decode_all(commissions.Component, data)


def account_of(data: Json) -> commissions.Account:
    value: commissions.Account = decode(commissions.Account, data)
    return value


def credit_lines_of(data: Sequence[Json]) -> tuple[commissions.CreditLine, ...]:
    return decode_all(commissions.CreditLine, data)


def state_of(data: Json) -> PeriodState:
    value: PeriodState = decode(PeriodState, data)
    return value


def payout_lines_of(data: Sequence[Json]) -> tuple[commissions.PayoutLine, ...]:
    return decode_all(commissions.PayoutLine, data)


@dataclass(frozen=True, slots=True)
class StatementSummary:
    """What a statement keeps beside its totals: component totals, awards, SPIF carry."""

    components: tuple[commissions.ComponentTotal, ...] = ()
    awards: tuple[commissions.SpifAward, ...] = ()
    spif_carry: tuple[SpifCounter, ...] = ()
    parts: tuple[commissions.AssignmentPart, ...] = ()
    """Each assignment's part of the period, prorated by days (people who change)."""


def summary_json(summary: StatementSummary) -> dict[str, Json]:
    return {
        "components": encode_all(summary.components),
        "awards": encode_all(summary.awards),
        "spif_carry": encode_all(summary.spif_carry),
        "parts": encode_all(summary.parts),
    }


def summary_of(data: Mapping[str, Any]) -> StatementSummary:
    return StatementSummary(
        decode_all(commissions.ComponentTotal, data.get("components", [])),
        decode_all(commissions.SpifAward, data.get("awards", [])),
        decode_all(SpifCounter, data.get("spif_carry", [])),
        decode_all(commissions.AssignmentPart, data.get("parts", [])),
    )


def spif_carry_of(data: Mapping[str, Any]) -> tuple[SpifCounter, ...]:
    """``summary_of(data).spif_carry`` without decoding the rest of the summary: reading a
    period needs only the SPIF progress carried in, for each rep of a home screen."""
    return decode_all(SpifCounter, data.get("spif_carry", []))


__all__ = [
    "CODEC",
    "StatementSummary",
    "account_of",
    "components_json",
    "components_of",
    "credit_lines_of",
    "decode",
    "encode",
    "encode_all",
    "payout_lines_of",
    "spif_carry_of",
    "state_of",
    "stored_decimal",
    "summary_json",
    "summary_of",
]
