"""Terms & conditions on quotes, the clause library, and cloning."""

from __future__ import annotations

from tests.api.quotes.conftest import CLAUSES, CLONE, SEND, SUBMIT, Quotes

LIBRARY = "query($segment: String) { clauseLibrary(segment: $segment) { code title body version clauseVersionId clauseId } }"
REVISE = "mutation($input: ReviseClauseInput!) { reviseClause(input: $input) { clause { version body } userErrors { code } } }"


async def library(quotes: Quotes) -> dict[str, dict]:
    data = await quotes.rep.data(LIBRARY, {"segment": "ENTERPRISE"})
    return {c["code"]: c for c in data["clauseLibrary"]}


async def test_removing_a_standard_clause_makes_the_quote_non_standard(quotes: Quotes) -> None:
    quote = await quotes.create()
    clauses = await library(quotes)

    changed = await quotes.move(
        CLAUSES,
        quote,
        clauses=[
            {"clauseVersionId": clauses[c]["clauseVersionId"]} for c in ("PAYMENT", "LAW", "DPA")
        ],
    )

    assert changed["revision"]["nonStandard"] is True
    assert [c["title"] for c in changed["revision"]["clauses"]] == [
        "Payment terms",
        "Governing law",
        "Data processing addendum",
    ]


async def test_editing_a_clause_or_adding_one_is_non_standard_and_the_standard_set_is_not(
    quotes: Quotes,
) -> None:
    quote = await quotes.create()
    clauses = await library(quotes)
    standard = [
        {"clauseVersionId": clauses[c]["clauseVersionId"]}
        for c in ("PAYMENT", "LIABILITY", "LAW", "DPA")
    ]

    same = await quotes.move(CLAUSES, quote, clauses=standard)
    edited = await quotes.move(
        CLAUSES, same, clauses=[{**standard[0], "body": "Payable within 90 days."}, *standard[1:]]
    )
    added = await quotes.move(
        CLAUSES, edited, clauses=[*standard, {"title": "Special", "body": "Free upgrades."}]
    )

    assert same["revision"]["nonStandard"] is False
    assert (
        edited["revision"]["nonStandard"] is True
        and edited["revision"]["clauses"][0]["edited"] is True
    )
    assert added["revision"]["nonStandard"] is True


async def test_non_standard_terms_need_approval(quotes: Quotes) -> None:
    quote = await quotes.create()
    clauses = await library(quotes)
    trimmed = await quotes.move(
        CLAUSES, quote, clauses=[{"clauseVersionId": clauses["PAYMENT"]["clauseVersionId"]}]
    )

    submitted = await quotes.move(SUBMIT, trimmed)

    assert submitted["status"] == "PENDING_APPROVAL"


async def test_revising_a_library_clause_keeps_the_text_quotes_already_have(quotes: Quotes) -> None:
    quote = await quotes.create()
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    clauses = await library(quotes)

    revised = await ops.data(
        REVISE,
        {"input": {"clauseId": clauses["PAYMENT"]["clauseId"], "body": "Payable in 45 days."}},
    )
    after = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { revision { clauses { body } } } } }",
        {"id": quote["id"]},
    )
    refused = await quotes.rep(
        REVISE, {"input": {"clauseId": clauses["PAYMENT"]["clauseId"], "body": "x"}}
    )

    assert revised["reviseClause"]["clause"] == {"version": 2, "body": "Payable in 45 days."}
    assert after["node"]["revision"]["clauses"][0]["body"].startswith(
        "Invoices are payable within 30 days"
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_clone_starts_a_new_draft_from_an_earlier_revision(quotes: Quotes) -> None:
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))

    clone = (await quotes.rep.data(CLONE, {"input": {"id": sent["id"], "revision": 1}}))[
        "cloneQuote"
    ]["quote"]

    assert clone["status"] == "DRAFT" and clone["id"] != sent["id"]
    assert clone["lines"][0]["quantity"] == 10
    assert clone["history"][0]["kind"] == "CLONED"


async def test_clause_keys_are_plain_keys_and_one_that_names_nothing_is_not_found(
    quotes: Quotes,
) -> None:
    quote = await quotes.create()
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    payment = (await library(quotes))["PAYMENT"]
    clause_as_node = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": payment["clauseId"]}
    )

    unknown = [
        (await ops.data(REVISE, {"input": {"clauseId": key, "body": "x"}}))["reviseClause"]
        for key in ("999999", "Q2xhdXNlOjE=", "²")
    ]
    no_version = await quotes.do(CLAUSES, quote, clauses=[{"clauseVersionId": "999999"}])

    assert payment["clauseId"].isdigit() and payment["clauseVersionId"].isdigit()
    assert clause_as_node == {"node": None}  # a key, not an ID: node never claims it
    assert [r["userErrors"] for r in unknown] == [[{"code": "NOT_FOUND"}]] * 3
    assert [e["code"] for e in no_version["userErrors"]] == ["NOT_FOUND"]
