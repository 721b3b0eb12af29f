"""Approvals on the demo org: rep1's quotes go to Maya East (manager), Finance, Legal."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.api.conftest import Api
from tests.api.pricing.conftest import Demo, demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import SUBMIT, Quotes, quotes  # noqa: F401  (fixture)

REQUEST_FIELDS = """
  id status revision reason currentLevel myTurn dueAt overdue breachCodes
  counterOffer { lines { lineKey discountPercent } totalDiscountPercent note }
  plan { autoApproved levels { level name steps { stepId ruleName mode complete seats { approver { email } delegates { email } decided } reasons { kind observed threshold lineKey } } } }
  decisions { kind stepId reason delegated decidedBy { email } onBehalfOf { email } }
  comments { author { email } message }
  quote { id status version revisionNumber netTotal { amount } }
"""
PAYLOAD = f"approvalRequest {{ {REQUEST_FIELDS} }} userErrors {{ code field message }}"


def mutation(name: str, input_type: str) -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"


APPROVE = mutation("approveApprovalRequest", "ApproveApprovalRequestInput")
REJECT = mutation("rejectApprovalRequest", "RejectApprovalRequestInput")
COUNTER = mutation("counterOfferApprovalRequest", "CounterOfferApprovalRequestInput")
RECALL = mutation("recallApprovalRequest", "ApprovalRequestActionInput")
ACCEPT_COUNTER = mutation("acceptCounterOffer", "ApprovalRequestActionInput")
DECLINE_COUNTER = mutation("declineCounterOffer", "ApprovalRequestActionInput")
COMMENT = mutation("commentOnApprovalRequest", "CommentOnApprovalRequestInput")
REQUESTS = f"query($q: ID!) {{ approvalRequestsForQuote(quoteId: $q) {{ {REQUEST_FIELDS} }} }}"
PREVIEW = """query($q: ID!) { previewApprovalPlan(quoteId: $q) { submittable withinEarlierApproval issues
  plan { autoApproved levels { level name steps { ruleName seats { approver { email } } reasons { kind observed threshold lineKey } } } } } }"""


@dataclass
class Flow:
    quotes: Quotes
    manager: Api
    finance: Api
    admin: Api

    async def discounted_quote(
        self, percent: str, sku: str = "SVC-INST", quantity: int = 1
    ) -> dict:
        return await self.quotes.create(
            [await self.quotes.line(sku, quantity, discount={"percent": percent})]
        )

    async def submit(self, quote: dict) -> dict:
        return await self.quotes.move(SUBMIT, quote)

    async def request(self, quote: dict) -> dict:
        data = await self.quotes.rep.data(REQUESTS, {"q": quote["id"]})
        return data["approvalRequestsForQuote"][0]

    async def pending_request(self, percent: str, sku: str = "SVC-INST", quantity: int = 1) -> dict:
        """The approval request of a new quote discounted ``percent`` %, just submitted."""
        return await self.request(
            await self.submit(await self.discounted_quote(percent, sku, quantity))
        )

    async def act(self, api: Api, document: str, **input: object) -> dict:
        return await api.mutate(document, input)


@pytest.fixture
async def flow(quotes: Quotes, demo: Demo) -> Flow:  # noqa: F811
    return Flow(
        quotes,
        await demo.sign_in("east.manager@dealdesk.example"),
        await demo.sign_in("finance@dealdesk.example"),
        await demo.sign_in("admin@dealdesk.example"),
    )
