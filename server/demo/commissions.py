"""Demo commissions: plans, assignments for every rep and manager, last quarter's deals
won and closed into statements, a clawback, this quarter's wins, and open inquiries.

Made through the GraphQL API itself (as ops, the reps and finance would), dated
relative to today: "last quarter" is the fiscal quarter before today's. Loading
twice changes nothing (the plan's name is the marker).
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.relay import to_base64

from db.models.accounts import Account
from db.models.catalog import Product
from db.models.commissions import CommissionPlan
from db.models.users import User
from services.people.tokens import AccessClaims, TokenConfig
from services.commissions.calendar import load_calendar
from schema.assembly import build_loaders
from schema.context import ApiConfig, build_context
from schema.connection import PageLimits
from schema.assembly import build_schema

REP_PLAN = "Field Sales FY2026"
MANAGER_PLAN = "Sales Manager Override FY2026"
REPS = [f"rep{i}@dealdesk.example" for i in range(1, 9)]
MANAGERS = ["east.manager@dealdesk.example", "west.manager@dealdesk.example"]
ERRORS = "userErrors { code message }"
# Last quarter's deals per rep: (day offset from the quarter's start, [(sku, quantity)]).
HISTORY = [
    (12, [("SVC-INST", 6), ("SUP-BAS", 4)]),
    (41, [("SW-SEC", 200), ("SVC-TRN", 3)]),
    (80, [("SVC-INST", 10), ("SVC-TRN", 2)]),  # the last two weeks: x1.2
]


class Api:
    """Runs GraphQL documents in-process as a given user, like a phone would over HTTP."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.schema = build_schema()
        self.config = ApiConfig(
            tokens=TokenConfig(secrets.token_hex(16), timedelta(minutes=5), timedelta(minutes=5)),
            pages=PageLimits(),
        )

    async def run(
        self, user: User, document: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        claims = AccessClaims(user_id=user.id, roles=frozenset(user.roles))
        context = await build_context(self.sessions, self.config, claims, build_loaders)
        try:
            result = await self.schema.execute(
                document, variable_values=variables or {}, context_value=context
            )
        finally:
            await context.close()
        if result.errors:
            raise RuntimeError(result.errors)
        data = result.data or {}
        for payload in data.values():
            if isinstance(payload, dict) and payload.get("userErrors"):
                raise RuntimeError(payload["userErrors"])
        return data


def _gid(type_name: str, pk: int) -> str:
    return to_base64(type_name, pk)


def _rep_plan(products: dict[str, int], spif_start: date, spif_end: date) -> list[dict[str, Any]]:
    return [
        {"baseRate": {"componentId": "base", "label": "Base 15%", "ratePercent": "15"}},
        {
            "productRate": {
                "componentId": "install",
                "label": "Installation 20%",
                "ratePercent": "20",
                "productIds": [_gid("Product", products["SVC-INST"])],
            }
        },
        {
            "productRate": {
                "componentId": "basic-support",
                "label": "Basic support 5% (de-emphasised)",
                "ratePercent": "5",
                "productIds": [_gid("Product", products["SUP-BAS"])],
            }
        },
        {
            "segmentIncentive": {
                "componentId": "enterprise",
                "label": "Enterprise accounts +2% and 250 a deal",
                "segments": ["ENTERPRISE"],
                "extraRatePercent": "2",
                "amountPerDeal": "250",
            }
        },
        {
            "quotaTiers": {
                "componentId": "tiers",
                "label": "Quota accelerators",
                "mode": "MARGINAL",
                "tiers": [
                    {"name": "Base", "floorPercent": "0", "multiplier": "1"},
                    {"name": "Accelerator", "floorPercent": "100", "multiplier": "1.5"},
                    {"name": "Club", "floorPercent": "150", "multiplier": "2"},
                ],
            }
        },
        {
            "timingAccelerator": {
                "componentId": "quarter-end",
                "label": "Last two weeks of the quarter x1.2",
                "multiplier": "1.2",
                "days": 14,
            }
        },
        {
            "spif": {
                "componentId": "training-trip",
                "label": "Ten training workshops",
                "target": "10",
                "windowStart": spif_start.isoformat(),
                "windowEnd": spif_end.isoformat(),
                "productIds": [_gid("Product", products["SVC-TRN"])],
                "award": {
                    "kind": "NON_CASH",
                    "value": "4000",
                    "description": "A team trip to Lisbon",
                },
            }
        },
    ]


async def _users(session: AsyncSession, emails: list[str]) -> dict[str, User]:
    rows = (await session.scalars(select(User).where(func.lower(User.email).in_(emails)))).all()
    return {row.email: row for row in rows}


async def load_commissions(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Load the demo commissions once; returns how many statements the closed quarter produced."""
    async with sessions() as session:
        if (
            await session.scalar(select(CommissionPlan.id).where(CommissionPlan.name == REP_PLAN))
            is not None
        ):
            return 0
        people = await _users(
            session, [*REPS, *MANAGERS, "ops@dealdesk.example", "finance@dealdesk.example"]
        )
        products = {p.sku: p.id for p in (await session.scalars(select(Product))).all()}
        accounts = {
            rep.email: next(
                iter(
                    (
                        await session.scalars(
                            select(Account.id)
                            .where(Account.owner_id == rep.id, Account.currency == "USD")
                            .order_by(Account.name)
                        )
                    ).all()
                ),
                None,
            )
            for rep in (people[e] for e in REPS)
        }
        setting = await load_calendar(session)
    today = datetime.now(UTC).date()
    current = setting.period_of(today)
    last = setting.period_of(current.start - timedelta(days=1))
    api = Api(sessions)
    ops, finance = people["ops@dealdesk.example"], people["finance@dealdesk.example"]

    plan = await api.run(
        ops,
        "mutation($i: CreateCommissionPlanInput!) { createCommissionPlan(input: $i) { plan { id } "
        f"{ERRORS} }} }}",
        {
            "i": {
                "name": REP_PLAN,
                "currency": "USD",
                "effectiveFrom": last.start.isoformat(),
                "components": _rep_plan(products, last.start, current.end),
            }
        },
    )
    override = await api.run(
        ops,
        "mutation($i: CreateCommissionPlanInput!) { createCommissionPlan(input: $i) { plan { id } "
        f"{ERRORS} }} }}",
        {
            "i": {
                "name": MANAGER_PLAN,
                "currency": "USD",
                "effectiveFrom": last.start.isoformat(),
                "components": [
                    {
                        "baseRate": {
                            "componentId": "override",
                            "label": "Team override 3%",
                            "ratePercent": "3",
                        }
                    }
                ],
            }
        },
    )
    assign = f"mutation($i: AssignCommissionPlanInput!) {{ assignCommissionPlan(input: $i) {{ assignment {{ id }} {ERRORS} }} }}"
    for email in REPS:
        await api.run(
            ops,
            assign,
            {
                "i": {
                    "repId": _gid("User", people[email].id),
                    "planId": plan["createCommissionPlan"]["plan"]["id"],
                    "start": last.start.isoformat(),
                    "quota": "30000",
                    "onTargetEarnings": "20000",
                }
            },
        )
    for email in MANAGERS:
        await api.run(
            ops,
            assign,
            {
                "i": {
                    "repId": _gid("User", people[email].id),
                    "planId": override["createCommissionPlan"]["plan"]["id"],
                    "start": last.start.isoformat(),
                    "quota": "120000",
                }
            },
        )

    won: dict[str, list[dict[str, Any]]] = {}
    for index, email in enumerate(REPS):
        if accounts[email] is None:
            continue
        for offset, lines in HISTORY[: 2 + index % 2]:
            day = min(last.start + timedelta(days=offset + index), last.end)
            won.setdefault(email, []).append(
                await _win(api, people[email], accounts[email], products, lines, day)
            )

    periods = f"mutation($d: Date!) {{ openCommissionPeriod(input: {{day: $d}}) {{ period {{ id version }} {ERRORS} }} }}"
    closing = await api.run(finance, periods, {"d": last.start.isoformat()})
    period = closing["openCommissionPeriod"]["period"]
    closed = await api.run(
        finance,
        "mutation($id: ID!, $v: Int!) { closeCommissionPeriod(input: {id: $id, version: $v}) { statementCount "
        f"{ERRORS} }} }}",
        {"id": period["id"], "v": period["version"]},
    )
    await api.run(finance, periods, {"d": current.start.isoformat()})

    # A cancelled deal from last quarter: its clawback lands in this quarter.
    cancelled = won["rep6@dealdesk.example"][0]
    await api.run(
        finance,
        "mutation($i: ReverseWonQuoteInput!) { reverseWonQuote(input: $i) { quote { status } "
        f"{ERRORS} }} }}",
        {
            "i": {
                "id": cancelled["id"],
                "version": cancelled["version"],
                "kind": "CANCELLED",
                "reason": "Customer cancelled the rollout",
            }
        },
    )
    # This quarter so far.
    for email, lines in (
        ("rep1@dealdesk.example", [("SVC-INST", 4), ("SVC-TRN", 2)]),
        ("rep2@dealdesk.example", [("SW-SEC", 150)]),
        ("rep5@dealdesk.example", [("SVC-INST", 8), ("SUP-BAS", 2)]),
    ):
        if accounts[email] is not None:
            await _win(
                api,
                people[email],
                accounts[email],
                products,
                lines,
                max(current.start, today - timedelta(days=3)),
            )

    await _inquiries(api, people, period["id"])
    return int(closed["closeCommissionPeriod"]["statementCount"])


async def _win(
    api: Api,
    rep: User,
    account_id: int,
    products: dict[str, int],
    lines: list[tuple[str, int]],
    day: date,
) -> dict[str, Any]:
    payload = "quote { id version } userErrors { code message }"
    created = await api.run(
        rep,
        f"mutation($i: CreateQuoteInput!) {{ createQuote(input: $i) {{ {payload} }} }}",
        {
            "i": {
                "accountId": _gid("Account", account_id),
                "name": f"{', '.join(sku for sku, _ in lines)} for {day.isoformat()}",
                "lines": [
                    {"productId": _gid("Product", products[sku]), "quantity": qty}
                    for sku, qty in lines
                ],
            }
        },
    )
    quote = created["createQuote"]["quote"]
    for mutation, input_type, extra in (
        ("submitQuoteForApproval", "QuoteActionInput", {}),
        ("markQuoteSent", "QuoteActionInput", {}),
        ("markQuoteWon", "QuoteOutcomeInput", {"closeDate": day.isoformat()}),
    ):
        moved = await api.run(
            rep,
            f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {payload} }} }}",
            {"i": {"id": quote["id"], "version": quote["version"], **extra}},
        )
        quote = moved[mutation]["quote"]
    return quote


async def _inquiries(api: Api, people: dict[str, User], period_id: str) -> None:
    rep1 = people["rep1@dealdesk.example"]
    statements = await api.run(
        rep1,
        "query($p: ID) { commissionStatements(periodId: $p) { edges { node { lines { id kind } } } } }",
        {"p": period_id},
    )
    edges = statements["commissionStatements"]["edges"]
    if not edges or not edges[0]["node"]["lines"]:
        return
    opened = "mutation($i: OpenCommissionInquiryInput!) { openCommissionInquiry(input: $i) { inquiry { id version } userErrors { code message } } }"
    await api.run(
        rep1,
        opened,
        {
            "i": {
                "statementLineId": edges[0]["node"]["lines"][0]["id"],
                "category": "WRONG_RATE",
                "message": "The installation days should pay 20%, not the base rate.",
                "attachmentRef": "uploads/po-4711.pdf",
            }
        },
    )
    rep5 = people["rep5@dealdesk.example"]
    credits = await api.run(rep5, "{ commissionCredits(first: 1) { edges { node { id } } } }")
    if credits["commissionCredits"]["edges"]:
        question = await api.run(
            rep5,
            opened,
            {
                "i": {
                    "creditId": credits["commissionCredits"]["edges"][0]["node"]["id"],
                    "category": "WRONG_SPLIT",
                    "message": "Casey helped on this deal; should it be split?",
                }
            },
        )
        inquiry = question["openCommissionInquiry"]["inquiry"]
        await api.run(
            people["finance@dealdesk.example"],
            "mutation($i: AnswerCommissionInquiryInput!) { answerCommissionInquiry(input: $i) { userErrors { code message } } }",
            {
                "i": {
                    "id": inquiry["id"],
                    "version": inquiry["version"],
                    "message": "Splits are set on the quote before the win; we are checking with your manager.",
                }
            },
        )
