"""Small builders for approvals tests: a quote, a line, an org chart, a rule.

Defaults describe an unremarkable quote (no discount, healthy margin,
standard terms) so each test states only what its rule is about.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from approvals import (
    ApprovalMode,
    Condition,
    DelegationFact,
    Directory,
    LineFacts,
    ManagerApprover,
    QuoteFacts,
    RoleApprover,
    Rule,
    UserFact,
)
from approvals.rules import ApproverSpec

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DIRECT_MANAGER = ManagerApprover(1)
DAY = timedelta(days=1)


def d(value: str | int) -> Decimal:
    """A Decimal from a literal, so tests read like the numbers they mean."""
    return Decimal(str(value))


def line(
    line_id: str = "L1",
    *,
    product: str = "P-CRM",
    family: str = "SOFTWARE",
    discount: str = "0",
    net: str = "100",
    floor: str | None = None,
    qty: str = "1",
) -> LineFacts:
    return LineFacts(
        line_id=line_id,
        product_id=product,
        family=family,
        discount_pct=d(discount),
        net_unit_price=d(net),
        floor_price=d(floor) if floor is not None else None,
        quantity=d(qty),
    )


def quote(
    *lines: LineFacts,
    owner: str = "rep",
    currency: str = "USD",
    total_net: str = "1000",
    total_list: str = "1000",
    total_discount: str = "0",
    margin: str | None = "40",
    segment: str = "SMB",
    non_standard: bool = False,
    clauses_hash: str = "",
    breaches: tuple[str, ...] = (),
) -> QuoteFacts:
    return QuoteFacts(
        quote_id="Q1",
        owner_id=owner,
        currency=currency,
        total_net=d(total_net),
        total_list=d(total_list),
        total_discount_pct=d(total_discount),
        margin_pct=d(margin) if margin is not None else None,
        segment=segment,
        lines=lines or (line(),),
        has_non_standard_clauses=non_standard,
        clauses_hash=clauses_hash,
        breach_codes=breaches,
    )


def org(
    *extra: UserFact, delegations: tuple[DelegationFact, ...] = (), authority: str = "10"
) -> Directory:
    """rep -> mgr -> vp -> cro; two finance approvers, one lawyer, one deal desk."""
    users = {
        u.user_id: u
        for u in (
            UserFact("rep", ("REP",), "mgr", True, d(authority)),
            UserFact("mgr", ("MANAGER",), "vp"),
            UserFact("vp", ("MANAGER", "VP"), "cro"),
            UserFact("cro", ("VP",), None),
            UserFact("fin1", ("FINANCE",), "cfo"),
            UserFact("fin2", ("FINANCE",), "cfo"),
            UserFact("cfo", ("FINANCE_LEAD",), None),
            UserFact("legal1", ("LEGAL",), None),
            UserFact("desk", ("DEAL_DESK",), "cfo"),
        )
    }
    users.update({u.user_id: u for u in extra})
    return Directory(tuple(users.values()), delegations)


def rule(
    rule_id: str,
    *conditions: Condition,
    level: int = 1,
    level_name: str | None = None,
    approver: ApproverSpec = DIRECT_MANAGER,
    mode: ApprovalMode = ApprovalMode.ANY,
    active: bool = True,
) -> Rule:
    return Rule(
        rule_id=rule_id,
        name=f"rule {rule_id}",
        level=level,
        level_name=level_name or f"L{level}",
        conditions=conditions,
        approver=approver,
        mode=mode,
        active=active,
    )


def all_of_finance(
    rule_id: str, condition: Condition, level: int, level_name: str | None = None
) -> Rule:
    """A rule every member of the FINANCE role must approve."""
    return rule(
        rule_id,
        condition,
        level=level,
        level_name=level_name,
        approver=RoleApprover("FINANCE"),
        mode=ApprovalMode.ALL,
    )
