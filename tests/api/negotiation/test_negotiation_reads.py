"""The negotiation's reads on a list screen: no query per quote."""

from __future__ import annotations

from tests.api.negotiation.conftest import Negotiation

LIST = """{ myQuotes(first: 20) { edges { node { id
  options { key name primary selectedByCustomer netTotal { amount } pricing { netTotal { amount } } }
  changeRequests { id status } } } } }"""


async def test_options_and_requests_of_a_list_cost_the_same_for_one_or_three_quotes(
    negotiation: Negotiation,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    await negotiation.three_options()
    statements.count = 0
    one = await negotiation.rep.data(LIST)
    with_one = statements.count
    await negotiation.three_options()
    await negotiation.three_options()
    statements.count = 0
    three = await negotiation.rep.data(LIST)

    assert statements.count == with_one
    assert len(one["myQuotes"]["edges"]) + 2 == len(three["myQuotes"]["edges"])
    keys = [[o["key"] for o in e["node"]["options"]] for e in three["myQuotes"]["edges"]]
    assert keys.count(["O1", "O2", "O3"]) == 3
