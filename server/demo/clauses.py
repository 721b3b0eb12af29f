"""The demo clause library: terms every quote carries, plus one for enterprise accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.quotes import Clause, ClauseVersion

CLAUSES = [
    ("PAYMENT", "Payment terms", None, "Invoices are payable within 30 days of the invoice date."),
    (
        "LIABILITY",
        "Limitation of liability",
        None,
        "Each party's liability is limited to the fees paid in the 12 months before the claim.",
    ),
    (
        "LAW",
        "Governing law",
        None,
        "This agreement is governed by the laws of the State of New York.",
    ),
    (
        "DPA",
        "Data processing addendum",
        "ENTERPRISE",
        "The DealDesk Data Processing Addendum applies to all personal data processed.",
    ),
]


async def load_clauses(session: AsyncSession, actor: Actor, now: datetime) -> None:
    existing = set((await session.scalars(select(Clause.code))).all())
    for position, (code, title, segment, body) in enumerate(CLAUSES):
        if code in existing:
            continue
        clause = Clause(code=code, title=title, segment=segment, position=position)
        session.add(clause)
        await session.flush()
        session.add(ClauseVersion(clause_id=clause.id, version=1, body=body))
    await session.flush()
