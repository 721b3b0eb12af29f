"""Who may approve: users, roles, the reporting hierarchy and delegations.

The resolver loads this snapshot from the database; the engine only reads
it. Lookups are plain functions over an index built once per call, so a
plan is computed in time linear in the directory size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class UserFact:
    """A user as approvals need them.

    ``discount_authority_pct`` is how much discount this user may give on
    their own quotes without anybody's approval (for example 10 %).
    """

    user_id: str
    roles: tuple[str, ...] = ()
    manager_id: str | None = None
    active: bool = True
    discount_authority_pct: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class DelegationFact:
    """``user_id`` is out of office and ``delegate_id`` acts for them.

    The window is half-open, ``[start, end)``, so back-to-back delegations
    never overlap at the hand-over instant.
    """

    user_id: str
    delegate_id: str
    start: datetime
    end: datetime

    def active_at(self, now: datetime) -> bool:
        """Whether the delegation is in force at ``now``."""
        return self.start <= now < self.end


@dataclass(frozen=True, slots=True)
class Directory:
    """A snapshot of users and delegations taken when the plan is built."""

    users: tuple[UserFact, ...] = ()
    delegations: tuple[DelegationFact, ...] = ()


def index_users(directory: Directory) -> dict[str, UserFact]:
    """Users by id; with duplicate ids the last one wins, as in a dict."""
    return {user.user_id: user for user in directory.users}


def manager_up(users: Mapping[str, UserFact], user_id: str, levels_up: int) -> str | None:
    """The id ``levels_up`` steps up the hierarchy from ``user_id``.

    Returns ``None`` when the chain ends early (no manager at that level).
    The walk follows the hierarchy as recorded, active or not; whether the
    user reached is fit to approve is the caller's question.
    """
    current: str | None = user_id
    for _ in range(levels_up):
        user = users.get(current) if current is not None else None
        current = user.manager_id if user is not None else None
        if current is None:
            return None
    return current


def active_users_with_role(users: Mapping[str, UserFact], role: str) -> tuple[str, ...]:
    """Ids of active users holding ``role``, sorted so plans are stable."""
    return tuple(sorted(u.user_id for u in users.values() if u.active and role in u.roles))


def delegates_at(
    directory: Directory,
    users: Mapping[str, UserFact],
    user_id: str,
    now: datetime,
    excluded: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """Active delegates acting for ``user_id`` at ``now``, sorted.

    Delegation is one hop: a delegate who is away too does not pass the
    request on, which keeps "who acted for whom" short and auditable.
    Inactive delegates and ``excluded`` ids (the quote owner) are dropped.
    """
    found = {
        d.delegate_id
        for d in directory.delegations
        if d.user_id == user_id and d.active_at(now) and d.delegate_id != user_id
    }
    return tuple(
        sorted(
            delegate
            for delegate in found
            if delegate not in excluded
            and (user := users.get(delegate)) is not None
            and user.active
        )
    )
