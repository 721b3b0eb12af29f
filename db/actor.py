"""Who is asking, and what their roles let them see.

The rules here are the single source for record-level visibility: every
resolver and node lookup asks the viewer instead of re-deriving them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from db.models.users import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    roles: frozenset[Role]
    # Everyone reporting to this user, directly or not; loaded once per request.
    team_ids: frozenset[int] = field(default_factory=frozenset)

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles)) or Role.ADMIN in self.roles

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.roles

    def sees_all_sales_records(self) -> bool:
        """Back-office roles see every rep's records; reps and managers do not."""
        return self.has_any(Role.OPS, Role.FINANCE)

    def may_see_owner(self, owner_id: int) -> bool:
        """A rep sees their own records, a manager their team's, back office all."""
        return (
            owner_id == self.user_id
            or self.sees_all_sales_records()
            or (self.is_manager and owner_id in self.team_ids)
        )

    def visible_owner_ids(self) -> frozenset[int] | None:
        """Owner ids this viewer may see, or ``None`` when unrestricted."""
        if self.sees_all_sales_records():
            return None
        return frozenset({self.user_id}) | (self.team_ids if self.is_manager else frozenset())
