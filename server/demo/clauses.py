"""The demo clause library: terms every quote carries, plus one for enterprise accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries.clauses import clause_by_code
from services.quotes.clause_library import NewClause, create_clause

CLAUSES = [
    NewClause(
        "PAYMENT", "Payment terms", "Invoices are payable within 30 days of the invoice date."
    ),
    NewClause(
        "LIABILITY",
        "Limitation of liability",
        "Each party's liability is limited to the fees paid in the 12 months before the claim.",
    ),
    NewClause(
        "LAW", "Governing law", "This agreement is governed by the laws of the State of New York."
    ),
    NewClause(
        "DPA",
        "Data processing addendum",
        "The DealDesk Data Processing Addendum applies to all personal data processed.",
        segment="ENTERPRISE",
    ),
]


async def load_clauses(session: AsyncSession, actor: Actor, now: datetime) -> None:
    """The clauses not there yet (by code), through the clause-library use case."""
    for clause in CLAUSES:
        if await clause_by_code(session, clause.code) is None:
            await create_clause(session, actor, clause)
