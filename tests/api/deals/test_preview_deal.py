"""``previewDeal``: one answer agreeing with ``priceQuote``, ``previewApprovalPlan`` and
``estimateCommission`` asked separately; a fixed number of statements; contest progress,
SPIFs, content; refusals as ``priceQuote``'s, and nothing stored.

Demo prices at Acme Manufacturing (ENTERPRISE, USD): SVC-INST 1,400.00, SUP-BAS 300.00,
SW-ANL 36.00 (contract), SVC-TRN 2,250.00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, func, select
from starlette.applications import Starlette

from db.models.accounts import Account
from db.models.performance_contests import Contest, ContestEnrolment
from db.models.quotes import Quote
from db.models.users import User
from tests.api.approvals.conftest import PREVIEW
from tests.api.commissions.conftest import (
    ESTIMATE,
    ESTIMATE_FIELDS,
    Commissions,
    base,
    product_rate,
)
from tests.api.conftest import gid
from tests.api.content.test_tracking import item
from tests.api.contests.conftest import Values

DAY = "2026-11-20"
PRICING_FIELDS = """
  listTotal { amount currency } netTotal { amount currency } discountTotal { amount }
  totalDiscountPercent currency priced
  lines { key parentKey quantity listUnitPrice netUnitPrice listAmount { amount } netAmount { amount }
          discountPercent steps { kind label ruleId amountDelta { amount } amountAfter { amount } unitPriceAfter }
          breaches { code } issues { code } configuration { valid } }
  steps { kind amountDelta { amount } amountAfter { amount } }
  breaches { code lineKey threshold actual }
  issues { code message lineKey field }
"""
PLAN_FIELDS = """submittable withinEarlierApproval issues
  plan { autoApproved levels { level name steps { ruleName seats { approver { email } } reasons { kind observed threshold lineKey } } } }"""
PRICE = f"query($input: PriceQuoteInput!) {{ priceQuote(input: $input) {{ {PRICING_FIELDS} }} }}"
PREVIEW_DEAL = f"""query($input: PreviewDealInput!, $n: Int! = 5) {{ previewDeal(input: $input) {{
  configuration {{ valid lines {{ lineKey result {{ valid violations {{ code }} }} }} }}
  pricing {{ {PRICING_FIELDS} }}
  guardrailBreaches {{ code lineKey threshold actual }}
  approvalPlan {{ {PLAN_FIELDS} }}
  commission {{ {ESTIMATE_FIELDS} }}
  incentives {{ spifs {{ componentId before after target reached }}
                spifAwards {{ componentId kind value {{ amount }} description }}
                contests {{ contest {{ name metricKey }} counts scoreBefore scoreDelta scoreAfter
                            rankBefore projectedRank leaderScore }} }}
  relevantContent(first: $n) {{ score reasons item {{ title }} }}
}} }}"""
SPIF = {
    "spif": {
        "label": "Installs push",
        "windowStart": "2026-10-01",
        "windowEnd": "2026-12-31",
        "target": "3",
        "measure": "UNITS",
        "componentId": "spif",
        "award": {"kind": "CASH", "value": "250", "description": "Three installs"},
    }
}


async def _lines(comm: Commissions, items: list[tuple[str, int, str | None]]) -> list[dict]:
    lines = []
    for index, (sku, quantity, percent) in enumerate(items):
        line: dict[str, Any] = {
            "key": f"L{index + 1}",
            "productId": await comm.demo.product(sku),
            "quantity": quantity,
        }
        if percent is not None:
            line["discount"] = {"percent": percent}
        lines.append(line)
    return lines


async def _preview(comm: Commissions, payload: dict, n: int = 5) -> dict:
    data = await comm.rep.data(PREVIEW_DEAL, {"input": payload, "n": n})
    return data["previewDeal"]


async def _quotes_stored(comm: Commissions) -> int:
    async with comm.demo.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Quote)) or 0)


async def test_the_preview_agrees_with_price_plan_and_estimate_asked_separately(
    comm: Commissions,
) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("15"), product_rate("x", "Installation 20%", "20", install)])
    items = [("SVC-INST", 2, "25"), ("SUP-BAS", 3, None), ("SW-ANL", 10, "5")]
    lines = await _lines(comm, items)
    account = await comm.demo.account("Acme Manufacturing")
    payload = {"accountId": account, "lines": lines, "closeDate": DAY}
    before = await _quotes_stored(comm)

    preview = await _preview(comm, payload)
    price = await comm.rep.data(PRICE, {"input": {"accountId": account, "lines": lines}})
    estimate = await comm.rep.mutate(ESTIMATE, payload)
    stored = await _quotes_stored(comm)
    quote = await comm.quotes.create(
        [
            await comm.quotes.line(sku, qty, **({"discount": {"percent": p}} if p else {}))
            for sku, qty, p in items
        ]
    )
    plan = (await comm.rep.data(PREVIEW, {"q": quote["id"]}))["previewApprovalPlan"]
    plan_fields = await comm.rep.data(
        f"query($q: ID!) {{ previewApprovalPlan(quoteId: $q) {{ {PLAN_FIELDS} }} }}",
        {"q": quote["id"]},
    )

    assert stored == before  # nothing saved
    assert preview["pricing"] == price["priceQuote"]
    assert preview["guardrailBreaches"] == price["priceQuote"]["breaches"]
    assert preview["commission"] == estimate
    assert preview["approvalPlan"] == plan_fields["previewApprovalPlan"]
    assert preview["approvalPlan"]["plan"]["levels"] == plan["plan"]["levels"]
    assert preview["approvalPlan"]["plan"]["levels"], "a 25 % discount needs an approver"
    reasons = [
        r
        for lv in preview["approvalPlan"]["plan"]["levels"]
        for s in lv["steps"]
        for r in s["reasons"]
    ]
    assert any(r["lineKey"] == "L1" for r in reasons)
    # 2,100 (2,800 less 25 %) at 20 %, the rest at 15 %
    assert Decimal(preview["commission"]["amount"]["amount"]) > Decimal("420")
    assert preview["configuration"] == {"valid": True, "lines": []}


async def test_the_statements_do_not_grow_from_one_line_to_fifty(
    comm: Commissions,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    await comm.on_plan([base("15")])
    account = await comm.demo.account("Acme Manufacturing")
    one = await _lines(comm, [("SVC-INST", 1, "10")])
    skus = ("SVC-INST", "SW-ANL", "SUP-BAS", "SVC-TRN", "SSD-1T")
    fifty = await _lines(
        comm, [(skus[n % 5], 1 + n % 3, "10" if n % 2 else None) for n in range(50)]
    )
    await _preview(comm, {"accountId": account, "lines": one, "closeDate": DAY})  # warm

    statements.count = 0
    small = await _preview(comm, {"accountId": account, "lines": one, "closeDate": DAY})
    with_one = statements.count
    statements.count = 0
    large = await _preview(comm, {"accountId": account, "lines": fifty, "closeDate": DAY})

    assert statements.count == with_one
    assert len(large["pricing"]["lines"]) == 50 and small["pricing"]["priced"] is True
    assert large["commission"]["problems"] == []


async def _contest(comm: Commissions, name: str, metric: str, reps: list[int]) -> None:
    started = datetime.now(UTC) - timedelta(hours=1)
    async with comm.demo.sessions() as session:
        ops = await session.scalar(select(User).where(User.email == "ops@dealdesk.example"))
        assert ops is not None
        contest = Contest(
            name=name,
            kind="RACE",
            metric_key=metric,
            starts_at=started,
            ends_at=started + timedelta(days=3),
            direction="HIGHER",
            scoring="RAW",
            created_by_id=ops.id,
        )
        session.add(contest)
        await session.flush()
        session.add_all(ContestEnrolment(contest_id=contest.id, rep_id=r) for r in reps)
        await session.commit()


async def _user_id(comm: Commissions, email: str) -> int:
    async with comm.demo.sessions() as session:
        found = await session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return int(found)


async def test_contest_progress_and_spifs_the_deal_would_bring(
    comm: Commissions,
    values: Values,
) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("15"), {"spif": {**SPIF["spif"], "productIds": [install]}}])
    rep1 = await _user_id(comm, "rep1@dealdesk.example")
    rep2 = await _user_id(comm, "rep2@dealdesk.example")
    await _contest(comm, "Revenue race", "REVENUE", [rep1, rep2])
    await _contest(comm, "Deal count", "SALES", [rep1, rep2])
    await _contest(comm, "Calls", "CALLS", [rep1, rep2])
    values.set(rep1, 1000)
    values.set(rep2, 5000)
    account = await comm.demo.account("Acme Manufacturing")
    lines = await _lines(comm, [("SVC-INST", 4, None)])  # 5,600.00

    preview = await _preview(comm, {"accountId": account, "lines": lines, "closeDate": DAY})

    contests = {c["contest"]["name"]: c for c in preview["incentives"]["contests"]}
    assert contests["Revenue race"] == {
        "contest": {"name": "Revenue race", "metricKey": "REVENUE"},
        "counts": True,
        "scoreBefore": "1000.000000",
        "scoreDelta": "5600.000000",
        "scoreAfter": "6600.000000",
        "rankBefore": 2,
        "projectedRank": 1,
        "leaderScore": "5000.000000",
    }
    assert contests["Deal count"]["scoreDelta"] == "1.000000"
    assert contests["Deal count"]["projectedRank"] == 2
    assert contests["Calls"]["counts"] is False and contests["Calls"]["scoreDelta"] is None
    assert preview["incentives"]["spifs"] == preview["commission"]["spifProgress"]
    assert preview["incentives"]["spifs"][0]["reached"] is True  # 4 installs of 3
    assert [a["componentId"] for a in preview["incentives"]["spifAwards"]] == ["spif"]
    assert preview["incentives"]["spifAwards"] == preview["commission"]["awards"]


async def test_relevant_content_ranks_as_for_a_saved_quote_with_the_same_deal(
    comm: Commissions,
) -> None:
    ops = await comm.demo.sign_in("ops@dealdesk.example")
    security = await comm.demo.product("SW-SEC")
    await item(ops, "PLAYBOOK", "Security playbook", productIds=[security])
    await item(ops, "COMPETITOR_BATTLECARD", "Beating Contoso", competitors=["contoso"])
    await item(ops, "WHITE_PAPER", "Factories paper", industries=["manufacturing"])
    await item(ops, "CASE_STUDY", "Software case", families=["Software"])
    await item(ops, "PLAYBOOK", "Managers only", productIds=[security], audienceRoles=["MANAGER"])
    account = await comm.demo.account("Acme Manufacturing")
    lines = await _lines(comm, [("SW-SEC", 10, None)])
    quote = await comm.quotes.create(competitors=[" Contoso "])  # SW-SEC x 10, a DRAFT
    saved = await comm.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { relevantContentRanked(first: 10) "
        "{ score reasons item { title } } } } }",
        {"id": quote["id"]},
    )

    preview = await _preview(
        comm, {"accountId": account, "lines": lines, "competitors": [" Contoso "]}, n=10
    )
    sent = await _preview(comm, {"accountId": account, "lines": lines, "stage": "SENT"}, n=10)

    assert preview["relevantContent"] == saved["node"]["relevantContentRanked"]
    assert [h["item"]["title"] for h in preview["relevantContent"]][:2] == [
        "Security playbook",
        "Beating Contoso",
    ]
    assert "Managers only" not in [h["item"]["title"] for h in preview["relevantContent"]]
    assert "Beating Contoso" not in [h["item"]["title"] for h in sent["relevantContent"]]


async def test_the_previews_ranking_runs_in_a_transaction_block_its_set_local_lasts_in(
    comm: Commissions, app: Starlette
) -> None:
    """Reads run in autocommit (``db.session``); the ranking's ``SET LOCAL plan_cache_mode``
    would be lost there, so its reads open a transaction block."""
    account = await comm.demo.account("Acme Manufacturing")
    lines = await _lines(comm, [("SW-SEC", 10, None)])
    sent: list[tuple[str, bool]] = []

    def record(conn: Any, _cursor: object, statement: str, *_: object) -> None:
        sent.append((statement, not conn.connection.dbapi_connection.autocommit))

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        await _preview(comm, {"accountId": account, "lines": lines}, n=3)
    finally:
        event.remove(engine, "before_cursor_execute", record)

    at = [i for i, (s, _) in enumerate(sent) if "plan_cache_mode = force_custom_plan" in s]
    assert len(at) == 1
    assert sent[at[0]][1] and sent[at[0] + 1][1]
    assert "content_item" in sent[at[0] + 1][0]


async def test_a_rep_cannot_preview_for_an_account_or_a_rep_they_cannot_see(
    comm: Commissions,
) -> None:
    async with comm.demo.sessions() as session:
        west = await session.scalar(select(User).where(User.email == "rep5@dealdesk.example"))
        assert west is not None
        foreign = await session.scalar(select(Account).where(Account.owner_id == west.id))
    assert foreign is not None
    lines = await _lines(comm, [("SVC-INST", 1, None)])
    mine = await comm.demo.account("Acme Manufacturing")

    other_account = await comm.rep(
        PREVIEW_DEAL, {"input": {"accountId": gid("Account", foreign.id), "lines": lines}}
    )
    other_rep = await comm.rep(
        PREVIEW_DEAL,
        {"input": {"accountId": mine, "lines": lines, "repId": gid("User", west.id)}},
    )

    for body in (other_account, other_rep):
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_hostile_inputs_get_typed_errors_and_store_nothing(comm: Commissions) -> None:
    account = await comm.demo.account("Acme Manufacturing")
    line = (await _lines(comm, [("SVC-INST", 1, None)]))[0]
    before = await _quotes_stored(comm)
    cases: list[dict[str, Any]] = [
        {"accountId": account, "lines": [line, line]},  # one key twice
        {"accountId": account, "lines": [{**line, "key": f"K{n}"} for n in range(2001)]},
        {"accountId": account, "lines": [{**line, "discount": {"percent": "NaN"}}]},
        {"accountId": account, "lines": [{**line, "discount": {"percent": "1e-999999999"}}]},
        {"accountId": account, "lines": [line], "competitors": ["x" * 1_000_000]},
        {"accountId": account, "lines": [line], "competitors": [f"c{n}" for n in range(11)]},
        {"accountId": account, "lines": [line], "competitors": ["bad\u0000name"]},
        {"accountId": "not-an-id", "lines": [line]},
        {"accountId": gid("Product", 1), "lines": [line]},
        {"accountId": account, "lines": [line], "repId": "Zm9yZ2Vk"},
        {
            "accountId": account,
            "lines": [line],
            "splits": [{"repId": gid("User", 1), "sharePercent": "0"}],
        },
    ]
    codes = []
    for payload in cases:
        body = await comm.rep(PREVIEW_DEAL, {"input": payload})
        assert body.get("data") is None, payload
        codes.append(body["errors"][0]["extensions"]["code"])
    too_many = await comm.rep(
        PREVIEW_DEAL, {"input": {"accountId": account, "lines": [line]}, "n": 51}
    )
    unknown = await _preview(
        comm, {"accountId": account, "lines": [{**line, "productId": gid("Product", 999999)}]}
    )

    assert set(codes) <= {"BAD_USER_INPUT", "NOT_FOUND", "GRAPHQL_VALIDATION_FAILED"}, codes
    assert codes[8] == "NOT_FOUND", codes
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert [i["code"] for i in unknown["pricing"]["issues"]] == ["UNKNOWN_PRODUCT"]
    assert unknown["commission"]["amount"] is None or unknown["pricing"]["priced"] is False
    assert await _quotes_stored(comm) == before


async def test_an_invalid_bundle_makes_the_configuration_invalid_with_every_broken_rule(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("15")])
    demo = comm.demo
    broken = await demo.bundle_configuration("CHS-S", "SSD-4T", "GPU-A", storage_tb="8")
    lines = [
        await demo.line("e", "SRV-EDGE", 1, configuration=broken),
        await demo.line("s", "SVC-INST", 1),
    ]
    account = await demo.account("Acme Manufacturing")

    preview = await _preview(comm, {"accountId": account, "lines": lines, "closeDate": DAY})

    configuration = preview["configuration"]
    assert configuration["valid"] is False
    assert [c["lineKey"] for c in configuration["lines"]] == ["e"]
    codes = {v["code"] for v in configuration["lines"][0]["result"]["violations"]}
    assert codes >= {"EXCLUDED_TOGETHER", "REQUIRES_UNMET", "ATTRIBUTE_CONSTRAINT"}
    assert preview["pricing"]["priced"] is False
    assert ("CONFIGURATION_INVALID", "e") in {
        (i["code"], i["lineKey"]) for i in preview["pricing"]["issues"]
    }
    # the rest of the deal is still estimated: only what priced pays
    assert preview["commission"]["amount"] == {"amount": "210.00", "currency": "USD"}


async def test_a_manager_previews_a_reps_deal_under_the_reps_plan(comm: Commissions) -> None:
    await comm.on_plan([base("15")])
    manager = await comm.demo.sign_in("east.manager@dealdesk.example")
    rep1 = await comm.user("rep1@dealdesk.example")
    account = await comm.demo.account("Acme Manufacturing")
    lines = await _lines(comm, [("SVC-INST", 2, None)])
    payload = {"accountId": account, "lines": lines, "closeDate": DAY, "repId": rep1}

    theirs = (await manager.data(PREVIEW_DEAL, {"input": payload}))["previewDeal"]
    own = (await manager.data(PREVIEW_DEAL, {"input": {**payload, "repId": None}}))["previewDeal"]
    estimate = await manager.mutate(ESTIMATE, payload)

    assert theirs["commission"] == estimate
    assert theirs["commission"]["amount"] == {"amount": "420.00", "currency": "USD"}
    assert own["commission"]["amount"] is None  # the manager is on no plan
