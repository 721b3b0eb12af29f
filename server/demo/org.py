"""The demo sales org: admin, ops, finance, two managers with four reps each, 30 accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.users import Role, User
from db.queries.accounts import account_names
from db.queries.users import user_by_email
from services.people.accounts import NewAccount, create_account
from services.people.passwords import Argon2Parameters, hash_password
from services.people.users import NewUser, create_user

DEMO_PASSWORD = "dealdesk-demo"

STAFF = [
    ("admin@dealdesk.example", "Ada Admin", [Role.ADMIN], None),
    ("ops@dealdesk.example", "Olga Ops", [Role.OPS], None),
    ("finance@dealdesk.example", "Fin Finance", [Role.FINANCE], None),
    ("east.manager@dealdesk.example", "Maya East", [Role.MANAGER], None),
    ("west.manager@dealdesk.example", "Marco West", [Role.MANAGER], None),
]
REPS = [
    ("rep1@dealdesk.example", "Riley Chen", "east.manager@dealdesk.example"),
    ("rep2@dealdesk.example", "Sam Patel", "east.manager@dealdesk.example"),
    ("rep3@dealdesk.example", "Jordan Kim", "east.manager@dealdesk.example"),
    ("rep4@dealdesk.example", "Avery Novak", "east.manager@dealdesk.example"),
    ("rep5@dealdesk.example", "Taylor Brooks", "west.manager@dealdesk.example"),
    ("rep6@dealdesk.example", "Casey Romero", "west.manager@dealdesk.example"),
    ("rep7@dealdesk.example", "Morgan Idowu", "west.manager@dealdesk.example"),
    ("rep8@dealdesk.example", "Quinn Larsen", "west.manager@dealdesk.example"),
]
COMPANIES = [
    ("Acme Manufacturing", "ENTERPRISE", "Manufacturing", "NA", "USD"),
    ("Globex Corporation", "ENTERPRISE", "Energy", "NA", "USD"),
    ("Initech", "MID_MARKET", "Software", "NA", "USD"),
    ("Umbrella Health", "ENTERPRISE", "Healthcare", "EMEA", "EUR"),
    ("Stark Logistics", "MID_MARKET", "Logistics", "NA", "USD"),
    ("Wayne Retail", "ENTERPRISE", "Retail", "NA", "USD"),
    ("Wonka Foods", "MID_MARKET", "Food & Beverage", "EMEA", "EUR"),
    ("Tyrell Robotics", "ENTERPRISE", "Manufacturing", "APAC", "USD"),
    ("Cyberdyne Systems", "MID_MARKET", "Software", "NA", "USD"),
    ("Soylent Nutrition", "SMB", "Food & Beverage", "NA", "USD"),
    ("Hooli", "ENTERPRISE", "Software", "NA", "USD"),
    ("Pied Piper", "SMB", "Software", "NA", "USD"),
    ("Vandelay Industries", "SMB", "Wholesale", "NA", "USD"),
    ("Dunder Mifflin Paper", "MID_MARKET", "Wholesale", "NA", "USD"),
    ("Massive Dynamic", "ENTERPRISE", "Research", "NA", "USD"),
    ("Oscorp Labs", "MID_MARKET", "Research", "NA", "USD"),
    ("Nakatomi Trading", "ENTERPRISE", "Finance", "APAC", "USD"),
    ("Gringotts Banking", "ENTERPRISE", "Finance", "EMEA", "EUR"),
    ("Ollivander Crafts", "SMB", "Retail", "EMEA", "EUR"),
    ("Monarch Airlines", "MID_MARKET", "Transport", "EMEA", "EUR"),
    ("Blue Sun Energy", "ENTERPRISE", "Energy", "APAC", "USD"),
    ("Virtucon", "MID_MARKET", "Manufacturing", "EMEA", "EUR"),
    ("Prestige Worldwide", "SMB", "Media", "NA", "USD"),
    ("Bluth Homes", "SMB", "Construction", "NA", "USD"),
    ("Sterling Cooper", "MID_MARKET", "Media", "NA", "USD"),
    ("Aperture Science", "ENTERPRISE", "Research", "NA", "USD"),
    ("Black Mesa Energy", "ENTERPRISE", "Energy", "NA", "USD"),
    ("Krusty Restaurants", "SMB", "Food & Beverage", "NA", "USD"),
    ("Duff Brewing", "MID_MARKET", "Food & Beverage", "EMEA", "EUR"),
    ("Gekko & Co", "MID_MARKET", "Finance", "NA", "USD"),
]


@dataclass(frozen=True, slots=True)
class DemoOrg:
    logins: list[tuple[str, str, str]]
    accounts: int
    users_by_email: dict[str, User]


class _DemoPasswords:
    """Every demo user has the same password: hash it once, not once per user."""

    def __init__(self, parameters: Argon2Parameters) -> None:
        self._hash = hash_password(DEMO_PASSWORD, parameters)

    async def hash(self, password: str) -> str:
        assert password == DEMO_PASSWORD
        return self._hash


async def _ensure_user(
    session: AsyncSession,
    now: datetime,
    passwords: _DemoPasswords,
    new: NewUser,
) -> User:
    existing = await user_by_email(session, new.email)
    return existing or await create_user(session, None, now, new, passwords)


async def load_org(
    session: AsyncSession, now: datetime, password_parameters: Argon2Parameters | None = None
) -> DemoOrg:
    """The org's users and accounts, through the people use cases; those already there are kept."""
    passwords = _DemoPasswords(password_parameters or Argon2Parameters())
    users: dict[str, User] = {}
    for email, name, roles, _ in STAFF:
        users[email] = await _ensure_user(
            session, now, passwords, NewUser(email, name, DEMO_PASSWORD, roles)
        )
    for email, name, manager_email in REPS:
        rep = NewUser(email, name, DEMO_PASSWORD, [Role.REP], users[manager_email].id)
        users[email] = await _ensure_user(session, now, passwords, rep)

    existing = await account_names(session)
    reps = [users[email] for email, _, _ in REPS]
    for index, (name, segment, industry, region, currency) in enumerate(COMPANIES):
        if name not in existing:
            account = NewAccount(
                name=name,
                segment=segment,
                currency=currency,
                owner_id=reps[index % len(reps)].id,
                industry=industry,
                region=region,
            )
            await create_account(session, None, now, account)
    logins = [(u.email, u.name, ", ".join(r.value for r in u.roles)) for u in users.values()]
    return DemoOrg(logins=logins, accounts=len(COMPANIES), users_by_email=users)
