"""Demo quotes in every status, made through the GraphQL API itself (as rep1 would)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models.accounts import Account
from db.models.catalog import Product
from db.models.quotes import Quote
from db.models.users import User
from schema.assembly import build_loaders, build_schema
from schema.connection import PageLimits
from schema.context import ApiConfig, build_context
from services.people.tokens import AccessClaims, TokenConfig

PAYLOAD = "quote { id version status } userErrors { code message }"
STEPS = {
    "submit": "submitQuoteForApproval",
    "send": "markQuoteSent",
    "accept": "recordQuoteAcceptance",
    "reject": "recordQuoteRejection",
    "win": "markQuoteWon",
    "lose": "markQuoteLost",
}
# name, account, [(sku, quantity, discount %)], steps
PLAN = [
    (
        "Acme analytics expansion",
        "Acme Manufacturing",
        [("SW-ANL", 150, None), ("SVC-TRN", 1, None)],
        [],
    ),
    ("Acme security rollout", "Acme Manufacturing", [("SW-SEC", 400, None)], ["submit"]),
    ("Cyberdyne edge pilot", "Cyberdyne Systems", [("SVC-INST", 2, "25")], ["submit"]),
    ("Nakatomi support renewal", "Nakatomi Trading", [("SUP-PRM", 3, None)], ["submit", "send"]),
    (
        "Sterling Cooper API gateway",
        "Sterling Cooper",
        [("SW-API", 30, None)],
        ["submit", "send", "accept"],
    ),
    ("Acme training", "Acme Manufacturing", [("SVC-TRN", 2, None)], ["submit", "send", "reject"]),
    (
        "Cyberdyne analytics",
        "Cyberdyne Systems",
        [("SW-ANL", 80, None)],
        ["submit", "send", "accept", "win"],
    ),
    ("Nakatomi security", "Nakatomi Trading", [("SW-SEC", 120, None)], ["submit", "send", "lose"]),
    (
        "Sterling Cooper installation",
        "Sterling Cooper",
        [("SVC-INST", 1, None)],
        ["submit", "send", "expire"],
    ),
    (
        "Acme on-site services",
        "Acme Manufacturing",
        [("SVC-INST", 3, "15")],
        ["submit", "m:approve"],
    ),
    (
        "Cyberdyne deep discount",
        "Cyberdyne Systems",
        [("SVC-INST", 2, "20")],
        ["submit", "m:reject"],
    ),
    (
        "Nakatomi services negotiation",
        "Nakatomi Trading",
        [("SVC-INST", 4, "22")],
        ["submit", "m:counter"],
    ),
    (
        "Sterling Cooper services",
        "Sterling Cooper",
        [("SVC-INST", 2, "18")],
        ["submit", "r:recall"],
    ),
    (
        "Acme installation bundle",
        "Acme Manufacturing",
        [("SVC-INST", 5, "20")],
        ["submit", "m:counter", "r:accept_counter"],
    ),
    (
        "Cyberdyne rollout services",
        "Cyberdyne Systems",
        [("SVC-INST", 6, "20")],
        ["submit", "m:counter", "r:decline_counter"],
    ),
]
# Approval actions: who acts, the mutation, its input type, extra input.
APPROVAL_STEPS = {
    "m:approve": ("manager", "approveApprovalRequest", "ApproveApprovalRequestInput", {}),
    "m:reject": (
        "manager",
        "rejectApprovalRequest",
        "RejectApprovalRequestInput",
        {"reason": "Too deep for this account."},
    ),
    "m:counter": (
        "manager",
        "counterOfferApprovalRequest",
        "CounterOfferApprovalRequestInput",
        {
            "lines": [{"lineKey": "L1", "discountPercent": "12"}],
            "note": "12% is the most I can do.",
        },
    ),
    "r:recall": ("rep", "recallApprovalRequest", "ApprovalRequestActionInput", {}),
    "r:accept_counter": ("rep", "acceptCounterOffer", "ApprovalRequestActionInput", {}),
    "r:decline_counter": ("rep", "declineCounterOffer", "ApprovalRequestActionInput", {}),
}


async def _ids(session: AsyncSession) -> tuple[User, dict[str, int], dict[str, int]]:
    rep = await session.scalar(select(User).where(User.email == "rep1@dealdesk.example"))
    assert rep is not None
    products = {p.sku: p.id for p in (await session.scalars(select(Product))).all()}
    accounts = {
        a.name: a.id
        for a in (await session.scalars(select(Account).where(Account.owner_id == rep.id))).all()
    }
    return rep, products, accounts


async def load_quotes(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        if await session.scalar(select(func.count()).select_from(Quote)):
            return 0
        rep, products, accounts = await _ids(session)
    schema = build_schema()
    config = ApiConfig(
        tokens=TokenConfig(secrets.token_hex(16), timedelta(minutes=5), timedelta(minutes=5)),
        pages=PageLimits(),
    )
    claims = AccessClaims(user_id=rep.id, roles=frozenset(rep.roles))
    async with sessions() as session:
        manager = await session.get(User, rep.manager_id)
    assert manager is not None
    people = {
        "rep": claims,
        "manager": AccessClaims(user_id=manager.id, roles=frozenset(manager.roles)),
    }

    async def run(document: str, variables: dict[str, Any], as_: str = "rep") -> dict[str, Any]:
        context = await build_context(sessions, config, people[as_], build_loaders)
        try:
            result = await schema.execute(
                document, variable_values=variables, context_value=context
            )
        finally:
            await context.close()
        if result.errors:
            raise RuntimeError(result.errors)
        return result.data or {}

    from strawberry.relay import to_base64

    for name, account, lines, steps in PLAN:
        created = await run(
            f"mutation($i: CreateQuoteInput!) {{ createQuote(input: $i) {{ {PAYLOAD} }} }}",
            {
                "i": {
                    "accountId": to_base64("Account", accounts[account]),
                    "name": name,
                    "lines": [
                        {
                            "productId": to_base64("Product", products[sku]),
                            "quantity": qty,
                            **({"discount": {"percent": d}} if d else {}),
                        }
                        for sku, qty, d in lines
                    ],
                }
            },
        )
        quote = created["createQuote"]["quote"]
        for step in steps:
            if step in APPROVAL_STEPS:
                who, mutation, input_type, extra = APPROVAL_STEPS[step]
                requests = await run(
                    "query($q: ID!) { approvalRequestsForQuote(quoteId: $q) { id } }",
                    {"q": quote["id"]},
                )
                await run(
                    f"mutation($i: {input_type}!) {{ {mutation}(input: $i) "
                    "{ userErrors { code message } } }",
                    {"i": {"id": requests["approvalRequestsForQuote"][0]["id"], **extra}},
                    as_=who,
                )
                continue
            if step == "expire":
                async with sessions() as session, session.begin():
                    await session.execute(
                        update(Quote)
                        .where(Quote.id == _db_id(quote["id"]))
                        .values(valid_until=func.current_date() - 1)
                    )
                step = "accept"
            mutation = STEPS[step]
            input_type = "QuoteOutcomeInput" if step in ("win", "lose") else "QuoteActionInput"
            moved = await run(
                f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {PAYLOAD} }} }}",
                {"i": {"id": quote["id"], "version": quote["version"]}},
            )
            quote = moved[mutation]["quote"] or await _reload(run, quote["id"])
    return len(PLAN)


def _db_id(global_id: str) -> int:
    from strawberry.relay import from_base64

    return int(from_base64(global_id)[1])


async def _reload(run, global_id: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data = await run(
        "query($id: ID!) { node(id: $id) { ... on Quote { id version status } } }",
        {"id": global_id},
    )
    return data["node"]
