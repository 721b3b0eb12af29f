"""Quotes on the demo org: a signed-in rep and helpers to create and move quotes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.api.conftest import Api
from tests.api.pricing.conftest import Demo, demo  # noqa: F401  (fixture)

QUOTE_FIELDS = """
  id number name status version revisionNumber validUntil netTotal { amount currency }
  account { name } owner { name }
  revision { number nonStandard notes customerNotes terms
    clauses { title body fromLibrary edited }
    pricing { priced netTotal { amount } breaches { code } issues { code } }
  }
  lines { key quantity discountPercent product { sku } priced { netAmount { amount } steps { kind } } children { key } }
  history { kind fromStatus toStatus customerName message }
"""
PAYLOAD = f"quote {{ {QUOTE_FIELDS} }} userErrors {{ code field message }}"
CREATE = f"mutation($input: CreateQuoteInput!) {{ createQuote(input: $input) {{ {PAYLOAD} }} }}"
LINES = f"mutation($input: UpdateQuoteLinesInput!) {{ updateQuoteLines(input: $input) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($input: UpdateQuoteInput!) {{ updateQuote(input: $input) {{ {PAYLOAD} }} }}"
CLAUSES = (
    f"mutation($input: SetQuoteClausesInput!) {{ setQuoteClauses(input: $input) {{ {PAYLOAD} }} }}"
)
CLONE = f"mutation($input: CloneQuoteInput!) {{ cloneQuote(input: $input) {{ {PAYLOAD} }} }}"


def action(name: str, input_type: str = "QuoteActionInput") -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"


SUBMIT = action("submitQuoteForApproval")
SEND = action("markQuoteSent")
ACCEPT = action("recordQuoteAcceptance")
REJECT = action("recordQuoteRejection")
WIN = action("markQuoteWon", "QuoteOutcomeInput")
LOSE = action("markQuoteLost", "QuoteOutcomeInput")


@dataclass
class Quotes:
    demo: Demo
    rep: Api

    async def line(self, sku: str, quantity: int = 1, **extra: object) -> dict:
        return {"productId": await self.demo.product(sku), "quantity": quantity, **extra}

    async def create(
        self, lines: list[dict] | None = None, account: str = "Acme Manufacturing", **extra: object
    ) -> dict:
        lines = lines if lines is not None else [await self.line("SW-SEC", 10)]
        payload = {"accountId": await self.demo.account(account), "lines": lines, **extra}
        result = await self.rep.succeeded(CREATE, {"input": payload}, "createQuote")
        return result["quote"]

    async def do(self, mutation: str, quote: dict, **extra: object) -> dict:
        name = mutation.split("{", 2)[1].split("(")[0].strip()
        data = await self.rep.data(
            mutation, {"input": {"id": quote["id"], "version": quote["version"], **extra}}
        )
        return data[name]

    async def move(self, mutation: str, quote: dict, **extra: object) -> dict:
        result = await self.do(mutation, quote, **extra)
        assert result["userErrors"] == [], result["userErrors"]
        return result["quote"]


@pytest.fixture
async def quotes(demo: Demo) -> Quotes:  # noqa: F811
    return Quotes(demo, await demo.sign_in("rep1@dealdesk.example"))
