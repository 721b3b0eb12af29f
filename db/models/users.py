"""Users of the sales org, their roles and the manager → team hierarchy."""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import ARRAY, CheckConstraint, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import PERCENT, pg_enum


class Role(enum.Enum):
    REP = "REP"
    MANAGER = "MANAGER"
    OPS = "OPS"
    FINANCE = "FINANCE"
    ADMIN = "ADMIN"


class User(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
        CheckConstraint("cardinality(roles) > 0", name="has_role"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("position('@' in email) > 1", name="email_shape"),
    )

    email: Mapped[str] = mapped_column(String(320), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    roles: Mapped[list[Role]] = mapped_column(ARRAY(pg_enum(Role, "role")), nullable=False)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(nullable=False, default=True, server_default="true")
    # The discount a rep may give without approval; null means the house default.
    discount_authority_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    # The IANA zone the rep's KPI days are read in (services check the name).
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False, server_default="UTC")
    email_approvals: Mapped[bool] = mapped_column(nullable=False, server_default="true")
    """Approval requests reach this user by email too (``setEmailApprovals``)."""

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)


Index("uq_users_email_lower", func.lower(User.email), unique=True)
