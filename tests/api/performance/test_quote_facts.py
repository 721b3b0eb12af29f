"""Sales are not typed twice: the quote workflow's moves are facts in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tests.api.quotes.conftest import ACCEPT, SEND, SUBMIT, WIN, Quotes

KPIS = """
query($metrics: [String!]) {
  kpis(metrics: $metrics, grain: DAY) { metric { key } value explanation { numerator } }
}
"""
RECORD = """
mutation($input: RecordActivitiesInput!) {
  recordActivities(input: $input) { recorded userErrors { code field message } }
}
"""
METRICS = [
    "QUOTES_SENT",
    "SALES",
    "SALES_UNITS",
    "REVENUE",
    "CUSTOMERS",
    "TRANSFERRED_SALES",
    "TRANSFERS",
    "TRANSFER_CONVERSION",
]


async def test_a_won_quote_is_a_sale_with_its_revenue_units_customer_and_transfer(
    quotes: Quotes,
) -> None:
    quote = await quotes.create()  # 10 × SW-SEC for Acme
    account = await quotes.demo.account("Acme Manufacturing")
    now = datetime.now(UTC).isoformat()
    transfer = {"kind": "TRANSFER", "occurredAt": now, "accountId": account, "externalId": "t1"}
    recorded = await quotes.rep.data(RECORD, {"input": {"activities": [transfer]}})
    assert recorded["recordActivities"]["userErrors"] == []

    sent = await quotes.move(SEND, await quotes.move(SUBMIT, quote))
    won = await quotes.move(WIN, await quotes.move(ACCEPT, sent))

    rows = (await quotes.rep.data(KPIS, {"metrics": METRICS}))["kpis"]
    values = {row["metric"]["key"]: row["value"] for row in rows}
    revenue = Decimal(won["netTotal"]["amount"])
    assert revenue > 0
    assert values == {
        "QUOTES_SENT": "1.0000",
        "SALES": "1.0000",
        "SALES_UNITS": "10.0000",
        "REVENUE": f"{revenue:.4f}",
        "CUSTOMERS": "1.0000",
        "TRANSFERRED_SALES": "1.0000",
        "TRANSFERS": "1.0000",
        "TRANSFER_CONVERSION": "100.0000",
    }
