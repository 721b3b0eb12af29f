"""Winning a quote credits its owner (or its split reps) and their managers, in the same
transaction."""

from __future__ import annotations

from tests.api.commissions.conftest import CREDITS, SET_SPLITS, Commissions, base
from tests.api.conftest import at_version


def credits_of(data: dict) -> list[tuple]:
    return sorted(
        (c["rep"]["email"], c["role"], c["sharePercent"], c["amount"]["amount"], c["creditDate"])
        for c in (e["node"] for e in data["commissionCredits"]["edges"])
    )


async def test_winning_a_quote_credits_its_owner_and_rolls_up_to_the_manager(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("15")])

    won = await comm.won(("SVC-INST", 2), day="2026-11-02")
    credits = await comm.finance.data(CREDITS, {"quote": won["id"]})

    assert credits_of(credits) == [
        ("east.manager@dealdesk.example", "ROLLUP", "100.0000", "2800.00", "2026-11-02"),
        ("rep1@dealdesk.example", "DIRECT", "100.0000", "2800.00", "2026-11-02"),
    ]


async def test_splits_share_the_credit_and_the_manager_above_both_gets_one_rollup(
    comm: Commissions,
) -> None:
    rep1, rep2 = await comm.user("rep1@dealdesk.example"), await comm.user("rep2@dealdesk.example")

    won = await comm.won(
        ("SVC-INST", 2),
        day="2026-11-02",
        splits=[{"repId": rep1, "sharePercent": "60"}, {"repId": rep2, "sharePercent": "40"}],
    )
    credits = await comm.finance.data(CREDITS, {"quote": won["id"]})

    assert credits_of(credits) == [
        ("east.manager@dealdesk.example", "ROLLUP", "100.0000", "2800.00", "2026-11-02"),
        ("rep1@dealdesk.example", "DIRECT", "60.0000", "1680.00", "2026-11-02"),
        ("rep2@dealdesk.example", "DIRECT", "40.0000", "1120.00", "2026-11-02"),
    ]


async def test_splits_not_summing_to_100_percent_are_refused_and_nothing_is_saved(
    comm: Commissions,
) -> None:
    rep1, rep2 = await comm.user("rep1@dealdesk.example"), await comm.user("rep2@dealdesk.example")
    quote = await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])

    refused = await comm.rep.mutate(
        SET_SPLITS,
        at_version(
            quote,
            splits=[
                {"repId": rep1, "sharePercent": "60"},
                {"repId": rep2, "sharePercent": "30"},
            ],
        ),
    )
    won = await comm.won(("SVC-INST", 1), day="2026-11-02")  # another quote: the owner takes it all
    after = await comm.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { version } } }", {"id": quote["id"]}
    )

    assert refused["quote"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("SPLITS_NOT_100", ["input", "splits"])
    ]
    assert after["node"]["version"] == quote["version"]
    assert credits_of(await comm.finance.data(CREDITS, {"quote": quote["id"]})) == []
    assert len(credits_of(await comm.finance.data(CREDITS, {"quote": won["id"]}))) == 2


async def test_splits_cannot_change_once_the_quote_is_won(comm: Commissions) -> None:
    rep1 = await comm.user("rep1@dealdesk.example")
    won = await comm.won(("SVC-INST", 1), day="2026-11-02")

    refused = await comm.rep.mutate(
        SET_SPLITS,
        at_version(won, splits=[{"repId": rep1, "sharePercent": "100"}]),
    )

    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_STATE"]


async def test_another_rep_cannot_set_splits_on_my_quote(comm: Commissions) -> None:
    quote = await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])
    rep2 = await comm.demo.sign_in("rep2@dealdesk.example")

    refused = await rep2.mutate(SET_SPLITS, at_version(quote, splits=[]))

    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
