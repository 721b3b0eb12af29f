"""A full negotiation through GraphQL: three options, the customer picks one and proposes
a clause edit and a counter-price through the link, the rep accepts it into a new revision,
it is approved, sent and accepted."""

from __future__ import annotations

from decimal import Decimal

from tests.api.negotiation.conftest import (
    ACCEPT,
    ACCEPT_LINK,
    DECLINE,
    SELECT,
    SHARE,
    TIMELINE,
    Negotiation,
)
from tests.api.quotes.conftest import SEND, SUBMIT


async def test_options_are_priced_each_and_lines_stay_the_primary(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()

    options = {o["key"]: o for o in quote["options"]}
    assert [o["name"] for o in quote["options"]] == ["Good", "Better", "Best"]
    assert options["O1"]["primary"] and not options["O2"]["primary"]
    assert Decimal(options["O1"]["netTotal"]["amount"]) == Decimal("108.00")
    assert Decimal(options["O2"]["netTotal"]["amount"]) > Decimal("108.00")
    assert len(options["O3"]["pricing"]["lines"]) == 2
    fresh = await negotiation.fresh(quote)
    assert [line["quantity"] for line in fresh["lines"]] == [10]  # `lines` is still the primary


async def test_a_full_negotiation(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()
    better = next(o for o in quote["options"] if o["key"] == "O2")
    sent, token = await negotiation.sent_and_shared(quote)
    assert sent["status"] == "SENT"

    view = await negotiation.view(token)
    assert [o["name"] for o in view["options"]] == ["Good", "Better", "Best"]
    picked = await negotiation.customer.mutate(
        SELECT, {"token": token, "name": "Jane Buyer", "optionKey": "O2"}
    )
    assert picked["userErrors"] == []
    assert picked["quote"]["selectedOptionKey"] == "O2"
    clause = view["clauses"][0]
    counter = (Decimal(better["netTotal"]["amount"]) * Decimal("0.85")).quantize(Decimal("0.01"))
    proposed = await negotiation.propose(
        token,
        optionKey="O2",
        clauseChanges=[{"action": "EDIT", "clauseId": clause["clauseId"], "text": "Net 60 days."}],
        counterPrice={"amount": str(counter), "currency": "USD"},
        comment="Better, at this price, with 60 days to pay?",
    )
    assert proposed["userErrors"] == [], proposed["userErrors"]
    assert proposed["changeRequest"]["status"] == "OPEN"
    [request] = await negotiation.requests(quote)
    assert request["optionKey"] == "O2" and request["customerName"] == "Jane Buyer"
    assert request["counterPrice"] == {"amount": f"{counter}", "currency": "USD"}

    fresh = await negotiation.fresh(quote)
    accepted = await negotiation.rep.mutate(
        ACCEPT, {"id": request["id"], "version": fresh["version"]}
    )

    assert accepted["userErrors"] == [], accepted["userErrors"]
    assert accepted["changeRequest"]["status"] == "ACCEPTED"
    assert accepted["changeRequest"]["acceptedRevision"] == 2
    assert accepted["quote"]["status"] == "PENDING_APPROVAL"
    assert accepted["quote"]["revisionNumber"] == 2
    assert Decimal(accepted["quote"]["netTotal"]["amount"]) == counter
    revised = await negotiation.fresh(quote)
    assert [(line["product"]["sku"], line["quantity"]) for line in revised["lines"]] == [
        ("SW-SEC", 20)
    ]
    assert revised["options"] == [{"key": "O1"}]  # the customer chose: one option now
    assert revised["revision"]["nonStandard"] is True
    edited = next(c for c in revised["revision"]["clauses"] if c["title"] == clause["title"])
    assert edited == {"title": clause["title"], "body": "Net 60 days.", "edited": True}
    steps = {s["kind"] for s in revised["revision"]["pricing"]["lines"][0]["steps"]}
    assert "QUOTE_DISCOUNT" in steps  # the counter-price is a waterfall step

    approvers = await negotiation.approve_all(quote)
    assert approvers, "the counter-price and the edited clause need approval"
    approved = await negotiation.fresh(quote)
    assert approved["status"] == "APPROVED"
    sent_again = await negotiation.flow.quotes.move(SEND, approved)
    new_token = (await negotiation.rep.data(SHARE, {"input": {"id": quote["id"]}}))["shareQuote"][
        "token"
    ]
    assert (await negotiation.customer(ACCEPT_LINK, {"input": {"token": token, "name": "J"}}))[
        "data"
    ]["acceptSharedQuote"]["userErrors"][0]["code"] == "INVALID_TOKEN"  # the old link is stale
    done = await negotiation.customer.mutate(
        ACCEPT_LINK, {"token": new_token, "name": "Jane Buyer"}
    )

    assert sent_again["status"] == "SENT"
    assert done["userErrors"] == [] and done["quote"]["status"] == "ACCEPTED"
    timeline = (await negotiation.rep.data(TIMELINE, {"id": quote["id"], "first": 200}))["node"][
        "timeline"
    ]
    entries = [(e["node"]["kind"], e["node"]["actorKind"]) for e in timeline["edges"]]
    for expected in (
        ("CREATED", "REP"),
        ("OPTION_SELECTED", "CUSTOMER"),
        ("CHANGE_PROPOSED", "CUSTOMER"),
        ("CHANGE_ACCEPTED", "REP"),
        ("DECISION_APPROVE", "APPROVER"),
        ("ACCEPT", "CUSTOMER"),
    ):
        assert expected in entries, (expected, entries)
    assert timeline["totalCount"] == len(entries)
    assert entries.index(("CHANGE_PROPOSED", "CUSTOMER")) < entries.index(
        ("CHANGE_ACCEPTED", "REP")
    )


async def test_the_rep_declines_with_a_reason_the_customer_sees(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    proposed = await negotiation.propose(
        token, counterPrice={"amount": "50.00", "currency": "USD"}, comment="Half?"
    )
    assert proposed["userErrors"] == []
    [request] = await negotiation.requests(quote)

    declined = await negotiation.rep.mutate(
        DECLINE, {"id": request["id"], "reason": "Below our floor for this volume."}
    )
    again = await negotiation.rep.mutate(DECLINE, {"id": request["id"], "reason": "Twice"})

    assert declined["userErrors"] == []
    assert declined["changeRequest"]["status"] == "DECLINED"
    assert declined["changeRequest"]["decidedBy"] == {"email": "rep1@dealdesk.example"}
    assert again["userErrors"][0]["code"] == "INVALID_STATE"
    view = await negotiation.view(token)
    assert view["changeRequests"][0]["declineReason"] == "Below our floor for this volume."
    assert view["status"] == "SENT" and view["revision"] == 1  # nothing else moved
    fresh = await negotiation.fresh(quote)
    assert fresh["status"] == "SENT"


async def test_accepting_a_request_whose_quote_moved_on_is_a_conflict(
    negotiation: Negotiation,
) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    await negotiation.propose(token, optionKey="O3", comment="Best please")
    [request] = await negotiation.requests(quote)
    stale = await negotiation.fresh(quote)
    await negotiation.propose(token, comment="Also: can you start in March?")  # bumps the version

    outcome = await negotiation.rep.mutate(
        ACCEPT, {"id": request["id"], "version": stale["version"]}
    )

    assert outcome["userErrors"][0]["code"] == "CONFLICT"
    assert (await negotiation.requests(quote))[0]["status"] == "OPEN"
    assert (await negotiation.fresh(quote))["revisionNumber"] == 1


async def test_another_rep_cannot_answer_the_request(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    await negotiation.propose(token, comment="Hello")
    [request] = await negotiation.requests(quote)
    other = await negotiation.demo.sign_in("rep5@dealdesk.example")
    fresh = await negotiation.fresh(quote)

    accepted = await other.mutate(ACCEPT, {"id": request["id"], "version": fresh["version"]})
    declined = await other.mutate(DECLINE, {"id": request["id"], "reason": "No"})

    assert accepted["userErrors"][0]["code"] == "NOT_FOUND"
    assert declined["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await negotiation.requests(quote))[0]["status"] == "OPEN"


async def test_accepting_one_proposal_withdraws_the_others(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    await negotiation.propose(token, optionKey="O3", comment="Best")
    await negotiation.propose(token, optionKey="O2", comment="or Better")
    first, second = await negotiation.requests(quote)
    fresh = await negotiation.fresh(quote)

    accepted = await negotiation.rep.mutate(
        ACCEPT, {"id": first["id"], "version": fresh["version"]}
    )
    late = await negotiation.rep.mutate(
        ACCEPT, {"id": second["id"], "version": accepted["quote"]["version"]}
    )

    assert accepted["userErrors"] == []
    assert [r["status"] for r in await negotiation.requests(quote)] == ["ACCEPTED", "WITHDRAWN"]
    assert late["userErrors"][0]["code"] == "INVALID_STATE"
    revised = await negotiation.fresh(quote)
    assert [(line["product"]["sku"], line["quantity"]) for line in revised["lines"]] == [
        ("SW-SEC", 30),
        ("SVC-TRN", 1),
    ]


async def test_the_customers_answer_withdraws_open_proposals(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    await negotiation.propose(token, comment="Maybe a discount?")

    done = await negotiation.customer.mutate(ACCEPT_LINK, {"token": token, "name": "Jane Buyer"})

    assert done["userErrors"] == []
    assert [r["status"] for r in await negotiation.requests(quote)] == ["WITHDRAWN"]


async def test_a_proposal_without_an_option_is_for_the_option_picked(
    negotiation: Negotiation,
) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    await negotiation.customer.mutate(SELECT, {"token": token, "name": "Jane", "optionKey": "O3"})

    proposed = await negotiation.propose(token, comment="Can you do better on this one?")

    assert proposed["changeRequest"]["optionKey"] == "O3"
    view = await negotiation.view(token)
    assert view["selectedOptionKey"] == "O3"
    assert [o["selected"] for o in view["options"]] == [False, False, True]


async def test_the_approval_plan_covers_the_most_demanding_option(
    negotiation: Negotiation,
) -> None:
    quotes = negotiation.flow.quotes
    plain = await quotes.create([await quotes.line("SVC-INST", 1)])
    offered = await quotes.create([await quotes.line("SVC-INST", 1)])
    offered = await negotiation.option(
        offered, "Discounted", [await quotes.line("SVC-INST", 1, discount={"percent": "30"})]
    )

    alone = await quotes.move(SUBMIT, plain)
    with_option = await quotes.move(SUBMIT, await negotiation.fresh(offered))
    request = await negotiation.flow.request(with_option)

    assert alone["status"] == "APPROVED"  # its own lines need nobody
    assert with_option["status"] == "PENDING_APPROVAL"  # the 30 % option does
    assert {level["name"] for level in request["plan"]["levels"]} == {"Manager", "Finance"}
