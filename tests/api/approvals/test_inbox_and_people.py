"""The inbox, concurrent decisions, delegation and escalation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from db.models.approvals import ApprovalRequest
from db.models.users import Role
from tests.api.approvals.conftest import APPROVE, Flow
from tests.api.conftest import gid

INBOX = """{ myApprovalInbox { totalCount edges { node {
  status myTurn overdue breachCodes
  quote { number name netTotal { amount } owner { name } account { name } pricing { breaches { code } } lines { key product { sku } } }
  plan { levels { name steps { ruleName reasons { kind observed threshold } } } }
} } } }"""
DELEGATE = "mutation($input: SetApprovalDelegationInput!) { setApprovalDelegation(input: $input) { delegationId userErrors { code } } }"
ESCALATE = "mutation { escalateApprovalRequests { escalated flagged userErrors { code } } }"


async def test_the_inbox_carries_the_quote_breaches_and_plan(flow: Flow) -> None:
    await flow.submit(await flow.discounted_quote("15"))
    await flow.submit(await flow.discounted_quote("30"))

    inbox = (await flow.manager.data(INBOX))["myApprovalInbox"]
    finance_inbox = (await flow.finance.data(INBOX))["myApprovalInbox"]

    assert inbox["totalCount"] == 2
    first = inbox["edges"][0]["node"]
    assert first["myTurn"] is True and first["quote"]["owner"]["name"] == "Riley Chen"
    assert first["plan"]["levels"][0]["name"] == "Manager"
    # waits for the manager first
    assert [e["node"]["myTurn"] for e in finance_inbox["edges"]] == [False]


async def test_inbox_statements_do_not_grow_with_the_requests(flow: Flow, statements) -> None:  # type: ignore[no-untyped-def]
    await flow.submit(await flow.discounted_quote("15"))
    statements.count = 0
    await flow.manager.data(INBOX)
    one = statements.count
    for percent in ("16", "17", "18", "19"):
        await flow.submit(await flow.discounted_quote(percent))

    statements.count = 0
    inbox = await flow.manager.data(INBOX)

    assert inbox["myApprovalInbox"]["totalCount"] == 5
    assert statements.count == one


async def test_two_approvers_deciding_at_once_exactly_one_wins(flow: Flow) -> None:
    second = await flow.quotes.demo.people.add("Fay Finance", Role.FINANCE)
    other_finance = await flow.quotes.demo.people.sign_in(second)
    pending = await flow.submit(await flow.discounted_quote("30"))
    request = await flow.request(pending)
    await flow.act(flow.manager, APPROVE, id=request["id"])

    results = await asyncio.gather(
        flow.act(flow.finance, APPROVE, id=request["id"]),
        flow.act(other_finance, APPROVE, id=request["id"]),
    )

    winners = [r for r in results if not r["userErrors"]]
    losers = [r for r in results if r["userErrors"]]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0]["userErrors"][0]["code"] in {"ALREADY_DECIDED", "INVALID_STATE"}
    final = await flow.request(pending)
    assert final["status"] == "APPROVED"
    finance_steps = {
        s["stepId"]
        for level in final["plan"]["levels"]
        if level["name"] == "Finance"
        for s in level["steps"]
    }
    assert len([d for d in final["decisions"] if d["stepId"] in finance_steps]) == 1


async def test_a_delegate_decides_while_the_approver_is_away(flow: Flow) -> None:
    deputy_user = await flow.quotes.demo.people.add("Dee Deputy", Role.MANAGER)
    deputy = await flow.quotes.demo.people.sign_in(deputy_user)
    now = datetime.now(UTC)
    delegated = await flow.manager.data(
        DELEGATE,
        {
            "input": {
                "delegateId": gid("User", deputy_user.id),
                "startsAt": (now - timedelta(hours=1)).isoformat(),
                "endsAt": (now + timedelta(days=3)).isoformat(),
            }
        },
    )
    request = await flow.pending_request("15")

    decided = await flow.act(deputy, APPROVE, id=request["id"])

    assert delegated["setApprovalDelegation"]["userErrors"] == []
    seat = decided["approvalRequest"]["plan"]["levels"][0]["steps"][0]["seats"][0]
    assert seat["delegates"] == [{"email": deputy_user.email}]
    assert decided["approvalRequest"]["status"] == "APPROVED"
    assert decided["approvalRequest"]["decisions"][0]["delegated"] is True
    assert decided["approvalRequest"]["decisions"][0]["onBehalfOf"] == {
        "email": "east.manager@dealdesk.example"
    }


async def test_a_step_past_its_sla_is_flagged_and_moves_up(flow: Flow) -> None:
    boss = await flow.quotes.demo.people.add("Vic President", Role.MANAGER)
    async with flow.quotes.demo.sessions() as session, session.begin():
        from sqlalchemy import select

        from db.models.users import User

        manager = await session.scalar(
            select(User).where(User.email == "east.manager@dealdesk.example")
        )
        manager.manager_id = boss.id
    pending = await flow.submit(await flow.discounted_quote("15"))
    request = await flow.request(pending)
    async with flow.quotes.demo.sessions() as session, session.begin():
        from strawberry.relay import from_base64

        await session.execute(
            update(ApprovalRequest)
            .where(ApprovalRequest.id == int(from_base64(request["id"])[1]))
            .values(submitted_at=datetime.now(UTC) - timedelta(hours=10))
        )
    vp = await flow.quotes.demo.people.sign_in(boss)

    overdue = await flow.request(pending)
    ran = (await flow.admin.data(ESCALATE))["escalateApprovalRequests"]
    decided = await flow.act(vp, APPROVE, id=request["id"])

    assert overdue["overdue"] is True
    assert ran == {"escalated": 1, "flagged": 1, "userErrors": []}
    assert decided["approvalRequest"]["status"] == "APPROVED"
