"""A negotiation on the demo org: rep1's quote with good / better / best options, shared
with the customer, who picks and proposes through the link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.approvals.conftest import APPROVE, REQUESTS, Flow, flow  # noqa: F401
from tests.api.conftest import Api
from tests.api.pricing.conftest import Demo, demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import PAYLOAD, SEND, SUBMIT, Quotes, quotes  # noqa: F401

OPTION_FIELDS = "options { key name description primary selectedByCustomer netTotal { amount } pricing { lines { key quantity } } }"
ADD_OPTION = f"mutation($input: AddQuoteOptionInput!) {{ addQuoteOption(input: $input) {{ quote {{ id version status {OPTION_FIELDS} }} userErrors {{ code field message }} }} }}"
UPDATE_OPTION = f"mutation($input: UpdateQuoteOptionInput!) {{ updateQuoteOption(input: $input) {{ quote {{ id version {OPTION_FIELDS} netTotal {{ amount }} }} userErrors {{ code field message }} }} }}"
REMOVE_OPTION = f"mutation($input: RemoveQuoteOptionInput!) {{ removeQuoteOption(input: $input) {{ quote {{ id version {OPTION_FIELDS} }} userErrors {{ code field message }} }} }}"
SHARE = (
    "mutation($input: ShareQuoteInput!) { shareQuote(input: $input) { token userErrors { code } } }"
)
VIEW = """query($token: String!) { sharedQuote(token: $token) {
  status revision netTotal { amount } selectedOptionKey
  options { key name primary selected netTotal { amount } lines { sku quantity } }
  clauses { clauseId title body }
  changeRequests { status optionKey counterPrice { amount currency } comment declineReason
    clauseChanges { action clauseId text } }
} }"""
SELECT = "mutation($input: SelectSharedQuoteOptionInput!) { selectSharedQuoteOption(input: $input) { quote { selectedOptionKey options { key selected } } userErrors { code field message } } }"
PROPOSE = """mutation($input: ProposeSharedQuoteChangeInput!) { proposeSharedQuoteChange(input: $input) {
  quote { changeRequests { status } } changeRequest { status optionKey counterPrice { amount } comment clauseChanges { action clauseId title text } }
  userErrors { code field message } } }"""
REQUEST_FIELDS = "id status revision optionKey comment customerName declineReason acceptedRevision counterPrice { amount currency } clauseChanges { action clauseId text } decidedBy { email }"
ACCEPT = f"mutation($input: AcceptQuoteChangeRequestInput!) {{ acceptQuoteChangeRequest(input: $input) {{ changeRequest {{ {REQUEST_FIELDS} }} quote {{ id version status revisionNumber netTotal {{ amount }} }} userErrors {{ code field message }} }} }}"
DECLINE = f"mutation($input: DeclineQuoteChangeRequestInput!) {{ declineQuoteChangeRequest(input: $input) {{ changeRequest {{ {REQUEST_FIELDS} }} userErrors {{ code field message }} }} }}"
CHANGE_REQUESTS = f"query($id: ID!) {{ node(id: $id) {{ ... on Quote {{ id version status changeRequests {{ {REQUEST_FIELDS} }} }} }} }}"
ACCEPT_LINK = "mutation($input: SharedQuoteAnswerInput!) { acceptSharedQuote(input: $input) { quote { status } userErrors { code message } } }"
TIMELINE = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Quote {
  timeline(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind actorKind customerName message revision actor { email }
      changeRequest { status } } } } } } }"""
QUOTE_VIEW = """query($id: ID!) { node(id: $id) { ... on Quote { id version status revisionNumber
  netTotal { amount } options { key } lines { product { sku } quantity }
  revision { nonStandard clauses { title body edited } pricing { lines { steps { kind amountDelta { amount } } } } }
} } }"""


@dataclass
class Negotiation:
    flow: Flow
    demo: Demo

    @property
    def rep(self) -> Api:
        return self.flow.quotes.rep

    @property
    def customer(self) -> Api:
        return self.rep.as_(None)

    async def option(self, quote: dict, name: str, lines: list[dict], **extra: Any) -> dict:
        result = await self.rep.mutate(
            ADD_OPTION,
            {"id": quote["id"], "version": quote["version"], "name": name, "lines": lines, **extra},
        )
        assert result["userErrors"] == [], result["userErrors"]
        return dict(result["quote"])

    async def three_options(self) -> dict:
        """A draft with Good (its own lines, O1), Better (O2) and Best (O3)."""
        made = self.flow.quotes
        quote = await made.create([await made.line("SW-SEC", 10)])
        quote = await self.option(quote, "Better", [await made.line("SW-SEC", 20)])
        quote = await self.option(
            quote,
            "Best",
            [await made.line("SW-SEC", 30), await made.line("SVC-TRN", 1)],
            description="Everything, with training",
        )
        renamed = await self.rep.mutate(
            UPDATE_OPTION,
            {"id": quote["id"], "version": quote["version"], "key": "O1", "name": "Good"},
        )
        assert renamed["userErrors"] == [], renamed["userErrors"]
        return dict(renamed["quote"])

    async def sent_and_shared(self, quote: dict) -> tuple[dict, str]:
        made = self.flow.quotes
        sent = await made.move(SEND, await made.move(SUBMIT, await self.fresh(quote)))
        shared = (await self.rep.data(SHARE, {"input": {"id": sent["id"]}}))["shareQuote"]
        assert shared["userErrors"] == []
        return sent, shared["token"]

    async def fresh(self, quote: dict) -> dict:
        return dict((await self.rep.data(QUOTE_VIEW, {"id": quote["id"]}))["node"])

    async def view(self, token: str) -> dict:
        return dict((await self.customer.data(VIEW, {"token": token}))["sharedQuote"])

    async def propose(self, token: str, **proposal: Any) -> dict:
        return await self.customer.mutate(
            PROPOSE, {"token": token, "name": "Jane Buyer", **proposal}
        )

    async def requests(self, quote: dict) -> list[dict]:
        node = (await self.rep.data(CHANGE_REQUESTS, {"id": quote["id"]}))["node"]
        return list(node["changeRequests"])

    async def approve_all(self, quote: dict) -> list[str]:
        """Every level approved by whoever's turn it is; the approvers, in order."""
        who: list[str] = []
        for _ in range(5):
            request = (await self.rep.data(REQUESTS, {"q": quote["id"]}))[
                "approvalRequestsForQuote"
            ][0]
            if request["status"] == "APPROVED":
                return who
            for approver in (self.flow.manager, self.flow.finance, self.flow.admin):
                done = await self.flow.act(approver, APPROVE, id=request["id"])
                if done["userErrors"] == []:
                    who.append(approver.token or "")
                    break
            else:
                raise AssertionError(f"nobody could approve {request}")
        raise AssertionError("never approved")


@pytest.fixture
async def negotiation(flow: Flow, demo: Demo) -> Negotiation:  # noqa: F811
    return Negotiation(flow, demo)
