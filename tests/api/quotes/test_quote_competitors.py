"""The competitors named on a quote: set on create and update, kept as keys per revision (an
edit of a sent quote names them on the new revision, the sent one keeps its own), and bad
lists refused with typed errors, nothing stored."""

from __future__ import annotations

from tests.api.quotes.conftest import CREATE, SEND, SUBMIT, UPDATE, Quotes

COMPETITORS = """query($id: ID!) { node(id: $id) { ... on Quote {
  competitors revisionNumber revisions { number competitors } } } }"""
COUNT = "{ myQuotes { totalCount } }"


async def test_an_edit_of_a_sent_quote_names_competitors_on_a_new_revision(
    quotes: Quotes,
) -> None:
    quote = await quotes.create(competitors=["Contoso"])
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, quote))

    edited = await quotes.move(UPDATE, sent, competitors=["Fabrikam", " fabrikam", "Contoso"])
    cleared = await quotes.move(UPDATE, edited, competitors=[])
    untouched = await quotes.move(UPDATE, cleared, name="Renamed")
    found = (await quotes.rep.data(COMPETITORS, {"id": quote["id"]}))["node"]

    assert edited["revisionNumber"] == 2
    assert found["competitors"] == [] and untouched["name"] == "Renamed"
    assert found["revisions"] == [
        {"number": 2, "competitors": []},
        {"number": 1, "competitors": ["contoso"]},
    ]


async def test_too_many_or_blank_competitors_are_refused_and_nothing_is_stored(
    quotes: Quotes,
) -> None:
    account = await quotes.demo.account("Acme Manufacturing")
    before = (await quotes.rep.data(COUNT))["myQuotes"]["totalCount"]

    eleven = await quotes.rep.data(
        CREATE, {"input": {"accountId": account, "competitors": [f"rival {n}" for n in range(11)]}}
    )
    blank = await quotes.rep.data(
        CREATE, {"input": {"accountId": account, "competitors": ["Contoso", "  "]}}
    )
    control = await quotes.rep.data(
        CREATE, {"input": {"accountId": account, "competitors": ["Con\ttoso"]}}
    )
    too_long = await quotes.rep.data(
        CREATE, {"input": {"accountId": account, "competitors": ["x" * 101]}}
    )
    quote = await quotes.create()
    stale = await quotes.do(UPDATE, quote, competitors=["a"] * 5 + [str(n) for n in range(10)])
    after = (await quotes.rep.data(COUNT))["myQuotes"]["totalCount"]

    for refused in (eleven["createQuote"], blank["createQuote"], control["createQuote"], stale):
        assert refused["quote"] is None
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
            ("INVALID", ["input", "competitors"])
        ]
    assert too_long["createQuote"]["quote"] is None
    assert [(e["code"], e["field"]) for e in too_long["createQuote"]["userErrors"]] == [
        ("INVALID", ["input", "competitors", "0"])
    ]
    assert after == before + 1
    found = (await quotes.rep.data(COMPETITORS, {"id": quote["id"]}))["node"]
    assert found["competitors"] == []
