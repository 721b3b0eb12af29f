"""Hostile and wrong inputs to the negotiation: typed errors, and nothing stored."""

from __future__ import annotations

import jwt

from tests.api.negotiation.conftest import (
    ADD_OPTION,
    PROPOSE,
    REMOVE_OPTION,
    SELECT,
    UPDATE_OPTION,
    Negotiation,
)


async def nothing_proposed(negotiation: Negotiation, quote: dict) -> bool:
    return await negotiation.requests(quote) == []


async def test_a_forged_or_foreign_token_is_refused_and_stores_nothing(
    negotiation: Negotiation,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    forged = jwt.encode(
        {"typ": "quote-share", "qid": 1, "rev": 1, "exp": 4_000_000_000},
        "a-guessed-secret-of-thirty-two-bytes!",
    )
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    for bad in (forged, tampered, "not-a-token", "x" * 2_000):
        proposed = await negotiation.propose(bad, comment="hi")
        selected = await negotiation.customer.mutate(
            SELECT, {"token": bad, "name": "M", "optionKey": "O2"}
        )
        assert proposed["userErrors"][0]["code"] == "INVALID_TOKEN"
        assert selected["userErrors"][0]["code"] == "INVALID_TOKEN"
    assert await nothing_proposed(negotiation, quote)


async def test_hostile_proposals_get_typed_errors(negotiation: Negotiation) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    clause = (await negotiation.view(token))["clauses"][0]["clauseId"]
    edit = {"action": "EDIT", "clauseId": clause, "text": "x"}

    cases = [
        ({"clauseChanges": [edit] * 21}, "INVALID", ["input", "clauseChanges"]),
        (
            {"clauseChanges": [{"action": "EDIT", "clauseId": "bm9wZQ==", "text": "x"}]},
            "NOT_FOUND",
            ["input", "clauseChanges", "0", "clauseId"],
        ),
        (
            {"clauseChanges": [{"action": "REMOVE", "clauseId": quote["id"]}]},
            "NOT_FOUND",
            ["input", "clauseChanges", "0", "clauseId"],
        ),
        (
            {"clauseChanges": [{"action": "ADD"}]},
            "REQUIRED",
            ["input", "clauseChanges", "0", "text"],
        ),
        (
            {"clauseChanges": [{"action": "EDIT", "clauseId": clause}]},
            "REQUIRED",
            ["input", "clauseChanges", "0", "text"],
        ),
        ({"counterPrice": {"amount": "0", "currency": "USD"}}, "INVALID", None),
        ({"counterPrice": {"amount": "10.001", "currency": "USD"}}, "INVALID", None),
        ({"counterPrice": {"amount": "10", "currency": "EUR"}}, "CURRENCY_MISMATCH", None),
        ({"optionKey": "O9"}, "NOT_FOUND", ["input", "optionKey"]),
        ({}, "REQUIRED", ["input"]),
        ({"name": "   ", "comment": "x"}, "REQUIRED", ["input", "name"]),
    ]
    for proposal, code, field in cases:
        result = await negotiation.propose(token, **proposal)
        assert result["userErrors"], proposal
        assert result["userErrors"][0]["code"] == code, (proposal, result["userErrors"])
        if field is not None:
            assert result["userErrors"][0]["field"] == field, (proposal, result["userErrors"])
    assert await nothing_proposed(negotiation, quote)


async def test_oversized_and_non_numeric_inputs_are_refused_at_the_edge(
    negotiation: Negotiation,
) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    clause = (await negotiation.view(token))["clauses"][0]["clauseId"]

    huge = await negotiation.customer(
        PROPOSE,
        {
            "input": {
                "token": token,
                "name": "Jane",
                "clauseChanges": [{"action": "EDIT", "clauseId": clause, "text": "x" * 1_000_000}],
            }
        },
    )
    for amount in ("NaN", "Infinity", "1e-999999999", "1e3"):
        nan = await negotiation.customer(
            PROPOSE,
            {
                "input": {
                    "token": token,
                    "name": "J",
                    "counterPrice": {"amount": amount, "currency": "USD"},
                }
            },
        )
        assert nan["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", (amount, nan)
    long_comment = await negotiation.propose(token, comment="y" * 5_001)

    assert huge.get("data") is None or huge["data"]["proposeSharedQuoteChange"]["userErrors"]
    assert (huge.get("errors") or [{}])[0].get("extensions", {}).get("code") in (
        "BAD_USER_INPUT",
        None,
    )
    assert long_comment["userErrors"][0]["code"] == "INVALID"
    assert await nothing_proposed(negotiation, quote)


async def test_proposals_only_on_a_sent_offer_and_at_most_ten_open(
    negotiation: Negotiation,
) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)
    for n in range(10):
        assert (await negotiation.propose(token, comment=f"#{n}"))["userErrors"] == []

    eleventh = await negotiation.propose(token, comment="#11")
    accepted = await negotiation.customer.mutate(
        "mutation($input: SharedQuoteAnswerInput!) { acceptSharedQuote(input: $input) { userErrors { code } } }",
        {"token": token, "name": "Jane"},
    )
    after = await negotiation.propose(token, comment="too late")

    assert eleventh["userErrors"][0]["code"] == "LIMIT_REACHED"
    assert accepted["userErrors"] == []
    assert after["userErrors"][0]["code"] == "INVALID_STATE"
    assert len(await negotiation.requests(quote)) == 10


async def test_option_edits_check_the_version_and_the_key(negotiation: Negotiation) -> None:
    quotes = negotiation.flow.quotes
    quote = await quotes.create([await quotes.line("SW-SEC", 10)])
    line = [await quotes.line("SW-SEC", 20)]
    first = await negotiation.option(quote, "Better", line)

    stale = await negotiation.rep.mutate(
        ADD_OPTION, {"id": quote["id"], "version": quote["version"], "name": "Best", "lines": line}
    )
    no_lines = await negotiation.rep.mutate(
        ADD_OPTION, {"id": quote["id"], "version": first["version"], "name": "Best", "lines": []}
    )
    blank = await negotiation.rep.mutate(
        ADD_OPTION, {"id": quote["id"], "version": first["version"], "name": " ", "lines": line}
    )
    unknown = await negotiation.rep.mutate(
        UPDATE_OPTION, {"id": quote["id"], "version": first["version"], "key": "O7", "name": "X"}
    )
    primary = await negotiation.rep.mutate(
        REMOVE_OPTION, {"id": quote["id"], "version": first["version"], "key": "O1"}
    )
    bad_product = await negotiation.rep.mutate(
        ADD_OPTION,
        {
            "id": quote["id"],
            "version": first["version"],
            "name": "Best",
            "lines": [{"productId": quote["id"], "quantity": 1}],
        },
    )
    removed = await negotiation.rep.mutate(
        REMOVE_OPTION, {"id": quote["id"], "version": first["version"], "key": "O2"}
    )

    assert stale["userErrors"][0]["code"] == "CONFLICT"
    assert no_lines["userErrors"][0]["code"] == "REQUIRED"
    assert blank["userErrors"][0]["code"] == "REQUIRED"
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND"
    assert primary["userErrors"][0]["code"] == "INVALID"
    assert bad_product["userErrors"][0]["code"] == "NOT_FOUND"
    assert removed["userErrors"] == []
    assert [o["key"] for o in removed["quote"]["options"]] == ["O1"]  # single-option again


async def test_a_quote_offers_at_most_five_options(negotiation: Negotiation) -> None:
    quotes = negotiation.flow.quotes
    quote = await quotes.create([await quotes.line("SW-SEC", 10)])
    for n in range(4):
        quote = await negotiation.option(
            quote, f"Option {n}", [await quotes.line("SW-SEC", 11 + n)]
        )

    sixth = await negotiation.rep.mutate(
        ADD_OPTION,
        {
            "id": quote["id"],
            "version": quote["version"],
            "name": "Six",
            "lines": [await quotes.line("SW-SEC", 2)],
        },
    )

    assert len(quote["options"]) == 5
    assert sixth["userErrors"][0]["code"] == "INVALID"
