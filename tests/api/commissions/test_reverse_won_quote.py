"""``reverseWonQuote``: clawbacks for a won deal undone, by FINANCE or the quote's owner."""

from __future__ import annotations

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_periods_and_statements import REVERSE
from tests.api.conftest import at_version

SUMMARY = "query($day: Date) { myCommissions(asOf: $day) { earned { amount } creditedRevenue { amount } } }"


async def test_a_partial_return_claws_back_only_the_returned_lines_and_the_quote_stays_won(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("15")])
    won = await comm.won(("SVC-INST", 2), ("SUP-BAS", 1), day="2026-11-02")

    returned = await comm.rep.mutate(
        REVERSE,
        at_version(won, kind="RETURNED", reversalDate="2026-11-10", lineKeys=["L2"]),
    )
    summary = (await comm.rep.data(SUMMARY, {"day": "2026-11-20"}))["myCommissions"]

    assert returned["quote"] == {"status": "WON"}
    mine = [c for c in returned["clawbacks"] if c["rep"]["email"] == "rep1@dealdesk.example"]
    assert [(c["amount"]["amount"], c["reversalKind"], c["creditDate"]) for c in mine] == [
        ("-300.00", "RETURNED", "2026-11-10")
    ]
    # sold and returned in the same open period: the returned line counts for nothing
    assert summary == {"earned": {"amount": "420.00"}, "creditedRevenue": {"amount": "2800.00"}}


async def test_only_finance_or_the_owner_reverses_and_only_a_won_quote(comm: Commissions) -> None:
    won = await comm.won(("SVC-INST", 1), day="2026-11-02")
    draft = await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])
    rep2 = await comm.demo.sign_in("rep2@dealdesk.example")

    foreign = await rep2.mutate(REVERSE, at_version(won, kind="CANCELLED"))
    not_won = await comm.rep.mutate(REVERSE, at_version(draft, kind="CANCELLED"))
    future = await comm.rep.mutate(
        REVERSE,
        at_version(won, kind="CANCELLED", reversalDate="2099-01-01"),
    )

    assert [e["code"] for e in foreign["userErrors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in not_won["userErrors"]] == ["INVALID_STATE"]
    assert [e["code"] for e in future["userErrors"]] == ["INVALID"]
