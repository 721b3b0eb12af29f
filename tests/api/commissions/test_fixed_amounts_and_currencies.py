"""Fixed amounts per unit (with quantity tiers) and per deal, and credits in another currency
than the plan's, through the API: a plan is created, deals are won (one in euros on a dollar
plan, converted with the rate OPS set for its close date), a line is returned, statements are
read, and every figure is the one computed by hand below.

The plan pays 10 % on revenue, plus for installation days (SVC-INST) 20.00 a day, 30.00 a day
for every day of a line of 5 days or more, and 100.00 per deal selling installation.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tests.api.commissions.conftest import ERRORS, Commissions, base
from tests.api.commissions.test_periods_and_statements import REVERSE
from tests.api.conftest import at_version
from tests.api.quotes.conftest import SEND, SUBMIT, WIN

SET_RATE = f"""mutation($input: SetExchangeRateInput!) {{ setExchangeRate(input: $input) {{
  exchangeRate {{ id fromCurrency toCurrency rate validFrom }} {ERRORS} }} }}"""
DELETE_RATE = f"""mutation($input: DeleteExchangeRateInput!) {{ deleteExchangeRate(input: $input) {{
  exchangeRate {{ id }} {ERRORS} }} }}"""
RATES = """query { exchangeRates(fromCurrency: "EUR") { totalCount edges { node {
  fromCurrency toCurrency rate validFrom } } } }"""
CREDITS = """query($quote: ID) { commissionCredits(quoteId: $quote) { edges { node {
  amount { amount currency } originalAmount { amount currency } exchangeRate clawback
  rep { email } lines { lineKey amount { amount } } } } } }"""
STATEMENT = """query($period: ID) { commissionStatements(periodId: $period) { edges { node {
  rep { email } earnedTotal { amount currency }
  components { componentId kind amount { amount } }
  lines { kind details { componentId kind amount { amount } fixedAmount { amount }
    quantity tier lineKeys } } } } } }"""
PLAN_COMPONENTS = "query($id: ID!) { node(id: $id) { ... on CommissionPlan { versions { components { __typename ... on UnitAmountComponent { amountPerUnit { amount } amountPerDeal { amount } tiers { name minQuantity amountPerUnit { amount } } products { sku } } } } } } }"
ESTIMATE = """query($input: EstimateCommissionInput!) { estimateCommission(input: $input) {
  amount { amount currency } problems { code message }
  components { componentId kind amount { amount } }
  lines { componentId kind label tier fixedAmount { amount } quantity lineKeys
    amount { amount } } } }"""
CENT = Decimal("0.01")
REP = "rep1@dealdesk.example"


def units(product_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "unitAmount": {
            "label": "Installation days",
            "componentId": "units",
            "productIds": [product_id],
            "amountPerUnit": "20",
            "tiers": [{"name": "5+", "minQuantity": "5", "amountPerUnit": "30"}],
            "amountPerDeal": "100",
            **changes,
        }
    }


async def set_rate(comm: Commissions, rate: str, valid_from: str) -> dict[str, Any]:
    payload = {"fromCurrency": "EUR", "toCurrency": "USD", "rate": rate, "validFrom": valid_from}
    return (await comm.ops.data(SET_RATE, {"input": payload}))["setExchangeRate"]


async def win(comm: Commissions, *items: tuple[str, int], day: str, currency: str) -> dict:
    lines = [await comm.quotes.line(sku, qty) for sku, qty in items]
    quote = await comm.quotes.create(lines, currency=currency)
    sent = await comm.quotes.move(SEND, await comm.quotes.move(SUBMIT, quote))
    return await comm.quotes.do(WIN, sent, closeDate=day)


def net(quote: dict[str, Any], key: str) -> Decimal:
    line = next(line for line in quote["lines"] if line["key"] == key)
    return Decimal(line["priced"]["netAmount"]["amount"])


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


async def rep_statement(comm: Commissions, period: dict[str, Any]) -> dict[str, Any]:
    data = await comm.finance.data(STATEMENT, {"period": period["id"]})
    nodes = [edge["node"] for edge in data["commissionStatements"]["edges"]]
    return next(node for node in nodes if node["rep"]["email"] == REP)


def components(statement: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(c["componentId"], c["kind"]): c["amount"]["amount"] for c in statement["components"]}


async def test_a_hand_computed_quarter_with_unit_tiers_a_euro_deal_and_a_later_return(
    comm: Commissions,
) -> None:
    install = await comm.demo.product("SVC-INST")
    assert (await set_rate(comm, "1.10", "2026-01-01"))["userErrors"] == []
    assert (await set_rate(comm, "1.25", "2026-11-01"))["userErrors"] == []
    assert (await set_rate(comm, "1.40", "2027-01-01"))["userErrors"] == []
    plan = await comm.on_plan([base("10"), units(install)])
    shown = (await comm.ops.data(PLAN_COMPONENTS, {"id": plan["id"]}))["node"]
    assert shown["versions"][0]["components"][1] == {
        "__typename": "UnitAmountComponent",
        "amountPerUnit": {"amount": "20.00"},
        "amountPerDeal": {"amount": "100.00"},
        "tiers": [{"name": "5+", "minQuantity": "5.000000", "amountPerUnit": {"amount": "30.00"}}],
        "products": [{"sku": "SVC-INST"}],
    }

    dollars = await win(comm, ("SVC-INST", 6), ("SUP-BAS", 1), day="2026-11-02", currency="USD")
    euros = await win(comm, ("SVC-INST", 2), day="2026-11-05", currency="EUR")
    assert dollars["userErrors"] == [] and euros["userErrors"] == []
    dollars, euros = dollars["quote"], euros["quote"]
    assert euros["netTotal"]["currency"] == "EUR"

    # the euro credit: converted line by line at 1.25 (valid from Nov 1), both amounts shown
    eur_line = net(euros, "L1")
    converted = cents(eur_line * Decimal("1.25"))
    credits = (await comm.rep.data(CREDITS, {"quote": euros["id"]}))["commissionCredits"]
    mine = next(e["node"] for e in credits["edges"] if e["node"]["rep"]["email"] == REP)
    assert mine["amount"] == {"amount": f"{converted}", "currency": "USD"}
    assert mine["originalAmount"] == {"amount": f"{cents(eur_line)}", "currency": "EUR"}
    assert mine["exchangeRate"] == "1.25"

    q4 = await comm.closed_period("2026-11-10")
    statement = await rep_statement(comm, q4)
    # by hand: 10 % of both deals' dollars; 6 days at 30 + 2 days at 20 + two deals at 100
    # the base rate rounds once per credit: the dollar deal's two lines together
    base_total = cents((net(dollars, "L1") + net(dollars, "L2")) / 10) + cents(converted / 10)
    assert components(statement) == {
        ("base", "BASE_RATE"): f"{base_total}",
        ("units", "UNIT_AMOUNT"): "220.00",
        ("units", "DEAL_AMOUNT"): "200.00",
    }
    assert Decimal(statement["earnedTotal"]["amount"]) == Decimal(
        components(statement)[("base", "BASE_RATE")]
    ) + Decimal("420.00")
    details = [
        d for line in statement["lines"] for d in line["details"] if d["componentId"] == "units"
    ]
    assert sorted(
        (
            d["kind"],
            d["tier"] or "",
            d["fixedAmount"]["amount"],
            d["quantity"],
            d["amount"]["amount"],
        )
        for d in details
    ) == [
        ("DEAL_AMOUNT", "", "100.00", "1.000000", "100.00"),
        ("DEAL_AMOUNT", "", "100.00", "1.000000", "100.00"),
        ("UNIT_AMOUNT", "", "20.00", "2.000000", "40.00"),
        ("UNIT_AMOUNT", "5+", "30.00", "6.000000", "180.00"),
    ]

    # the six installation days come back after Q4 closed: the clawback lands on Jan 1, its
    # units are clawed back at the tier they were paid at, and the deal (its support line
    # still sold) keeps its 100
    current = await comm.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { id version } } }", {"id": dollars["id"]}
    )
    returned = await comm.rep.mutate(
        REVERSE,
        at_version(current["node"], kind="RETURNED", lineKeys=["L1"], reversalDate="2026-11-28"),
    )
    assert returned["userErrors"] == []
    q1 = await comm.closed_period("2027-01-01")
    january = await rep_statement(comm, q1)
    assert components(january) == {
        ("base", "BASE_RATE"): f"{-cents(net(dollars, 'L1') / 10)}",
        ("units", "UNIT_AMOUNT"): "-180.00",
    }


async def test_a_euro_deal_with_no_rate_for_its_close_date_is_refused_and_nothing_is_saved(
    comm: Commissions,
) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("10"), units(install)])
    set_ = await set_rate(comm, "1.25", "2026-11-01")

    early = await win(comm, ("SVC-INST", 2), day="2026-10-15", currency="EUR")
    estimate = await comm.estimate(("SVC-INST", 2), day="2026-10-15", currency="EUR")

    assert [(e["code"], e["field"]) for e in early["userErrors"]] == [
        ("EXCHANGE_RATE_MISSING", ["input", "closeDate"])
    ]
    assert early["quote"] is None
    assert [p["code"] for p in estimate["problems"]] == ["EXCHANGE_RATE_MISSING"]
    credits = (await comm.rep.data(CREDITS, {"quote": None}))["commissionCredits"]["edges"]
    assert credits == []
    # once the rate is deleted a November deal is refused too; set again, it is credited
    deleted = await comm.ops.data(DELETE_RATE, {"input": {"id": set_["exchangeRate"]["id"]}})
    assert deleted["deleteExchangeRate"]["userErrors"] == []
    late = await win(comm, ("SVC-INST", 2), day="2026-11-15", currency="EUR")
    assert [e["code"] for e in late["userErrors"]] == ["EXCHANGE_RATE_MISSING"]
    listed = (await comm.ops.data(RATES))["exchangeRates"]
    assert listed["totalCount"] == 0


async def test_an_estimate_explains_unit_and_deal_amounts_and_converts_a_euro_deal(
    comm: Commissions,
) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("10"), units(install)])
    await set_rate(comm, "1.25", "2026-11-01")

    payload = {
        "accountId": await comm.demo.account("Acme Manufacturing"),
        "lines": await comm.lines(("SVC-INST", 5), ("SUP-BAS", 1)),
        "closeDate": "2026-11-20",
        "currency": "EUR",
    }
    estimate = await comm.rep.mutate(ESTIMATE, payload)

    assert estimate["problems"] == []
    assert estimate["amount"]["currency"] == "USD"
    units_lines = [line for line in estimate["lines"] if line["componentId"] == "units"]
    assert units_lines == [
        {
            "componentId": "units",
            "kind": "UNIT_AMOUNT",
            "label": "Installation days",
            "tier": "5+",
            "fixedAmount": {"amount": "30.00"},
            "quantity": "5.000000",
            "lineKeys": ["L1"],
            "amount": {"amount": "150.00"},
        },
        {
            "componentId": "units",
            "kind": "DEAL_AMOUNT",
            "label": "Installation days",
            "tier": None,
            "fixedAmount": {"amount": "100.00"},
            "quantity": "1.000000",
            "lineKeys": ["L1"],
            "amount": {"amount": "100.00"},
        },
    ]
    totals = {(c["componentId"], c["kind"]): c["amount"]["amount"] for c in estimate["components"]}
    assert (totals[("units", "UNIT_AMOUNT")], totals[("units", "DEAL_AMOUNT")]) == (
        "150.00",
        "100.00",
    )


async def test_bad_exchange_rates_and_unit_tables_are_typed_errors_and_save_nothing(
    comm: Commissions,
) -> None:
    install = await comm.demo.product("SVC-INST")
    for rate, valid_from, field in (
        ("0", "2026-01-01", "rate"),
        ("-1.5", "2026-01-01", "rate"),
        ("1000000001", "2026-01-01", "rate"),
        ("1.1", "1900-01-01", "validFrom"),
    ):
        result = await set_rate(comm, rate, valid_from)
        assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
            ("INVALID", ["input", field])
        ], rate
    same = await comm.ops.data(
        SET_RATE,
        {
            "input": {
                "fromCurrency": "EUR",
                "toCurrency": "EUR",
                "rate": "1",
                "validFrom": "2026-01-01",
            }
        },
    )
    assert [e["code"] for e in same["setExchangeRate"]["userErrors"]] == ["INVALID"]
    nan = await comm.ops(
        SET_RATE,
        {
            "input": {
                "fromCurrency": "EUR",
                "toCurrency": "USD",
                "rate": "NaN",
                "validFrom": "2026-01-01",
            }
        },
    )
    assert nan["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    by_rep = await comm.rep(
        SET_RATE,
        {
            "input": {
                "fromCurrency": "EUR",
                "toCurrency": "USD",
                "rate": "1",
                "validFrom": "2026-01-01",
            }
        },
    )
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await comm.ops.data(RATES))["exchangeRates"]["totalCount"] == 0
    wrong_type = await comm.ops.data(DELETE_RATE, {"input": {"id": install}})
    assert [e["code"] for e in wrong_type["deleteExchangeRate"]["userErrors"]] == ["NOT_FOUND"]
    malformed = await comm.ops(DELETE_RATE, {"input": {"id": "not-an-id"}})
    assert malformed["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    listed_by_rep = await comm.rep(RATES)
    assert listed_by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    overlap = [
        {"name": "a", "minQuantity": "5", "amountPerUnit": "1"},
        {"name": "b", "minQuantity": "5", "amountPerUnit": "2"},
    ]
    descending = [
        {"name": "a", "minQuantity": "10", "amountPerUnit": "1"},
        {"name": "b", "minQuantity": "5", "amountPerUnit": "2"},
    ]
    cases = [
        (units(install, tiers=overlap), "INVALID_PLAN"),
        (units(install, tiers=descending), "INVALID_PLAN"),
        (units(install, amountPerUnit="-1"), "INVALID"),
        (units(install, amountPerDeal="-5"), "INVALID"),
        (
            units(install, tiers=[{"name": "z", "minQuantity": "0", "amountPerUnit": "1"}]),
            "INVALID",
        ),
    ]
    for component, code in cases:
        payload = {
            "name": "Bad",
            "currency": "USD",
            "effectiveFrom": "2026-01-01",
            "components": [component],
        }
        result = await comm.ops.data(
            f"mutation($input: CreateCommissionPlanInput!) {{ createCommissionPlan(input: $input) {{ plan {{ id }} {ERRORS} }} }}",
            {"input": payload},
        )
        errors = result["createCommissionPlan"]["userErrors"]
        assert [e["code"] for e in errors][:1] == [code], component
        assert result["createCommissionPlan"]["plan"] is None
    plans = await comm.ops.data("query { commissionPlans { totalCount } }")
    assert plans["commissionPlans"]["totalCount"] == 0


async def test_a_credit_won_before_the_rep_had_a_plan_is_converted_at_close_or_refuses_it(
    comm: Commissions,
) -> None:
    euros = await win(comm, ("SVC-INST", 2), day="2026-11-05", currency="EUR")
    assert euros["userErrors"] == []  # no plan yet: the credit stays in euros
    await comm.on_plan([base("10")])
    q4 = await comm.open_period("2026-11-10")

    refused = await comm.finance.mutate(
        "mutation($input: CloseCommissionPeriodInput!) { closeCommissionPeriod(input: $input) "
        f"{{ period {{ status }} {ERRORS} }} }}",
        at_version(q4),
    )
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("EXCHANGE_RATE_MISSING", ["input", "id"])
    ]
    assert refused["period"] is None

    assert (await set_rate(comm, "1.25", "2026-11-01"))["userErrors"] == []
    await comm.close(q4)
    statement = await rep_statement(comm, q4)
    converted = cents(net(euros["quote"], "L1") * Decimal("1.25"))
    assert components(statement) == {("base", "BASE_RATE"): f"{cents(converted / 10)}"}
    assert statement["earnedTotal"]["currency"] == "USD"
