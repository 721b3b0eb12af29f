"""Delegation is decided when the delegate acts (issue 10, item 12).

East's manager delegates to a deputy. Before the window opens, after it
closes, and while it runs, the deputy's right to decide, to read the request
(and its quote) and to find it in the inbox follows the window as it stands
at the moment they ask, whatever it was when the quote was submitted.
Windows are set relative to now; "after" moves the end into the past.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from strawberry.relay import from_base64

from db.models.approvals import Delegation
from db.models.users import Role
from tests.api.approvals.conftest import APPROVE, COMMENT, Flow
from tests.api.conftest import Api, gid

DELEGATE = "mutation($input: SetApprovalDelegationInput!) { setApprovalDelegation(input: $input) { delegationId userErrors { code } } }"
INBOX = "{ myApprovalInbox { totalCount edges { node { id myTurn } } } }"
NODE = """query($id: ID!) { node(id: $id) { ... on ApprovalRequest { id myTurn
  quote { id status } plan { levels { steps { seats { approver { email } delegates { email } } } } } } } }"""
#: What the deputy can do outside the window: nothing, and deciding is FORBIDDEN.
NO_PART = {
    "read": False,
    "my_turn": False,
    "inbox": False,
    "decide": False,
    "refusal": ["FORBIDDEN"],
}


async def delegate(flow: Flow, deputy_id: int, starts: timedelta, ends: timedelta) -> int:
    now = datetime.now(UTC)
    data = await flow.manager.data(
        DELEGATE,
        {
            "input": {
                "delegateId": gid("User", deputy_id),
                "startsAt": (now + starts).isoformat(),
                "endsAt": (now + ends).isoformat(),
            }
        },
    )
    assert data["setApprovalDelegation"]["userErrors"] == []
    return int(from_base64(data["setApprovalDelegation"]["delegationId"])[1])


async def end_delegation(flow: Flow, delegation_id: int, ago: timedelta) -> None:
    """Time travel: the delegation ended ``ago``."""
    async with flow.quotes.demo.sessions() as session, session.begin():
        await session.execute(
            update(Delegation)
            .where(Delegation.id == delegation_id)
            .values(ends_at=datetime.now(UTC) - ago)
        )


async def deputy_of(flow: Flow) -> tuple[int, Api]:
    user = await flow.quotes.demo.people.add("Dee Deputy", Role.MANAGER)
    return user.id, await flow.quotes.demo.people.sign_in(user)


async def what_the_deputy_can_do(flow: Flow, deputy: Api, request_id: str) -> dict[str, object]:
    node = (await deputy.data(NODE, {"id": request_id}))["node"]
    inbox = (await deputy.data(INBOX))["myApprovalInbox"]
    decided = await flow.act(deputy, APPROVE, id=request_id)
    return {
        "read": node is not None,
        "my_turn": bool(node and node["myTurn"]),
        "inbox": [e["node"]["id"] for e in inbox["edges"]] == [request_id],
        "decide": decided["userErrors"] == [],
        "refusal": [e["code"] for e in decided["userErrors"]],
    }


async def test_before_the_window_opens_the_deputy_has_no_part_in_the_request(flow: Flow) -> None:
    deputy_id, deputy = await deputy_of(flow)
    await delegate(flow, deputy_id, timedelta(hours=1), timedelta(days=1))
    request = await flow.pending_request("15")

    can = await what_the_deputy_can_do(flow, deputy, request["id"])

    assert can == NO_PART


async def test_a_delegation_set_after_submission_applies_while_it_runs(flow: Flow) -> None:
    deputy_id, deputy = await deputy_of(flow)
    request = await flow.pending_request("15")
    await delegate(flow, deputy_id, -timedelta(minutes=1), timedelta(days=1))

    node = (await deputy.data(NODE, {"id": request["id"]}))["node"]
    can = await what_the_deputy_can_do(flow, deputy, request["id"])
    final = await flow.request({"id": request["quote"]["id"]})

    assert node["quote"]["id"] == request["quote"]["id"]
    assert node["plan"]["levels"][0]["steps"][0]["seats"][0]["delegates"] == [
        {"email": "dee.deputy@example.com"}
    ]
    assert can == {"read": True, "my_turn": True, "inbox": True, "decide": True, "refusal": []}
    assert final["status"] == "APPROVED"
    assert final["decisions"][0]["delegated"] is True
    assert final["decisions"][0]["onBehalfOf"] == {"email": "east.manager@dealdesk.example"}


async def test_after_the_window_closes_the_deputy_recorded_at_submission_is_out(flow: Flow) -> None:
    deputy_id, deputy = await deputy_of(flow)
    delegation = await delegate(flow, deputy_id, -timedelta(hours=1), timedelta(days=1))
    request = await flow.pending_request("15")
    during = (await deputy.data(INBOX))["myApprovalInbox"]["totalCount"]
    await end_delegation(flow, delegation, ago=timedelta(seconds=6))

    can = await what_the_deputy_can_do(flow, deputy, request["id"])
    quote = (
        await deputy.data(
            "query($id: ID!) { node(id: $id) { id } }", {"id": request["quote"]["id"]}
        )
    )["node"]
    comment = await flow.act(deputy, COMMENT, id=request["id"], message="still here?")
    after = await flow.request({"id": request["quote"]["id"]})

    assert during == 1
    assert can == NO_PART
    assert quote is None
    assert comment["userErrors"][0]["code"] == "NOT_FOUND"
    assert after["status"] == "PENDING" and after["decisions"] == []
    assert after["plan"]["levels"][0]["steps"][0]["seats"][0]["delegates"] == []


async def test_the_approver_keeps_their_seat_whatever_the_delegation(flow: Flow) -> None:
    deputy_id, _ = await deputy_of(flow)
    delegation = await delegate(flow, deputy_id, -timedelta(hours=1), timedelta(days=1))
    request = await flow.pending_request("15")
    await end_delegation(flow, delegation, ago=timedelta(seconds=6))

    decided = await flow.act(flow.manager, APPROVE, id=request["id"])

    assert decided["userErrors"] == [] and decided["approvalRequest"]["status"] == "APPROVED"
