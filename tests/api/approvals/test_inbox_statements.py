"""The phone's inbox page (``bench/queries/approval_inbox.graphql``) runs a fixed, small number
of SQL statements, however many requests wait."""

from __future__ import annotations

from pathlib import Path

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
