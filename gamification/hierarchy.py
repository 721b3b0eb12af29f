"""The revenue hierarchy of needs: the levels a sale climbs, and the activity kinds on each.

Five levels a sale climbs (TARGET → EXPAND) and two that span them (MANAGE,
DEVELOP). Activity kinds are data (OPS adds their own); the standard ones below
are what a new organisation starts with and what the migration seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import auto

from gamification.enums import NamedEnum


class Level(NamedEnum):
    """Where on the hierarchy an activity or a metric sits."""

    TARGET = auto()  # who to sell to and why: lists, leads, qualification
    ENGAGE = auto()  # when and how: calls, emails, contacts, transfers
    PERSUADE = auto()  # why buy, why us: ROI demos, messaging, content
    CLOSE = auto()  # referrals, quotes, contracts, closing
    EXPAND = auto()  # sell more, again: cross-sell, up-sell, renewals, engagement
    MANAGE = auto()  # management, forecasting, analytics
    DEVELOP = auto()  # development, coaching, onboarding, motivation


@dataclass(frozen=True, slots=True)
class KindSpec:
    """An activity kind: its key (``DIAL``), level, name and whether it is worked time.

    ``recordable`` is False for kinds only the quote workflow and slippage
    detection write ("sales are not typed twice").
    """

    key: str
    level: Level
    name: str
    worked_time: bool = False
    recordable: bool = True


def _kind(key: str, level: Level, name: str) -> KindSpec:
    return KindSpec(key, level, name)


def _workflow(key: str, level: Level, name: str) -> KindSpec:
    return KindSpec(key, level, name, recordable=False)


STANDARD_KINDS: tuple[KindSpec, ...] = (
    _kind("LIST_BUILT", Level.TARGET, "List built"),
    _kind("LEAD", Level.TARGET, "Lead"),
    _kind("DIAL", Level.ENGAGE, "Call dialled"),
    _kind("CONTACT", Level.ENGAGE, "Contact made"),
    _kind("EMAIL", Level.ENGAGE, "Email sent"),
    _kind("TRANSFER", Level.ENGAGE, "Call transferred"),
    _kind("ROI_DEMO", Level.PERSUADE, "ROI tool demo"),
    _kind("ROLE_MESSAGING", Level.PERSUADE, "Role-based messaging"),
    _kind("CONTENT_SHARED", Level.PERSUADE, "Case study or white paper shared"),
    _kind("REFERRAL", Level.CLOSE, "Referral"),
    _kind("CONTRACT_SENT", Level.CLOSE, "Contract sent for signature"),
    _kind("CROSS_SELL", Level.EXPAND, "Cross-sell"),
    _kind("UP_SELL", Level.EXPAND, "Up-sell"),
    _kind("RENEWAL", Level.EXPAND, "Renewal"),
    _kind("CUSTOMER_ENGAGEMENT", Level.EXPAND, "Customer engagement"),
    _kind("TRAINING_COMPLETED", Level.DEVELOP, "Training completed"),
    _kind("COACHING_SESSION", Level.DEVELOP, "Coaching session"),
    _kind("CRM_CONTACT_ENTERED", Level.MANAGE, "Contact entered in the CRM"),
    _kind("CRM_EMAIL_SENT", Level.MANAGE, "Email sent from the CRM"),
    KindSpec("SHIFT", Level.MANAGE, "Worked time", worked_time=True),
    _workflow("QUOTE_GENERATED", Level.CLOSE, "Quote generated"),
    _workflow("QUOTE_SENT", Level.CLOSE, "Quote sent"),
    _workflow("QUOTE_ACCEPTED", Level.CLOSE, "Quote accepted"),
    _workflow("SALE", Level.CLOSE, "Sale won"),
    _workflow("SLIPPAGE", Level.MANAGE, "Close date slipped to a later quarter"),
)
"""The kinds every organisation starts with (seeded by migration 0012)."""

STANDARD_BY_KEY: dict[str, KindSpec] = {k.key: k for k in STANDARD_KINDS}
