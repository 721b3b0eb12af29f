"""The phone's inbox page (``bench/queries/approval_inbox.graphql``) runs a fixed, small number
of SQL statements, however many requests wait."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models.approvals import ApprovalRequest as RequestRow
from db.queries import batches
from db.queries.approvals import inbox_as_text, requests_awaiting, stored_as_text
from schema.types.approvals import ApprovalRequest
from tests.api.approvals.conftest import Flow

INBOX = (Path(__file__).parents[3] / "bench" / "queries" / "approval_inbox.graphql").read_text()
BUDGET = 10  # the viewer's team, the page, its count, decisions, quotes, delegations, users …


async def test_the_inbox_page_costs_a_fixed_number_of_statements(flow: Flow, statements) -> None:  # type: ignore[no-untyped-def]
    await flow.submit(await flow.discounted_quote("15"))
    statements.count = 0
    first = await flow.manager.data(INBOX)
    one = statements.count
    for percent in ("16", "17", "18"):
        await flow.submit(await flow.discounted_quote(percent))

    statements.count = 0
    later = await flow.manager.data(INBOX)

    assert statements.count == one <= BUDGET
    assert first["myApprovalInbox"]["totalCount"] == 1
    assert later["myApprovalInbox"]["totalCount"] == 4
    node = later["myApprovalInbox"]["edges"][0]["node"]
    assert node["myTurn"] is True and node["plan"]["levels"][0]["steps"]


REQUEST = """fragment Shown on ApprovalRequest {
  id status myTurn currentLevel breachCodes
  quote { number name netTotal { amount } owner { name } account { name } }
  submittedBy { name }
  plan { levels { name steps { ruleName
    seats { decided approver { name } delegates { name } }
    reasons { kind observed threshold } } } }
}"""
PAGE = "query { myApprovalInbox(first: 50) { totalCount edges { node { ...Shown } } } }" + REQUEST
ALONE = "query($id: ID!) { node(id: $id) { ...Shown } }" + REQUEST


async def test_a_page_loaded_ahead_answers_as_each_request_read_alone(  # type: ignore[no-untyped-def]
    flow: Flow, statements, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page loads its nodes' quotes, owners, accounts, decisions and delegations ahead
    and answers their fields synchronously; ``node(id:)`` reads one request through the
    loaders, field by field: the same answer. Through a fragment too, in a fixed number of
    statements."""
    for percent in ("15", "16"):
        await flow.submit(await flow.discounted_quote(percent))
    statements.count = 0
    page = await flow.manager.data(PAGE)
    two = statements.count
    await flow.submit(await flow.discounted_quote("17"))

    async def awaited(*args: object) -> None:
        raise AssertionError("a page's node awaited a loader")

    with monkeypatch.context() as patched:  # the page never takes the field-by-field path
        patched.setattr(ApprovalRequest, "_plan_fetched", awaited)
        patched.setattr(ApprovalRequest, "_my_turn_fetched", awaited)
        statements.count = 0
        page = await flow.manager.data(PAGE)
    assert statements.count == two <= BUDGET

    nodes = [edge["node"] for edge in page["myApprovalInbox"]["edges"]]
    assert len(nodes) == 3 and all(n["myTurn"] and n["plan"]["levels"] for n in nodes)
    assert all(n["quote"]["owner"]["name"] and n["quote"]["account"]["name"] for n in nodes)
    for node in nodes:
        alone = await flow.manager.data(ALONE, {"id": node["id"]})
        assert alone["node"] == node


def test_the_inbox_select_its_first_page_and_count_are_built_once() -> None:
    """An inbox polled again reuses its select, first page and count statements (the same
    SQL as built afresh), so SQLAlchemy neither rebuilds nor re-keys them."""
    stmt = inbox_as_text([3, 1, 1])
    keys = (RequestRow.submitted_at, RequestRow.id)

    assert inbox_as_text((1, 3)) is stmt
    assert inbox_as_text([1, 3], include_countered=True) is not stmt
    first = batches._first_page(stmt, keys, False, 51)
    assert batches._first_page(stmt, keys, False, 51) is first
    assert batches._first_page(stmt, keys, True, 51) is not first
    assert str(first) == str(batches._ordered(stmt, keys, False, 51))
    assert batches._count_of(stmt) is batches._count_of(stmt)
    assert str(batches._count_of(stmt)) == str(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    )
    fresh = stored_as_text(requests_awaiting([1, 3]))
    assert str(stmt) == str(fresh)


def test_statements_built_from_a_select_go_with_it() -> None:
    """A select built per request (most lists) takes its first page and count along when it
    goes: nothing is kept for it."""
    stmt = stored_as_text(requests_awaiting([7]))
    batches._first_page(stmt, (RequestRow.submitted_at, RequestRow.id), False, 51)
    batches._count_of(stmt)
    gone = weakref.ref(stmt)

    del stmt
    gc.collect()

    assert gone() is None
