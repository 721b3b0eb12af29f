"""The standard metrics every organisation starts with (version 1), as data.

Each volume metric names a quality pair (``quality_pair``), so a contest or a
card never shows volume alone: calls per hour beside transfer conversion,
leads beside BANT-qualified leads, emails beside contacts.

Worked hours come from SHIFT facts (their duration); "per hour" ratios divide
by them. Slippage rate is slipped quotes ÷ quotes sent, as a percentage.
Transfer conversion is sales carrying ``transferred=true`` ÷ transfers.
"""

from __future__ import annotations

from decimal import Decimal

from gamification.hierarchy import Level
from gamification.metrics import Aggregate, Better, Filter, Measure, MetricDefinition

PERCENT = Decimal(100)


def _sum(
    key: str,
    name: str,
    level: Level,
    kinds: tuple[str, ...],
    pair: str | None = None,
    *,
    measure: Measure = Measure.QUANTITY,
    unit: str = "count",
    better: Better = Better.HIGHER,
    filters: tuple[Filter, ...] = (),
) -> MetricDefinition:
    """A metric summing the quantity (or ``measure``) of facts of ``kinds``."""
    return MetricDefinition(
        key, 1, name, name + ".", Aggregate.SUM, level, kinds, measure, filters,
        unit=unit, better=better, quality_pair=pair,
    )  # fmt: skip


def _ratio(
    key: str,
    name: str,
    level: Level,
    top: str,
    bottom: str,
    pair: str | None = None,
    *,
    unit: str = "per hour",
    scale: Decimal = Decimal(1),
    better: Better = Better.HIGHER,
) -> MetricDefinition:
    """A metric dividing ``top`` by ``bottom`` (per hour unless ``unit`` says otherwise)."""
    return MetricDefinition(
        key, 1, name, name + ".", Aggregate.RATIO, level, numerator=top, denominator=bottom,
        scale=scale, unit=unit, better=better, quality_pair=pair,
    )  # fmt: skip


def _lead(key: str, standard: str, name: str) -> MetricDefinition:
    return _sum(key, name, Level.TARGET, ("LEAD",), filters=(Filter("qualification", standard),))


STANDARD_METRICS: tuple[MetricDefinition, ...] = (
    _sum("WORKED_HOURS", "Worked hours", Level.MANAGE, ("SHIFT",),
         measure=Measure.DURATION_HOURS, unit="hours"),
    _sum("CALLS", "Calls", Level.ENGAGE, ("DIAL",), "TRANSFER_CONVERSION"),
    _sum("CONTACTS", "Contacts", Level.ENGAGE, ("CONTACT",), "TRANSFER_CONVERSION"),
    _sum("EMAILS", "Emails", Level.ENGAGE, ("EMAIL",), "CONTACTS"),
    _sum("TRANSFERS", "Transfers", Level.ENGAGE, ("TRANSFER",), "TRANSFER_CONVERSION"),
    _sum("SALES_UNITS", "Units sold", Level.CLOSE, ("SALE",), "AVERAGE_TICKET"),
    _sum("REVENUE", "Revenue", Level.CLOSE, ("SALE",), "AVERAGE_TICKET",
         measure=Measure.AMOUNT, unit="money"),
    MetricDefinition("SALES", 1, "Sales", "Deals won.", Aggregate.COUNT, Level.CLOSE, ("SALE",),
                     unit="count", quality_pair="AVERAGE_TICKET"),
    MetricDefinition("AVERAGE_DEAL_SIZE", 1, "Average deal size", "Revenue per deal won.",
                     Aggregate.AVERAGE, Level.CLOSE, ("SALE",), Measure.AMOUNT, unit="money"),
    MetricDefinition("CUSTOMERS", 1, "Customers", "Different customers who bought.",
                     Aggregate.DISTINCT_COUNT, Level.CLOSE, ("SALE",), unit="count"),
    MetricDefinition("TRANSFERRED_SALES", 1, "Transferred sales", "Sales from a transfer.",
                     Aggregate.COUNT, Level.CLOSE, ("SALE",),
                     filters=(Filter("transferred", "true"),), unit="count"),
    MetricDefinition("QUOTES_SENT", 1, "Quotes sent", "Quotes sent.", Aggregate.COUNT,
                     Level.CLOSE, ("QUOTE_SENT",), unit="count"),
    MetricDefinition("SLIPPAGE_COUNT", 1, "Slipped deals", "Close dates moved a quarter out.",
                     Aggregate.COUNT, Level.MANAGE, ("SLIPPAGE",), unit="count",
                     better=Better.LOWER),
    _sum("SLIPPAGE_AMOUNT", "Slipped amount", Level.MANAGE, ("SLIPPAGE",), "SLIPPAGE_RATE",
         measure=Measure.AMOUNT, unit="money", better=Better.LOWER),
    _ratio("SLIPPAGE_RATE", "Slippage rate", Level.MANAGE, "SLIPPAGE_COUNT", "QUOTES_SENT",
           unit="%", scale=PERCENT, better=Better.LOWER),
    _ratio("CALLS_PER_HOUR", "Calls per hour", Level.ENGAGE, "CALLS", "WORKED_HOURS",
           "TRANSFER_CONVERSION"),
    _ratio("CONTACTS_PER_HOUR", "Contacts per hour", Level.ENGAGE, "CONTACTS", "WORKED_HOURS",
           "TRANSFER_CONVERSION"),
    _ratio("SALES_UNITS_PER_HOUR", "Units sold per hour", Level.CLOSE, "SALES_UNITS",
           "WORKED_HOURS", "AVERAGE_TICKET"),
    _ratio("REVENUE_PER_HOUR", "Revenue per hour", Level.CLOSE, "REVENUE", "WORKED_HOURS",
           "AVERAGE_TICKET"),
    _ratio("REVENUE_PER_CALL", "Revenue per call", Level.CLOSE, "REVENUE", "CALLS", unit="money"),
    _ratio("AVERAGE_TICKET", "Average ticket value", Level.CLOSE, "REVENUE", "CUSTOMERS",
           unit="money"),
    _ratio("TRANSFERS_PER_HOUR", "Transfers per hour", Level.ENGAGE, "TRANSFERS",
           "WORKED_HOURS", "TRANSFER_CONVERSION"),
    _ratio("TRANSFER_CONVERSION", "Transfer conversion", Level.CLOSE, "TRANSFERRED_SALES",
           "TRANSFERS", unit="%", scale=PERCENT),
    _sum("LEADS", "Leads", Level.TARGET, ("LEAD",), "LEADS_BANT"),
    _lead("LEADS_RAW_INQUIRY", "RAW_INQUIRY", "Leads: raw inquiries"),
    _lead("LEADS_LISTED_NAME", "LISTED_NAME", "Leads: listed names"),
    _lead("LEADS_MQL", "MARKETING_QUALIFIED", "Leads: marketing-qualified"),
    _lead("LEADS_BANT", "BANT", "Leads: BANT-qualified"),
    _sum("CRM_USAGE", "CRM usage", Level.MANAGE, ("CRM_CONTACT_ENTERED", "CRM_EMAIL_SENT")),
    _sum("CONTENT_SHARED", "Content shared", Level.PERSUADE, ("CONTENT_SHARED",), "SALES"),
    _sum("TRAINING_COMPLETED", "Training completed", Level.DEVELOP, ("TRAINING_COMPLETED",)),
)  # fmt: skip
"""Ratios come after the metrics they divide, so seeding in order always validates."""

STANDARD_METRICS_BY_KEY: dict[str, MetricDefinition] = {m.key: m for m in STANDARD_METRICS}
