"""Commissions over HTTP, against a real server and PostgreSQL:

* ``estimateCommission`` for a 50-line deal, for a rep with 2,000 credits in the
  period and a plan of 8 components (p50/p95 beside the floor, CPU per request, SQL
  statements); the rep's period state is stored after seeding, as crediting stores it;
* ``Quote.commissionEstimate`` of a saved 50-line quote, and ``myCommissions``;
* closing a period for 200 reps with 100,000 credits (total time, one run);
* a statement with its 500 lines (p50/p95).

Credits, reps and plans are seeded with bulk SQL (COPY / executemany over
asyncpg), not through the API.

    python bench/bench_commissions.py          # uses DATABASE_URL's server or 127.0.0.1:5432
    python bench/bench_commissions.py --reads  # the three reads only (no period close)
    python bench/bench_commissions.py --fixed  # the plan also pays fixed amounts per unit and
                                               # per deal; one closing credit in five is in EUR
                                               # (converted at close); an EUR estimate too
    python bench/bench_commissions.py --modes  # estimateCommission per tier mode (see below);
                                               # the reads only, no period close

With ``--modes``, one more rep per tier mode, each on its own plan (the 8 components with
the quota tiers in that mode, or with a unit amount added) and with 2,000 credits in the
period: ``estimateCommission`` of the same 50-line deal is measured for quota tiers applied
per transaction (LINE), MARGINAL, RETROACTIVE and INTERPOLATED, for amounts per unit with
tiers by line (LINE), by the period's running units (MARGINAL, RETROACTIVE), and for a fixed
amount per deal: p50/p95, the floor, CPU and SQL statements per request.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from cpu_floor import compare
from floor_server import running_floor
from harness import (
    connection,
    free_port,
    fresh_database,
    load_demo,
    measure,
    percentiles,
    running_server,
    sign_in,
)

import commissions as engine
from db.codec.commissions import components_json, encode, encode_all
from services.commissions.calendar import DEFAULT

FIXED = "--fixed" in sys.argv
MODES = "--modes" in sys.argv
RUNS = 40
REPS = 200
CREDITS_PER_REP = 500
ESTIMATE_REP_CREDITS = 2_000
SKUS = ["SW-ANL", "SW-SEC", "SVC-TRN", "SUP-PRM", "SSD-1T", "CHS-L", "SVC-INST", "SUP-BAS"]
ESTIMATE = """query($i: EstimateCommissionInput!) { estimateCommission(input: $i) {
  amount { amount } problems { code } components { componentId amount { amount } }
  lines { componentId kind amount { amount } ratePercent multiplier tier }
  tierAfter { name } spifProgress { after }
} }"""
QUOTE_ESTIMATE = """query($id: ID!) { node(id: $id) { ... on Quote { commissionEstimate {
  amount { amount } components { componentId amount { amount } }
  lines { componentId amount { amount } } } } } }"""
DASHBOARD = """{ myCommissions { earned { amount } attainmentPercent tier { name }
  nextTier { revenueNeeded { amount } }
  spifs { progress } openPipeline { amount } openQuoteCount } }"""
STATEMENT = """query($id: ID!) { node(id: $id) { ... on CommissionStatement {
  earnedTotal { amount } balanceDue { amount } components { componentId amount { amount } }
  lines { kind description amount { amount } details { componentId amount { amount } } } } } }"""


def bench_plan(
    products: dict[str, tuple[int, str]], spif_start: date, spif_end: date
) -> list[engine.Component]:
    """Exactly 8 components, as in bench_commissions_engine."""
    tiers = (
        engine.Tier("Slow", Decimal(0), Decimal("0.5")),
        engine.Tier("Base", Decimal("0.5"), Decimal(1)),
        engine.Tier("Acc 1", Decimal(1), Decimal("1.5")),
        engine.Tier("Acc 2", Decimal("1.5"), Decimal(2)),
    )
    return [
        engine.BaseRate("base", "Base 15%", Decimal("0.15")),
        engine.ProductRate(
            "x", "Installation 20%", Decimal("0.20"), product_ids=(str(products["SVC-INST"][0]),)
        ),
        engine.ProductRate(
            "z", "Basic support 5%", Decimal("0.05"), product_ids=(str(products["SUP-BAS"][0]),)
        ),
        engine.RateModifier(
            "disc", "Discount > 20%", engine.Measure.DISCOUNT, Decimal("0.5"), above=Decimal("0.2")
        ),
        engine.TimingAccelerator("qend", "Quarter end x1.2", Decimal("1.2"), days=14),
        engine.SegmentIncentive(
            "ent", "Enterprise +2%", segments=("ENTERPRISE",), extra_rate=Decimal("0.02")
        ),
        engine.QuotaTiers(
            "tiers",
            "Tiers",
            engine.TierMode.MARGINAL,
            tiers,
            gate=Decimal("0.25"),
            max_attainment=Decimal(3),
        ),
        engine.Spif(
            "spif",
            "10 trainings: a trip",
            spif_start,
            spif_end,
            Decimal(10),
            engine.Award(engine.AwardKind.NON_CASH, Decimal(3000), "Trip"),
            product_ids=(str(products["SVC-TRN"][0]),),
        ),
        *(
            [
                engine.UnitAmount(
                    "units",
                    "Per unit",
                    Decimal(5),
                    product_ids=tuple(str(products[sku][0]) for sku in SKUS[:4]),
                    tiers=(
                        engine.UnitTier("3+", Decimal(3), Decimal("7.5")),
                        engine.UnitTier("5+", Decimal(5), Decimal(12)),
                    ),
                    amount_per_deal=Decimal(50),
                )
            ]
            if FIXED
            else []
        ),
    ]


def mode_plans(
    products: dict[str, tuple[int, str]], spif_start: date, spif_end: date
) -> dict[str, list[engine.Component]]:
    """The plan of each tier mode measured with ``--modes``: ``bench_plan``'s 8 components
    with its quota tiers in that mode, or with a unit amount (tiers by mode) or a fixed
    amount per deal added to the MARGINAL plan."""
    plan = [c for c in bench_plan(products, spif_start, spif_end) if c.component_id != "units"]
    tiers = next(c for c in plan if isinstance(c, engine.QuotaTiers))

    def with_tiers(mode: engine.TierMode) -> list[engine.Component]:
        return [dataclasses.replace(tiers, mode=mode) if c is tiers else c for c in plan]

    scope = tuple(str(products[sku][0]) for sku in SKUS[:4])
    unit = engine.UnitAmount(
        "units",
        "Per unit",
        Decimal(5),
        product_ids=scope,
        tiers=(
            engine.UnitTier("30+", Decimal(30), Decimal("7.5")),
            engine.UnitTier("60+", Decimal(60), Decimal(12)),
        ),
    )
    per_deal = engine.UnitAmount("deal", "Per deal", product_ids=scope, amount_per_deal=Decimal(50))
    return {
        "quota tiers LINE": with_tiers(engine.TierMode.PER_TRANSACTION),
        "quota tiers MARGINAL": with_tiers(engine.TierMode.MARGINAL),
        "quota tiers RETROACTIVE": with_tiers(engine.TierMode.RETROACTIVE),
        "quota tiers INTERPOLATED": with_tiers(engine.TierMode.INTERPOLATED),
        "unit amounts LINE": [*plan, unit],
        "unit amounts MARGINAL": [
            *plan,
            dataclasses.replace(unit, tier_mode=engine.UnitTierMode.MARGINAL),
        ],
        "unit amounts RETROACTIVE": [
            *plan,
            dataclasses.replace(unit, tier_mode=engine.UnitTierMode.RETROACTIVE),
        ],
        "fixed per deal": [*plan, per_deal],
    }


def credit_records(
    rng: random.Random,
    rep_id: int,
    quote_id: int,
    count: int,
    start: date,
    end: date,
    products: list[tuple[int, str]],
    serial: list[int],
    foreign_every: int = 0,
) -> list[tuple]:
    days = max((end - start).days, 0)
    records = []
    for index in range(count):
        serial[0] += 1
        currency = "EUR" if foreign_every and index % foreign_every == 0 else "USD"
        deal = engine.Deal(
            f"B{serial[0]}",
            str(rep_id),
            engine.DealStatus.WON,
            start + timedelta(days=rng.randint(0, days)),
            currency,
            tuple(
                engine.DealLine(
                    f"L{i}",
                    str(pid),
                    family,
                    Decimal(rng.randint(100, 20_000)),
                    Decimal(rng.randint(1, 5)),
                    rng.choice((Decimal(0), Decimal("0.1"), Decimal("0.25"))),
                )
                for i, (pid, family) in enumerate(rng.sample(products, rng.randint(1, 5)))
            ),
            engine.Account(rng.choice(("SMB", "ENTERPRISE")), "Retail", rng.random() < 0.2),
        )
        credit = engine.credit_deal(deal).credits[0]
        records.append(
            (
                credit.credit_id,
                quote_id,
                rep_id,
                "DIRECT",
                credit.share,
                credit.credit_date,
                credit.rated_on,
                currency,
                sum((line.amount for line in credit.lines), Decimal(0)),
                json.dumps(encode(credit.account)),
                json.dumps(encode_all(credit.lines)),
                credit.deal_discount,
                credit.deal_margin,
                True,
            )
        )
    return records


CREDIT_COLUMNS = (
    "credit_key",
    "quote_id",
    "rep_id",
    "role",
    "share",
    "credit_date",
    "rated_on",
    "currency",
    "amount",
    "account",
    "lines",
    "deal_discount",
    "deal_margin",
    "completes_reversal",
)


async def seed(url: str, today: date) -> dict[str, object]:
    """Reps, their accounts and quotes, a plan of 8 components, assignments and credits, in bulk."""
    current = DEFAULT.period_of(today)
    closing = DEFAULT.period_of(
        DEFAULT.period_of(current.start - timedelta(days=1)).start - timedelta(days=1)
    )
    async with connection(url) as conn:
        password_hash = await conn.fetchval(
            "SELECT password_hash FROM users WHERE email = 'rep1@dealdesk.example'"
        )
        products = {
            sku: (pid, family or "")
            for pid, sku, family in await conn.fetch("SELECT id, sku, family FROM products")
        }
        await conn.executemany(
            "INSERT INTO users (email, name, password_hash, roles) VALUES ($1, $2, $3, '{REP}')",
            [
                (f"bench{i:03d}@dealdesk.example", f"Bench Rep {i:03d}", password_hash)
                for i in range(REPS)
            ],
        )
        reps = [
            r["id"]
            for r in await conn.fetch(
                "SELECT id FROM users WHERE email LIKE 'bench%' ORDER BY email"
            )
        ]
        await conn.executemany(
            "INSERT INTO accounts (name, segment, industry, currency, owner_id) "
            "VALUES ($1, 'ENTERPRISE', 'Retail', 'USD', $2)",
            [(f"Bench Account {i:03d}", rep) for i, rep in enumerate(reps)],
        )
        accounts = {
            r["owner_id"]: r["id"]
            for r in await conn.fetch("SELECT id, owner_id FROM accounts WHERE name LIKE 'Bench%'")
        }
        await conn.executemany(
            "INSERT INTO quotes (name, account_id, owner_id, currency, status, valid_until) "
            "VALUES ($1, $2, $3, 'USD', 'WON', $4)",
            [(f"Bench history {rep}", accounts[rep], rep, today) for rep in reps],
        )
        quotes = {
            r["owner_id"]: r["id"]
            for r in await conn.fetch(
                "SELECT id, owner_id FROM quotes WHERE name LIKE 'Bench history%'"
            )
        }
        components = bench_plan(products, closing.start, current.end)
        plan_id = await conn.fetchval(
            "INSERT INTO commission_plans (name, currency, period_kind) "
            "VALUES ('Bench plan', 'USD', 'QUARTER') RETURNING id"
        )
        await conn.execute(
            "INSERT INTO commission_plan_versions "
            "(plan_id, number, name, effective_from, components) "
            "VALUES ($1, 1, 'Bench plan', $2, $3)",
            plan_id,
            closing.start,
            json.dumps(components_json(components)),
        )
        await conn.executemany(
            "INSERT INTO commission_assignments (rep_id, plan_id, start_date, quota) "
            "VALUES ($1, $2, $3, $4)",
            [(rep, plan_id, closing.start, Decimal(10_000_000)) for rep in reps],
        )
        rng = random.Random(6)
        catalog = list(products.values())
        serial = [0]
        started = time.perf_counter()
        estimate_rep = reps[0]
        records = credit_records(
            rng,
            estimate_rep,
            quotes[estimate_rep],
            ESTIMATE_REP_CREDITS,
            current.start,
            min(today, current.end),
            catalog,
            serial,
        )
        for rep in [] if MODES else reps:  # --modes measures reads only: no close to seed
            records += credit_records(
                rng,
                rep,
                quotes[rep],
                CREDITS_PER_REP,
                closing.start,
                closing.end,
                catalog,
                serial,
                5 if FIXED else 0,
            )
        if FIXED:  # a EUR -> USD rate a month, from a year before the closing period
            ops = await conn.fetchval("SELECT id FROM users WHERE email = 'ops@dealdesk.example'")
            first = closing.start.replace(day=1) - timedelta(days=365)
            await conn.executemany(
                "INSERT INTO exchange_rates (from_currency, to_currency, rate, valid_from, "
                "set_by_id) VALUES ('EUR', 'USD', $1, $2, $3)",
                [
                    (Decimal("1.05") + Decimal(m) / 100, (first + timedelta(days=31 * m)), ops)
                    for m in range(30)
                ],
            )
        modes = {}
        if MODES:
            modes = await seed_modes(conn, password_hash, products, closing, current, today)
            for index, (rep, quote, _) in enumerate(modes.values()):
                records += credit_records(
                    random.Random(6 + index),
                    rep,
                    quote,
                    ESTIMATE_REP_CREDITS,
                    current.start,
                    min(today, current.end),
                    catalog,
                    serial,
                )
        await conn.copy_records_to_table(
            "commission_credits", records=records, columns=CREDIT_COLUMNS
        )
        print(
            f"seeded {len(records):,} credits for {REPS} reps "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return {
            "closing": closing,
            "estimate_rep": "bench000@dealdesk.example",
            "account": accounts[estimate_rep],
            "modes": {
                label: (f"benchmode{i}@dealdesk.example", ids[2])
                for i, (label, ids) in enumerate(modes.items())
            },
        }


async def seed_modes(
    conn: Any,
    password_hash: str,
    products: dict[str, tuple[int, str]],
    closing: engine.FiscalPeriod,
    current: engine.FiscalPeriod,
    today: date,
) -> dict[str, tuple[int, int, int]]:
    """A rep, an account, a quote, a plan and an assignment per tier mode: (rep, quote,
    account)."""
    out: dict[str, tuple[int, int, int]] = {}
    for index, (label, components) in enumerate(
        mode_plans(products, closing.start, current.end).items()
    ):
        rep = await conn.fetchval(
            "INSERT INTO users (email, name, password_hash, roles) "
            "VALUES ($1, $2, $3, '{REP}') RETURNING id",
            f"benchmode{index}@dealdesk.example",
            f"Bench {label}",
            password_hash,
        )
        account = await conn.fetchval(
            "INSERT INTO accounts (name, segment, industry, currency, owner_id) "
            "VALUES ($1, 'ENTERPRISE', 'Retail', 'USD', $2) RETURNING id",
            f"Bench mode account {index}",
            rep,
        )
        quote = await conn.fetchval(
            "INSERT INTO quotes (name, account_id, owner_id, currency, status, valid_until) "
            "VALUES ($1, $2, $3, 'USD', 'WON', $4) RETURNING id",
            f"Bench mode history {index}",
            account,
            rep,
            today,
        )
        plan = await conn.fetchval(
            "INSERT INTO commission_plans (name, currency, period_kind) "
            "VALUES ($1, 'USD', 'QUARTER') RETURNING id",
            f"Bench {label}",
        )
        await conn.execute(
            "INSERT INTO commission_plan_versions "
            "(plan_id, number, name, effective_from, components) VALUES ($1, 1, $2, $3, $4)",
            plan,
            f"Bench {label}",
            closing.start,
            json.dumps(components_json(components)),
        )
        await conn.execute(
            "INSERT INTO commission_assignments (rep_id, plan_id, start_date, quota) "
            "VALUES ($1, $2, $3, $4)",
            rep,
            plan,
            closing.start,
            Decimal(10_000_000),
        )
        out[label] = (rep, quote, account)
    return out


async def store_state(url: str, rep_email: str) -> None:
    """The estimate rep's period state, stored as crediting stores it (the bulk COPY of
    credits bypasses crediting): estimates then read it instead of rebuilding it."""
    from sqlalchemy import select

    from db.engine import create_engine, create_session_factory
    from db.models.commissions import CommissionCredit
    from db.models.users import User
    from services.commissions.period_states import after_credits

    engine = create_engine(url, pool_size=2)
    try:
        async with create_session_factory(engine).begin() as session:
            credit = await session.scalar(
                select(CommissionCredit)
                .join(User, User.id == CommissionCredit.rep_id)
                .where(User.email == rep_email)
                .order_by(CommissionCredit.credit_date.desc())
                .limit(1)
            )
            assert credit is not None
            await after_credits(session, [credit], DEFAULT)
    finally:
        await engine.dispose()


async def gql(
    http: httpx.AsyncClient, headers: dict[str, str], query: str, variables: dict | None = None
) -> httpx.Response:
    return await http.post(
        "/graphql", headers=headers, json={"query": query, "variables": variables or {}}
    )


async def run(base: str, seeded: dict) -> None:
    from strawberry.relay import to_base64

    async with httpx.AsyncClient(base_url=base, timeout=900) as http:
        rep = await sign_in(http, str(seeded["estimate_rep"]))
        products = (
            await gql(http, rep, "{ products(first: 50) { edges { node { id sku } } } }")
        ).json()["data"]
        ids = {e["node"]["sku"]: e["node"]["id"] for e in products["products"]["edges"]}
        lines = [
            {"key": f"L{i + 1}", "productId": ids[SKUS[i % len(SKUS)]], "quantity": 1 + i % 7}
            for i in range(50)
        ]
        account = to_base64("Account", int(seeded["account"]))  # type: ignore[call-overload]
        what_if = {"i": {"accountId": account, "lines": lines}}

        first = (await gql(http, rep, ESTIMATE, what_if)).json()
        assert not first.get("errors") and not first["data"]["estimateCommission"]["problems"], (
            first
        )
        created = (
            await gql(
                http,
                rep,
                "mutation($i: CreateQuoteInput!) { createQuote(input: $i) "
                "{ quote { id } userErrors { code } } }",
                {
                    "i": {
                        "accountId": account,
                        "lines": [{k: v for k, v in line.items() if k != "key"} for line in lines],
                    }
                },
            )
        ).json()
        quote = created["data"]["createQuote"]["quote"]["id"]
        with running_floor(free_port()) as floor_base:
            async with httpx.AsyncClient(base_url=floor_base, timeout=60) as floor:
                measured = Estimates(http, floor, base)
                await measured.compare("50 lines, 2,000 credits", rep, what_if)
                if FIXED:
                    euros = {"i": {**what_if["i"], "currency": "EUR"}}
                    await measured.compare(
                        "50 lines in EUR (converted), 2,000 credits", rep, euros, 11
                    )
                await compare(
                    "Quote.commissionEstimate 50 lines",
                    lambda: gql(http, rep, QUOTE_ESTIMATE, {"id": quote}),
                    floor,
                    base,
                    runs=RUNS,
                    goal="fewer statements",
                )
                await compare(
                    "myCommissions (1 open quote)",
                    lambda: gql(http, rep, DASHBOARD),
                    floor,
                    base,
                    runs=RUNS,
                    goal="fewer statements",
                )
                for label, (email, mode_account) in dict(seeded["modes"]).items():  # type: ignore[call-overload]
                    mode_rep = await sign_in(http, email)
                    wanted = {"accountId": to_base64("Account", mode_account), "lines": lines}
                    await measured.compare(label, mode_rep, {"i": wanted})
        if "--reads" in sys.argv or MODES:
            return

        finance = await sign_in(http, "finance@dealdesk.example")
        closing = seeded["closing"]
        opened = (
            await gql(
                http,
                finance,
                "mutation($d: Date!) { openCommissionPeriod(input: {day: $d}) "
                "{ period { id version } userErrors { code } } }",
                {"d": closing.start.isoformat()},
            )
        ).json()["data"]["openCommissionPeriod"]  # type: ignore[attr-defined]
        period = opened["period"]
        started = time.perf_counter()
        closed = (
            await gql(
                http,
                finance,
                "mutation($id: ID!, $v: Int!) "
                "{ closeCommissionPeriod(input: {id: $id, version: $v}) "
                "{ statementCount userErrors { code message } } }",
                {"id": period["id"], "v": period["version"]},
            )
        ).json()
        elapsed = time.perf_counter() - started
        result = closed["data"]["closeCommissionPeriod"]
        assert not result["userErrors"], result
        print(
            f"closeCommissionPeriod    reps={REPS} credits={REPS * CREDITS_PER_REP:,}  "
            f"total={elapsed:8.2f} s  statements={result['statementCount']}"
        )

        listed = (
            await gql(
                http,
                finance,
                "query($p: ID) { commissionStatements(periodId: $p, first: 1) "
                "{ edges { node { id } } } }",
                {"p": period["id"]},
            )
        ).json()
        statement = listed["data"]["commissionStatements"]["edges"][0]["node"]["id"]
        samples, statements = await measure(
            lambda: gql(http, finance, STATEMENT, {"id": statement}), RUNS
        )
        print(
            f"statement(id)            lines={CREDITS_PER_REP}              "
            f"{percentiles(samples)}  sql_statements={statements}"
        )


class Estimates:
    """``estimateCommission`` requests checked once, then measured beside the floor."""

    def __init__(self, http: httpx.AsyncClient, floor: httpx.AsyncClient, base: str) -> None:
        self.http, self.floor, self.base = http, floor, base

    async def compare(
        self, label: str, rep: dict[str, str], what_if: dict[str, Any], statements: int = 10
    ) -> None:
        checked = (await gql(self.http, rep, ESTIMATE, what_if)).json()
        assert not checked.get("errors"), checked
        assert not checked["data"]["estimateCommission"]["problems"], checked
        await compare(
            f"estimateCommission {label}",
            lambda: gql(self.http, rep, ESTIMATE, what_if),
            self.floor,
            self.base,
            runs=RUNS,
            goal=f"p95 <= 30 ms, <= {statements} statements",
            variables=what_if,
        )


def main() -> None:
    import os

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}  fixed={FIXED}")
    today = datetime.now(UTC).date()
    with fresh_database("dealdesk_bench_commissions") as url:
        load_demo(url)
        seeded = asyncio.run(seed(url, today))
        asyncio.run(store_state(url, str(seeded["estimate_rep"])))
        for email, _ in dict(seeded["modes"]).values():  # type: ignore[call-overload]
            asyncio.run(store_state(url, email))
        with running_server(url) as base:
            asyncio.run(run(base, seeded))


if __name__ == "__main__":
    main()
